"""Deterministic synthetic Common Crawl WET corpus, built to exercise every C4 rule.

`generate_corpus(out_dir, pages, seed)` writes WET files that look like Common Crawl's
(`WARC/1.0` records, CRLF header lines, one gzip member per record, a `warcinfo` record
first, then `conversion` records with WARC-Target-URI, WARC-Date, WARC-Record-ID,
WARC-Refers-To, WARC-Block-Digest, Content-Type: text/plain and a correct Content-Length).
The bytes depend only on `(seed, pages, files, gzip)`, never on the machine.

The first pages form a fixed catalogue of edge cases (see `CATALOGUE`): every line and page
filter of the reference (`../shared/spec/C4_REFERENCE.md`) on both sides of its boundary,
URL normalization and duplicate URLs, line duplicates across and within pages, repeated
three-sentence spans, languages, validation-split URLs, long pages, CR/CRLF line ends,
Unicode case and line separators, header-like lines inside bodies. The remaining pages
are drawn from a weighted mix of page kinds: mostly English "site" articles with shared
boilerplate, plus the same edge cases at realistic rates. English, German, French and
Spanish text comes from built-in word lists and templates (no data files needed), so it
also scales: about 10 kB per page, 100,000 pages is about 1 GB.

Standard library only; `warcio` is not needed to write (tests use it to read back).
"""

from __future__ import annotations

import argparse
import base64
import gzip as _gzip
import hashlib
import json
import random
import re
from pathlib import Path
from typing import Iterator

__all__ = ["generate_corpus", "add_arguments", "main", "iter_pages", "normalize_url"]

CRAWL_START = (2019, 4, 18)

# --------------------------------------------------------------------------------------
# Word lists and templates
# --------------------------------------------------------------------------------------

EN_SUBJ = (
    "the mayor", "our team", "my neighbour", "the teacher", "a local farmer", "the company",
    "the committee", "my brother", "the new manager", "the students", "a young artist",
    "the research group", "the city council", "our family", "the author", "the coach",
    "the old fisherman", "the doctor", "a small startup", "the museum staff", "my aunt",
    "the volunteers", "the engineer", "a retired nurse", "the gardener",
)
EN_VERB = (
    "visited", "described", "repaired", "painted", "discovered", "designed", "cleaned",
    "measured", "planned", "opened", "sold", "bought", "built", "studied", "photographed",
    "moved", "tested", "reviewed", "improved", "shared", "found", "carried", "replaced",
    "explained", "protected", "borrowed", "restored", "visited again", "mapped", "noticed",
)
EN_ADJ = (
    "old", "new", "quiet", "busy", "small", "large", "bright", "simple", "careful",
    "beautiful", "strange", "modern", "wooden", "famous", "friendly", "useful", "broken",
    "expensive", "cheap", "green", "heavy", "gentle", "crowded", "narrow", "ancient",
    "comfortable", "popular", "rare", "warm", "cold", "hidden", "colourful",
)
EN_NOUN = (
    "house", "garden", "bridge", "library", "market", "river", "school", "kitchen",
    "station", "village", "painting", "engine", "bicycle", "window", "forest", "museum",
    "harbour", "theatre", "hospital", "factory", "island", "mountain", "road", "church",
    "farm", "camera", "recipe", "computer", "network", "lake", "tower", "office", "shop",
    "boat", "orchard", "bakery",
)
EN_PLACE = (
    "in the north of the country", "near the old harbour", "on the edge of town",
    "behind the train station", "in a quiet valley", "across the river",
    "next to the market", "in the city centre", "at the end of the street",
    "on the island", "outside the village", "in the mountains", "along the coast",
    "close to the university",
)
EN_TIME = (
    "last summer", "in the early morning", "every weekend", "after the storm",
    "before the holidays", "during the winter", "two years ago", "on a rainy afternoon",
    "late at night", "earlier this month", "over the past decade", "in the spring",
)
EN_TEMPLATES = (
    "{S} {v} the {a} {n} {p} {t}.",
    "{T}, {s} {v} a {a} {n} {p}.",
    "Many people believe that the {n} {p} is more {a} than the {n2}.",
    "Did you know that {s} {v} {k} {n}s {t}?",
    "We {v} the {a} {n} {t} and it was {a2}!",
    'She said, "The {n} {p} is {a} today."',
    "The report shows that {k} percent of the {n}s {p} were {a} in {y}.",
    "If you are looking for a {a} {n}, this guide explains how to choose one {p}.",
    "According to {s}, the {a} {n} was {v} in {y} and has been {a2} ever since.",
    "{S} has {k} {a} {n}s, and each one was {v} by hand {t}.",
    "It took {k} days before {s} finally {v} the {n} {p}.",
    "Why would anyone want a {a} {n} when the {n2} {p} is so {a2}?",
    "There is nothing quite like a {a} {n} {t}, as {s} will tell you.",
    "Most visitors agree that the {n} is {a} but the {n2} is even more {a2}.",
)
EN_FIXED = (
    "Dr. Smith moved to St. Louis in 1998 and opened a small clinic there.",
    "The U.S. government published the new figures at 3 p.m. on Tuesday.",
    "Prices rose by 3.5 percent, e.g. for bread, milk and eggs.",
    "Mr. and Mrs. Jones live at No. 5 on the main street.",
    "The meeting was moved to Jan. 14 because of the weather.",
    "He asked whether the shop would open on Sunday or not.",
    "What a wonderful view of the valley from the top of the hill!",
    "Please read the instructions carefully before you start the engine.",
    "The recipe needs two cups of flour, one egg and a pinch of salt.",
    "Our readers have sent us hundreds of photos from their holidays.",
)

DE_SUBJ = ("Der Bürgermeister", "Unsere Familie", "Meine Nachbarin", "Die Lehrerin",
           "Der alte Fischer", "Die Firma", "Mein Bruder", "Der Arzt", "Die Gemeinde",
           "Der Gärtner", "Meine Tante", "Das Museum")
