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
LDNOOBW_MULTI_COMMIT = "5faf2ba42d7b1c0977169ec3611df25a3c08eb13"
"""The commit the reference reads every language's list from, except English's."""

DEDUP_MODES = ("lines", "spans", "none")
BADWORDS_MODES = ("page", "line", "none")  # line: TFDS 2.x, inside clean_page, old pattern
DEDUP_KEEPERS = ("url", "normalized_url")
URL_FILTERS = ("none", "realnews", "webtext")
LANGID_DETECTORS = ("auto", "langdetect-rs", "fast", "langdetect")  # `c4pipe.langid.registry.NAMES`
LANGUAGE_FILTERS = ("english", "cld3")
OUTPUT_LAYOUTS = ("c4", "mc4")

MC4_LANGUAGES = (
    "af", "am", "ar", "az", "be", "bg", "bg-Latn", "bn", "ca", "ceb", "co", "cs", "cy", "da", "de", "el",
    "el-Latn", "en", "eo", "es", "et", "eu", "fa", "fi", "fil", "fr", "fy", "ga", "gd", "gl", "gu", "ha",
    "haw", "hi", "hi-Latn", "hmn", "ht", "hu", "hy", "id", "ig", "is", "it", "iw", "ja", "ja-Latn", "jv", "ka",
    "kk", "km", "kn", "ko", "ku", "ky", "la", "lb", "lo", "lt", "lv", "mg", "mi", "mk", "ml", "mn", "mr", "ms",
    "mt", "my", "ne", "nl", "no", "ny", "pa", "pl", "ps", "pt", "ro", "ru", "ru-Latn", "sd", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "tr", "uk", "ur", "uz", "vi",
    "xh", "yi", "yo", "zh", "zh-Latn", "zu",
)
"""The reference's mC4 languages as CLD3 codes, in its order: 101 languages, six of them
also in Latin script (`ru-Latn`), 107 codes."""

MC4_BADWORDS_LISTS = tuple(
    (lang, LDNOOBW_EN_COMMIT if lang == "en" else LDNOOBW_MULTI_COMMIT)
    for lang in (
        "ar", "cs", "da", "de", "en", "eo", "es", "fa", "fi", "fil", "fr", "fr-CA-u-sd-caqc", "hi", "hu", "it",
        "ja", "kab", "ko", "nl", "no", "pl", "pt", "ru", "sv", "th", "tlh", "tr", "zh",
    )
)
"""The reference's 28 LDNOOBW lists: English at the original C4's commit, the rest at a later one."""


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
    paragraph_filter: bool = False  # mC4: at least `min_paragraphs` lines of `min_paragraph_length` chars
    min_paragraphs: int = 3
    min_paragraph_length: int = 200
    language_filter: str = "english"  # "english": langdetect's `en` (C4); "cld3": mC4's languages
    languages: tuple = ("en",)  # cld3: the languages kept; `und` (CLD3 unsure) is always kept too
    min_language_probability: float = 0.95  # cld3: below it a page's language is `und`
    badwords: str = "page"
    badwords_lists: tuple = (("en", LDNOOBW_EN_COMMIT),)  # (LDNOOBW file, commit); "fr-CA-..." counts as fr
    badwords_fraction: float = 1.0  # of pages with a bad word, the share dropped; the rest kept by URL hash
    url_filter: str = "none"  # "realnews": RealNews domains; "webtext": --webtext-urls lists
    validation_modulus: int = 1000
    output_layout: str = "c4"  # "c4": train and validation; "mc4": a train and validation split per language
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
        if self.language_filter not in LANGUAGE_FILTERS:
            raise ValueError(f"language_filter must be one of {LANGUAGE_FILTERS}, got {self.language_filter!r}")
        if self.output_layout not in OUTPUT_LAYOUTS:
            raise ValueError(f"output_layout must be one of {OUTPUT_LAYOUTS}, got {self.output_layout!r}")
        if self.language_filter == "cld3":
            unknown = sorted(set(self.languages) - set(MC4_LANGUAGES))
            if unknown or not self.languages:
                raise ValueError(f"languages must be among mC4's {len(MC4_LANGUAGES)} language codes "
                                 f"({', '.join(MC4_LANGUAGES)}); unknown: {', '.join(unknown) or 'none given'}")
        elif tuple(self.languages) != ("en",):
            raise ValueError("languages other than ('en',) need language_filter='cld3'")
        if not self.badwords_lists and self.badwords != "none":
            raise ValueError("badwords needs at least one list in badwords_lists")
        for name in ("max_page_length", "max_word_length", "span_sentences", "validation_modulus"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("min_words_per_line", "min_sentences", "min_paragraphs", "min_paragraph_length"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")
        for name in ("min_english_probability", "min_language_probability", "badwords_fraction"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {getattr(self, name)}")
        if self.paragraph_filter and self.clean:
            raise ValueError("paragraph_filter replaces clean_page (mC4): it needs clean=False")
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
        dataclasses.replace(
            _TFDS_3_1_0,
            name="mc4",
            description="TFDS c4/multilingual 3.1.0 (mC4, the mT5 corpus): no clean_page; pages need 3 "
            "lines of 200+ characters; whole-line dedup; CLD3 language ID (101 languages and und); "
            "per-language bad words, 0.1% of matching pages kept; a train and validation split per language.",
            clean=False,
            min_sentences=0,
            paragraph_filter=True,
            language_filter="cld3",
            languages=MC4_LANGUAGES,
            badwords_lists=MC4_BADWORDS_LISTS,
            badwords_fraction=0.999,
            output_layout="mc4",
            tfds_config="multilingual",
        ),
    )
}

DEFAULT_RECIPE = "c4"


def get_recipe(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; known: {', '.join(sorted(RECIPES))}") from None
