"""`filters.span_dedup`: windows, keys and `remove_duplicate_spans`, called directly.

The corpus-level vote and the basics through it (a shared span kept once, a keeper's
repeat, short lines as one window, solo end-mark lines have no key, the 3-sentence
re-check) are in tests/beam_jobs/test_dedup.py; here `kept_keys` are given by hand.
Covered: `line_windows` bounds (no sentences, lines shorter than the span, exactly the
span, longer lines' overlapping windows, other span sizes), lower-cased keys that
still respect sentence boundaries, windows made only of end marks ignored (and never
removed), a short line's window differing from the same sentences inside a longer
line, one unkept window removing only its sentences, overlapping unkept windows
removing the union once, the keeper keeping only the first occurrence (across lines
and inside one line), rebuilt lines joined by one space, `sentence-removed` /
`line-removed` / `span-filtered:*` counters, `on_reject`, empty and too-few results.
Properties: the kept sentences are a subsequence of the input's and
`sentence-removed` is exactly what went; keeping every key of a page without repeats
changes nothing but spacing.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.text.sentences import split_sentences
from filters.counting import CounterDict
from filters.span_dedup import COUNTER_NAMESPACE, Window, line_windows, remove_duplicate_spans, span_keys

S = [f"Sentence number {w} is right here." for w in "zero one two three four five six seven".split()]


def line(*indices) -> str:
    return " ".join(S[i] for i in indices)


def key_of(*sentences: str) -> bytes:
    """The key of the window made of exactly these sentences."""
    (window,) = line_windows(list(sentences), span=max(len(sentences), 1))
    return window.key


def dedup(text, kept, **kwargs):
    """(new text or None, counters without zeros, rejected (rule, span) pairs)."""
    counts, rejected = CounterDict(), []
    new = remove_duplicate_spans(
        text, kept, split_sentences, counts, on_reject=lambda rule, span: rejected.append((rule, span)), **kwargs
    )
    return new, {k: v for k, v in counts.items() if v}, rejected


# --- line_windows / span_keys ----------------------------------------------------------


def bounds(sentences, span=3):
    return [(w.start, w.end) for w in line_windows(sentences, span)]


def test_window_bounds():
    assert bounds([]) == []
    assert bounds(S[:1]) == [(0, 1)]
    assert bounds(S[:2]) == [(0, 2)]  # shorter than the span: one window of all of it
    assert bounds(S[:3]) == [(0, 3)]
    assert bounds(S[:5]) == [(0, 3), (1, 4), (2, 5)]
    assert bounds(S[:4], span=2) == [(0, 2), (1, 3), (2, 4)]
    assert bounds(S[:3], span=1) == [(0, 1), (1, 2), (2, 3)]


def test_window_keys_are_lower_cased_and_respect_sentence_boundaries():
    (upper,) = line_windows([s.upper() for s in S[:3]])
    (lower,) = line_windows(S[:3])
    assert upper.key == lower.key and len(upper.key) == 16
    assert key_of("A b.", "C d.") != key_of("A b. C", "d.")
    assert key_of(S[0], S[1], S[2]) != key_of(S[1], S[0], S[2])  # order matters


def test_windows_of_only_end_marks_are_ignored():
    assert list(line_windows(["!"])) == []
    assert list(line_windows(["...", " ? ", '"'])) == []
    assert list(line_windows(["'", "."])) == []
    assert bounds(["!", S[0]]) == [(0, 2)]  # a real sentence makes it a window
    assert bounds(["!", "?", ".", S[0]]) == [(1, 4)]  # only the first window is all end marks
    assert list(line_windows(["\u2026"])) != []  # the unicode ellipsis is not an end mark here


def test_a_short_line_is_not_the_same_window_as_a_longer_line_with_it():
    short = span_keys(line(0, 1), split_sentences)
    longer = span_keys(line(0, 1, 2), split_sentences)
    assert len(short) == 1 and len(longer) == 1 and not short & longer


def test_span_keys_are_distinct_over_lines():
    text = "\n".join([line(0, 1, 2, 3), line(0, 1, 2), line(1, 2, 3).upper(), "", "!"])
    assert span_keys(text, split_sentences) == {key_of(*S[0:3]), key_of(*S[1:4])}
    assert span_keys("", split_sentences) == set()
    assert len(span_keys(line(0, 1, 2, 3, 4), split_sentences, span=2)) == 4


# --- remove_duplicate_spans ------------------------------------------------------------


def test_everything_kept_rejoins_sentences_with_one_space():
    text = f"{S[0]}   {S[1]}\n{line(2, 3, 4)}"
    new, counts, rejected = dedup(text, span_keys(text, split_sentences))
    assert new == f"{line(0, 1)}\n{line(2, 3, 4)}"
    assert counts == {"passed": 1} and rejected == []


def test_one_unkept_window_removes_only_its_sentences():
    text = line(0, 1, 2, 3, 4)
    kept = span_keys(text, split_sentences) - {key_of(*S[1:4])}
    new, counts, rejected = dedup(text, kept, min_sentences=2)
    assert new == line(0, 4)
    assert counts == {"span-filtered:global_duplicate": 1, "sentence-removed": 3, "passed": 1}
    assert rejected == [("span-filtered:global_duplicate", line(1, 2, 3))]


def test_overlapping_unkept_windows_remove_their_union_once():
    text = f"{line(0, 1, 2, 3, 4)}\n{line(5, 6, 7)}"
    kept = span_keys(text, split_sentences) - {key_of(*S[0:3]), key_of(*S[2:5])}
    new, counts, _ = dedup(text, kept)
    assert new == line(5, 6, 7)
    assert counts == {"span-filtered:global_duplicate": 2, "sentence-removed": 5, "line-removed": 1, "passed": 1}


def test_short_line_window_removes_the_whole_short_line():
    text = f"{line(0, 1)}\n{line(2, 3, 4)}"
    new, counts, _ = dedup(text, {key_of(*S[2:5])})
    assert new == line(2, 3, 4)
    assert counts == {"span-filtered:global_duplicate": 1, "sentence-removed": 2, "line-removed": 1, "passed": 1}


def test_keeper_keeps_the_first_occurrence_only_across_lines():
    text = "\n".join([line(0, 1, 2), line(3, 4, 5), line(0, 1, 2).upper()])
    new, counts, rejected = dedup(text, span_keys(text, split_sentences))
    assert new == f"{line(0, 1, 2)}\n{line(3, 4, 5)}"
    assert counts == {"span-filtered:local_duplicate": 1, "sentence-removed": 3, "line-removed": 1, "passed": 1}
    assert rejected == [("span-filtered:local_duplicate", line(0, 1, 2).upper())]


def test_keeper_keeps_the_first_occurrence_only_inside_a_line():
    text = line(0, 1, 2, 0, 1, 2)  # windows 012, 120, 201, 012
    new, counts, _ = dedup(text, span_keys(text, split_sentences))
    assert new == line(0, 1, 2)
    assert counts == {"span-filtered:local_duplicate": 1, "sentence-removed": 3, "passed": 1}


def test_end_mark_only_lines_are_never_removed():
    text = f"!\n{line(0, 1, 2)}\n..."
    new, counts, _ = dedup(text, set(), min_sentences=2)
    assert new == "!\n..."  # their sentences count towards min_sentences
    assert counts == {"span-filtered:global_duplicate": 1, "sentence-removed": 3, "line-removed": 1, "passed": 1}


def test_empty_result():
    new, counts, _ = dedup(line(0, 1, 2), set())
    assert new is None
    assert counts == {"span-filtered:global_duplicate": 1, "sentence-removed": 3, "line-removed": 1, "filtered:empty": 1}


def test_too_few_sentences_counts_the_remaining_sentences():
    text = line(0, 1, 2, 3)
    kept = {key_of(*S[1:4])}  # window 0-2 goes: sentences 0, 1, 2; only 3 remains
    assert dedup(text, kept, min_sentences=1)[0] == S[3]
    new, counts, _ = dedup(text, kept)
    assert new is None and counts["filtered:too_few_sentences"] == 1 and counts["sentence-removed"] == 3


def test_other_span_size():
    text = line(0, 1, 2, 3)
    kept = span_keys(text, split_sentences, span=2) - {key_of(*S[1:3])}
    assert dedup(text, kept, span=2, min_sentences=1)[0] == line(0, 3)


def test_counter_namespace_and_window_fields():
    assert COUNTER_NAMESPACE == "dedupe-spans"
    assert Window._fields == ("start", "end", "key")


# --- properties ------------------------------------------------------------------------

page_lines = st.lists(
    st.lists(st.sampled_from(range(len(S))), min_size=1, max_size=5).map(lambda ix: line(*ix)), min_size=1, max_size=4
)


@settings(max_examples=60, deadline=None)
@given(page_lines, st.data())
def test_kept_sentences_are_a_subsequence_and_removals_are_counted(lines, data):
    text = "\n".join(lines)
    all_keys = sorted(span_keys(text, split_sentences))
    kept = data.draw(st.sets(st.sampled_from(all_keys)) if all_keys else st.just(set()))
    new, counts, rejected = dedup(text, kept, min_sentences=0)
    sentences_in = [s for ln in lines for s in split_sentences(ln)]
    sentences_out = [s for ln in (new or "").split("\n") for s in split_sentences(ln)] if new else []
    it = iter(sentences_in)
    assert all(s in it for s in sentences_out)
    assert counts.get("sentence-removed", 0) == len(sentences_in) - len(sentences_out)
    assert counts.get("line-removed", 0) == len(lines) - (len(new.split("\n")) if new else 0)
    windows = counts.get("span-filtered:global_duplicate", 0) + counts.get("span-filtered:local_duplicate", 0)
    assert len(rejected) == windows
    assert (windows == 0) == (new == text)


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(len(S))), st.integers(min_value=1, max_value=4))
def test_distinct_sentences_with_every_key_kept_change_nothing(order, per_line):
    lines = [line(*order[i : i + per_line]) for i in range(0, len(order), per_line)]
    text = "\n".join(lines)
    assert dedup(text, span_keys(text, split_sentences), min_sentences=0) == (text, {"passed": 1}, [])
