"""What the report shows, read from a run's stats.json and report_data.json.

Plain data in, plain data out: no HTML and no matplotlib here, so each figure on the
page can be checked against the counters without rendering anything. The files come
from a run, but a report should still render from a partial or older one, so missing
or malformed entries give empty results rather than errors.
"""

from __future__ import annotations

import json
import os
import re
from typing import NamedTuple, Optional

from c4pipe.counters import names, splits
from c4pipe.counters.names import FUNNEL, FUNNEL_STAGES, HISTOGRAM
from filters import badwords, english, language

LANGUAGE_OTHER_REASONS = ("low_confidence", "langdetect_exception", "no_predictions")
# Bar charts show at most this many bars; `top` folds the rest into one.
TOP_BARS = 20


def load(directory: str) -> tuple[dict, Optional[dict]]:
    """(stats, report_data); report_data is None when report_data.json is absent."""
    stats_path = os.path.join(directory, "stats.json")
    if not os.path.isfile(stats_path):
        raise OSError(f"{stats_path} not found (is {directory} the output of `c4pipe run`?)")
    stats = _load_object(stats_path)
    data_path = os.path.join(directory, "report_data.json")
    report_data = _load_object(data_path) if os.path.isfile(data_path) else None
    return stats, report_data


def _load_object(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        value = json.load(handle)
    if not isinstance(value, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return value


def counters_of(stats: dict) -> dict[str, int]:
    """stats.json's counters as {full name: int}; non-numeric values are left out."""
    counters = stats.get("counters") or {}
    return {str(k): int(v) for k, v in counters.items() if isinstance(v, (int, float))}


def recipe_name(stats: dict) -> str:
    recipe = stats.get("recipe") or {}
    return recipe.get("name", "?") if isinstance(recipe, dict) else str(recipe)


def funnel(counters: dict[str, int]) -> list[tuple[str, int, Optional[int]]]:
    """[(stage, pages, chars)] in pipeline order; stages without counters are left out."""
    rows = []
    for stage in FUNNEL_STAGES:
        pages = counters.get(f"{FUNNEL}:{stage}:pages")
        chars = counters.get(f"{FUNNEL}:{stage}:chars")
        if pages is None and chars is None:
            continue
        rows.append((stage, pages or 0, chars))
    return rows


def histograms(counters: dict[str, int]) -> dict[str, dict[int, int]]:
    """{"before": {N: pages}, "after": {N: pages}} from `histogram:chars_<when>:<N>`."""
    result: dict[str, dict[int, int]] = {"before": {}, "after": {}}
    for name, value in counters.items():
        for when in result:
            prefix = f"{HISTOGRAM}:chars_{when}:"
            if name.startswith(prefix):
                try:
                    bucket = int(name[len(prefix):])
                except ValueError:
                    continue
                result[when][bucket] = result[when].get(bucket, 0) + value
    return result


def page_drops(stats: dict) -> dict[str, int]:
    """Pages dropped per rule, and WET records dropped before they became pages, as
    `c4pipe.counters.names` classifies them; `balance.dropped` adds any the counters
    lack. Per-language counters are left to `language_mix`."""
    drops = {
        full_name: value for full_name, value in counters_of(stats).items()
        if names.is_page_drop(full_name) or names.is_record_drop(full_name)
    }
    for full_name, value in ((stats.get("balance") or {}).get("dropped") or {}).items():
        drops[str(full_name)] = int(value)
    return {k: v for k, v in drops.items() if v}


def line_drops(counters: dict[str, int]) -> dict[str, int]:
    """Lines (and sentence spans) dropped per rule (`c4pipe.counters.names.is_line_drop`), nonzero only."""
    return {full_name: value for full_name, value in counters.items() if names.is_line_drop(full_name) and value}


def language_mix(counters: dict[str, int]) -> dict[str, int]:
    """Dropped pages by detected language, plus the English filter's other reasons."""
    mix = {}
    for full_name, value in counters.items():
        if names.is_language_breakdown(full_name) and value:
            mix[full_name.split(names.LANGUAGE_BREAKDOWN, 1)[1] or "?"] = value
    for reason in LANGUAGE_OTHER_REASONS:
        value = counters.get(f"{english.COUNTER_NAMESPACE}:filtered:{reason}", 0)
        if value:
            mix[f"({reason.replace('_', ' ')})"] = value
    return mix


class LanguageFunnel(NamedTuple):
    """One mC4 language's pages from language ID to the output."""

    language: str
    identified: int  # language-filter:passed:<lang>
    badwords_dropped: int  # badwords-filter-<base lang>:filtered, for this language's pages
    written: int  # train and validation
    chars: int  # written, train and validation
    validation: int


def language_funnels(counters: dict[str, int]) -> list[LanguageFunnel]:
    """mC4 runs: per language (and `und`), largest output first; [] for other runs."""
    prefix = f"{language.COUNTER_NAMESPACE}:passed:"
    identified = {name[len(prefix):]: value for name, value in counters.items() if name.startswith(prefix)}
    if not identified:
        return []
    written = splits.per_language(splits.per_split(counters))
    rows = []
    for lang in set(identified) | set(written):
        sizes = written.get(lang, {})
        base_filtered = counters.get(f"{badwords.COUNTER_NAMESPACE}-{lang}:filtered", 0) if "-" not in lang else 0
        rows.append(LanguageFunnel(
            lang, identified.get(lang, 0), base_filtered, sizes.get("pages", 0) + sizes.get("validation_pages", 0),
            sizes.get("chars", 0) + sizes.get("validation_chars", 0), sizes.get("validation_pages", 0)))
    return sorted(rows, key=lambda row: (-row.chars, -row.written, row.language))


def top(items: dict[str, int], limit: int = TOP_BARS) -> list[tuple[str, int]]:
    """The largest `limit` items, biggest first (ties by name); beyond that, the
    smallest are summed into one `N others` item so the total stays right."""
    ordered = sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) <= limit:
        return ordered
    rest = sum(v for _, v in ordered[limit - 1:])
    return ordered[:limit - 1] + [(f"{len(ordered) - limit + 1} others", rest)]


def pairs(value) -> list[tuple[str, int]]:
    """[(name, count)] from a JSON list of two-item lists; malformed items are skipped."""
    result = []
    for item in value or []:
        try:
            name, count = item
            result.append((str(name), int(count)))
        except (TypeError, ValueError):
            continue
    return result


def top_domains(report_data: dict, key: str) -> list[tuple[str, int]]:
    """report_data's `domains_kept` or `domains_dropped`, already sorted by the run."""
    return pairs(report_data.get(key))[:TOP_BARS]


def reject_samples(report_data: Optional[dict]) -> list[tuple[str, list[tuple[object, object]]]]:
    """[(rule, [(url, text)])] by rule name; a bare string sample is a text without URL."""
    samples = (report_data or {}).get("reject_samples") or {}
    result = []
    for rule in sorted(samples):
        entries = []
        for entry in samples[rule] or []:
            entry = entry if isinstance(entry, dict) else {"text": entry}
            entries.append((entry.get("url", ""), entry.get("text", "")))
        result.append((rule, entries))
    return result


def _natural(name: str) -> list:
    """Sort key: `histogram:chars_after:512` before `...:1024`."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", name)]


def counter_rows(counters: dict[str, int]) -> list[tuple[str, str, int]]:
    """[(namespace, name, value)] for every counter, in natural order of the full name."""
    return [(*names.split(full_name), counters[full_name])
            for full_name in sorted(counters, key=_natural)]
