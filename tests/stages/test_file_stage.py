"""`c4pipe.stages.file_stage`: length filter and clean_page per page, counted through a Recorder."""

from __future__ import annotations

import dataclasses

from c4pipe.recipes import get_recipe
from c4pipe.stages import file_stage
from c4pipe.stages.recording import Recorder
from c4pipe.text.sentences import count_sentences
from filters.page import Page

GOOD = "\n".join([
    "The museum opened a new exhibition about the history of the river valley this spring.",
    "Visitors can walk through rooms that show how farmers lived two hundred years ago.",
    "Local volunteers spent many months restoring the old tools and furniture on display.",
    "Read more",
])


def page(url: str, text: str) -> Page:
    return Page(url, url.split("//", 1)[1], text, "2019-04-18T10:38:25Z")


def test_pages_are_length_checked_cleaned_and_counted():
    recipe = dataclasses.replace(get_recipe("tfds-3.1.0"), max_page_length=len(GOOD))
    recorder = Recorder()
    pages = [page("http://a.example/1", GOOD), page("http://a.example/2", GOOD + "!"),
             page("http://a.example/3", "Too short.")]
    parsed = list(file_stage.process_pages(iter(pages), recipe, recorder, count_sentences))
    assert [p.page.url for p in parsed] == ["http://a.example/1", "http://a.example/3"]  # 2 is too long
    assert recorder.counts["too-long-filter"] == {"passed": 2, "filtered": 1}
    kept, dropped = parsed
    assert kept.kept and kept.page.text == GOOD.rsplit("\n", 1)[0]
    assert kept.raw_chars == len(GOOD)
    assert dict(kept.clean_counts) == {"line-passed": 3, "line-filtered:no_endmark": 1, "passed": 1}
    assert not dropped.kept and dropped.page.text == ""
    assert dict(dropped.clean_counts)["filtered:too_few_sentences"] == 1
    # clean_page's rejects are sampled under the reference's names, with the page's URL
    samples: dict = {}
    for rule, (_, url, text) in recorder.sampler.drain():
        samples.setdefault(rule, []).append((url, text))
    assert samples["clean-page:line-filtered:no_endmark"] == [("http://a.example/1", "Read more")]
    assert "clean-page:filtered:too_few_sentences" in samples


def test_noclean_keeps_the_text_and_counts_nothing_of_clean_page():
    recorder = Recorder()
    (parsed,) = file_stage.process_pages(iter([page("http://a.example/1", GOOD)]), get_recipe("noclean"),
                                         recorder, count_sentences)
    assert parsed.kept and parsed.page.text == GOOD and parsed.clean_counts == ()
    assert list(recorder.sampler.drain()) == []


def test_url_dedup_key_breaks_ties_by_the_raw_text():
    a, b = (file_stage.clean_one(page("http://a.example/1", text), get_recipe("noclean"), count_sentences)
            for text in ("one", "two"))
    assert a.url_dedup_key().timestamp == b.url_dedup_key().timestamp
    assert a.url_dedup_key().text_md5 != b.url_dedup_key().text_md5


def test_kept_pages_carry_their_sorted_dedup_unit_keys():
    from c4pipe.text.sentence_offsets import splitter
    from filters import line_dedup, span_dedup

    lines_recipe, spans_recipe = get_recipe("tfds-3.1.0"), get_recipe("c4")
    by_lines = file_stage.clean_one(page("http://a.example/1", GOOD), lines_recipe, count_sentences,
                                    unit_keys=file_stage.unit_key_packer(lines_recipe))
    assert by_lines.unit_keys == b"".join(sorted(line_dedup.line_keys(by_lines.page.text)))
    assert len(by_lines.unit_keys) == 16 * 3

    from beam_jobs.read_and_clean import _sentence_packer

    by_spans = file_stage.clean_one(page("http://a.example/1", GOOD), spans_recipe, count_sentences,
                                    pack_sentences=_sentence_packer(),
                                    unit_keys=file_stage.unit_key_packer(spans_recipe))
    text, offsets = by_spans.page.text, by_spans.sentence_offsets
    assert by_spans.unit_keys == b"".join(sorted(span_dedup.span_keys(text, splitter(text, offsets), 3)))
    assert by_spans.unit_keys

    dropped = file_stage.clean_one(page("http://a.example/3", "Too short."), lines_recipe, count_sentences,
                                   unit_keys=file_stage.unit_key_packer(lines_recipe))
    assert dropped.unit_keys == b""
    assert file_stage.unit_key_packer(get_recipe("noclean")) is None
