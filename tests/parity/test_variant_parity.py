"""The C4 variants against the reference's own configs: noclean, realnewslike, webtextlike.

Same comparison as test_reference_parity.py: the set of (split, url, text, timestamp),
with URL ties set aside.
"""

from __future__ import annotations

import pytest

from . import harness
from .test_reference_parity import _PROSE, _wet_record

REALNEWS = harness.SHARED_DATA / "realnews" / "domain_to_allowed_subdomains.json"
PAIR = dict(harness.input_sets()).get("tfds-c4-fake-pair")


def _same_pages(ref_rows, our_rows, wet_files):
    ties = harness.tied_urls(wet_files)
    ok, report = harness.compare(ref_rows, our_rows, ignore_norm_urls=frozenset(ties),
                                 ignore_lines=frozenset(harness.tie_lines(wet_files)))
    print(report)
    assert ok, report


@pytest.mark.skipif(PAIR is None, reason="needs ../shared/data/wet")
def test_noclean_parity_on_the_reference_test_files(reference, tmp_path):
    ref_rows, _ = reference(PAIR, "en.noclean")
    our_rows, _, _ = harness.run_ours(PAIR, tmp_path, extra_args=["--recipe", "noclean"])
    _same_pages(ref_rows, our_rows, PAIR)
    assert len(our_rows) == 6  # c4_test.py: en.noclean has train 4, validation 2


@pytest.mark.slow
def test_noclean_parity_synthetic(reference, synthetic_corpus, tmp_path):
    ref_rows, _ = reference(synthetic_corpus, "en.noclean")
    our_rows, _, _ = harness.run_ours(synthetic_corpus, tmp_path, extra_args=["--recipe", "noclean"])
    _same_pages(ref_rows, our_rows, synthetic_corpus)


def _news_wet(tmp_path):
    urls = [
        "https://news.gather.com/story-1",  # listed subdomain
        "https://www.gather.com/story-2",  # subdomain not listed
        "http://www.herefordtimes.com/news/story-3",  # every subdomain allowed
        "http://fake-news-site.example/story-4",  # unknown domain
        "https://www.bbc.co.uk/news/story-5",  # multi-part suffix
    ]
    wet = tmp_path / "news.warc.wet"
    wet.write_bytes(b"".join(
        _wet_record(u, "2019-04-18T10:00:00Z", (f"Story {i} is about place number {i}. " + _PROSE).encode())
        for i, u in enumerate(urls)))
    return [wet]


@pytest.mark.skipif(not REALNEWS.is_file(), reason="needs ../shared/data/realnews")
def test_realnewslike_parity(reference, tmp_path):
    wet = _news_wet(tmp_path)
    ref_rows, ref_counters = reference(wet, "realnewslike")
    our_rows, our_counters, _ = harness.run_ours(
        wet, tmp_path, extra_args=["--recipe", "realnewslike", "--realnews-domains", str(REALNEWS)])
    _same_pages(ref_rows, our_rows, wet)
    for name in ("filtered:bad_domain", "filtered:bad_subdomain", "passed"):
        assert our_counters[f"realnews-domain-filter:{name}"] == ref_counters[f"realnews-domain-filter:{name}"]


def test_webtextlike_parity(reference, tmp_path):
    wet = _news_wet(tmp_path)
    lists = tmp_path / "owt"
    lists.mkdir()
    (lists / "urls-0.txt").write_text("https://news.gather.com/story-1/\nhttp://never-crawled.example/x\n")
    # "www." is only stripped after a scheme: the story-3 line matches nothing, on both sides.
    (lists / "urls-1.txt").write_text("http://www.bbc.co.uk/news/story-5?utm_source=feed\nwww.herefordtimes.com/news/story-3\n")
    ref_rows, _ = reference(wet, "webtextlike", extra_args=["--webtext-urls", str(lists)],
                            extra_inputs=sorted(lists.glob("*.txt")))
    our_rows, _, _ = harness.run_ours(
        wet, tmp_path, extra_args=["--recipe", "webtextlike", "--webtext-urls", str(lists / "*.txt")])
    _same_pages(ref_rows, our_rows, wet)
    assert {r["url"] for r in our_rows} == {"https://news.gather.com/story-1", "https://www.bbc.co.uk/news/story-5"}
