"""The report's charts, drawn with matplotlib as PNG bytes.

matplotlib is imported inside the drawing functions only: `c4pipe report` is the one
command that needs it, and importing `c4pipe.report` must stay cheap for the rest.
Labels come from web data (domains, language codes), so text is never parsed as
mathtext, and the PNGs carry no software or date metadata so the same run gives the
same page.
"""

from __future__ import annotations

import io
import math
import warnings
from typing import Optional

KEPT_COLOR = "#2f7ebc"
DROP_COLOR = "#d0593b"
LINE_COLOR = "#e39b2d"
LANGUAGE_COLOR = "#7a5ea8"
CHARS_COLOR = "#5a9e5a"
BEFORE_COLOR = "#9aa5b1"


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
        "axes.spines.top": False, "axes.spines.right": False,
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
    """A short number for labels: 1234567 -> `1.23M`."""
    n = float(n)
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.3g}{unit}"
    return f"{n:.0f}" if n == int(n) else f"{n:.3g}"


def bucket_label(n: int) -> str:
    """A histogram bucket's bound in binary units: 1024 -> `1k`."""
    for unit, size in (("M", 2**20), ("k", 2**10)):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


def chart_funnel(rows: list[tuple[str, int, Optional[int]]]) -> bytes:
    """Pages (and characters, when counted) after each stage, as % of the first."""
    plt = _plt()
    with _rc():
        panels = 2 if any(chars is not None for _, _, chars in rows) else 1
        fig, axes = plt.subplots(1, panels, figsize=(10, 3.6), squeeze=False)
        labels = [stage.replace("_", " ") for stage, _, _ in rows]
        series = [("pages", [p for _, p, _ in rows], KEPT_COLOR)]
        if panels == 2:
            series.append(("characters", [c or 0 for _, _, c in rows], CHARS_COLOR))
        for ax, (title, values, color) in zip(axes[0], series):
            _funnel_panel(ax, labels, title, values, color)
        fig.tight_layout()
        return _png(fig)


def _funnel_panel(ax, labels: list[str], title: str, values: list[int], color: str) -> None:
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


def chart_hbar(items: list[tuple[str, int]], title: str, color: str, xlabel: str) -> bytes:
    """Horizontal bars, first item on top, each labeled with its exact count."""
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
    """Side-by-side bars of page length before and after cleaning, log2 buckets."""
    plt = _plt()
    from matplotlib.ticker import MaxNLocator

    with _rc():
        buckets = sorted(set(hist["before"]) | set(hist["after"]))
        lo = int(math.log2(max(1, buckets[0])))
        hi = int(math.log2(max(1, buckets[-1])))
        exps = list(range(lo, hi + 1))
        fig, ax = plt.subplots(figsize=(10, 3.4))
        width = 0.4
        for offset, when, color in ((-width / 2, "before", BEFORE_COLOR), (width / 2, "after", KEPT_COLOR)):
            values = [hist[when].get(2**e, 0) for e in exps]
            ax.bar([e + offset for e in exps], values, width=width, color=color,
                   label=f"{when} ({sum(values):,} pages)")
        ax.set_xticks(exps, [bucket_label(2**e) for e in exps], rotation=0 if len(exps) < 16 else 45)
        ax.set_xlabel("page length in characters (log2 bins: (N/2, N])")
        ax.set_ylabel("pages")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(lambda v, _pos: human(v))
        ax.set_title("document length, as parsed (before) and as written (after)")
        ax.legend(frameon=False)
        fig.tight_layout()
        return _png(fig)
