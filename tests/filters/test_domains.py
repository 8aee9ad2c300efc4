"""`filters.domains.is_realnews_domain` against grover's real RealNews domain list.

Covered, with real entries of `../shared/data/realnews/domain_to_allowed_subdomains.json`:
a registered domain whose value is `True` (any subdomain), one whose value is a list
(listed subdomain, multi-label listed subdomain, no subdomain, unlisted subdomain),
unknown domains (including look-alikes), multi-part public suffixes (co.uk, com.au,
co.kr), tldextract quirks the reference shares (ports, private suffixes, case), the
counters `passed` / `filtered:bad_domain` / `filtered:bad_subdomain`, and the
namespace constants (the reference's counter names).
"""

from __future__ import annotations

import pytest

from c4pipe.io.assets import load_realnews_domains
from filters import domains
from filters.counting import CounterDict
from filters.domains import is_realnews_domain
from filters.urls import normalize_url

PASSED, BAD_DOMAIN, BAD_SUBDOMAIN = "passed", "filtered:bad_domain", "filtered:bad_subdomain"


@pytest.fixture(scope="module")
def realnews(shared_data):
    table = load_realnews_domains(local=str(shared_data / "realnews" / "domain_to_allowed_subdomains.json"))
    # The entries these tests rely on, as the pinned list has them.
    assert table["nytimes.com"] is True
    assert table["bbc.co.uk"] is True and table["news.com.au"] is True
    assert "money" in table["msn.com"] and "money.uk" in table["msn.com"] and "games" not in table["msn.com"]
    assert table["yonhapnews.co.kr"] == ["english"]
    return table


def outcome(url: str, table) -> str:
    """The one counter a page increments (normalizing the URL as the pipeline does)."""
    counts = CounterDict()
    kept = is_realnews_domain(normalize_url(url), table, counts)
    assert sum(counts.values()) == 1, counts
    (name,) = counts
    assert kept == (name == PASSED)
    return name


@pytest.mark.parametrize(
    "url, expected",
    [
        # Value True: any subdomain, or none.
        ("https://www.nytimes.com/2019/04/01/story.html", PASSED),
        ("https://cooking.nytimes.com/recipes/1", PASSED),
        ("http://a.b.nytimes.com/", PASSED),
        # Value a list: the subdomain (everything left of the registered domain) must be listed.
        ("https://money.msn.com/article", PASSED),
        ("https://money.uk.msn.com/article", PASSED),  # multi-label subdomain "money.uk"
        ("https://games.msn.com/article", BAD_SUBDOMAIN),
        ("https://uk.msn.com/article", BAD_SUBDOMAIN),  # only "money.uk"/"news.uk"/"movies.uk" are listed
        ("https://msn.com/article", BAD_SUBDOMAIN),  # empty subdomain is not in the list
        ("https://www.msn.com/article", BAD_SUBDOMAIN),  # normalization strips www.: empty again
        ("https://www.money.msn.com/article", PASSED),  # www. stripped: "money"
        ("https://news.www.msn.com/article", BAD_SUBDOMAIN),  # only a leading www. goes: "news.www"
        # Unknown domains and look-alikes.
        ("https://blog.example.org/post", BAD_DOMAIN),
        ("https://nytimes.com.evil.org/story", BAD_DOMAIN),  # registered domain is evil.org
        ("https://nytimes.co.uk/story", BAD_DOMAIN),
        ("https://example.com/?next=money.msn.com", BAD_DOMAIN),  # the host decides, not the path
        ("http://192.168.0.1/news", BAD_DOMAIN),
        ("http://localhost/news", BAD_DOMAIN),
    ],
)
def test_registered_domain_and_subdomain(realnews, url, expected):
    assert outcome(url, realnews) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.bbc.co.uk/news/uk-1", PASSED),  # registered domain bbc.co.uk, not co.uk
        ("https://news.bbc.co.uk/2/hi/1.stm", PASSED),
        ("https://news.com.au/national", PASSED),  # "news" is the domain, com.au the suffix
        ("https://sport.news.com.au/a", PASSED),
        ("https://english.yonhapnews.co.kr/news/1", PASSED),  # listed subdomain under co.kr
        ("https://www.yonhapnews.co.kr/news/1", BAD_SUBDOMAIN),  # www. stripped: ""
        ("https://sports.yonhapnews.co.kr/news/1", BAD_SUBDOMAIN),
        ("https://co.uk/page", BAD_DOMAIN),  # a bare public suffix: ".co.uk"
        ("https://uk.example/bbc.co.uk", BAD_DOMAIN),
    ],
)
def test_multi_part_public_suffixes(realnews, url, expected):
    assert outcome(url, realnews) == expected


def test_tldextract_quirks_the_reference_shares(realnews):
    # A port is not part of the host's labels.
    assert outcome("https://money.msn.com:8080/a", realnews) == PASSED
    # Private suffixes (blogspot.com) are not used: foo.blogspot.com is blogspot.com.
    assert domains._extractor()("foo.blogspot.com/x").domain == "blogspot"
    # Case is kept by normalization and by tldextract; the list is lower case.
    assert outcome("https://www.NYTimes.com/2019/story.html", realnews) == BAD_DOMAIN


def test_counters_add_up_over_pages(realnews):
    urls = [
        "nytimes.com/a", "money.msn.com/b", "games.msn.com/c", "msn.com/d",
        "example.org/e", "news.bbc.co.uk/f", "sports.yonhapnews.co.kr/g",
    ]
    counts = CounterDict()
    kept = [url for url in urls if is_realnews_domain(url, realnews, counts)]
    assert kept == ["nytimes.com/a", "money.msn.com/b", "news.bbc.co.uk/f"]
    assert dict(counts) == {PASSED: 3, BAD_SUBDOMAIN: 3, BAD_DOMAIN: 1}


def test_works_with_a_small_hand_made_table():
    table = {"example.co.uk": ["news", ""], "example.com": True}
    counts = CounterDict()
    results = [is_realnews_domain(url, table, counts) for url in
               ["example.co.uk/a", "news.example.co.uk/a", "blog.example.co.uk/a", "x.example.com/a", "example.net/a"]]
    assert results == [True, True, False, True, False]  # "" listed: the bare domain passes
    assert dict(counts) == {PASSED: 3, BAD_SUBDOMAIN: 1, BAD_DOMAIN: 1}


def test_namespaces_are_the_reference_counter_names():
    assert domains.REALNEWS_NAMESPACE == "realnews-domain-filter"
    assert domains.WEBTEXT_NAMESPACE == "webtextlike-filter"
