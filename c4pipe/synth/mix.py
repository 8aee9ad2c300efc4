"""The random mix: the pages after the catalogue, drawn from weighted page kinds.

Mostly English site articles with shared boilerplate, plus the catalogue's edge cases
at realistic rates, so that a large corpus looks like a crawl and still hits every
rule. `KINDS` lists each kind with its weight and the function that builds it; the
order of the table is part of the output (a kind is picked by walking it).
"""

from __future__ import annotations

from typing import Callable

from c4pipe.synth.generator import Generator
from c4pipe.synth.lines import BAD_PHRASES, BAD_WORDS, EN_NOISY, INNOCENT_CONTAINERS, PUNKT_TRICKY
from c4pipe.synth.page import SynthPage
from filters.urls import normalize_url

Kind = Callable[[Generator], list[SynthPage]]

# Recent pages that later pages copy or re-crawl (URL dedup, mirrors, ties).
_RECENT = 64


def random_page(g: Generator) -> list[SynthPage]:
    """The records of one randomly picked kind (a list, so a kind may add several)."""
    x = g.r.random() * _TOTAL_WEIGHT
    for _, w, build in KINDS:
        x -= w
        if x < 0:
            break
    return build(g)


def _remember(recent: list[SynthPage], page: SynthPage) -> None:
    recent.append(page)
    if len(recent) > _RECENT:
        recent.pop(0)


def _article(g: Generator) -> list[SynthPage]:
    """A site article; now and then one with only unique lines, kept for `tie_diff`."""
    if g.r.random() < 0.08:
        page = g.unique_article(g.url(), g.date())
        _remember(g.recent_unique, page)
        return [page]
    page = g.article()
    _remember(g.recent_articles, page)
    return [page]


def _in_language(lang: str) -> Kind:
    def build(g: Generator) -> list[SynthPage]:
        return [g.article(lang=lang, edges=False)]

    return build


def _short(g: Generator) -> list[SynthPage]:
    return [SynthPage(g.url(), g.date(), [g.t.title(), g.t.line("en", 1, 2)])]


def _nav(g: Generator) -> list[SynthPage]:
    return [SynthPage(g.url(), g.date(), [g.t.short_no_endmark() for _ in range(8)])]


def _mixed(g: Generator) -> list[SynthPage]:
    """An English article that ends in another language."""
    r = g.r
    page = g.article(edges=False)
    page.lines.extend(g.t.paragraph_lines(r.choice(("de", "fr", "es")), r.randint(1, 10)))
    return [page]


def _recent_and_variant(g: Generator) -> tuple[SynthPage, str]:
    """A recent article and a URL that normalizes like its URL (or is its URL)."""
    r = g.r
    old = r.choice(g.recent_articles)
    host_path = normalize_url(old.url)
    variant = r.choice((f"http://{host_path}", f"https://www.{host_path}/",
                        f"https://{host_path}?utm_source=news", old.url))
    return old, variant


def _dup_url(g: Generator) -> list[SynthPage]:
    """New text under a variant of a recent URL, at a new date."""
    if not g.recent_articles:
        return [g.article()]
    _, variant = _recent_and_variant(g)
    return [g.article(url=variant, date=g.date())]


def _tie_same(g: Generator) -> list[SynthPage]:
    """An exact re-crawl: same raw URL, date and text."""
    if not g.recent_articles:
        return [g.article()]
    old, _ = _recent_and_variant(g)  # the variant is drawn all the same
    return [SynthPage(old.url, old.date, list(old.lines))]


def _mirror(g: Generator) -> list[SynthPage]:
    """A recent article's text under a new URL."""
    if not g.recent_articles:
        return [g.article()]
    old, _ = _recent_and_variant(g)  # the variant is drawn all the same
    return [SynthPage(g.url(), g.date(), list(old.lines))]


def _tie_diff(g: Generator) -> list[SynthPage]:
    """Same newest date, different text: the reference's winner is arbitrary, so both
    sides hold only lines found nowhere else."""
    if not g.recent_unique:
        return [g.article()]
    r = g.r
    old = r.choice(g.recent_unique)
    host_path = normalize_url(old.url)
    variant = r.choice((f"http://{host_path}", f"https://www.{host_path}/", old.url))
    return [g.unique_article(variant, old.date)]


def _validation(g: Generator) -> list[SynthPage]:
    return [g.article(url=g.validation_url())]


def _boiler(g: Generator) -> list[SynthPage]:
    """One line of its own and three syndicated lines."""
    boiler = g.r.sample(g.global_boiler, 3)
    return [SynthPage(g.url(), g.date(), [g.t.line("en", 1, 1), *boiler])]


