"""mC4 output through the rest of the toolchain: a vocabulary sampled with mT5's language
smoothing, per-language tokenized shards, and pretraining on the language mixture."""

from __future__ import annotations

import collections
import json

import numpy as np
import pytest

from c4pipe.tokens import mixture
from tests.fixtures.paths import LDNOOBW_DIR
from tests.fixtures.pipeline_runs import multilingual_corpus, run

pytestmark = pytest.mark.skipif(not LDNOOBW_DIR.is_dir(), reason="needs ../shared/data/ldnoobw")


@pytest.fixture(scope="module")
def mc4_output(tmp_path_factory):
    root = tmp_path_factory.mktemp("mc4")
    run(multilingual_corpus(root / "wet", seed=1, files=2), root / "out", recipe="mc4", extra=["--formats", "json"])
    return root / "out"


@pytest.fixture(scope="module")
def mc4_vocab(mc4_output):
    from c4pipe.tokens.vocab import train_vocab

    model = str(mc4_output.parent / "spm.model")
    record = train_vocab(str(mc4_output), model, vocab_size=1500, sample_docs=60, hard_vocab_limit=False)
    return model, record


@pytest.fixture(scope="module")
def mc4_tokenized(mc4_output, mc4_vocab):
    from c4pipe.tokens.tokenize import tokenize_dir

    return str(mc4_output / "tokenized"), tokenize_dir(str(mc4_output), mc4_vocab[0])


def test_weights_follow_mt5s_exponent():
    weights = mixture.mixture_weights({"en": 10_000, "yo": 10}, 0.3)
    assert weights["en"] / weights["yo"] == pytest.approx(1000 ** 0.3)
    assert mixture.mixture_weights({"en": 10_000, "yo": 10}, 0.0) == {"en": 0.5, "yo": 0.5}
    assert mixture.allocate(10, {"a": 0.5, "b": 0.5}, {"a": 2, "b": 100}) == {"a": 2, "b": 8}
    assert sum(mixture.allocate(101, {"a": 0.3, "b": 0.3, "c": 0.4}, {"a": 99, "b": 99, "c": 99}).values()) == 101
    assert mixture.language_splits(["de", "de-validation", "und"]) == ["de", "und"]
    assert mixture.language_splits(["train", "validation"]) == []


def test_vocab_samples_languages_with_smoothing(mc4_output, mc4_vocab):
    _, record = mc4_vocab
    stats = json.loads((mc4_output / "stats.json").read_text())
    pages = {lang: sizes["pages"] for lang, sizes in stats["languages"].items() if sizes["pages"]}
    expected = mixture.allocate(60, mixture.mixture_weights(pages, 0.3), pages)
    assert record["language_alpha"] == 0.3
    assert set(record["docs_per_language"]) == set(pages)
    assert all(record["docs_per_language"][lang] >= n for lang, n in expected.items())
    assert sum(record["docs_per_language"].values()) < 60 + len(pages)  # a shard's share rounds up


def test_tokenized_splits_and_the_training_stream(mc4_vocab, mc4_tokenized):
    from c4pipe.pretrain.data import SpanCorruptionStream, StreamConfig
    from c4pipe.tokens.vocab import Vocabulary

    tokenized, result = mc4_tokenized
    languages = mixture.language_splits(result)
    assert len(languages) > 15 and "und" in languages and "de-validation" in result
    vocab = Vocabulary(mc4_vocab[0])
    config = StreamConfig(tokenized, "train", batch_size=2, inputs_length=32, top_sentinel=vocab.vocab_size - 1)
    stream = SpanCorruptionStream(config)
    assert {name for name, _, _ in stream.sources} == set(languages)
    batches = [batch for _, batch in zip(range(30), stream.worker_batches(0, 1))]
    again = [batch for _, batch in zip(range(30), SpanCorruptionStream(config).worker_batches(0, 1))]
    assert all(np.array_equal(a["input_ids"], b["input_ids"]) for a, b in zip(batches, again))
    validation = SpanCorruptionStream(StreamConfig(tokenized, "validation", batch_size=1, inputs_length=8,
                                                   top_sentinel=vocab.vocab_size - 1, repeat=False))
    assert len(validation.paths) == sum(1 for split in result if split.endswith("-validation"))


def test_pretrain_runs_on_the_multilingual_tokenized_output(mc4_vocab, mc4_tokenized, tmp_path):
    from c4pipe.pretrain.train import TrainConfig, train

    tokenized, _ = mc4_tokenized
    result = train(TrainConfig(data=tokenized, output=str(tmp_path), spm_model=mc4_vocab[0], preset="tiny", steps=3,
                               batch_size=2, inputs_length=32, num_workers=0, progress=False, eval_batches=2))
    assert result["step"] == 3 and np.isfinite(result["last"]["val_loss"])


def test_the_mixture_draws_languages_by_weight(mc4_tokenized, monkeypatch):
    from c4pipe.pretrain.data import SpanCorruptionStream, StreamConfig

    stream = SpanCorruptionStream(StreamConfig(mc4_tokenized[0], "train", language_alpha=0.0))
    monkeypatch.setattr(SpanCorruptionStream, "_source_records",  # each language's "records" are its name
                        lambda self, i, w, n, repeat: iter(lambda: self.sources[i][0], None))
    records = stream._records(0, 1)
    drawn = collections.Counter(next(records) for _ in range(20_000))
    assert len(drawn) == len(stream.sources) > 15
    assert max(drawn.values()) / min(drawn.values()) < 1.5  # alpha 0: every language as often
