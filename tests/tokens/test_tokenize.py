"""`c4pipe tokenize`: seqio cache layout, determinism, the shard writer, and TensorFlow reading our files."""

import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from c4pipe.io import tfrecord
from c4pipe.tokens.tokenized_shards import (
    decode_ids,
    decode_varints,
    encode_ids_example,
    encode_varints,
    list_shards,
)
from tests.fixtures import pretrain_corpus as corpus
from tests.fixtures.paths import REPO_ROOT
from tests.fixtures.tensorflow_process import in_child, int64_example, parse_records


@pytest.fixture(scope="module")
def tokenized(tmp_path_factory):
    from c4pipe.cli import main

    root = str(tmp_path_factory.mktemp("tok_corpus"))
    corpus.make_corpus(root, train_docs=60, validation_docs=10, train_shards=3)
    model = corpus.train_small_vocab(root, os.path.join(root, "spm.model"), vocab_size=300)
    assert main(["tokenize", "--input", root, "--spm-model", model]) == 0
    return root, model, os.path.join(root, "tokenized")


def _texts(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def _read_ids(path):
    with open(path, "rb") as f:
        return [tfrecord.decode_example(r)["targets"] for r in tfrecord.read_records(f)]


def test_layout_info_and_stats(tokenized):
    root, model, out = tokenized
    names = sorted(os.listdir(out))
    assert names == sorted(
        [f"train.tfrecord-{i:05d}-of-00003" for i in range(3)] + ["validation.tfrecord-00000-of-00001"]
        + [f"{k}.{s}.json" for k in ("info", "stats") for s in ("train", "validation")] + ["spm.model"]
    )  # fmt: skip
    info = json.load(open(os.path.join(out, "info.train.json")))
    assert info == {"num_shards": 3, "features": {"targets": {"shape": [None], "dtype": "int32"}}}
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=model)
    for split, n in (("train", 3), ("validation", 1)):
        texts = [t for i in range(n) for t in _texts(os.path.join(root, "json", f"c4-{split}.{i:05d}-of-{n:05d}.json.gz"))]
        ids = [x for p in list_shards(out, split) for x in _read_ids(p)]
        assert ids == sp.encode(texts)  # same documents, same order, no EOS
        stats = json.load(open(os.path.join(out, f"stats.{split}.json")))
        assert stats == {"examples": len(ids), "targets_tokens": sum(map(len, ids)),
                         "targets_max_tokens": max(map(len, ids))}  # fmt: skip


def test_deterministic_and_parallel_identical(tokenized, tmp_path):
    from c4pipe.tokens.tokenize import tokenize_dir

    root, model, out = tokenized
    tokenize_dir(root, model, str(tmp_path / "again"), workers=2)
    for name in os.listdir(out):
        assert open(os.path.join(out, name), "rb").read() == open(tmp_path / "again" / name, "rb").read(), name


def test_shard_writer_writes_the_command_s_bytes(tokenized, tmp_path):
    """`write_tokenized_shard` is also what `c4pipe run --spm-model` calls per shard."""
    from c4pipe.tokens.tokenize import tokenize_texts, write_tokenized_shard, write_vocabulary
    from c4pipe.tokens.tokenized_shards import merge_stats, write_info

    root, model, out = tokenized
    total = None
    for i in range(3):
        texts = _texts(os.path.join(root, "json", f"c4-train.{i:05d}-of-00003.json.gz"))
        stats = write_tokenized_shard(str(tmp_path), "train", i, 3, texts, model)
        name = f"train.tfrecord-{i:05d}-of-00003"
        assert (tmp_path / name).read_bytes() == open(os.path.join(out, name), "rb").read()
        total = stats if total is None else merge_stats(total, stats)
    write_info(str(tmp_path), "train", 3, total)
    write_vocabulary(str(tmp_path), open(model, "rb").read())
    for name in ("info.train.json", "stats.train.json", "spm.model"):
        assert open(tmp_path / name, "rb").read() == open(os.path.join(out, name), "rb").read()
    assert tokenize_texts(["", "a b"], model)[0][0] == encode_ids_example([])
    texts = _texts(os.path.join(root, "json", "c4-validation.00000-of-00001.json.gz"))
    model_bytes = open(model, "rb").read()
    assert tokenize_texts(texts, model_bytes) == tokenize_texts(texts, model)


def test_varints_and_examples_match_reference_encoder():
    rng = np.random.default_rng(0)
    for _ in range(20):
        ids = rng.integers(0, 40000, size=rng.integers(1, 300)).tolist()
        blob = encode_ids_example(ids)
        assert blob == tfrecord.encode_example({"targets": ids})
        assert decode_ids(blob).tolist() == ids == tfrecord.decode_example(blob)["targets"]
    big = np.array([0, 1, 127, 128, 16383, 16384, 2**21, 2**35 + 5, 2**62, 2**63 - 1], dtype=np.int64)
    assert decode_varints(encode_varints(big)).tolist() == big.tolist()
    assert decode_ids(encode_ids_example([])).tolist() == []
    unpacked = tfrecord.field(1, tfrecord.field(1, tfrecord.field(1, b"targets")
               + tfrecord.field(2, tfrecord.field(3, b"\x08\x05\x08\x96\x01"))))  # fmt: skip
    assert decode_ids(unpacked).tolist() == [5, 150]


def test_subcommand_modules_import_cheaply():
    code = (
        "import sys, c4pipe.tokens.vocab, c4pipe.tokens.tokenize, c4pipe.tokens.tokenized_shards, c4pipe.commands.pretrain\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentencepiece', 'tensorflow') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


# --- TensorFlow reads our files ---------------------------------------------------------


def test_tensorflow_parses_tokenized_shards(tokenized):
    _, _, out = tokenized
    paths = list_shards(out, "train")
    got = [ex["targets"] for ex in in_child(parse_records, paths, {"targets": "int64_list"})]
    assert got == [x for p in paths for x in _read_ids(p)]
    assert len(got) == json.load(open(os.path.join(out, "stats.train.json")))["examples"]
    # and TF's own serialization of the same ids decodes with ours
    assert decode_ids(in_child(int64_example, "targets", got[0])).tolist() == got[0]


def test_tensorflow_parses_raw_text_examples(tmp_path):
    rows = [
        {"text": "Hello world.\nSecond line é ✓", "url": "https://example.com/a", "timestamp": "2019-04-18T09:33:20Z",
         "content-type": "text/plain", "content-length": "1234"},
        {"text": "", "url": "u", "timestamp": "t", "content-type": "text/plain", "content-length": "0"},
    ]  # fmt: skip
    path = str(tmp_path / "c4-train.tfrecord-00000-of-00001")
    with open(path, "wb") as f:
        tfrecord.write_records(f, [tfrecord.encode_example({k: [v.encode()] for k, v in r.items()}) for r in rows])
    features = {k: "string" for k in ("text", "url", "timestamp", "content-type", "content-length")}
    got = in_child(parse_records, [path], features)
    assert [{k: v.decode() for k, v in ex.items()} for ex in got] == rows
