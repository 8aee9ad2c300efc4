"""Direct-indexed n-gram -> row tables for the most common characters.

Hashing every candidate n-gram of a page (thousands of them) is the lookup's main cost.  Most pages are
written almost entirely in a small alphabet (ASCII letters, space, common accented
letters), so n-grams made only of ``size - 2`` common profile characters get
plain array tables indexed by ``c1 * size**2 + c2 * size + c3`` (8 MB for
``size = 128``).  Characters no profile uses share one id whose entries stay -1
(unknown), and positions whose 1-3-char window holds any other profile character
are re-resolved through the exact hash index, so the result never depends on
which characters made the cut.
"""

import threading

import numpy as np
from langdetect.detector_factory import PROFILES_DIRECTORY

from .profiles import RESERVED_IDS, UNKNOWN_IDS, ProfileMatrix, get_profile_matrix
from .table_cache import cached

DEFAULT_SIZE = 128


def _is_latin(ch):
    return "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


def _hot_characters(profiles: ProfileMatrix, count: int) -> list:
    """Space and ASCII letters, then Latin letters, then other chars by unigram share.

    Latin script first because C4's input is dominated by Latin-script pages.
    """
    forced = [" "] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    forced += [chr(c) for c in range(ord("a"), ord("z") + 1)]
    weight = {g: profiles.probs[row].sum() for row, g in enumerate(profiles.grams) if len(g) == 1}
    ranked = sorted(weight, key=lambda ch: (not _is_latin(ch), -weight[ch], ch))
    chosen = [ch for ch in forced if ch in profiles.alphabet]
    chosen += [ch for ch in ranked if ch not in chosen]
    return chosen[:count]


class DenseGrams:
    """Row tables for 1-, 2- and 3-grams over a small alphabet (-1: unknown)."""

    def __init__(self, profiles: ProfileMatrix, size: int = DEFAULT_SIZE):
        self.size = size
        self.other = size - 1  # profile chars outside the small alphabet
        unknown = size - 2  # chars no profile gram contains: every gram with one is unknown
        hot = _hot_characters(profiles, size - 2)
        small = {ch: i for i, ch in enumerate(hot)}
        first_unknown = len(profiles.alphabet) + RESERVED_IDS
        self.small_of_id = np.full(first_unknown + UNKNOWN_IDS, self.other, dtype=np.int64)
        self.small_of_id[first_unknown:] = unknown
        for ch, i in small.items():
            self.small_of_id[profiles.char_id(ch)] = i
        self.space = small[" "]
        self.tables = [np.full(size ** n, -1, dtype=np.int32) for n in (1, 2, 3)]
        for row, gram in enumerate(profiles.grams):
            if all(ch in small for ch in gram):
                index = 0
                for ch in gram:
                    index = index * size + small[ch]
                self.tables[len(gram) - 1][index] = row

    def rows(self, small: np.ndarray) -> np.ndarray:
        """(m, 3) int32 rows of the 1/2/3-grams ending at each position (-1: unknown).

        Entries whose window contains ``other`` are meaningless (-1 here) and must
        be re-resolved by the caller.  The text is padded with two spaces in front:
        "space space c" is a trigram langdetect never emits, so position 0 gets -1.
        """
        size = self.size
        s = np.empty(small.size + 2, dtype=np.int64)
        s[:2] = self.space
        s[2:] = small
        pair = s[1:-1] * size
        pair += small
        triple = s[:-2] * (size * size)
        triple += pair
        t1, t2, t3 = self.tables
        return np.stack((t1.take(small), t2.take(pair), t3.take(triple)), axis=1)


_LOCK = threading.Lock()
_DENSE = None


def get_dense_grams() -> DenseGrams:
    """Process-wide tables, built on first use."""
    global _DENSE
    if _DENSE is None:
        with _LOCK:
            if _DENSE is None:
                _DENSE = cached("dense", PROFILES_DIRECTORY, lambda: DenseGrams(get_profile_matrix()))
    return _DENSE
