"""Output shards written as their pages stream in, and the parts a shard is written from."""

from __future__ import annotations

import gzip
import io
import json

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.io import outputs, tfrecord
from filters.page import Page
from filters.urls import is_validation


def make_page(i: int, text: str = "") -> Page:
    return Page(f"http://site{i % 7}.test/{i}", f"site{i % 7}.test/{i}", text or f"text {i} é", "2019-04-01",
                "text/plain", str(i))


def write_shard(output_dir: str, formats, split: str, index: int, num_shards: int, pages) -> dict:
    """Writes the shard through `outputs.ShardWriter`, as the pipeline's shard writer does."""
    with outputs.ShardWriter(output_dir, formats, split, index, num_shards) as writer:
        for page in pages:
            writer.add(page)
        return writer.commit()


urls = st.text(alphabet="abcdefgh/:.é", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(urls, unique=True, max_size=60), st.integers(1, 40))
def test_parts_read_in_order_are_the_sorted_shard(page_urls, parts):
    pages = [Page(url, url, "t", "ts") for url in page_urls]
    by_part = sorted(pages, key=lambda p: (outputs.part_of(p, parts), outputs.shard_order(p)))
    assert by_part == outputs.sort_pages(pages)
    assert all(0 <= outputs.part_of(p, parts) < parts for p in pages)


def test_parts_per_split_follow_the_inputs():
    assert outputs.parts_per_split(1, 8) == 8  # a multiple of the train shards: every shard gets as many
    assert outputs.parts_per_split(8, 8) == 8
    assert outputs.parts_per_split(9, 8) == 16
    assert outputs.parts_per_split(150, 8) == 152
    assert outputs.parts_per_split(3) == outputs.MIN_PARTS  # by size: room for a split's shards to grow
    assert outputs.parts_per_split(1000) == 1000


@settings(max_examples=200, deadline=None)
@given(st.lists(urls, unique=True, max_size=60), st.integers(1, 40), st.integers(1, 40))
def test_a_shard_is_what_its_overlapping_parts_hold_in_its_range(page_urls, parts, num_shards):
    pages = [Page(url, url, "t", "ts") for url in page_urls]
    for index in range(num_shards):
        overlapping = [part for part in range(parts) if index in outputs.shards_of_part(part, parts, num_shards)]
        from_parts = [p for part in overlapping
                      for p in outputs.sort_pages(q for q in pages if outputs.part_of(q, parts) == part)
                      if outputs.shard_of(p, num_shards) == index]
        assert from_parts == outputs.sort_pages(p for p in pages if outputs.shard_of(p, num_shards) == index)
    shards = [outputs.shard_of(p, num_shards) for p in outputs.sort_pages(pages)]
    assert shards == sorted(shards)  # contiguous ranges of the shard order


