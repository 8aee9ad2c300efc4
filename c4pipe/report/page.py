"""The report's HTML: one page, one function per section.

The page is self-contained (inline CSS, charts as base64 data URIs, no JavaScript)
so it can be mailed, attached to a ticket or opened from a bucket without anything
else. Everything taken from the data (web text, URLs, domains, counter names, recipe
values) goes through `_e`, since sampled rejects are exactly the pages a filter found
suspicious; sample texts are cut to `SAMPLE_CHARS`.

Each section function returns the page's lines for that section; `render` joins
them with newlines.
"""

from __future__ import annotations

import base64
import html
from typing import NamedTuple, Optional

from c4pipe.counters import names
from c4pipe.report import charts, data
from c4pipe.report.charts import DROP_COLOR, KEPT_COLOR, LANGUAGE_COLOR, LINE_COLOR

SAMPLE_CHARS = 300
URL_CHARS = 200
MISSING_DATA = "Needs report_data.json, which is missing."

CSS = """
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2329;
 background:#f4f5f7;margin:0}
main{max-width:1080px;margin:0 auto;padding:24px 28px 60px;background:#fff;min-height:100vh}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid #e3e6ea}
h3{font-size:15px;margin:22px 0 6px}
.sub{color:#5b6670;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid #e3e6ea;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}
.recipe{display:flex;flex-wrap:wrap;gap:6px}
.recipe span{background:#f4f5f7;border:1px solid #e3e6ea;border-radius:4px;padding:2px 8px;font-size:12px}
.recipe b{color:#5b6670;font-weight:600;margin-right:4px}
.card span{color:#5b6670;font-size:12px}
.balance{padding:10px 14px;border-radius:6px;font-weight:600;margin:12px 0}
.ok{background:#e5f4e8;color:#1d6b2f;border:1px solid #b9e0c1}
.bad{background:#fbe7e3;color:#9b2c17;border:1px solid #f0bfb3}
.note{background:#fff7e0;border:1px solid #f0dca0;border-radius:6px;padding:8px 12px}
figure{margin:8px 0 18px}
figure img{max-width:100%;height:auto;display:block}
figcaption{color:#5b6670;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px;table-layout:auto}
th,td{border:1px solid #e3e6ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f5f7}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.url{word-break:break-all;width:30%;color:#2f5f8a}
td.text{white-space:pre-wrap;word-break:break-word}
table.kv{width:auto}
nav a{margin-right:12px}
code{font-size:12px}
"""


class Run(NamedTuple):
    """What every section reads from."""

    stats: dict
    counters: dict[str, int]
    report_data: Optional[dict]


# ---------------------------------------------------------------- helpers


def _e(value) -> str:
    """HTML-escaped text, quotes included, so it is safe in attributes too."""
    return html.escape(str(value), quote=True)


def truncate(text: str, limit: int = SAMPLE_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def _img(png: bytes, alt: str) -> str:
    encoded = base64.b64encode(png).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{encoded}" alt="{_e(alt)}"></figure>'


def _none(text: str) -> str:
    """The note shown where a section has nothing to show."""
    return f'<p class="note">{_e(text)}</p>'


def _percent(part: Optional[int], whole: Optional[int]) -> str:
    return f"{100 * part / whole:.1f}%" if whole and part is not None else ""


# ---------------------------------------------------------------- page


def render(stats: dict, report_data: Optional[dict]) -> str:
    """The whole page for a run's stats.json and report_data.json (None if absent)."""
    run = Run(stats, data.counters_of(stats), report_data)
    parts = _head(run)
    for key, title, section in SECTIONS:
        parts.append(f'<h2 id="{key}">{_e(title)}</h2>')
        parts.extend(section(run))
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _head(run: Run) -> list[str]:
    """Document head, title line, input line, navigation and the missing-data note."""
    name = _e(data.recipe_name(run.stats))
    formats = ", ".join(str(f) for f in run.stats.get("formats") or [])
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>c4pipe report: {name}</title><style>{CSS}</style></head><body><main>",
        f"<h1>c4pipe report: recipe {name}</h1>",
        f'<p class="sub">{_e(run.stats.get("inputs", "?"))} input file(s) · '
        f'{_e(run.stats.get("train_shards", "?"))} train shards · formats: {_e(formats or "-")}</p>',
        "<nav>" + "".join(f'<a href="#{key}">{_e(title)}</a>' for key, title, _ in SECTIONS) + "</nav>",
    ]
    if run.report_data is None:
        parts.append(_none("report_data.json not found: top domains and sampled rejects are not "
                           "shown; everything else comes from stats.json."))
    return parts


