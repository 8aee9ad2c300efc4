"""mC4 against the reference's own `multilingual` config (gcld3 in the reference venv).

Same comparison as the English parity tests: the set of (split, url, text, timestamp),
URL ties set aside, and every counter both sides keep (paragraph filter, line dedup,
language filter with its per-language `passed:<lang>`, bad words with their
per-language namespaces, examples per split).
"""

from __future__ import annotations

import pytest

from c4pipe.synth.crawl_text import generate_crawl_text_corpus
from tests.fixtures.pipeline_runs import multilingual_corpus

from . import harness

CRAWL_TEXT = harness.SHARED_DATA / "cc-text" / "allenai-dolma" / "CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
LDNOOBW = harness.SHARED_DATA / "ldnoobw"

pytestmark = pytest.mark.skipif(not LDNOOBW.is_dir(), reason="needs ../shared/data/ldnoobw")


@pytest.fixture(scope="module")
def multilingual_wet(tmp_path_factory):
    return multilingual_corpus(tmp_path_factory.mktemp("multilingual"), seed=0, files=3)


def _same(reference, tmp_path, wet_files, languages=None):
    extra = ["--languages", ",".join(languages)] if languages else []
    ref_rows, ref_counters = reference(wet_files, "multilingual", extra_args=extra)
    our_rows, our_counters, stats = harness.run_ours(wet_files, tmp_path, recipe="mc4", extra_args=extra)
    ties = harness.tied_urls(wet_files)
    ok, report = harness.compare(ref_rows, our_rows, ignore_norm_urls=frozenset(ties),
                                 ignore_lines=frozenset(harness.tie_lines(wet_files)))
    print(report)
    assert ok, report
    if not ties:
        differ, missing = harness.compare_counters(ref_counters, our_counters)
        assert differ == {} and missing == {}
    assert stats["balance"]["balanced"]
    return our_rows, our_counters


def test_generated_multilingual_pages(reference, multilingual_wet, tmp_path):
    rows, counters = _same(reference, tmp_path, multilingual_wet)
    splits = {row["split"] for row in rows}
    assert {"de", "ja", "zh", "th", "ru-Latn", "und", "de-validation"} <= splits
    # The corpus reaches every rule: the generator's purpose.
    for name in ("paragraph-filter:filtered", "dedupe-lines:line-filtered:global_duplicate",
                 "dedupe-lines:line-filtered:local_duplicate", "dedupe-lines:filtered:empty",
                 "language-filter:filtered:low_confidence", "badwords-filter:filtered",
                 "badwords-filter:soft-passed", "badwords-filter-ja:soft-passed"):
        assert counters.get(name, 0) > 0, name
    allowlisted = [row for row in rows if "/allowlisted/" in row["url"]]
    assert len(allowlisted) == 4  # ja's three subwords and zh's one do not drop their pages


def test_a_subset_of_languages(reference, multilingual_wet, tmp_path):
    rows, counters = _same(reference, tmp_path, multilingual_wet, languages=["de", "fr", "ja", "zh", "th"])
    assert {row["split"].removesuffix("-validation") for row in rows} == {"de", "fr", "ja", "zh", "th", "und"}
    assert counters["language-filter:filtered:ignored_language"] > 100


@pytest.mark.slow
@pytest.mark.skipif(not CRAWL_TEXT.is_file(), reason="needs ../shared/data/cc-text")
def test_real_crawl_text(reference, tmp_path):
    """697 real pages of one CC-MAIN-2019-30 WARC in 40 languages, and a word-shuffled copy of each."""
    wet = generate_crawl_text_corpus(tmp_path / "wet", [CRAWL_TEXT], pages=1394, seed=0, files=2)
    rows, counters = _same(reference, tmp_path, wet)
    assert len({row["split"] for row in rows}) >= 20
    assert counters["language-filter:passed:und"] > 0


def test_the_shared_wet_files(reference, tmp_path):
    """The reference's own test files (English, German, a duplicate URL, a bad word),
    cc_net's en/zh/ru sample and the real Common Crawl WET files, in one run."""
    wet = [path for _, files in harness.input_sets() if len(files) == 1 for path in files]
    if not wet:
        pytest.skip("needs ../shared/data/wet")
    _same(reference, tmp_path, wet)
