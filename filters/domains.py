"""Keeping pages by where they come from: RealNews domains and OpenWebText URL lists.

RealNews (TFDS c4/realnewslike): the page's registered domain must be a key of
grover's domain list and, where the value is a list, its subdomain must be listed.
The registered domain comes from tldextract's public-suffix snapshot bundled with the
pinned tldextract version, never a live download, so results do not drift.
"""

from __future__ import annotations

import functools
from typing import Mapping

from filters.counting import Count

REALNEWS_NAMESPACE = "realnews-domain-filter"
WEBTEXT_NAMESPACE = "webtextlike-filter"


@functools.lru_cache(maxsize=None)
def _extractor():
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def is_realnews_domain(normalized_url: str, domains: Mapping, count: Count) -> bool:
    parts = _extractor()(normalized_url)
    main_domain = parts.domain + "." + parts.suffix
    if main_domain not in domains:
        count("filtered:bad_domain")
        return False
    allowed = domains[main_domain]
    if isinstance(allowed, list) and parts.subdomain not in allowed:
        count("filtered:bad_subdomain")
        return False
    count("passed")
    return True