DE_OBJ = ("das alte Haus", "den kleinen Garten", "die neue Brücke", "das schöne Bild",
          "den großen Markt", "die ruhige Straße", "das kaputte Fahrrad", "die Bibliothek",
          "den Bahnhof", "das Museum", "die Kirche", "den Wald")
DE_PART = ("besucht", "gebaut", "gemalt", "repariert", "gekauft", "verkauft", "gesehen",
           "beschrieben", "geöffnet", "gefunden", "fotografiert", "geplant")
DE_TIME = ("gestern", "letzten Sommer", "am frühen Morgen", "jedes Wochenende",
           "nach dem Sturm", "vor zwei Jahren", "im Winter", "in diesem Monat")
DE_ORT = ("in der Stadt", "am Fluss", "im Dorf", "in den Bergen", "neben dem Markt",
          "hinter dem Bahnhof", "an der Küste")
DE_TEMPLATES = (
    "{S} hat {t} {o} {p} {v}.",
    "Warum hat {s} {o} {p} nicht {v}?",
    "Wir haben {o} {t} {v}, und es war wirklich schön!",
    "Nach Angaben der Zeitung wurde {o} {p} im Jahr {y} {v}.",
    "Es gibt kaum etwas Schöneres als einen Spaziergang {p} {t}.",
)
FR_SUBJ = ("Le maire", "Ma voisine", "Notre équipe", "Le vieux pêcheur", "La société",
           "Mon frère", "Le médecin", "L'institutrice", "Le jardinier", "Ma tante")
FR_OBJ = ("la vieille maison", "le petit jardin", "le nouveau pont", "la bibliothèque",
          "le marché", "la gare", "le musée", "l'église", "la forêt", "le port")
FR_PART = ("visité", "construit", "peint", "réparé", "acheté", "vendu", "découvert",
           "photographié", "décrit", "ouvert")
FR_TIME = ("hier", "l'été dernier", "chaque week-end", "après la tempête", "il y a deux ans",
           "pendant l'hiver", "ce matin")
FR_LIEU = ("dans le village", "près de la rivière", "au centre de la ville", "à la montagne",
           "au bord de la mer", "derrière la gare")
FR_TEMPLATES = (
    "{S} a {v} {o} {p} {t}.",
    "Pourquoi {s} n'a-t-il pas {v} {o} {p} ?",
    "Nous avons {v} {o} {t}, et c'était vraiment magnifique !",
    "Selon le journal, {o} {p} a été {v} en {y}.",
    "Il n'y a rien de plus agréable qu'une promenade {p} {t}.",
)
ES_SUBJ = ("El alcalde", "Mi vecina", "Nuestro equipo", "El viejo pescador", "La empresa",
           "Mi hermano", "El médico", "La maestra", "El jardinero")
ES_OBJ = ("la casa antigua", "el pequeño jardín", "el puente nuevo", "la biblioteca",
          "el mercado", "la estación", "el museo", "la iglesia", "el bosque")
ES_PART = ("visitado", "construido", "pintado", "reparado", "comprado", "vendido",
           "descubierto", "fotografiado", "descrito")
ES_TIME = ("ayer", "el verano pasado", "cada fin de semana", "después de la tormenta",
           "hace dos años", "durante el invierno")
ES_LUGAR = ("en el pueblo", "cerca del río", "en el centro de la ciudad", "en las montañas",
            "junto al mar")
ES_TEMPLATES = (
    "{S} ha {v} {o} {p} {t}.",
    "¿Por qué {s} no ha {v} {o} {p}?",
    "Hemos {v} {o} {t}, y fue realmente precioso.",
    "Según el periódico, {o} {p} fue {v} en {y}.",
)

# Sentences whose Punkt sentence count is easy to get wrong (abbreviations, initials,
# numbers, quotes, ellipses, lower-case starts).
PUNKT_TRICKY = (
    "He arrived at 5 p.m. The shop was already closed.",
    "See e.g. the U.S. report from last year. It is long.",
    "I. Introduction. This is the first part of the book.",
    "The price was $3.50. That is cheap for a coffee.",
    'He said "Stop." Then he walked out of the room.',
    "Item no. 5 is gone. Item no. 6 is still on the shelf.",
    "1. Buy milk. 2. Buy bread. 3. Call the bank.",
    "What?! No way! Are you really sure about that?",
    "It was Mr. T. Smith from the office. He left early.",
    "The U.S.A. is big. The U.K. is much smaller than that.",
    "We met Dr. Jones in St. Louis on Jan. 5 and again in Feb. this year.",
    "the lower case start. another one follows here. and a third one.",
    "Wait... what happened next? Nobody knows for sure.",
    "The value is 3.14 and the other value is 2.72 in this case.",
    "Prof. A. B. Clarke wrote the book in 1999. It sold well.",
    "Ask for Ms. Lee at No. 10 Downing St. after lunch today.",
    "Born in the 18th cent. he lived in Washington D.C. until 1850.",
    "(This is in brackets.) And this is not. Is it clear now?",
    "The Fig. 3 shows results. Tab. 2 lists the sources we used.",
    "She won 1st prize. He came 2nd. They both got medals.",
)
# English lines with foreign scripts, URLs and e-mail addresses (langdetect normalizes
# some of these away, counts others).
EN_NOISY = (
    "Visit http://www.example.com/page?id=5 for details, or write to info@example.com today.",
    "Our office in 東京 is open every day, and the staff there speak English too.",
    "The train from Москва arrived late, but everyone on board was very patient.",
    "We loved the food in Việt Nam, especially the noodle soup with fresh herbs.",
    "The café in Zürich serves crêpes and açaí bowls for breakfast every morning.",
    "Send the photos to photos@example.org 🙂 and we will share the best ones here.",
    "The sign said مرحبا and the children tried to read it out loud together.",
    "The Korean word 안녕하세요 is a polite greeting that visitors learn first.",
    "Download the report at https://example.net/files/report-2019.pdf before Friday.",
    "Ünïcödé characters like ñ, ø and ł appear in many European names and places.",
)

