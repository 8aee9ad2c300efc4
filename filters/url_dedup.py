"""Duplicate URLs: keep the newest page for each normalized URL.

The reference keeps the page with the greatest `WARC-Date` string and, on a tie,
whichever it happened to see first. Ours breaks ties deterministically so the
result does not depend on bundle order: greatest timestamp, then smallest md5 of the
page text as parsed, then smallest raw URL.
"""

from __future__ import annotations

from typing import NamedTuple

COUNTER_NAMESPACE = "duplicate-url-filter"


class UrlDedupKey(NamedTuple):
    timestamp: str
    text_md5: bytes
    url: str


def prefer(a: UrlDedupKey, b: UrlDedupKey) -> bool:
    """True if the page with key `a` is kept over the one with key `b` (a total order)."""
    if a.timestamp != b.timestamp:
        return a.timestamp > b.timestamp
    return (a.text_md5, a.url) <= (b.text_md5, b.url)
