"""A c4pipe output directory as seqio tasks, the way T5 and T5X train on C4.

`register_tasks(OUT)` registers T5's C4 span-corruption task (`c4_v220_span_corruption`
in `t5.data.tasks`: rekey the text to `targets`, tokenize, cache, T5's
`span_corruption`, EOS) with the run's SentencePiece vocabulary and 100 sentinels:
- its source is the TFRecord output read as TensorFlow Datasets' C4 (a
  `seqio.TfdsDataSource` for the reference's configs, `c4/en:3.1.0` and the others; a
  recipe of our own is read with `tfds.builder_from_directory`);
- its cache is the run's tokenized shards (`OUT/tokenized/`, written by
  `c4pipe run --spm-model` or `c4pipe tokenize`), so `get_dataset(..., use_cached=True)`
  reads them instead of tokenizing the text again.

seqio needs TensorFlow, whose protobuf clashes with apache-beam's pins: import this
module where seqio and T5 are installed (`scripts/clients/setup_clients_env.sh`), not in
c4pipe's own environment. It imports nothing of c4pipe that needs Beam.
"""

from __future__ import annotations

import functools
import glob
import json
import os
from typing import Optional

from c4pipe.tokens import TOKENIZED_DIR, VOCABULARY_FILE

SPAN_CORRUPTION = "c4pipe_span_corruption"
"""The task's default name (T5's own: `c4_v220_span_corruption`)."""

EXTRA_IDS = 100
"""T5's sentinels, above the SentencePiece pieces (`c4pipe.tokens.vocab`)."""

TFDS_C4_CONFIGS = ("en", "en.noclean", "realnewslike", "webtextlike", "multilingual")
"""TFDS's own C4 builder configs: `tfds.builder("c4/<config>:<version>")` knows them."""


def tfds_dataset_dir(output_dir: str) -> str:
    """The prepared TFDS directory of a run's TFRecords (`tfrecord/c4/<config>/<version>`)."""
    found = sorted(glob.glob(os.path.join(output_dir, "tfrecord", "c4", "*", "*", "dataset_info.json")))
    if len(found) != 1:
        raise FileNotFoundError(
            f"{output_dir}: expected one TFDS dataset under tfrecord/c4/ (run with --formats ...,tfrecord), "
            f"found {len(found)}"
        )
    return os.path.dirname(found[0])


def tfds_name(dataset_dir: str) -> str:
    """`c4/<config>:<version>` of a prepared TFDS directory, as TFDS names it."""
    config_dir, version = os.path.split(dataset_dir)
    return f"c4/{os.path.basename(config_dir)}:{version}"


def output_features(spm_model: str) -> dict:
    import seqio

    vocabulary = seqio.SentencePieceVocabulary(spm_model, extra_ids=EXTRA_IDS)
    return {
        "inputs": seqio.Feature(vocabulary=vocabulary, add_eos=True, required=False),
        "targets": seqio.Feature(vocabulary=vocabulary, add_eos=True),
    }


def data_source(output_dir: str):
    """The run's TFRecords as a seqio source with `text`, `url`, ... features."""
    import seqio

    dataset_dir = tfds_dataset_dir(output_dir)
    name = tfds_name(dataset_dir)
    if name.split("/", 1)[1].split(":", 1)[0] in TFDS_C4_CONFIGS:
        return seqio.TfdsDataSource(tfds_name=name, tfds_data_dir=os.path.join(output_dir, "tfrecord"))

    def read(split: str, shuffle_files: bool, seed: Optional[int] = None):
        import tensorflow_datasets as tfds

        builder = tfds.builder_from_directory(dataset_dir)
        read_config = tfds.ReadConfig(shuffle_seed=seed)
        return builder.as_dataset(split=split, shuffle_files=shuffle_files, read_config=read_config)

    with open(os.path.join(dataset_dir, "dataset_info.json"), encoding="utf-8") as f:
        splits = json.load(f)["splits"]
    sizes = {split["name"]: sum(int(n) for n in split["shardLengths"]) for split in splits}
    return seqio.FunctionDataSource(read, splits=list(sizes), num_input_examples=sizes)


def register_tasks(output_dir: str, name: str = SPAN_CORRUPTION, spm_model: Optional[str] = None) -> str:
    """Registers T5's C4 span-corruption task over `output_dir` as `name`; returns `name`.

    `spm_model`: the vocabulary, by default the run's copy (`OUT/tokenized/spm.model`).
    """
    import seqio
    from t5.data import preprocessors

    return register_task(
        output_dir, name, [preprocessors.span_corruption, seqio.preprocessors.append_eos_after_trim], spm_model
    )


def register_task(output_dir: str, name: str, after_cache: list, spm_model: Optional[str] = None) -> str:
    """Registers a task over `output_dir`: T5's C4 steps up to the cache (the text as
    `targets`, tokenized), then `after_cache`. With the run's tokenized shards present,
    they are its cache. Registering a name again replaces the task."""
    import seqio
    from t5.data import preprocessors

    output_dir = os.path.abspath(output_dir)
    cache_dir = os.path.join(output_dir, TOKENIZED_DIR)
    spm_model = spm_model or os.path.join(cache_dir, VOCABULARY_FILE)
    if not os.path.exists(spm_model):
        raise FileNotFoundError(f"no SentencePiece model at {spm_model} (c4pipe run --spm-model, or pass spm_model)")

    class CachedInOutput(seqio.Task):
        """A task whose cache is the run's tokenized shards, not under seqio's cache dirs."""

        @property
        def cache_dir(self) -> Optional[str]:
            return cache_dir if glob.glob(os.path.join(cache_dir, "info.*.json")) else None

    seqio.TaskRegistry.remove(name)
    seqio.TaskRegistry.add(
        name,
        task_cls=CachedInOutput,
        source=data_source(output_dir),
        preprocessors=[
            functools.partial(preprocessors.rekey, key_map={"inputs": None, "targets": "text"}),
            seqio.preprocessors.tokenize,
            seqio.CacheDatasetPlaceholder(),
            *after_cache,
        ],
        output_features=output_features(spm_model),
        metric_fns=[],
    )
    return name
