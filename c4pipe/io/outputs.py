"""Output shards: AllenAI's json.gz layout, Parquet and TFRecords of tf.train.Example.

A shard is written from its full, sorted list of pages, atomically
(`c4pipe.io.atomic`), and the same pages always give the same bytes (gzip mtime 0,
fixed key order).
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
from typing import Iterable, Iterator, Optional, Sequence

from c4pipe.io import tfrecord
from c4pipe.io.atomic import write_atomically
from filters.page import Page

FORMATS = ("json", "parquet", "tfrecord")
SPLITS = ("train", "validation")


def num_shards_for(split: str, train_shards: int) -> int:
    """Validation gets 1/128 of the train shards, at least one (AllenAI: 1024 / 8)."""
    return train_shards if split == "train" else max(1, train_shards // 128)


def shard_path(output_dir: str, fmt: str, split: str, index: int, num_shards: int, format_dir: str = "") -> str:
    """`format_dir` defaults to the format's name (`tfds_info.tfds_dir` for TFRecords)."""
    name = {
        "json": f"c4-{split}.{index:05d}-of-{num_shards:05d}.json.gz",
        "parquet": f"c4-{split}.{index:05d}-of-{num_shards:05d}.parquet",
        "tfrecord": f"c4-{split}.tfrecord-{index:05d}-of-{num_shards:05d}",
    }[fmt]
    return f"{output_dir.rstrip('/')}/{format_dir or fmt}/{name}"


def sort_pages(pages: Iterable[Page]) -> list[Page]:
    """Shard order: by URL (unique after URL dedup), then the rest for total order."""
    return sorted(pages, key=lambda p: (p.url, p.timestamp, p.text))


def json_bytes(pages: Sequence[Page]) -> bytes:
    buffer = io.BytesIO()
    # Level 6, gzip's own default: much faster than Python's 9 for slightly larger files (BENCHMARKS.md).
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=6) as out:
        for page in pages:
            record = {"text": page.text, "timestamp": page.timestamp, "url": page.url}
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            out.write(b"\n")
    return buffer.getvalue()


def parquet_bytes(pages: Sequence[Page]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = ("text", "timestamp", "url", "content_type", "content_length")
    table = pa.table(
        {name: pa.array([getattr(p, name) for p in pages], type=pa.string()) for name in columns}
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def example_bytes(page: Page) -> bytes:
    """The reference's raw-text features, all bytes features."""
    return tfrecord.encode_example(
        {
            "content-length": [page.content_length.encode("utf-8")],
            "content-type": [page.content_type.encode("utf-8")],
            "text": [page.text.encode("utf-8")],
            "timestamp": [page.timestamp.encode("utf-8")],
            "url": [page.url.encode("utf-8")],
        }
    )


def tfrecord_bytes(pages: Sequence[Page]) -> bytes:
    buffer = io.BytesIO()
    tfrecord.write_records(buffer, (example_bytes(p) for p in pages))
    return buffer.getvalue()


ENCODERS = {"json": json_bytes, "parquet": parquet_bytes, "tfrecord": tfrecord_bytes}


def json_shards(output_dir: str, split: str) -> list[str]:
    """The sorted json.gz shards of `split` in a finished run's output directory."""
    paths = sorted(glob.glob(os.path.join(output_dir, "json", f"c4-{split}.*-of-*.json.gz")))
    if not paths:
        raise FileNotFoundError(f"no {split} shards under {os.path.join(output_dir, 'json')}")
    return paths


def json_shard_texts(path: str, limit: Optional[int] = None) -> Iterator[str]:
    """The texts of a json.gz shard, in order; the first `limit` only, if given."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)["text"]


def write_shard(
    output_dir: str, formats: Sequence[str], split: str, index: int, num_shards: int, pages: Sequence[Page],
    format_dirs: Optional[dict] = None,
) -> dict[str, int]:
    """Writes the shard in every format; returns {format: bytes written}."""
    sizes = {}
    for fmt in formats:
        data = ENCODERS[fmt](pages)
        write_atomically(shard_path(output_dir, fmt, split, index, num_shards, (format_dirs or {}).get(fmt, "")), data)
        sizes[fmt] = len(data)
    return sizes
