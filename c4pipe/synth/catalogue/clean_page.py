"""Pages around each line and page rule of clean_page: sentence counts, lorem ipsum,
curly brackets, JavaScript and policy lines, word lengths, end marks, citations, word
counts, and Punkt's hard cases."""

from __future__ import annotations

from c4pipe.recipes import get_recipe
from c4pipe.synth.generator import Generator
from c4pipe.synth.lines import JS_LINES, POLICY_LINES, PUNKT_TRICKY
from c4pipe.synth.page import Pages, SynthPage
from c4pipe.synth.words import EN_NOUN

MAX_WORD_LENGTH = get_recipe("c4").max_word_length


def sentence_counts(g: Generator) -> Pages:
    """A reference-style article, empty bodies, and pages around three sentences."""
    r, en, p = g.r, g.t.en, g.page
    yield g.article(n_par=8, edges=False)
    yield SynthPage(g.url(), g.date(), body="")
    yield SynthPage(g.url(), g.date(), body=" \n\t\n   \n")
    # Too few sentences; exactly three sentences over three lines; three in one line.
    yield p([en(), en()])
    yield p([en(), en(), en()])
    yield p([f"{en()} {en()} {en()}"])
    yield p([f"Dr. Smith and Mr. Jones met in St. Louis at 3 p.m. on Jan. 5 to talk about the {r.choice(EN_NOUN)}.", en(), en()])


def lorem_ipsum(g: Generator) -> Pages:
    """On a line that survives (page dropped), on lines that do not."""
    t, en, p = g.t, g.t.en, g.page
    yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor sit amet, consectetur adipiscing elit."])
    yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor sit amet"])
    yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor sit amet, consectetur..."])
    yield p(t.paragraph_lines("en", 4) + ["Lorem ipsum dolor."])
    yield p(t.paragraph_lines("en", 4) + [f"The phrase LOREM IPSUM appears in {en()}"])


def curly_brackets(g: Generator) -> Pages:
    """A surviving line (page dropped), a short line, no end mark, a javascript line;
    then lorem ipsum after a curly line that is dropped first."""
    t, p = g.t, g.page
    yield p(t.paragraph_lines("en", 4) + ["The function returns {x: 1} when the input is valid."])
    yield p(t.paragraph_lines("en", 4) + ["var x = {"])
    yield p(t.paragraph_lines("en", 4) + ["if (a) { return b; }"])
    yield p(t.paragraph_lines("en", 4) + ["Our javascript widget uses {braces} in every single line."])
    yield p(t.paragraph_lines("en", 4) + ["function init() { run(); }", "}"])
    yield p(t.paragraph_lines("en", 3) + ["The first call is {a} then we stop.", "Lorem ipsum dolor sit amet, consectetur adipiscing elit."])


def javascript_and_policy(g: Generator) -> Pages:
    """JavaScript lines; each policy substring, plus near misses that survive."""
    t, p = g.t, g.page
    yield p(t.paragraph_lines("en", 4) + list(JS_LINES))
    yield p(t.paragraph_lines("en", 3) + list(POLICY_LINES))
    yield p(t.paragraph_lines("en", 3) + [
        "These are the terms of service that apply to every single visitor.",
        "The privacy of our users matters to all of us at the company.",
        "She baked cookies for the whole policy team on Friday.",
        "TERMS OF USE apply to this page and every other page too.",
    ])


def word_lengths(g: Generator) -> Pages:
    """The longest word allowed (kept) and one longer (line dropped), and a long word
    that only becomes short enough after citation removal (still dropped)."""
    w = MAX_WORD_LENGTH
    yield g.page(g.t.paragraph_lines("en", 3) + [
        f"The longest allowed word is {'a' * w} and this line stays.",
        f"The first word too long is {'b' * (w + 1)} and this line goes.",
        f"A citation inside {'c' * 600}[1]{'d' * (w - 600)} is still too long.",
        f"Long link http://example.com/{'x' * 1100} was pasted here by someone.",
    ])


def end_marks(g: Generator) -> Pages:
    """Every end-mark variant, each on an otherwise valid line."""
    en = g.t.en
    yield g.page([
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


def citations(g: Generator) -> Pages:
    """Citations the rule removes, near misses it keeps, and a trailing space before one."""
    en = g.t.en
    yield g.page([
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


def word_counts(g: Generator) -> Pages:
    """4 and 5 words; NBSP and tabs as separators; a zero-width space (no separator)."""
    yield g.page(g.t.paragraph_lines("en", 3) + [
        "One two three four.",
        "One two three four five.",
        "One\u00a0two\u00a0three\u00a0four\u00a0five.",
        "One\ttwo\tthree\tfour\tfive.",
        "One\u200btwo\u200bthree\u200bfour\u200bfive.",
        "Wow!!! That is amazing!!!",
    ])


def punkt(g: Generator) -> Pages:
    """Tricky sentence splits around the three-sentence minimum."""
    for i in range(0, len(PUNKT_TRICKY), 2):
        yield g.page([PUNKT_TRICKY[i], PUNKT_TRICKY[i + 1]])
    yield g.page(list(PUNKT_TRICKY))
