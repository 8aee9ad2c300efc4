"""The reference's `clean_page`: line rules, then page rules, in the reference's order.

Per line: strip; a word over `max_word_length` drops the line; citations are removed
(with no re-strip, so "refs. [1]" fails the end-mark test); the line must end in a
terminal mark and not in an ellipsis; it needs `min_words_per_line` words; then,
only for lines that survived so far, "lorem ipsum" drops the page, "javascript"
drops the line, "{" drops the page, and policy phrases drop the line. A page needs
`min_sentences` Punkt sentences over its kept lines (counted per line).
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from filters.counting import Count, OnReject

COUNTER_NAMESPACE = "clean-page"

CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
END_MARKS = (".", "?", "!", '"')
ELLIPSIS = "..."
POLICY_SUBSTRINGS = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)


def _has_too_long_word(line: str, max_word_length: int) -> bool:
    # Cheap exit first: no word can be longer than the line.
    return len(line) > max_word_length and any(len(w) > max_word_length for w in line.split())


def clean_text(
    text: str,
    count_sentences: Callable[[str, int], int],
    count: Count,
    min_words_per_line: int = 5,
    min_sentences: int = 3,
    max_word_length: int = 1000,
    on_reject: Optional[OnReject] = None,
    badwords_regex: Optional["re.Pattern[str]"] = None,
) -> Optional[str]:
    """The cleaned text, or None if the page is dropped (the reason is counted).

    `count_sentences(text, limit)` counts Punkt sentences, stopping at `limit`
    (`c4pipe.text.sentences.count_sentences`).

    `badwords_regex` (TFDS 2.x only, see `filters.badwords.line_badwords_regex`) is
    searched in each lower-cased line that passed every other rule; a match drops
    the page.

    `on_reject(counter name, line)`, if given, sees each rejected line (and the line
    that drops a whole page): the run report samples them.
    """

    def reject(name: str, line: str) -> None:
        count(name)
        if on_reject is not None:
            on_reject(name, line)

    kept_lines: list[str] = []
    num_sentences = 0
    for line in text.splitlines():
        line = line.strip()
        if _has_too_long_word(line, max_word_length):
            reject("line-filtered:too_long_word", line)
            continue
        if "[" in line:  # every citation pattern starts with one
            line = CITATION.sub("", line)
        if not line.endswith(END_MARKS) or line.endswith(ELLIPSIS):
            reject("line-filtered:no_endmark", line)
            continue
        if len(line.split()) < min_words_per_line:
            reject("line-filtered:too_short", line)
            continue
        line_lower = line.lower()
        if "lorem ipsum" in line_lower:
            reject("filtered:loremipsum", line)
            return None
        if "javascript" in line_lower:
            reject("line-filtered:javascript", line)
            continue
        if "{" in line:
            reject("filtered:squigglybracket", line)
            return None
        if any(p in line_lower for p in POLICY_SUBSTRINGS):
            reject("line-filtered:policy", line)
            continue
        if badwords_regex is not None and badwords_regex.search(line_lower):
            reject("filtered:badwords", line)
            return None
        if num_sentences < min_sentences:  # the count only feeds this comparison
            num_sentences += count_sentences(line, min_sentences - num_sentences)
        kept_lines.append(line)
        count("line-passed")
    if num_sentences < min_sentences:
        reject("filtered:too_few_sentences", "\n".join(kept_lines))
        return None
    count("passed")
    return "\n".join(kept_lines).strip()

