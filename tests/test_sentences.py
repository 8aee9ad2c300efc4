"""Sentence splitting: NLTK's Punkt with English parameters, exactly, offline."""

from __future__ import annotations

import gzip
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer

from c4pipe.sentences import english_parameters, english_tokenizer, split_sentences


def test_known_splits():
    assert split_sentences("Dr. Smith went home. He was tired. The U.S. is big! Is it? Yes...") == [
        "Dr. Smith went home.", "He was tired.", "The U.S. is big!", "Is it?", "Yes...",
    ]


def test_same_as_plain_nltk_on_real_crawl_text(shared_data):
    plain = PunktSentenceTokenizer(english_parameters())
    path = shared_data / "cc-text" / "allenai-dolma" / "CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
    with gzip.open(path, "rt") as f:
        lines = [line for doc in f for line in json.loads(doc)["text"].split("\n") if line.strip()][:5000]
    assert [english_tokenizer().tokenize(line) for line in lines] == [plain.tokenize(line) for line in lines]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab .!?\"'()-,;:\n1A") + ["Mr.", "U.S.", "...", " e.g. ", " St. "]), max_size=40).map("".join))
def test_same_as_plain_nltk_on_punctuation_soup(text):
    assert english_tokenizer().tokenize(text) == PunktSentenceTokenizer(english_parameters()).tokenize(text)
