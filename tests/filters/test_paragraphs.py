"""mC4's paragraph filter: at least 3 lines, the 3 longest of 200 characters or more."""

from __future__ import annotations

import heapq

from hypothesis import given
from hypothesis import strategies as st

from filters.counting import CounterDict
from filters.paragraphs import has_paragraphs


def keeps(lines) -> bool:
    return has_paragraphs("\n".join(lines), CounterDict())


def test_three_long_lines_pass_and_the_boundary_is_200_characters():
    assert keeps(["a" * 200] * 3)
    assert not keeps(["a" * 200, "a" * 200, "a" * 199])
    assert keeps(["short", "a" * 300, "x", "a" * 200, "a" * 250])


def test_too_few_lines():
    assert not keeps(["a" * 1000, "a" * 1000])
    assert not keeps(["a" * 5000])


def test_characters_not_bytes_and_lines_not_stripped():
    assert keeps(["é" * 200] * 3)  # 400 bytes each, 200 characters
    assert keeps([" " * 10 + "a" * 190] * 3)  # the reference measures lines as they are


def test_counters():
    counts = CounterDict()
    has_paragraphs("\n".join(["a" * 200] * 3), counts)
    has_paragraphs("short", counts)
    assert counts == {"passed": 1, "filtered": 1}


@given(st.lists(st.integers(0, 400), max_size=12))
def test_same_as_the_reference(lengths):
    lines = ["x" * n for n in lengths]
    text = "\n".join(lines)
    split = text.split("\n")
    reference = not (len(split) < 3 or min(heapq.nlargest(3, [len(line) for line in split])) < 200)
    assert has_paragraphs(text, CounterDict()) == reference
