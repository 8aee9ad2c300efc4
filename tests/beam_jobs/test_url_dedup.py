"""URL dedup in Beam: pages leave the file stage as URL-bucket blobs and the bucket tasks
give what the pure URL stage gives, for any bucket count, inline or in a local pool."""

from __future__ import annotations

import collections
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beam_jobs.packed import unpack
from beam_jobs.url_dedup import by_url_bucket
from c4pipe.stages.file_stage import ParsedPage
from c4pipe.stages.recording import Recorder
from c4pipe.counters import domains
from c4pipe.stages.url_stage import process_bucket, url_bucket
from filters.page import Page
from filters.urls import normalize_url


def parsed(url: str, timestamp: str, text: str, kept: bool = True) -> ParsedPage:
    page = Page(url, normalize_url(url), text if kept else "", timestamp)
    counts = (("passed", 1),) if kept else (("filtered:too_few_sentences", 1),)
    return ParsedPage(page, len(text), hashlib.md5(text.encode()).digest(), counts, kept)


def _corpus() -> list[ParsedPage]:
    """60 pages on 25 normalized URLs, some in http and https, some dropped by clean_page."""
    pages = []
    for n in range(60):
        scheme = "https" if n % 3 else "http"
        url = f"{scheme}://site{n % 25 % 4}.test/{n % 25}"
        pages.append(parsed(url, f"2019-0{1 + n % 5}-01", f"Text {n}.", n % 7 != 0))
    return pages


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=40), st.integers(1, 9))
def test_by_url_bucket_gives_every_page_back_once_with_all_of_a_url_in_one_bucket(ids, buckets):
    pages = [parsed(f"http://a.test/{i}", "2019-04-01", f"Page {n}.") for n, i in enumerate(ids)]
    blobs = by_url_bucket(pages, buckets)
    assert [bucket for bucket, _ in blobs] == sorted({bucket for bucket, _ in blobs})
    back = {bucket: unpack(blob) for bucket, blob in blobs}
    assert sorted(p for ps in back.values() for p in ps) == sorted(pages)
    for bucket, bucket_pages in back.items():
        assert bucket_pages and all(url_bucket(p.page.normalized_url, buckets) == bucket for p in bucket_pages)


def _beam_urls(pages, buckets: int, expected: list, expected_domains: dict, url_lists=None) -> dict:
    """Runs `DedupUrls` on two files' blobs, with recipe `noclean`'s shape (no dedup: the
    pages come out in part batches); asserts the survivors' (url, text) and the parsed
    pages' domain tables; returns the counters."""
    import apache_beam as beam
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner
    from apache_beam.testing.util import assert_that, equal_to

    from beam_jobs.metrics import counter_values
    from beam_jobs.report_data import DOMAINS
    from beam_jobs.url_dedup import DedupUrls
    from beam_jobs.write_shards import Finish
    from c4pipe.io.outputs import ShardLayout
    from c4pipe.recipes import get_recipe

    files = [by_url_bucket(pages[half::2], buckets) for half in (0, 1)]
    finish = Finish(ShardLayout(validation_modulus=1000), buckets)
    pipeline = beam.Pipeline(runner=FnApiRunner())
    urls = (
        pipeline | beam.Create([blob for blobs in files for blob in blobs])
        | DedupUrls(get_recipe("noclean"), buckets, finish, url_lists=url_lists)
    )
    survivors = urls.pages | beam.FlatMapTuple(lambda key, batch: [(page.url, page.text) for page in unpack(batch)])
    assert_that(survivors, equal_to(expected), label="Pages")
    parsed_domains = (
        urls[DOMAINS]
        | beam.Filter(lambda table: table[1][0] == domains.PARSED)
        | beam.FlatMap(lambda table: unpack(table[1][1]).items())
        | beam.CombinePerKey(sum)
    )
    assert_that(parsed_domains, equal_to(sorted(expected_domains.items())), label="Domains")
    result = pipeline.run()
    result.wait_until_finish()
    return counter_values(result)


def _pure(pages, listed=None):
    recorder = Recorder()
    survivors = [(p.page.url, p.page.text) for p in process_bucket(pages, recorder, listed_urls=listed)]
    counts = {f"{ns}:{name}": v for ns, counts in recorder.counts.items() for name, v in counts.items() if v}
    return sorted(survivors), counts


@pytest.mark.parametrize("pooled", [False, True])
def test_url_buckets_in_beam_give_the_pure_stage_for_any_bucket_count(pooled):
    from beam_jobs.local_pool import worker_pool

    pages = _corpus()
    expected, expected_counts = _pure(pages)
    assert 0 < len(expected) < 25
    with worker_pool(2) if pooled else _no_pool():
        for buckets in (1, 4, 16):
            counters = _beam_urls(pages, buckets, expected, _domains(pages))
            assert {k: v for k, v in counters.items() if v} == expected_counts


def test_url_lists_join_their_buckets_pages(tmp_path):
    pages = _corpus()
    listed = [p.page.url for p in pages[::5]] + ["http://nowhere.test/a", "https://site1.test/x"]
    (tmp_path / "urls-0.txt").write_text("\n".join(listed[:4]) + "\n")
    (tmp_path / "urls-1.txt").write_text("\n".join(listed[4:]) + "\n")
    expected, expected_counts = _pure(pages, {normalize_url(url) for url in listed})
    assert expected_counts["webtextlike-filter:missing-page"] == 2
    for buckets in (1, 5):
        counters = _beam_urls(pages, buckets, expected, _domains(pages), str(tmp_path / "urls-*.txt"))
        assert {k: v for k, v in counters.items() if v} == expected_counts


def _domains(pages) -> dict:
    return dict(collections.Counter(domains.domain_of(p.page.url) for p in pages))


class _no_pool:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
