"""clean_page's compiled line rules (`filters/_clean_lines.c`) give the Python rules' answers.

Every comparison runs the same input through `classify_lines` and `clean_text` twice:
with the compiled module and with `clean_page.native` set to None (the pure-Python path,
also what C4PIPE_PURE_PYTHON=1 selects).
"""

from __future__ import annotations

import gzip
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filters import clean_page
from filters.counting import CounterDict
from tests.fixtures.paths import SHARED_DATA

native = clean_page.native
needs_native = pytest.mark.skipif(native is None, reason="filters._clean_lines is not built here")

PIECES = [
    "a", "B", "word", "Words", " ", "  ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u3000", "\x00", "\n",
    "\r\n", "\r", ".", "?", "!", '"', "...", "[", "]", "[1]", "[edit]", "[citation needed]", "{", "}",
    "\u00c9t\u00e9", "\u0130", "\u212a", "\u00df", "\u2019", "Lorem Ipsum", "JavaScript", "JAVASCR\u0130PT",
    "Privacy Policy", "use cookies", "USES COOKIES", "terms of use", "Co\u212aie policy", "x" * 12,
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def both_ways(monkeypatch, run):
    compiled = run()
    monkeypatch.setattr(clean_page, "native", None)
    pure = run()
    monkeypatch.setattr(clean_page, "native", native)
    return compiled, pure


def clean(text: str, max_word_length: int, min_words: int):
    counts, rejects = CounterDict(), []
    cleaned = clean_page.clean_text(
        text, lambda line, limit: min(limit, line.count(".") + 1), counts, min_words_per_line=min_words,
        max_word_length=max_word_length, on_reject=lambda name, line: rejects.append((name, line)),
    )
    return cleaned, dict(counts), rejects


@needs_native
@settings(max_examples=2000, deadline=None)
@given(texts, st.sampled_from([1, 3, 10, 1000]), st.sampled_from([0, 1, 3, 5]))
def test_the_compiled_rules_answer_as_the_python_rules(text, max_word_length, min_words):
    with pytest.MonkeyPatch.context() as monkeypatch:
        lines, pure_lines = both_ways(monkeypatch, lambda: clean_page.classify_lines(text, max_word_length, min_words))
        assert lines == pure_lines
        compiled, pure = both_ways(monkeypatch, lambda: clean(text, max_word_length, min_words))
        assert compiled == pure


@needs_native
def test_lines_the_compiled_rules_leave_to_python():
    text = "See [1] here and there.\nJAVASCR\u0130PT is on in this page.\nAll ASCII words in it."
    lines = native.classify_lines(text, 1000, 5)
    assert [code for code, _ in lines] == [clean_page.NEEDS_PYTHON, clean_page.NEEDS_LOWER, clean_page.KEEP]
    assert clean_page.classify_lines("JAVASCR\u0130PT is on in this page.", 1000, 5)[0][0] == clean_page.KEEP


@needs_native
def test_the_compiled_rules_answer_as_the_python_rules_on_real_crawl_pages(monkeypatch):
    pages = []
    for path in sorted((SHARED_DATA / "cc-text" / "allenai-dolma").glob("*.jsonl.gz")):
        with gzip.open(path, "rt") as f:
            pages += [json.loads(line)["text"] for line in f]
    if not pages:
        pytest.skip("../shared/data/cc-text not found")
    compiled, pure = both_ways(monkeypatch, lambda: [clean(text, 1000, 5) for text in pages])
    assert compiled == pure
    assert sum(cleaned is not None for cleaned, _, _ in compiled) > 100


def test_the_compiled_module_is_built_here():
    """The plain install builds it (setup.py, optional only where no compiler exists)."""
    if os.environ.get("C4PIPE_PURE_PYTHON") == "1":
        pytest.skip("the pure-Python path is selected")
    assert native is not None
