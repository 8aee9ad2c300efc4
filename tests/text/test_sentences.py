"""Sentence splitting: NLTK's Punkt with English parameters, exactly, offline."""

from __future__ import annotations

import gzip
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer

from c4pipe.text.sentences import count_sentences, english_parameters, english_tokenizer, split_sentences


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


def _punkt_count(text: str, limit) -> int:
    spans = list(PunktSentenceTokenizer(english_parameters()).span_tokenize(text))
    return len(spans) if limit is None else min(len(spans), max(limit, 0))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(list("ab .!?\"'()-,;:\n\t1A\u00a0") + ["Mr.", "U.S.", "...", " e.g. ", "!!", '."']),
                max_size=30).map("".join), st.sampled_from([None, -1, 0, 1, 2, 3]))
def test_count_sentences_is_punkts_count_with_or_without_the_shortcut(text, limit):
    """Texts without an end mark before their last character skip Punkt: same count."""
    assert count_sentences(text, limit) == _punkt_count(text, limit)


def test_count_sentences_is_punkts_count_on_real_crawl_lines(shared_data):
    path = shared_data / "cc-text" / "allenai-dolma" / "CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
    with gzip.open(path, "rt") as f:
        lines = [line for doc in f for line in json.loads(doc)["text"].split("\n")][:20000]
    for limit in (None, 3):
        assert [count_sentences(line, limit) for line in lines] == [_punkt_count(line, limit) for line in lines]


def test_no_redos_timer_on_the_hot_path():
    """NLTK 3.10 wraps each pattern in a per-call timer; ours calls the same patterns bare."""
    from nltk import redos

    tokenizer = english_tokenizer()
    patterns = [getattr(tokenizer._Token, name) for name in ("_RE_ELLIPSIS", "_RE_NUMERIC", "_RE_INITIAL", "_RE_ALPHA", "_NON_PUNCT")]
    patterns += [getattr(tokenizer._lang_vars, name) for name in ("_re_word_tokenizer", "_re_period_context", "re_boundary_realignment")]
    assert not [p for p in patterns if isinstance(p, redos.TimedPattern)]


def test_punkt_loads_without_scipy_and_scipy_still_works_after():
    """`import nltk` would import scipy.stats (0.7 s per Beam worker) for code Punkt never runs."""
    import importlib.util
    import subprocess
    import sys

    import pytest

    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is not installed here: nothing to keep out")
    code = (
        "import sys, c4pipe.text.sentences as s\n"
        "assert 'scipy' not in sys.modules, 'scipy was imported'\n"
        "assert s.split_sentences('One here. Two there.') == ['One here.', 'Two there.']\n"
        "import scipy.stats\n"
        "print(scipy.stats.norm.cdf(0))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0.5"
