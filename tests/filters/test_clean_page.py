"""clean_page, rule by rule, with the spec's edge cases, plus a property test against a
line-by-line transcription of the reference's loop."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.text.sentences import count_sentences, split_sentences
from filters.clean_page import clean_text
from filters.counting import CounterDict

GOOD = "This is a perfectly good sentence with words."


def clean(text, **kwargs):
    counts = CounterDict()
    return clean_text(text, count_sentences, counts, **kwargs), counts


def page_with(line: str) -> str:
    """A page that survives on its own good lines, plus the line under test."""
    return "\n".join([GOOD, GOOD.replace("good", "fine"), GOOD.replace("good", "nice"), line])


def kept_lines(line: str) -> list[str]:
    text, _ = clean(page_with(line))
    return text.split("\n")[3:] if text else None


def test_end_marks():
    for mark in [".", "?", "!", '"']:
        assert kept_lines(f"These five words end here{mark}") == [f"These five words end here{mark}"]
    for bad in ["No end mark at all here", "A curly quote at the end here\u201d", "A unicode ellipsis ends here\u2026"]:
        assert kept_lines(bad) == []


def test_ellipsis():
    assert kept_lines("This line trails off into an ellipsis...") == []
    assert kept_lines("Two dots are allowed at the end..") == ["Two dots are allowed at the end.."]
    assert kept_lines('The quoted ellipsis is allowed here..."') == ['The quoted ellipsis is allowed here..."']


def test_citations_removed_before_end_mark_test():
    assert kept_lines("Some claim with a citation here.[1]") == ["Some claim with a citation here."]
    assert kept_lines("Edit link at the end of it.[edit]") == ["Edit link at the end of it."]
    assert kept_lines("Needs a source for this claim.[citation needed]") == ["Needs a source for this claim."]
    assert kept_lines("Empty brackets are a citation too.[]") == ["Empty brackets are a citation too."]
    # No re-strip after removal: the trailing space fails the end-mark test.
    _, counts = clean(page_with("This line ends with refs. [1]"))
    assert counts["line-filtered:no_endmark"] == 1


def test_too_long_word_checked_before_citations():
    assert kept_lines("A word " + "x" * 1001 + " is far too long.") == []
    assert kept_lines("A word " + "x" * 1000 + " is just fine here.") != []
    _, counts = clean(page_with("y" * 1001 + "[1]"))
    assert counts["line-filtered:too_long_word"] == 1


def test_min_words():
    assert kept_lines("Only four words here.") == []
    assert kept_lines("Exactly five words are here.") == ["Exactly five words are here."]


def test_lorem_ipsum_drops_page_only_on_surviving_lines():
    text, counts = clean(page_with("Lorem ipsum dolor sit amet, consectetur."))
    assert text is None and counts["filtered:loremipsum"] == 1
    # Too short (fails an earlier line rule): the page survives.
    assert clean(page_with("lorem ipsum dolor."))[0] is not None
    # No end mark: the page survives.
    assert clean(page_with("Lorem ipsum dolor sit amet consectetur"))[0] is not None


def test_squiggly_bracket_drops_page_only_on_surviving_lines():
    text, counts = clean(page_with("function f() { return a much longer value; }."))
    assert text is None and counts["filtered:squigglybracket"] == 1
    assert clean(page_with("var x = {};"))[0] is not None  # too short
    assert clean(page_with("if (x) { y = z } and more words"))[0] is not None  # no end mark


def test_javascript_line_dropped_before_bracket_check():
    # "javascript" is checked before "{": the line goes, the page stays.
    assert kept_lines("Please enable JavaScript to view {this} page.") == []


def test_policy_lines():
    for phrase in ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]:
        assert kept_lines(f"Please read our {phrase.upper()} before you continue.") == []


def test_too_few_sentences():
    text, counts = clean("One good sentence is here today.\nAnother fine sentence is here too.")
    assert text is None and counts["filtered:too_few_sentences"] == 1
    # Sentences are counted per line: one line with three sentences is enough.
    text, _ = clean("First one is here. Second one is here. Third one is here.")
    assert text == "First one is here. Second one is here. Third one is here."


def test_lines_come_from_splitlines_and_are_stripped():
    text, _ = clean(f"  {GOOD}  \r\n{GOOD}\x0b{GOOD}\u2028 junk")
    assert text == "\n".join([GOOD, GOOD, GOOD])


def test_counters_account_for_every_line():
    lines = [GOOD, "short line.", "no end mark here at all", "Uses cookies on this site, you know.", GOOD, GOOD]
    _, counts = clean("\n".join(lines))
    line_counters = [k for k in counts if k.startswith("line-")]
    assert sum(counts[k] for k in line_counters) == len(lines)


# --- property: our clean_text equals a transcription of the reference loop ------------

_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
_POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]


def reference_clean_page(text):
    """tensorflow_datasets/text/c4_utils.py clean_page (3.1.0), transcribed."""
    valid_lines, num_sentences = [], 0
    for line in text.splitlines():
        line = line.strip()
        if any(len(w) > 1000 for w in line.split()):
            continue
        line = _CITATION.sub("", line)
        if not line.endswith((".", "?", "!", '"')) or line.endswith("..."):
            continue
        if len(line.split()) < 5:
            continue
        low = line.lower()
        if "lorem ipsum" in low:
            return None
        if "javascript" in low:
            continue
        if "{" in line:
            return None
        if any(p in low for p in _POLICY):
            continue
        num_sentences += len(split_sentences(line))
        valid_lines.append(line)
    if num_sentences < 3:
        return None
    return "\n".join(valid_lines).strip()


_fragments = st.sampled_from(
    [GOOD, "Dr. Smith went home.", "It was late...", "Click here", "lorem ipsum dolor sit amet.",
     "use cookies", "JavaScript", "{", "[1]", "[edit]", " ", "\t", "\u00a0", "..", '"', "!", "?",
     "privacy policy", "x" * 1001, "Mr. Jones arrived at 5 p.m. He left.", "\n", "\r\n", "\x0c"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_fragments, max_size=25).map(" ".join))
def test_matches_reference_transcription(text):
    assert clean(text)[0] == reference_clean_page(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_fragments, max_size=25).map(" ".join), st.integers(min_value=0, max_value=6))
def test_count_sentences_with_a_limit(text, limit):
    full = len(split_sentences(text))
    assert count_sentences(text) == full
    assert count_sentences(text, limit) == min(full, limit)
