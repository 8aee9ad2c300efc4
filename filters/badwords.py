"""Bad words (c4 3.1.0): drop a page if any LDNOOBW entry of its language matches.

As the reference: entries are `re.escape`d and joined into
`(?:\\W|^)(w1|w2|...)(?:\\W|$)` searched in the lower-cased page text; ja, th and zh
match as plain substrings, less the reference's allowlist of common subwords.
Entries are not lower-cased (so a capitalised entry never matches). The lists come from
`c4pipe.io.assets.load_badwords`; a list file's region suffix is dropped
(`fr-CA-u-sd-caqc` adds to `fr`), and so is a page language's (`zh-Latn` uses `zh`).

Soft filtering (mC4, `fraction` < 1): of the pages with a bad word, those whose
normalized URL's md5 falls in the remaining share are kept (`soft-passed`), as the
reference's `float.as_integer_ratio` test decides it. Each language also counts in
`badwords-filter-<lang>`.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping, Optional

from filters.counting import Count, OnReject
from filters.urls import md5_int

COUNTER_NAMESPACE = "badwords-filter"

_NO_WORD_BOUNDARY_LANGUAGES = ("ja", "th", "zh")
_ALLOWLIST = {"ja": {"sm", "グロ", "女の子"}, "zh": {"性"}}


def reference_badwords_regex(words: Iterable[str], lang: str = "en") -> "re.Pattern[str]":
    """The reference's pattern, verbatim: `(?:\\W|^)(w1|w2|...)(?:\\W|$)`."""
    words = [w for w in words if w not in _ALLOWLIST.get(lang, ())]
    if not words:
        return re.compile(r"(?!)")  # an empty alternation would match everywhere
    alternatives = "|".join(re.escape(w) for w in words)
    if lang in _NO_WORD_BOUNDARY_LANGUAGES:
        return re.compile(alternatives)
    return re.compile(r"(?:\W|^)({})(?:\W|$)".format(alternatives))


def badwords_regex(words: Iterable[str], lang: str = "en") -> "re.Pattern[str]":
    """A pattern that finds a match exactly where the reference's does, faster.

    The words become a character trie, so the engine tries each position once instead
    of once per word; `(?<!\\w)` / `(?!\\w)` say what `(?:\\W|^)` / `(?:\\W|$)` say
    without consuming the neighbours. Only "is there a match" is used, and that is
    the same (tested against `reference_badwords_regex`).
    """
    words = [w for w in words if w not in _ALLOWLIST.get(lang, ())]
    if not words:
        return re.compile(r"(?!)")
    trie = _trie_alternation(words)
    if lang in _NO_WORD_BOUNDARY_LANGUAGES:
        return re.compile(trie)
    return re.compile(r"(?<!\w)(?:{})(?!\w)".format(trie))


def _trie_alternation(words: Iterable[str]) -> str:
    """A regex matching exactly the given words, as a character trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


def line_badwords_regex(words: Iterable[str]) -> "re.Pattern[str]":
    """TFDS 2.x's per-line pattern: entries unescaped, flanked by a non a-z character.

    Checked on each kept line, lower-cased, inside clean_page (`badwords="line"`); a
    bad word at the very start or end of a line does not match, as in 2.x.
    """
    return re.compile("[^a-z]({})[^a-z]".format("|".join(words)))


def base_language(code: str) -> str:
    """`fr-CA-u-sd-caqc` -> `fr`, `zh-Latn` -> `zh`: the list a language code uses."""
    return code.split("-")[0]


def words_by_language(lists: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """{list file: entries} -> {language: entries}, the files of one language merged."""
    merged: dict[str, list[str]] = {}
    for name in sorted(lists):
        merged.setdefault(base_language(name), []).extend(lists[name])
    return merged


def language_regexes(lists: Mapping[str, Iterable[str]]) -> dict[str, "re.Pattern[str]"]:
    return {lang: badwords_regex(words, lang) for lang, words in words_by_language(lists).items()}


def kept_anyway(normalized_url: str, fraction: float) -> bool:
    """Whether a page with a bad word escapes a filter that drops `fraction` of them."""
    numerator, denominator = float.as_integer_ratio(fraction)
    return md5_int(normalized_url) % denominator >= numerator


def has_no_badwords(
    text: str,
    language: str,
    regexes: Mapping[str, "re.Pattern[str]"],
    count: Count,
    count_in: Callable[[str], Count],
    normalized_url: str = "",
    fraction: float = 1.0,
    on_reject: Optional[OnReject] = None,
) -> bool:
    """False when the page is dropped. `count_in(namespace)` counts the language's own
    `badwords-filter-<lang>`; a language without a list passes unchecked."""
    lang = base_language(language)
    regex = regexes.get(lang)
    if regex is not None:
        count_language = count_in(f"{COUNTER_NAMESPACE}-{lang}")
        if regex.search(text.lower()) is not None:
            if fraction < 1.0 and kept_anyway(normalized_url, fraction):
                count("soft-passed")
                count_language("soft-passed")
                return True
            count("filtered")
            count_language("filtered")
            if on_reject is not None:
                on_reject("filtered", text)
            return False
        count_language("passed")
    count("passed")
    return True
