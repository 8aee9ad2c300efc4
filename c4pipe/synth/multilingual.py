"""A WET corpus for mC4: pages in many languages and scripts that reach every rule of
the multilingual recipe.

Text comes from Faker's per-language word lists (24 languages in 10 scripts), so CLD3
sees real words of each language, in made-up sentences. Each language gets pages that
pass the paragraph filter and pages that fail it (short lines, two long lines, exactly
three lines of 200 characters), and pages with a bad word of its LDNOOBW list; Japanese
and Chinese pages hold the reference's allowlisted subwords, and some bad-word pages
sit at URLs whose md5 falls in the 0.1% the soft filter keeps. Besides: pages mixing two
languages (CLD3 unsure: `und`), Croatian (left out of mC4, and never sure enough for
CLD3: `und` too), Russian in Latin letters (`ru-Latn`), lines repeated across and within pages (line
dedup), a URL crawled twice, and validation-split URLs. Output bytes depend only on the
seed, the files, Faker's version and the bad-words lists.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Iterator, Mapping

from c4pipe.synth.page import SynthPage, crawl_date
from c4pipe.synth.warc import write_corpus
from filters.badwords import kept_anyway
from filters.urls import is_validation, normalize_url

FAKER_LOCALES = {
    "ar": "ar_AA", "az": "az_AZ", "bn": "bn_BD", "cs": "cs_CZ", "da": "da_DK", "de": "de_DE", "el": "el_GR",
    "en": "en_US", "es": "es_ES", "fa": "fa_IR", "fr": "fr_FR", "iw": "he_IL", "hy": "hy_AM", "it": "it_IT",
    "ja": "ja_JP", "la": "la", "mk": "mk_MK", "nl": "nl_NL", "pl": "pl_PL", "ru": "ru_RU", "th": "th_TH",
    "uk": "uk_UA", "vi": "vi_VN", "zh": "zh_CN",
}
"""mC4 language -> the Faker locale whose words stand for it."""
ALLOWLISTED = {"ja": ("女の子", "グロ", "sm"), "zh": ("性",)}
CROATIAN = (
    "Zagreb je glavni i najveći grad Republike Hrvatske, smješten na jugozapadnom rubu Panonske nizine.",
    "Grad se prostire između južnih obronaka Medvednice i rijeke Save, na nadmorskoj visini od oko 120 metara.",
    "Prema popisu stanovništva u gradu živi gotovo osamsto tisuća stanovnika, a u široj okolici još mnogo više.",
    "Zagreb je kulturno, znanstveno, gospodarsko i upravno središte Hrvatske, sjedište Sabora i Vlade.",
)
_CYRILLIC_TO_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))
MIN_PARAGRAPH = 200


class _Writer:
    def __init__(self, seed: int, badwords: Mapping[str, list]):
        from faker import Faker

        self.seed, self.badwords = seed, badwords
        self.fakers = {}
        for i, (lang, locale) in enumerate(sorted(FAKER_LOCALES.items())):
            faker = Faker(locale)
            faker.seed_instance(seed * 1000 + i)
            self.fakers[lang] = faker
        self.rng = random.Random(f"c4pipe-multilingual:{seed}")

    def paragraph(self, lang: str, min_chars: int = MIN_PARAGRAPH) -> str:
        faker, sentences = self.fakers[lang], []
        while sum(map(len, sentences)) + len(sentences) < min_chars:
            sentences.append(faker.sentence(nb_words=self.rng.randint(6, 14)))
        return " ".join(sentences)

    def short_line(self, lang: str) -> str:
        return self.fakers[lang].sentence(nb_words=self.rng.randint(3, 8))[:150]

    def badword(self, lang: str) -> str:
        """A list entry that matches as written (the filter lower-cases the text only)."""
        words = [w for w in self.badwords.get(lang, ()) if w == w.lower() and w not in ALLOWLISTED.get(lang, ())]
        return self.rng.choice(words)


def _url(lang: str, kind: str, i: int) -> str:
    return f"https://{lang}.mc4-synth.invalid/{kind}/{i}"


def _soft_kept_url(lang: str, start: int = 0) -> str:
    """The first URL of its kind whose md5 falls in the 0.1% the soft bad-words filter keeps."""
    i = start
    while not kept_anyway(normalize_url(_url(lang, "soft", i)), 0.999):
        i += 1
    return _url(lang, "soft", i)


def _validation_url(lang: str) -> str:
    i = 0
    while not is_validation(normalize_url(_url(lang, "validation", i))):
        i += 1
    return _url(lang, "validation", i)


def _insert(paragraph: str, word: str, lang: str) -> str:
    """`word` in the middle of the paragraph: between spaces, or, for languages written
    without them, inside the text."""
    middle = len(paragraph) // 2
    if lang in ("ja", "th", "zh"):
        return paragraph[:middle] + word + paragraph[middle:]
    cut = paragraph.find(" ", middle)
    cut = middle if cut < 0 else cut
    return f"{paragraph[:cut]} {word}{paragraph[cut:]}"


def _latin(text: str) -> str:
    return "".join(_CYRILLIC_TO_LATIN.get(ch.lower(), ch) for ch in text)


def iter_multilingual_pages(seed: int, badwords: Mapping[str, list]) -> Iterator[SynthPage]:
    w = _Writer(seed, badwords)
    day = 0

    def page(url: str, lines: list, sec: int = 0) -> SynthPage:
        nonlocal day
        day = (day + 1) % 28
        return SynthPage(url, crawl_date(day, 3600 + sec), lines=lines, lang="")

    shared = {}
    for lang in sorted(FAKER_LOCALES):
        shared[lang] = w.paragraph(lang)
        yield page(_url(lang, "long", 0), [w.paragraph(lang) for _ in range(4)] + [w.short_line(lang)])
        yield page(_url(lang, "long", 1), [w.short_line(lang), w.paragraph(lang, 400), w.paragraph(lang),
                                           w.paragraph(lang), shared[lang]])
        yield page(_url(lang, "shared", 0), [shared[lang], w.paragraph(lang), w.paragraph(lang), shared[lang]])
        yield page(_url(lang, "short", 0), [w.short_line(lang) for _ in range(8)])
        yield page(_url(lang, "two-long", 0), [w.paragraph(lang), w.short_line(lang), w.paragraph(lang)])
        exact = [w.paragraph(lang)[:MIN_PARAGRAPH].rstrip() for _ in range(3)]
        yield page(_url(lang, "edge", 0), [line + "x" * (MIN_PARAGRAPH - len(line)) for line in exact])
        yield page(_url(lang, "edge", 1), [w.paragraph(lang), w.paragraph(lang), w.paragraph(lang)[:MIN_PARAGRAPH - 1]])
        yield page(_validation_url(lang), [w.paragraph(lang) for _ in range(3)])
        if lang in badwords:
            bad = [_insert(w.paragraph(lang), w.badword(lang), lang), w.paragraph(lang), w.paragraph(lang)]
            yield page(_url(lang, "badword", 0), bad)
            yield page(_soft_kept_url(lang), [_insert(w.paragraph(lang), w.badword(lang), lang),
                                              w.paragraph(lang), w.paragraph(lang)])
        for k, word in enumerate(ALLOWLISTED.get(lang, ())):
            yield page(_url(lang, "allowlisted", k), [_insert(w.paragraph(lang), word, lang), w.paragraph(lang),
                                                      w.paragraph(lang)])
    # A URL crawled twice: the newer copy wins.
    twice = _url("de", "twice", 0)
    yield page(twice, [w.paragraph("de") for _ in range(3)], sec=0)
    yield page(twice + "/", [w.paragraph("de") for _ in range(3)], sec=60)
    # Only duplicated lines: nothing left after line dedup.
    yield page(_url("fr", "all-duplicate", 0), [shared["fr"], shared["fr"], shared["fr"]])
    # Two languages on one page.
    langs = sorted(FAKER_LOCALES)
    for i in range(12):
        first, second = langs[i], langs[(i * 7 + 5) % len(langs)]
        lines = [w.paragraph(first), w.paragraph(second), w.paragraph(first), w.paragraph(second)]
        yield page(_url("mixed", f"{first}-{second}", i), lines)
    yield page(_url("hr", "long", 0), [" ".join(CROATIAN[:2]) * 2, " ".join(CROATIAN[2:]) * 2, " ".join(CROATIAN)])
    yield page(_url("ru-Latn", "long", 0), [_latin(w.paragraph("ru", 300)) for _ in range(3)])


def generate_multilingual_corpus(out_dir, badwords: Mapping[str, list], seed: int = 0, files: int = 1,
                                 gzip: bool = True) -> list[Path]:
    """The corpus over `files` WET files; `badwords`: {language: entries}."""
    if files < 1:
        raise ValueError("files must be >= 1")
    pages = list(iter_multilingual_pages(seed, badwords))
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    ext = ".warc.wet.gz" if gzip else ".warc.wet"
    paths = [Path(out_dir) / f"multilingual-s{seed}-{k:05d}-of-{files:05d}{ext}" for k in range(files)]
    ids = random.Random(f"c4pipe-multilingual-ids:{seed}")
    write_corpus(paths, iter(pages), len(pages), ids, f"generated multilingual pages, seed {seed}", gzip)
    return paths
