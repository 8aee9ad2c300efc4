"""Duplicate URLs: keep the newest page for each normalized URL.

The reference keeps the page with the greatest `WARC-Date` string and, on a tie,
whichever it happened to see first. Ours breaks ties deterministically so the
result does not depend on bundle order: greatest timestamp, then smallest md5 of the
text, then smallest raw URL.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

from c4pipe.counters import Count
from c4pipe.pages import Page

COUNTER_NAMESPACE = "duplicate-url-filter"


def _tie_breaker(page: Page) -> tuple[bytes, str]:
    return hashlib.md5(page.text.encode("utf-8")).digest(), page.url


def newer_page(a: Page, b: Page) -> Page:
    """The page to keep of two with the same normalized URL (associative, commutative)."""
    if a.timestamp != b.timestamp:
        return a if a.timestamp > b.timestamp else b
    return a if _tie_breaker(a) <= _tie_breaker(b) else b


def select_newest_page(pages: Iterable[Page], count: Count) -> Page:
    selected, seen = None, 0
    for page in pages:
        seen += 1
        selected = page if selected is None else newer_page(selected, page)
    count("filtered", seen - 1)
    count("passed")
    return selected
