"""langdetect 1.0.9's shipped language profiles as a dense matrix with a hash index.

langdetect keeps ``{ngram: [p_lang0, ..., p_lang54]}`` as Python lists; we keep the
same numbers in one float64 matrix (row per n-gram), and give every character used
by the profiles a small integer id so an n-gram becomes one integer key that a whole
page's worth of n-grams can be looked up with at once.

Exactness notes:
* Profiles are read from the *installed* langdetect package, in ``os.listdir`` order,
  with the same skipping rules as ``DetectorFactory.load_profile``: the language
  (column) order drives the sequential float sums later on, so it must match the
  reference on the same machine, and listdir order is filesystem dependent.
* Each probability is computed with langdetect's own expression
  ``1.0 * freq / n_words[len - 1]``.
* Grams langdetect's extractor can never emit (a lone space, two spaces, a space in
  the middle of a trigram, NUL, length > 3) are left out: they are never looked up.
"""

import json
import os
import threading
from dataclasses import dataclass

import numpy as np
from langdetect.detector_factory import PROFILES_DIRECTORY

from .gramindex import GramIndex
from .table_cache import cached

MAX_N = 3
RESERVED_IDS = 1  # id 0 means "no character"
UNKNOWN_IDS = 2  # unknown lower-case / upper-case characters, after the alphabet


@dataclass(frozen=True)
class ProfileMatrix:
    """Languages, character ids, probability rows and the key -> row index."""

    langs: tuple
    grams: tuple  # the n-gram of each row
    alphabet: str  # character with id i + RESERVED_IDS is alphabet[i]
    char_bits: int  # bits per character id in a key
    probs: np.ndarray  # float64, shape (n_grams, len(langs)), C-contiguous
    index: GramIndex

    def char_id(self, ch: str) -> int:
        """Id of a profile character (ValueError if the profiles never use it)."""
        return self.alphabet.index(ch) + RESERVED_IDS


def _read_profiles(directory):
    """Yield (name, freq, n_words) in langdetect's own load order."""
    for filename in os.listdir(directory):
        if filename.startswith("."):
            continue
        path = os.path.join(directory, filename)
        if not os.path.isfile(path):
            continue
        with open(path, "r", encoding="utf-8") as f:
            data = json.load(f)
        yield data["name"], data["freq"], data["n_words"]


def _emittable(word):
    """Could langdetect's NGram window ever produce this gram?"""
    n = len(word)
    return (1 <= n <= MAX_N and "\x00" not in word and word != " "
            and word != "  " and not (n == 3 and word[1] == " "))


def _gram_key(word, ids, bits):
    key = 0
    for ch in word:
        key = (key << bits) | ids[ch]
    return key


def build_profile_matrix(directory: str = PROFILES_DIRECTORY) -> ProfileMatrix:
    """Build the matrix from the profile directory (about a second)."""
    langs, cells = [], {}
    for col, (name, freq, n_words) in enumerate(_read_profiles(directory)):
        if name in langs:
            raise ValueError("duplicate language profile %r" % name)
        langs.append(name)
        for word, count in freq.items():
            if _emittable(word):
                cells.setdefault(word, {})[col] = 1.0 * count / n_words[len(word) - 1]
    alphabet = "".join(sorted(set("".join(cells)) | {" "}))
    bits = (len(alphabet) + RESERVED_IDS + UNKNOWN_IDS).bit_length()
    ids = {ch: i + RESERVED_IDS for i, ch in enumerate(alphabet)}
    # Most frequent n-grams first: the rows a page touches then share cache lines.
    words = sorted(cells, key=lambda w: -max(cells[w].values()))
    probs = np.zeros((len(words), len(langs)), dtype=np.float64)
    for row, word in enumerate(words):
        for col, value in cells[word].items():
            probs[row, col] = value
    keys = np.array([_gram_key(w, ids, bits) for w in words], dtype=np.int64)
    index = GramIndex(keys, probs.max(axis=1))
    return ProfileMatrix(tuple(langs), tuple(words), alphabet, bits, probs, index)


_LOCK = threading.Lock()
_MATRIX = None


def get_profile_matrix() -> ProfileMatrix:
    """Process-wide lazily built matrix (built once, shared by all detectors)."""
    global _MATRIX
    if _MATRIX is None:
        with _LOCK:
            if _MATRIX is None:
                _MATRIX = cached("profiles", PROFILES_DIRECTORY, build_profile_matrix)
    return _MATRIX
