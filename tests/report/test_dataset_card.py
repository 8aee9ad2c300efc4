"""`c4pipe.report.dataset_card`: the output directory is a Hugging Face dataset as it is."""

from __future__ import annotations

import json

import pytest
import yaml

from c4pipe.report.dataset_card import card_format, dataset_card, size_category
from tests.fixtures.clients_env import run_in_clients_env
from tests.fixtures.pipeline_runs import multilingual_corpus, read_json_shards, run

STATS = {
    "recipe": {"name": "tfds-3.1.0", "description": "TensorFlow Datasets' c4/en 3.1.0 builder."},
    "inputs": 2,
    "formats": ["json", "parquet", "tfrecord"],
    "counters": {"output:pages:train": 1200, "output:pages:validation": 3},
    "balance": {"pages_in": 1300, "pages_dropped": 97,
                "dropped": {"clean-page:filtered:too_few_sentences": 90, "badwords-filter:filtered": 7}},
}


def header(card: str) -> dict:
    assert card.startswith("---\n")
    return yaml.safe_load(card.split("---\n")[1])


def test_the_header_names_the_license_and_the_json_shards_per_split():
    meta = header(dataset_card(STATS))
    assert meta["license"] == "odc-by" and meta["size_categories"] == ["1K<n<10K"]
    assert meta["configs"] == [{"config_name": "default", "data_files": [
        {"split": "train", "path": "json/c4-train.*.json.gz"},
        {"split": "validation", "path": "json/c4-validation.*.json.gz"},
    ]}]


def test_the_body_summarizes_the_run():
    card = dataset_card(STATS)
    assert "# C4, recipe `tfds-3.1.0`" in card and "TensorFlow Datasets' c4/en 3.1.0 builder." in card
    assert "| written: train | 1,200 |" in card and "| dropped by the rules | 97 |" in card
    assert card.index("too_few_sentences") < card.index("badwords-filter")  # largest first
    assert 'datasets.load_dataset("parquet", data_files=' in card  # the other format


@pytest.mark.parametrize("formats, fmt", [
    (["json", "parquet"], "json"), (["parquet", "tfrecord"], "parquet"), (["tfrecord"], None),
])
def test_one_format_per_card(formats, fmt):
    assert card_format(formats) == fmt
    meta = header(dataset_card({**STATS, "formats": formats}))
    if fmt is None:
        assert "configs" not in meta
    else:
        assert meta["configs"][0]["data_files"][0]["path"].startswith(f"{fmt}/")


@pytest.mark.parametrize("pages, label", [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (365_000_000, "100M<n<1B")])
def test_size_category(pages, label):
    assert size_category(pages) == label


LOAD_DATASET = """
import json, sys
import datasets
loaded = datasets.load_dataset(*sys.argv[1:])
print(json.dumps({split: [dict(row) for row in loaded[split]] for split in loaded}, default=str))
"""


def load_dataset_in_clients_env(directory, tmp_path, *config: str) -> dict:
    """`datasets.load_dataset(directory[, config])` as the real package gives it, offline."""
    offline = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf-home")}
    return run_in_clients_env(LOAD_DATASET, str(directory), *config, env=offline)


@pytest.mark.slow
def test_load_dataset_gives_the_rows_of_the_json_shards(shared_wet_files, tmp_path):
    out = tmp_path / "out"
    run(shared_wet_files, out, recipe="noclean", extra=["--num-shards", "2"])
    loaded = load_dataset_in_clients_env(out, tmp_path)
    assert set(loaded) == {"train", "validation"}
    for split in ("train", "validation"):
        # The json reader parses the timestamp into a datetime; str() of it reads back here.
        rows = [{**row, "timestamp": row["timestamp"].replace(" ", "T") + "Z"} for row in loaded[split]]
        assert rows == read_json_shards(out, split) != []
    assert json.loads((out / "stats.json").read_text())["formats"] == ["json", "parquet", "tfrecord"]


@pytest.mark.slow
def test_load_dataset_reads_parquet_when_no_json_was_written(shared_wet_files, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run(shared_wet_files, out, recipe="noclean", extra=["--formats", "parquet"])
    loaded = load_dataset_in_clients_env(out, tmp_path)
    expected = [row for path in sorted((out / "parquet").glob("c4-train.*.parquet"))
                for row in pq.read_table(path).to_pylist()]
    assert len(expected) > 0 and loaded["train"] == json.loads(json.dumps(expected, default=str))


@pytest.mark.slow
def test_load_dataset_reads_an_mc4_language_as_a_config(tmp_path):
    out = tmp_path / "out"
    run(multilingual_corpus(tmp_path / "wet"), out, recipe="mc4", extra=["--formats", "json"])
    card = (out / "README.md").read_text()
    assert "- config_name: de\n" in card and "- config_name: und\n" in card
    for language in ("de", "ja"):
        loaded = load_dataset_in_clients_env(out, tmp_path, language)
        assert set(loaded) == {"train", "validation"}
        for split, files in (("train", language), ("validation", f"{language}-validation")):
            rows = [{**row, "timestamp": row["timestamp"].replace(" ", "T") + "Z"} for row in loaded[split]]
            assert rows == read_json_shards(out, files) != []
