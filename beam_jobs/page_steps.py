"""The per-page filters after dedup, as a chain of small steps: English, bad words, funnel counts.

A step is picklable configuration with `setup()` (once per process) and
`__call__(page, recorder) -> Page or None` (None: dropped). It counts through
`recorder.count(namespace)` and samples its rejects with `recorder.reject` (see
`beam_jobs.local_pool.Recorder`). The chain runs inside the dedup bucket task (or, with
no dedup, on batches of pages), so a page has its duplicates removed, its language
identified and its words checked in one pass, in one process, with no Beam step between.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional

import apache_beam as beam

from beam_jobs.local_pool import PooledDoFn, Task
from beam_jobs.observe import FUNNEL_NAMESPACE, REJECTS, count_stage
from filters.page import Page
from c4pipe.recipes import Recipe
from filters import badwords, english


class CountFunnel:
    """Counts the pages and characters that reach `stage` (the report's funnel)."""

    def __init__(self, stage: str):
        self.stage = stage

    def setup(self) -> None:
        pass

    def __call__(self, page: Page, recorder) -> Page:
        count_stage(recorder.count(FUNNEL_NAMESPACE), self.stage, len(page.text))
        return page


class KeepEnglish:
    def __init__(self, langid: str, min_probability: float):
        self.langid, self.min_probability = langid, min_probability

    def setup(self) -> None:
        from c4pipe.langid import get_detector

        self.detect_langs = get_detector(self.langid).detect_langs

    def __call__(self, page: Page, recorder) -> Optional[Page]:
        count = recorder.count(english.COUNTER_NAMESPACE)
        reasons: list = []

        def count_reason(name: str, amount: int = 1) -> None:
            count(name, amount)
            reasons.append(name)

        if english.is_english(page.text, self.detect_langs, count_reason, self.min_probability):
            return page._replace(language="en")
        recorder.reject(f"{english.COUNTER_NAMESPACE}:{reasons[-1]}", page.url, page.text)
        return None


class DropBadWords:
    """`words` are loaded in the driver, so workers never fetch the list."""

    def __init__(self, words: Iterable[str], lang: str):
        self.words, self.lang = tuple(words), lang

    def setup(self) -> None:
        self.regex = badwords.badwords_regex(list(self.words), self.lang)

    def __call__(self, page: Page, recorder) -> Optional[Page]:
        if badwords.has_no_badwords(page.text, self.regex, recorder.count(badwords.COUNTER_NAMESPACE)):
            return page
        recorder.reject(f"{badwords.COUNTER_NAMESPACE}:filtered", page.url, page.text)
        return None


def after_dedup(recipe: Recipe, words: Iterable[str]) -> tuple:
    """The steps from dedup's output to the writer, in the reference's order."""
    steps: list = [CountFunnel("dedup")] if recipe.dedup != "none" else []
    steps += [KeepEnglish(recipe.langid, recipe.min_english_probability), CountFunnel("english")]
    if recipe.badwords == "page":
        steps += [DropBadWords(words, recipe.badwords_lang), CountFunnel("badwords")]
    return tuple(steps)


def setup_all(steps: tuple) -> None:
    for step in steps:
        step.setup()


def run_steps(steps: tuple, pages: Iterable[Page], recorder) -> Iterator[Page]:
    """The pages that pass every step, in order."""
    for page in pages:
        for step in steps:
            page = step(page, recorder)
            if page is None:
                break
        else:
            yield page


class StepsTask(Task):
    """A batch of pages through `steps` (the no-dedup recipes' path)."""

    def __init__(self, steps: tuple):
        self.steps = steps

    def setup(self) -> None:
        setup_all(self.steps)

    def run(self, pages: list, recorder):
        for page in run_steps(self.steps, pages, recorder):
            yield None, page


class RunSteps(beam.PTransform):
    """Page -> Page through `steps`, in batches (a pool worker's task is a batch)."""

    def __init__(self, steps: tuple):
        super().__init__()
        self.steps = steps

    def expand(self, pages):
        return (
            pages
            | "Batch" >> beam.BatchElements(min_batch_size=64, max_batch_size=256)
            | "Steps" >> beam.ParDo(PooledDoFn(StepsTask(self.steps), REJECTS)).with_outputs(REJECTS, main="pages")
        )