NAV_LINES = ("Home", "About us", "Contact", "Share this:", "Tweet", "Read more »", "Menu",
             "Search", "Login | Register", "Skip to content", "Previous post", "Next post",
             "Categories", "Tags: news, local, events", "Follow us on Facebook", "Reply",
             "Posted in Uncategorized", "Leave a comment", "Subscribe", "Top stories")
POLICY_SUBSTRINGS = ("terms of use", "privacy policy", "cookie policy", "uses cookies",
                     "use of cookies", "use cookies")
POLICY_LINES = (
    "By using this site you agree to our Terms of Use and all conditions.",
    "Please read our Privacy Policy before you create a new account.",
    "Details about tracking can be found in our Cookie Policy for visitors.",
    "This website uses cookies to improve your experience while you browse.",
    "We explain the use of cookies on this site in a separate document.",
    "We use cookies to give you the best possible experience on the site.",
)
JS_LINES = (
    "Please enable JavaScript to view the comments powered by Disqus.",
    "You must have JavaScript enabled in your browser to use this page.",
    "This page works best with Javascript turned on in your browser settings.",
)
# LDNOOBW "en" (25e679f) entries: single words and phrases, and innocent words that
# contain them (the reference matches only between non-word characters).
BAD_WORDS = ("ass", "butt", "sex", "nude", "bastard", "boobs", "bondage", "sexy", "anus")
BAD_PHRASES = ("barely legal", "blue waffle", "big black", "2 girls 1 cup", "phone sex")
INNOCENT_CONTAINERS = ("class", "assistant", "butter", "Sussex", "sextant", "bass guitar",
                       "bastardized", "nudes", "buttress", "janus", "grasshopper")
SITE_WORDS = ("river", "stone", "maple", "harbor", "summit", "cedar", "meadow", "pixel",
              "north", "blue", "silver", "garden", "urban", "daily", "coast", "prairie",
              "atlas", "bright", "echo", "lantern")
TLDS = ("com", "org", "net", "co.uk", "info", "com.au", "io", "de", "fr", "blog")
SECTIONS = ("news", "blog", "articles", "travel", "food", "local", "sport", "review",
            "guides", "story", "2019/04", "forum/thread")


def normalize_url(url: str) -> str:
    """The reference's URL normalization (c4_utils.normalize_url)."""
    url = re.sub(r"https?:\/\/(www\.)?", "", url)
    url = re.sub(r"\?(utm_|ref|feed).*", "", url)
    return url.rstrip("/")


def is_validation_url(url: str) -> bool:
    md5 = hashlib.md5(normalize_url(url).encode("utf-8")).hexdigest()
    return int(md5, 16) % 1000 == 0


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


_NT, _NS, _NV, _NA, _NN, _NP, _NTI = (len(x) for x in (EN_TEMPLATES, EN_SUBJ, EN_VERB, EN_ADJ, EN_NOUN, EN_PLACE, EN_TIME))
_EN_SUBJ_CAP = tuple(_cap(x) for x in EN_SUBJ)
_EN_TIME_CAP = tuple(_cap(x) for x in EN_TIME)


# --------------------------------------------------------------------------------------
# Text generation
# --------------------------------------------------------------------------------------


class _Text:
    """Sentence and line generators on one random stream."""

    def __init__(self, rng: random.Random, prose: list[str] | None = None):
        self.r = rng
        self.prose = prose or []

    def en(self) -> str:
        b = self.r.getrandbits(64)
        b, i = divmod(b, _NT)
        tpl = EN_TEMPLATES[i]
        b, i = divmod(b, _NS)
        s, S = EN_SUBJ[i], _EN_SUBJ_CAP[i]
        b, i = divmod(b, _NV)
        v = EN_VERB[i]
        b, i = divmod(b, _NA)
        a = EN_ADJ[i]
        b, i = divmod(b, _NA)
        a2 = EN_ADJ[i]
        b, i = divmod(b, _NN)
        n = EN_NOUN[i]
        b, i = divmod(b, _NN)
        n2 = EN_NOUN[i]
        b, i = divmod(b, _NP)
        p = EN_PLACE[i]
        b, i = divmod(b, _NTI)
        t, T = EN_TIME[i], _EN_TIME_CAP[i]
        b, k = divmod(b, 997)
        return tpl.format(S=S, s=s, v=v, a=a, n=n, a2=a2, n2=n2, p=p, t=t, T=T, k=k + 2,
                          y=1950 + b % 70)

    def _other(self, templates, subj, obj, part, time, place) -> str:
        b = self.r.getrandbits(48)
        vals = []
        for seq in (templates, subj, obj, part, time, place):
            vals.append(seq[b % len(seq)])
            b //= len(seq)
        tpl, s, o, v, t, p = vals
        y = 1950 + b % 70
        return tpl.format(S=s, s=s[:1].lower() + s[1:], o=o, v=v, t=t, p=p, y=y)

    def de(self) -> str:
        return self._other(DE_TEMPLATES, DE_SUBJ, DE_OBJ, DE_PART, DE_TIME, DE_ORT)

    def fr(self) -> str:
        return self._other(FR_TEMPLATES, FR_SUBJ, FR_OBJ, FR_PART, FR_TIME, FR_LIEU)

    def es(self) -> str:
        return self._other(ES_TEMPLATES, ES_SUBJ, ES_OBJ, ES_PART, ES_TIME, ES_LUGAR)

    def line(self, lang: str = "en", lo: int = 1, hi: int = 5) -> str:
        gen = getattr(self, lang)
        n = self.r.randint(lo, hi)
        sents = [gen() for _ in range(n)]
        if lang == "en" and self.r.random() < 0.08:
            sents.insert(self.r.randrange(len(sents) + 1), self.r.choice(EN_FIXED))
        return " ".join(sents)

    def paragraph_lines(self, lang: str, count: int) -> list[str]:
        return [self.line(lang) for _ in range(count)]

    def prose_lines(self, count: int) -> list[str]:
        if not self.prose:
            return self.paragraph_lines("en", count)
        start = self.r.randrange(len(self.prose))
        return [self.prose[(start + i) % len(self.prose)] for i in range(count)]

    def title(self) -> str:
        r = self.r
        return f"The {_cap(r.choice(EN_ADJ))} {_cap(r.choice(EN_NOUN))} of {_cap(r.choice(SITE_WORDS))}ville"

    def short_no_endmark(self) -> str:
        return self.r.choice(NAV_LINES)


