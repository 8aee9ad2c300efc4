"""Assigning pages to splits and shards, and writing every shard, empty ones too.

A shard is big (AllenAI's C4 has 1,024 of them, a few hundred MB each), and a
GroupByKey hands a key's values to one worker as one element: on Flink, one list in a
TaskManager's heap and one message to a Python worker. So a split's pages are grouped
in parts (`c4pipe.io.outputs.part_of`: ranges of the shard order, about one input
file's pages each), each part is sorted and written to a part file, and a shard's
writer streams its parts in order into its files. Memory per worker then does not
grow with the corpus; the part files cost one more write and read of the output.

A shard is a contiguous range of the shard order too (`outputs.shard_of`), and reads
the parts that overlap it, keeping its own pages. How many shards a split gets is
decided once every part is written and every split's size is known
(`outputs.ShardCounts`): mC4's splits get shards in proportion to their size. Pages
arrive in batches already keyed by part (`part_batches`, called by the tasks that finish
pages), so Beam moves a few batches per task, not one element per page.
"""

from __future__ import annotations

import collections
import dataclasses
from contextlib import nullcontext
from typing import Iterable, Iterator, NamedTuple, Optional

import apache_beam as beam

from beam_jobs.local_pool import PooledDoFn, Task, live_recorder
from beam_jobs.packed import pack, unpack
from beam_jobs.report_data import domain_tables
from c4pipe.counters import domains, names
from c4pipe.counters.names import count_stage, length_bucket
from c4pipe.io import outputs
from c4pipe.io.tfds_info import ShardSize, tfds_dir, write_tfds_info
from c4pipe.recipes import Recipe
from c4pipe.tokens.tokenize import TOKENIZED_DIR, TokenizedShardWriter
from c4pipe.tokens.tokenized_shards import empty_stats, merge_stats, write_info
from filters.page import Page

WRITTEN = "written"  # the shard keys WriteShardTask wrote, so the empty ones can be written too


def part_batches(pages: Iterable[Page], layout: outputs.ShardLayout) -> list[tuple[tuple, bytes]]:
    """((split, part), packed list of its pages) per non-empty part, in key order."""
    grouped = collections.defaultdict(list)
    for page in pages:
        grouped[layout.part_key(page)].append(page)
    return [(key, pack(grouped[key])) for key in sorted(grouped)]


@dataclasses.dataclass(frozen=True)
class Finish:
    """What a task sends on for the pages it finished, the pages to be written: their
    part batches (main output, for `WriteShards`) and their domain tables (DOMAINS, for
    the report). `buckets`: the run's bucket count, which sizes the domain shards."""

    layout: outputs.ShardLayout
    buckets: int

    def outputs(self, pages: Iterable[Page]) -> Iterator[tuple]:
        pages = list(pages)
        for batch in part_batches(pages, self.layout):
            yield None, batch
        yield from domain_tables((page.url for page in pages), domains.WRITTEN, self.buckets)


class ShardWritten(NamedTuple):
    """What a shard's writer reports: its TFRecord size (for TFDS's dataset_info) and,
    with a SentencePiece model, its token stats (for seqio's stats.<split>.json)."""

    size: ShardSize
    token_stats: Optional[dict]


class PartWritten(NamedTuple):
    part: int
    path: str
    text_bytes: int  # the UTF-8 size of its pages' texts: what sizes the split's shards


class WritePartTask(Task):
    """((split, part), its page batches) -> the part's file, its pages in shard order;
    outputs (split, PartWritten). `measure`: count the texts' UTF-8 bytes (shard counts
    by size); a fixed shard count needs no such pass over every page."""

    def __init__(self, output_dir: str, measure: bool):
        self.output_dir, self.measure = output_dir, measure

    def to_pool(self, grouped):
        key, batches = grouped
        return key, list(batches)

    def run(self, grouped, recorder):
        (split, part), batches = grouped
        ordered = sorted((page for batch in batches for page in unpack(batch)), key=outputs.shard_order)
        path = outputs.part_path(self.output_dir, split, part)
        outputs.write_part(path, (pack(page) for page in ordered))
        text_bytes = sum(len(page.text.encode("utf-8")) for page in ordered) if self.measure else 0
        yield None, (split, PartWritten(part, path, text_bytes))


def count_shards(split_bytes, counts: outputs.ShardCounts):
    """(split, its text bytes) -> (split, its shard count)."""
    split, text_bytes = split_bytes
    return split, counts.count(split, text_bytes)


def assign_shards(split_part, num_shards: dict, parts: int):
    """(split, PartWritten) -> ((split, shard index, shard count), (part, path)) for each
    shard the part overlaps."""
    split, written = split_part
    count = num_shards[split]
    return [((split, index, count), (written.part, written.path))
            for index in outputs.shards_of_part(written.part, parts, count)]


