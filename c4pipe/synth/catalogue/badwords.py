"""Pages with LDNOOBW words and phrases, at word boundaries and inside other words."""

from __future__ import annotations

from c4pipe.synth.generator import Generator
from c4pipe.synth.lines import BAD_PHRASES, BAD_WORDS, INNOCENT_CONTAINERS
from c4pipe.synth.page import Pages
from c4pipe.synth.words import EN_SUBJ, EN_TIME


def bad_words(g: Generator) -> Pages:
    """At word boundaries (page dropped) and inside words (kept)."""
    t, p = g.t, g.page
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
    yield from _bad_words_on_dropped_lines(g)


def _bad_words_on_dropped_lines(g: Generator) -> Pages:
    """A bad word only on a line that clean_page drops (page kept), then only on a
    boilerplate line that dedup may remove."""
    r, t, p = g.r, g.t, g.page
    yield p([*t.paragraph_lines("en", 3), "sex", "The sex is short..."])
    shared_bad = f"Sex education matters for {r.choice(EN_SUBJ)}, said {r.choice(EN_SUBJ)} {r.choice(EN_TIME)}."
    yield p([*t.paragraph_lines("en", 3), shared_bad])
    yield p([*t.paragraph_lines("en", 3), shared_bad])
