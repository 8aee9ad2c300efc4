"""`c4pipe report DIR`: one self-contained HTML page about a finished run.

Reads `DIR/stats.json` (written by `c4pipe run`) and, when present,
`DIR/report_data.json` (top domains and sampled rejects), and writes
`DIR/report.html`: summary and balance, charts (matplotlib PNGs embedded as base64
data URIs), sampled rejects per rule and the full counters table. No JavaScript, no
network. Everything taken from the data (web text, URLs, domains, counter names) is
HTML-escaped; sample texts are truncated.

Module-level imports stay cheap: matplotlib is imported only while charts are drawn.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import math
import os
import re
import sys
import warnings
from typing import Optional

# The funnel's stages in pipeline order; a stage the recipe skips has no counters.
FUNNEL_STAGES = (
    "parsed", "not_too_long", "url_dedup", "clean_page", "dedup", "english", "badwords", "written",
)
# Namespaces whose `filtered*`, `line-filtered:*` and `span-filtered:*` counters are drops.
DROP_NAMESPACES = (
    "clean-page", "dedupe-lines", "dedupe-spans", "english-filter", "badwords-filter",
    "too-long-filter", "duplicate-url-filter", "split-wet-file",
)
LANGUAGE_PREFIX = "english-filter:filtered:ignored_language-"
LANGUAGE_OTHER_REASONS = ("low_confidence", "langdetect_exception", "no_predictions")
SAMPLE_CHARS = 300
TOP_BARS = 20

KEPT_COLOR = "#2f7ebc"
DROP_COLOR = "#d0593b"
LINE_COLOR = "#e39b2d"


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", help="output directory of `c4pipe run` (holds stats.json)")
    parser.add_argument("--output", default=None,
                        help="HTML file to write (default DIR/report.html)")


def main(args: argparse.Namespace) -> int:
    directory = args.dir
    output = args.output or os.path.join(directory, "report.html")
    try:
        stats, report_data = load(directory)
    except (OSError, ValueError) as error:
        print(f"c4pipe report: {error}", file=sys.stderr)
        return 2
    from c4pipe.io.atomic import write_atomically

    write_atomically(output, render(stats, report_data).encode("utf-8"))
    print(f"c4pipe report: wrote {output}")
    return 0


def load(directory: str) -> tuple[dict, Optional[dict]]:
    """(stats, report_data); report_data is None when report_data.json is absent."""
    stats_path = os.path.join(directory, "stats.json")
    if not os.path.isfile(stats_path):
        raise OSError(f"{stats_path} not found (is {directory} the output of `c4pipe run`?)")
    with open(stats_path, encoding="utf-8") as handle:
        stats = json.load(handle)
    if not isinstance(stats, dict):
        raise ValueError(f"{stats_path}: expected a JSON object")
    data_path = os.path.join(directory, "report_data.json")
    report_data = None
    if os.path.isfile(data_path):
        with open(data_path, encoding="utf-8") as handle:
            report_data = json.load(handle)
        if not isinstance(report_data, dict):
            raise ValueError(f"{data_path}: expected a JSON object")
    return stats, report_data


# ---------------------------------------------------------------- data


def _counters(stats: dict) -> dict[str, int]:
    counters = stats.get("counters") or {}
    return {str(k): int(v) for k, v in counters.items() if isinstance(v, (int, float))}


def funnel(counters: dict[str, int]) -> list[tuple[str, int, Optional[int]]]:
    """[(stage, pages, chars)] in pipeline order; stages without counters are left out."""
    rows = []
    for stage in FUNNEL_STAGES:
        pages = counters.get(f"funnel:{stage}:pages")
        chars = counters.get(f"funnel:{stage}:chars")
        if pages is None and chars is None:
            continue
        rows.append((stage, pages or 0, chars))
    return rows


def histograms(counters: dict[str, int]) -> dict[str, dict[int, int]]:
    """{"before": {N: pages}, "after": {N: pages}} from `histogram:chars_<when>:<N>`."""
    result: dict[str, dict[int, int]] = {"before": {}, "after": {}}
    for name, value in counters.items():
        for when in result:
            prefix = f"histogram:chars_{when}:"
            if name.startswith(prefix):
                try:
                    bucket = int(name[len(prefix):])
                except ValueError:
                    continue
                result[when][bucket] = result[when].get(bucket, 0) + value
    return result


def _split(full_name: str) -> tuple[str, str]:
    namespace, _, name = full_name.partition(":")
    return namespace, name


def page_drops(stats: dict) -> dict[str, int]:
    """Pages dropped per rule: `filtered*` counters of the drop namespaces plus
    `balance.dropped`. Per-language counters are left to `language_mix`."""
    drops: dict[str, int] = {}
    for full_name, value in _counters(stats).items():
        namespace, name = _split(full_name)
        if namespace not in DROP_NAMESPACES or not name.startswith("filtered"):
            continue
        if full_name.startswith(LANGUAGE_PREFIX):
            continue
        drops[full_name] = value
    for full_name, value in ((stats.get("balance") or {}).get("dropped") or {}).items():
        drops[str(full_name)] = int(value)
    return {k: v for k, v in drops.items() if v}


def line_drops(counters: dict[str, int]) -> dict[str, int]:
    drops = {}
    for full_name, value in counters.items():
        namespace, name = _split(full_name)
        if namespace in DROP_NAMESPACES and name.startswith(("line-filtered:", "span-filtered:")):
            if value:
                drops[full_name] = value
    return drops


def language_mix(counters: dict[str, int]) -> dict[str, int]:
    """Dropped pages by detected language, plus the English filter's other reasons."""
    mix = {}
    for full_name, value in counters.items():
        if full_name.startswith(LANGUAGE_PREFIX) and value:
            mix[full_name[len(LANGUAGE_PREFIX):] or "?"] = value
    for reason in LANGUAGE_OTHER_REASONS:
        value = counters.get(f"english-filter:filtered:{reason}", 0)
        if value:
            mix[f"({reason.replace('_', ' ')})"] = value
    return mix


