"""Texts to tokenized shards in seqio's cache layout: the one writer of tokenized shards.

`c4pipe run --spm-model` calls `write_tokenized_shard` for each output shard as it is
written, and `c4pipe tokenize` calls it for each JSON shard of a finished run. Shard i
of n holds the token ids of text shard i's documents, in the same order, so both
paths write the same bytes (tested). The layout (file names, info and stats JSON) is
`c4pipe.tokens.tokenized_shards`'.

The text is plain SentencePiece: a document has no sentinels, and no EOS is appended
(seqio's cache stores `targets` without it; the pretraining loader adds it).
"""

from __future__ import annotations

import hashlib
import io
import os
from typing import Iterable, Union

from c4pipe.io import tfrecord
from c4pipe.io.atomic import write_atomically
from c4pipe.io.outputs import json_shard_texts, json_shards
from c4pipe.tokens.tokenized_shards import empty_stats, encode_ids_example, merge_stats, shard_name, write_info

TOKENIZED_DIR = "tokenized"
"""Where a run writes its tokenized shards, under its output directory."""

VOCABULARY_FILE = "spm.model"
"""The model's copy next to the shards, which `c4pipe pretrain` reads."""

SpmModel = Union[str, bytes]
"""A SentencePiece model: a local path, or the file's bytes (for workers that cannot
read the launcher's disk)."""

_PROCESSORS: dict = {}


def sentencepiece(spm_model: SpmModel):
    """The model's SentencePieceProcessor, loaded once per process."""
    if isinstance(spm_model, (bytes, bytearray)):
        import sentencepiece as spm

        key = hashlib.sha256(spm_model).hexdigest()
        if key not in _PROCESSORS:
            _PROCESSORS[key] = spm.SentencePieceProcessor(model_proto=bytes(spm_model))
        return _PROCESSORS[key]
    from c4pipe.tokens.vocab import Vocabulary

    key = os.path.abspath(spm_model)
    if key not in _PROCESSORS:
        _PROCESSORS[key] = Vocabulary(key).sp  # checks the T5 special ids
    return _PROCESSORS[key]


def tokenize_texts(texts: Iterable[str], spm_model: SpmModel, batch: int = 256) -> tuple[list[bytes], dict]:
    """(serialized tf.train.Example {"targets": ids}, one per text, empty texts
    included; the shard's stats {"examples", "targets_tokens", "targets_max_tokens"})."""
    processor = sentencepiece(spm_model)
    records: list[bytes] = []
    stats = empty_stats()
    pending: list[str] = []

    def flush():
        for ids in processor.encode(pending):
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
    return records, stats


def write_tokenized_shard(
    output_dir: str, split: str, index: int, num_shards: int, texts: Iterable[str], spm_model: SpmModel
) -> dict:
    """Writes shard `index` of `num_shards` of `split` from `texts`; returns its stats."""
    records, stats = tokenize_texts(texts, spm_model)
    buffer = io.BytesIO()
    tfrecord.write_records(buffer, records)
    write_atomically(f"{output_dir.rstrip('/')}/{shard_name(split, index, num_shards)}", buffer.getvalue())
    return stats


def write_vocabulary(output_dir: str, model_bytes: bytes) -> None:
    write_atomically(f"{output_dir.rstrip('/')}/{VOCABULARY_FILE}", model_bytes)


def _tokenize_json_shard(job: tuple) -> dict:
    source, output_dir, split, index, num_shards, spm_model = job
    return write_tokenized_shard(output_dir, split, index, num_shards, json_shard_texts(source), spm_model)


def tokenize_dir(
    input_dir: str,
    spm_model_path: str,
    output_dir: str | None = None,
    splits: Iterable[str] = ("train", "validation"),
    workers: int = 1,
) -> dict[str, dict]:
    """Tokenizes every split of a finished run's JSON shards; returns {split: stats}."""
    output_dir = output_dir or os.path.join(input_dir, TOKENIZED_DIR)
    sentencepiece(spm_model_path)  # fail early on a bad model
    result = {}
    for split in splits:
        sources = json_shards(input_dir, split)
        n = len(sources)
        jobs = [(source, output_dir, split, i, n, spm_model_path) for i, source in enumerate(sources)]
        if workers > 1 and n > 1:
            import multiprocessing

            with multiprocessing.get_context("spawn").Pool(min(workers, n)) as pool:
                per_shard = pool.map(_tokenize_json_shard, jobs, chunksize=1)
        else:
            per_shard = [_tokenize_json_shard(job) for job in jobs]
        total = empty_stats()
        for stats in per_shard:
            total = merge_stats(total, stats)
        write_info(output_dir, split, n, total)
        result[split] = total
    with open(spm_model_path, "rb") as model:
        write_vocabulary(output_dir, model.read())
    return result
