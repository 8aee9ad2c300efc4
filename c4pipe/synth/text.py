"""Sentences and lines in English, German, French and Spanish, drawn from one random stream.

Each sentence fills a template from `c4pipe.synth.words`. An English sentence takes
all its choices from a single 64-bit draw (one call into the random stream instead of
ten keeps large corpora cheap to generate); the other languages take theirs from one
48-bit draw. The number and order of draws is part of the output: any change moves
every later page.

`--prose` mixes in real English text: `load_prose` reads it, `Text.prose_lines` cuts
runs of lines from it.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from c4pipe.synth.lines import NAV_LINES
from c4pipe.synth.words import (
    DE_OBJ,
    DE_ORT,
    DE_PART,
    DE_SUBJ,
    DE_TEMPLATES,
    DE_TIME,
    EN_ADJ,
    EN_FIXED,
    EN_NOUN,
    EN_PLACE,
    EN_SUBJ,
    EN_TEMPLATES,
    EN_TIME,
    EN_VERB,
    ES_LUGAR,
    ES_OBJ,
    ES_PART,
    ES_SUBJ,
    ES_TEMPLATES,
    ES_TIME,
    FR_LIEU,
    FR_OBJ,
    FR_PART,
    FR_SUBJ,
    FR_TEMPLATES,
    FR_TIME,
    SITE_WORDS,
)


def cap(s: str) -> str:
    """`s` with its first character in upper case (str.capitalize would lower the rest)."""
    return s[:1].upper() + s[1:]


_NT, _NS, _NV, _NA, _NN, _NP, _NTI = (
    len(x) for x in (EN_TEMPLATES, EN_SUBJ, EN_VERB, EN_ADJ, EN_NOUN, EN_PLACE, EN_TIME)
)
_EN_SUBJ_CAP = tuple(cap(x) for x in EN_SUBJ)
_EN_TIME_CAP = tuple(cap(x) for x in EN_TIME)


class Text:
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
        """`lo` to `hi` sentences; English lines sometimes carry a fixed tricky sentence."""
        gen = getattr(self, lang)
        n = self.r.randint(lo, hi)
        sents = [gen() for _ in range(n)]
        if lang == "en" and self.r.random() < 0.08:
            sents.insert(self.r.randrange(len(sents) + 1), self.r.choice(EN_FIXED))
        return " ".join(sents)

    def paragraph_lines(self, lang: str, count: int) -> list[str]:
        return [self.line(lang) for _ in range(count)]

    def prose_lines(self, count: int) -> list[str]:
        """`count` consecutive lines of the real text (wrapping round), else built-in English."""
        if not self.prose:
            return self.paragraph_lines("en", count)
        start = self.r.randrange(len(self.prose))
        return [self.prose[(start + i) % len(self.prose)] for i in range(count)]

    def title(self) -> str:
        r = self.r
        return f"The {cap(r.choice(EN_ADJ))} {cap(r.choice(EN_NOUN))} of {cap(r.choice(SITE_WORDS))}ville"

    def short_no_endmark(self) -> str:
        """A navigation line: no end mark, so clean_page drops it."""
        return self.r.choice(NAV_LINES)


def load_prose(path: str | Path) -> list[str]:
    """Lines of real English text (a dolma-style .jsonl.gz with a `text` field)."""
    lines = []
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for row in f:
            text = json.loads(row).get("text", "")
            lines.extend(ln.strip() for ln in text.splitlines() if ln.strip())
    return lines
