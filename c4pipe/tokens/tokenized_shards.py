"""Tokenized shards in seqio's cache layout: file names, info/stats JSON, fast int64 Examples.

A tokenized split `S` with `N` shards is
    S.tfrecord-00000-of-0000N ...   tf.train.Example records, int64 feature `targets`
                                     (token ids, no EOS), one record per document
    info.S.json                      {"num_shards": N, "features": {"targets": {"shape": [null],
                                      "dtype": "int32"}}}
    stats.S.json                     {"examples", "targets_tokens", "targets_max_tokens"}

The record framing is `c4pipe.io.tfrecord`'s. Encoding and decoding the packed int64 list is
vectorised with NumPy here (byte-identical to `c4pipe.io.tfrecord.encode_example`, which runs a
Python loop per varint); this matters when pretraining reads hundreds of thousands of tokens
a second.
"""

from __future__ import annotations

import glob
import json
import os
import re
from typing import Iterator, Mapping

import numpy as np

from c4pipe.io.atomic import write_atomically
from c4pipe.io.tfrecord import field, read_varint, varint

FEATURE = "targets"


def shard_name(split: str, index: int, num_shards: int) -> str:
    return f"{split}.tfrecord-{index:05d}-of-{num_shards:05d}"


def list_shards(directory: str, split: str) -> list[str]:
    """The split's shard files, sorted; checks the set is complete against the names."""
    paths = sorted(glob.glob(os.path.join(directory, f"{split}.tfrecord-*-of-*")))
    if not paths:
        raise FileNotFoundError(f"no {split}.tfrecord-* shards in {directory}")
    totals = {re.search(r"-of-(\d+)$", p).group(1) for p in paths}
    if len(totals) != 1 or len(paths) != int(totals.pop()):
        raise ValueError(f"{directory}: incomplete or mixed {split} shard set")
    return paths


# --- varints -------------------------------------------------------------------------


def encode_varints(values: np.ndarray) -> bytes:
    """Protobuf varints of non-negative int64 values, concatenated."""
    v = np.asarray(values, dtype=np.uint64)
    if v.size == 0:
        return b""
    nbytes = np.ones(v.shape, dtype=np.int64)
    for k in range(1, 10):
        nbytes += v >= np.uint64(1 << (7 * k))
    width = int(nbytes.max())
    shifts = (np.arange(width, dtype=np.uint64) * np.uint64(7))[None, :]
    digits = ((v[:, None] >> shifts) & np.uint64(0x7F)).astype(np.uint8)
    cols = np.arange(width)[None, :]
    digits |= np.where(cols < nbytes[:, None] - 1, np.uint8(0x80), np.uint8(0))
    return digits[cols < nbytes[:, None]].tobytes()


def decode_varints(payload: bytes | np.ndarray) -> np.ndarray:
    """Inverse of `encode_varints` (values < 2**63), as int64."""
    b = np.frombuffer(payload, dtype=np.uint8) if isinstance(payload, (bytes, bytearray, memoryview)) else payload
    if b.size == 0:
        return np.zeros(0, dtype=np.int64)
    last = b < 0x80
    if not last[-1]:
        raise ValueError("truncated varint")
    ends = np.flatnonzero(last)
    if len(ends) == len(b):  # every value is a single byte
        return b.astype(np.int64)
    group = np.zeros(len(b), dtype=np.int64)
    group[ends[:-1] + 1] = 1
    group = np.cumsum(group)
    starts = np.concatenate(([0], ends[:-1] + 1))
    pos = np.arange(len(b)) - starts[group]
    out = np.zeros(len(ends), dtype=np.uint64)
    low = (b & 0x7F).astype(np.uint64)
    for k in range(int(pos.max()) + 1):
        sel = pos == k
        out[group[sel]] |= low[sel] << np.uint64(7 * k)
    return out.astype(np.int64)


def count_varints(payload: bytes) -> int:
    return int(np.count_nonzero(np.frombuffer(payload, dtype=np.uint8) < 0x80))


