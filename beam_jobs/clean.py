"""Per-page Beam steps: length, newest URL, clean_page, English, bad words."""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from c4pipe.pages import Page
from c4pipe.recipes import Recipe
from filters import badwords, clean_page, english, length, url_dedup


class DropTooLong(beam.PTransform):
    def __init__(self, max_length: int):
        super().__init__()
        self.max_length = max_length

    def expand(self, pages):
        count = BeamCount(length.COUNTER_NAMESPACE)
        max_length = self.max_length
        return pages | beam.Filter(lambda page: length.is_valid_length(page, max_length, count))


class _NewestPage(beam.CombineFn):
    """(newest page, how many pages had this URL); a combiner, so no per-URL lists."""

    def create_accumulator(self):
        return None, 0

    def add_input(self, accumulator, page):
        best, seen = accumulator
        return (page if best is None else url_dedup.newer_page(best, page)), seen + 1

    def merge_accumulators(self, accumulators):
        best, seen = None, 0
        for page, n in accumulators:
            if page is not None:
                best = page if best is None else url_dedup.newer_page(best, page)
            seen += n
        return best, seen

    def extract_output(self, accumulator):
        return accumulator


class KeepNewestPerUrl(beam.PTransform):
    def expand(self, pages):
        count = BeamCount(url_dedup.COUNTER_NAMESPACE)

        def counted(kept):
            page, seen = kept
            count("filtered", seen - 1)
            count("passed")
            return page

        return (
            pages
            | "KeyByNormalizedUrl" >> beam.Map(lambda page: (page.normalized_url, page))
            | "NewestPerUrl" >> beam.CombinePerKey(_NewestPage())
            | "Unkey" >> beam.Map(lambda kv: counted(kv[1]))
        )


class _CleanPage(beam.DoFn):
    def __init__(self, recipe: Recipe):
        self.recipe = recipe

    def setup(self):
        from c4pipe.sentences import split_sentences

        self.count = BeamCount(clean_page.COUNTER_NAMESPACE)
        self.count_sentences = lambda line: len(split_sentences(line))

    def process(self, page: Page):
        text = clean_page.clean_text(
            page.text,
            self.count_sentences,
            self.count,
            min_words_per_line=self.recipe.min_words_per_line,
            min_sentences=self.recipe.min_sentences,
            max_word_length=self.recipe.max_word_length,
        )
        if text is not None:
            yield page._replace(text=text)


class CleanPages(beam.PTransform):
    def __init__(self, recipe: Recipe):
        super().__init__()
        self.recipe = recipe

    def expand(self, pages):
        return pages | beam.ParDo(_CleanPage(self.recipe))


class _KeepEnglish(beam.DoFn):
    def __init__(self, langid: str, min_probability: float):
        self.langid, self.min_probability = langid, min_probability

    def setup(self):
        from c4pipe.langid import get_detector

        self.detect_langs = get_detector(self.langid).detect_langs
        self.count = BeamCount(english.COUNTER_NAMESPACE)

    def process(self, page: Page):
        if english.is_english(page.text, self.detect_langs, self.count, self.min_probability):
            yield page._replace(language="en")


class KeepEnglish(beam.PTransform):
    def __init__(self, langid: str, min_probability: float):
        super().__init__()
        self.langid, self.min_probability = langid, min_probability

    def expand(self, pages):
        return pages | beam.ParDo(_KeepEnglish(self.langid, self.min_probability))


class _DropBadWords(beam.DoFn):
    def __init__(self, words: list[str], lang: str):
        self.words, self.lang = words, lang

    def setup(self):
        self.regex = badwords.badwords_regex(self.words, self.lang)
        self.count = BeamCount(badwords.COUNTER_NAMESPACE)

    def process(self, page: Page):
        if badwords.has_no_badwords(page.text, self.regex, self.count):
            yield page


class DropBadWords(beam.PTransform):
    """`words` are loaded in the driver, so workers never fetch the list."""

    def __init__(self, words: list[str], lang: str = "en"):
        super().__init__()
        self.words, self.lang = words, lang

    def expand(self, pages):
        return pages | beam.ParDo(_DropBadWords(self.words, self.lang))
