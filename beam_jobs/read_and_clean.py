"""The per-input-file stage in Beam: read a WET file, parse, length, clean_page; its
pages leave as one blob per URL bucket (`beam_jobs.url_dedup`), where clean_page's
outcome is applied to the page that won its URL.

One element per input file, spread across workers by a reshuffle. With a work
directory, each file's result is saved (`c4pipe.io.workdir`) and a rerun of the same
command replays it, counters and reject samples included, instead of reading the
file again.
"""

from __future__ import annotations

from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from beam_jobs.local_pool import PooledDoFn, Task
from beam_jobs.report_data import REJECTS
from beam_jobs.url_dedup import by_url_bucket
from c4pipe.counters import names
from c4pipe.counters.names import count_stage, length_bucket
from c4pipe.counters.samples import per_rule
from c4pipe.io import wet
from c4pipe.io.workdir import FileResults, fingerprint
from c4pipe.recipes import Recipe
from c4pipe.stages import file_stage
from c4pipe.stages.recording import Recorder
from c4pipe.text import sentence_offsets


def open_raw(path: str):
    """The raw bytes: warcio decompresses gzip itself, much faster than Beam does.

    HTTP(S) inputs (Common Crawl's public endpoint) stream through a reader that
    retries and resumes with range requests; everything else goes through Beam's
    file systems (local, gs://, s3://).
    """
    if path.startswith(("http://", "https://")):
        from c4pipe.io.http_stream import open_url

        return open_url(path)
    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


class _CountingStream:
    """Counts the bytes read through it (the progress bar's 'bytes processed')."""

    def __init__(self, stream, tally: list):
        self._stream, self._tally = stream, tally

    def read(self, size=-1):
        data = self._stream.read(size)
        self._tally[0] += len(data)
        return data

    def close(self):
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _SavingRecorder(Recorder):
    """Counts through the task's recorder and keeps every value, and keeps the reject
    samples itself: the file's saved result replays both on resume."""

    def __init__(self, recorder: Recorder):
        super().__init__()
        self._recorder = recorder
        self._both: dict = {}

    def count(self, namespace: str):
        both = self._both.get(namespace)
        if both is None:
            both = self._both[namespace] = _CountBoth(self._recorder.count(namespace), super().count(namespace))
        return both

    def saved_counters(self) -> dict:
        """{"namespace:name": value} of everything counted."""
        return {f"{ns}:{name}": value for ns, counts in self.counts.items() for name, value in counts.items()}


class _CountBoth:
    def __init__(self, first, second):
        self.first, self.second = first, second

    def __call__(self, name: str, amount: int = 1) -> None:
        self.first(name, amount)
        self.second(name, amount)


class FileTask(Task):
    """One input file -> its ParsedPages as (URL bucket, blob) (`beam_jobs.url_dedup.by_url_bucket`),
    plus (REJECTS, (rule, samples)) for clean_page's rejects."""

    def __init__(self, recipe: Recipe, work_dir: Optional[str], badwords: tuple, buckets: int):
        self.recipe, self.work_dir, self.badwords, self.buckets = recipe, work_dir, badwords, buckets

    def setup(self):
        from c4pipe.text.sentences import count_sentences
        from filters.badwords import line_badwords_regex

        self.count_sentences = count_sentences
        self.pack_sentences = _sentence_packer() if self.recipe.dedup == "spans" else None
        self.unit_keys = file_stage.unit_key_packer(self.recipe)
        self.line_badwords = line_badwords_regex(self.badwords) if self.recipe.badwords == "line" else None
        self.results = FileResults(self.work_dir, fingerprint(self.recipe)) if self.work_dir else None

    def run(self, path: str, recorder: Recorder):
        if self.results is not None:
            done = self.results.load(path)
            if done is not None:
                meta, pages = done
                for key, value in meta["counters"].items():
                    namespace, name = key.split(":", 1)
                    recorder.count(namespace)(name, value)
                for rule_samples in per_rule(meta["samples"]):
                    yield REJECTS, rule_samples
                for bucket_blob in by_url_bucket(pages, self.buckets):
                    yield None, bucket_blob
                return
        saving = _SavingRecorder(recorder)
        count_funnel = saving.count(names.FUNNEL)
        bytes_read = [0]
        writer = self.results.writer(path) if self.results is not None else None
        pages = wet.read_wet(
            lambda: _CountingStream(open_raw(path), bytes_read), path, saving.count(wet.COUNTER_NAMESPACE),
            max_chars=self.recipe.max_page_length,
        )
        parsed_pages = file_stage.process_pages(
            _observe_parsed(pages, count_funnel, saving.count(names.HISTOGRAM)),
            self.recipe,
            saving,
            self.count_sentences,
            line_badwords=self.line_badwords,
            pack_sentences=self.pack_sentences,
            unit_keys=self.unit_keys,
        )
        kept, all_parsed = 0, []
        try:
            for parsed in parsed_pages:
                count_stage(count_funnel, "not_too_long", parsed.raw_chars)
                kept += parsed.kept
                if writer is not None:
                    writer.add(parsed)
                all_parsed.append(parsed)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        for bucket_blob in by_url_bucket(all_parsed, self.buckets):
            yield None, bucket_blob
        saving.count(names.INPUT)("bytes", bytes_read[0])
        samples = list(saving.sampler.drain())
        for rule_samples in per_rule(samples):
            yield REJECTS, rule_samples
        if writer is not None:
            counters = saving.saved_counters()
            writer.commit(
                {"path": path, "bytes": bytes_read[0], "pages": counters.get(names.PAGES_IN, 0),
                 "cleaned_pages": kept, "counters": counters, "samples": samples}
            )


def _sentence_packer():
    from c4pipe.text.sentences import english_tokenizer

    span_tokenize = english_tokenizer().span_tokenize
    return lambda text: sentence_offsets.pack(text, span_tokenize)


def _observe_parsed(pages, count_funnel, count_histogram):
    for page in pages:
        count_stage(count_funnel, "parsed", len(page.text))
        count_histogram(f"chars_before:{length_bucket(len(page.text))}")
        yield page


class ReadAndClean(beam.PTransform):
    """Input paths -> (URL bucket, blob of ParsedPages: cleaned, not yet deduplicated),
    plus REJECTS samples. `buckets`: how many URL buckets (`unit_votes.bucket_count`)."""

    def __init__(self, paths: list[str], recipe: Recipe, buckets: int, work_dir: Optional[str] = None,
                 badwords: tuple = ()):
        super().__init__()
        self.paths, self.recipe, self.buckets = sorted(paths), recipe, buckets
        self.work_dir, self.badwords = work_dir, tuple(badwords)

    def expand(self, pbegin):
        return (
            pbegin
            | "WetPaths" >> beam.Create(self.paths)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ParseAndClean" >> beam.ParDo(
                PooledDoFn(FileTask(self.recipe, self.work_dir, self.badwords, self.buckets), REJECTS)
            ).with_outputs(REJECTS, main="pages")
        )