def encode_ids_example(ids, name: str = FEATURE) -> bytes:
    """tf.train.Example {name: int64_list(ids)} (packed); same bytes as
    `c4pipe.io.tfrecord.encode_example({name: list(ids)})` for non-empty `ids`."""
    packed = encode_varints(np.asarray(ids, dtype=np.int64))
    feature = field(3, field(1, packed))  # Feature.int64_list{value (packed)}
    entry = field(1, name.encode("utf-8")) + field(2, feature)
    return field(1, field(1, entry))  # Example.features{feature map entry}


def _fields(data, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """(field number, wire type, payload start, payload end or varint value) over data[start:end]."""
    pos = start
    while pos < end:
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 2:
            length, pos = read_varint(data, pos)
            yield number, wire, pos, pos + length
            pos += length
        elif wire == 0:
            value, pos = read_varint(data, pos)
            yield number, wire, value, pos
        elif wire == 5:
            yield number, wire, pos, pos + 4
            pos += 4
        elif wire == 1:
            yield number, wire, pos, pos + 8
            pos += 8
        else:
            raise ValueError(f"unsupported wire type {wire}")


def _int64_payload(record: bytes, name: bytes) -> tuple[bytes, bool] | None:
    """The varint payload of int64 feature `name` and whether it is a single packed run."""
    for n1, w1, s1, e1 in _fields(record, 0, len(record)):
        if n1 != 1 or w1 != 2:
            continue
        for n2, w2, s2, e2 in _fields(record, s1, e1):  # map entries
            if n2 != 1 or w2 != 2:
                continue
            key, value = None, None
            for n3, w3, s3, e3 in _fields(record, s2, e2):
                if n3 == 1:
                    key = record[s3:e3]
                elif n3 == 2:
                    value = (s3, e3)
            if key != name or value is None:
                continue
            chunks, packed = [], True
            for n4, w4, s4, e4 in _fields(record, *value):
                if n4 != 3:
                    raise ValueError(f"feature {name!r} is not an int64 list")
                for n5, w5, s5, e5 in _fields(record, s4, e4):
                    if n5 == 1 and w5 == 2:
                        chunks.append(record[s5:e5])
                    elif n5 == 1 and w5 == 0:
                        chunks.append(varint(s5))
                        packed = False
            return b"".join(chunks), packed
    return None


def decode_ids(record: bytes, name: str = FEATURE) -> np.ndarray:
    """The int64 feature `name` of a serialized tf.train.Example, as an int64 array."""
    found = _int64_payload(record, name.encode("utf-8"))
    if found is None:
        raise KeyError(f"example has no feature {name!r}")
    return decode_varints(found[0])


def count_ids(record: bytes, name: str = FEATURE) -> int:
    """len(decode_ids(record)) without decoding the values."""
    found = _int64_payload(record, name.encode("utf-8"))
    if found is None:
        raise KeyError(f"example has no feature {name!r}")
    return count_varints(found[0])


# --- info and stats --------------------------------------------------------------------


def empty_stats() -> dict:
    return {"examples": 0, "targets_tokens": 0, "targets_max_tokens": 0}


def merge_stats(a: Mapping, b: Mapping) -> dict:
    return {
        "examples": a["examples"] + b["examples"],
        "targets_tokens": a["targets_tokens"] + b["targets_tokens"],
        "targets_max_tokens": max(a["targets_max_tokens"], b["targets_max_tokens"]),
    }


def info_files(split: str, num_shards: int, stats: Mapping) -> dict[str, bytes]:
    """{file name: content} of seqio's `info.<split>.json` and `stats.<split>.json`."""
    info = {"num_shards": num_shards, "features": {FEATURE: {"shape": [None], "dtype": "int32"}}}
    return {
        name: (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode("utf-8")
        for name, obj in ((f"info.{split}.json", info), (f"stats.{split}.json", dict(stats)))
    }


def write_info(directory: str, split: str, num_shards: int, stats: Mapping) -> None:
    for name, content in info_files(split, num_shards, stats).items():
        write_atomically(f"{directory.rstrip('/')}/{name}", content)