def _with_line(g: Generator, choices: tuple[str, ...]) -> list[SynthPage]:
    """An article with one of `choices` inserted at a random place."""
    page = g.article(edges=False)
    page.lines.insert(g.r.randrange(len(page.lines) + 1), g.r.choice(choices))
    return [page]


def _lorem(g: Generator) -> list[SynthPage]:
    return _with_line(g, ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "Lorem ipsum"))


def _squiggly(g: Generator) -> list[SynthPage]:
    return _with_line(g, (
        "function show() {", "The config file is written as {\"key\": 1} in this example.",
        "}", "Use {name} to insert the user name into the message template."))


def _badword(g: Generator) -> list[SynthPage]:
    r = g.r
    page = g.article(edges=False)
    w = r.choice(BAD_WORDS + BAD_PHRASES + INNOCENT_CONTAINERS)
    page.lines.insert(r.randrange(len(page.lines) + 1), f"{g.t.en()[:-1]}, {w} and more.")
    return [page]


def _empty(g: Generator) -> list[SynthPage]:
    return [SynthPage(g.url(), g.date(), body=g.r.choice(("", "\n", " ")))]


def _long(g: Generator) -> list[SynthPage]:
    return [SynthPage(g.url(), g.date(), g.t.paragraph_lines("en", g.r.randint(650, 900)))]


def _line_ends(newline: str) -> Kind:
    def build(g: Generator) -> list[SynthPage]:
        page = g.article()
        page.newline = newline
        return [page]

    return build


def _digits(g: Generator) -> list[SynthPage]:
    r = g.r
    # URL and date first: the draws' order is part of the output.
    return [SynthPage(g.url(), g.date(), [" ".join(str(r.randrange(10**4)) for _ in range(6)) + "." for _ in range(4)])]


def _borderline(g: Generator) -> list[SynthPage]:
    """English with some foreign lines: near the English filter's threshold."""
    r, t = g.r, g.t
    lines = t.paragraph_lines("en", r.randint(1, 6))
    for _ in range(r.randint(1, 4)):
        lines.insert(r.randrange(len(lines) + 1), t.line(r.choice(("de", "fr", "es")), 1, 2))
    return [SynthPage(g.url(), g.date(), lines)]


def _punkt(g: Generator) -> list[SynthPage]:
    """Sentence counts near the minimum of three."""
    r = g.r
    lines = r.sample(PUNKT_TRICKY, r.randint(1, 3))
    if r.random() < 0.5:
        lines.append(g.t.en())
    return [SynthPage(g.url(), g.date(), lines)]


def _noisy(g: Generator) -> list[SynthPage]:
    r, t = g.r, g.t
    lines = t.paragraph_lines("en", r.randint(2, 8))
    for _ in range(r.randint(1, 4)):
        lines.insert(r.randrange(len(lines) + 1), f"{r.choice(EN_NOISY)} {t.en()}")
    return [SynthPage(g.url(), g.date(), lines)]


def _tiny_en(g: Generator) -> list[SynthPage]:
    """Three short sentences: langdetect is least sure here."""
    return [SynthPage(g.url(), g.date(), [g.t.en() for _ in range(3)])]


def _prose(g: Generator) -> list[SynthPage]:
    return [SynthPage(g.url(), g.date(), g.t.prose_lines(g.r.randint(5, 40)))]


KINDS: tuple[tuple[str, float, Kind], ...] = (
    ("article", 0.72, _article),
    ("short", 0.04, _short),
    ("nav", 0.02, _nav),
    ("de", 0.03, _in_language("de")),
    ("fr", 0.02, _in_language("fr")),
    ("es", 0.01, _in_language("es")),
    ("mixed", 0.01, _mixed),
    ("dup_url", 0.03, _dup_url),
    ("tie_same", 0.005, _tie_same),
    ("tie_diff", 0.002, _tie_diff),
    ("mirror", 0.01, _mirror),
    ("validation", 0.015, _validation),
    ("boiler", 0.02, _boiler),
    ("lorem", 0.005, _lorem),
    ("squiggly", 0.01, _squiggly),
    ("badword", 0.02, _badword),
    ("empty", 0.005, _empty),
    ("long", 0.0005, _long),
    ("crlf", 0.01, _line_ends("\r\n")),
    ("cr", 0.005, _line_ends("\r")),
    ("digits", 0.003, _digits),
    ("prose", 0.0185, _prose),
    ("borderline", 0.03, _borderline),
    ("punkt", 0.02, _punkt),
    ("noisy", 0.01, _noisy),
    ("tiny_en", 0.01, _tiny_en),
)
_TOTAL_WEIGHT = sum(w for _, w, _ in KINDS)
