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
import os
from typing import Iterable, Iterator, Optional, Union

from c4pipe.io import tfrecord
from c4pipe.io.atomic import AtomicFile, write_atomically
from c4pipe.io.outputs import json_shard_texts, json_shards, json_splits
from c4pipe.tokens import TOKENIZED_DIR, VOCABULARY_FILE
from c4pipe.tokens.tokenized_shards import empty_stats, encode_ids_example, merge_stats, shard_name, write_info

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


def token_ids(texts: Iterable[str], spm_model: SpmModel, batch: int = 256) -> Iterator[list[int]]:
    """Each text's token ids, in order; the texts go to SentencePiece `batch` at a time."""
    processor = sentencepiece(spm_model)
    pending: list[str] = []
    for text in texts:
        pending.append(text)
        if len(pending) >= batch:
            yield from processor.encode(pending)
            pending.clear()
    if pending:
        yield from processor.encode(pending)


def add_to_stats(stats: dict, ids: list[int]) -> None:
    stats["examples"] += 1
    stats["targets_tokens"] += len(ids)
    stats["targets_max_tokens"] = max(stats["targets_max_tokens"], len(ids))


def tokenize_texts(texts: Iterable[str], spm_model: SpmModel, batch: int = 256) -> tuple[list[bytes], dict]:
    """(serialized tf.train.Example {"targets": ids}, one per text, empty texts
    included; the shard's stats {"examples", "targets_tokens", "targets_max_tokens"})."""
    records: list[bytes] = []
    stats = empty_stats()
    for ids in token_ids(texts, spm_model, batch):
        records.append(encode_ids_example(ids))
        add_to_stats(stats, ids)
    return records, stats


class TokenizedShardWriter:
    """Tokenized shard `index` of `num_shards` of `split`, written as texts arrive (the
    output shard's writer feeds it page by page); the file appears on `commit()`, and
    as a context manager it is deleted if the block raises."""

    BATCH = 256

    def __init__(self, output_dir: str, split: str, index: int, num_shards: int, spm_model: SpmModel):
        self._file = AtomicFile(f"{output_dir.rstrip('/')}/{shard_name(split, index, num_shards)}")
        self._spm_model = spm_model
        self._pending: list[str] = []
        self.stats = empty_stats()

    def add(self, text: str) -> None:
        self._pending.append(text)
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        for ids in token_ids(self._pending, self._spm_model, self.BATCH):
            tfrecord.write_records(self._file.stream, [encode_ids_example(ids)])
            add_to_stats(self.stats, ids)
        self._pending.clear()

    def commit(self) -> dict:
        """Publishes the shard; returns its stats."""
        self._flush()
        self._file.commit()
        return self.stats

    def abort(self) -> None:
        self._file.abort()

    def __enter__(self) -> "TokenizedShardWriter":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            self.abort()


def write_tokenized_shard(
    output_dir: str, split: str, index: int, num_shards: int, texts: Iterable[str], spm_model: SpmModel
) -> dict:
    """Writes shard `index` of `num_shards` of `split` from `texts`; returns its stats."""
    with TokenizedShardWriter(output_dir, split, index, num_shards, spm_model) as writer:
        for text in texts:
            writer.add(text)
        return writer.commit()


def write_vocabulary(output_dir: str, model_bytes: bytes) -> None:
    write_atomically(f"{output_dir.rstrip('/')}/{VOCABULARY_FILE}", model_bytes)


def _tokenize_json_shard(job: tuple) -> dict:
    source, output_dir, split, index, num_shards, spm_model = job
    return write_tokenized_shard(output_dir, split, index, num_shards, json_shard_texts(source), spm_model)


def tokenize_dir(
    input_dir: str,
    spm_model_path: str,
    output_dir: str | None = None,
    splits: Optional[Iterable[str]] = None,
    workers: int = 1,
) -> dict[str, dict]:
    """Tokenizes the given splits (default: every split) of a finished run's JSON shards;
    returns {split: stats}."""
    output_dir = output_dir or os.path.join(input_dir, TOKENIZED_DIR)
    sentencepiece(spm_model_path)  # fail early on a bad model
    result = {}
    for split in splits or json_splits(input_dir):
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
