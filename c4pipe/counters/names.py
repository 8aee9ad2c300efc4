"""The one registry of counter names: namespaces, drop classes, funnel and histogram.

A counter is `namespace:name`. The rules name their own namespaces, the reference's
(`filters.*.COUNTER_NAMESPACE`, `c4pipe.io.wet.COUNTER_NAMESPACE`); the pipeline adds
the ones below. This module is the only place that says which counters are pages
dropped, which are records that never became pages, and which are lines or sentences
removed: the page balance (`c4pipe.counters.balance`) and the report
(`c4pipe.report.data`) both classify through it.

Within a rule's namespace, `filtered` or `filtered:<reason>` counts dropped pages,
`line-filtered:<reason>` / `span-filtered:<reason>` dropped lines or sentence spans,
and `passed` the pages that go on. `english-filter:filtered:ignored_language-<lang>`
breaks `filtered:ignored_language` down by language: it is not a second drop. Nor are
two of mC4's language rule's reference names (`filters.language.UNSURE`): their pages
stay, as `und`. `language-filter:passed:<lang>` counts the pages kept per language,
and a namespace `badwords-filter-<lang>` repeats the bad-words counts of one language.
"""

from __future__ import annotations

from c4pipe.io import wet
from filters import (
    badwords,
    clean_page,
    domains,
    english,
    language,
    length,
    line_dedup,
    paragraphs,
    span_dedup,
    url_dedup,
)

# The pipeline's own namespaces.
INPUT = "input"
"""`bytes`: bytes read from the input files."""
FUNNEL = "funnel"
"""`<stage>:pages` and `<stage>:chars` reaching each of `FUNNEL_STAGES`."""
HISTOGRAM = "histogram"
"""`chars_before:<N>` / `chars_after:<N>`: pages parsed / written whose length is in (N/2, N]."""
DEDUP_JOIN = "dedup-join"
"""Rows into and out of each dedup shuffle (`SHUFFLES`)."""
OUTPUT = "output"
"""`pages:<split>` written, and `shards`."""

PAGES_IN = f"{wet.COUNTER_NAMESPACE}:passed"
"""Pages parsed from the input: what the page balance starts from."""
PAGES_OUT_PREFIX = f"{OUTPUT}:pages:"
WET_FILES = f"{wet.COUNTER_NAMESPACE}:wet-file"
INPUT_BYTES = f"{INPUT}:bytes"

RECORD_DROP_NAMESPACE = wet.COUNTER_NAMESPACE
"""Its `filtered:*` are WET records that never became pages (no URL, say)."""
PAGE_DROP_NAMESPACES = (
    length.COUNTER_NAMESPACE,
    domains.REALNEWS_NAMESPACE,
    url_dedup.COUNTER_NAMESPACE,
    domains.WEBTEXT_NAMESPACE,
    paragraphs.COUNTER_NAMESPACE,
    clean_page.COUNTER_NAMESPACE,
    line_dedup.COUNTER_NAMESPACE,
    span_dedup.COUNTER_NAMESPACE,
    english.COUNTER_NAMESPACE,
    language.COUNTER_NAMESPACE,
    badwords.COUNTER_NAMESPACE,
)
"""The rules that drop pages, in pipeline order."""
NAMESPACES = (RECORD_DROP_NAMESPACE, INPUT, *PAGE_DROP_NAMESPACES, FUNNEL, HISTOGRAM, DEDUP_JOIN, OUTPUT)
"""Every namespace a run counts in, besides the per-language `BADWORDS_LANGUAGE_PREFIX<lang>`."""
BADWORDS_LANGUAGE_PREFIX = f"{badwords.COUNTER_NAMESPACE}-"

LANGUAGE_BREAKDOWN = "filtered:ignored_language-"
LINE_DROP_PREFIXES = ("line-filtered:", "span-filtered:")

FUNNEL_STAGES = (
    "parsed", "not_too_long", "url_dedup", "paragraphs", "clean_page", "dedup", "english", "language", "badwords",
    "written",
)
"""The funnel's stages in pipeline order; a stage the recipe skips has no counters."""

SHUFFLES = {
    "dedup units": ("units_offered", "units_counted"),
    "dedup kept units": ("kept_sent", "kept_received"),
    "dedup pages": ("pages_sent", "pages_received"),
}
"""Each dedup shuffle's (rows sent, rows received) counters in `DEDUP_JOIN`."""


def split(full_name: str) -> tuple[str, str]:
    namespace, _, name = full_name.partition(":")
    return namespace, name


def _is_drop(name: str) -> bool:
    return name == "filtered" or (name.startswith("filtered:") and not name.startswith(LANGUAGE_BREAKDOWN))


_KEPT_AS_UNKNOWN = {f"{language.COUNTER_NAMESPACE}:{name}" for name in language.UNSURE}


def is_page_drop(full_name: str) -> bool:
    """Counts pages a rule removed from the corpus."""
    namespace, name = split(full_name)
    return namespace in PAGE_DROP_NAMESPACES and _is_drop(name) and full_name not in _KEPT_AS_UNKNOWN


def is_known_namespace(namespace: str) -> bool:
    return namespace in NAMESPACES or namespace.startswith(BADWORDS_LANGUAGE_PREFIX)


def is_record_drop(full_name: str) -> bool:
    """Counts WET records dropped before they became pages."""
    namespace, name = split(full_name)
    return namespace == RECORD_DROP_NAMESPACE and _is_drop(name)


def is_line_drop(full_name: str) -> bool:
    """Counts lines (or sentence spans) removed from pages that stay."""
    namespace, name = split(full_name)
    return namespace in PAGE_DROP_NAMESPACES and name.startswith(LINE_DROP_PREFIXES)


def is_language_breakdown(full_name: str) -> bool:
    return full_name.startswith(f"{english.COUNTER_NAMESPACE}:{LANGUAGE_BREAKDOWN}")


def length_bucket(chars: int) -> int:
    """The histogram bucket of a page of `chars` characters: the power of two N with
    chars in (N/2, N]."""
    return 1 << max(0, (chars - 1).bit_length())


def count_stage(count, stage: str, chars: int) -> None:
    """Counts one page of `chars` characters reaching `stage` (a `FUNNEL` count)."""
    count(f"{stage}:pages")
    count(f"{stage}:chars", chars)
