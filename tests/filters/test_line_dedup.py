"""`filters.line_dedup`: line keys and `remove_duplicate_lines`, called directly.

The corpus-level vote (smallest md5(url) keeps a line) is tested end to end in
tests/beam_jobs/test_dedup.py; here each page gets its `kept_keys` by hand.
Covered: `line_key` (strip, lower case, full vs TFDS 2.x ASCII-only lower case and
strip), `line_keys` (distinct keys), global duplicates (key not kept, even when
repeated), local duplicates (later repeats in the keeper, any case/spacing), the
original line kept rather than its lower-cased form, `local_duplicates=False`, the
ASCII option end to end, empty result, too few sentences over the joined text,
`min_sentences=0`, `on_reject` seeing every dropped line in order, and the counters.
Properties: `line-passed + line-filtered:*` equals the number of lines, exactly one
page outcome, the kept lines are a subsequence of the input's, keeping every key
with `local_duplicates=False` changes nothing.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.text.sentences import count_sentences
from filters.counting import CounterDict
from filters.line_dedup import COUNTER_NAMESPACE, line_key, line_keys, remove_duplicate_lines

A = "Alpha line has five words."
B = "Bravo line has five words."
C = "Charlie line has five words."
D = "Delta line has five words."
THREE = "One is here. Two is here. Three is here."  # three sentences on one line


def dedup(lines, kept, **kwargs):
    """(new text or None, counters, rejected (rule, line) pairs)."""
    counts, rejected = CounterDict(), []
    new = remove_duplicate_lines(
        "\n".join(lines), kept, count_sentences, counts, on_reject=lambda rule, line: rejected.append((rule, line)), **kwargs
    )
    return new, {k: v for k, v in counts.items() if v}, rejected


def keys(*lines, ascii_lowercase=False):
    return {line_key(line, ascii_lowercase) for line in lines}


# --- keys ------------------------------------------------------------------------------


def test_line_key_ignores_outer_whitespace_and_case():
    assert line_key(f"  {A.upper()}\t") == line_key(A)
    assert line_key(A) != line_key(B)
    assert line_key("a  b") != line_key("a b")  # inner whitespace counts
    assert len(line_key(A)) == 16  # 128 bits


def test_full_lowercase_folds_non_ascii_letters():
    assert line_key("ÉCOLE STARTS.") == line_key("école starts.")
    assert line_key("STRASSE \u00dcBER.") == line_key("strasse \u00fcber.")


def test_ascii_lowercase_only_folds_ascii_letters():
    """TFDS 2.x: md5(line.encode("utf-8").strip().lower()): bytes.lower leaves É alone."""
    assert line_key("ÉCOLE STARTS.", ascii_lowercase=True) != line_key("école starts.", ascii_lowercase=True)
    assert line_key("École STARTS.", ascii_lowercase=True) == line_key("École starts.", ascii_lowercase=True)
    assert line_key(f" {A.upper()} ", ascii_lowercase=True) == line_key(A, ascii_lowercase=True)


def test_ascii_strip_keeps_non_ascii_whitespace():
    nbsp = "\u00a0"
    assert line_key(f"{nbsp}{A}{nbsp}") == line_key(A)  # str.strip removes NBSP
    assert line_key(f"{nbsp}{A}", ascii_lowercase=True) != line_key(A, ascii_lowercase=True)  # bytes.strip does not


def test_line_keys_are_distinct_per_page():
    assert line_keys("\n".join([A, B, A.upper(), f" {B} "])) == keys(A, B)
    assert line_keys(A) == keys(A)
    assert line_keys("") == keys("")  # one (empty) line, as text.split("\n") gives


# --- remove_duplicate_lines ------------------------------------------------------------


def test_all_keys_kept_text_unchanged():
    lines = [A, B, C]
    assert dedup(lines, keys(A, B, C), min_sentences=3) == ("\n".join(lines), {"line-passed": 3, "passed": 1}, [])


def test_global_duplicates_are_dropped_and_reported():
    new, counts, rejected = dedup([A, B, C, D], keys(A, C), min_sentences=1)
    assert new == f"{A}\n{C}"
    assert counts == {"line-passed": 2, "line-filtered:global_duplicate": 2, "passed": 1}
    assert rejected == [("line-filtered:global_duplicate", B), ("line-filtered:global_duplicate", D)]


def test_local_duplicates_keep_first_occurrence_in_original_form():
    lines = [f"  {A.upper()}  ", B, A, C, f"{B.lower()} "]
    new, counts, rejected = dedup(lines, keys(A, B, C))
    assert new == f"  {A.upper()}  \n{B}\n{C}"  # the original line, spaces and case, not its key form
    assert counts == {"line-passed": 3, "line-filtered:local_duplicate": 2, "passed": 1}
    assert rejected == [("line-filtered:local_duplicate", A), ("line-filtered:local_duplicate", f"{B.lower()} ")]


def test_repeated_line_not_kept_is_global_every_time():
    new, counts, rejected = dedup([A, D, D, B, C], keys(A, B, C))
    assert new == f"{A}\n{B}\n{C}"
    assert counts["line-filtered:global_duplicate"] == 2
    assert "line-filtered:local_duplicate" not in counts
    assert [rule for rule, _ in rejected] == ["line-filtered:global_duplicate"] * 2


def test_without_local_duplicates_keeper_keeps_its_repeats():
    lines = [A, B, A.upper(), C, B]
    new, counts, rejected = dedup(lines, keys(A, B, C), local_duplicates=False)
    assert new == "\n".join(lines)
    assert counts == {"line-passed": 5, "passed": 1}
    assert rejected == []
    # Global duplicates are still dropped.
    assert dedup(lines, keys(A, C), local_duplicates=False, min_sentences=1)[0] == f"{A}\n{A.upper()}\n{C}"


def test_ascii_lowercase_end_to_end():
    accented, lowered = "ÉCOLE lessons start again next week.", "école lessons start again next week."
    lines = [accented, lowered, A]
    # TFDS 2.x keys: two different lines, both kept.
    kept = keys(*lines, ascii_lowercase=True)
    assert dedup(lines, kept, ascii_lowercase=True)[0] == "\n".join(lines)
    # 3.1.0 keys: the same line twice; the second is a local duplicate.
    new, counts, _ = dedup(lines, keys(*lines), min_sentences=2)
    assert new == f"{accented}\n{A}"
    assert counts["line-filtered:local_duplicate"] == 1
    # Keys of one kind do not match the other's for non-ASCII lines.
    assert dedup([accented], keys(accented, ascii_lowercase=True), min_sentences=0)[0] is None


def test_empty_result_is_filtered_empty():
    new, counts, rejected = dedup([A, B], set(), min_sentences=0)
    assert new is None
    assert counts == {"line-filtered:global_duplicate": 2, "filtered:empty": 1}
    assert [line for _, line in rejected] == [A, B]


def test_empty_input_line_is_a_line_like_any_other():
    assert dedup([""], keys(""), min_sentences=0)[1] == {"line-passed": 1, "filtered:empty": 1}


def test_too_few_sentences_after_dedup():
    new, counts, _ = dedup([A, B, C], keys(A, B))
    assert new is None
    assert counts == {"line-passed": 2, "line-filtered:global_duplicate": 1, "filtered:too_few_sentences": 1}


def test_sentences_are_counted_over_the_joined_text():
    # One kept line with three sentences is enough, as is min_sentences=0 with one sentence.
    assert dedup([THREE, A], keys(THREE))[0] == THREE
    assert dedup([A, B], keys(A), min_sentences=0)[0] == A
    assert dedup([A, B], keys(A), min_sentences=2)[1]["filtered:too_few_sentences"] == 1


def test_kept_keys_may_be_any_iterable():
    assert dedup([A, B, C], iter([line_key(A), line_key(B), line_key(C)]))[0] == f"{A}\n{B}\n{C}"


def test_counter_namespace():
    assert COUNTER_NAMESPACE == "dedupe-lines"


# --- properties ------------------------------------------------------------------------

POOL = [A, B, C, D, A.upper(), f"  {B}", THREE, "ÉCOLE opens again in the village.", "école opens again in the village."]
pages = st.lists(st.sampled_from(POOL), min_size=1, max_size=8)
kept_subsets = st.sets(st.sampled_from(POOL), max_size=len(POOL))


@settings(max_examples=80, deadline=None)
@given(pages, kept_subsets, st.booleans(), st.booleans(), st.sampled_from([0, 1, 3]))
def test_counters_balance_and_kept_lines_are_a_subsequence(lines, kept_lines, ascii_lowercase, local, min_sentences):
    kept = keys(*kept_lines, ascii_lowercase=ascii_lowercase)
    new, counts, rejected = dedup(lines, kept, ascii_lowercase=ascii_lowercase, local_duplicates=local,
                                  min_sentences=min_sentences)
    dropped = counts.get("line-filtered:global_duplicate", 0) + counts.get("line-filtered:local_duplicate", 0)
    assert counts.get("line-passed", 0) + dropped == len(lines)
    assert len(rejected) == dropped
    outcomes = {name: n for name, n in counts.items() if not name.startswith("line-")}
    assert len(outcomes) == 1 and sum(outcomes.values()) == 1
    assert (new is not None) == ("passed" in outcomes)
    if new is not None:
        out = new.split("\n")
        assert len(out) == counts["line-passed"]
        it = iter(lines)
        assert all(line in it for line in out)  # a subsequence, in order
        assert all(line_key(line, ascii_lowercase) in kept for line in out)
        if local:
            assert len({line_key(line, ascii_lowercase) for line in out}) == len(out)


@settings(max_examples=40, deadline=None)
@given(pages, st.booleans())
def test_keeping_every_key_without_local_duplicates_changes_nothing(lines, ascii_lowercase):
    text = "\n".join(lines)
    new, _, rejected = dedup(lines, line_keys(text, ascii_lowercase), ascii_lowercase=ascii_lowercase,
                             local_duplicates=False, min_sentences=0)
    assert new == text and rejected == []
