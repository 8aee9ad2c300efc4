"""One generated page (a future conversion record) and the WARC-Date format of its crawl."""

from __future__ import annotations

from typing import Iterator

# Day 0 of the synthetic crawl; page dates fall on the days after it.
CRAWL_START = (2019, 4, 18)

_LANGUAGE_HEADERS = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa"}


class SynthPage:
    """URL, WARC-Date and body of one conversion record.

    The body is `lines` joined by `newline`, unless `body` gives the exact text (empty
    and whitespace-only bodies, mixed line ends). `lang` sets the
    WARC-Identified-Content-Language header, as Common Crawl's own language guess.
    """

    __slots__ = ("url", "date", "lines", "newline", "body", "language_header")

    def __init__(self, url, date, lines=None, newline="\n", lang="en", body=None):
        self.url = url
        self.date = date
        self.lines = lines if lines is not None else []
        self.newline = newline
        self.body = body
        self.language_header = _LANGUAGE_HEADERS.get(lang)

    def text(self) -> str:
        if self.body is not None:
            return self.body
        return self.newline.join(self.lines)


Pages = Iterator[SynthPage]


def crawl_date(day: int, sec: int) -> str:
    """The WARC-Date `sec` seconds into day `day` of the crawl (months of 30 days)."""
    y, m, d = CRAWL_START
    d += day
    while d > 30:
        d -= 30
        m += 1
    return f"{y:04d}-{m:02d}-{d:02d}T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}Z"