# ---------------------------------------------------------------- summary


def summary_section(run: Run) -> list[str]:
    balance = run.stats.get("balance") or {}
    parts = [_cards(run, balance), _balance(balance)]
    recipe = run.stats.get("recipe") or {}
    if isinstance(recipe, dict) and recipe:
        parts.extend(_recipe(recipe))
    return parts


def _cards(run: Run, balance: dict) -> str:
    counters = run.counters
    cards = [
        ("input files", run.stats.get("inputs")),
        ("WET files read", counters.get(names.WET_FILES)),
        ("input bytes", charts.human(counters[names.INPUT_BYTES]) if names.INPUT_BYTES in counters else None),
        ("pages in", balance.get("pages_in")),
        ("pages out", balance.get("pages_out")),
        ("pages dropped", balance.get("pages_dropped")),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{_e(f"{v:,}" if isinstance(v, int) else v)}</b><span>{_e(k)}</span></div>'
        for k, v in cards if v is not None) + "</div>"


def _balance(balance: dict) -> str:
    """pages_in = pages_out + pages_dropped, the run's own check that no page was lost."""
    pages_in = balance.get("pages_in")
    if pages_in is None:
        return '<p class="balance bad">No balance in stats.json.</p>'
    pages_out = balance.get("pages_out") or 0
    dropped = balance.get("pages_dropped") or 0
    adds_up = pages_in == pages_out + dropped
    holds = bool(balance.get("balanced", adds_up))
    sign = "=" if adds_up else "≠"
    verdict = "balance holds" if holds else "NOT BALANCED"
    return (f'<p class="balance {"ok" if holds else "bad"}">Balance: pages_in {pages_in:,} {sign} '
            f"pages_out {pages_out:,} + pages_dropped {dropped:,} — {verdict}</p>")


def _recipe(recipe: dict) -> list[str]:
    parts = ["<h3>Recipe</h3>"]
    if recipe.get("description"):
        parts.append(f'<p class="sub">{_e(recipe["description"])}</p>')
    parts.append('<div class="recipe">' + "".join(
        f"<span><b>{_e(k)}</b> {_e(v)}</span>" for k, v in recipe.items()
        if k not in ("name", "description")) + "</div>")
    return parts


# ---------------------------------------------------------------- charts


def funnel_section(run: Run) -> list[str]:
    rows = data.funnel(run.counters)
    if not rows:
        return [_none("No funnel:* counters in stats.json.")]
    first_pages, first_chars = rows[0][1], rows[0][2]
    parts = [
        _img(charts.chart_funnel(rows), "pages and characters after each stage"),
        "<table><tr><th>stage</th><th>pages</th><th>% of parsed</th><th>characters</th>"
        "<th>% of parsed</th></tr>",
    ]
    for stage, pages, chars in rows:
        parts.append(
            f'<tr><td>{_e(stage)}</td><td class="n">{pages:,}</td>'
            f'<td class="n">{_percent(pages, first_pages)}</td>'
            f'<td class="n">{"" if chars is None else f"{chars:,}"}</td>'
            f'<td class="n">{_percent(chars, first_chars)}</td></tr>')
    parts.append("</table>")
    return parts


def page_drops_section(run: Run) -> list[str]:
    drops = data.page_drops(run.stats)
    if not drops:
        return [_none("No page drops counted.")]
    title = "pages dropped per rule"
    parts = [_img(charts.chart_hbar(data.top(drops), title, DROP_COLOR, "pages"), title)]
    if any(names.is_record_drop(k) for k in drops):
        parts.append("<p class=\"sub\">split-wet-file drops are WET records rejected while parsing; "
                     "they happen before pages_in and are not part of the balance.</p>")
    return parts


def line_drops_section(run: Run) -> list[str]:
    lines = data.line_drops(run.counters)
    if not lines:
        return [_none("No line drops counted.")]
    title = "lines dropped per rule"
    return [_img(charts.chart_hbar(data.top(lines), title, LINE_COLOR, "lines"), title)]


