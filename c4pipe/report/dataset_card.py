"""The output directory's `README.md`: a Hugging Face dataset card.

With it, `datasets.load_dataset(OUTPUT_DIR)` reads the shards with their splits, and the
directory can be uploaded to the Hub as it is, like `allenai/c4`. The YAML header names
the license and the data files; the body summarizes the run from its `stats.json`.

One format per card: `datasets` infers one file reader for every config of a dataset,
so a card cannot offer the json and the Parquet shards side by side. It points to the
json shards (AllenAI's layout, as `allenai/c4` does), or to the Parquet shards when no
json was written, and says how to load the other format.

A multilingual run (recipe mc4) gets a config per language, as the released mC4 on the
Hub has: `datasets.load_dataset(OUTPUT_DIR, "de")`, splits `train` and `validation`.

Everything here comes from `stats.json`, so the same run always gives the same card.
"""

from __future__ import annotations

from c4pipe.counters import splits as split_sizes
from c4pipe.io.atomic import write_atomically
from c4pipe.io.outputs import SPLITS, VALIDATION_SUFFIX

CARD_NAME = "README.md"
LICENSE = "odc-by"
DATA_FILES = {
    "json": "json/c4-{split}.*.json.gz",
    "parquet": "parquet/c4-{split}.*.parquet",
}
MC4_DATA_FILES = {**DATA_FILES, "json": "multilingual/c4-{split}.tfrecord-*.json.gz"}
_SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                    (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))


def card_format(formats) -> str | None:
    """The format the card's configs point to: json if written, else Parquet, else none."""
    return next((fmt for fmt in ("json", "parquet") if fmt in formats), None)


def size_category(pages: int) -> str:
    return next((label for limit, label in _SIZE_CATEGORIES if pages < limit), "n>1B")


def configs(stats: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(config name, [(split, the files' split name)])]: `default` with train and
    validation, or, for a multilingual run, one config per language with the splits
    that have pages (a pattern that matches no file is an error to `datasets`)."""
    if stats["recipe"].get("output_layout") != "mc4":
        return [("default", [(split, split) for split in SPLITS])]
    written = split_sizes.per_split(stats["counters"])
    return [(lang, [(split, name) for split, name in (("train", lang), ("validation", lang + VALIDATION_SUFFIX))
                    if written.get(name, {}).get("pages")])
            for lang in sorted(split_sizes.per_language(written))]


def dataset_card(stats: dict) -> str:
    recipe, balance = stats["recipe"], stats["balance"]
    formats = stats["formats"]
    card_configs = configs(stats)
    patterns = MC4_DATA_FILES if recipe.get("output_layout") == "mc4" else DATA_FILES
    written = split_sizes.per_split(stats["counters"])
    pages = {name: written.get(name, {}).get("pages", 0) for _, splits in card_configs for _, name in splits}
    languages = (sorted({name.split("-")[0] for name, _ in card_configs} - {"und"})
                 if recipe.get("output_layout") == "mc4" else ["en"])
    lines = ["---", f"pretty_name: \"C4, recipe {recipe['name']} (c4pipe)\"", f"license: {LICENSE}",
             "language:", *(f"- {lang}" for lang in languages), "task_categories:", "- text-generation",
             "size_categories:", f"- {size_category(sum(pages.values()))}"]
    fmt = card_format(formats)
    if fmt is not None:
        lines.append("configs:")
        for name, splits in card_configs:
            lines += [f"- config_name: {name}", "  data_files:"]
            for split, files in splits:
                lines += [f"  - split: {split}", f"    path: \"{patterns[fmt].format(split=files)}\""]
    lines += ["---", "", f"# C4, recipe `{recipe['name']}`", "", recipe["description"], "",
              f"Built by c4pipe from {stats['inputs']} Common Crawl WET files.", ""]
    lines += _pages_table(balance, pages) + [""] + _drops_table(balance) + [""]
    lines += _files(formats, fmt, card_configs[0], patterns, recipe.get("output_layout", "c4")) + [""]
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


def _files(formats, card_fmt: str | None, first_config: tuple, patterns: dict, layout: str) -> list[str]:
    described = {
        "json": ("`multilingual/`: the released mC4's layout" if layout == "mc4" else "`json/`: AllenAI's layout")
        + ", one `{\"text\", \"timestamp\", \"url\"}` per line, gzip",
        "parquet": "`parquet/`: columns `text, timestamp, url, content_type, content_length`",
        "tfrecord": "`tfrecord/`: TensorFlow Datasets' prepared `c4/<config>/<version>` directory",
    }
    lines = ["## Files", ""] + [f"- {described[fmt]}" for fmt in formats if fmt in described]
    lines += ["- `stats.json`: the recipe, every counter and the page balance", ""]
    name, splits = first_config
    call = "load_dataset(DIR)" if name == "default" else f"load_dataset(DIR, \"{name}\")"
    per_language = "" if name == "default" else " (a config per language)"
    if card_fmt == "json":
        lines.append(f"`datasets.{call}` reads the json shards{per_language}; its json reader parses `timestamp`"
                     " into a date.")
    elif card_fmt is not None:
        lines.append(f"`datasets.{call}` reads the {card_fmt} shards{per_language}.")
    for fmt in formats:
        if fmt in ("json", "parquet") and fmt != card_fmt:
            files = ", ".join(f"\"{split}\": \"DIR/{patterns[fmt].format(split=files)}\"" for split, files in splits)
            lines.append(f"The {fmt} shards: `datasets.load_dataset(\"{fmt}\", data_files={{{files}}})`.")
    return lines


def write_dataset_card(output_dir: str, stats: dict) -> None:
    write_atomically(f"{output_dir.rstrip('/')}/{CARD_NAME}", dataset_card(stats).encode("utf-8"))
