"""``FastLangDetect``: langdetect 1.0.9's ``detect_langs`` results, computed fast."""

import random
import threading
from operator import itemgetter

from langdetect.lang_detect_exception import ErrorCode, LangDetectException

from . import walk
from .dense import get_dense_grams
from .ngrams import extract_rows
from .profiles import get_profile_matrix
from .randstream import ReplayedRandom, WordStream, emulation_is_exact
from .textnorm import get_char_tables, prepare

PROB_THRESHOLD = 0.1
MAX_TEXT_LENGTH = 10000

_STATE_LOCK = threading.Lock()
_STREAMS = {}  # seed -> WordStream, or None where replay is not exact


def _word_stream(seed):
    """Shared per-process random word stream, or None to use real ``random.Random``."""
    if seed not in _STREAMS:
        with _STATE_LOCK:
            if seed not in _STREAMS:
                _STREAMS[seed] = WordStream(seed) if emulation_is_exact(seed) else None
    return _STREAMS[seed]


class FastLangDetect:
    """Drop-in for ``langdetect.detect_langs`` with ``DetectorFactory.seed = seed``.

    Holds no heavy state itself (profiles and tables are per-process singletons
    loaded on first use), so it pickles to a few bytes for Beam workers, and it is
    safe to share between threads.
    """

    def __init__(self, seed: int = 0, max_text_length: int = MAX_TEXT_LENGTH):
        self.seed = seed
        self.max_text_length = max_text_length

    def __repr__(self):
        return "FastLangDetect(seed=%r)" % (self.seed,)

    def detect_langs(self, text: str) -> list:
        """[(lang, prob), ...] with prob > 0.1, most probable first.

        Raises ``LangDetectException`` ("No features in text.") where langdetect does.
        """
        profiles = get_profile_matrix()
        langprob = self._estimate(self._gram_rows(text, profiles), profiles.probs)
        return _sort_probability(profiles.langs, langprob.tolist())

    def is_language(self, text: str, lang: str = "en", min_prob: float = 0.99) -> bool:
        """``detect_langs(text)[0]`` is ``lang`` with prob >= ``min_prob`` (C4's test).

        Same answer (and same exceptions) as checking ``detect_langs``, but stops
        after the first trial that makes ``min_prob`` unreachable, so pages in other
        languages cost about a seventh of the random walk.
        """
        profiles = get_profile_matrix()
        gram_rows = self._gram_rows(text, profiles)
        target = (profiles.langs.index(lang), min_prob) if lang in profiles.langs else None
        if target is None:
            return False
        langprob = self._estimate(gram_rows, profiles.probs, target)
        if langprob is None:
            return False
        top = _sort_probability(profiles.langs, langprob.tolist())
        return bool(top) and top[0][0] == lang and top[0][1] >= min_prob

    def detect(self, text: str) -> str:
        """Most probable language, or 'unknown' (like ``langdetect.detect``)."""
        result = self.detect_langs(text)
        return result[0][0] if result else "unknown"

    def _gram_rows(self, text, profiles):
        """Profile rows of the text's n-gram list; raises on an empty list."""
        cps = prepare(text, self.max_text_length)
        gram_rows = extract_rows(cps, get_char_tables(), profiles, get_dense_grams())
        if gram_rows.size == 0:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        return gram_rows

    def _estimate(self, gram_rows, probs, target=None):
        stream = _word_stream(self.seed)
        if stream is None:
            return walk.estimate_reference(random.Random(self.seed), gram_rows, probs)
        return walk.estimate(ReplayedRandom(stream, gram_rows), probs, target=target)


def _sort_probability(langs, langprob):
    """``Detector._sort_probability``: filter, then stable descending sort on prob."""
    result = [(lang, p) for lang, p in zip(langs, langprob) if p > PROB_THRESHOLD]
    result.sort(key=itemgetter(1), reverse=True)
    return result
