"""`c4pipe.stages.page_steps`: the chain after dedup, in the reference's order, per recipe."""

from __future__ import annotations

from c4pipe.recipes import get_recipe
from c4pipe.stages import page_steps
from c4pipe.stages.recording import Recorder
from filters.page import Page

ENGLISH = "The quick brown fox jumps over the lazy dog. " * 20
GERMAN = "Der schnelle braune Fuchs springt über den faulen Hund und läuft dann weiter. " * 20


def _names(steps) -> list[str]:
    return [getattr(step, "stage", type(step).__name__) for step in steps]


def test_steps_follow_the_recipe():
    assert _names(page_steps.after_dedup(get_recipe("tfds-3.1.0"), {"en": ["x"]})) == [
        "dedup", "KeepEnglish", "english", "DropBadWords", "badwords"
    ]
    assert _names(page_steps.after_dedup(get_recipe("noclean"), {})) == ["KeepEnglish", "english"]
    assert _names(page_steps.after_dedup(get_recipe("tfds-2.2.0"), {"en": ["x"]})) == [
        "dedup", "KeepEnglish", "english"]
    assert _names(page_steps.after_dedup(get_recipe("mc4"), {"de": ["x"]})) == [
        "dedup", "IdentifyLanguage", "language", "DropBadWords", "badwords"
    ]


def test_mc4_steps_name_the_language_and_drop_by_its_list():
    steps = page_steps.after_dedup(get_recipe("mc4"), {"de": ["hund"], "en": ["fox"]})
    page_steps.setup_all(steps)
    recorder = Recorder()
    english = ("The committee met on Tuesday to discuss the budget for next year. Several members asked "
               "why the library would close early on weekends, and the chair promised an answer soon.")
    german = ("Der Ausschuss traf sich am Dienstag, um über den Haushalt zu sprechen. Mehrere Mitglieder "
              "fragten, warum der hund des Hausmeisters jeden Morgen so laut bellt.")
    pages = [Page(f"https://example.com/{i}", f"example.com/{i}", text, "t") for i, text in
             enumerate([english, german, "kurz"])]
    kept = list(page_steps.run_steps(steps, pages, recorder))
    assert [(p.url, p.language) for p in kept] == [("https://example.com/0", "en"), ("https://example.com/2", "und")]
    assert recorder.counts["badwords-filter-de"]["filtered"] == 1
    assert recorder.counts["language-filter"]["passed:und"] == 1


def test_a_page_stops_at_the_first_step_that_drops_it():
    steps = page_steps.after_dedup(get_recipe("tfds-3.1.0"), {"en": ["fox"]})
    page_steps.setup_all(steps)
    recorder = Recorder()
    pages = [Page(f"https://example.com/{i}", f"example.com/{i}", text, "t") for i, text in
             enumerate([ENGLISH, GERMAN, ENGLISH.replace("fox", "cat")])]
    kept = list(page_steps.run_steps(steps, pages, recorder))
    assert [p.url for p in kept] == ["https://example.com/2"] and kept[0].language == "en"
    funnel, english, badwords = (recorder.counts[ns] for ns in ("funnel", "english-filter", "badwords-filter"))
    assert (funnel["dedup:pages"], funnel["english:pages"], funnel["badwords:pages"]) == (3, 2, 1)
    assert english["filtered:ignored_language-de"] == 1
    assert badwords["filtered"] == 1 and badwords["passed"] == 1
    assert recorder.counts["badwords-filter-en"] == {"filtered": 1, "passed": 1}  # as the reference counts
    rules = {rule for rule, _ in recorder.sampler.drain()}
    assert rules == {"english-filter:filtered:ignored_language-de", "badwords-filter:filtered"}
