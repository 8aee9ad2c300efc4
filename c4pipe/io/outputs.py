"""Output shards: AllenAI's json.gz layout, Parquet and TFRecords of tf.train.Example.

A shard's pages are written as they stream in, in shard order (`shard_order`),
atomically (`c4pipe.io.atomic`), and the same pages always give the same bytes (gzip
mtime 0, fixed key order, Parquet row groups cut at fixed text sizes).
"""

from __future__ import annotations

import dataclasses
import glob
import gzip
import io
import json
import os
import shutil
import struct
from typing import BinaryIO, Iterable, Iterator, Optional, Sequence

from c4pipe.io import tfrecord
from c4pipe.io.atomic import AtomicFile, atomic_writer, is_local, open_for_reading
from filters.page import Page
from filters.urls import is_validation, page_id, shard_of

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


def shard_order(page: Page) -> tuple:
    """A page's place in its shard: the md5 of its URL (a fixed shuffle that spreads a
    site's pages through the shard), then the URL and the rest for a total order."""
    return page_id(page.url), page.url, page.timestamp, page.text


def sort_pages(pages: Iterable[Page]) -> list[Page]:
    return sorted(pages, key=shard_order)


def part_of(page: Page, parts: int) -> int:
    """Which of a shard's `parts` a page goes to: contiguous ranges of `shard_order`,
    so that the parts, each sorted alone and read in order, are the sorted shard."""
    return (int.from_bytes(page_id(page.url)[:8], "big") * parts) >> 64


@dataclasses.dataclass(frozen=True)
class ShardLayout:
    """Where a page is written: its split, its shard and the part of the shard
    (`part_of`), from its URL alone."""

    train_shards: int
    validation_modulus: int
    parts: int = 1

    def part_key(self, page: Page) -> tuple[str, int, int]:
        """(split, shard index, part)."""
        split = "validation" if is_validation(page.normalized_url, self.validation_modulus) else "train"
        return split, shard_of(page.url, num_shards_for(split, self.train_shards)), part_of(page, self.parts)


