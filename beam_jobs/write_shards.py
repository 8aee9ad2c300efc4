"""Assigning pages to splits and shards, and writing every shard, empty ones too."""

from __future__ import annotations

from typing import Optional

import apache_beam as beam

from beam_jobs.local_pool import PooledDoFn, Task, live_recorder
from beam_jobs.packed import pack, unpack
from c4pipe.counters import names
from c4pipe.counters.names import count_stage, length_bucket
from c4pipe.io import outputs
from c4pipe.tokens.tokenize import TOKENIZED_DIR, write_tokenized_shard
from c4pipe.tokens.tokenized_shards import empty_stats, merge_stats, write_info
from filters.page import Page
from filters.urls import is_validation, shard_of

WRITTEN = "written"  # the shard keys WriteShardTask wrote, so the empty ones can be written too


def shard_key(page: Page, train_shards: int, validation_modulus: int) -> tuple[str, int]:
    split = "validation" if is_validation(page.normalized_url, validation_modulus) else "train"
    return split, shard_of(page.url, outputs.num_shards_for(split, train_shards))


class WriteShardTask(Task):
    """(shard key, packed pages) -> the shard's files; outputs its key on WRITTEN and,
    with a SentencePiece model, (split, token stats)."""

    def __init__(self, output_dir: str, formats: tuple, train_shards: int, spm_model: Optional[bytes]):
        self.output_dir, self.formats, self.train_shards = output_dir, formats, train_shards
        self.spm_model = spm_model

    def to_pool(self, grouped):
        shard, packed_pages = grouped
        return shard, list(packed_pages)

    def run(self, grouped, recorder):
        (split, index), packed_pages = grouped
        yield WRITTEN, (split, index)
        yield from self.write(split, index, outputs.sort_pages(unpack(blob) for blob in packed_pages), recorder)

    def write(self, split: str, index: int, pages: list, recorder):
        num_shards = outputs.num_shards_for(split, self.train_shards)
        outputs.write_shard(self.output_dir, self.formats, split, index, num_shards, pages)
        count = recorder.count(names.OUTPUT)
        count(f"pages:{split}", len(pages))
        count("shards")
        count_funnel, count_histogram = recorder.count(names.FUNNEL), recorder.count(names.HISTOGRAM)
        for page in pages:
            count_stage(count_funnel, "written", len(page.text))
            count_histogram(f"chars_after:{length_bucket(len(page.text))}")
        if self.spm_model is not None:
            texts = [page.text for page in pages]
            stats = write_tokenized_shard(self.tokenized_dir, split, index, num_shards, texts, self.spm_model)
            yield None, (split, stats)

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
            for _, stats in self.write.write(*shard, [], self.recorder):
                yield stats


class WriteShards(beam.PTransform):
    """Writes every shard; with `spm_model` (the model file's bytes) also tokenized shards."""

    def __init__(
        self, output_dir: str, formats: tuple, train_shards: int, validation_modulus: int,
        spm_model: Optional[bytes] = None,
    ):
        super().__init__()
        self.output_dir, self.formats = output_dir, formats
        self.train_shards, self.validation_modulus = train_shards, validation_modulus
        self.spm_model = spm_model

    def expand(self, pages):
        train_shards, modulus = self.train_shards, self.validation_modulus
        every_shard = [
            (split, index)
            for split in outputs.SPLITS
            for index in range(outputs.num_shards_for(split, train_shards))
        ]
        keyed = pages | "KeyByShard" >> beam.Map(lambda page: (shard_key(page, train_shards, modulus), pack(page)))
        write = WriteShardTask(self.output_dir, self.formats, train_shards, self.spm_model)
        written = (
            keyed
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.ParDo(PooledDoFn(write)).with_outputs(WRITTEN, main="stats")
        )
        empty_stats = (
            pages.pipeline
            | "EveryShard" >> beam.Create(every_shard)
            | "WriteEmptyShards" >> beam.ParDo(_WriteEmptyShard(write), beam.pvalue.AsList(written[WRITTEN]))
        )
        shard_stats = (written.stats, empty_stats) | "AllShardStats" >> beam.Flatten()
        if self.spm_model is None:
            return shard_stats
        tokenized_dir = write.tokenized_dir

        def write_split_info(split_stats):
            split, stats = split_stats
            write_info(tokenized_dir, split, outputs.num_shards_for(split, train_shards), stats)

        return (
            shard_stats
            | "StatsPerSplit" >> beam.CombinePerKey(_merge_all_stats)
            | "WriteTokenizedInfo" >> beam.Map(write_split_info)
        )


def _merge_all_stats(stats_list) -> dict:
    total = empty_stats()
    for stats in stats_list:
        total = merge_stats(total, stats)
    return total
