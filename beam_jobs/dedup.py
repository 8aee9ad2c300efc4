"""Corpus-wide deduplication as a real distributed computation.

Both modes work the same way: each page offers the keys of its distinct units (lines, or
three-sentence windows; a page's sentences were split in the file stage and their packed
offsets travel with it) tagged with its page id (md5 of its URL); per key, the page with
the smallest id keeps the unit; each page gets back the keys it keeps and drops every
unit it does not keep (see `filters.line_dedup`, `filters.span_dedup`).

The offers travel as packed rows (`c4pipe.dedup.unit_votes`): each URL bucket's task
(`beam_jobs.url_dedup`) sends one blob per hash bucket of the unit key, the vote is a
sort per bucket, and the kept rows go back as one blob per bucket of the page id. The
pages travel the same way, one blob per page bucket. A shuffle moves a few hundred
blobs, not one record per unit or page: a local runner decodes every shuffled element
in one process, so records per unit would be a serial part that no number of workers
speeds up. A unit shared by millions of pages costs a 32-byte row per page, never a list.

Pages then meet their bucket's kept rows: in a CoGroupByKey on clusters, or, on Beam's
local runner, grouped by bucket with the kept rows as a multimap side input (see
`Deduplicate`).
"""

from __future__ import annotations

import collections
from typing import Iterable

import apache_beam as beam

from beam_jobs.local_pool import PooledDoFn, Task
from beam_jobs.packed import pack, raw, unpack
from beam_jobs.report_data import DOMAINS, REJECTS
from beam_jobs.write_shards import Finish
from c4pipe.counters.names import DEDUP_JOIN
from c4pipe.dedup import unit_votes
from c4pipe.recipes import Recipe
from c4pipe.stages import page_steps
from c4pipe.stages.file_stage import ParsedPage
from c4pipe.text import sentence_offsets
from filters import line_dedup, span_dedup
from filters.urls import page_id


def _count_sentences(text: str, limit: int) -> int:
    from c4pipe.text.sentences import count_sentences

    return count_sentences(text, limit)


UNITS = "units"
"""The tag of the unit offers: (unit bucket, blob of (key, page id) rows)."""


def offer(survivors: Iterable[ParsedPage], recipe: Recipe, buckets: int, recorder) -> tuple[list, list]:
    """A URL bucket's survivors -> (page blobs, unit blobs): (page bucket, packed
    [(page id, page, sentence offsets)]) and (unit bucket, blob of (key, page id) rows),
    one per non-empty bucket. The unit keys come with the page (`ParsedPage.unit_keys`,
    computed in the file stage)."""
    by_normalized_url = recipe.dedup_keeper == "normalized_url"
    count = recorder.count(DEDUP_JOIN)
    rows = unit_votes.RowBuffer()
    pages = collections.defaultdict(list)
    for parsed in survivors:
        page = parsed.page
        pid = page_id(page.normalized_url if by_normalized_url else page.url)
        pages[unit_votes.page_bucket(pid, buckets)].append((pid, page, parsed.sentence_offsets))
        count("pages_sent")
        count("units_offered", rows.add(pid, (parsed.unit_keys,)))
    page_blobs = [(bucket, pack(pages[bucket])) for bucket in sorted(pages)]
    return page_blobs, list(rows.take_by_unit_bucket(buckets))


class VoteTask(Task):
    """(unit bucket, blobs) -> (page bucket, blob of kept rows): the smallest page id per key."""

    def __init__(self, buckets: int):
        self.buckets = buckets

    def to_pool(self, grouped):
        bucket, blobs = grouped
        return bucket, list(blobs)

    def run(self, grouped, recorder):
        _, blobs = grouped
        count = recorder.count(DEDUP_JOIN)
        rows = unit_votes.from_blobs(raw(blob) for blob in blobs)
        kept = unit_votes.keepers(rows)
        count("units_counted", len(rows))
        count("kept_sent", len(kept))
        for page_bucket_rows in unit_votes.split_by_page(kept, self.buckets):
            yield None, page_bucket_rows


