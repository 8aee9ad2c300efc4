"""The per-page steps after dedup, in the reference's order: language (English, or mC4's
CLD3 languages), bad words, and the funnel counts between them.

A step (`PageStep`) is picklable configuration: `setup()` builds what it needs once per
process (a language detector, a regex), and `step(page, recorder)` returns the page,
changed or not, or None when it drops it. Steps run as a chain (`run_steps`) inside
the dedup task, so a page has its duplicates removed, its language identified and its
words checked in one pass, in one process.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping, Optional, Protocol

from c4pipe.counters.names import FUNNEL, count_stage
from c4pipe.recipes import Recipe
from c4pipe.stages.recording import Recorder
from filters import badwords, english, language
from filters.page import Page


class PageStep(Protocol):
    def setup(self) -> None: ...

    def __call__(self, page: Page, recorder: Recorder) -> Optional[Page]: ...


class CountFunnel:
    """Counts the pages and characters that reach `stage` (the report's funnel)."""

    def __init__(self, stage: str):
        self.stage = stage

    def setup(self) -> None:
        pass

    def __call__(self, page: Page, recorder: Recorder) -> Page:
        count_stage(recorder.count(FUNNEL), self.stage, len(page.text))
        return page


class KeepEnglish:
    def __init__(self, langid: str, min_probability: float):
        self.langid, self.min_probability = langid, min_probability

    def setup(self) -> None:
        from c4pipe.langid import get_detector

        self.detect_langs = get_detector(self.langid).detect_langs

    def __call__(self, page: Page, recorder: Recorder) -> Optional[Page]:
        def on_reject(rule: str, text: str) -> None:
            recorder.reject(f"{english.COUNTER_NAMESPACE}:{rule}", page.url, text)

        count = recorder.count(english.COUNTER_NAMESPACE)
        if english.is_english(page.text, self.detect_langs, count, self.min_probability, on_reject):
            return page._replace(language="en")
        return None


class IdentifyLanguage:
    """mC4: CLD3 names the page's language (`filters.language`)."""

    def __init__(self, languages: tuple, min_probability: float):
        self.languages, self.min_probability = frozenset(languages), min_probability

    def setup(self) -> None:
        from c4pipe.langid.cld3 import language_finder

        self.find_language = language_finder()

    def __call__(self, page: Page, recorder: Recorder) -> Optional[Page]:
        def on_reject(rule: str, text: str) -> None:
            recorder.reject(f"{language.COUNTER_NAMESPACE}:{rule}", page.url, text)

        count = recorder.count(language.COUNTER_NAMESPACE)
        found = language.identify_language(
            page.text, self.find_language, self.languages, count, self.min_probability, on_reject)
        return None if found is None else page._replace(language=found)


class DropBadWords:
    """`lists` ({list file: entries}) are loaded in the driver, so workers never fetch them."""

    def __init__(self, lists: Mapping[str, tuple], fraction: float):
        self.lists, self.fraction = {name: tuple(words) for name, words in lists.items()}, fraction

    def setup(self) -> None:
        self.regexes = badwords.language_regexes(self.lists)

    def __call__(self, page: Page, recorder: Recorder) -> Optional[Page]:
        def on_reject(rule: str, text: str) -> None:
            recorder.reject(f"{badwords.COUNTER_NAMESPACE}:{rule}", page.url, text)

        keep = badwords.has_no_badwords(
            page.text, page.language, self.regexes, recorder.count(badwords.COUNTER_NAMESPACE), recorder.count,
            page.normalized_url, self.fraction, on_reject,
        )
        return page if keep else None


def after_dedup(recipe: Recipe, lists: Mapping[str, tuple]) -> tuple[PageStep, ...]:
    """The steps from dedup's output to the writer, in the reference's order. `lists`:
    the bad-words lists, {list file: entries}."""
    steps: list = [CountFunnel("dedup")] if recipe.dedup != "none" else []
    if recipe.language_filter == "cld3":
        steps += [IdentifyLanguage(recipe.languages, recipe.min_language_probability), CountFunnel("language")]
    else:
        steps += [KeepEnglish(recipe.langid, recipe.min_english_probability), CountFunnel("english")]
    if recipe.badwords == "page":
        steps += [DropBadWords(lists, recipe.badwords_fraction), CountFunnel("badwords")]
    return tuple(steps)


def setup_all(steps: Iterable[PageStep]) -> None:
    for step in steps:
        step.setup()


def run_steps(steps: tuple[PageStep, ...], pages: Iterable[Page], recorder: Recorder) -> Iterator[Page]:
    """The pages that pass every step, in order."""
    for page in pages:
        for step in steps:
            page = step(page, recorder)
            if page is None:
                break
        else:
            yield page