def _top(items: dict[str, int], limit: int = TOP_BARS) -> list[tuple[str, int]]:
    ordered = sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) <= limit:
        return ordered
    rest = sum(v for _, v in ordered[limit - 1:])
    return ordered[:limit - 1] + [(f"{len(ordered) - limit + 1} others", rest)]


def _pairs(value) -> list[tuple[str, int]]:
    pairs = []
    for item in value or []:
        try:
            name, count = item
            pairs.append((str(name), int(count)))
        except (TypeError, ValueError):
            continue
    return pairs


# ---------------------------------------------------------------- charts


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _rc():
    """Plain text only: labels come from web data, and `$` must not start mathtext."""
    import matplotlib

    return matplotlib.rc_context({
        "text.parse_math": False, "text.usetex": False, "font.size": 9,
        "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "c4pipe",
    })


def _png(fig) -> bytes:
    plt = _plt()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs in exotic domain names
        fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def human(n: float) -> str:
    n = float(n)
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.3g}{unit}"
    return f"{n:.0f}" if n == int(n) else f"{n:.3g}"


def _bucket_label(n: int) -> str:
    for unit, size in (("M", 2**20), ("k", 2**10)):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


def chart_funnel(rows: list[tuple[str, int, Optional[int]]]) -> bytes:
    plt = _plt()
    with _rc():
        panels = 2 if any(chars is not None for _, _, chars in rows) else 1
        fig, axes = plt.subplots(1, panels, figsize=(10, 3.6), squeeze=False)
        labels = [stage.replace("_", " ") for stage, _, _ in rows]
        series = [("pages", [p for _, p, _ in rows], KEPT_COLOR)]
        if panels == 2:
            series.append(("characters", [c or 0 for _, _, c in rows], "#5a9e5a"))
        for ax, (title, values, color) in zip(axes[0], series):
            bars = ax.bar(range(len(values)), values, color=color)
            first = values[0] if values and values[0] else None
            for bar, value in zip(bars, values):
                text = human(value) + (f"\n{100 * value / first:.0f}%" if first else "")
                ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                            ha="center", va="bottom", fontsize=7.5, xytext=(0, 2),
                            textcoords="offset points")
            ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
            ax.set_title(f"{title} after each stage")
            ax.set_ylim(0, max(values + [1]) * 1.25)
            ax.yaxis.set_major_formatter(lambda v, _pos: human(v))
        fig.tight_layout()
        return _png(fig)


