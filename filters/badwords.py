"""Bad words (c4/en 3.1.0): drop the whole page if any LDNOOBW entry matches.

As the reference: entries are `re.escape`d and joined into
`(?:\\W|^)(w1|w2|...)(?:\\W|$)` searched in the lower-cased page text; ja, th and zh
match as plain substrings. Entries are not lower-cased (so a capitalised entry never
matches). The list itself comes from `c4pipe.io.assets.load_badwords`.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from filters.counting import Count, OnReject

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


def has_no_badwords(text: str, regex: "re.Pattern[str]", count: Count, on_reject: Optional[OnReject] = None) -> bool:
    if regex.search(text.lower()) is not None:
        count("filtered")
        if on_reject is not None:
            on_reject("filtered", text)
        return False
    count("passed")
    return True
