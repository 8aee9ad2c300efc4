"""The corpus-wide dedup vote on packed rows: numpy tables, not one record per unit.

Every page offers the 16-byte keys of its distinct units (lines or sentence windows);
for each key, the page with the smallest id (md5 of its URL, compared as bytes) keeps
it. A row is 32 bytes, the unit key then the page id, and rows travel between stages
as blobs of many rows, one per hash bucket: a shuffle then moves a few hundred blobs
instead of one small record per unit, which is what the runner spent its time on.
The vote itself is a sort (`keepers`); the result does not depend on how rows were
bundled, bucketed or ordered.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import numpy as np

ROW = np.dtype([("k0", "<u8"), ("k1", "<u8"), ("p0", ">u8"), ("p1", ">u8")])
"""Key (16 bytes, any order: only equality matters), then the page id as two big-endian
words, so that numeric order of (p0, p1) is the bytes order of the md5 digest."""

MIN_BUCKETS, MAX_BUCKETS = 16, 65536


def bucket_count(num_inputs: int) -> int:
    """Buckets per shuffle: 4 per input file, so one bucket holds about a quarter of a
    WET file's offers whatever the crawl's size, and a local run has enough buckets to
    spread over its workers."""
    return max(MIN_BUCKETS, min(MAX_BUCKETS, 4 * num_inputs))


def page_bucket(page_id: bytes, buckets: int) -> int:
    """The bucket of a page; `split_by_page` puts its kept rows in the same one."""
    return int.from_bytes(page_id[:8], "big") % buckets


def from_blobs(blobs: Iterable[bytes]) -> np.ndarray:
    parts = [np.frombuffer(blob, dtype=ROW) for blob in blobs if blob]
    return np.concatenate(parts) if parts else np.empty(0, dtype=ROW)


class RowBuffer:
    """A bundle's offers, kept as raw bytes until they are split into bucket blobs."""

    def __init__(self):
        self._clear()

    def _clear(self) -> None:
        self._keys = bytearray()
        self._page_ids: list[bytes] = []
        self._counts: list[int] = []
        self.rows = 0

    def add(self, page_id: bytes, keys: Iterable[bytes]) -> int:
        """Offers the page's distinct unit keys; returns how many."""
        blob = b"".join(keys)
        n = len(blob) // 16
        if n:
            self._keys += blob
            self._page_ids.append(page_id)
            self._counts.append(n)
            self.rows += n
        return n

    def take_by_unit_bucket(self, buckets: int) -> Iterator[tuple[int, bytes]]:
        """(bucket of the unit key, blob of rows) for each non-empty bucket; empties the buffer."""
        if not self.rows:
            return
        rows = np.empty(self.rows, dtype=ROW)
        raw = rows.view(np.uint8).reshape(-1, 32)
        raw[:, :16] = np.frombuffer(self._keys, dtype=np.uint8).reshape(-1, 16)
        pids = np.frombuffer(b"".join(self._page_ids), dtype=np.uint8).reshape(-1, 16)
        raw[:, 16:] = np.repeat(pids, self._counts, axis=0)
        self._clear()
        yield from _split(rows, rows["k0"] % np.uint64(buckets))


def keepers(rows: np.ndarray) -> np.ndarray:
    """For each distinct key, its row with the smallest page id."""
    if not len(rows):
        return rows
    rows = rows[np.lexsort((rows["p1"], rows["p0"], rows["k1"], rows["k0"]))]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows["k0"][1:] != rows["k0"][:-1]) | (rows["k1"][1:] != rows["k1"][:-1])
    return rows[first]


def split_by_page(rows: np.ndarray, buckets: int) -> Iterator[tuple[int, bytes]]:
    """(page bucket, blob of rows) for each non-empty bucket (see `page_bucket`)."""
    yield from _split(rows, rows["p0"] % np.uint64(buckets))


def keys_per_page(rows: np.ndarray) -> dict[bytes, set[bytes]]:
    """{page id: the set of unit keys that page keeps}."""
    if not len(rows):
        return {}
    rows = rows[np.lexsort((rows["p1"], rows["p0"]))]
    raw = rows.view(np.uint8).reshape(-1, 32)
    keys = raw[:, :16].tobytes()
    change = np.flatnonzero((rows["p0"][1:] != rows["p0"][:-1]) | (rows["p1"][1:] != rows["p1"][:-1])) + 1
    starts = [0, *change.tolist()]
    ends = [*change.tolist(), len(rows)]
    return {
        raw[start, 16:].tobytes(): {keys[16 * i : 16 * i + 16] for i in range(start, end)}
        for start, end in zip(starts, ends)
    }


def _split(rows: np.ndarray, bucket_of_row: np.ndarray) -> Iterator[tuple[int, bytes]]:
    if not len(rows):
        return
    order = np.argsort(bucket_of_row, kind="stable")
    sorted_buckets = bucket_of_row[order]
    bounds = np.flatnonzero(sorted_buckets[1:] != sorted_buckets[:-1]) + 1
    for part in np.split(order, bounds):
        yield int(bucket_of_row[part[0]]), rows[part].tobytes()
