"""Corpus-wide deduplication as a real distributed computation.

Both modes work the same way: each page offers the keys of its units (lines, or
three-sentence windows; a page's sentences were split in the file stage and their packed
offsets travel with it to both sides of the join) tagged with its page id (md5 of its
URL); a combiner keeps, per key, the smallest page id (and a count of offers, to balance
the shuffle), so even a key shared by millions of pages never builds a list; each key is
sent back to its keeper page with a CoGroupByKey, and the page drops every unit it does
not keep (see `filters.line_dedup`, `filters.span_dedup`).
"""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from beam_jobs.observe import REJECTS, SamplingDoFn
from c4pipe import sentence_offsets
from c4pipe.recipes import Recipe
from c4pipe.urls import page_id
from filters import line_dedup, span_dedup


def _count_sentences(text: str, limit: int) -> int:
    from c4pipe.sentences import count_sentences

    return count_sentences(text, limit)


JOIN_NAMESPACE = "dedup-join"
"""Rows into and out of each shuffle of the join, so a runner that loses rows is caught:
units_offered = units_counted, kept_sent = kept_received, pages_sent = pages_received
(see `beam_jobs.pipeline.shuffle_balance`)."""


class _UnitKeys(beam.DoFn):
    """(page id, page) -> (unit key, page id) for each distinct unit of the page."""

    def __init__(self, recipe: Recipe):
        self.mode, self.span, self.ascii_lowercase = recipe.dedup, recipe.span_sentences, recipe.dedup_ascii_lowercase

    def setup(self):
        self.count = BeamCount(JOIN_NAMESPACE)

    def process(self, keyed_page):
        pid, (page, offsets) = keyed_page
        if self.mode == "lines":
            keys = line_dedup.line_keys(page.text, self.ascii_lowercase)
        else:
            keys = span_dedup.span_keys(page.text, sentence_offsets.splitter(page.text, offsets), self.span)
        self.count("pages_sent")
        self.count("units_offered", len(keys))
        for key in keys:
            yield key, pid


class _Keeper(beam.CombineFn):
    """(smallest page id, how many pages offered the unit): the count balances the shuffle."""

    def create_accumulator(self):
        return None, 0

    def add_input(self, accumulator, pid):
        keeper, n = accumulator
        return (pid if keeper is None or pid < keeper else keeper), n + 1

    def merge_accumulators(self, accumulators):
        keeper, total = None, 0
        for pid, n in accumulators:
            if pid is not None and (keeper is None or pid < keeper):
                keeper = pid
            total += n
        return keeper, total

    def extract_output(self, accumulator):
        return accumulator


class _ToKeeper(beam.DoFn):
    def setup(self):
        self.count = BeamCount(JOIN_NAMESPACE)

    def process(self, keyed):
        key, (keeper, offered) = keyed
        self.count("units_counted", offered)
        self.count("kept_sent")
        yield keeper, key


class _RemoveDuplicates(SamplingDoFn):
    def __init__(self, recipe: Recipe):
        self.mode, self.span, self.min_sentences = recipe.dedup, recipe.span_sentences, recipe.min_sentences
        self.ascii_lowercase, self.local_duplicates = recipe.dedup_ascii_lowercase, recipe.dedup_local_duplicates

    def setup(self):
        namespace = line_dedup.COUNTER_NAMESPACE if self.mode == "lines" else span_dedup.COUNTER_NAMESPACE
        self.count = BeamCount(namespace)
        self.count_join = BeamCount(JOIN_NAMESPACE)
        self.namespace = namespace

    def process(self, joined):
        _, groups = joined
        pages, kept_keys = list(groups["page"]), list(groups["kept"])
        self.count_join("pages_received", len(pages))
        self.count_join("kept_received", len(kept_keys))
        for page, offsets in pages:  # exactly one: page ids are md5s of unique URLs
            on_reject = lambda rule, text, url=page.url: self.reject(f"{self.namespace}:{rule}", url, text)  # noqa: E731
            if self.mode == "lines":
                text = line_dedup.remove_duplicate_lines(
                    page.text, kept_keys, _count_sentences, self.count, self.min_sentences,
                    on_reject=on_reject, ascii_lowercase=self.ascii_lowercase, local_duplicates=self.local_duplicates,
                )
            else:
                split = sentence_offsets.splitter(page.text, offsets)
                text = span_dedup.remove_duplicate_spans(
                    page.text, kept_keys, split, self.count, self.span, self.min_sentences, on_reject=on_reject
                )
            if text is not None:
                yield page._replace(text=text)


class Deduplicate(beam.PTransform):
    def __init__(self, recipe: Recipe):
        super().__init__()
        self.recipe = recipe

    def expand(self, cleaned):
        """ParsedPage (clean_page's survivors) -> Page."""
        by_normalized_url = self.recipe.dedup_keeper == "normalized_url"
        keyed = cleaned | "KeyByPageId" >> beam.Map(
            lambda parsed: (
                page_id(parsed.page.normalized_url if by_normalized_url else parsed.page.url),
                (parsed.page, parsed.sentence_offsets),
            )
        )
        kept = (
            keyed
            | "UnitKeys" >> beam.ParDo(_UnitKeys(self.recipe))
            | "KeeperPerUnit" >> beam.CombinePerKey(_Keeper())
            | "ToKeeper" >> beam.ParDo(_ToKeeper())
        )
        return (
            {"page": keyed, "kept": kept}
            | "JoinKeptUnits" >> beam.CoGroupByKey()
            | "RemoveDuplicates" >> beam.ParDo(_RemoveDuplicates(self.recipe)).with_outputs(REJECTS, main="pages")
        )
