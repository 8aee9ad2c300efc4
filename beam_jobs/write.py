"""Assigning pages to splits and shards, and writing every shard, empty ones too."""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from beam_jobs.observe import FUNNEL_NAMESPACE, HISTOGRAM_NAMESPACE, count_stage, length_bucket
from c4pipe import outputs
from c4pipe.pages import Page
from c4pipe.urls import is_validation, shard_of

COUNTER_NAMESPACE = "output"


def shard_key(page: Page, train_shards: int, validation_modulus: int) -> tuple[str, int]:
    split = "validation" if is_validation(page.normalized_url, validation_modulus) else "train"
    return split, shard_of(page.url, outputs.num_shards_for(split, train_shards))


class _WriteShard(beam.DoFn):
    def __init__(self, output_dir: str, formats: tuple, train_shards: int):
        self.output_dir, self.formats, self.train_shards = output_dir, formats, train_shards

    def setup(self):
        self.count = BeamCount(COUNTER_NAMESPACE)
        self.count_funnel = BeamCount(FUNNEL_NAMESPACE)
        self.count_histogram = BeamCount(HISTOGRAM_NAMESPACE)

    def process(self, joined):
        (split, index), groups = joined
        pages = outputs.sort_pages(groups["pages"])
        num_shards = outputs.num_shards_for(split, self.train_shards)
        outputs.write_shard(self.output_dir, self.formats, split, index, num_shards, pages)
        self.count(f"pages:{split}", len(pages))
        self.count("shards")
        for page in pages:
            count_stage(self.count_funnel, "written", len(page.text))
            self.count_histogram(f"chars_after:{length_bucket(len(page.text))}")
        yield split, index, len(pages)


class WriteShards(beam.PTransform):
    def __init__(self, output_dir: str, formats: tuple, train_shards: int, validation_modulus: int):
        super().__init__()
        self.output_dir, self.formats = output_dir, formats
        self.train_shards, self.validation_modulus = train_shards, validation_modulus

    def expand(self, pages):
        train_shards, modulus = self.train_shards, self.validation_modulus
        every_shard = [
            (split, index)
            for split in outputs.SPLITS
            for index in range(outputs.num_shards_for(split, train_shards))
        ]
        keyed = pages | "KeyByShard" >> beam.Map(lambda page: (shard_key(page, train_shards, modulus), page))
        slots = (
            pages.pipeline
            | "EveryShard" >> beam.Create(every_shard)
            | "AsSlot" >> beam.Map(lambda key: (key, None))
        )
        return (
            {"pages": keyed, "slot": slots}
            | "GroupShards" >> beam.CoGroupByKey()
            | "WriteShard" >> beam.ParDo(_WriteShard(self.output_dir, self.formats, train_shards))
        )
