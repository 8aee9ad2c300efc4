"""`c4pipe tokenize`: tokenized TFRecords of the pipeline's JSON output, in seqio's cache layout.

    c4pipe tokenize --input DIR --spm-model spm.model [--output DIR/tokenized] [--workers N]

reads `DIR/json/c4-{train,validation}.*-of-*.json.gz` and writes, one tokenized shard per text
shard in the same order (deterministic, byte-identical across runs):

    DIR/tokenized/train.tfrecord-00000-of-0000N   tf.train.Example, int64 `targets` (no EOS)
    DIR/tokenized/info.train.json, stats.train.json   (and the same for validation)
    DIR/tokenized/spm.model                       copy of the vocabulary, for `c4pipe pretrain`

API for the Beam pipeline (`c4pipe run --spm-model M` writes the same files in its pass):

    from c4pipe.tokens.tokenize import tokenize_shard_texts, write_tokenized_info, tokenized_shard_path
    from c4pipe.io import tfrecord

    # per shard i of n, texts in the shard's final (sorted) order:
    records, stats = tokenize_shard_texts(texts, spm_model_path, with_stats=True)
    with open(tokenized_shard_path(out_dir, split, i, n), "wb") as f:
        tfrecord.write_records(f, records)
    # once per split, after all shards, with the stats summed by `merge_stats`:
    write_tokenized_info(out_dir, split, n, total_stats, spm_model_path=spm_model_path)

`tokenize_shard_texts(texts, spm_model)` returns the serialized tf.train.Example records
(one per text, empty texts included as empty lists) and caches the loaded SentencePiece model
per process, so it is cheap to call once per shard in a DoFn; `spm_model` is a path or the
model file's bytes (pass bytes, e.g. as a side input, when workers cannot read the path). `merge_stats(a, b)` combines
per-shard stats (sum of examples and tokens, max of max).
"""

from __future__ import annotations

import os
import shutil
from typing import Iterable, Mapping

from c4pipe.tokens.tokenized_shards import (  # noqa: F401  (re-exported API)
    empty_stats,
    merge_stats,
    shard_name,
    write_info,
)

_VOCABS: dict = {}


def _sentencepiece(spm_model):
    """A cached SentencePieceProcessor for a model path or the model's bytes."""
    if isinstance(spm_model, (bytes, bytearray)):
        import hashlib

        import sentencepiece as spm

        key = hashlib.sha256(spm_model).hexdigest()
        if key not in _VOCABS:
            _VOCABS[key] = spm.SentencePieceProcessor(model_proto=bytes(spm_model))
        return _VOCABS[key]
    from c4pipe.tokens.vocab import Vocabulary

    key = os.path.abspath(spm_model)
    if key not in _VOCABS:
        _VOCABS[key] = Vocabulary(key).sp  # checks the T5 special ids
    return _VOCABS[key]


def tokenized_shard_path(out_dir: str, split: str, index: int, num_shards: int) -> str:
    return os.path.join(out_dir, shard_name(split, index, num_shards))


def tokenize_shard_texts(texts: Iterable[str], spm_model_path, with_stats: bool = False, batch: int = 256):
    """Serialized tf.train.Example records ({"targets": ids without EOS}), one per text.

    `spm_model_path` is a local path or the model file's bytes (e.g. a Beam side input, for
    workers that cannot see the launcher's disk).

    With `with_stats`, returns `(records, stats)` where stats is the shard's
    {"examples", "targets_tokens", "targets_max_tokens"}.
    """
    from c4pipe.tokens.tokenized_shards import encode_ids_example

    sp = _sentencepiece(spm_model_path)  # plain SentencePiece: document text has no sentinels
    records: list[bytes] = []
    stats = empty_stats()
    pending: list[str] = []

    def flush():
        for ids in sp.encode(pending):
            records.append(encode_ids_example(ids))
            stats["examples"] += 1
            stats["targets_tokens"] += len(ids)
            stats["targets_max_tokens"] = max(stats["targets_max_tokens"], len(ids))
        pending.clear()

    for text in texts:
        pending.append(text)
        if len(pending) >= batch:
            flush()
    flush()
    return (records, stats) if with_stats else records


def write_tokenized_info(
    out_dir: str, split: str, num_shards: int, stats: Mapping, spm_model_path: str | None = None
) -> None:
    """Writes info.<split>.json and stats.<split>.json (and copies the model to spm.model)."""
    write_info(out_dir, split, num_shards, stats)
    if spm_model_path:
        dest = os.path.join(out_dir, "spm.model")
        if not os.path.exists(dest) or not _same_file_bytes(spm_model_path, dest):
            shutil.copyfile(spm_model_path, dest + ".tmp")
            os.replace(dest + ".tmp", dest)


def _same_file_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def _tokenize_one(job: tuple[str, str, str]) -> dict:
    from c4pipe.io import tfrecord
    from c4pipe.tokens.vocab import iter_shard_texts

    src, dest, spm_model_path = job
    records, stats = tokenize_shard_texts(iter_shard_texts(src), spm_model_path, with_stats=True)
    with open(dest + ".tmp", "wb") as f:
        tfrecord.write_records(f, records)
    os.replace(dest + ".tmp", dest)
    return stats


def tokenize_dir(
    input_dir: str,
    spm_model_path: str,
    output_dir: str | None = None,
    splits: Iterable[str] = ("train", "validation"),
    workers: int = 1,
) -> dict[str, dict]:
    """Tokenizes every split of a pipeline output dir; returns {split: stats}."""
    from c4pipe.tokens.vocab import split_shards

    output_dir = output_dir or os.path.join(input_dir, "tokenized")
    os.makedirs(output_dir, exist_ok=True)
    _sentencepiece(spm_model_path)  # fail early on a bad model
    result = {}
    for split in splits:
        sources = split_shards(input_dir, split)
        n = len(sources)
        jobs = [(src, tokenized_shard_path(output_dir, split, i, n), spm_model_path) for i, src in enumerate(sources)]
        if workers > 1 and n > 1:
            import multiprocessing

            with multiprocessing.get_context("spawn").Pool(min(workers, n)) as pool:
                per_shard = pool.map(_tokenize_one, jobs, chunksize=1)
        else:
            per_shard = [_tokenize_one(job) for job in jobs]
        total = empty_stats()
        for s in per_shard:
            total = merge_stats(total, s)
        write_tokenized_info(output_dir, split, n, total, spm_model_path=spm_model_path)
        result[split] = total
    return result
