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
from filters.urls import is_validation, page_id

FORMATS = ("json", "parquet", "tfrecord")
SPLITS = ("train", "validation")
"""The splits of the English layout; the multilingual one has `<lang>` and `<lang>-validation`."""
VALIDATION_SUFFIX = "-validation"
JSON_DIRS = {"c4": "json", "mc4": "multilingual"}
"""Where each layout's json.gz shards go: AllenAI's `en/`-style folder, or the released mC4's."""


def num_shards_for(split: str, train_shards: int) -> int:
    """Validation gets 1/128 of the train shards, at least one (AllenAI: 1024 / 8)."""
    return train_shards if split == "train" else max(1, train_shards // 128)


def shard_path(output_dir: str, fmt: str, split: str, index: int, num_shards: int, format_dir: str = "",
               layout: str = "c4") -> str:
    """`format_dir` defaults to the layout's folder for the format (`tfds_info.tfds_dir`
    for TFRecords). The multilingual json.gz names are the released mC4's."""
    of = f"{index:05d}-of-{num_shards:05d}"
    name = {
        "json": f"c4-{split}.tfrecord-{of}.json.gz" if layout == "mc4" else f"c4-{split}.{of}.json.gz",
        "parquet": f"c4-{split}.{of}.parquet",
        "tfrecord": f"c4-{split}.tfrecord-{of}",
    }[fmt]
    folder = format_dir or (JSON_DIRS[layout] if fmt == "json" else fmt)
    return f"{output_dir.rstrip('/')}/{folder}/{name}"


def shard_order(page: Page) -> tuple:
    """A page's place in its split: the md5 of its URL (a fixed shuffle that spreads a
    site's pages through the split), then the URL and the rest for a total order."""
    return page_id(page.url), page.url, page.timestamp, page.text


def sort_pages(pages: Iterable[Page]) -> list[Page]:
    return sorted(pages, key=shard_order)


def _position(page: Page) -> int:
    """Where a page falls in `shard_order`, as a 64-bit number."""
    return int.from_bytes(page_id(page.url)[:8], "big")


def part_of(page: Page, parts: int) -> int:
    """Which of its split's `parts` a page goes to: contiguous ranges of `shard_order`,
    so that the parts, each sorted alone and read in order, are the sorted split."""
    return (_position(page) * parts) >> 64


def shard_of(page: Page, num_shards: int) -> int:
    """A page's shard: shards, too, are contiguous ranges of `shard_order`, cut without
    regard to the parts, so the files do not depend on how many parts there were."""
    return (_position(page) * num_shards) >> 64


def shards_of_part(part: int, parts: int, num_shards: int) -> range:
    """The shards whose range overlaps the part's: each reads the part and keeps its own."""
    return range(part * num_shards // parts, ((part + 1) * num_shards - 1) // parts + 1)


def split_of(page: Page, layout: str, validation_modulus: int) -> str:
    """`train` / `validation`, or, in the multilingual layout, `<lang>` / `<lang>-validation`;
    validation by the md5 of the normalized URL, as the reference."""
    validation = is_validation(page.normalized_url, validation_modulus)
    if layout == "mc4":
        return page.language + VALIDATION_SUFFIX if validation else page.language
    return "validation" if validation else "train"


@dataclasses.dataclass(frozen=True)
class ShardLayout:
    """Where a page is written, from its URL and language alone: its split and the part
    of the split (`part_of`). How many shards a split has is decided once every split's
    size is known (`ShardCounts`), so a split's shard count can follow its size."""

    validation_modulus: int
    parts: int = 1
    layout: str = "c4"

    def part_key(self, page: Page) -> tuple[str, int]:
        """(split, part)."""
        return split_of(page, self.layout, self.validation_modulus), part_of(page, self.parts)


@dataclasses.dataclass(frozen=True)
class ShardCounts:
    """How many shards each split gets. The English layout: `train_shards` for train,
    1/128 of them for validation (`num_shards_for`), both always written. The
    multilingual layout: one shard per `shard_bytes` of a split's UTF-8 text, at least
    one; only splits with pages are written."""

    train_shards: int = 8
    shard_bytes: Optional[int] = None

    @property
    def by_size(self) -> bool:
        return self.shard_bytes is not None

    def count(self, split: str, text_bytes: int) -> int:
        if not self.by_size:
            return num_shards_for(split, self.train_shards)
        return max(1, -(-text_bytes // self.shard_bytes))

    def always(self) -> tuple[str, ...]:
        """The splits written even without pages."""
        return () if self.by_size else SPLITS


def parts_per_split(num_inputs: int, train_shards: Optional[int] = None) -> int:
    """About one input file's pages per part, whatever the corpus's size, so no worker
    holds much more than a file's pages. With a fixed train shard count, a multiple of
    it, so that train shards and parts share their bounds and each part is read once;
    else at least `MIN_PARTS`, so that a small split's shards seldom share a part."""
    if train_shards is not None:
        return train_shards * max(1, -(-num_inputs // train_shards))
    return max(MIN_PARTS, num_inputs)


MIN_PARTS = 64


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
        if self._rows:
            self._write_row_group()
        if self._writer is None:  # an empty shard: the schema and no row group (a 0-row group trips readers)
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(self._stream, self._schema, compression="zstd")
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
                 format_dirs: Optional[dict] = None, layout: str = "c4"):
        self._files, self._streams, self._encoders = {}, {}, {}
        try:
            for fmt in formats:
                path = shard_path(output_dir, fmt, split, index, num_shards, (format_dirs or {}).get(fmt, ""), layout)
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
"""Under the output directory: the splits' parts until the run has written every shard
(`c4pipe run` then deletes it). A part is a file of length-prefixed records."""


def part_path(output_dir: str, split: str, part: int) -> str:
    return f"{output_dir.rstrip('/')}/{PARTS_DIR}/{split}-part-{part:05d}"


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
    """The sorted json.gz shards of `split` in a finished run's output directory, in
    either layout (`JSON_DIRS`)."""
    for layout in JSON_DIRS:
        pattern = shard_path(output_dir, "json", split, 0, 1, layout=layout).replace("00000-of-00001", "*-of-*")
        paths = sorted(glob.glob(pattern))
        if paths:
            return paths
    raise FileNotFoundError(
        f"no {split} shards under {' or '.join(os.path.join(output_dir, d) for d in JSON_DIRS.values())}")


def json_splits(output_dir: str) -> list[str]:
    """The splits that have json.gz shards in a finished run's output directory."""
    found = set()
    for layout, folder in JSON_DIRS.items():
        for path in glob.glob(os.path.join(output_dir, folder, "c4-*-of-*.json.gz")):
            name = os.path.basename(path)[len("c4-"):]
            found.add(name.split(".tfrecord-")[0] if layout == "mc4" else name.split(".")[0])
    return sorted(found)


def json_shard_texts(path: str, limit: Optional[int] = None) -> Iterator[str]:
    """The texts of a json.gz shard, in order; the first `limit` only, if given."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)["text"]
