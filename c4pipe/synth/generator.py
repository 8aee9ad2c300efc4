"""The generator's state (one random stream, the sites, shared boilerplate) and its basic pages.

Everything random in a corpus's pages comes from one `random.Random` seeded with the
corpus seed, drawn in a fixed order, so the pages depend on the seed alone. The
catalogue (`c4pipe.synth.catalogue`) and the random mix (`c4pipe.synth.mix`) build
their pages from the helpers here.
"""

from __future__ import annotations

import random

from c4pipe.synth.lines import INNOCENT_CONTAINERS, JS_LINES, POLICY_LINES
from c4pipe.synth.page import SynthPage, crawl_date
from c4pipe.synth.text import Text, cap
from c4pipe.synth.words import EN_ADJ, EN_NOUN, SECTIONS, SITE_WORDS, TLDS
from filters.urls import is_validation, normalize_url

# Sizes of the shared material: small enough that many pages share boilerplate lines
# and three-sentence spans, which line and span dedup need to see.
_SITES = 400
_GLOBAL_BOILER_LINES = 60
_SHARED_SPANS = 120


class Generator:
    """One corpus's random stream, its sites and the lines its pages share."""

    def __init__(self, seed: int, prose: list[str] | None = None):
        self.r = random.Random(f"c4pipe-synth:{seed}")
        self.t = Text(self.r, prose)
        r = self.r
        # Sites with their own boilerplate lines (shared by every page of the site).
        self.sites = []
        for i in range(_SITES):
            name = f"{r.choice(SITE_WORDS)}{r.choice(SITE_WORDS)}{i}.{r.choice(TLDS)}"
            footer = [
                f"© {2010 + i % 10} {name}. All rights reserved.",
                self.t.line("en", 1, 2),  # a site tagline that passes clean_page
                f"Welcome to {name}, the home of {r.choice(EN_ADJ)} stories about the {r.choice(EN_NOUN)}.",
            ]
            self.sites.append((name, footer))
        # Lines shared by pages of every site (syndicated boilerplate).
        self.global_boiler = [self.t.line("en", 1, 2) for _ in range(_GLOBAL_BOILER_LINES)]
        # Three-sentence spans that recur inside otherwise unique lines.
        self.spans = [" ".join(self.t.en() for _ in range(3)) for _ in range(_SHARED_SPANS)]
        self.recent_articles: list[SynthPage] = []
        self.recent_unique: list[SynthPage] = []
        self.unique_serial = 0
        self.counter = 0

    # ---- dates, sites and URLs ---------------------------------------------------------
    def date(self) -> str:
        r = self.r
        day = r.randrange(0, 12)
        sec = r.randrange(86400)
        return crawl_date(day, sec)

    def site(self):
        """A (name, footer lines) pair; Zipf-ish: a few big sites, a long tail."""
        r = self.r
        idx = int(len(self.sites) * (r.random() ** 2.5))
        return self.sites[min(idx, len(self.sites) - 1)]

    def url(self, site_name: str | None = None) -> str:
        """A new URL (the counter makes it unique) with a random scheme, www and tail."""
        r = self.r
        self.counter += 1
        site_name = site_name or self.site()[0]
        scheme = r.choice(("http://", "https://", "http://www.", "https://www."))
        slug = "-".join(r.choice(EN_NOUN) for _ in range(r.randint(1, 4)))
        tail = r.choice(("", "/", ".html", "?id=%d" % r.randrange(10000), "/index.php"))
        return f"{scheme}{site_name}/{r.choice(SECTIONS)}/{slug}-{self.counter}{tail}"

    def validation_url(self) -> str:
        """A new URL that the reference puts into the validation split."""
        base = self.url()
        j = 0
        while True:
            candidate = f"{base}-v{j}"
            if is_validation(normalize_url(candidate)):
                return candidate
            j += 1

    # ---- pages -------------------------------------------------------------------------
    def page(self, lines, **kw) -> SynthPage:
        """A page of exactly `lines`, at a new URL and date."""
        return SynthPage(self.url(), self.date(), lines, **kw)

    def article(self, lang="en", url=None, date=None, n_par=None, edges=True) -> SynthPage:
        """A site's article: title, navigation, paragraphs, shared lines, footer.

        With `edges`, some paragraphs are line-level edge cases (`edge_lines`).
        """
        r, t = self.r, self.t
        site_name, footer = self.site()
        page = SynthPage(url or self.url(site_name), date or self.date(), lang=lang)
        lines = page.lines
        if r.random() < 0.7:
            lines.append(t.title())
        for _ in range(r.randint(0, 4)):
            lines.append(t.short_no_endmark())
        if r.random() < 0.5:
            lines.append(f"Posted on April {r.randint(1, 28)}, 2019 by {r.choice(('admin', 'editor', 'Jane', 'staff'))}")
        n_par = n_par if n_par is not None else r.randint(3, 80)
        for _ in range(n_par):
            x = r.random()
            if x < 0.80:
                lines.append(t.line(lang))
            elif x < 0.86:
                lines.append(t.short_no_endmark())
            elif x < 0.90:
                lines.append(r.choice(self.global_boiler))
            elif x < 0.93:
                # A line that carries a repeated three-sentence span.
                lines.append(f"{t.en()} {r.choice(self.spans)} {t.en()}")
            elif edges:
                lines.extend(self.edge_lines())
            else:
                lines.append(t.line(lang))
        lines.extend(footer[: r.randint(0, 3)])
        if r.random() < 0.15:
            lines.append(r.choice(POLICY_LINES))
        if r.random() < 0.05:
            lines.append(r.choice(JS_LINES))
        return page

    def unique_article(self, url: str, date: str) -> SynthPage:
        """Six lines that pass every filter and occur nowhere else (each carries a unique
        number). For URL ties, whose winner the reference picks arbitrarily: whichever
        page of a tie wins, no other page and no counter changes."""
        lines = []
        for _ in range(6):
            self.unique_serial += 1
            lines.append(f"{self.t.line('en', 1, 2)} This is note {self.unique_serial} of the series.")
        return SynthPage(url, date, lines)

    def edge_lines(self) -> list[str]:
        """One of the line-level edge cases, at random."""
        r, t = self.r, self.t
        k = r.randrange(16)
        s = t.en()
        if k == 0:
            return [s[:-1] + "..."]  # ellipsis: dropped
        if k == 1:
            return [s[:-1] + ".."]  # two dots: kept
        if k == 2:
            return [f'{s[:-1]}..."']  # ellipsis then quote: kept
        if k == 3:
            return [s[:-1] + "…"]  # unicode ellipsis: dropped
        if k == 4:
            return [f"{s[:-1]}.[{r.randint(1, 99)}]"]  # citation: kept
        if k == 5:
            return [f"{s[:-1]} refs. [{r.randint(1, 9)}]"]  # trailing space: dropped
        if k == 6:
            return [f"{cap(r.choice(EN_NOUN))}[edit]", s]
        if k == 7:
            return [f"{s[:-1]}.[citation needed]"]
        if k == 8:
            return [s, s]  # local duplicate
        if k == 9:
            return [f"{s[:-1]} “quoted”"]  # curly quote: dropped
        if k == 10:
            return ["\t " + s + " \u00a0"]  # surrounding whitespace
        if k == 11:
            return [s.upper()]
        if k == 12:
            return [f"{s} {r.choice(INNOCENT_CONTAINERS)} is not a bad word here."]
        if k == 13:
            return [r.choice(POLICY_LINES)]
        if k == 14:
            return ["One two three four."]  # too short, with end mark
        return [f"{s} {r.choice(self.spans)}"]