def lengths_section(run: Run) -> list[str]:
    hist = data.histograms(run.counters)
    if not (hist["before"] or hist["after"]):
        return [_none("No histogram:* counters in stats.json.")]
    return [_img(charts.chart_lengths(hist), "document length histograms before and after")]


def domains_section(run: Run) -> list[str]:
    if run.report_data is None:
        return [_none(MISSING_DATA)]
    parts = []
    for key, label, color in (("domains_kept", "kept (pages written)", KEPT_COLOR),
                              ("domains_dropped", "dropped (pages dropped at any stage)", DROP_COLOR)):
        pairs = data.top_domains(run.report_data, key)
        parts.append(f"<h3>Top domains {_e(label)}</h3>")
        if pairs:
            title = f"top domains {label}"
            parts.append(_img(charts.chart_hbar(pairs, title, color, "pages"), title))
        else:
            parts.append(_none(f"No {key} in report_data.json."))
    return parts


def languages_section(run: Run) -> list[str]:
    funnels = data.language_funnels(run.counters)
    if funnels:
        return _mc4_languages(funnels)
    mix = data.language_mix(run.counters)
    if not mix:
        return [_none("No english-filter drops counted.")]
    png = charts.chart_hbar(data.top(mix), "pages dropped by the English filter, by detected language",
                            LANGUAGE_COLOR, "pages")
    return [_img(png, "language mix of dropped pages")]


def _mc4_languages(funnels: list) -> list[str]:
    """The language mix of the output, and each language's funnel from language ID on."""
    total_chars = sum(row.chars for row in funnels)
    title = "characters written per language (train and validation)"
    parts = [_img(charts.chart_hbar(data.top({row.language: row.chars for row in funnels if row.chars}),
                                    title, LANGUAGE_COLOR, "characters"), "language mix of the output"),
             "<h3>Per-language funnels</h3>",
             "<table><tr><th>language</th><th>identified</th><th>dropped for bad words</th><th>written</th>"
             "<th>of which validation</th><th>characters written</th><th>% of characters</th></tr>"]
    parts.extend(
        f'<tr><td>{_e(row.language)}</td><td class="n">{row.identified:,}</td>'
        f'<td class="n">{row.badwords_dropped:,}</td><td class="n">{row.written:,}</td>'
        f'<td class="n">{row.validation:,}</td><td class="n">{row.chars:,}</td>'
        f'<td class="n">{_percent(row.chars, total_chars)}</td></tr>' for row in funnels)
    parts.append("</table>")
    parts.append('<p class="sub">Bad-word drops count per list: ru and ru-Latn pages share the ru list, '
                 "and its drops show on ru.</p>")
    return parts


# ---------------------------------------------------------------- tables


def rejects_section(run: Run) -> list[str]:
    if run.report_data is None:
        return [_none(MISSING_DATA)]
    samples = data.reject_samples(run.report_data)
    if not samples:
        return [_none("No reject samples in report_data.json.")]
    parts = []
    for rule, entries in samples:
        plural = "s" if len(entries) != 1 else ""
        parts.append(f"<h3><code>{_e(rule)}</code> ({len(entries)} sample{plural})</h3>")
        parts.append("<table><tr><th>url</th><th>text</th></tr>")
        parts.extend(f'<tr><td class="url">{_e(truncate(url, URL_CHARS))}</td>'
                     f'<td class="text">{_e(truncate(text))}</td></tr>' for url, text in entries)
        parts.append("</table>")
    return parts


def counters_section(run: Run) -> list[str]:
    rows = (f'<tr><td>{_e(namespace)}</td><td>{_e(name)}</td><td class="n">{value:,}</td></tr>'
            for namespace, name, value in data.counter_rows(run.counters))
    return ["<table><tr><th>namespace</th><th>name</th><th>value</th></tr>", *rows, "</table>"]


# (anchor, title, section) in page order; the navigation bar lists them too.
SECTIONS = (
    ("summary", "Summary", summary_section),
    ("funnel", "Funnel", funnel_section),
    ("page-drops", "Page drops per rule", page_drops_section),
    ("line-drops", "Line drops per rule", line_drops_section),
    ("lengths", "Document length", lengths_section),
    ("domains", "Top domains", domains_section),
    ("languages", "Languages", languages_section),
    ("rejects", "Sampled rejects", rejects_section),
    ("counters", "Counters", counters_section),
)
