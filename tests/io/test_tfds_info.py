"""`c4pipe.io.tfds_info`: the TFRecord output is TFDS's prepared C4, read by the real tensorflow-datasets."""

from __future__ import annotations

import json

import pytest

from c4pipe.io.tfds_info import ShardSize, dataset_info, features, tfds_dir
from c4pipe.recipes import get_recipe
from tests.fixtures.pipeline_runs import multilingual_corpus, read_json_shards, run
from tests.fixtures.tensorflow_process import in_child, tfds_rows


def test_each_recipe_names_its_tfds_config_and_version():
    assert tfds_dir(get_recipe("tfds-3.1.0")) == "tfrecord/c4/en/3.1.0"
    assert tfds_dir(get_recipe("tfds-2.2.0")) == "tfrecord/c4/en/2.2.0"
    assert tfds_dir(get_recipe("noclean")) == "tfrecord/c4/en.noclean/3.1.0"
    assert tfds_dir(get_recipe("realnewslike")) == "tfrecord/c4/realnewslike/3.1.0"
    assert tfds_dir(get_recipe("webtextlike")) == "tfrecord/c4/webtextlike/3.1.0"
    assert tfds_dir(get_recipe("c4")) == "tfrecord/c4/en.spans/1.0.0"  # no TFDS config has span dedup


def test_dataset_info_lists_every_shard_in_order():
    shards = [ShardSize("train", 1, 5, 500), ShardSize("validation", 0, 0, 0), ShardSize("train", 0, 3, 300)]
    info = dataset_info(get_recipe("tfds-3.1.0"), shards, {"train": 2, "validation": 1})
    assert (info["name"], info["configName"], info["version"]) == ("c4", "en", "3.1.0")
    assert info["splits"][0] == {"filepathTemplate": "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}",
                                 "name": "train", "numBytes": "800", "shardLengths": ["3", "5"]}
    assert info["splits"][1]["shardLengths"] == ["0"]


def test_a_missing_shard_is_an_error():
    with pytest.raises(ValueError, match="expected 0..1"):
        dataset_info(get_recipe("tfds-3.1.0"), [ShardSize("train", 1, 5, 500)], {"train": 2})


def test_features_are_the_reference_s_five_text_features():
    names = features()["featuresDict"]["features"]
    assert sorted(names) == ["content-length", "content-type", "text", "timestamp", "url"]
    assert {f["pythonClassName"] for f in names.values()} == {"tensorflow_datasets.core.features.text_feature.Text"}


@pytest.mark.slow
@pytest.mark.parametrize("recipe", ["tfds-3.1.0", "c4"])
def test_tensorflow_datasets_reads_the_json_shards_pages(shared_wet_files, tmp_path, recipe):
    out = tmp_path / "out"
    run(shared_wet_files, out, recipe=recipe, extra=["--num-shards", "2"])
    prepared = out / tfds_dir(get_recipe(recipe))
    assert json.loads((prepared / "dataset_info.json").read_text())["splits"][0]["shardLengths"]
    for split in ("train", "validation"):
        expected = read_json_shards(out, split)
        if recipe == "tfds-3.1.0":  # TFDS's own c4/en:3.1.0, by name
            rows = in_child(tfds_rows, str(out / "tfrecord"), "c4/en:3.1.0", split)
        else:  # a config of our own: the prepared directory itself
            rows = in_child(tfds_rows, str(prepared), "", split, True)
        assert [{k: row[k] for k in ("text", "timestamp", "url")} for row in rows] == expected
        assert all(row["content-type"] == "text/plain" for row in rows)


@pytest.mark.slow
def test_tensorflow_datasets_reads_mc4_by_name_one_split_per_language(tmp_path):
    """TFDS's own `c4/multilingual:3.1.0` opens our prepared directory, splits `de`, `de-validation`, ..."""
    out = tmp_path / "out"
    run(multilingual_corpus(tmp_path / "wet"), out, recipe="mc4", extra=["--formats", "json,tfrecord"])
    assert tfds_dir(get_recipe("mc4")) == "tfrecord/c4/multilingual/3.1.0"
    for split in ("de", "zh-validation", "und"):
        expected = read_json_shards(out, split)
        rows = in_child(tfds_rows, str(out / "tfrecord"), "c4/multilingual:3.1.0", split)
        assert [{k: row[k] for k in ("text", "timestamp", "url")} for row in rows] == expected != []
