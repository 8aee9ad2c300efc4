"""`filters.length.is_valid_length` (the reference's `too-long-filter`).

Covered: the boundary (exactly `max_length` characters passes, one more is dropped),
length in characters rather than UTF-8 bytes, the `passed` / `filtered` counters
(exactly one per page), and the recipes' 190,000-character limit.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from filters.counting import CounterDict
from filters.length import COUNTER_NAMESPACE, is_valid_length
from filters.page import Page


def page(text: str) -> Page:
    return Page("http://example.com/", "example.com", text, "2019-04-20T00:00:00Z")


def check(text: str, max_length: int):
    counts = CounterDict()
    return is_valid_length(page(text), max_length, counts), dict(counts)


def test_exactly_max_length_passes():
    assert check("x" * 10, 10) == (True, {"passed": 1})


def test_one_over_max_length_is_dropped():
    assert check("x" * 11, 10) == (False, {"filtered": 1})


def test_reference_limit_190000():
    from c4pipe.recipes import get_recipe

    limit = get_recipe("tfds-3.1.0").max_page_length
    assert limit == 190_000
    assert check("a" * 190_000, limit) == (True, {"passed": 1})
    assert check("a" * 190_001, limit) == (False, {"filtered": 1})


def test_length_is_in_characters_not_bytes():
    text = "\u00e9" * 10  # 10 characters, 20 UTF-8 bytes
    assert check(text, 10) == (True, {"passed": 1})
    assert check(text + "\u00e9", 10) == (False, {"filtered": 1})


def test_empty_page_passes_zero_limit():
    assert check("", 0) == (True, {"passed": 1})
    assert check(" ", 0) == (False, {"filtered": 1})


def test_counter_namespace_is_the_reference_one():
    assert COUNTER_NAMESPACE == "too-long-filter"


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=0, max_value=40))
def test_kept_iff_not_longer_and_one_counter_per_page(text, max_length):
    kept, counts = check(text, max_length)
    assert kept == (len(text) <= max_length)
    assert counts == ({"passed": 1} if kept else {"filtered": 1})
