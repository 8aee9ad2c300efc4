"""End to end: the Beam pipeline on the shared WET files and on bad input."""

from __future__ import annotations

import gzip
import json

import pyarrow.parquet as pq
import pytest

from beam_jobs.pipeline import RunConfig, run_pipeline
from c4pipe.counters import names
from c4pipe.io import outputs, tfrecord
from c4pipe.io.assets import load_badwords_lists
from c4pipe.recipes import get_recipe
from filters.urls import page_id
from tests.fixtures.paths import LDNOOBW_DIR
from tests.fixtures.pipeline_runs import all_files, read_json_shards, run
from tests.fixtures.wet_files import gzip_members, record, warcinfo

pytestmark = pytest.mark.slow

TFRECORD_DIR = "tfrecord/c4/en/3.1.0"  # TFDS's prepared c4/en:3.1.0 (recipe tfds-3.1.0)


@pytest.fixture(scope="module")
def shared_run(shared_wet_files, tmp_path_factory):
    output = tmp_path_factory.mktemp("shared_run")
    return output, run(shared_wet_files, output)


def test_counts_balance_and_every_file_and_record_is_counted(shared_run, shared_wet_files):
    _, stats = shared_run
    counters, balance = stats["counters"], stats["balance"]
    assert balance["balanced"], balance
    assert counters["split-wet-file:wet-file"] == len(shared_wet_files)
    assert balance["pages_in"] == counters["split-wet-file:passed"] > 0
    assert counters["too-long-filter:passed"] + counters.get("too-long-filter:filtered", 0) == balance["pages_in"]
    assert balance["pages_out"] > 0
    assert set(balance["shuffles"]) == {"dedup units", "dedup kept units", "dedup pages"}
    for shuffle in balance["shuffles"].values():
        assert shuffle["balanced"] and shuffle["sent"] == shuffle["received"] > 0, balance["shuffles"]
    assert balance["shuffles"]["dedup pages"]["sent"] == counters["dedupe-lines:passed"] + sum(
        v for k, v in counters.items() if k.startswith("dedupe-lines:filtered")
    )
    assert all(names.is_known_namespace(name.split(":")[0]) for name in counters)  # the registry knows them all


def test_every_shard_exists_in_every_format(shared_run):
    output, _ = shared_run
    assert len(list((output / "json").glob("c4-train.*-of-00008.json.gz"))) == 8
    assert len(list((output / "json").glob("c4-validation.00000-of-00001.json.gz"))) == 1
    assert len(list((output / "parquet").glob("*.parquet"))) == 9
    assert len(list((output / TFRECORD_DIR).glob("c4-*.tfrecord-*"))) == 9
    assert not list(output.rglob("*.tmp-*"))


def test_formats_agree_and_shards_are_in_shard_order(shared_run):
    output, stats = shared_run
    for split in ("train", "validation"):
        rows = read_json_shards(output, split)
        assert len(rows) == stats["counters"].get(f"output:pages:{split}", 0)
        parquet_rows, tfrecord_rows = [], []
        for path in sorted((output / "parquet").glob(f"c4-{split}.*.parquet")):
            parquet_rows += pq.read_table(path).to_pylist()
        for path in sorted((output / TFRECORD_DIR).glob(f"c4-{split}.tfrecord-*")):
            with open(path, "rb") as f:
                for data in tfrecord.read_records(f, verify=True):
                    example = tfrecord.decode_example(data)
                    tfrecord_rows.append({k: v[0].decode("utf-8") for k, v in example.items()})
        assert [{k: r[k] for k in ("text", "timestamp", "url")} for r in parquet_rows] == rows
        assert [{k: r[k] for k in ("text", "timestamp", "url")} for r in tfrecord_rows] == rows
        assert all(r["content-type"] == p["content_type"] for r, p in zip(tfrecord_rows, parquet_rows))
        for path in sorted((output / "json").glob(f"c4-{split}.*.json.gz")):
            with gzip.open(path, "rt") as f:
                urls = [json.loads(line)["url"] for line in f]
            assert urls == sorted(urls, key=lambda url: (page_id(url), url))


def test_a_shard_written_in_parts_is_the_same_files(shared_run, shared_wet_files, tmp_path):
    """A shard reaches its writer as parts (ranges of the shard order, each sorted and
    written alone); any number of them gives the same bytes, and none is left behind."""
    output, _ = shared_run
    recipe = get_recipe("tfds-3.1.0")
    config = RunConfig(
        inputs=tuple(map(str, shared_wet_files)), output_dir=str(tmp_path), recipe=recipe,
        badwords=load_badwords_lists(recipe.badwords_lists, str(LDNOOBW_DIR)), shard_parts=7,
    )
    run_pipeline(config)
    assert all_files(tmp_path) == all_files(output)
    assert not (output / outputs.PARTS_DIR).exists() and not (tmp_path / outputs.PARTS_DIR).exists()


def test_known_pages(shared_run):
    output, _ = shared_run
    rows = read_json_shards(output, "train") + read_json_shards(output, "validation")
    urls = {r["url"] for r in rows}
    assert "http://fake/url/1" not in urls  # too few sentences after cleaning
    assert not any("wikipedia" in u for u in urls)  # Aragonese
    for row in rows:
        lines = row["text"].split("\n")
        assert all(line.endswith((".", "?", "!", '"')) and len(line.split()) >= 5 for line in lines)


