"""URL normalization, validation split and shard assignment."""

from __future__ import annotations

import hashlib

import pytest

from filters.urls import is_validation, normalize_url, page_id


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.Example.com/a/?utm_source=x", "Example.com/a"),
        ("http://example.com/", "example.com"),
        ("http://example.com///", "example.com"),
        ("https://example.com/page?ref=home", "example.com/page"),
        ("https://example.com/page?feed=rss&x=1", "example.com/page"),
        ("https://example.com/page?id=3", "example.com/page?id=3"),
        ("https://example.com/page?x=1&utm_source=a", "example.com/page?x=1&utm_source=a"),
        # Every occurrence is removed, not only the leading one (the reference's quirk).
        ("http://a.com/redirect?to=https://www.b.com/", "a.com/redirect?to=b.com"),
        ("ftp://example.com/file", "ftp://example.com/file"),
        ("HTTP://EXAMPLE.COM/", "HTTP://EXAMPLE.COM"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


def test_validation_split_is_md5_mod_1000():
    # Search deterministically for a URL that lands in validation, and check the rule.
    urls = [f"example.com/page{i}" for i in range(5000)]
    validation = [u for u in urls if is_validation(u)]
    assert validation, "about 1 in 1000 URLs should land in validation"
    for url in urls[:50] + validation:
        expected = int(hashlib.md5(url.encode()).hexdigest(), 16) % 1000 == 0
        assert is_validation(url) == expected


def test_page_id_orders_like_md5_hexdigest():
    urls = ["http://a/", "http://b/", "http://c/x", "https://d.org/"]
    assert sorted(urls, key=page_id) == sorted(urls, key=lambda u: hashlib.md5(u.encode()).hexdigest())
