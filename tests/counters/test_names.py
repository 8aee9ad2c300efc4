"""`c4pipe.counters.names`: one classification of counters for the balance and the report."""

from __future__ import annotations

import pytest

from c4pipe.counters import names

PAGE_DROPS = [
    "too-long-filter:filtered", "duplicate-url-filter:filtered", "realnews-domain-filter:filtered:bad_domain",
    "webtextlike-filter:filtered", "clean-page:filtered:loremipsum", "dedupe-lines:filtered:empty",
    "dedupe-spans:filtered:too_few_sentences", "english-filter:filtered:ignored_language",
    "english-filter:filtered:low_confidence", "badwords-filter:filtered",
    "paragraph-filter:filtered", "language-filter:filtered:ignored_language",
]
NOT_PAGE_DROPS = [
    "english-filter:filtered:ignored_language-de",  # a breakdown of ignored_language, not a second drop
    "split-wet-file:filtered:no_url",  # a record that never became a page
    "clean-page:line-filtered:policy", "dedupe-spans:span-filtered:global_duplicate",
    "clean-page:passed", "funnel:written:pages", "output:pages:train", "webtextlike-filter:missing-page",
    "dedup-join:units_offered", "filtered:no_namespace", "other-filter:filtered",
    # mC4: named like drops by the reference, but the page stays as `und`
    "language-filter:filtered:low_confidence", "language-filter:filtered:no_predictions",
    "badwords-filter:soft-passed", "badwords-filter-de:filtered",  # a per-language repeat, not a second drop
]


@pytest.mark.parametrize("name", PAGE_DROPS)
def test_page_drops(name):
    assert names.is_page_drop(name)
    assert not names.is_record_drop(name) and not names.is_line_drop(name)


@pytest.mark.parametrize("name", NOT_PAGE_DROPS)
def test_not_page_drops(name):
    assert not names.is_page_drop(name)


def test_record_and_line_drops():
    assert names.is_record_drop("split-wet-file:filtered:no_timestamp")
    assert not names.is_record_drop("split-wet-file:passed")
    assert not names.is_record_drop("split-wet-file:file:truncated")
    assert names.is_line_drop("clean-page:line-filtered:javascript")
    assert names.is_line_drop("dedupe-lines:line-filtered:local_duplicate")
    assert names.is_line_drop("dedupe-spans:span-filtered:local_duplicate")
    assert not names.is_line_drop("dedupe-spans:sentence-removed")
    assert names.is_language_breakdown("english-filter:filtered:ignored_language-fr")
    assert not names.is_language_breakdown("english-filter:filtered:ignored_language")


def test_namespaces_are_distinct_and_include_every_drop_namespace():
    assert len(set(names.NAMESPACES)) == len(names.NAMESPACES)
    assert set(names.PAGE_DROP_NAMESPACES) < set(names.NAMESPACES)
    assert names.PAGES_IN.split(":")[0] in names.NAMESPACES
    assert names.is_known_namespace("badwords-filter-zh") and names.is_known_namespace("language-filter")
    assert not names.is_known_namespace("mystery")


@pytest.mark.parametrize("chars, bucket", [(1, 1), (2, 2), (3, 4), (4, 4), (5, 8), (1024, 1024), (1025, 2048)])
def test_length_bucket_is_the_power_of_two_above(chars, bucket):
    assert names.length_bucket(chars) == bucket


def test_count_stage_counts_pages_and_chars():
    counts: dict = {}

    def count(name, amount=1):
        counts[name] = counts.get(name, 0) + amount

    names.count_stage(count, "english", 120)
    names.count_stage(count, "english", 30)
    assert counts == {"english:pages": 2, "english:chars": 150}