class RemoveDuplicatesTask(Task):
    """A page bucket and its kept rows -> its pages with duplicates removed, then run
    through `steps` (`c4pipe.stages.page_steps`: English, bad words), sent on by `finish`."""

    def __init__(self, recipe: Recipe, steps: tuple, finish: Finish):
        self.mode, self.span, self.min_sentences = recipe.dedup, recipe.span_sentences, recipe.min_sentences
        self.ascii_lowercase, self.local_duplicates = recipe.dedup_ascii_lowercase, recipe.dedup_local_duplicates
        self.namespace = line_dedup.COUNTER_NAMESPACE if self.mode == "lines" else span_dedup.COUNTER_NAMESPACE
        self.steps, self.finish = steps, finish

    def setup(self):
        page_steps.setup_all(self.steps)

    def prepare(self, grouped, kept_blobs=None):
        """(bucket, page blobs) with the kept rows as a multimap side input, or, after a
        CoGroupByKey, (bucket, {"page": page blobs, "kept": blobs})."""
        bucket, pages = grouped
        if kept_blobs is None:
            return pages["page"], pages["kept"]
        return pages, kept_blobs[bucket]  # [] when none

    def to_pool(self, work):
        pages, blobs = work
        return list(pages), list(blobs)

    def run(self, work, recorder):
        page_blobs, blobs = work
        count_join = recorder.count(DEDUP_JOIN)
        kept_rows = unit_votes.from_blobs(raw(blob) for blob in blobs)
        count_join("kept_received", len(kept_rows))
        kept_by_page = unit_votes.keys_per_page(kept_rows)

        def deduplicated():
            for page_blob in page_blobs:
                for pid, page, offsets in unpack(page_blob):
                    count_join("pages_received")
                    page = self._remove(page, offsets, kept_by_page.get(pid, ()), recorder)
                    if page is not None:
                        yield page

        yield from self.finish.outputs(page_steps.run_steps(self.steps, deduplicated(), recorder))

    def _remove(self, page, offsets, kept_keys, recorder):
        count = recorder.count(self.namespace)
        on_reject = lambda rule, text, url=page.url: recorder.reject(f"{self.namespace}:{rule}", url, text)  # noqa: E731
        if self.mode == "lines":
            text = line_dedup.remove_duplicate_lines(
                page.text, kept_keys, _count_sentences, count, self.min_sentences,
                on_reject=on_reject, ascii_lowercase=self.ascii_lowercase, local_duplicates=self.local_duplicates,
            )
        else:
            split = sentence_offsets.splitter(page.text, offsets)
            text = span_dedup.remove_duplicate_spans(
                page.text, kept_keys, split, count, self.span, self.min_sentences, on_reject=on_reject
            )
        return None if text is None else page._replace(text=text)


JOINS = ("cogroup", "side_input")


class Deduplicate(beam.PTransform):
    def __init__(self, recipe: Recipe, buckets: int, finish: Finish, join: str = "cogroup", steps: tuple = ()):
        """`steps`: what each surviving page goes through next (`c4pipe.stages.page_steps`),
        in the same task; `finish` then sends it on. `buckets`: hash buckets per shuffle
        (`unit_votes.bucket_count`); any number gives the same output.

        `join`: how pages meet their kept rows; both give the same output.
        "cogroup" (clusters): a CoGroupByKey per page bucket; it scales with the
        shuffle, where a side input would be broadcast whole to every worker on
        some runners (Flink). "side_input" (Beam's local runner): pages grouped by
        bucket, each group fetching its bucket from a multimap side input; the
        local runner materializes a CoGroupByKey's Flatten, a whole extra copy of
        every page.
        """
        super().__init__()
        if join not in JOINS:
            raise ValueError(f"join must be one of {JOINS}, not {join!r}")
        self.recipe, self.buckets, self.join, self.steps, self.finish = recipe, buckets, join, tuple(steps), finish

    def expand(self, offers):
        """(page blobs, unit blobs), as `offer` makes them -> `finish`'s outputs: part batches,
        and DOMAINS and REJECTS."""
        page_blobs, unit_blobs = offers
        kept = (
            unit_blobs
            | "GroupUnitBuckets" >> beam.GroupByKey()
            | "VoteInBucket" >> beam.ParDo(PooledDoFn(VoteTask(self.buckets)))
        )
        remove = PooledDoFn(RemoveDuplicatesTask(self.recipe, self.steps, self.finish), REJECTS)
        if self.join == "side_input":
            grouped = page_blobs | "GroupPageBuckets" >> beam.GroupByKey()
            remove_pardo = beam.ParDo(remove, beam.pvalue.AsMultiMap(kept))
        else:
            grouped = {"page": page_blobs, "kept": kept} | "JoinKeptUnits" >> beam.CoGroupByKey()
            remove_pardo = beam.ParDo(remove)
        return grouped | "RemoveDuplicates" >> remove_pardo.with_outputs(DOMAINS, REJECTS, main="pages")
