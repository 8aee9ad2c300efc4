"""Hash index: n-gram key -> profile row, probed for a whole page at once.

A page yields thousands of candidate n-grams, and a binary search (``np.searchsorted``)
over every profile key for each of them is slow.  Here each key gets one "home" slot in a sparse table
(load <= 1/8) holding ``key << ROW_BITS | row``; when several keys share a home slot
the most frequent n-gram wins it and the others go to a small sorted overflow
array.  A lookup is one vectorized gather + compare, plus a ``searchsorted`` over
the overflow for the few queries that land on a slot owned by another key.  Every
answer is exact: the full key is compared, and an empty home slot proves the key
is unknown.
"""

import numpy as np

ROW_BITS = 20
_ROW_MASK = (1 << ROW_BITS) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier


class GramIndex:
    """Maps distinct positive int64 keys (< 2**43) to their position in ``keys``."""

    def __init__(self, keys: np.ndarray, priority: np.ndarray):
        if keys.size >= 1 << ROW_BITS or (keys.size and (keys.min() <= 0 or keys.max() >= 1 << 43)):
            raise ValueError("keys must be positive, < 2**43 and fewer than 2**20")
        bits = max(8, int(8 * keys.size).bit_length())
        self._shift = np.uint64(64 - bits)
        self._table = np.zeros(1 << bits, dtype=np.int64)
        home = self._slots(keys)
        order = np.argsort(-priority, kind="stable")
        _, first = np.unique(home[order], return_index=True)
        winners = order[first]
        self._table[home[winners]] = (keys[winners] << ROW_BITS) | winners
        losers = np.ones(keys.size, dtype=bool)
        losers[winners] = False
        overflow = np.flatnonzero(losers)
        sort = np.argsort(keys[overflow])
        self._over_keys = np.append(keys[overflow][sort], np.int64(-1))  # sentinel
        self._over_rows = np.append(overflow[sort], -1)

    def _slots(self, keys):
        """Home slot of each key: top bits of a wrapping uint64 multiply."""
        return ((keys.view(np.uint64) * _GOLDEN) >> self._shift).view(np.int64)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key in input order; unknown keys (any int64 but 0) are dropped."""
        rows = self.lookup_aligned(keys)
        return rows[rows >= 0]

    def lookup_aligned(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key, -1 where unknown (keys: any int64 but 0)."""
        entry = self._table.take(self._slots(keys))
        hit = (entry >> ROW_BITS) == keys
        rows = np.where(hit, entry & _ROW_MASK, -1)
        elsewhere = ~hit & (entry != 0)
        if elsewhere.any():
            rows[elsewhere] = self._lookup_overflow(keys[elsewhere])
        return rows

    def _lookup_overflow(self, keys):
        """Rows for keys not at their home slot (-1 where unknown)."""
        pos = np.searchsorted(self._over_keys[:-1], keys)
        return np.where(self._over_keys[pos] == keys, self._over_rows[pos], -1)