# --------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------


class _Page:
    __slots__ = ("url", "date", "lines", "newline", "lang", "body", "language_header")

    def __init__(self, url, date, lines=None, newline="\n", lang="en", body=None):
        self.url = url
        self.date = date
        self.lines = lines if lines is not None else []
        self.newline = newline
        self.lang = lang
        self.body = body  # exact body text, overrides lines
        self.language_header = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa"}.get(lang)

    def text(self) -> str:
        if self.body is not None:
            return self.body
        return self.newline.join(self.lines)


class _Generator:
    def __init__(self, seed: int, prose: list[str] | None = None):
        self.seed = seed
        self.r = random.Random(f"c4pipe-synth:{seed}")
        self.t = _Text(self.r, prose)
        r = self.r
        # Sites with their own boilerplate lines (shared by every page of the site).
        self.sites = []
        for i in range(400):
            name = f"{r.choice(SITE_WORDS)}{r.choice(SITE_WORDS)}{i}.{r.choice(TLDS)}"
            footer = [
                f"© {2010 + i % 10} {name}. All rights reserved.",
                self.t.line("en", 1, 2),  # a site tagline that passes clean_page
                f"Welcome to {name}, the home of {r.choice(EN_ADJ)} stories about the {r.choice(EN_NOUN)}.",
            ]
            self.sites.append((name, footer))
        # Lines shared by pages of every site (syndicated boilerplate).
        self.global_boiler = [self.t.line("en", 1, 2) for _ in range(60)]
        # Three-sentence spans that recur inside otherwise unique lines.
        self.spans = [" ".join(self.t.en() for _ in range(3)) for _ in range(120)]
        self.urls: list[str] = []
        self.recent_articles: list[_Page] = []
        self.recent_unique: list[_Page] = []
        self.unique_serial = 0
        self.counter = 0

    # ---- helpers -------------------------------------------------------------------
    def date(self, base_days: int | None = None) -> str:
        r = self.r
        day = base_days if base_days is not None else r.randrange(0, 12)
        sec = r.randrange(86400)
        return self._fmt_date(day, sec)

    @staticmethod
    def _fmt_date(day: int, sec: int) -> str:
        y, m, d = CRAWL_START
        d += day
        while d > 30:
            d -= 30
            m += 1
        return f"{y:04d}-{m:02d}-{d:02d}T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}Z"

    def site(self):
        # Zipf-ish: a few big sites, a long tail.
        r = self.r
        idx = int(len(self.sites) * (r.random() ** 2.5))
        return self.sites[min(idx, len(self.sites) - 1)]

    def url(self, site_name: str | None = None) -> str:
        r = self.r
        self.counter += 1
        site_name = site_name or self.site()[0]
        scheme = r.choice(("http://", "https://", "http://www.", "https://www."))
        slug = "-".join(r.choice(EN_NOUN) for _ in range(r.randint(1, 4)))
        tail = r.choice(("", "/", ".html", "?id=%d" % r.randrange(10000), "/index.php"))
        return f"{scheme}{site_name}/{r.choice(SECTIONS)}/{slug}-{self.counter}{tail}"

    def validation_url(self) -> str:
        base = self.url()
        j = 0
        while True:
            candidate = f"{base}-v{j}"
            if is_validation_url(candidate):
                return candidate
            j += 1

    # ---- page kinds ------------------------------------------------------------------
    def article(self, lang="en", url=None, date=None, n_par=None, edges=True) -> _Page:
        r, t = self.r, self.t
        site_name, footer = self.site()
        page = _Page(url or self.url(site_name), date or self.date(), lang=lang)
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

    def unique_article(self, url: str, date: str) -> _Page:
        """Only lines that occur nowhere else: for URL ties, whose winner the reference
        picks arbitrarily, so that the choice cannot spill over into line dedup."""
        # Six lines that pass every filter and occur nowhere else (each carries a unique
        # number): whichever page of a tie wins, no other page and no counter changes.
        lines = []
        for _ in range(6):
            self.unique_serial += 1
            lines.append(f"{self.t.line('en', 1, 2)} This is note {self.unique_serial} of the series.")
        return _Page(url, date, lines)

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
            return [f"{_cap(r.choice(EN_NOUN))}[edit]", s]
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

    # ---- the catalogue ---------------------------------------------------------------
    def catalogue(self) -> Iterator[_Page]:
        """Fixed edge-case pages; each yields one or more records."""
        r, t = self.r, self.t
        art = self.article
        en = t.en

        def p(lines, **kw):
            return _Page(kw.pop("url", None) or self.url(), kw.pop("date", None) or self.date(), lines, **kw)

        # Reference test-data style pages.
        yield art(n_par=8, edges=False)
        # Empty and whitespace-only bodies.
        yield _Page(self.url(), self.date(), body="")
        yield _Page(self.url(), self.date(), body=" \n\t\n   \n")
        # Too few sentences; exactly three sentences over three lines; three in one line.
        yield p([en(), en()])
        yield p([en(), en(), en()])
        yield p([f"{en()} {en()} {en()}"])
        yield p([f"Dr. Smith and Mr. Jones met in St. Louis at 3 p.m. on Jan. 5 to talk about the {r.choice(EN_NOUN)}.", en(), en()])
        # Lorem ipsum: on a line that survives (page dropped), on lines that do not.
        yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor sit amet, consectetur adipiscing elit."])
        yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor sit amet"])
        yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor sit amet, consectetur..."])
        yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor."])
        yield p(t.paragraph_lines("en", 4) + [f"The phrase LOREM IPSUM appears in {en()}"])
        # Curly bracket: surviving line (page dropped), short line, no end mark, javascript line.
        yield p(t.paragraph_lines("en", 4) + ["The function returns {x: 1} when the input is valid."])
        yield p(t.paragraph_lines("en", 4) + ["var x = {"])
        yield p(t.paragraph_lines("en", 4) + ["if (a) { return b; }"])
        yield p(t.paragraph_lines("en", 4) + ["Our javascript widget uses {braces} in every single line."])
        yield p(t.paragraph_lines("en", 4) + ["function init() { run(); }", "}"])
        # Lorem ipsum after a curly line that is dropped first, and vice versa.
        yield p(t.paragraph_lines("en", 3) + ["The first call is {a} then we stop.", "Lorem ipsum dolor sit amet, consectetur adipiscing elit."])
        # JavaScript lines.
        yield p(t.paragraph_lines("en", 4) + list(JS_LINES))
        # Each policy substring, plus near misses that survive.
        yield p(t.paragraph_lines("en", 3) + list(POLICY_LINES))
        yield p(t.paragraph_lines("en", 3) + [
            "These are the terms of service that apply to every single visitor.",
            "The privacy of our users matters to all of us at the company.",
            "She baked cookies for the whole policy team on Friday.",
            "TERMS OF USE apply to this page and every other page too.",
        ])
        # Word lengths: 1000 characters (kept) and 1001 (line dropped), and a long word
        # that only becomes short after citation removal (still dropped).
        yield p(t.paragraph_lines("en", 3) + [
            f"The longest allowed word is {'a' * 1000} and this line stays.",
            f"The first word too long is {'b' * 1001} and this line goes.",
            f"A citation inside {'c' * 600}[1]{'d' * 400} is still too long.",
            f"Long link http://example.com/{'x' * 1100} was pasted here by someone.",
        ])
        # End marks: every variant, each on an otherwise valid line.
        yield p([
            en(),
            en()[:-1] + "...",
            en()[:-1] + "..",
            en()[:-1] + '..."',
            en()[:-1] + "…",
            en()[:-1] + "....",
            en()[:-1] + ". . .",
            en()[:-1] + "?!",
            en()[:-1] + '!"',
            en()[:-1] + ".)",
            en()[:-1] + ".'",
            en()[:-1] + "。",
            en()[:-1] + " ”",
            en()[:-1] + " »",
            en()[:-1] + ":",
        ])
        # Citations.
        yield p([
            f"{en()[:-1]}.[1]",
            f"{en()[:-1]}.[23][24]",
            f"{en()[:-1]}[edit]",
            "History[edit]",
            f"{en()[:-1]}.[citation needed]",
            f"{en()[:-1]}.[Citation needed]",
            f"{en()[:-1]}.[]",
            f"{en()[:-1]}.[a]",
            "See the notes in the refs. [1]",
            f"{en()} [1]",
            f"[1] {en()}",
            "The [edit] button [2] is [citation needed] at the top of this page.",
        ])
        # Word counts: 4 and 5 words, NBSP and tabs as separators, zero-width space.
        yield p(t.paragraph_lines("en", 3) + [
            "One two three four.",
            "One two three four five.",
            "One\u00a0two\u00a0three\u00a0four\u00a0five.",
            "One\ttwo\tthree\tfour\tfive.",
            "One\u200btwo\u200bthree\u200bfour\u200bfive.",
            "Wow!!! That is amazing!!!",
        ])
        # Bad words: at word boundaries (page dropped) and inside words (kept).
        for w in BAD_WORDS[:5]:
            yield p(t.paragraph_lines("en", 3) + [f"The sign in the window simply said {w} and nothing else."])
        for w in BAD_PHRASES:
            yield p(t.paragraph_lines("en", 3) + [f"Someone wrote {w} on the wall of the station."])
        yield p(t.paragraph_lines("en", 3) + [f"Our {c} met on Monday to discuss the schedule." for c in INNOCENT_CONTAINERS])
        yield p(t.paragraph_lines("en", 3) + ["The word BUTT in capitals still matches after lower-casing."])
        yield p(t.paragraph_lines("en", 3) + ["A butt-joint is a common technique in woodworking."])
        yield p(t.paragraph_lines("en", 3) + ["A butt_joint with an underscore is one single word."])
        yield p(t.paragraph_lines("en", 3) + ["The name éass has an accent before it so it is one word."])
        yield p(["ass is the first word of this page, followed by more text here.", *t.paragraph_lines("en", 3)])
        yield p([*t.paragraph_lines("en", 3), "This page ends with the bad word ass."])
        yield p([*t.paragraph_lines("en", 3), "The two words big\nblack are split across lines."])
        yield p([*t.paragraph_lines("en", 3), "Two spaces: big  black are not one phrase here."])
        # Bad word only on a line that clean_page drops (page kept) ...
        yield p([*t.paragraph_lines("en", 3), "sex", "The sex is short..."])
        # ... and only on a boilerplate line that dedup may remove.
        shared_bad = f"Sex education matters for {r.choice(EN_SUBJ)}, said {r.choice(EN_SUBJ)} {r.choice(EN_TIME)}."
        yield p([*t.paragraph_lines("en", 3), shared_bad])
        yield p([*t.paragraph_lines("en", 3), shared_bad])
        # Unicode case: dotted capital I, sharp s, Greek final sigma; duplicates by case.
        case_line = "WELCOME TO İSTANBUL, THE CITY ON TWO CONTINENTS, SAID THE GUIDE."
        yield p([*t.paragraph_lines("en", 3), case_line])
        yield p([*t.paragraph_lines("en", 3), case_line.lower()])
        yield p([*t.paragraph_lines("en", 3), "welcome to istanbul, the city on two continents, said the guide."])
        yield p([*t.paragraph_lines("en", 3), "The street sign in the old town read STRASSE in large letters."])
        yield p([*t.paragraph_lines("en", 3), "The street sign in the old town read straße in large letters."])
        yield p([*t.paragraph_lines("en", 3), "The Greek word ΟΔΟΣ means road and we saw it everywhere."])
        yield p([*t.paragraph_lines("en", 3), "The Greek word οδος means road and we saw it everywhere."])
        yield p([*t.paragraph_lines("en", 3), "Kelvin sign \u212a and the ﬁ ligature are written like this here."])
        # Line separators inside lines: the reference's reader keeps them, splitlines() splits.
        yield p([
            f"{en()}\u2028{en()}",
            f"{en()}\u2029{en()}",
            f"{en()}\x0c{en()}",
            f"{en()}\x0b{en()}",
            f"{en()}\x85{en()}",
            f"{en()}\x1c{en()}",
            f"{en()}\x1e",
            en(),
        ])
        # CR and CRLF line ends, and a mix.
        yield p(t.paragraph_lines("en", 6), newline="\r\n")
        yield p(t.paragraph_lines("en", 6), newline="\r")
        mixed = t.paragraph_lines("en", 6)
        yield _Page(self.url(), self.date(), body=f"{mixed[0]}\r\n{mixed[1]}\r{mixed[2]}\n{mixed[3]}\r\n\r\n{mixed[4]}\n\r{mixed[5]}")
        # Header-like lines inside bodies (dropped, or even overriding the headers).
        yield p([*t.paragraph_lines("en", 3),
                 "Content-based filtering is a method that many shops use for advice.",
                 "WARC files are the archives that Common Crawl publishes every month.",
                 "CONTENT-TYPE headers are described in the standard for the web.",
                 "Content-Length: 12", en()])
        yield p([*t.paragraph_lines("en", 3), "WARC-Date: 2030-01-01T00:00:00Z", en()])
        yield p([*t.paragraph_lines("en", 3), "WARC-Target-URI: http://injected.example.com/overridden", en()])
        yield p([*t.paragraph_lines("en", 3), "WARC/1.0", *t.paragraph_lines("en", 3)])
        # Digits only: langdetect finds no features.
        yield p(["1234 5678 9012 3456 7890.", "2345 6789 0123 4567 8901.", "3456 7890 1234 5678 9012."])
        yield p(["!!! ??? ... --- +++ ===.", "12 34 56 78 90 11.", "### $$$ %%% ^^^ &&& ***."])
        # Languages.
        yield p(t.paragraph_lines("de", 8), lang="de")
        yield p(t.paragraph_lines("fr", 8), lang="fr")
        yield p(t.paragraph_lines("es", 8), lang="es")
        yield p([x for pair in zip(t.paragraph_lines("en", 4), t.paragraph_lines("de", 4)) for x in pair])
        yield p(t.paragraph_lines("en", 8) + [t.line("fr", 1, 1)])
        yield p(t.paragraph_lines("en", 2) + t.paragraph_lines("es", 6))
        # Line duplicates: within a page (local), across pages (global), by case/space.
        dup = en()
        yield p([dup, *t.paragraph_lines("en", 3), dup, dup.upper(), "  " + dup + "  "])
        yield p([*t.paragraph_lines("en", 3), dup])
        boiler = t.paragraph_lines("en", 3)
        for _ in range(4):  # the same 3 boilerplate lines + 1-2 unique ones: most fall under 3
            yield p([t.line("en", 1, 1), *boiler])
        # The same text under different URLs (mirrors).
        mirror = t.paragraph_lines("en", 5)
        yield p(list(mirror))
        yield p(list(mirror))
        # Three-sentence spans: across pages and twice in one page.
        span = " ".join(en() for _ in range(3))
        yield p([f"{en()} {span} {en()}", *t.paragraph_lines("en", 3)])
        yield p([f"{en()} {en()} {span}", *t.paragraph_lines("en", 3)])
        yield p([span, *t.paragraph_lines("en", 2), f"{en()} {span}"])
        yield p([f"{en()} {span}", en(), en()])
        # Duplicate URLs: newer wins; normalized variants; equal timestamps.
        site, _ = self.site()
        base = f"{site}/story/duplicate-{r.randrange(10**6)}"
        yield art(url=f"http://{base}", date=self._fmt_date(2, 100), n_par=6, edges=False)
        yield art(url=f"https://www.{base}/", date=self._fmt_date(3, 100), n_par=6, edges=False)
        yield art(url=f"http://www.{base}?utm_source=twitter&utm_medium=social", date=self._fmt_date(1, 100), n_par=6, edges=False)
        base2 = f"{site}/story/refs-{r.randrange(10**6)}"
        yield art(url=f"https://{base2}?ref=homepage", date=self._fmt_date(5, 5), n_par=6, edges=False)
        yield art(url=f"http://{base2}?feed=rss", date=self._fmt_date(4, 5), n_par=6, edges=False)
        yield art(url=f"http://{base2}?page=2", date=self._fmt_date(4, 5), n_par=6, edges=False)
        # Equal timestamps and identical text (a harmless tie) ...
        same = art(n_par=6, edges=False)
        yield same
        yield _Page(same.url, same.date, list(same.lines))  # same raw URL: keeper unchanged
        # ... and a true tie: equal timestamps, different text (reference: first seen wins).
        tie_url = self.url()
        tie_date = self.date()
        yield self.unique_article(tie_url, tie_date)
        yield self.unique_article(tie_url, tie_date)
        yield self.unique_article(tie_url.replace("://", "://www.", 1) if "://www." not in tie_url else tie_url.replace("://www.", "://", 1), tie_date)
        # URL normalization oddities.
        yield art(url=f"http://web.archive.org/web/2019/https://www.{site}/archived-{r.randrange(10**6)}", n_par=5, edges=False)
        yield art(url=f"https://{site}/Case/Sensitive-{r.randrange(10**6)}/", n_par=5, edges=False)
        yield art(url=f"http://例え.テスト/ページ-{r.randrange(10**6)}", n_par=5, edges=False)
        yield art(url=f"http://{site}/search?utm=1&q=2&x={r.randrange(10**6)}", n_par=5, edges=False)
        # Validation split, including a variant URL that normalizes onto a validation URL.
        for _ in range(6):
            yield art(url=self.validation_url(), n_par=6, edges=False)
        v = self.validation_url()
        v_norm = normalize_url(v)
        yield art(url="https://www." + v_norm + "/?utm_campaign=x", date="2019-04-01T00:00:00Z", n_par=6, edges=False)
        # Punkt edge cases around the three-sentence minimum.
        for i in range(0, len(PUNKT_TRICKY), 2):
            yield p([PUNKT_TRICKY[i], PUNKT_TRICKY[i + 1]])
        yield p(list(PUNKT_TRICKY))
        # Language ID: noisy English, short pages, German first then English (langdetect
        # reads only the first 10,000 characters), English with a few foreign lines.
        yield p(list(EN_NOISY))
        yield p([en(), en(), en()])
        yield p(["Yes it is true.", "No it is not.", "Well it might be."])
        de_first = []
        while sum(len(x) + 1 for x in de_first) < 11_000:
            de_first.append(t.line("de", 3, 5))
        yield p(de_first + t.paragraph_lines("en", 80))
        en_first = []
        while sum(len(x) + 1 for x in en_first) < 11_000:
            en_first.append(t.line("en", 3, 5))
        yield p(en_first + t.paragraph_lines("de", 80), lang="en")
        for k in range(1, 7):
            yield p([*t.paragraph_lines("en", 6 - k // 2), *t.paragraph_lines(("de", "fr", "es")[k % 3], k)])
        # Long pages around the 190,000-character limit (length of the parsed text).
        for target in (190_000, 190_001, 250_000):
            lines = []
            size = -1
            while size + 1 + 1000 < target:
                ln = t.line("en", 3, 3)
                lines.append(ln)
                size += 1 + len(ln)
            rest = target - size - 1  # length of the last line, so the text is `target` long
            lines.append(("filler " * (rest // 7 + 1))[: rest - 1] + ".")
            page = p(lines)
            yield page
        # A very long page just below the limit that survives cleaning.
        yield p(t.paragraph_lines("en", 400))

    # ---- the stream ------------------------------------------------------------------
    KINDS = (
        ("article", 0.72), ("short", 0.04), ("nav", 0.02), ("de", 0.03), ("fr", 0.02),
        ("es", 0.01), ("mixed", 0.01), ("dup_url", 0.03), ("tie_same", 0.005),
        ("tie_diff", 0.002), ("mirror", 0.01), ("validation", 0.015), ("boiler", 0.02),
        ("lorem", 0.005), ("squiggly", 0.01), ("badword", 0.02), ("empty", 0.005),
        ("long", 0.0005), ("crlf", 0.01), ("cr", 0.005), ("digits", 0.003), ("prose", 0.0185),
        ("borderline", 0.03), ("punkt", 0.02), ("noisy", 0.01), ("tiny_en", 0.01),
    )

    def random_page(self) -> list[_Page]:
        r, t = self.r, self.t
        x = r.random() * sum(w for _, w in self.KINDS)
        for kind, w in self.KINDS:
            x -= w
            if x < 0:
                break
        if kind == "article" and r.random() < 0.08:
            page = self.unique_article(self.url(), self.date())
            self.recent_unique.append(page)
            if len(self.recent_unique) > 64:
                self.recent_unique.pop(0)
            return [page]
        if kind == "tie_diff" and self.recent_unique:
            # Same newest date, different text: the reference's winner is arbitrary, so
            # both sides hold only lines found nowhere else.
            old = r.choice(self.recent_unique)
            host_path = normalize_url(old.url)
            variant = r.choice((f"http://{host_path}", f"https://www.{host_path}/", old.url))
            return [self.unique_article(variant, old.date)]
        if kind == "article":
            page = self.article()
            self.recent_articles.append(page)
            if len(self.recent_articles) > 64:
                self.recent_articles.pop(0)
            return [page]
        if kind in ("de", "fr", "es"):
            return [self.article(lang=kind, edges=False)]
        if kind == "short":
            return [_Page(self.url(), self.date(), [t.title(), t.line("en", 1, 2)])]
        if kind == "nav":
            return [_Page(self.url(), self.date(), [t.short_no_endmark() for _ in range(8)])]
        if kind == "mixed":
            page = self.article(edges=False)
            page.lines.extend(t.paragraph_lines(r.choice(("de", "fr", "es")), r.randint(1, 10)))
            return [page]
        if kind in ("dup_url", "tie_same", "mirror") and self.recent_articles:
            old = r.choice(self.recent_articles)
            host_path = normalize_url(old.url)
            variant = r.choice((f"http://{host_path}", f"https://www.{host_path}/",
                                f"https://{host_path}?utm_source=news", old.url))
            if kind == "dup_url":
                return [self.article(url=variant, date=self.date())]
            if kind == "tie_same":  # an exact re-crawl: same raw URL, date and text
                return [_Page(old.url, old.date, list(old.lines))]
            return [_Page(self.url(), self.date(), list(old.lines))]
        if kind == "validation":
            return [self.article(url=self.validation_url())]
        if kind == "boiler":
            boiler = r.sample(self.global_boiler, 3)
            return [_Page(self.url(), self.date(), [t.line("en", 1, 1), *boiler])]
        if kind == "lorem":
            page = self.article(edges=False)
            page.lines.insert(r.randrange(len(page.lines) + 1), r.choice((
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "Lorem ipsum")))
            return [page]
        if kind == "squiggly":
            page = self.article(edges=False)
            page.lines.insert(r.randrange(len(page.lines) + 1), r.choice((
                "function show() {", "The config file is written as {\"key\": 1} in this example.",
                "}", "Use {name} to insert the user name into the message template.")))
            return [page]
        if kind == "badword":
            page = self.article(edges=False)
            w = r.choice(BAD_WORDS + BAD_PHRASES + INNOCENT_CONTAINERS)
            page.lines.insert(r.randrange(len(page.lines) + 1), f"{t.en()[:-1]}, {w} and more.")
            return [page]
        if kind == "empty":
            return [_Page(self.url(), self.date(), body=r.choice(("", "\n", " ")))]
        if kind == "long":
            return [_Page(self.url(), self.date(), t.paragraph_lines("en", r.randint(650, 900)))]
        if kind in ("crlf", "cr"):
            page = self.article()
            page.newline = "\r\n" if kind == "crlf" else "\r"
            return [page]
        if kind == "digits":
            return [_Page(self.url(), self.date(), [" ".join(str(r.randrange(10**4)) for _ in range(6)) + "." for _ in range(4)])]
        if kind == "borderline":  # English with some foreign lines: near the 0.99 threshold
            lines = t.paragraph_lines("en", r.randint(1, 6))
            for _ in range(r.randint(1, 4)):
                lines.insert(r.randrange(len(lines) + 1), t.line(r.choice(("de", "fr", "es")), 1, 2))
            return [_Page(self.url(), self.date(), lines)]
        if kind == "punkt":  # sentence counts near the minimum of three
            lines = r.sample(PUNKT_TRICKY, r.randint(1, 3))
            if r.random() < 0.5:
                lines.append(t.en())
            return [_Page(self.url(), self.date(), lines)]
        if kind == "noisy":
            lines = t.paragraph_lines("en", r.randint(2, 8))
            for _ in range(r.randint(1, 4)):
                lines.insert(r.randrange(len(lines) + 1), f"{r.choice(EN_NOISY)} {t.en()}")
            return [_Page(self.url(), self.date(), lines)]
        if kind == "tiny_en":  # three short sentences: langdetect is least sure here
            return [_Page(self.url(), self.date(), [t.en() for _ in range(3)])]
        if kind == "prose":
            return [_Page(self.url(), self.date(), t.prose_lines(r.randint(5, 40)))]
        return [self.article()]


def iter_pages(pages: int, seed: int = 0, prose: str | Path | None = None) -> Iterator[_Page]:
    """The corpus's pages, in order: the catalogue first, then the random mix."""
    gen = _Generator(seed, _load_prose(prose) if prose else None)
    n = 0
    for page in gen.catalogue():
        if n >= pages:
            return
        yield page
        n += 1
    while n < pages:
        for page in gen.random_page():
            if n >= pages:
                return
            yield page
            n += 1


def _load_prose(path: str | Path) -> list[str]:
    """Lines of real English text (a dolma-style .jsonl.gz with a `text` field)."""
    lines = []
    opener = _gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for row in f:
            text = json.loads(row).get("text", "")
            lines.extend(ln.strip() for ln in text.splitlines() if ln.strip())
    return lines


# --------------------------------------------------------------------------------------
# WET writing
# --------------------------------------------------------------------------------------


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}>"


def _record(headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + body + b"\r\n\r\n"


def _digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def generate_corpus(
    out_dir,
    pages: int,
    seed: int,
    files: int = 1,
    gzip: bool = True,
    prose: str | Path | None = None,
    compresslevel: int = 6,
) -> list[Path]:
    """Write `pages` conversion records over `files` WET files; return their paths.

    `prose`: optional .jsonl(.gz) of real English text (e.g. the dolma CC sample) that
    some pages draw lines from; without it every page comes from the built-in generator.
    """
    if pages < 0 or files < 1:
        raise ValueError("pages must be >= 0 and files >= 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = random.Random(f"c4pipe-synth-ids:{seed}")
    ext = ".warc.wet.gz" if gzip else ".warc.wet"
    paths = [out / f"synth-s{seed}-p{pages}-{k:05d}-of-{files:05d}{ext}" for k in range(files)]
    handles = [open(p, "wb") for p in paths]

    def emit(k: int, rec: bytes) -> None:
        if gzip:
            handles[k].write(_gzip.compress(rec, compresslevel=compresslevel, mtime=0))
        else:
            handles[k].write(rec)

    try:
        for k, path in enumerate(paths):
            info = (
                "Software-Info: c4pipe-synth\r\n"
                f"Extracted-Date: Fri, 26 Apr 2019 19:04:32 GMT\r\n"
                "robots: classic\r\n"
                "isPartOf: CC-MAIN-SYNTH\r\n"
                "operator: c4pipe\r\n"
                f"description: synthetic C4 test corpus, seed {seed}, {pages} pages, file {k + 1} of {files}\r\n"
                "publisher: c4pipe\r\n"
            ).encode("utf-8")
            emit(k, _record([
                ("WARC-Type", "warcinfo"),
                ("WARC-Date", "2019-04-26T19:04:32Z"),
                ("WARC-Filename", path.name),
                ("WARC-Record-ID", _uuid(ids)),
                ("Content-Type", "application/warc-fields"),
                ("Content-Length", str(len(info))),
            ], info))
        for i, page in enumerate(iter_pages(pages, seed, prose)):
            body = page.text().encode("utf-8")
            headers = [
                ("WARC-Type", "conversion"),
                ("WARC-Target-URI", page.url),
                ("WARC-Date", page.date),
                ("WARC-Record-ID", _uuid(ids)),
                ("WARC-Refers-To", _uuid(ids)),
                ("WARC-Block-Digest", _digest(body)),
            ]
            if page.language_header:
                headers.append(("WARC-Identified-Content-Language", page.language_header))
            headers += [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
            emit(i * files // max(pages, 1), _record(headers, body))
    finally:
        for h in handles:
            h.close()
    return paths


# --------------------------------------------------------------------------------------
# CLI: `c4pipe synth`
# --------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pages", type=int, default=2000, help="conversion records (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--files", type=int, default=1, help="number of WET files (default 1)")
    parser.add_argument("--output", required=True, help="output directory")
    parser.add_argument("--no-gzip", action="store_true", help="write plain .warc.wet files")
    parser.add_argument("--prose", default=None,
                        help="optional .jsonl(.gz) of real English text (field `text`) to mix in")


def main(args: argparse.Namespace) -> int:
    paths = generate_corpus(args.output, pages=args.pages, seed=args.seed, files=args.files,
                            gzip=not args.no_gzip, prose=getattr(args, "prose", None))
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(p)
    print(f"{args.pages} pages in {len(paths)} file(s), {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    import sys

    ap = argparse.ArgumentParser(prog="c4pipe synth", description=__doc__.splitlines()[0])
    add_arguments(ap)
    sys.exit(main(ap.parse_args()))
