"""Three-sentence-span deduplication, as the T5 paper describes C4.

"We discarded all but one of any three-sentence span occurring more than once in the
data set." Per line, the Punkt sentences form windows: every run of `span` consecutive
sentences, or the whole line when it has fewer. Windows compare lower-cased; windows
made only of solo end marks are ignored. For each window key, the page with the
smallest md5(url) keeps its first occurrence; every other occurrence, in other pages
or later in the keeper, removes the sentences it covers. Lines are rebuilt from
their remaining sentences joined by one space; the page then needs `min_sentences`.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, NamedTuple, Optional

import mmh3

from filters.counting import Count

COUNTER_NAMESPACE = "dedupe-spans"

_SOLO_END_MARK = re.compile(r"""^[.?!"']+$""")

SplitSentences = Callable[[str], list]


class Window(NamedTuple):
    start: int  # first sentence index in the line
    end: int  # one past the last
    key: bytes


def line_windows(sentences: list[str], span: int = 3) -> Iterator[Window]:
    if not sentences:
        return
    bounds = [(0, len(sentences))] if len(sentences) < span else [
        (i, i + span) for i in range(len(sentences) - span + 1)
    ]
    for start, end in bounds:
        window = sentences[start:end]
        if all(_SOLO_END_MARK.match(s.strip()) for s in window):
            continue
        yield Window(start, end, mmh3.hash_bytes("\n".join(s.lower() for s in window)))


def span_keys(text: str, split_sentences: SplitSentences, span: int = 3) -> set[bytes]:
    """The distinct window keys of a page."""
    return {
        window.key
        for line in text.split("\n")
        for window in line_windows(split_sentences(line), span)
    }


def remove_duplicate_spans(
    text: str,
    kept_keys: Iterable[bytes],
    split_sentences: SplitSentences,
    count: Count,
    span: int = 3,
    min_sentences: int = 3,
    on_reject: Optional[Callable[[str, str], None]] = None,
) -> Optional[str]:
    kept_keys = set(kept_keys)
    seen: set[bytes] = set()
    new_lines = []
    num_sentences = 0
    for line in text.split("\n"):
        sentences = split_sentences(line)
        removed = [False] * len(sentences)
        for window in line_windows(sentences, span):
            if window.key in kept_keys and window.key not in seen:
                seen.add(window.key)
                continue
            rule = "span-filtered:local_duplicate" if window.key in kept_keys else "span-filtered:global_duplicate"
            count(rule)
            if on_reject is not None:
                on_reject(rule, " ".join(sentences[window.start : window.end]))
            removed[window.start : window.end] = [True] * (window.end - window.start)
        remaining = [s for s, gone in zip(sentences, removed) if not gone]
        count("sentence-removed", len(sentences) - len(remaining))
        if remaining:
            new_lines.append(" ".join(remaining))
            num_sentences += len(remaining)
        else:
            count("line-removed")
    if not new_lines:
        count("filtered:empty")
        return None
    if num_sentences < min_sentences:
        count("filtered:too_few_sentences")
        return None
    count("passed")
    return "\n".join(new_lines)
