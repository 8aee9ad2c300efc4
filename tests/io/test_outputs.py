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


def test_parts_per_shard_follows_the_inputs():
    assert outputs.parts_per_shard(1, 8) == 1
    assert outputs.parts_per_shard(8, 8) == 1
    assert outputs.parts_per_shard(9, 8) == 2
    assert outputs.parts_per_shard(150, 8) == 19


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
    outputs.write_part(outputs.part_path(str(tmp_path), "train", 0, 0), [b"x"])
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
