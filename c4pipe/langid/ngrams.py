"""Vectorized ``Detector._extract_ngrams``: all 1-3-grams of a text at once.

langdetect feeds chars one by one into ``NGram`` (a 3-char window that restarts
after each space) and, unless the window is inside an ALL-CAPS run, emits its
last 1, 2 and 3 chars if the profiles know them.  With ``s`` the normalized
chars preceded by one space, the state machine reduces to, for each position i:

* skip the position if ``s[i]`` and ``s[i-1]`` are both upper case
  (``capitalword``);
* 1-gram ``s[i]`` unless it is a space;
* 2-gram ``s[i-1] s[i]`` unless both are spaces (the window was reset);
* 3-gram ``s[i-2] s[i-1] s[i]`` unless ``s[i-1]`` is a space (a window that
  restarted at ``s[i-1]`` only holds 2 chars).

The "unless" grams (a lone space, two spaces, a space mid-trigram) are not in the
profile tables (see ``profiles._emittable``), so they are simply generated and then
dropped by the lookup together with every other unknown gram.  Lookups go through
the dense small-alphabet tables (``dense.py``), and through the hash index
(``gramindex.py``) near characters outside that alphabet.  Grams come out
position by position, n = 1, 2, 3 within a position: that order matters because
the random walk picks grams by list index.
"""

import numpy as np

from .dense import DenseGrams
from .profiles import ProfileMatrix
from .textnorm import CharTables


def window_keys(ids: np.ndarray, positions: np.ndarray, space_id: int, bits: int) -> np.ndarray:
    """(len(positions), 3) hash keys of the 1/2/3-grams ending at ``positions``.

    ``ids`` are the normalized char ids of the text; position 0 is preceded by a
    space and has no trigram (key -1, never a known key).
    """
    s = np.empty(ids.size + 1, dtype=np.int64)
    s[0] = space_id
    s[1:] = ids
    cur, prev = s[positions + 1], s[positions]
    keys = np.empty((positions.size, 3), dtype=np.int64)
    keys[:, 0] = cur
    keys[:, 1] = (prev << bits) | cur
    keys[:, 2] = (s[np.maximum(positions - 1, 0)] << (2 * bits)) | keys[:, 1]
    keys[positions == 0, 2] = -1
    return keys


def _near(mask: np.ndarray) -> np.ndarray:
    """Positions whose 3-char window (itself and the two before) hits ``mask``."""
    hit = mask.copy()
    hit[1:] |= mask[:-1]
    hit[2:] |= mask[:-2]
    return np.flatnonzero(hit)


def gram_rows(ids: np.ndarray, tables: CharTables, profiles: ProfileMatrix,
              dense: DenseGrams) -> np.ndarray:
    """(m, 3) profile rows of the grams ending at each position, -1 if none."""
    small = dense.small_of_id.take(ids)
    rows = dense.rows(small)
    rare = small == dense.other
    if rare.any():
        positions = _near(rare)
        keys = window_keys(ids, positions, tables.space_id, profiles.char_bits)
        rows[positions] = profiles.index.lookup_aligned(keys.ravel()).reshape(-1, 3)
    upper = tables.upper.take(ids)
    capital = upper[1:] & upper[:-1]  # position 0 follows a space: never capital
    if capital.any():
        rows[np.flatnonzero(capital) + 1] = -1  # inside an ALL-CAPS word: emit nothing
    return rows


def extract_rows(cps: np.ndarray, tables: CharTables, profiles: ProfileMatrix,
                 dense: DenseGrams) -> np.ndarray:
    """Cleaned code points -> profile row indices of the text's n-gram list."""
    if cps.size == 0:
        return np.empty(0, dtype=np.int64)
    rows = gram_rows(tables.char_id.take(cps), tables, profiles, dense).ravel()
    return rows[rows >= 0]
