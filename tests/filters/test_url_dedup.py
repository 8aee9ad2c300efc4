"""`filters.url_dedup.prefer`: which page wins a normalized URL.

Covered: the newest `WARC-Date` string wins whatever its md5 or URL; on a timestamp tie
the smallest md5 of the text wins, then the smallest raw URL; identical keys prefer
each other. Properties: `prefer` is a total order (reflexive, antisymmetric,
transitive, total) and the winner of a group folded with `prefer` (as the Beam
combiner does) is the same for every arrival order, and has the greatest timestamp
(the reference's rule).
"""

from __future__ import annotations

import functools
import hashlib
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from filters.url_dedup import COUNTER_NAMESPACE, UrlDedupKey, prefer


def md5(text: str) -> bytes:
    return hashlib.md5(text.encode("utf-8")).digest()


def key(timestamp: str, text: str, url: str = "http://example.com/") -> UrlDedupKey:
    return UrlDedupKey(timestamp, md5(text), url)


def winner(keys):
    """Fold as the Beam combiner does: a new key replaces the best one if preferred."""
    return functools.reduce(lambda best, k: k if prefer(k, best) else best, keys)


def expected_winner(keys):
    """Greatest timestamp, then smallest (md5, url): by sorting, independently of `prefer`."""
    by_tiebreak = sorted(keys, key=lambda k: (k.text_md5, k.url))
    return sorted(by_tiebreak, key=lambda k: k.timestamp, reverse=True)[0]


OLD, NEW = "2019-04-18T10:00:00Z", "2019-04-20T09:00:00Z"


def test_newest_timestamp_wins_whatever_md5_and_url():
    older = UrlDedupKey(OLD, b"\x00" * 16, "http://a/")  # smallest md5 and URL possible
    newer = UrlDedupKey(NEW, b"\xff" * 16, "http://z/")
    assert prefer(newer, older) is True
    assert prefer(older, newer) is False


def test_timestamps_compare_as_strings():
    # The reference compares the WARC-Date strings; same-day hours order lexically.
    assert prefer(key("2019-04-20T10:00:00Z", "x"), key("2019-04-20T09:59:59Z", "y"))
    assert not prefer(key("2019-04-20T09:59:59Z", "x"), key("2019-04-20T10:00:00Z", "y"))


def test_tie_on_timestamp_smallest_text_md5_wins():
    a, b = key(NEW, "first text", "http://z/"), key(NEW, "second text", "http://a/")
    small, large = sorted([a, b], key=lambda k: k.text_md5)
    assert prefer(small, large) and not prefer(large, small)


def test_tie_on_timestamp_and_md5_smallest_url_wins():
    a, b = key(NEW, "same", "https://example.com/b"), key(NEW, "same", "http://example.com/b")
    assert prefer(b, a) and not prefer(a, b)  # "http:" < "https"


def test_identical_keys_prefer_each_other():
    a = key(NEW, "same", "http://a/")
    assert prefer(a, UrlDedupKey(*a)) and prefer(UrlDedupKey(*a), a)


def test_winner_of_a_group_for_every_permutation():
    assert md5("text two").hex() < md5("text one").hex()  # 2637... < c182...
    group = [
        key(OLD, "text two", "http://a/"),  # best md5 and URL, but older
        key(NEW, "text one", "http://a/"),  # newest, larger md5
        key(NEW, "text two", "http://c/"),
        key(NEW, "text two", "http://b/"),  # newest, smallest md5, then smallest URL
    ]
    for order in itertools.permutations(group):
        assert winner(order) == key(NEW, "text two", "http://b/")


def test_counter_namespace_is_the_reference_one():
    assert COUNTER_NAMESPACE == "duplicate-url-filter"


# --- properties: a total order ---------------------------------------------------------

# Small alphabets, so that ties on timestamp and on md5 are frequent.
keys = st.builds(
    UrlDedupKey,
    st.sampled_from([OLD, NEW, "2019-04-20T09:00:01Z"]),
    st.sampled_from([b"\x00" * 16, b"\x01" + b"\x00" * 15, md5("a"), md5("b")]),
    st.sampled_from(["http://a/", "http://b/", "https://a/"]),
)


@settings(max_examples=200, deadline=None)
@given(keys, keys, keys)
def test_prefer_is_a_total_order(a, b, c):
    assert prefer(a, a)  # reflexive
    assert prefer(a, b) or prefer(b, a)  # total
    if prefer(a, b) and prefer(b, a):
        assert a == b  # antisymmetric
    if prefer(a, b) and prefer(b, c):
        assert prefer(a, c)  # transitive


@settings(max_examples=100, deadline=None)
@given(st.lists(keys, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_winner_does_not_depend_on_arrival_order(group, random):
    expected = expected_winner(group)
    assert winner(group) == expected
    shuffled = list(group)
    random.shuffle(shuffled)
    assert winner(shuffled) == expected
    assert winner(reversed(group)) == expected
    assert expected.timestamp == max(k.timestamp for k in group)


@settings(max_examples=30, deadline=None)
@given(st.lists(keys, min_size=1, max_size=5))
def test_winner_is_the_same_for_every_permutation(group):
    results = {winner(order) for order in itertools.permutations(group)}
    assert results == {expected_winner(group)}


@settings(max_examples=50, deadline=None)
@given(st.lists(keys, min_size=2, max_size=8), st.integers(min_value=1, max_value=7))
def test_merging_partial_winners_gives_the_same_winner(group, cut):
    """The combiner merges per-bundle winners: winner(winners of parts) == winner(all)."""
    cut = min(cut, len(group) - 1)
    assert winner([winner(group[:cut]), winner(group[cut:])]) == winner(group)
