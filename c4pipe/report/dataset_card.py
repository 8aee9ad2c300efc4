"""The output directory's `README.md`: a Hugging Face dataset card.

With it, `datasets.load_dataset(OUTPUT_DIR)` reads the shards with their splits, and the
directory can be uploaded to the Hub as it is, like `allenai/c4`. The YAML header names
the license and the data files; the body summarizes the run from its `stats.json`.

One format per card: `datasets` infers one file reader for every config of a dataset,
so a card cannot offer the json and the Parquet shards side by side. It points to the
json shards (AllenAI's layout, as `allenai/c4` does), or to the Parquet shards when no
json was written, and says how to load the other format.

Everything here comes from `stats.json`, so the same run always gives the same card.
"""

from __future__ import annotations

from c4pipe.counters import names
from c4pipe.io.atomic import write_atomically
from c4pipe.io.outputs import SPLITS

CARD_NAME = "README.md"
LICENSE = "odc-by"
DATA_FILES = {
    "json": "json/c4-{split}.*.json.gz",
    "parquet": "parquet/c4-{split}.*.parquet",
}
_SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                    (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))


def card_format(formats) -> str | None:
    """The format the card's configs point to: json if written, else Parquet, else none."""
    return next((fmt for fmt in ("json", "parquet") if fmt in formats), None)


def size_category(pages: int) -> str:
    return next((label for limit, label in _SIZE_CATEGORIES if pages < limit), "n>1B")


def dataset_card(stats: dict) -> str:
    recipe, counters, balance = stats["recipe"], stats["counters"], stats["balance"]
    formats = stats["formats"]
    pages = {split: counters.get(f"{names.PAGES_OUT_PREFIX}{split}", 0) for split in SPLITS}
    lines = ["---", f"pretty_name: \"C4, recipe {recipe['name']} (c4pipe)\"", f"license: {LICENSE}",
             "language:", "- en", "task_categories:", "- text-generation",
             "size_categories:", f"- {size_category(sum(pages.values()))}"]
    fmt = card_format(formats)
    if fmt is not None:
        lines += ["configs:", "- config_name: default", "  data_files:"]
        for split in SPLITS:
            lines += [f"  - split: {split}", f"    path: \"{DATA_FILES[fmt].format(split=split)}\""]
    lines += ["---", "", f"# C4, recipe `{recipe['name']}`", "", recipe["description"], "",
              f"Built by c4pipe from {stats['inputs']} Common Crawl WET files.", ""]
    lines += _pages_table(balance, pages) + [""] + _drops_table(balance) + [""] + _files(formats, fmt) + [""]
    lines += ["## License", "",
              "The text comes from Common Crawl and is subject to its terms of use. As for `allenai/c4`,",
              "the collection is released under the Open Data Commons Attribution License (ODC-By) 1.0.", ""]
    return "\n".join(lines)


def _pages_table(balance: dict, pages: dict) -> list[str]:
    rows = ["| pages | count |", "|---|---:|", f"| parsed from WET | {balance['pages_in']:,} |"]
    rows += [f"| written: {split} | {count:,} |" for split, count in pages.items()]
    return rows + [f"| dropped by the rules | {balance['pages_dropped']:,} |"]


def _drops_table(balance: dict) -> list[str]:
    drops = sorted(balance["dropped"].items(), key=lambda kv: (-kv[1], kv[0]))
    if not drops:
        return ["No page was dropped."]
    return ["Pages dropped, by rule (`stats.json` has every counter):", "", "| rule | pages |", "|---|---:|"] + [
        f"| `{name}` | {count:,} |" for name, count in drops if count
    ]


def _files(formats, card_fmt: str | None) -> list[str]:
    described = {
        "json": "`json/`: AllenAI's layout, one `{\"text\", \"timestamp\", \"url\"}` per line, gzip",
        "parquet": "`parquet/`: columns `text, timestamp, url, content_type, content_length`",
        "tfrecord": "`tfrecord/`: TensorFlow Datasets' prepared `c4/<config>/<version>` directory",
    }
    lines = ["## Files", ""] + [f"- {described[fmt]}" for fmt in formats if fmt in described]
    lines += ["- `stats.json`: the recipe, every counter and the page balance", ""]
    if card_fmt == "json":
        lines.append("`datasets.load_dataset(DIR)` reads the json shards; its json reader parses `timestamp`"
                     " into a date.")
    elif card_fmt is not None:
        lines.append(f"`datasets.load_dataset(DIR)` reads the {card_fmt} shards.")
    for fmt in formats:
        if fmt in ("json", "parquet") and fmt != card_fmt:
            files = ", ".join(f"\"{split}\": \"DIR/{DATA_FILES[fmt].format(split=split)}\"" for split in SPLITS)
            lines.append(f"The {fmt} shards: `datasets.load_dataset(\"{fmt}\", data_files={{{files}}})`.")
    return lines


def write_dataset_card(output_dir: str, stats: dict) -> None:
    write_atomically(f"{output_dir.rstrip('/')}/{CARD_NAME}", dataset_card(stats).encode("utf-8"))