def chart_hbar(items: list[tuple[str, int]], title: str, color: str, xlabel: str) -> bytes:
    plt = _plt()
    from matplotlib.ticker import MaxNLocator

    with _rc():
        height = 0.9 + 0.26 * len(items)
        fig, ax = plt.subplots(figsize=(10, height))
        labels = [name if len(name) <= 60 else name[:57] + "..." for name, _ in items]
        values = [value for _, value in items]
        positions = list(range(len(items)))[::-1]
        bars = ax.barh(positions, values, color=color, height=0.7)
        ax.set_yticks(positions, labels)
        for bar, value in zip(bars, values):
            ax.annotate(f"{value:,}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        va="center", fontsize=7.5, xytext=(3, 0), textcoords="offset points")
        ax.set_xlim(0, max(values + [1]) * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(lambda v, _pos: human(v))
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        fig.tight_layout()
        return _png(fig)


def chart_lengths(hist: dict[str, dict[int, int]]) -> bytes:
    plt = _plt()
    from matplotlib.ticker import MaxNLocator

    with _rc():
        buckets = sorted(set(hist["before"]) | set(hist["after"]))
        lo = int(math.log2(max(1, buckets[0])))
        hi = int(math.log2(max(1, buckets[-1])))
        exps = list(range(lo, hi + 1))
        fig, ax = plt.subplots(figsize=(10, 3.4))
        width = 0.4
        for offset, when, color in ((-width / 2, "before", "#9aa5b1"), (width / 2, "after", KEPT_COLOR)):
            values = [hist[when].get(2**e, 0) for e in exps]
            ax.bar([e + offset for e in exps], values, width=width, color=color,
                   label=f"{when} ({sum(values):,} pages)")
        ax.set_xticks(exps, [_bucket_label(2**e) for e in exps], rotation=0 if len(exps) < 16 else 45)
        ax.set_xlabel("page length in characters (log2 bins: (N/2, N])")
        ax.set_ylabel("pages")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(lambda v, _pos: human(v))
        ax.set_title("document length, as parsed (before) and as written (after)")
        ax.legend(frameon=False)
        fig.tight_layout()
        return _png(fig)


# ---------------------------------------------------------------- HTML

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


def _natural(name: str) -> list:
    """Sort key: `histogram:chars_after:512` before `...:1024`."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", name)]


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def truncate(text: str, limit: int = SAMPLE_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{_e(alt)}"></figure>'


def _none(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


SECTIONS = (
    ("summary", "Summary"),
    ("funnel", "Funnel"),
    ("page-drops", "Page drops per rule"),
    ("line-drops", "Line drops per rule"),
    ("lengths", "Document length"),
    ("domains", "Top domains"),
    ("languages", "Language mix of dropped pages"),
    ("rejects", "Sampled rejects"),
    ("counters", "Counters"),
)


def render(stats: dict, report_data: Optional[dict]) -> str:
    counters = _counters(stats)
    recipe = stats.get("recipe") or {}
    recipe_name = recipe.get("name", "?") if isinstance(recipe, dict) else str(recipe)
    balance = stats.get("balance") or {}
    parts: list[str] = []
    add = parts.append

    def section(key: str) -> None:
        add(f'<h2 id="{key}">{_e(dict(SECTIONS)[key])}</h2>')

    add("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>c4pipe report: {_e(recipe_name)}</title><style>{CSS}</style></head><body><main>")
    add(f"<h1>c4pipe report: recipe {_e(recipe_name)}</h1>")
    formats = ", ".join(str(f) for f in stats.get("formats") or [])
    add(f'<p class="sub">{_e(stats.get("inputs", "?"))} input file(s) · '
        f'{_e(stats.get("train_shards", "?"))} train shards · formats: {_e(formats or "-")}</p>')
    add("<nav>" + "".join(f'<a href="#{k}">{_e(t)}</a>' for k, t in SECTIONS) + "</nav>")
    if report_data is None:
        add(_none("report_data.json not found: top domains and sampled rejects are not shown; "
                  "everything else comes from stats.json."))

    # summary
    section("summary")
    pages_in = balance.get("pages_in")
    pages_out = balance.get("pages_out")
    dropped = balance.get("pages_dropped")
    cards = [
        ("input files", stats.get("inputs")),
        ("WET files read", counters.get("split-wet-file:wet-file")),
        ("input bytes", human(counters["input:bytes"]) if "input:bytes" in counters else None),
        ("pages in", pages_in), ("pages out", pages_out), ("pages dropped", dropped),
    ]
    add('<div class="cards">' + "".join(
        f'<div class="card"><b>{_e(f"{v:,}" if isinstance(v, int) else v)}</b><span>{_e(k)}</span></div>'
        for k, v in cards if v is not None) + "</div>")
    if pages_in is None:
        add('<p class="balance bad">No balance in stats.json.</p>')
    else:
        holds = bool(balance.get("balanced", pages_in == (pages_out or 0) + (dropped or 0)))
        sign = "=" if pages_in == (pages_out or 0) + (dropped or 0) else "≠"
        verdict = "balance holds" if holds else "NOT BALANCED"
        add(f'<p class="balance {"ok" if holds else "bad"}">Balance: pages_in {pages_in:,} {sign} '
            f"pages_out {pages_out or 0:,} + pages_dropped {dropped or 0:,} — {verdict}</p>")
    if isinstance(recipe, dict) and recipe:
        add("<h3>Recipe</h3>")
        if recipe.get("description"):
            add(f'<p class="sub">{_e(recipe["description"])}</p>')
        add('<div class="recipe">' + "".join(
            f"<span><b>{_e(k)}</b> {_e(v)}</span>" for k, v in recipe.items()
            if k not in ("name", "description")) + "</div>")

    # funnel
    section("funnel")
    rows = funnel(counters)
    if rows:
        add(_img(chart_funnel(rows), "pages and characters after each stage"))
        first_pages, first_chars = rows[0][1], rows[0][2]
        add("<table><tr><th>stage</th><th>pages</th><th>% of parsed</th><th>characters</th>"
            "<th>% of parsed</th></tr>")
        for stage, pages, chars in rows:
            pp = f"{100 * pages / first_pages:.1f}%" if first_pages else ""
            cp = f"{100 * chars / first_chars:.1f}%" if first_chars and chars is not None else ""
            add(f'<tr><td>{_e(stage)}</td><td class="n">{pages:,}</td><td class="n">{pp}</td>'
                f'<td class="n">{"" if chars is None else f"{chars:,}"}</td><td class="n">{cp}</td></tr>')
        add("</table>")
    else:
        add(_none("No funnel:* counters in stats.json."))

    # drops
    section("page-drops")
    drops = page_drops(stats)
    if drops:
        add(_img(chart_hbar(_top(drops), "pages dropped per rule", DROP_COLOR, "pages"),
                 "pages dropped per rule"))
        if any(k.startswith("split-wet-file:") for k in drops):
            add("<p class=\"sub\">split-wet-file drops are WET records rejected while parsing; "
                "they happen before pages_in and are not part of the balance.</p>")
    else:
        add(_none("No page drops counted."))
    section("line-drops")
    lines = line_drops(counters)
    if lines:
        add(_img(chart_hbar(_top(lines), "lines dropped per rule", LINE_COLOR, "lines"),
                 "lines dropped per rule"))
    else:
        add(_none("No line drops counted."))

    # lengths
    section("lengths")
    hist = histograms(counters)
    if hist["before"] or hist["after"]:
        add(_img(chart_lengths(hist), "document length histograms before and after"))
    else:
        add(_none("No histogram:* counters in stats.json."))

    # domains
    section("domains")
    if report_data is None:
        add(_none("Needs report_data.json, which is missing."))
    else:
        for key, label, color in (("domains_kept", "kept (pages written)", KEPT_COLOR),
                                  ("domains_dropped", "dropped (pages dropped at any stage)", DROP_COLOR)):
            pairs = _pairs(report_data.get(key))[:TOP_BARS]
            add(f"<h3>Top domains {_e(label)}</h3>")
            if pairs:
                add(_img(chart_hbar(pairs, f"top domains {label}", color, "pages"),
                         f"top domains {label}"))
            else:
                add(_none(f"No {key} in report_data.json."))

    # languages
    section("languages")
    mix = language_mix(counters)
    if mix:
        add(_img(chart_hbar(_top(mix), "pages dropped by the English filter, by detected language",
                            "#7a5ea8", "pages"), "language mix of dropped pages"))
    else:
        add(_none("No english-filter drops counted."))

    # rejects
    section("rejects")
    samples = (report_data or {}).get("reject_samples") or {}
    if report_data is None:
        add(_none("Needs report_data.json, which is missing."))
    elif not samples:
        add(_none("No reject samples in report_data.json."))
    else:
        for rule in sorted(samples):
            entries = samples[rule] or []
            add(f"<h3><code>{_e(rule)}</code> ({len(entries)} sample{'s' if len(entries) != 1 else ''})</h3>")
            add("<table><tr><th>url</th><th>text</th></tr>")
            for entry in entries:
                entry = entry if isinstance(entry, dict) else {"text": entry}
                add(f'<tr><td class="url">{_e(truncate(entry.get("url", ""), 200))}</td>'
                    f'<td class="text">{_e(truncate(entry.get("text", "")))}</td></tr>')
            add("</table>")

    # counters
    section("counters")
    add("<table><tr><th>namespace</th><th>name</th><th>value</th></tr>")
    for full_name in sorted(counters, key=_natural):
        namespace, name = _split(full_name)
        add(f'<tr><td>{_e(namespace)}</td><td>{_e(name)}</td><td class="n">{counters[full_name]:,}</td></tr>')
    add("</table>")
    add("</main></body></html>\n")
    return "\n".join(parts)
