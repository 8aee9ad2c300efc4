"""The TFRecord output as a prepared TensorFlow Datasets directory, written without TensorFlow.

TFDS reads a prepared dataset from `<data_dir>/c4/<config>/<version>/`: the shards,
named `c4-<split>.tfrecord-<i>-of-<n>` (the names c4pipe writes), plus
`dataset_info.json` (the splits and each shard's number of examples) and
`features.json` (the reference's five Text features). With both written next to the
shards, `tfds.load("c4/en:3.1.0", data_dir=OUTPUT/tfrecord)` and
`tfds.builder_from_directory(...)` read the output as TFDS's own C4 (tested with the
real `tensorflow-datasets`). The config and version come from the recipe; a recipe the
reference does not have (`c4`) names its own config, which `builder_from_directory` reads.
"""

from __future__ import annotations

import json
from typing import Iterable, NamedTuple

from c4pipe.io.atomic import write_atomically
from c4pipe.recipes import Recipe

FEATURES = ("content-length", "content-type", "text", "timestamp", "url")
SHARD_TEMPLATE = "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}"
CITATION = """@article{2019t5,
  author = {Colin Raffel and Noam Shazeer and Adam Roberts and Katherine Lee and Sharan Narang and Michael Matena and Yanqi Zhou and Wei Li and Peter J. Liu},
  title = {Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer},
  journal = {arXiv e-prints},
  year = {2019},
  archivePrefix = {arXiv},
  eprint = {1910.10683},
}"""


class ShardSize(NamedTuple):
    split: str
    index: int
    examples: int
    num_bytes: int


def tfds_dir(recipe: Recipe) -> str:
    """Where the TFRecord shards go, under the output directory."""
    return f"tfrecord/c4/{recipe.tfds_config}/{recipe.tfds_version}"


def dataset_info(recipe: Recipe, shards: Iterable[ShardSize], num_shards: dict[str, int]) -> dict:
    """TFDS's `dataset_info.json` (a DatasetInfo proto as JSON: int64 values are strings)."""
    by_split: dict[str, dict[int, ShardSize]] = {split: {} for split in num_shards}
    for shard in shards:
        by_split[shard.split][shard.index] = shard
    splits = []
    for split, count in num_shards.items():
        found = by_split[split]
        if sorted(found) != list(range(count)):
            raise ValueError(f"{split}: shard sizes for {sorted(found)}, expected 0..{count - 1}")
        splits.append({
            "filepathTemplate": SHARD_TEMPLATE,
            "name": split,
            "numBytes": str(sum(s.num_bytes for s in found.values())),
            "shardLengths": [str(found[i].examples) for i in range(count)],
        })
    return {
        "citation": CITATION,
        "configDescription": recipe.description,
        "configName": recipe.tfds_config,
        "description": "A colossal, cleaned version of Common Crawl's web crawl corpus, built by c4pipe.",
        "fileFormat": "tfrecord",
        "location": {"urls": ["https://commoncrawl.org"]},
        "moduleName": "tensorflow_datasets.text.c4",
        "name": "c4",
        "splits": splits,
        "version": recipe.tfds_version,
    }


def features() -> dict:
    """TFDS's `features.json`: the reference's FeaturesDict of Text features."""
    text = {"pythonClassName": "tensorflow_datasets.core.features.text_feature.Text", "text": {}}
    return {
        "featuresDict": {"features": {name: text for name in FEATURES}},
        "pythonClassName": "tensorflow_datasets.core.features.features_dict.FeaturesDict",
    }


def write_tfds_info(output_dir: str, recipe: Recipe, shards: Iterable[ShardSize], num_shards: dict[str, int]) -> None:
    directory = f"{output_dir.rstrip('/')}/{tfds_dir(recipe)}"
    for name, content in (("dataset_info.json", dataset_info(recipe, shards, num_shards)), ("features.json", features())):
        write_atomically(f"{directory}/{name}", (json.dumps(content, indent=2, sort_keys=True) + "\n").encode("utf-8"))
