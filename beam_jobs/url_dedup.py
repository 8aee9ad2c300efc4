"""URL dedup in Beam, with everything up to the dedup offers, per hash bucket of the
normalized URL (`c4pipe.stages.url_stage`).

A file task sends its pages as one blob per URL bucket (`by_url_bucket`). A bucket's
blobs from every file meet in a GroupByKey, and one task per bucket, pooled on a local
run, does the URL stage and what follows it: with dedup, it offers the survivors' unit
keys and sends them on as page-bucket blobs (`beam_jobs.dedup.offer`); without, it runs
the page steps and sends the pages to be written (`beam_jobs.write_shards.Finish`).
Per-page elements would be a serial part on Beam's local runner, which decodes every
shuffled element in its one process; here a shuffle moves a few blobs per file and
bucket.

A GroupByKey, not a CombinePerKey: nearly every URL is unique, so combining before the
shuffle would save nothing. With URL lists (recipe `webtextlike`) the lists are read in
the pipeline and join the pages per bucket (a CoGroupByKey), never collected in the
driver: OpenWebText's lists hold millions of URLs.
"""

from __future__ import annotations

import collections
from typing import Iterable, Optional

import apache_beam as beam

from beam_jobs.dedup import UNITS, offer
from beam_jobs.local_pool import PooledDoFn, Task
from beam_jobs.packed import pack, unpack
from beam_jobs.report_data import DOMAINS, REJECTS, domain_tables
from beam_jobs.write_shards import Finish
from c4pipe.counters import domains
from c4pipe.recipes import Recipe
from c4pipe.stages import file_stage, page_steps, url_stage
from c4pipe.stages.file_stage import ParsedPage
from filters.urls import normalize_url


def by_url_bucket(parsed_pages: Iterable[ParsedPage], buckets: int) -> list[tuple[int, bytes]]:
    """(URL bucket, packed list of its pages) for each non-empty bucket, in bucket order."""
    grouped = collections.defaultdict(list)
    for parsed in parsed_pages:
        grouped[url_stage.url_bucket(parsed.page.normalized_url, buckets)].append(parsed)
    return [(bucket, pack(grouped[bucket])) for bucket in sorted(grouped)]


class UrlBucketTask(Task):
    """A URL bucket's page blobs (and its listed URLs) -> with dedup, page-bucket blobs
    and, on UNITS, unit offers (`beam_jobs.dedup.offer`); without, its pages through
    `steps`, sent on by `finish`. On DOMAINS, the domain tables of the pages parsed."""

    def __init__(self, recipe: Recipe, buckets: int, finish: Finish, steps: tuple = (),
                 realnews_domains: Optional[dict] = None, with_url_lists: bool = False):
        self.recipe, self.buckets, self.finish, self.steps = recipe, buckets, finish, steps
        self.realnews_domains, self.with_url_lists = realnews_domains, with_url_lists

    def setup(self):
        if self.recipe.dedup == "none":
            page_steps.setup_all(self.steps)

    def prepare(self, grouped):
        """(bucket, page blobs), or, with URL lists, (bucket, {"pages": blobs, "listed": URLs})."""
        _, values = grouped
        if self.with_url_lists:
            return values["pages"], set(values["listed"])
        return values, None

    def to_pool(self, work):
        blobs, listed = work
        return list(blobs), listed

    def run(self, work, recorder):
        blobs, listed = work
        parsed_pages = [parsed for blob in blobs for parsed in unpack(blob)]
        yield from domain_tables((parsed.page.url for parsed in parsed_pages), domains.PARSED, self.buckets)
        survivors = url_stage.process_bucket(
            parsed_pages, recorder, self.realnews_domains, listed, file_stage.page_rule(self.recipe))
        if self.recipe.dedup == "none":
            yield from self.finish.outputs(
                page_steps.run_steps(self.steps, (parsed.page for parsed in survivors), recorder)
            )
            return
        page_blobs, unit_blobs = offer(survivors, self.recipe, self.buckets, recorder)
        for page_blob in page_blobs:
            yield None, page_blob
        for unit_blob in unit_blobs:
            yield UNITS, unit_blob


class DedupUrls(beam.PTransform):
    """`by_url_bucket` blobs -> the URL stage's survivors, as `UrlBucketTask` emits them;
    outputs `pages`, UNITS, DOMAINS and REJECTS."""

    def __init__(self, recipe: Recipe, buckets: int, finish: Finish, steps: tuple = (),
                 realnews_domains: Optional[dict] = None, url_lists: Optional[str] = None):
        """`finish` and `steps`: recipes without dedup (see `UrlBucketTask`).
        `realnews_domains`: recipe url_filter "realnews"; `url_lists`: recipe url_filter
        "webtext", the URL list files (a glob)."""
        super().__init__()
        self.recipe, self.buckets, self.finish, self.steps = recipe, buckets, finish, tuple(steps)
        self.realnews_domains, self.url_lists = realnews_domains, url_lists

    def expand(self, bucket_blobs):
        if self.url_lists is None:
            grouped = bucket_blobs | "GroupByUrlBucket" >> beam.GroupByKey()
        else:
            buckets = self.buckets
            listed = (
                bucket_blobs.pipeline
                | "ReadUrlLists" >> beam.io.ReadFromText(self.url_lists)
                | "NormalizeListed" >> beam.Map(lambda url: normalize_url(url.strip()))
                | "ListedBucket" >> beam.Map(lambda url: (url_stage.url_bucket(url, buckets), url))
            )
            grouped = {"pages": bucket_blobs, "listed": listed} | "JoinUrlLists" >> beam.CoGroupByKey()
        task = UrlBucketTask(
            self.recipe, self.buckets, self.finish, self.steps, self.realnews_domains,
            with_url_lists=self.url_lists is not None,
        )
        return grouped | "UrlStage" >> beam.ParDo(PooledDoFn(task, REJECTS)).with_outputs(
            UNITS, DOMAINS, REJECTS, main="pages"
        )
