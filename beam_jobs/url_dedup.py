"""URL dedup in Beam: one page per normalized URL, the newest (`filters.url_dedup`)."""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from beam_jobs.packed import pack, unpack
from c4pipe.counters.names import FUNNEL, count_stage
from filters import url_dedup
from filters.url_dedup import UrlDedupKey


class _NewestPage(beam.CombineFn):
    """(dedup key, packed ParsedPage, how many pages had this URL): no per-URL lists.

    The key is a plain tuple and the page is bytes (`beam_jobs.packed`), so the
    shuffle moves them without unpickling a page.
    """

    def create_accumulator(self):
        return None, None, 0

    def add_input(self, accumulator, keyed_page):
        key, blob = keyed_page
        return self.merge_accumulators([accumulator, (key, blob, 1)])

    def merge_accumulators(self, accumulators):
        best_key, best, seen = None, None, 0
        for key, blob, n in accumulators:
            if key is not None and (
                best_key is None or url_dedup.prefer(UrlDedupKey(*key), UrlDedupKey(*best_key))
            ):
                best_key, best = key, blob
            seen += n
        return best_key, best, seen

    def extract_output(self, accumulator):
        _, best, seen = accumulator
        return best, seen


class _CountUrlDedup(beam.DoFn):
    def setup(self):
        self.count = BeamCount(url_dedup.COUNTER_NAMESPACE)
        self.count_funnel = BeamCount(FUNNEL)

    def process(self, keyed):
        blob, seen = keyed[1]
        parsed = unpack(blob)
        self.count("filtered", seen - 1)
        self.count("passed")
        count_stage(self.count_funnel, "url_dedup", parsed.raw_chars)
        yield parsed


class KeepNewestPerUrl(beam.PTransform):
    """ParsedPage -> ParsedPage: one page per normalized URL, the newest."""

    def expand(self, parsed_pages):
        return (
            parsed_pages
            | "KeyByNormalizedUrl" >> beam.Map(
                lambda parsed: (parsed.page.normalized_url, (tuple(parsed.url_dedup_key()), pack(parsed)))
            )
            | "NewestPerUrl" >> beam.CombinePerKey(_NewestPage())
            | "CountUrlDedup" >> beam.ParDo(_CountUrlDedup())
        )

