"""Pages for line and span dedup: duplicates by Unicode case, within and across pages,
boilerplate, mirrors, repeated three-sentence spans."""

from __future__ import annotations

from c4pipe.synth.generator import Generator
from c4pipe.synth.page import Pages


def unicode_case(g: Generator) -> Pages:
    """Dotted capital I, sharp s, Greek final sigma, Kelvin sign; duplicates by case."""
    t, p = g.t, g.page
    case_line = "WELCOME TO İSTANBUL, THE CITY ON TWO CONTINENTS, SAID THE GUIDE."
    yield p([*t.paragraph_lines("en", 3), case_line])
    yield p([*t.paragraph_lines("en", 3), case_line.lower()])
    yield p([*t.paragraph_lines("en", 3), "welcome to istanbul, the city on two continents, said the guide."])
    yield p([*t.paragraph_lines("en", 3), "The street sign in the old town read STRASSE in large letters."])
    yield p([*t.paragraph_lines("en", 3), "The street sign in the old town read straße in large letters."])
    yield p([*t.paragraph_lines("en", 3), "The Greek word ΟΔΟΣ means road and we saw it everywhere."])
    yield p([*t.paragraph_lines("en", 3), "The Greek word οδος means road and we saw it everywhere."])
    yield p([*t.paragraph_lines("en", 3), "Kelvin sign \u212a and the ﬁ ligature are written like this here."])


def duplicate_lines(g: Generator) -> Pages:
    """Within a page (local), across pages (global), by case and space; boilerplate;
    the same text under different URLs (mirrors)."""
    t, en, p = g.t, g.t.en, g.page
    dup = en()
    yield p([dup, *t.paragraph_lines("en", 3), dup, dup.upper(), "  " + dup + "  "])
    yield p([*t.paragraph_lines("en", 3), dup])
    boiler = t.paragraph_lines("en", 3)
    for _ in range(4):  # the same 3 boilerplate lines + 1-2 unique ones: most fall under 3
        yield p([t.line("en", 1, 1), *boiler])
    mirror = t.paragraph_lines("en", 5)
    yield p(list(mirror))
    yield p(list(mirror))


def duplicate_spans(g: Generator) -> Pages:
    """A three-sentence span across pages and twice in one page."""
    t, en, p = g.t, g.t.en, g.page
    span = " ".join(en() for _ in range(3))
    yield p([f"{en()} {span} {en()}", *t.paragraph_lines("en", 3)])
    yield p([f"{en()} {en()} {span}", *t.paragraph_lines("en", 3)])
    yield p([span, *t.paragraph_lines("en", 2), f"{en()} {span}"])
    yield p([f"{en()} {span}", en(), en()])
