"""The catalogue: the fixed edge-case pages every corpus starts with.

For each rule of the reference (`../shared/spec/C4_REFERENCE.md`), pages on both sides
of its boundary, so that even a small corpus exercises every filter. Each submodule
holds the pages of one stage of the pipeline, one function per rule or group of rules;
`catalogue` chains them in a fixed order. That order, and the order of the random
draws inside each function, is part of the output.
"""

from __future__ import annotations

from c4pipe.synth.catalogue import badwords, clean_page, dedup, languages, text_format, urls
from c4pipe.synth.generator import Generator
from c4pipe.synth.page import Pages

SECTIONS = (
    clean_page.sentence_counts,
    clean_page.lorem_ipsum,
    clean_page.curly_brackets,
    clean_page.javascript_and_policy,
    clean_page.word_lengths,
    clean_page.end_marks,
    clean_page.citations,
    clean_page.word_counts,
    badwords.bad_words,
    dedup.unicode_case,
    text_format.line_separators,
    text_format.line_ends,
    text_format.header_like_lines,
    languages.languages,
    dedup.duplicate_lines,
    dedup.duplicate_spans,
    urls.duplicate_urls,
    urls.validation_split,
    clean_page.punkt,
    languages.language_id,
    text_format.long_pages,
)


def catalogue(g: Generator) -> Pages:
    """The catalogue's pages, in order."""
    for section in SECTIONS:
        yield from section(g)
