"""`c4pipe.seqio` with the real seqio and T5, in the clients' environment: T5's C4
span-corruption task over our TFRecords (as TFDS's `c4/en:3.1.0`), and our tokenized
shards as that task's cache."""

from __future__ import annotations

import json
import os

import pytest

from c4pipe.cli import main
from c4pipe.synth import generate_corpus
from tests.fixtures.clients_env import REPO, run_in_clients_env
from tests.fixtures.pipeline_runs import read_json_shards, run

pytestmark = pytest.mark.slow

README_SNIPPET = """
import seqio, c4pipe.seqio

task = c4pipe.seqio.register_tasks("OUT")        # "c4pipe_span_corruption"
batches = seqio.get_dataset(task, task_feature_lengths={"inputs": 512, "targets": 114},
                            dataset_split="train", use_cached=True, shuffle=False,
                            feature_converter=seqio.EncDecFeatureConverter(pack=True))
"""

SEQIO_CALLS = r"""
import json, sys
import numpy as np
import c4pipe.seqio, seqio

out = sys.argv[1]
result = {}
task_name = c4pipe.seqio.register_tasks(out)
task = seqio.get_mixture_or_task(task_name)
result["source"] = type(task.source).__name__
result["texts"] = {
    split: [ex["text"].decode("utf-8") for ex in task.source.get_dataset(split, shuffle=False).as_numpy_iterator()]
    for split in ("train", "validation")
}

# The cache (our tokenized shards) against tokenizing the TFRecords' text on the fly:
# the same token ids per document (seqio's readers interleave shards, so compare as multisets).
tokens = c4pipe.seqio.register_task(out, "c4pipe_tokens_only", after_cache=[])
def targets(use_cached):
    ds = seqio.get_mixture_or_task(tokens).get_dataset(
        None, split="train", use_cached=use_cached, shuffle=False)
    return sorted(ex["targets"].tolist() for ex in ds.as_numpy_iterator())
result["cached_equals_uncached"] = targets(True) == targets(False)
result["documents"] = len(targets(True))

lengths = {"inputs": 128, "targets": 32}
for use_cached in (False, True):
    ds = seqio.get_dataset(task_name, task_feature_lengths=lengths, dataset_split="train", use_cached=use_cached,
                           shuffle=False, seed=7, feature_converter=seqio.EncDecFeatureConverter(pack=True))
    batch = next(ds.batch(4).as_numpy_iterator())
    key = "cached" if use_cached else "uncached"
    result[key] = {name: list(value.shape) for name, value in batch.items()}
    vocab = task.output_features["targets"].vocabulary
    inputs = batch["encoder_input_tokens"]
    result[key + "_sentinels"] = int(((inputs >= vocab.vocab_size - 100) & (inputs < vocab.vocab_size)).sum())
    result[key + "_eos"] = int((batch["decoder_target_tokens"] == 1).sum())
    result[key + "_vocab_size"] = vocab.vocab_size
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def tokenized_output(tmp_path_factory):
    """Recipe tfds-3.1.0 on a generated corpus, with TFRecords and tokenized shards."""
    root = tmp_path_factory.mktemp("seqio")
    inputs = root / "wet"
    generate_corpus(inputs, pages=300, seed=11, files=2)
    text_only = root / "text"
    run([inputs], text_only, extra=["--formats", "json", "--num-shards", "2"])
    model = root / "spm.model"
    assert main(["vocab", "--input", str(text_only), "--output", str(model), "--vocab-size", "500"]) == 0
    output = root / "out"
    run([inputs], output, extra=["--formats", "json,tfrecord", "--num-shards", "2", "--spm-model", str(model)])
    return output


def test_t5_span_corruption_task_reads_our_output_and_its_cache(tokenized_output):
    env = {"PYTHONPATH": str(REPO), "TFDS_DATA_DIR": os.devnull, "CUDA_VISIBLE_DEVICES": ""}
    result = run_in_clients_env(SEQIO_CALLS, str(tokenized_output), env=env)
    assert result["source"] == "TfdsDataSource"  # recipe tfds-3.1.0 is TFDS's own c4/en:3.1.0
    for split in ("train", "validation"):
        assert sorted(result["texts"][split]) == sorted(r["text"] for r in read_json_shards(tokenized_output, split))
    assert result["cached_equals_uncached"] and result["documents"] == len(result["texts"]["train"]) > 0
    stats = json.loads((tokenized_output / "tokenized" / "stats.train.json").read_text())
    assert stats["examples"] == result["documents"]
    for key in ("uncached", "cached"):
        shapes = result[key]
        assert shapes["encoder_input_tokens"] == [4, 128] and shapes["decoder_target_tokens"] == [4, 32]
        assert {"decoder_input_tokens", "encoder_segment_ids", "decoder_segment_ids"} <= shapes.keys()
        assert result[key + "_sentinels"] > 0  # span corruption put T5's sentinels in the inputs
        assert result[key + "_eos"] > 0
        assert result[key + "_vocab_size"] == 500 + 100


OWN_RECIPE_SOURCE = r"""
import json, sys
import c4pipe.seqio, seqio

task = seqio.get_mixture_or_task(c4pipe.seqio.register_tasks(sys.argv[1], name="c4pipe_own_recipe"))
texts = [ex["text"].decode("utf-8") for ex in task.source.get_dataset("train", shuffle=False).as_numpy_iterator()]
print(json.dumps({"source": type(task.source).__name__, "texts": texts,
                  "sizes": task.source.num_input_examples("train")}))
"""


def test_a_recipe_of_our_own_is_read_from_its_directory(tmp_path):
    """Recipe `c4` names a TFDS config TFDS's C4 builder does not have (`en.spans`)."""
    inputs = tmp_path / "wet"
    generate_corpus(inputs, pages=120, seed=12, files=1)
    text_only = tmp_path / "text"
    run([inputs], text_only, recipe="c4", extra=["--formats", "json", "--num-shards", "2"])
    model = tmp_path / "spm.model"
    assert main(["vocab", "--input", str(text_only), "--output", str(model), "--vocab-size", "300"]) == 0
    output = tmp_path / "out"
    run([inputs], output, recipe="c4",
        extra=["--formats", "json,tfrecord", "--num-shards", "2", "--spm-model", str(model)])
    env = {"PYTHONPATH": str(REPO), "TFDS_DATA_DIR": os.devnull, "CUDA_VISIBLE_DEVICES": ""}
    result = run_in_clients_env(OWN_RECIPE_SOURCE, str(output), env=env)
    assert result["source"] == "FunctionDataSource"
    expected = sorted(r["text"] for r in read_json_shards(output, "train"))
    assert sorted(result["texts"]) == expected and result["sizes"] == len(expected) > 0


def test_the_readme_snippet_runs(tokenized_output):
    readme = (REPO / "README.md").read_text()
    assert README_SNIPPET.strip() in readme
    code = README_SNIPPET.replace('"OUT"', "sys.argv[1]") + (
        "print(json.dumps({k: list(v.shape) for k, v in next(batches.as_numpy_iterator()).items()}))"
    )
    env = {"PYTHONPATH": str(REPO), "TFDS_DATA_DIR": os.devnull, "CUDA_VISIBLE_DEVICES": ""}
    shapes = run_in_clients_env("import json, sys\n" + code, str(tokenized_output), env=env)
    assert shapes["encoder_input_tokens"] == [512] and shapes["decoder_target_tokens"] == [114]
