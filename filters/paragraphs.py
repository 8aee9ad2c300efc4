"""The mC4 paragraph filter: a page needs enough long lines ("paragraphs").

As the reference's `paragraph_filter`: the page's lines (split on "\\n", not stripped)
must number at least `min_paragraphs`, and its three longest must each have at least
`min_paragraph_length` characters. It replaces clean_page in the multilingual recipe,
where the English line heuristics would strip most non-English text.
"""

from __future__ import annotations

import heapq

from filters.counting import Count

COUNTER_NAMESPACE = "paragraph-filter"


def has_paragraphs(text: str, count: Count, min_paragraphs: int = 3, min_paragraph_length: int = 200) -> bool:
    lengths = [len(line) for line in text.split("\n")]
    if len(lengths) < min_paragraphs or min(heapq.nlargest(3, lengths)) < min_paragraph_length:
        count("filtered")
        return False
    count("passed")
    return True
