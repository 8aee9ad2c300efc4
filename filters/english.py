"""The English filter: langdetect's top prediction must be `en` with probability >= 0.99.

`detect_langs(text)` returns [(language, probability), ...] best first and raises
langdetect's LangDetectException where langdetect does (see `c4pipe.langid`).
"""

from __future__ import annotations

from typing import Callable, Sequence, Tuple

from filters.counting import Count

COUNTER_NAMESPACE = "english-filter"

DetectLangs = Callable[[str], Sequence[Tuple[str, float]]]


def is_english(text: str, detect_langs: DetectLangs, count: Count, min_probability: float = 0.99) -> bool:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        predictions = detect_langs(text)
    except LangDetectException:
        count("filtered:langdetect_exception")
        return False
    if not predictions:
        count("filtered:no_predictions")
        return False
    language, probability = predictions[0]
    if probability < min_probability:
        count("filtered:low_confidence")
        return False
    if language != "en":
        count("filtered:ignored_language")
        count(f"filtered:ignored_language-{language}")
        return False
    count("passed")
    return True
