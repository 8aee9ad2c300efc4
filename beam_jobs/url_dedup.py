"""URL dedup in Beam: one page per normalized URL, the newest (`filters.url_dedup`).

A GroupByKey, not a CombinePerKey: nearly every URL is unique, so combining before the
shuffle saves nothing, and Beam's pre-combine table would hold up to 100,000 pages per
worker until its bundle ends (on Flink a bundle is a whole partition), then send them
to the runner in one burst.
"""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from beam_jobs.packed import pack, unpack
from c4pipe.counters.names import FUNNEL, count_stage
from filters import url_dedup
from filters.url_dedup import UrlDedupKey


def keyed_by_url(parsed) -> tuple:
    """ParsedPage -> (normalized URL, (URL dedup key, packed page)): what the URL-dedup
    shuffle moves. The file stage makes it where it parses the page, so the pickling runs
    in parallel there, and the steps before the shuffle only copy bytes."""
    return parsed.page.normalized_url, (tuple(parsed.url_dedup_key()), pack(parsed))


def url_of(keyed) -> str:
    """The page's URL, from `keyed_by_url`'s form."""
    return UrlDedupKey(*keyed[1][0]).url


def newest(keyed_pages) -> tuple:
    """(dedup key, packed ParsedPage) of a URL's pages -> (the newest's blob, how many pages)."""
    best_key, best, seen = None, None, 0
    for key, blob in keyed_pages:
        if best_key is None or url_dedup.prefer(UrlDedupKey(*key), UrlDedupKey(*best_key)):
            best_key, best = key, blob
        seen += 1
    return best, seen


class _KeepNewest(beam.DoFn):
    def setup(self):
        self.count = BeamCount(url_dedup.COUNTER_NAMESPACE)
        self.count_funnel = BeamCount(FUNNEL)

    def process(self, grouped):
        blob, seen = newest(grouped[1])
        parsed = unpack(blob)
        self.count("filtered", seen - 1)
        self.count("passed")
        count_stage(self.count_funnel, "url_dedup", parsed.raw_chars)
        yield parsed


class KeepNewestPerUrl(beam.PTransform):
    """`keyed_by_url` pages -> ParsedPage: one page per normalized URL, the newest.

    The key is a plain tuple and the page is bytes (`beam_jobs.packed`), so the
    shuffle moves them without unpickling a page.
    """

    def expand(self, keyed_pages):
        return (
            keyed_pages
            | "GroupByUrl" >> beam.GroupByKey()
            | "NewestPerUrl" >> beam.ParDo(_KeepNewest())
        )
