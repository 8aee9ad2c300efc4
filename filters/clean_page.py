"""The reference's `clean_page`: line rules, then page rules, in the reference's order.

Per line: strip; a word over `max_word_length` drops the line; citations are removed
(with no re-strip, so "refs. [1]" fails the end-mark test); the line must end in a
terminal mark and not in an ellipsis; it needs `min_words_per_line` words; then,
only for lines that survived so far, "lorem ipsum" drops the page, "javascript"
drops the line, "{" drops the page, and policy phrases drop the line. A page needs
`min_sentences` Punkt sentences over its kept lines (counted per line).

`_classify` states the line rules; `filters/_clean_lines.c` (built by the plain
install, `setup.py`) reaches the same codes faster and hands Python the lines it does
not decide (a "[", or non-ASCII text for the lower-cased checks). Where it is not built,
or with C4PIPE_PURE_PYTHON=1, the Python rules run alone.
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


# Line outcomes: `_classify` and the compiled `filters._clean_lines` give the same codes.
NEEDS_PYTHON, TOO_LONG_WORD, NO_ENDMARK, TOO_SHORT, NEEDS_LOWER, LOREM, JAVASCRIPT, CURLY, POLICY, KEEP = range(10)
REJECTED_LINE = {TOO_LONG_WORD: "line-filtered:too_long_word", NO_ENDMARK: "line-filtered:no_endmark",
                 TOO_SHORT: "line-filtered:too_short", JAVASCRIPT: "line-filtered:javascript",
                 POLICY: "line-filtered:policy"}
DROPPED_PAGE = {LOREM: "filtered:loremipsum", CURLY: "filtered:squigglybracket"}


def _load_native():
    """The compiled line rules, unless absent (a build without a C compiler) or turned off
    with C4PIPE_PURE_PYTHON=1; either way the answers are the same."""
    import os

    if os.environ.get("C4PIPE_PURE_PYTHON") == "1":
        return None
    try:
        from filters import _clean_lines
    except ImportError:
        return None
    return _clean_lines


native = _load_native()


def _classify(raw_line: str, max_word_length: int, min_words_per_line: int) -> tuple[int, str]:
    """(code, line) of one raw line: the reference's rules in its order."""
    line = raw_line.strip()
    # Cheap exit first: no word can be longer than the line.
    if len(line) > max_word_length and any(len(w) > max_word_length for w in line.split()):
        return TOO_LONG_WORD, line
    if "[" in line:  # every citation pattern starts with one
        line = CITATION.sub("", line)
    if not line.endswith(END_MARKS) or line.endswith(ELLIPSIS):
        return NO_ENDMARK, line
    if len(line.split()) < min_words_per_line:
        return TOO_SHORT, line
    return _classify_lowered(line), line


def _classify_lowered(line: str) -> int:
    """The checks on the lower-cased line, for a line that passed the three before."""
    line_lower = line.lower()
    if "lorem ipsum" in line_lower:
        return LOREM
    if "javascript" in line_lower:
        return JAVASCRIPT
    if "{" in line:
        return CURLY
    if any(p in line_lower for p in POLICY_SUBSTRINGS):
        return POLICY
    return KEEP


def _raw_codes(text: str, max_word_length: int, min_words_per_line: int) -> list[tuple[int, str]]:
    """(code, line) per line, where the compiled rules may leave NEEDS_PYTHON or NEEDS_LOWER."""
    if native is None:
        return [_classify(raw, max_word_length, min_words_per_line) for raw in text.splitlines()]
    return native.classify_lines(text, max_word_length, min_words_per_line)


def _resolved(code: int, line: str, max_word_length: int, min_words_per_line: int) -> tuple[int, str]:
    if code == NEEDS_PYTHON:
        return _classify(line, max_word_length, min_words_per_line)
    if code == NEEDS_LOWER:
        return _classify_lowered(line), line
    return code, line


def classify_lines(text: str, max_word_length: int, min_words_per_line: int) -> list[tuple[int, str]]:
    """(code, line) for every line of `text`; compiled where available, else pure Python."""
    return [_resolved(code, line, max_word_length, min_words_per_line)
            for code, line in _raw_codes(text, max_word_length, min_words_per_line)]


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
    for code, line in _raw_codes(text, max_word_length, min_words_per_line):
        if code == NEEDS_PYTHON or code == NEEDS_LOWER:
            code, line = _resolved(code, line, max_word_length, min_words_per_line)
        if code in DROPPED_PAGE:
            reject(DROPPED_PAGE[code], line)
            return None
        if code != KEEP:
            reject(REJECTED_LINE[code], line)
            continue
        if badwords_regex is not None and badwords_regex.search(line.lower()):
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