def parts_per_shard(num_inputs: int, train_shards: int) -> int:
    """About one input file's pages per part, whatever the corpus's size: a shard
    reaches its writer part by part, so no worker ever holds a whole shard."""
    return max(1, -(-num_inputs // train_shards))


PARQUET_ROW_GROUP_BYTES = 32 << 20
"""A Parquet row group is written when its pages' texts reach this size (or at the end)."""


class _CountingStream:
    """A write-only stream that counts the bytes through it (a shard's size)."""

    def __init__(self, stream: BinaryIO):
        self._stream, self.written, self.closed = stream, 0, False

    def write(self, data) -> int:
        self._stream.write(data)
        self.written += len(data)
        return len(data)

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class _JsonEncoder:
    def __init__(self, stream: BinaryIO):
        # Level 6, gzip's own default: much faster than Python's 9 for slightly larger files (BENCHMARKS.md).
        self._out = gzip.GzipFile(fileobj=stream, mode="wb", mtime=0, filename="", compresslevel=6)

    def add(self, page: Page) -> None:
        record = {"text": page.text, "timestamp": page.timestamp, "url": page.url}
        self._out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")

    def close(self) -> None:
        self._out.close()


class _ParquetEncoder:
    COLUMNS = ("text", "timestamp", "url", "content_type", "content_length")

    def __init__(self, stream: BinaryIO):
        import pyarrow as pa

        self._schema = pa.schema([(name, pa.string()) for name in self.COLUMNS])
        self._stream, self._writer = stream, None
        self._rows: list[Page] = []
        self._text_bytes = 0

    def add(self, page: Page) -> None:
        self._rows.append(page)
        self._text_bytes += len(page.text)
        if self._text_bytes >= PARQUET_ROW_GROUP_BYTES:
            self._write_row_group()

    def _write_row_group(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self._writer = pq.ParquetWriter(self._stream, self._schema, compression="zstd")
        columns = {name: pa.array([getattr(p, name) for p in self._rows], type=pa.string()) for name in self.COLUMNS}
        self._writer.write_table(pa.table(columns, schema=self._schema))
        self._rows, self._text_bytes = [], 0

    def close(self) -> None:
        if self._rows or self._writer is None:  # an empty shard is a file with no rows
            self._write_row_group()
        self._writer.close()


class _TfrecordEncoder:
    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def add(self, page: Page) -> None:
        tfrecord.write_records(self._stream, [example_bytes(page)])

    def close(self) -> None:
        pass


ENCODERS = {"json": _JsonEncoder, "parquet": _ParquetEncoder, "tfrecord": _TfrecordEncoder}


def encode(fmt: str, pages: Iterable[Page]) -> bytes:
    """One format's file of `pages`, in memory (benchmarks and tests)."""
    buffer = io.BytesIO()
    encoder = ENCODERS[fmt](buffer)
    for page in pages:
        encoder.add(page)
    encoder.close()
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


class ShardWriter:
    """A shard's files in every format, written as its pages stream in (in shard
    order), so memory holds one Parquet row group at most, never the shard.

    The files appear when `commit()` returns (`c4pipe.io.atomic`), all or none; as a
    context manager it aborts (deletes what it wrote) if the block raises.
    """

    def __init__(self, output_dir: str, formats: Sequence[str], split: str, index: int, num_shards: int,
                 format_dirs: Optional[dict] = None):
        self._files, self._streams, self._encoders = {}, {}, {}
        try:
            for fmt in formats:
                path = shard_path(output_dir, fmt, split, index, num_shards, (format_dirs or {}).get(fmt, ""))
                self._files[fmt] = AtomicFile(path)
                self._streams[fmt] = _CountingStream(self._files[fmt].stream)
                self._encoders[fmt] = ENCODERS[fmt](self._streams[fmt])
        except BaseException:
            self.abort()
            raise

    def add(self, page: Page) -> None:
        for encoder in self._encoders.values():
            encoder.add(page)

    def commit(self) -> dict[str, int]:
        """Closes and publishes every file; returns {format: bytes written}."""
        for encoder in self._encoders.values():
            encoder.close()
        for file in self._files.values():
            file.commit()
        return {fmt: stream.written for fmt, stream in self._streams.items()}

    def abort(self) -> None:
        for file in self._files.values():
            file.abort()

    def __enter__(self) -> "ShardWriter":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            self.abort()


PARTS_DIR = ".c4pipe-parts"
"""Under the output directory: a shard's parts until the run has written every shard
(`c4pipe run` then deletes it). A part is a file of length-prefixed records."""


def part_path(output_dir: str, split: str, index: int, part: int) -> str:
    return f"{output_dir.rstrip('/')}/{PARTS_DIR}/{split}-{index:05d}-part-{part:05d}"


def write_part(path: str, records: Iterable[bytes]) -> int:
    """Writes `records` as one part file, atomically; returns how many."""
    count = 0
    with atomic_writer(path) as out:
        for record in records:
            out.write(struct.pack("<Q", len(record)))
            out.write(record)
            count += 1
    return count


def read_part(path: str) -> Iterator[bytes]:
    with open_for_reading(path) as stream:
        while header := stream.read(8):
            (length,) = struct.unpack("<Q", header)
            record = stream.read(length)
            if len(record) != length:
                raise ValueError(f"{path}: truncated part file")
            yield record


def remove_parts(output_dir: str) -> None:
    path = f"{output_dir.rstrip('/')}/{PARTS_DIR}"
    if is_local(path):
        shutil.rmtree(path, ignore_errors=True)
        return
    from apache_beam.io.filesystems import FileSystems

    if FileSystems.exists(path + "/"):
        FileSystems.delete([path + "/"])


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
