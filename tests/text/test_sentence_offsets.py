"""Packed sentence offsets give back exactly Punkt's sentences, line by line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.text import sentence_offsets
from c4pipe.text.sentences import english_tokenizer, split_sentences

_span_tokenize = english_tokenizer().span_tokenize


def _round_trip(text: str):
    return sentence_offsets.splitter(text, sentence_offsets.pack(text, _span_tokenize))


def test_each_line_splits_as_punkt_does():
    text = "Dr. Smith went home. He slept.\n\nU.S. troops left... Then what?\nDr. Smith went home. He slept."
    split = _round_trip(text)
    for line in text.split("\n"):
        assert split(line) == split_sentences(line)


def test_eight_bytes_per_sentence_and_four_per_line():
    text = "One sentence here. Two sentences here.\nThree here."
    assert len(sentence_offsets.pack(text, _span_tokenize)) == 4 * 2 + 8 * 3


def test_offsets_of_another_text_are_refused():
    packed = sentence_offsets.pack("A line. Another.\nSecond line.", _span_tokenize)
    with pytest.raises(ValueError, match="too few lines"):
        sentence_offsets.splitter("A line. Another.\nSecond line.\nThird line.", packed)
    with pytest.raises(ValueError, match="too many lines"):
        sentence_offsets.splitter("A line. Another.", packed)


_words = st.sampled_from(["Dr.", "Smith", "went", "home.", "U.S.", "why?", "No!", "...", "e.g.", "ok", "\u00e9t\u00e9."])
_lines = st.lists(_words, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_lines, min_size=1, max_size=6).map("\n".join))
def test_round_trip_equals_punkt_for_any_text(text):
    split = _round_trip(text)
    assert [split(line) for line in text.split("\n")] == [split_sentences(line) for line in text.split("\n")]
