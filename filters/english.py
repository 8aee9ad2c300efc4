"""The English filter: langdetect's top prediction must be `en` with probability >= 0.99.

`detect_langs(text)` returns [(language, probability), ...] best first and raises
langdetect's LangDetectException where langdetect does (see `c4pipe.langid`).
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence, Tuple

from filters.counting import Count, OnReject

COUNTER_NAMESPACE = "english-filter"

DetectLangs = Callable[[str], Sequence[Tuple[str, float]]]


def is_english(
    text: str,
    detect_langs: DetectLangs,
    count: Count,
    min_probability: float = 0.99,
    on_reject: Optional[OnReject] = None,
) -> bool:
    """A dropped page is reported to `on_reject` under its most specific counter
    (`filtered:ignored_language-de`, say)."""
    from langdetect.lang_detect_exception import LangDetectException

    def drop(*counter_names: str) -> bool:
        for name in counter_names:
            count(name)
        if on_reject is not None:
            on_reject(counter_names[-1], text)
        return False

    try:
        predictions = detect_langs(text)
    except LangDetectException:
        return drop("filtered:langdetect_exception")
    if not predictions:
        return drop("filtered:no_predictions")
    language, probability = predictions[0]
    if probability < min_probability:
        return drop("filtered:low_confidence")
    if language != "en":
        return drop("filtered:ignored_language", f"filtered:ignored_language-{language}")
    count("passed")
    return True