def test_byte_identical_with_two_workers(shared_run, shared_wet_files, tmp_path):
    output, _ = shared_run
    run(shared_wet_files, tmp_path / "two", workers=2)
    first, second = all_files(output), all_files(tmp_path / "two")
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_byte_identical_with_two_workers_when_every_batch_crosses_as_a_file(
    shared_run, shared_wet_files, tmp_path, monkeypatch
):
    """Every byte value a pool task sends is spilled: each stage reads them back from files."""
    from beam_jobs import local_pool, packed, report_data

    monkeypatch.setattr(local_pool, "SPILL_BYTES", 1)  # read by each worker as the pool forks it
    spilled_read_here = []

    def unpack(blob):
        spilled_read_here.append(isinstance(blob, packed.Spilled))
        return packed.unpack(blob)

    monkeypatch.setattr(report_data, "unpack", unpack)  # the report's domain tables, read in the driver
    output, _ = shared_run
    run(shared_wet_files, tmp_path / "two", workers=2)
    assert spilled_read_here and all(spilled_read_here)
    assert all_files(output) == all_files(tmp_path / "two")


def test_no_dedup_recipe_byte_identical_with_two_workers(shared_wet_files, tmp_path):
    """noclean: no dedup buckets; the URL tasks run the English filter in the pool."""
    one = run(shared_wet_files, tmp_path / "one", recipe="noclean", extra=["--formats", "json"])
    two = run(shared_wet_files, tmp_path / "two", recipe="noclean", workers=2, extra=["--formats", "json"])
    assert one["balance"]["balanced"] and one["counters"]["english-filter:passed"] > 0
    assert one == two
    assert all_files(tmp_path / "one") == all_files(tmp_path / "two")


def test_paper_recipe_balances(shared_wet_files, tmp_path):
    stats = run(shared_wet_files, tmp_path, recipe="c4", extra=["--formats", "json"])
    assert stats["balance"]["balanced"]
    assert stats["recipe"]["dedup"] == "spans"
    assert any(k.startswith("dedupe-spans:") for k in stats["counters"])
    assert not (tmp_path / "parquet").exists()


def test_bad_input_is_counted_and_the_job_finishes(tmp_path, caplog):
    good = [warcinfo()] + [
        record(f"Page {i} has a first sentence here. It has a second sentence too. And a third one ends it.", url=f"http://good/{i}")
        for i in range(3)
    ]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.warc.wet.gz").write_bytes(gzip_members(*good))
    truncated = gzip_members(*good)
    (inputs / "truncated.warc.wet.gz").write_bytes(truncated[: len(truncated) - 40])
    bad_utf8 = record("Caf\u00e9 one sentence here today. Another sentence is here. A third sentence ends.", url="http://utf8/")
    (inputs / "utf8.warc.wet.gz").write_bytes(gzip_members(warcinfo(), bad_utf8.replace("\u00e9".encode(), b"\xe9")))
    (inputs / "notwarc.warc.wet").write_text("this is not a WARC file at all\n")  # 7 words: warcio reads it as ARC
    (inputs / "empty.warc.wet.gz").write_bytes(b"")
    stats = run([inputs], tmp_path / "out", extra=["--dedup", "none"])
    counters = stats["counters"]
    assert counters["split-wet-file:wet-file"] == 5
    assert counters["split-wet-file:file:truncated"] == 1
    assert counters["split-wet-file:decode:invalid_utf8"] == 1
    assert counters["split-wet-file:file:not_warc"] == 1
    assert counters["split-wet-file:file:empty"] == 1
    assert stats["balance"]["balanced"]
    assert "notwarc.warc.wet" in caplog.text


def test_report_data_and_funnel_counters(shared_run):
    output, stats = shared_run
    counters = stats["counters"]
    funnel = ["parsed", "not_too_long", "url_dedup", "clean_page", "dedup", "english", "badwords", "written"]
    pages = [counters[f"funnel:{stage}:pages"] for stage in funnel]
    assert pages == sorted(pages, reverse=True)
    assert pages[0] == stats["balance"]["pages_in"] and pages[-1] == stats["balance"]["pages_out"]
    before = sum(v for k, v in counters.items() if k.startswith("histogram:chars_before:"))
    after = sum(v for k, v in counters.items() if k.startswith("histogram:chars_after:"))
    assert (before, after) == (pages[0], pages[-1])
    data = json.loads((output / "report_data.json").read_text())
    assert sum(n for _, n in data["domains_kept"]) == pages[-1]
    assert dict(data["domains_dropped"])["fake.com"] >= 1
    samples = data["reject_samples"]
    assert {"clean-page:line-filtered:no_endmark", "english-filter:filtered:ignored_language-de",
            "badwords-filter:filtered", "dedupe-lines:line-filtered:global_duplicate"} <= set(samples)
    assert all(1 <= len(items) <= 5 for items in samples.values())


def test_default_langid_gives_the_same_corpus_as_langdetect(shared_run, shared_wet_files, tmp_path):
    output, stats = shared_run
    assert stats["recipe"]["langid"] == "auto"
    original = run(shared_wet_files, tmp_path, extra=["--langid", "langdetect"])
    assert original["counters"] == stats["counters"]
    ours = all_files(output)
    for name, data in all_files(tmp_path).items():
        if name != "stats.json":  # it names the detector
            assert ours[name] == data, name
