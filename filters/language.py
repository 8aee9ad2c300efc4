"""mC4's language rule: CLD3 names each page's language, or `und` when it is unsure.

As the reference's `detect_languages`: a result that is not reliable, or whose
probability is below `min_probability`, makes the page `und` (counted as
`filtered:no_predictions` / `filtered:low_confidence`, though the page stays); a
reliable language outside the kept ones drops the page (`filtered:ignored_language`).
Every page that stays counts `passed` and `passed:<language>`.

`find_language(text)` returns CLD3's (language, probability, is_reliable), as
`c4pipe.langid.cld3.FindLanguage` gives it.
"""

from __future__ import annotations

from typing import Callable, Collection, Optional, Tuple

from filters.counting import Count, OnReject

COUNTER_NAMESPACE = "language-filter"
UNKNOWN_LANGUAGE = "und"
UNSURE = ("filtered:no_predictions", "filtered:low_confidence")
"""Counters named like drops by the reference whose pages stay, as `und`."""

FindLanguage = Callable[[str], Tuple[str, float, bool]]


def identify_language(
    text: str,
    find_language: FindLanguage,
    languages: Collection[str],
    count: Count,
    min_probability: float = 0.95,
    on_reject: Optional[OnReject] = None,
) -> Optional[str]:
    """The page's language, UNKNOWN_LANGUAGE, or None when the page is dropped."""
    language, probability, is_reliable = find_language(text)
    if not is_reliable:
        count("filtered:no_predictions")
        language = UNKNOWN_LANGUAGE
    elif probability < min_probability:
        count("filtered:low_confidence")
        language = UNKNOWN_LANGUAGE
    elif language not in languages:
        count("filtered:ignored_language")
        if on_reject is not None:
            on_reject("filtered:ignored_language", text)
        return None
    count("passed")
    count(f"passed:{language}")
    return language
