"""langdetect's text preparation, done on a code point array instead of char by char.

Mirrors ``Detector.append`` + ``Detector.cleaning_text`` + ``NGram.normalize``:

1. URL and e-mail removal and Vietnamese normalization run langdetect's *own*
   compiled regexes / function on the full text (before truncation, as it does).
2. Only the first ``max_text_length`` characters are kept (``append``).
3. If fewer than half as many "Latin" chars ('A'..'z') as non-Latin chars are
   present, the Latin ones go.  "Non-Latin" is every char >= U+0300: langdetect
   means to exempt Latin Extended Additional, but compares ``unicode_block(ch)``
   (an int) with the string 'Latin Extended Additional', so nothing is exempt.
4. Each char is mapped through ``NGram.normalize`` via a lookup table built by
   calling that very function, so block rules, the Latin-1 exclusion list and the
   CJK map are inherited rather than re-typed; the table yields the profile's
   character id of the normalized char directly.
"""

import threading

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils import unicode_block as ub
from langdetect.utils.ngram import NGram

from .profiles import RESERVED_IDS, UNKNOWN_IDS, ProfileMatrix, get_profile_matrix
from .table_cache import cached

N_CODEPOINTS = 0x110000
_LATIN_LO, _LATIN_HI = ord("A"), ord("z")
_NON_LATIN_FROM = 0x0300


def _block_range(block_id):
    """(start, end) of a langdetect unicode block, read from its own table."""
    for name, start, end in ub._unicode_blocks:
        if name == block_id:
            return start, end
    raise LookupError(block_id)


_VI_MARKS = tuple(NGram.DMARK_CLASS)  # normalize_vi only rewrites letter + one of these

# Blocks where NGram.normalize may change a char; all must sit in the BMP for the
# table shortcut below (identity above U+FFFF) to be exact.
_SPECIAL_BLOCKS = (
    ub.UNICODE_LATIN_1_SUPPLEMENT, ub.UNICODE_LATIN_EXTENDED_B,
    ub.UNICODE_GENERAL_PUNCTUATION, ub.UNICODE_ARABIC,
    ub.UNICODE_LATIN_EXTENDED_ADDITIONAL, ub.UNICODE_HIRAGANA, ub.UNICODE_KATAKANA,
    ub.UNICODE_BOPOMOFO, ub.UNICODE_BOPOMOFO_EXTENDED,
    ub.UNICODE_CJK_UNIFIED_IDEOGRAPHS, ub.UNICODE_HANGUL_SYLLABLES,
)
assert all(_block_range(b)[1] < 0x10000 for b in _SPECIAL_BLOCKS)


class CharTables:
    """Per raw code point: id of its ``NGram.normalize``-d char, and isupper by id.

    Normalized chars the profiles never use share two "unknown" ids (lower / upper
    case): any gram containing them is unknown anyway, but the upper-case flag still
    drives langdetect's ``capitalword`` rule.
    """

    def __init__(self, profiles: ProfileMatrix):
        norm = np.arange(N_CODEPOINTS, dtype=np.int64)
        norm[:0x10000] = [ord(NGram.normalize(chr(c))) for c in range(0x10000)]
        is_upper = np.fromiter((chr(c).isupper() for c in range(N_CODEPOINTS)),
                               dtype=bool, count=N_CODEPOINTS)
        unknown = len(profiles.alphabet) + RESERVED_IDS
        id_of = np.where(is_upper, unknown + 1, unknown).astype(np.int64)
        alphabet_cps = [ord(ch) for ch in profiles.alphabet]
        id_of[alphabet_cps] = np.arange(len(alphabet_cps)) + RESERVED_IDS
        self.char_id = id_of[norm].astype(np.int32)  # raw code point -> id of normalized char
        self.upper = np.zeros(unknown + UNKNOWN_IDS, dtype=bool)  # id -> isupper
        self.upper[RESERVED_IDS:unknown] = is_upper[alphabet_cps]
        self.upper[unknown + 1] = True
        self.space_id = profiles.char_id(" ")


_LOCK = threading.Lock()
_TABLES = None


def get_char_tables() -> CharTables:
    """Process-wide tables, built on first use."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = cached("chars", PROFILES_DIRECTORY, lambda: CharTables(get_profile_matrix()))
    return _TABLES


def strip_urls_mails_vi(text: str) -> str:
    """Step 1, with langdetect's regexes (same TypeError on non-str input).

    Each regex is skipped when a substring it cannot match without is absent
    ("http", "@", a combining mark): same result, less scanning.
    """
    if not isinstance(text, str) or "http" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if any(mark in text for mark in _VI_MARKS):
        text = NGram.normalize_vi(text)
    return text


def to_codepoints(text: str) -> np.ndarray:
    """Code points of ``text`` (lone surrogates kept, as Python str holds them)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def drop_latin_if_minority(cps: np.ndarray) -> np.ndarray:
    """``Detector.cleaning_text``: remove 'A'..'z' chars from mostly non-Latin text."""
    non_latin = np.count_nonzero(cps >= _NON_LATIN_FROM)
    if non_latin == 0:
        return cps
    latin = (cps - np.uint32(_LATIN_LO)) <= np.uint32(_LATIN_HI - _LATIN_LO)
    if np.count_nonzero(latin) * 2 < non_latin:
        return cps[~latin]
    return cps


def prepare(text: str, max_text_length: int) -> np.ndarray:
    """Text -> cleaned (not yet NGram-normalized) code points, as langdetect sees them.

    ``append`` also collapses runs of spaces; that is skipped because extra spaces
    never change the n-gram list (a space after a space resets the window and
    emits nothing) nor the Latin/non-Latin counts.
    """
    text = strip_urls_mails_vi(text)
    cps = to_codepoints(text[:max_text_length])
    return drop_latin_if_minority(cps)
