"""Whole-line deduplication across the corpus (the reference's c4/en 3.1.0).

A line's key is a 128-bit hash of its stripped, lower-cased text. For each key, the
page with the smallest md5(url) keeps the line; every other page drops it
(`global_duplicate`), and a keeper drops its own later repeats
(`local_duplicate`). Which page keeps which key is decided across the whole corpus
(`beam_jobs.dedup`); this module offers a page's keys and applies the decision.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import mmh3

from filters.counting import Count

COUNTER_NAMESPACE = "dedupe-lines"


def line_key(line: str, ascii_lowercase: bool = False) -> bytes:
    """128-bit key of the stripped, lower-cased line.

    `ascii_lowercase` is TFDS 2.x's `md5(line.encode("utf-8").strip().lower())`:
    bytes.strip and bytes.lower touch ASCII only ("É" stays "É").
    """
    if ascii_lowercase:
        return mmh3.hash_bytes(line.encode("utf-8").strip().lower())
    return mmh3.hash_bytes(line.strip().lower())


def line_keys(text: str, ascii_lowercase: bool = False) -> set[bytes]:
    """The distinct line keys of a page: what it offers to the corpus-wide vote."""
    return {line_key(line, ascii_lowercase) for line in text.split("\n")}


def remove_duplicate_lines(
    text: str,
    kept_keys: Iterable[bytes],
    count_sentences: Callable[[str, int], int],  # counts up to a limit
    count: Count,
    min_sentences: int = 3,
    on_reject: Optional[Callable[[str, str], None]] = None,
    ascii_lowercase: bool = False,
    local_duplicates: bool = True,
) -> Optional[str]:
    """The page text without lines it does not keep, or None if too little is left.

    `on_reject(counter name, line)`, if given, sees each dropped line (for the report).
    Without `local_duplicates` (TFDS 2.x) a keeper keeps its own repeated lines.
    """
    kept_keys = set(kept_keys)
    seen: set[bytes] = set()
    new_lines = []
    for line in text.split("\n"):
        key = line_key(line, ascii_lowercase)
        if key not in kept_keys or (local_duplicates and key in seen):
            rule = "line-filtered:global_duplicate" if key not in kept_keys else "line-filtered:local_duplicate"
            count(rule)
            if on_reject is not None:
                on_reject(rule, line)
        else:
            count("line-passed")
            new_lines.append(line)
            seen.add(key)
    new_text = "\n".join(new_lines)
    if not new_text:
        count("filtered:empty")
        return None
    if min_sentences and count_sentences(new_text, min_sentences) < min_sentences:
        count("filtered:too_few_sentences")
        return None
    count("passed")
    return new_text
