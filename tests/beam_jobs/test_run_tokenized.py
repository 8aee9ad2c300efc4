"""`c4pipe run --spm-model` tokenizes in the same pass, exactly as `c4pipe tokenize` does later."""

from __future__ import annotations

import pytest

from c4pipe.cli import main
from c4pipe.synth import generate_corpus
from tests.fixtures.pipeline_runs import all_files, run

pytestmark = pytest.mark.slow


def _corpus_text_and_model(tmp_path, pages: int, seed: int, vocab_size: int):
    """A generated WET corpus, its text-only run (2 shards) and a vocabulary trained on it."""
    inputs = tmp_path / "wet"
    generate_corpus(inputs, pages=pages, seed=seed, files=2)
    text_only = tmp_path / "text"
    run([inputs], text_only, recipe="c4", extra=["--formats", "json", "--num-shards", "2"])
    model = tmp_path / "spm.model"
    assert main(["vocab", "--input", str(text_only), "--output", str(model), "--vocab-size", str(vocab_size)]) == 0
    return inputs, text_only, model


def test_same_pass_tokenization_equals_the_tokenize_command(tmp_path):
    inputs, text_only, model = _corpus_text_and_model(tmp_path, pages=300, seed=5, vocab_size=400)
    assert main(["tokenize", "--input", str(text_only), "--spm-model", str(model)]) == 0

    same_pass = tmp_path / "same_pass"
    run([inputs], same_pass, recipe="c4", extra=["--formats", "json", "--num-shards", "2", "--spm-model", str(model)])
    later, together = all_files(text_only / "tokenized"), all_files(same_pass / "tokenized")
    assert set(together) >= {"train.tfrecord-00000-of-00002", "train.tfrecord-00001-of-00002",
                             "validation.tfrecord-00000-of-00001", "info.train.json", "stats.train.json",
                             "info.validation.json", "stats.validation.json", "spm.model"}
    assert later.keys() == together.keys()
    for name in later:
        assert later[name] == together[name], name


def test_same_pass_tokenization_with_two_workers_equals_one_worker(tmp_path):
    """The shard tasks run in the local pool; their token stats come back to the driver."""
    inputs, _, model = _corpus_text_and_model(tmp_path, pages=200, seed=6, vocab_size=300)
    extra = ["--formats", "json", "--num-shards", "2", "--spm-model", str(model)]
    run([inputs], tmp_path / "one", recipe="c4", extra=extra)
    run([inputs], tmp_path / "two", recipe="c4", workers=2, extra=extra)
    one, two = all_files(tmp_path / "one" / "tokenized"), all_files(tmp_path / "two" / "tokenized")
    assert "stats.train.json" in one and one == two
