"""The per-input-file stage: parse, drop too-long pages, run the page rule (clean_page,
or mC4's paragraph filter).

Everything here depends on one page alone, so it runs where the file is read and its
result can be saved per input file (see `c4pipe.io.workdir`), which is what makes a
stopped run resumable. clean_page runs before URL dedup, unlike in the reference,
but with the same result: each page carries its clean_page outcome and counter
values, and only the page that wins its URL has them applied (`ParsedPage`), so
outputs and counters equal the reference order's. It also keeps the raw text out
of the URL-dedup shuffle: only its md5 (the tie-breaker) travels. For span dedup, the
kept text's sentences are split here too (`c4pipe.text.sentence_offsets`), and for
either dedup the kept text's unit keys are computed here (`unit_keys`), where the work
runs in parallel, not in the shuffle's driver.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Iterator, NamedTuple, Optional

from c4pipe.recipes import Recipe
from c4pipe.stages.recording import Recorder
from c4pipe.text import sentence_offsets
from filters import clean_page, length, line_dedup, paragraphs, span_dedup
from filters.counting import CounterDict
from filters.page import Page
from filters.url_dedup import UrlDedupKey


class ParsedPage(NamedTuple):
    page: Page  # text: the cleaned text, or "" when clean_page drops the page
    raw_chars: int  # length of the text as parsed (for the report's funnel)
    raw_text_md5: bytes
    clean_counts: tuple  # ((counter name, value), ...) of the page rule (`page_rule`) for this page
    kept: bool  # False: the page rule drops the page
    sentence_offsets: bytes = b""  # kept pages, span-dedup recipes: `c4pipe.text.sentence_offsets`
    unit_keys: bytes = b""  # kept pages, dedup recipes: the distinct unit keys, sorted, 16 bytes each

    def url_dedup_key(self) -> UrlDedupKey:
        return UrlDedupKey(self.page.timestamp, self.raw_text_md5, self.page.url)


def page_rule(recipe: Recipe) -> tuple[str, str]:
    """(counter namespace, funnel stage) of the rule whose outcome a ParsedPage carries."""
    if recipe.paragraph_filter:
        return paragraphs.COUNTER_NAMESPACE, "paragraphs"
    return clean_page.COUNTER_NAMESPACE, "clean_page"


def unit_key_packer(recipe: Recipe) -> Optional[Callable[[str, bytes], bytes]]:
    """`clean_one`'s `unit_keys` for the recipe's dedup: (kept text, sentence offsets) ->
    its distinct unit keys, sorted (so the bytes do not depend on set order), joined."""
    if recipe.dedup == "lines":
        return lambda text, offsets: b"".join(sorted(line_dedup.line_keys(text, recipe.dedup_ascii_lowercase)))
    if recipe.dedup == "spans":
        return lambda text, offsets: b"".join(sorted(span_dedup.span_keys(
            text, sentence_offsets.splitter(text, offsets), recipe.span_sentences)))
    return None


def clean_one(
    page: Page,
    recipe: Recipe,
    count_sentences: Callable[[str, int], int],
    on_reject=None,
    line_badwords=None,
    pack_sentences: Optional[Callable[[str], bytes]] = None,
    unit_keys: Optional[Callable[[str, bytes], bytes]] = None,
) -> ParsedPage:
    """`pack_sentences`, for span dedup: the kept text's packed sentence offsets;
    `unit_keys(text, offsets)`, for dedup recipes: its packed unit keys."""
    raw_md5 = hashlib.md5(page.text.encode("utf-8")).digest()
    raw_chars = len(page.text)
    counts = CounterDict()
    text: Optional[str] = page.text
    if recipe.clean:
        text = clean_page.clean_text(
            page.text,
            count_sentences,
            counts,
            min_words_per_line=recipe.min_words_per_line,
            min_sentences=recipe.min_sentences,
            max_word_length=recipe.max_word_length,
            on_reject=on_reject,
            badwords_regex=line_badwords,
        )
    elif recipe.paragraph_filter:
        if not paragraphs.has_paragraphs(page.text, counts, recipe.min_paragraphs, recipe.min_paragraph_length):
            text = None
            if on_reject is not None:
                on_reject("filtered", page.text)
    offsets = pack_sentences(text) if pack_sentences is not None and text is not None else b""
    keys = unit_keys(text, offsets) if unit_keys is not None and text is not None else b""
    return ParsedPage(
        page._replace(text=text or ""), raw_chars, raw_md5, tuple(sorted(counts.items())), text is not None, offsets,
        keys,
    )


def process_pages(
    pages: Iterator[Page],
    recipe: Recipe,
    recorder: Recorder,
    count_sentences: Callable[[str, int], int],
    line_badwords=None,
    pack_sentences=None,
    unit_keys=None,
) -> Iterator[ParsedPage]:
    """Length filter and the page rule (`page_rule`). The length filter counts through
    `recorder`, and the page rule's rejects are sampled there; its counts travel with
    each page (`ParsedPage.clean_counts`).

    `line_badwords` is the TFDS 2.x per-line bad-words regex (recipe badwords="line");
    `pack_sentences` splits kept texts for span dedup (`c4pipe.text.sentence_offsets`).
    """
    count_length = recorder.count(length.COUNTER_NAMESPACE)
    namespace, _ = page_rule(recipe)
    for page in pages:
        if length.is_valid_length(page, recipe.max_page_length, count_length):

            def on_reject(rule: str, line: str, url: str = page.url) -> None:
                recorder.reject(f"{namespace}:{rule}", url, line)

            yield clean_one(page, recipe, count_sentences, on_reject, line_badwords, pack_sentences, unit_keys)
