"""The URL stage of one bucket: RealNews domains, the newest page per URL, the URL lists,
clean_page's outcome; counted, and the same whatever order the pages came in."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.stages.file_stage import ParsedPage
from c4pipe.stages.recording import Recorder
from c4pipe.stages.url_stage import newest_per_url, process_bucket, url_bucket
from filters.page import Page
from filters.url_dedup import prefer
from filters.urls import normalize_url


def parsed(url: str, timestamp: str = "2019-04-20T00:00:00Z", text: str = "Some text.", kept: bool = True,
           clean_counts: tuple = (("passed", 1),)) -> ParsedPage:
    page = Page(url, normalize_url(url), text if kept else "", timestamp)
    return ParsedPage(page, len(text), hashlib.md5(text.encode()).digest(), clean_counts, kept)


def counts_of(recorder: Recorder) -> dict:
    return {f"{ns}:{name}": value for ns, counts in recorder.counts.items() for name, value in counts.items()}


same_url_pages = st.lists(
    st.builds(
        parsed,
        st.sampled_from(["http://a.test/x", "https://a.test/x", "http://a.test/x/", "http://b.test/y"]),
        st.sampled_from(["2019-04-01", "2019-04-02", "2019-05-01"]),
        st.sampled_from(["One.", "Two.", "Three."]),
    ),
    min_size=1, max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(same_url_pages, st.randoms())
def test_newest_per_url_keeps_the_preferred_page_of_each_url_in_any_order(pages, random):
    result = newest_per_url(pages)
    assert result == newest_per_url(random.sample(pages, len(pages)))
    assert [p.page.normalized_url for p, _ in result] == sorted({p.page.normalized_url for p in pages})
    assert sum(seen for _, seen in result) == len(pages)
    for winner, _ in result:
        rivals = [p for p in pages if p.page.normalized_url == winner.page.normalized_url]
        assert all(prefer(winner.url_dedup_key(), p.url_dedup_key()) for p in rivals)


def test_url_dedup_and_clean_page_are_counted_and_only_kept_winners_come_out():
    pages = [
        parsed("http://a.test/x", "2019-04-01"),
        parsed("https://a.test/x", "2019-05-01", kept=False, clean_counts=(("filtered:too_few_sentences", 1),)),
        parsed("http://b.test/y", "2019-04-01", clean_counts=(("passed", 1), ("line-filtered:too_short", 2))),
    ]
    recorder = Recorder()
    out = list(process_bucket(pages, recorder))
    assert [p.page.url for p in out] == ["http://b.test/y"]  # a.test/x's newest page is dropped by clean_page
    counts = counts_of(recorder)
    assert counts["duplicate-url-filter:filtered"] == 1 and counts["duplicate-url-filter:passed"] == 2
    assert counts["clean-page:filtered:too_few_sentences"] == 1  # the winner's, not the older page's
    assert counts["clean-page:passed"] == 1 and counts["clean-page:line-filtered:too_short"] == 2
    assert counts["funnel:url_dedup:pages"] == 2 and counts["funnel:clean_page:pages"] == 1


def test_listed_urls_keep_pages_after_url_dedup_and_count_the_missing_ones():
    pages = [parsed("http://a.test/x", "2019-04-01"), parsed("http://a.test/x", "2019-05-01"),
             parsed("http://b.test/y")]
    recorder = Recorder()
    listed = {normalize_url("http://a.test/x"), normalize_url("http://c.test/z"), normalize_url("http://d.test/")}
    out = list(process_bucket(pages, recorder, listed_urls=listed))
    assert [p.page.timestamp for p in out] == ["2019-05-01"]
    counts = counts_of(recorder)
    assert counts["webtextlike-filter:passed"] == 1
    assert counts["webtextlike-filter:filtered"] == 1
    assert counts["webtextlike-filter:missing-page"] == 2
    assert not any(name.startswith("webtextlike") for name in counts_of(_run_all(pages)))


def test_no_missing_page_counter_when_every_listed_url_has_a_page():
    recorder = Recorder()
    list(process_bucket([parsed("http://a.test/x")], recorder, listed_urls={normalize_url("http://a.test/x")}))
    assert "webtextlike-filter:missing-page" not in counts_of(recorder)


def test_realnews_domains_are_kept_before_url_dedup():
    pages = [parsed("http://news.example.com/a", "2019-04-01"), parsed("http://other.example.org/a")]
    recorder = Recorder()
    out = list(process_bucket(pages, recorder, realnews_domains={"example.com": None}))
    assert [p.page.url for p in out] == ["http://news.example.com/a"]
    counts = counts_of(recorder)
    assert counts["realnews-domain-filter:filtered:bad_domain"] == 1
    assert counts["realnews-domain-filter:passed"] == 1
    assert counts["duplicate-url-filter:passed"] == 1  # the dropped domain never reaches URL dedup


@given(st.text(min_size=1, max_size=30), st.integers(1, 70))
def test_url_bucket_is_in_range_and_stable(url, buckets):
    bucket = url_bucket(url, buckets)
    assert 0 <= bucket < buckets
    assert bucket == url_bucket(url, buckets)
    assert url_bucket(url, 1) == 0


def _run_all(pages) -> Recorder:
    recorder = Recorder()
    list(process_bucket(pages, recorder))
    return recorder
