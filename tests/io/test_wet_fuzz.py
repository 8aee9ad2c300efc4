"""Fuzzing WET framing and gzip: truncations, byte flips, inserted and deleted bytes,
header mutations, over plain files, one gzip member per record, and one member for all.

Invariants: no exception escapes, every page read is counted as passed, and every
record that is intact before the first damaged byte is read.
"""

from __future__ import annotations

import gzip
import io
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from c4pipe.io.wet import read_wet
from filters.counting import CounterDict

_VERSION_LINE = b"WARC/1.0\r\n"
_TEXT = st.text(alphabet=st.sampled_from("abc xyz.\u00e9\u4e2d\t\r\n"), max_size=80)


def record(index: int, body: str) -> bytes:
    payload = f"Page {index} starts here.\n{body}".encode("utf-8")
    headers = (
        f"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://fuzz.example/{index}\r\n"
        f"WARC-Date: 2019-04-18T10:38:25Z\r\nContent-Type: text/plain\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return headers.encode() + payload + b"\r\n\r\n"


def url(index: int) -> str:
    return f"http://fuzz.example/{index}"


def encode(records: list[bytes], layout: str) -> tuple[bytes, list[int]]:
    """The file, and the byte offset where each record is proven complete in it."""
    if layout == "members":
        data, ends = b"", []
        for rec in records:
            data += gzip.compress(rec, mtime=0)
            ends.append(len(data))
        return data, ends
    plain = b"".join(records)
    ends, offset = [], 0
    for rec in records:
        offset += len(rec)
        ends.append(offset)
    if layout == "plain":
        return plain, ends
    return gzip.compress(plain, mtime=0), ends  # "single": ends are in plain-text offsets


def intact(layout: str, data: bytes, ends: list[int], damage_at: int) -> set[str]:
    """URLs of the records that lie wholly before the first damaged byte.

    In one gzip member for all, what is readable before the damage is what zlib gives
    for the undamaged prefix; line framing proves a record complete when the next
    record's version line has arrived, or when the member ended.
    """
    if layout in ("members", "plain"):
        return {url(i) for i, end in enumerate(ends) if end <= damage_at}
    readable = len(zlib.decompressobj(wbits=31).decompress(data[:damage_at]))
    proven = [end + len(_VERSION_LINE) for end in ends[:-1]] + [None]
    return {url(i) for i, end in enumerate(proven) if end is not None and end <= readable}


@st.composite
def damaged_files(draw):
    bodies = draw(st.lists(_TEXT, min_size=1, max_size=5))
    records = [record(i, body) for i, body in enumerate(bodies)]
    layout = draw(st.sampled_from(["plain", "members", "single"]))
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "header"]))
    if kind == "header":  # a wrong Content-Length in one record, before encoding
        target = draw(st.integers(0, len(records) - 1))
        length = draw(st.integers(0, 10_000))
        records[target] = records[target].replace(b"Content-Length: ", b"Content-Length: %d" % length + b"\r\nX: ", 1)
        data, ends = encode(records, layout)
        clean, _ = encode(records[:target], layout)
        damage_at = len(clean) if layout != "single" else 0
        if layout == "single":
            plain_before = sum(len(r) for r in records[:target])
            return records, layout, data, ends, damage_at, plain_before
        return records, layout, data, ends, damage_at, None
    data, ends = encode(records, layout)
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        damaged = data[:at]
    elif kind == "flip":
        at = min(at, len(data) - 1)
        damaged = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif kind == "insert":
        damaged = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    else:
        damaged = data[:at] + data[at + draw(st.integers(1, 8)) :]
    return records, layout, damaged, ends, at, None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_files())
def test_damage_never_escapes_and_never_costs_an_intact_record(case):
    records, layout, data, ends, damage_at, plain_before = case
    counts = CounterDict()
    pages = list(read_wet(lambda: io.BytesIO(data), "fuzz", counts))
    assert counts["passed"] == len(pages)
    assert all(page.url and page.text and page.timestamp for page in pages)
    read_urls = {page.url for page in pages}
    if plain_before is not None:  # header mutation in one member for all: damage at a plain offset
        expected = {url(i) for i, end in enumerate(ends[:-1]) if end + len(_VERSION_LINE) <= plain_before}
    else:
        expected = intact(layout, data, ends, damage_at)
    assert expected <= read_urls, (layout, damage_at, sorted(expected - read_urls), dict(counts))


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5), st.sampled_from(["plain", "members", "single"]))
def test_undamaged_files_read_every_record(bodies, layout):
    records = [record(i, body) for i, body in enumerate(bodies)]
    data, _ = encode(records, layout)
    counts = CounterDict()
    pages = list(read_wet(lambda: io.BytesIO(data), "fuzz", counts))
    assert [page.url for page in pages] == [url(i) for i in range(len(records))]
    assert not any(name.startswith("file:") and name != "file:lenient_framing" for name in counts)
