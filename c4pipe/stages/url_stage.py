"""The URL stage: what happens to a hash bucket of normalized URLs once every file's
pages of that bucket have met.

In the reference's order: RealNews domains (recipe `realnewslike`), the newest page of
each normalized URL, the URL lists (recipe `webtextlike`), then the page rule's outcome
(clean_page, or mC4's paragraph filter), computed in the file stage
(`c4pipe.stages.file_stage.ParsedPage`), applied to the page that won its URL. Every
page of a URL hashes to the same bucket, so a bucket decides its URLs alone, and its
result does not depend on the order its pages came in.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping, Optional

from c4pipe.counters.names import FUNNEL, count_stage
from c4pipe.dedup import unit_votes
from c4pipe.stages.file_stage import ParsedPage
from c4pipe.stages.recording import Recorder
from filters import clean_page, domains, url_dedup
from filters.urls import page_id


def url_bucket(normalized_url: str, buckets: int) -> int:
    """The bucket of every page with this normalized URL (md5, as the dedup's page ids)."""
    return unit_votes.page_bucket(page_id(normalized_url), buckets)


def newest_per_url(parsed_pages: Iterable[ParsedPage]) -> list[tuple[ParsedPage, int]]:
    """(the newest page of each normalized URL, how many pages had that URL), in URL
    order; `filters.url_dedup.prefer` is a total order, so any input order gives this."""
    held: dict = {}
    for parsed in parsed_pages:
        url = parsed.page.normalized_url
        entry = held.get(url)
        if entry is None:
            held[url] = [parsed, 1]
            continue
        entry[1] += 1
        if url_dedup.prefer(parsed.url_dedup_key(), entry[0].url_dedup_key()):
            entry[0] = parsed
    return [(held[url][0], held[url][1]) for url in sorted(held)]


def process_bucket(
    parsed_pages: Iterable[ParsedPage],
    recorder: Recorder,
    realnews_domains: Optional[Mapping] = None,
    listed_urls: Optional[set] = None,
    rule: tuple[str, str] = (clean_page.COUNTER_NAMESPACE, "clean_page"),
) -> Iterator[ParsedPage]:
    """A bucket's pages -> those that pass the URL rules and the page rule, counted.

    `realnews_domains`: keep pages of those domains, before URL dedup. `listed_urls`:
    the normalized URLs of the URL lists that fall in this bucket; a page whose URL is
    not listed is dropped, after URL dedup, and a listed URL with no page is counted
    as `missing-page`. `rule`: the page rule's (counter namespace, funnel stage), as
    `c4pipe.stages.file_stage.page_rule` names it.
    """
    count_funnel = recorder.count(FUNNEL)
    if realnews_domains is not None:
        count_domain = recorder.count(domains.REALNEWS_NAMESPACE)
        parsed_pages = [
            parsed for parsed in parsed_pages
            if domains.is_realnews_domain(parsed.page.normalized_url, realnews_domains, count_domain)
        ]
    count_url = recorder.count(url_dedup.COUNTER_NAMESPACE)
    rule_namespace, rule_stage = rule
    count_rule = recorder.count(rule_namespace)
    count_listed = recorder.count(domains.WEBTEXT_NAMESPACE) if listed_urls is not None else None
    survivors = newest_per_url(parsed_pages)
    for parsed, seen in survivors:
        count_url("filtered", seen - 1)
        count_url("passed")
        count_stage(count_funnel, "url_dedup", parsed.raw_chars)
        if count_listed is not None:
            if parsed.page.normalized_url not in listed_urls:
                count_listed("filtered")
                continue
            count_listed("passed")
        for name, value in parsed.clean_counts:
            count_rule(name, value)
        if parsed.kept:
            count_stage(count_funnel, rule_stage, len(parsed.page.text))
            yield parsed
    if count_listed is not None:
        missing = len(listed_urls - {parsed.page.normalized_url for parsed, _ in survivors})
        if missing:
            count_listed("missing-page", missing)
