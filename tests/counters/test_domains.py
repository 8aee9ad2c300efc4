"""Domain tables: counted in shards per task, merged per shard, the top of each shard's top
is the top of the whole run."""

from __future__ import annotations

import collections
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.counters import domains

hosts = st.sampled_from(["a.test", "www.a.test", "b.test", "c.test", "d.test", "e.test", "f.test", "g.test"])
urls = st.lists(st.builds(lambda host, n: f"http://{host}/{n}", hosts, st.integers(0, 3)), max_size=60)


def test_domain_is_the_host_without_www():
    assert domains.domain_of("https://www.A.test:8080/x?y") == "a.test"
    assert domains.domain_of("http://wwwx.test/") == "wwwx.test"
    assert domains.domain_of("not a url") == ""


@settings(max_examples=200, deadline=None)
@given(urls, st.data(), st.integers(1, 5), st.integers(1, 4), st.integers(1, 6))
def test_top_of_each_shards_top_is_the_top_of_all(parsed_urls, data, shards, tasks, n):
    written_urls = data.draw(st.lists(st.sampled_from(parsed_urls), max_size=len(parsed_urls)) if parsed_urls
                             else st.just([]))
    per_shard = collections.defaultdict(list)
    for which, some_urls in ((domains.PARSED, parsed_urls), (domains.WRITTEN, written_urls)):
        for task in range(tasks):  # each task counts its share and sends one table per shard
            for shard, table in domains.tables(some_urls[task::tasks], shards):
                assert all(domains.shard_of(domain, shards) == shard for domain in table)
                per_shard[shard].append((which, table))
    candidates = {}
    for tables in per_shard.values():
        most_written, most_dropped = domains.top(domains.merge(tables), n)
        candidates.update(most_written + most_dropped)
    everything = {
        domain: (collections.Counter(map(domains.domain_of, parsed_urls))[domain],
                 collections.Counter(map(domains.domain_of, written_urls))[domain])
        for domain in set(map(domains.domain_of, parsed_urls))
    }
    assert domains.top(candidates, n) == domains.top(everything, n)


def test_top_orders_by_count_then_by_the_greater_name():
    counts = {"a.test": (5, 2), "b.test": (3, 2), "c.test": (9, 0)}
    most_written, most_dropped = domains.top(counts, 2)
    assert most_written == [("b.test", (3, 2)), ("a.test", (5, 2))]
    assert most_dropped == [("c.test", (9, 0)), ("a.test", (5, 2))]


url_parts = st.text(alphabet="aZ09.-:@[]/?#% \t\né", max_size=12)


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(["http://", "https://", "HTTP://", " http://", "ftp://", ""]), url_parts, url_parts)
def test_domain_is_what_urlsplit_gives(scheme, host, rest):
    from urllib.parse import urlsplit

    url = scheme + host + rest
    try:
        host = urlsplit(url).hostname or ""
    except ValueError as error:  # urlsplit rejects some netlocs: so must domain_of
        with pytest.raises(ValueError, match=re.escape(str(error))):
            domains.domain_of(url)
        return
    assert domains.domain_of(url) == (host[4:] if host.startswith("www.") else host)
