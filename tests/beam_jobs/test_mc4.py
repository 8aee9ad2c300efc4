"""Recipe mc4 end to end on the generated multilingual corpus: shard counts that follow
each language's size, and the same files with two workers."""

from __future__ import annotations

import json
import math

import pytest

from beam_jobs.pipeline import RunConfig, run_pipeline
from c4pipe.io import outputs
from c4pipe.io.assets import load_badwords_lists
from c4pipe.recipes import get_recipe
from filters.urls import page_id
from tests.fixtures.paths import LDNOOBW_DIR
from tests.fixtures.pipeline_runs import all_files, multilingual_corpus, read_json_shards, run

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not LDNOOBW_DIR.is_dir(), reason="needs ../shared/data/ldnoobw")]


@pytest.fixture(scope="module")
def wet(tmp_path_factory):
    return multilingual_corpus(tmp_path_factory.mktemp("wet"), seed=2, files=3)


def test_a_language_gets_a_shard_per_shard_bytes_of_its_text(wet, tmp_path):
    recipe = get_recipe("mc4")
    config = RunConfig(inputs=tuple(map(str, wet)), output_dir=str(tmp_path), recipe=recipe, formats=("json",),
                       badwords=load_badwords_lists(recipe.badwords_lists, str(LDNOOBW_DIR)), shard_bytes=2500)
    stats = run_pipeline(config)
    counts = outputs.ShardCounts(shard_bytes=2500)
    shard_counts = set()
    for split, sizes in stats["splits"].items():
        rows = read_json_shards(tmp_path, split)
        text_bytes = sum(len(row["text"].encode("utf-8")) for row in rows)
        expected = counts.count(split, text_bytes)
        assert sizes["shards"] == expected == max(1, math.ceil(text_bytes / 2500)), split
        names = sorted(p.name for p in (tmp_path / "multilingual").glob(f"c4-{split}.tfrecord-*"))
        assert names == [f"c4-{split}.tfrecord-{i:05d}-of-{expected:05d}.json.gz" for i in range(expected)]
        assert len(rows) == sizes["pages"] and [r["url"] for r in rows] == sorted(
            (r["url"] for r in rows), key=lambda url: (page_id(url), url))  # one order across shards
        shard_counts.add(expected)
    assert len(shard_counts) >= 3  # the languages' sizes differ, and so do their shard counts


def test_two_workers_write_the_same_files(wet, tmp_path):
    one = run(wet, tmp_path / "one", recipe="mc4")
    two = run(wet, tmp_path / "two", recipe="mc4", workers=2)
    assert all_files(tmp_path / "one") == all_files(tmp_path / "two")
    assert one["languages"] == two["languages"] and one["balance"]["balanced"]
    assert json.loads((tmp_path / "one" / "stats.json").read_text())["splits"] == one["splits"]