@given(st.integers(1, 300), st.integers(1, 300))
def test_every_shard_a_part_can_hold_is_listed(parts, num_shards):
    for part in range(parts):
        shards = outputs.shards_of_part(part, parts, num_shards)
        low, high = -(-(part << 64) // parts), -(-((part + 1) << 64) // parts) - 1  # the part's positions
        assert shards.start == (low * num_shards) >> 64 and shards.stop - 1 == (high * num_shards) >> 64


def test_shard_counts_fixed_or_by_size():
    fixed = outputs.ShardCounts(train_shards=8)
    assert (fixed.count("train", 0), fixed.count("validation", 10**12)) == (8, 1)
    assert fixed.always() == ("train", "validation")
    by_size = outputs.ShardCounts(shard_bytes=100)
    assert [by_size.count("de", n) for n in (0, 1, 100, 101, 250, 10**4)] == [1, 1, 1, 2, 3, 100]
    assert by_size.always() == ()


def test_splits_of_both_layouts():
    page = Page("https://a.example/x", "a.example/x", "t", "ts", language="zh-Latn")
    validation = next(Page(f"https://a.example/{i}", f"a.example/{i}", "t", "ts", language="de")
                      for i in range(10_000) if is_validation(f"a.example/{i}"))
    assert [outputs.split_of(p, "c4", 1000) for p in (page, validation)] == ["train", "validation"]
    assert [outputs.split_of(p, "mc4", 1000) for p in (page, validation)] == ["zh-Latn", "de-validation"]


def test_shard_membership_is_pinned():
    # A change here silently reshuffles every corpus built before it.
    pages = [Page(f"http://example.com/{i}", f"example.com/{i}", "t", "ts") for i in range(6)]
    assert [(outputs.split_of(page, "c4", 1000), outputs.shard_of(page, 8)) for page in pages] == [
        ("train", 1), ("train", 4), ("train", 3), ("train", 7), ("train", 7), ("train", 3)]


def test_part_file_round_trip(tmp_path):
    path = str(tmp_path / "parts" / "train-00000-part-00003")
    records = [b"", b"a", b"\x00" * 1000, "é".encode()]
    assert outputs.write_part(path, iter(records)) == 4
    assert list(outputs.read_part(path)) == records
    assert [p.name for p in (tmp_path / "parts").iterdir()] == ["train-00000-part-00003"]  # no temporary left


def test_truncated_part_file_is_an_error(tmp_path):
    path = str(tmp_path / "part")
    outputs.write_part(path, [b"abcdef"])
    with open(path, "r+b") as f:
        f.truncate(10)
    with pytest.raises(ValueError, match="truncated part file"):
        list(outputs.read_part(path))


def test_remove_parts(tmp_path):
    outputs.write_part(outputs.part_path(str(tmp_path), "train", 0), [b"x"])
    outputs.remove_parts(str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    outputs.remove_parts(str(tmp_path))  # nothing there: no error


def read_back(directory, fmt: str) -> list[dict]:
    path = outputs.shard_path(str(directory), fmt, "train", 0, 1)
    if fmt == "json":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    if fmt == "parquet":
        return [{k: r[k] for k in ("text", "timestamp", "url")} for r in pq.read_table(path).to_pylist()]
    with open(path, "rb") as f:
        examples = [tfrecord.decode_example(data) for data in tfrecord.read_records(f)]
    return [{k: e[k][0].decode("utf-8") for k in ("text", "timestamp", "url")} for e in examples]


@pytest.mark.parametrize("fmt", outputs.FORMATS)
def test_shard_writer_writes_what_the_in_memory_encoder_does(tmp_path, fmt):
    pages = outputs.sort_pages(make_page(i) for i in range(40))
    sizes = write_shard(str(tmp_path), [fmt], "train", 0, 1, pages)
    path = outputs.shard_path(str(tmp_path), fmt, "train", 0, 1)
    with open(path, "rb") as f:
        data = f.read()
    assert data == outputs.encode(fmt, pages) and sizes == {fmt: len(data)}
    assert read_back(tmp_path, fmt) == [{"text": p.text, "timestamp": p.timestamp, "url": p.url} for p in pages]


def test_parquet_row_groups_are_cut_by_text_size(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "PARQUET_ROW_GROUP_BYTES", 100)
    pages = [make_page(i, text="x" * 30) for i in range(20)]  # a row group every 4 pages
    write_shard(str(tmp_path), ["parquet"], "train", 0, 1, pages)
    path = outputs.shard_path(str(tmp_path), "parquet", "train", 0, 1)
    assert pq.ParquetFile(path).num_row_groups == 5
    assert read_back(tmp_path, "parquet") == [{"text": p.text, "timestamp": p.timestamp, "url": p.url} for p in pages]
    assert outputs.encode("parquet", pages) == open(path, "rb").read()


def test_empty_shard_is_a_valid_file_in_every_format(tmp_path):
    write_shard(str(tmp_path), outputs.FORMATS, "train", 0, 1, [])
    for fmt in outputs.FORMATS:
        assert read_back(tmp_path, fmt) == []


def test_a_failed_shard_leaves_no_file(tmp_path):
    def pages():
        yield make_page(1)
        raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError):
        write_shard(str(tmp_path), outputs.FORMATS, "train", 0, 1, pages())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_json_shard_is_one_gzip_stream():
    data = outputs.encode("json", [make_page(i) for i in range(3)])
    assert data.count(b"\x1f\x8b\x08") == 1
    assert len(gzip.GzipFile(fileobj=io.BytesIO(data)).read().splitlines()) == 3


def test_an_empty_parquet_shard_has_the_schema_and_no_row_group():
    """A 0-row row group makes Hugging Face datasets' Parquet reader fail (batch size 0)."""
    data = outputs.encode("parquet", [])
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    assert meta.num_row_groups == 0 and meta.num_rows == 0
    assert pq.read_table(io.BytesIO(data)).schema.names == list(outputs._ParquetEncoder.COLUMNS)
