"""Pages per domain, parsed and written, for the run report's top domains.

A task counts the domains of the pages it sees and sends its counts as one table per
domain shard (`tables`), so the pipeline moves a few elements per task, not one per
domain: a crawl has nearly as many domains as pages. Each shard, holding every count of
its domains, picks its own top domains (`top`), and the report keeps the best of those;
a domain lives in one shard, so that is the exact top.
"""

from __future__ import annotations

import collections
import re
from typing import Iterable, Optional
from urllib.parse import urlsplit

import mmh3

PARSED, WRITTEN = 0, 1
"""Which count a table holds: pages parsed (before any URL rule), or pages written."""

TOP_DOMAINS = 20
BUCKETS_PER_SHARD = 16
"""Domain shards per URL or dedup bucket (`shard_count`): few elements per task, and on a
whole crawl still small shards."""


def domain_of(url: str) -> str:
    """The host without `www.`: what the report ranks."""
    host = _plain_host(url)
    if host is None:
        host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


_NETLOC_END = re.compile(r"[/?#]")
_NOT_PLAIN = re.compile(r"[\x00-\x20%@\[\]\x7f-\U0010ffff]")


def _plain_host(url: str) -> Optional[str]:
    """`urlsplit(url).hostname or ""` for the usual http(s) URL, without urlsplit's
    general parsing; None where its host part has anything urlsplit treats specially
    (user info, IPv6 brackets and zones, spaces and control characters, non-ASCII)."""
    if url.startswith("https://"):
        rest = url[8:]
    elif url.startswith("http://"):
        rest = url[7:]
    else:
        return None
    end = _NETLOC_END.search(rest)
    netloc = rest[: end.start()] if end else rest
    if _NOT_PLAIN.search(netloc):
        return None
    return netloc.partition(":")[0].lower()


def shard_count(buckets: int) -> int:
    return max(1, buckets // BUCKETS_PER_SHARD)


def shard_of(domain: str, shards: int) -> int:
    return mmh3.hash(domain, signed=False) % shards


def tables(urls: Iterable[str], shards: int) -> list[tuple[int, dict]]:
    """(shard, {domain: pages}) of the pages with these URLs, per non-empty shard."""
    per_shard: dict = collections.defaultdict(collections.Counter)
    for url in urls:
        domain = domain_of(url)
        per_shard[shard_of(domain, shards)][domain] += 1
    return [(shard, dict(per_shard[shard])) for shard in sorted(per_shard)]


def merge(counted: Iterable[tuple[int, dict]]) -> dict[str, tuple[int, int]]:
    """(PARSED or WRITTEN, table) pairs -> {domain: (pages parsed, pages written)}."""
    totals: dict = collections.defaultdict(lambda: [0, 0])
    for which, table in counted:
        for domain, pages in table.items():
            totals[domain][which] += pages
    return {domain: (parsed, written) for domain, (parsed, written) in totals.items()}


def top(counts: dict[str, tuple[int, int]], n: int = TOP_DOMAINS) -> tuple[list, list]:
    """(most written, most dropped): each the `n` largest (domain, (parsed, written)) by
    that number, ties to the greater domain name, largest first."""
    items = counts.items()
    most_written = sorted(items, key=lambda kv: (kv[1][1], kv[0]), reverse=True)[:n]
    most_dropped = sorted(items, key=lambda kv: (kv[1][0] - kv[1][1], kv[0]), reverse=True)[:n]
    return most_written, most_dropped
