"""Assigning pages to splits and shards, and writing every shard, empty ones too."""

from __future__ import annotations

import io
from typing import Optional

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from beam_jobs.observe import FUNNEL_NAMESPACE, HISTOGRAM_NAMESPACE, count_stage, length_bucket
from beam_jobs.packed import pack, unpack
from c4pipe import outputs, tfrecord
from c4pipe.pages import Page
from c4pipe.urls import is_validation, shard_of

COUNTER_NAMESPACE = "output"
WRITTEN = "written"  # the shard keys _WriteShard wrote, so the empty ones can be written too
TOKENIZED_DIR = "tokenized"


def shard_key(page: Page, train_shards: int, validation_modulus: int) -> tuple[str, int]:
    split = "validation" if is_validation(page.normalized_url, validation_modulus) else "train"
    return split, shard_of(page.url, outputs.num_shards_for(split, train_shards))


class _WriteShard(beam.DoFn):
    def __init__(self, output_dir: str, formats: tuple, train_shards: int, spm_model: Optional[bytes]):
        self.output_dir, self.formats, self.train_shards = output_dir, formats, train_shards
        self.spm_model = spm_model

    def setup(self):
        self.count = BeamCount(COUNTER_NAMESPACE)
        self.count_funnel = BeamCount(FUNNEL_NAMESPACE)
        self.count_histogram = BeamCount(HISTOGRAM_NAMESPACE)

    def process(self, grouped):
        (split, index), packed_pages = grouped
        yield beam.pvalue.TaggedOutput(WRITTEN, (split, index))
        yield from self._write(split, index, outputs.sort_pages(unpack(blob) for blob in packed_pages))

    def _write(self, split: str, index: int, pages: list):
        num_shards = outputs.num_shards_for(split, self.train_shards)
        outputs.write_shard(self.output_dir, self.formats, split, index, num_shards, pages)
        self.count(f"pages:{split}", len(pages))
        self.count("shards")
        for page in pages:
            count_stage(self.count_funnel, "written", len(page.text))
            self.count_histogram(f"chars_after:{length_bucket(len(page.text))}")
        if self.spm_model is not None:
            yield split, self._write_tokenized(split, index, num_shards, pages)

    def write_empty(self, shard: tuple, written: list):
        """Every shard exists, empty ones too: a reader finds the full `-of-N` set."""
        if shard not in set(map(tuple, written)):
            yield from self._write(*shard, [])

    def _write_tokenized(self, split: str, index: int, num_shards: int, pages) -> dict:
        """The shard's texts as seqio-cached token ids, in the same order; returns its stats."""
        from c4pipe.tokenize import tokenize_shard_texts
        from c4pipe.tokenized_shards import shard_name

        records, stats = tokenize_shard_texts([p.text for p in pages], self.spm_model, with_stats=True)
        buffer = io.BytesIO()
        tfrecord.write_records(buffer, records)
        path = f"{self.output_dir.rstrip('/')}/{TOKENIZED_DIR}/{shard_name(split, index, num_shards)}"
        outputs.write_atomically(path, buffer.getvalue())
        return stats


class _WriteEmptyShard(beam.DoFn):
    """Shards no page went to, written after the others (their keys are a side input)."""

    def __init__(self, write: _WriteShard):
        self.write = write

    def setup(self):
        self.write.setup()

    def process(self, shard, written):
        yield from self.write.write_empty(tuple(shard), written)


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
        write = _WriteShard(self.output_dir, self.formats, train_shards, self.spm_model)
        written = (
            keyed
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.ParDo(write).with_outputs(WRITTEN, main="stats")
        )
        empty_stats = (
            pages.pipeline
            | "EveryShard" >> beam.Create(every_shard)
            | "WriteEmptyShards" >> beam.ParDo(_WriteEmptyShard(write), beam.pvalue.AsList(written[WRITTEN]))
        )
        shard_stats = (written.stats, empty_stats) | "AllShardStats" >> beam.Flatten()
        if self.spm_model is None:
            return shard_stats
        output_dir = f"{self.output_dir.rstrip('/')}/{TOKENIZED_DIR}"

        def write_info(split_stats):
            from c4pipe.tokenized_shards import info_files

            split, stats = split_stats
            for name, content in info_files(split, outputs.num_shards_for(split, train_shards), stats).items():
                outputs.write_atomically(f"{output_dir}/{name}", content)

        return (
            shard_stats
            | "StatsPerSplit" >> beam.CombinePerKey(_merge_all_stats)
            | "WriteTokenizedInfo" >> beam.Map(write_info)
        )


def _merge_all_stats(stats_list) -> dict:
    from c4pipe.tokenized_shards import empty_stats, merge_stats

    total = empty_stats()
    for stats in stats_list:
        total = merge_stats(total, stats)
    return total