class WriteShardTask(Task):
    """((split, index, shard count), its parts' (part, path)) -> the shard's files, the
    parts read in order; outputs its key on WRITTEN and a `ShardWritten`."""

    def __init__(self, output_dir: str, formats: tuple, recipe: Recipe, spm_model: Optional[bytes]):
        self.output_dir, self.formats = output_dir, formats
        self.format_dirs, self.layout = {"tfrecord": tfds_dir(recipe)}, recipe.output_layout
        self.spm_model = spm_model

    def to_pool(self, grouped):
        shard, parts = grouped
        return shard, list(parts)

    def run(self, grouped, recorder):
        (split, index, num_shards), parts = grouped
        yield WRITTEN, (split, index, num_shards)
        pages = (unpack(blob) for _, path in sorted(parts) for blob in outputs.read_part(path))
        mine = (page for page in pages if outputs.shard_of(page, num_shards) == index)
        yield None, self.write(split, index, num_shards, mine, recorder)

    def write(self, split: str, index: int, num_shards: int, pages: Iterable[Page], recorder) -> ShardWritten:
        """Writes the shard from `pages`, in shard order, as they stream in."""
        count_funnel, count_histogram = recorder.count(names.FUNNEL), recorder.count(names.HISTOGRAM)
        written = chars = 0
        with outputs.ShardWriter(self.output_dir, self.formats, split, index, num_shards, self.format_dirs,
                                 self.layout) as shard, \
                self.tokenized_writer(split, index, num_shards) as tokens:
            for page in pages:
                shard.add(page)
                if tokens is not None:
                    tokens.add(page.text)
                written += 1
                chars += len(page.text)
                count_stage(count_funnel, "written", len(page.text))
                count_histogram(f"chars_after:{length_bucket(len(page.text))}")
            sizes = shard.commit()
            token_stats = tokens.commit() if tokens is not None else None
        count = recorder.count(names.OUTPUT)
        count(f"pages:{split}", written)
        count(f"chars:{split}", chars)
        count(f"shards:{split}")
        count("shards")
        return ShardWritten(ShardSize(split, index, written, sizes.get("tfrecord", 0)), token_stats)

    def tokenized_writer(self, split: str, index: int, num_shards: int):
        """The shard's tokenized writer, or a null context without a SentencePiece model."""
        if self.spm_model is None:
            return nullcontext()
        return TokenizedShardWriter(self.tokenized_dir, split, index, num_shards, self.spm_model)

    @property
    def tokenized_dir(self) -> str:
        return f"{self.output_dir.rstrip('/')}/{TOKENIZED_DIR}"


class _WriteEmptyShard(beam.DoFn):
    """Shards no page went to, written after the others (their keys are a side input):
    a reader finds the full `-of-N` set."""

    def __init__(self, write: WriteShardTask):
        self.write = write

    def setup(self):
        self.write.setup()
        self.recorder = live_recorder()

    def process(self, shard, written):
        shard = tuple(shard)
        if shard not in set(map(tuple, written)):
            yield self.write.write(*shard, [], self.recorder)


class WriteShards(beam.PTransform):
    """Writes every shard from `part_batches`' batches (any batching gives the same
    files); with `spm_model` (the model file's bytes) also tokenized shards. With
    TFRecords, TFDS's dataset_info.json and features.json once every shard is written.
    `counts` says how many shards each split gets; `parts` must be the parts of the
    batches' `ShardLayout`."""

    def __init__(self, output_dir: str, formats: tuple, counts: outputs.ShardCounts, parts: int, recipe: Recipe,
                 spm_model: Optional[bytes] = None):
        super().__init__()
        self.output_dir, self.formats, self.counts, self.parts = output_dir, formats, counts, parts
        self.recipe, self.spm_model = recipe, spm_model

    def expand(self, batches):
        counts = self.counts
        write = WriteShardTask(self.output_dir, self.formats, self.recipe, self.spm_model)
        parts = (
            batches
            | "GroupParts" >> beam.GroupByKey()
            | "WritePart" >> beam.ParDo(PooledDoFn(WritePartTask(self.output_dir, measure=counts.by_size)))
        )
        always = batches.pipeline | "SplitsAlwaysWritten" >> beam.Create([(split, 0) for split in counts.always()])
        num_shards = (
            (parts | "PartBytes" >> beam.Map(lambda split_part: (split_part[0], split_part[1].text_bytes)), always)
            | "AllSplits" >> beam.Flatten()
            | "SplitBytes" >> beam.CombinePerKey(sum)
            | "ShardCounts" >> beam.Map(count_shards, counts)
        )
        num_shards_by_split = beam.pvalue.AsDict(num_shards)
        written = (
            parts
            | "AssignShards" >> beam.FlatMap(assign_shards, num_shards_by_split, self.parts)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.ParDo(PooledDoFn(write)).with_outputs(WRITTEN, main="shards")
        )
        empty = (
            num_shards
            | "EveryShard" >> beam.FlatMap(lambda split_count: [(split_count[0], i, split_count[1])
                                                                for i in range(split_count[1])])
            | "WriteEmptyShards" >> beam.ParDo(_WriteEmptyShard(write), beam.pvalue.AsList(written[WRITTEN]))
        )
        shards = (written.shards, empty) | "AllShards" >> beam.Flatten()
        if "tfrecord" in self.formats:
            output_dir, recipe = self.output_dir, self.recipe
            _ = (
                shards
                | "TfrecordSizes" >> beam.Map(lambda shard: shard.size)
                | "AllSizes" >> beam.combiners.ToList()
                | "WriteTfdsInfo" >> beam.Map(
                    lambda sizes, counts: write_tfds_info(output_dir, recipe, sizes, dict(sorted(counts.items()))),
                    num_shards_by_split)
            )
        if self.spm_model is not None:
            tokenized_dir = write.tokenized_dir

            def write_split_info(split_stats, shard_counts):
                split, stats = split_stats
                write_info(tokenized_dir, split, shard_counts[split], stats)

            _ = (
                shards
                | "TokenStats" >> beam.Map(lambda shard: (shard.size.split, shard.token_stats))
                | "StatsPerSplit" >> beam.CombinePerKey(_merge_all_stats)
                | "WriteTokenizedInfo" >> beam.Map(write_split_info, num_shards_by_split)
            )
        return shards


def _merge_all_stats(stats_list) -> dict:
    total = empty_stats()
    for stats in stats_list:
        total = merge_stats(total, stats)
    return total
