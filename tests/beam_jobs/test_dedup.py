"""Both dedup modes on small hand-built corpora with known answers.

`corpus_dedup` plays the Beam job in plain Python (keys -> smallest page id -> keeper),
so these tests pin the filters' semantics; the pipeline tests check that Beam does
the same.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.text.sentences import count_sentences, split_sentences
from filters import line_dedup, span_dedup
from filters.counting import CounterDict
from filters.urls import page_id


def corpus_dedup(pages: dict, mode: str, min_sentences: int = 3):
    """{url: text} -> ({url: new text or None}, counters)."""
    keys_of = {
        url: line_dedup.line_keys(text) if mode == "lines" else span_dedup.span_keys(text, split_sentences)
        for url, text in pages.items()
    }
    keeper: dict = {}
    for url, keys in keys_of.items():
        for key in keys:
            if key not in keeper or page_id(url) < page_id(keeper[key]):
                keeper[key] = url
    counts = CounterDict()
    result = {}
    for url, text in pages.items():
        kept = {k for k, owner in keeper.items() if owner == url}
        if mode == "lines":
            result[url] = line_dedup.remove_duplicate_lines(
                text, kept, count_sentences, counts, min_sentences
            )
        else:
            result[url] = span_dedup.remove_duplicate_spans(text, kept, split_sentences, counts, 3, min_sentences)
    return result, counts


def first_by_md5(*urls):
    return min(urls, key=page_id)


A = "Alpha line has five words."
B = "Bravo line has five words."
C = "Charlie line has five words."
D = "Delta line has five words."
E = "Echo line has five words."


# --- whole lines (tfds-3.1.0) ----------------------------------------------------------


def test_line_kept_by_smallest_md5_url_only():
    pages = {"http://one/": "\n".join([A, B, C, D]), "http://two/": "\n".join([A, B, C, E])}
    keeper = first_by_md5(*pages)
    other = next(u for u in pages if u != keeper)
    result, counts = corpus_dedup(pages, "lines", min_sentences=1)
    assert result[keeper] == pages[keeper]
    assert result[other] == pages[other].split("\n")[-1]
    assert counts["line-filtered:global_duplicate"] == 3


def test_line_comparison_ignores_case_and_outer_space_but_keeps_original():
    pages = {"http://one/": f"{A}\n{B}\n{C}", "http://two/": f"  {A.upper()} \n{D}\n{E}"}
    result, _ = corpus_dedup(pages, "lines", min_sentences=1)
    survivors = [line for text in result.values() if text for line in text.split("\n")]
    assert sum(line.strip().lower() == A.lower() for line in survivors) == 1


def test_local_duplicates_removed_in_keeper():
    result, counts = corpus_dedup({"http://solo/": "\n".join([A, B, A, C, B])}, "lines")
    assert result["http://solo/"] == "\n".join([A, B, C])
    assert counts["line-filtered:local_duplicate"] == 2


def test_page_under_three_sentences_after_dedup_is_dropped():
    pages = {"http://one/": "\n".join([A, B, C]), "http://two/": "\n".join([A, B, D])}
    result, counts = corpus_dedup(pages, "lines")
    assert sum(text is None for text in result.values()) == 1
    assert counts["filtered:too_few_sentences"] == 1


def test_page_with_nothing_left_is_empty():
    pages = {"http://one/": "\n".join([A, B, C]), "http://two/": "\n".join([A, B, C])}
    result, counts = corpus_dedup(pages, "lines")
    assert sorted(text is None for text in result.values()) == [False, True]
    assert counts["filtered:empty"] == 1


# --- three-sentence spans (the paper) --------------------------------------------------

S = [f"Sentence number {w} is right here." for w in "one two three four five six seven".split()]


def test_span_shared_by_two_pages_kept_once():
    shared = " ".join(S[0:3])
    pages = {"http://one/": f"{shared} {S[3]}\n{S[4]} {S[5]} {S[6]}", "http://two/": f"{shared}\n{S[6]} {S[5]} {S[4]}"}
    keeper = first_by_md5(*pages)
    other = next(u for u in pages if u != keeper)
    result, counts = corpus_dedup(pages, "spans", min_sentences=1)
    assert shared in result[keeper]
    assert shared not in (result[other] or "")
    assert counts["span-filtered:global_duplicate"] >= 1


def test_span_repeated_inside_keeper_keeps_first_occurrence():
    """1.0.0 removed both copies in the keeper; we keep the first and drop the repeat."""
    span = " ".join(S[0:3])
    result, counts = corpus_dedup({"http://solo/": f"{span}\n{S[3]} {S[4]} {S[5]}\n{span}"}, "spans")
    assert result["http://solo/"] == f"{span}\n{S[3]} {S[4]} {S[5]}"
    assert counts["span-filtered:local_duplicate"] == 1
    assert counts["line-removed"] == 1


def test_short_lines_are_one_window_and_lines_rejoin_with_one_space():
    pages = {"http://one/": f"{S[0]}\n{S[1]}  {S[2]}\n{S[3]} {S[4]} {S[5]}", "http://two/": f"{S[0]}\n{S[6]} {S[5]} {S[4]}"}
    result, _ = corpus_dedup(pages, "spans", min_sentences=1)
    keeper = first_by_md5(*pages)
    assert S[0] in result[keeper]
    if keeper == "http://one/":
        assert result["http://one/"].split("\n")[1] == f"{S[1]} {S[2]}"


def test_solo_end_mark_windows_are_ignored():
    text = "!\n" + " ".join(S[0:3]) + "\n..."
    assert len(span_dedup.span_keys(text, split_sentences)) == 1


def test_span_dedup_drops_page_under_three_sentences():
    span = " ".join(S[0:3])
    pages = {"http://one/": f"{span} {S[3]}", "http://two/": f"{span} {S[4]}"}
    result, counts = corpus_dedup(pages, "spans")
    assert sorted(text is None for text in result.values()) == [False, True]
    assert counts["filtered:too_few_sentences"] == 1


# --- properties ------------------------------------------------------------------------

_lines = st.lists(st.sampled_from([A, B, C, D, E, A.upper(), " ".join(S[0:3]), " ".join(S[2:5])]), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from([f"http://p{i}/" for i in range(5)]), _lines, min_size=1, max_size=5))
def test_each_line_survives_at_most_once_and_order_is_kept(raw_pages):
    pages = {url: "\n".join(lines) for url, lines in raw_pages.items()}
    result, _ = corpus_dedup(pages, "lines", min_sentences=0)
    survivors = [line for text in result.values() if text for line in text.split("\n")]
    keys = [line.strip().lower() for line in survivors]
    assert len(keys) == len(set(keys))
    for url, text in result.items():
        if text:
            original = pages[url].split("\n")
            positions = [original.index(line) for line in text.split("\n")]
            assert positions == sorted(positions)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from([f"http://p{i}/" for i in range(4)]), _lines, min_size=1, max_size=4))
def test_no_window_survives_twice(raw_pages):
    pages = {url: "\n".join(lines) for url, lines in raw_pages.items()}
    result, _ = corpus_dedup(pages, "spans", min_sentences=0)
    seen: list = []
    for text in result.values():
        if text:
            for line in text.split("\n"):
                seen += [w.key for w in span_dedup.line_windows(split_sentences(line))]
    assert len(seen) == len(set(seen))


# --- the Beam job: packed votes give the pure functions' result, for any bucket count ----


_SENTENCES = [f"Sentence number {i} is here." for i in range(12)]


def _beam_corpus() -> dict:
    """Pages sharing whole lines and three-sentence spans in many combinations."""
    pages = {}
    for n in range(30):
        lines = [" ".join(_SENTENCES[(n * k) % 12 : (n * k) % 12 + 4]) for k in range(1, 4)]
        lines += [A if n % 2 else B, f"Page {n} has a line of its own." + (" It is unique. Quite." if n % 3 else "")]
        pages[f"https://site{n % 7}.example/{n}"] = "\n".join(lines)
    return pages


def _check_beam_dedup(pages: dict, recipe_name: str, buckets: int, join: str, expected: dict) -> None:
    """The pages as two files' URL-bucket blobs, through the URL stage and the dedup."""
    import apache_beam as beam
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner
    from apache_beam.testing.util import assert_that, equal_to

    from beam_jobs.dedup import Deduplicate
    from beam_jobs.packed import unpack
    from beam_jobs.url_dedup import UNITS, DedupUrls, by_url_bucket
    from beam_jobs.write_shards import Finish
    from c4pipe.io.outputs import ShardLayout
    from c4pipe.recipes import get_recipe
    from c4pipe.stages.file_stage import ParsedPage, unit_key_packer
    from c4pipe.text import sentence_offsets
    from c4pipe.text.sentences import english_tokenizer
    from filters.page import Page
    from filters.urls import normalize_url

    recipe = get_recipe(recipe_name)
    span_tokenize = english_tokenizer().span_tokenize
    unit_keys = unit_key_packer(recipe)
    parsed = []
    for url, text in pages.items():
        offsets = sentence_offsets.pack(text, span_tokenize) if recipe.dedup == "spans" else b""
        parsed.append(ParsedPage(Page(url, normalize_url(url), text, "2019-04-20T00:00:00Z"), len(text), b"", (),
                                 True, offsets, unit_keys(text, offsets)))
    files = [by_url_bucket(parsed[half::2], buckets) for half in (0, 1)]
    finish = Finish(ShardLayout(validation_modulus=recipe.validation_modulus, parts=2), buckets)
    with beam.Pipeline(runner=FnApiRunner()) as pipeline:
        blobs = pipeline | beam.Create([blob for blobs in files for blob in blobs])
        urls = blobs | DedupUrls(recipe, buckets, finish)
        out = (urls.pages, urls[UNITS]) | Deduplicate(recipe, buckets, finish, join)
        pages = out.pages | beam.FlatMapTuple(lambda key, batch: [(key, page) for page in unpack(batch)])
        assert_that(
            pages | beam.MapTuple(lambda key, page: (page.url, page.text)), equal_to(list(expected.items()))
        )
        assert_that(pages | beam.MapTuple(lambda key, page: key == finish.layout.part_key(page)),
                    equal_to([True] * len(expected)), label="PartKeys")


@pytest.mark.parametrize("recipe_name, mode", [("tfds-3.1.0", "lines"), ("c4", "spans")])
def test_beam_job_matches_the_pure_dedup_for_any_bucket_count(recipe_name, mode):
    pages = _beam_corpus()
    expected, _ = corpus_dedup(pages, mode)
    expected = {url: text for url, text in expected.items() if text is not None}
    assert 0 < len(expected) < len(pages)
    for buckets in (1, 3, 16):
        for join in ("cogroup", "side_input"):
            _check_beam_dedup(pages, recipe_name, buckets, join, expected)


@pytest.mark.parametrize("recipe_name, mode", [("tfds-3.1.0", "lines"), ("c4", "spans")])
def test_beam_job_in_a_local_worker_pool_matches_the_pure_dedup(recipe_name, mode):
    """Bucket tasks sent to pool workers (`beam_jobs.local_pool`), for both joins' shapes."""
    from beam_jobs.local_pool import worker_pool

    pages = _beam_corpus()
    expected, _ = corpus_dedup(pages, mode)
    expected = {url: text for url, text in expected.items() if text is not None}
    with worker_pool(2):
        for join in ("cogroup", "side_input"):
            _check_beam_dedup(pages, recipe_name, 5, join, expected)
