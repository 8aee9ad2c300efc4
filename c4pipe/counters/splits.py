"""What a run wrote, per split and per language, from its `output` counters.

Each shard writer counts `output:pages:<split>`, `output:chars:<split>` and
`output:shards:<split>`; `stats.json` keeps them as `splits`, and, for the multilingual
layout, `languages` sums each language's train and validation splits.
"""

from __future__ import annotations

from c4pipe.counters.names import OUTPUT
from c4pipe.io.outputs import VALIDATION_SUFFIX


def per_split(counters: dict) -> dict:
    """{split: {"pages", "chars", "shards"}}, splits in name order."""
    splits: dict = {}
    for full_name, value in counters.items():
        namespace, _, name = full_name.partition(":")
        what, _, split = name.partition(":")
        if namespace == OUTPUT and split and what in ("pages", "chars", "shards"):
            splits.setdefault(split, {"pages": 0, "chars": 0, "shards": 0})[what] = value
    return dict(sorted(splits.items()))


def per_language(splits: dict) -> dict:
    """{language: {"pages", "chars", "validation_pages", "validation_chars"}} from
    `per_split`'s multilingual splits (`<lang>`, `<lang>-validation`), largest first."""
    languages: dict = {}
    for split, sizes in splits.items():
        validation = split.endswith(VALIDATION_SUFFIX)
        language = split[: -len(VALIDATION_SUFFIX)] if validation else split
        entry = languages.setdefault(language, {"pages": 0, "chars": 0, "validation_pages": 0, "validation_chars": 0})
        prefix = "validation_" if validation else ""
        entry[f"{prefix}pages"] += sizes["pages"]
        entry[f"{prefix}chars"] += sizes["chars"]
    return dict(sorted(languages.items(), key=lambda item: (-item[1]["chars"], item[0])))
