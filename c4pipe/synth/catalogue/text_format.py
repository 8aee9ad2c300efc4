"""Pages that test how bodies are read: line separators inside lines, CR and CRLF line
ends, header-like lines, and the page length limit."""

from __future__ import annotations

from c4pipe.recipes import get_recipe
from c4pipe.synth.generator import Generator
from c4pipe.synth.page import Pages, SynthPage

MAX_PAGE_LENGTH = get_recipe("c4").max_page_length


def line_separators(g: Generator) -> Pages:
    """Separators inside lines: the reference's reader keeps them, splitlines() splits."""
    en = g.t.en
    yield g.page([
        f"{en()}\u2028{en()}",
        f"{en()}\u2029{en()}",
        f"{en()}\x0c{en()}",
        f"{en()}\x0b{en()}",
        f"{en()}\x85{en()}",
        f"{en()}\x1c{en()}",
        f"{en()}\x1e",
        en(),
    ])


def line_ends(g: Generator) -> Pages:
    """CR and CRLF line ends, and a mix."""
    t, p = g.t, g.page
    yield p(t.paragraph_lines("en", 6), newline="\r\n")
    yield p(t.paragraph_lines("en", 6), newline="\r")
    mixed = t.paragraph_lines("en", 6)
    yield SynthPage(g.url(), g.date(), body=f"{mixed[0]}\r\n{mixed[1]}\r{mixed[2]}\n{mixed[3]}\r\n\r\n{mixed[4]}\n\r{mixed[5]}")


def header_like_lines(g: Generator) -> Pages:
    """Header-like lines inside bodies (dropped, or even overriding the headers)."""
    t, en, p = g.t, g.t.en, g.page
    yield p([*t.paragraph_lines("en", 3),
             "Content-based filtering is a method that many shops use for advice.",
             "WARC files are the archives that Common Crawl publishes every month.",
             "CONTENT-TYPE headers are described in the standard for the web.",
             "Content-Length: 12", en()])
    yield p([*t.paragraph_lines("en", 3), "WARC-Date: 2030-01-01T00:00:00Z", en()])
    yield p([*t.paragraph_lines("en", 3), "WARC-Target-URI: http://injected.example.com/overridden", en()])
    yield p([*t.paragraph_lines("en", 3), "WARC/1.0", *t.paragraph_lines("en", 3)])


def long_pages(g: Generator) -> Pages:
    """Pages whose parsed text is exactly at, one over, and far over the length limit;
    then a very long page just below it that survives cleaning."""
    for target in (MAX_PAGE_LENGTH, MAX_PAGE_LENGTH + 1, 250_000):
        lines = []
        size = -1
        while size + 1 + 1000 < target:
            ln = g.t.line("en", 3, 3)
            lines.append(ln)
            size += 1 + len(ln)
        rest = target - size - 1  # length of the last line, so the text is `target` long
        lines.append(("filler " * (rest // 7 + 1))[: rest - 1] + ".")
        yield g.page(lines)
    yield g.page(g.t.paragraph_lines("en", 400))
