"""Pages for language identification: no features, German, French, Spanish, mixes,
noisy English, and pages whose language changes past langdetect's reading limit."""

from __future__ import annotations

from c4pipe.synth.generator import Generator
from c4pipe.synth.lines import EN_NOISY
from c4pipe.synth.page import Pages

# langdetect reads only a page's first 10,000 characters: a page whose first language
# runs past that is judged by it alone.
_PAST_LANGDETECT_LIMIT = 11_000


def languages(g: Generator) -> Pages:
    """Digits and symbols only (langdetect finds no features), German, French, Spanish
    and mixes with English."""
    t, p = g.t, g.page
    yield p(["1234 5678 9012 3456 7890.", "2345 6789 0123 4567 8901.", "3456 7890 1234 5678 9012."])
    yield p(["!!! ??? ... --- +++ ===.", "12 34 56 78 90 11.", "### $$$ %%% ^^^ &&& ***."])
    yield p(t.paragraph_lines("de", 8), lang="de")
    yield p(t.paragraph_lines("fr", 8), lang="fr")
    yield p(t.paragraph_lines("es", 8), lang="es")
    yield p([x for pair in zip(t.paragraph_lines("en", 4), t.paragraph_lines("de", 4)) for x in pair])
    yield p(t.paragraph_lines("en", 8) + [t.line("fr", 1, 1)])
    yield p(t.paragraph_lines("en", 2) + t.paragraph_lines("es", 6))


def language_id(g: Generator) -> Pages:
    """Noisy English, short pages, German first then English (and the reverse), English
    with a few foreign lines."""
    t, en, p = g.t, g.t.en, g.page
    yield p(list(EN_NOISY))
    yield p([en(), en(), en()])
    yield p(["Yes it is true.", "No it is not.", "Well it might be."])
    de_first = _lines_past_langdetect_limit(g, "de")
    yield p(de_first + t.paragraph_lines("en", 80))
    en_first = _lines_past_langdetect_limit(g, "en")
    yield p(en_first + t.paragraph_lines("de", 80), lang="en")
    for k in range(1, 7):
        yield p([*t.paragraph_lines("en", 6 - k // 2), *t.paragraph_lines(("de", "fr", "es")[k % 3], k)])


def _lines_past_langdetect_limit(g: Generator, lang: str) -> list[str]:
    lines: list[str] = []
    while sum(len(x) + 1 for x in lines) < _PAST_LANGDETECT_LIMIT:
        lines.append(g.t.line(lang, 3, 5))
    return lines
