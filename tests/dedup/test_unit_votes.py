"""The packed dedup vote: the same keepers as a per-key minimum, however rows are cut up."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.dedup import unit_votes


def key(n: int) -> bytes:
    return hashlib.md5(f"unit {n}".encode()).digest()


def pid(n: int) -> bytes:
    return hashlib.md5(f"https://example.com/{n}".encode()).digest()


def naive_kept(offers: dict[bytes, set[bytes]]) -> dict[bytes, set[bytes]]:
    """{page id: keys it keeps}: each key goes to the smallest page id (bytes order) offering it."""
    keeper: dict[bytes, bytes] = {}
    for page, keys in offers.items():
        for k in keys:
            if k not in keeper or page < keeper[k]:
                keeper[k] = page
    kept: dict[bytes, set[bytes]] = {}
    for k, page in keeper.items():
        kept.setdefault(page, set()).add(k)
    return kept


def packed_kept(offers: dict[bytes, set[bytes]], buckets: int, bundles: int) -> dict[bytes, set[bytes]]:
    """The Beam job's steps, by hand: offers in `bundles` buffers, vote per bucket, back per page bucket."""
    buffers = [unit_votes.RowBuffer() for _ in range(bundles)]
    for i, (page, keys) in enumerate(offers.items()):
        buffers[i % bundles].add(page, keys)
    by_unit_bucket: dict[int, list[bytes]] = {}
    for buffer in buffers:
        for bucket, blob in buffer.take_by_unit_bucket(buckets):
            assert 0 <= bucket < buckets
            by_unit_bucket.setdefault(bucket, []).append(blob)
    by_page_bucket: dict[int, list[bytes]] = {}
    for blobs in by_unit_bucket.values():
        kept = unit_votes.keepers(unit_votes.from_blobs(blobs))
        for bucket, blob in unit_votes.split_by_page(kept, buckets):
            by_page_bucket.setdefault(bucket, []).append(blob)
    result: dict[bytes, set[bytes]] = {}
    for bucket, blobs in by_page_bucket.items():
        for page, keys in unit_votes.keys_per_page(unit_votes.from_blobs(blobs)).items():
            assert unit_votes.page_bucket(page, buckets) == bucket  # the join finds the page's rows
            assert page not in result
            result[page] = keys
    return result


_offers = st.dictionaries(
    st.integers(0, 40).map(pid),
    st.sets(st.integers(0, 60).map(key), max_size=12),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(_offers, st.integers(1, 20), st.integers(1, 4))
def test_same_keepers_as_the_per_key_minimum(offers, buckets, bundles):
    assert packed_kept(offers, buckets, bundles) == naive_kept(offers)


def test_page_ids_compare_as_bytes_across_both_words():
    """Ids that tie on the first 8 bytes, or differ only in a high bit, still order as bytes."""
    ids = [bytes([0x80] + [0] * 15), bytes([0x7F] + [0xFF] * 15), bytes(8) + bytes([1] + [0] * 7), bytes(16)]
    offers = {page: {key(1)} for page in ids}
    assert packed_kept(offers, 1, 1) == {bytes(16): {key(1)}}


def test_a_buffer_is_empty_after_it_is_taken():
    buffer = unit_votes.RowBuffer()
    assert buffer.add(pid(1), [key(1), key(2)]) == 2
    assert buffer.add(pid(2), []) == 0
    assert len(list(buffer.take_by_unit_bucket(4))) >= 1
    assert buffer.rows == 0 and list(buffer.take_by_unit_bucket(4)) == []


def test_rows_are_32_bytes_key_then_page_id():
    buffer = unit_votes.RowBuffer()
    buffer.add(pid(7), [key(3)])
    [(_, blob)] = buffer.take_by_unit_bucket(1)
    assert blob == key(3) + pid(7)
    assert unit_votes.ROW.itemsize == 32


def test_empty_inputs():
    empty = unit_votes.from_blobs([])
    assert len(unit_votes.keepers(empty)) == 0
    assert unit_votes.keys_per_page(empty) == {}
    assert list(unit_votes.split_by_page(empty, 4)) == []


@pytest.mark.parametrize("inputs, buckets", [(0, 16), (1, 16), (4, 16), (5, 20), (90_000, 65_536)])
def test_bucket_count(inputs, buckets):
    assert unit_votes.bucket_count(inputs) == buckets


def test_a_million_rows_each_key_offered_twice():
    rng = np.random.default_rng(0)
    rows = np.empty(1_000_000, dtype=unit_votes.ROW)
    raw = rows.view(np.uint8).reshape(-1, 32)
    raw[:, :16] = rng.integers(0, 256, size=(len(rows), 16), dtype=np.uint8)
    raw[:, 16:] = rng.integers(0, 256, size=(len(rows), 16), dtype=np.uint8)
    raw[1::2, :16] = raw[::2, :16]  # every key offered twice
    kept = unit_votes.keepers(rows)
    assert len(kept) == 500_000
    pairs = raw[:, 16:].reshape(-1, 2, 16)
    smaller = [min(a.tobytes(), b.tobytes()) for a, b in pairs[:1000]]
    by_key = {row[:16].tobytes(): row[16:].tobytes() for row in kept.view(np.uint8).reshape(-1, 32)}
    assert [by_key[raw[2 * i, :16].tobytes()] for i in range(1000)] == smaller
