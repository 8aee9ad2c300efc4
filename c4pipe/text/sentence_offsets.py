"""A page's Punkt sentence offsets, packed into bytes: split once, in the file stage.

Span dedup needs every line's sentences twice, for its window keys and then for the
removal, and it runs after URL dedup, in other processes. Splitting is the costliest
step of the `c4` recipe, so the file stage splits each kept page once: there it runs in
parallel, per input file, and is saved with the file's result for resume. The offsets
then travel with the page as one bytes value rather than as Python objects: Beam's local
runner keeps shuffled values decoded in memory, and a tuple of int pairs costs about 100
bytes per sentence where this costs 8.

Layout: unsigned 32-bit little-endian ints; for each line of `text.split("\\n")`, its
sentence count, then that many (start, end) pairs, offsets into the line.
"""

from __future__ import annotations

import sys
from array import array
from typing import Callable, Iterable

SpanTokenize = Callable[[str], Iterable[tuple[int, int]]]

_BIG_ENDIAN_HOST = sys.byteorder == "big"


def pack(text: str, span_tokenize: SpanTokenize) -> bytes:
    """Splits each distinct line of `text` once; returns the packed offsets."""
    seen: dict[str, list[tuple[int, int]]] = {}
    values = array("I")
    for line in text.split("\n"):
        spans = seen.get(line)
        if spans is None:
            spans = seen[line] = list(span_tokenize(line))
        values.append(len(spans))
        for start, end in spans:
            values.append(start)
            values.append(end)
    if _BIG_ENDIAN_HOST:
        values.byteswap()
    return values.tobytes()


def splitter(text: str, packed: bytes) -> Callable[[str], list[str]]:
    """split_sentences for the lines of `text`, from `pack(text, ...)`'s result.

    Raises ValueError if `packed` was not made from this text (a line count mismatch).
    """
    values = array("I")
    values.frombytes(packed)
    if _BIG_ENDIAN_HOST:
        values.byteswap()
    sentences: dict[str, list[str]] = {}
    i = 0
    for line in text.split("\n"):
        if i >= len(values):
            raise ValueError("sentence offsets do not match the text (too few lines)")
        n = values[i]
        if line not in sentences:
            sentences[line] = [line[values[j] : values[j + 1]] for j in range(i + 1, i + 1 + 2 * n, 2)]
        i += 1 + 2 * n
    if i != len(values):
        raise ValueError("sentence offsets do not match the text (too many lines)")
    return sentences.__getitem__
