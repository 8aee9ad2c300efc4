"""`c4pipe vocab` and the Vocabulary class (T5 special ids, sentinels above the pieces)."""

import json
import os
import pickle

import pytest

from c4pipe.tokens.vocab import Vocabulary, padded_vocab_size
from tests.fixtures import pretrain_corpus as corpus


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from c4pipe.cli import main

    root = str(tmp_path_factory.mktemp("vocab_corpus"))
    corpus.make_corpus(root, train_docs=120, validation_docs=8)
    model = os.path.join(root, "out", "spm.model")
    argv = ["vocab", "--input", root, "--output", model, "--vocab-size", "400", "--sample-docs", "80",
            "--threads", "2", "--character-coverage", "0.98", "--soft-vocab-limit"]  # fmt: skip
    assert main(argv) == 0
    return root, model


def test_trained_model_has_t5_special_ids(trained):
    import sentencepiece as spm

    _, model = trained
    sp = spm.SentencePieceProcessor(model_file=model)
    assert (sp.pad_id(), sp.eos_id(), sp.unk_id(), sp.bos_id()) == (0, 1, 2, -1)
    assert sp.get_piece_size() == 400
    record = json.load(open(model + ".json"))
    assert record["piece_size"] == 400 and record["vocab_size_with_sentinels"] == 500
    assert record["sentencepiece_options"]["model_type"] == "unigram"
    assert record["sampled_docs"] == 80 and len(record["train_shards"]) == 4
    assert record["docs_per_shard"] == 20


def test_the_command_also_writes_a_hugging_face_tokenizer(trained):
    import transformers

    _, model = trained
    hf_dir = os.path.join(os.path.dirname(model), "spm-hf")
    assert sorted(os.listdir(hf_dir)) == ["special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"]
    tokenizer = transformers.AutoTokenizer.from_pretrained(hf_dir)
    assert len(tokenizer) == Vocabulary(model).vocab_size == 500


def test_training_is_deterministic(trained, tmp_path):
    from c4pipe.tokens.vocab import train_vocab

    root, model = trained
    again = train_vocab(root, str(tmp_path / "again.model"), vocab_size=400, sample_docs=80, num_threads=2,
                        character_coverage=0.98, hard_vocab_limit=False)  # fmt: skip
    assert again["sha256"] == json.load(open(model + ".json"))["sha256"]


def test_vocabulary_sentinels_encode_decode(trained):
    _, model = trained
    v = Vocabulary(model)
    assert v.vocab_size == 500 and v.padded_vocab_size == 512
    assert v.sentinel_id(0) == 499 and v.sentinel_id(99) == 400
    assert v.is_sentinel(400) and v.is_sentinel(499) and not v.is_sentinel(399) and not v.is_sentinel(500)
    text = "The quick brown fox jumps over the lazy dog."
    ids = v.encode(text)
    assert 1 not in ids and all(0 < i < 400 for i in ids)
    assert v.decode(ids) == v.sp.decode(ids)
    assert v.decode(ids + [1] + ids) == v.decode(ids)  # stops at EOS
    assert v.decode([0] + ids + [0]) == v.decode(ids)  # drops padding
    with_sentinels = v.encode("The quick <extra_id_0> fox <extra_id_1>.")
    assert 499 in with_sentinels and 498 in with_sentinels
    decoded = v.decode(with_sentinels)
    assert "<extra_id_0>" in decoded and "<extra_id_1>" in decoded
    assert decoded.startswith("The quick") and " fox" in decoded
    assert v.decode([499, 498, 400]) == "<extra_id_0><extra_id_1><extra_id_99>"
    assert v.decode(ids[:2] + [600]) == v.sp.decode(ids[:2] + [2])  # beyond the vocabulary -> unk
    assert pickle.loads(pickle.dumps(v)).encode(text) == ids


def test_padded_vocab_size_t5():
    assert padded_vocab_size(32000) == 32128
    assert padded_vocab_size(400) == 512
    assert padded_vocab_size(28) == 128


def test_user_supplied_model(tmp_path):
    import sentencepiece as spm

    lines = [line for doc in corpus.load_docs(60) for line in doc.split("\n") if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(tmp_path / "user"), vocab_size=300, model_type="unigram",
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, character_coverage=0.98, hard_vocab_limit=False, minloglevel=2,
    )  # fmt: skip
    v = Vocabulary(str(tmp_path / "user.model"))
    assert v.piece_size <= 300 and v.sentinel_id(0) == v.piece_size + 99
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(tmp_path / "default_ids"), vocab_size=300,
        character_coverage=0.98, hard_vocab_limit=False, minloglevel=2,
    )  # fmt: skip
    with pytest.raises(ValueError, match="pad/eos/unk"):
        Vocabulary(str(tmp_path / "default_ids.model"))
