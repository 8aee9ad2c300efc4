"""Recipes: frozen, named sets of cleaning parameters.

A recipe is data. The pipeline reads every threshold from the recipe it is given;
`c4pipe run --recipe NAME` picks one and individual flags override single fields
(`Recipe.with_overrides`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

LDNOOBW_EN_COMMIT = "25e679f03d96baa721cde20db9944649e8d0a844"

DEDUP_MODES = ("lines", "spans", "none")
BADWORDS_MODES = ("page", "line", "none")  # line: TFDS 2.x, inside clean_page, old pattern
DEDUP_KEEPERS = ("url", "normalized_url")
URL_FILTERS = ("none", "realnews", "webtext")
LANGID_DETECTORS = ("auto", "langdetect-rs", "fast", "langdetect")  # `c4pipe.langid.registry.NAMES`


@dataclass(frozen=True)
class Recipe:
    name: str
    description: str
    max_page_length: int = 190_000
    clean: bool = True
    min_words_per_line: int = 5
    min_sentences: int = 3
    max_word_length: int = 1000
    dedup: str = "spans"  # "lines" (TFDS 3.1.0), "spans" (T5 paper), "none"
    span_sentences: int = 3
    dedup_keeper: str = "url"  # the md5 of which URL picks the page that keeps a unit
    dedup_ascii_lowercase: bool = False  # TFDS 2.x: md5(line.encode().strip().lower())
    dedup_local_duplicates: bool = True  # drop a keeper's own repeats (TFDS 3.x)
    langid: str = "auto"  # exact langdetect 1.0.9 results, fastest available (c4pipe.langid)
    min_english_probability: float = 0.99
    badwords: str = "page"
    badwords_lang: str = "en"
    badwords_commit: str = LDNOOBW_EN_COMMIT
    url_filter: str = "none"  # "realnews": RealNews domains; "webtext": --webtext-urls lists
    validation_modulus: int = 1000
    tfds_config: str = "en"  # the TFRecord output is TFDS's prepared c4/<tfds_config>/<tfds_version>
    tfds_version: str = "3.1.0"

    def __post_init__(self):
        if self.dedup not in DEDUP_MODES:
            raise ValueError(f"dedup must be one of {DEDUP_MODES}, got {self.dedup!r}")
        if self.badwords not in BADWORDS_MODES:
            raise ValueError(f"badwords must be one of {BADWORDS_MODES}, got {self.badwords!r}")
        if self.dedup_keeper not in DEDUP_KEEPERS:
            raise ValueError(f"dedup_keeper must be one of {DEDUP_KEEPERS}, got {self.dedup_keeper!r}")
        if self.url_filter not in URL_FILTERS:
            raise ValueError(f"url_filter must be one of {URL_FILTERS}, got {self.url_filter!r}")
        if self.langid not in LANGID_DETECTORS:
            raise ValueError(f"langid must be one of {LANGID_DETECTORS}, got {self.langid!r}")
        for name in ("max_page_length", "max_word_length", "span_sentences", "validation_modulus"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("min_words_per_line", "min_sentences"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")
        if not 0.0 <= self.min_english_probability <= 1.0:
            raise ValueError(f"min_english_probability must be between 0 and 1, got {self.min_english_probability}")
        if self.badwords == "line" and not self.clean:
            raise ValueError("badwords='line' checks lines inside clean_page: it needs clean=True")

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Recipe":
        """A copy with the given fields changed; `None` values mean 'not overridden'."""
        changes = {key: value for key, value in overrides.items() if value is not None}
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown recipe fields: {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


_TFDS_3_1_0 = Recipe(
    name="tfds-3.1.0",
    description="TensorFlow Datasets' c4/en 3.1.0 builder, exactly: whole-line "
    "deduplication, page-level bad words.",
    dedup="lines",
)

RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe(
            name="c4",
            description="C4 as the T5 paper describes it: the reference's rules with "
            "three-sentence-span deduplication across the whole corpus.",
            dedup="spans",
            tfds_config="en.spans",  # no TFDS config has span dedup: a name of our own
            tfds_version="1.0.0",
        ),
        _TFDS_3_1_0,
        dataclasses.replace(
            _TFDS_3_1_0,
            name="noclean",
            description="TFDS c4/en.noclean: parse, length limit, URL dedup and the English filter only.",
            clean=False,
            dedup="none",
            badwords="none",
            tfds_config="en.noclean",
        ),
        dataclasses.replace(
            _TFDS_3_1_0,
            name="tfds-2.2.0",
            description="TFDS c4/en 2.2.0, the version T5 trained on: bad words checked per kept "
            "line inside clean_page with the old unescaped pattern; line dedup with ASCII-only "
            "lowercasing, no local-duplicate removal, keeper by md5 of the normalized URL.",
            badwords="line",
            dedup_keeper="normalized_url",
            dedup_ascii_lowercase=True,
            dedup_local_duplicates=False,
            tfds_version="2.2.0",
        ),
        dataclasses.replace(
            _TFDS_3_1_0,
            name="realnewslike",
            description="TFDS c4/realnewslike: tfds-3.1.0 on pages from the RealNews domains only.",
            url_filter="realnews",
            tfds_config="realnewslike",
        ),
        dataclasses.replace(
            _TFDS_3_1_0,
            name="webtextlike",
            description="TFDS c4/webtextlike: tfds-3.1.0 on pages whose normalized URL is in the "
            "OpenWebText URL lists (--webtext-urls).",
            url_filter="webtext",
            tfds_config="webtextlike",
        ),
    )
}

DEFAULT_RECIPE = "c4"


def get_recipe(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; known: {', '.join(sorted(RECIPES))}") from None
