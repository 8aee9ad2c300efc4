"""The real-crawl-text corpus (c4pipe.synth.crawl_text): real pages, perturbed copies, valid WET."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from c4pipe.synth.crawl_text import (
    MIN_WORDS_TO_SHUFFLE,
    generate_crawl_text_corpus,
    read_crawl_text,
    shuffled_line,
)
from tests.fixtures.paths import SHARED_DATA

CC_TEXT = sorted((SHARED_DATA / "cc-text" / "allenai-dolma").glob("*.jsonl.gz"))
needs_cc_text = pytest.mark.skipif(not CC_TEXT, reason="../shared/data/cc-text not found")


def conversions(paths) -> list[tuple[str, str, str]]:
    """(url, WARC-Date, body) of every conversion record, in file order."""
    out = []
    for path in paths:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "conversion":
                    body = record.content_stream().read().decode("utf-8")
                    out.append((record.rec_headers["WARC-Target-URI"], record.rec_headers["WARC-Date"], body))
    return out


@given(st.lists(st.text(alphabet="ab.? \u00e9", min_size=1, max_size=6), max_size=12), st.integers(0, 2**32))
def test_a_shuffled_line_keeps_its_words_ends_and_length(words, seed):
    import random

    line = " ".join(words)
    got = shuffled_line(line, random.Random(seed))
    assert len(got) == len(line)
    assert Counter(got.split(" ")) == Counter(line.split(" "))
    parts, original = got.split(" "), line.split(" ")
    assert (parts[0], parts[-1]) == (original[0], original[-1])
    if len(original) < MIN_WORDS_TO_SHUFFLE:
        assert got == line


def test_jsonl_without_url_or_date_gets_placeholders(tmp_path):
    src = tmp_path / "t.jsonl"
    src.write_text(json.dumps({"id": "7", "text": "One line here."}) + "\n" + json.dumps({"text": "  "}) + "\n\n")
    (page,) = read_crawl_text([src])
    assert page.url == "https://crawl-text.invalid/7" and page.date.endswith("Z")


@needs_cc_text
def test_the_corpus_is_real_text_then_perturbed_copies(tmp_path):
    sources = read_crawl_text(CC_TEXT)
    pages = len(sources) * 2 + 5
    paths = generate_crawl_text_corpus(tmp_path, CC_TEXT, pages=pages, seed=3, files=3)
    records = conversions(paths)
    assert len(paths) == 3 and len(records) == pages
    assert len({url for url, _, _ in records}) == pages  # every copy has its own URL
    for i, (url, date, body) in enumerate(records):
        source = sources[i % len(sources)]
        assert date == source.date
        if i < len(sources):
            assert (url, body) == (source.url, source.body)  # copy 0: the page itself
            continue
        assert url == f"{source.url}{'&' if '?' in source.url else '?'}copy={i // len(sources)}"
        lines, original = body.split("\n"), source.body.split("\n")
        assert [Counter(line.split(" ")) for line in lines] == [Counter(line.split(" ")) for line in original]
    copies = records[len(sources):]
    changed = sum(body != sources[i % len(sources)].body for i, (_, _, body) in enumerate(copies))
    assert changed >= 0.9 * len(copies)  # nearly every copy differs from its source page


@needs_cc_text
def test_the_corpus_bytes_depend_only_on_its_arguments(tmp_path):
    n = len(read_crawl_text(CC_TEXT))
    a = generate_crawl_text_corpus(tmp_path / "a", CC_TEXT, pages=n + 40, seed=1, files=2)
    b = generate_crawl_text_corpus(tmp_path / "b", CC_TEXT, pages=n + 40, seed=1, files=2)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    other_seed = conversions(generate_crawl_text_corpus(tmp_path / "c", CC_TEXT, pages=n + 40, seed=2, files=2))
    ours = conversions(a)
    assert other_seed[:n] == ours[:n]  # the real pages do not depend on the seed
    assert other_seed[n:] != ours[n:]  # their copies' shuffles do


def test_no_source_pages_is_an_error(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("")
    with pytest.raises(ValueError, match="no crawl text pages"):
        generate_crawl_text_corpus(tmp_path / "o", [src], pages=3)


@pytest.mark.parametrize("make_args, message", [
    (lambda tmp: ["--crawl-text", str(tmp / "missing.jsonl")], "No such file or directory"),
    (lambda tmp: ["--crawl-text", str(tmp / "bad.jsonl")], "bad.jsonl, line 2: not a JSON document"),
    (lambda tmp: ["--pages", "-1"], "pages must be >= 0"),
])
def test_a_synth_mistake_is_one_line(tmp_path, capsys, make_args, message):
    from c4pipe.cli import main

    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": "Fine."}) + "\nnot json\n")
    assert main(["synth", "--output", str(tmp_path / "out"), *make_args(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("c4pipe synth: ") and message in err
