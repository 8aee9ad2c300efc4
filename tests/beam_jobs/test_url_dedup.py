"""The Beam step of URL dedup: the newest page of each URL's group, whatever the order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from beam_jobs.url_dedup import newest
from filters.url_dedup import UrlDedupKey, prefer

keys = st.builds(
    UrlDedupKey,
    st.sampled_from(["2019-04-01", "2019-04-02", "2019-05-01"]),
    st.binary(min_size=1, max_size=2),
    st.sampled_from(["http://a.test/x", "https://a.test/x", "http://a.test/x/"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(keys, min_size=1, max_size=8, unique=True), st.randoms())
def test_newest_is_the_preferred_page_in_any_order(page_keys, random):
    pages = [(tuple(key), repr(key).encode()) for key in page_keys]
    shuffled = random.sample(pages, len(pages))
    blob, seen = newest(shuffled)
    assert seen == len(pages)
    winner = UrlDedupKey(*next(key for key, b in pages if b == blob))
    assert all(prefer(winner, UrlDedupKey(*key)) for key, _ in pages)
    assert newest(pages) == (blob, seen)



def test_keyed_by_url_is_what_the_shuffle_needs_and_gives_the_page_back():
    import hashlib

    from beam_jobs.packed import unpack
    from beam_jobs.url_dedup import keyed_by_url, url_of
    from c4pipe.stages.file_stage import ParsedPage
    from filters.page import Page

    page = Page("https://a.test/x?y=1", "a.test/x?y=1", "Some text.", "2019-04-02T00:00:00Z")
    parsed = ParsedPage(page, 10, hashlib.md5(b"raw").digest(), (("passed", 1),), True, b"", b"k" * 16)
    keyed = keyed_by_url(parsed)
    assert keyed[0] == page.normalized_url
    assert UrlDedupKey(*keyed[1][0]) == parsed.url_dedup_key()
    assert url_of(keyed) == page.url
    assert unpack(keyed[1][1]) == parsed
