"""`filters.english.is_english`: langdetect's top prediction must be `en` with p >= 0.99.

Covered with a fake `detect_langs`: the 0.99 boundary (>=), low confidence (checked
before the language, as the reference), another language (both
`filtered:ignored_language` and `filtered:ignored_language-xx`), `en` only as second
prediction, empty predictions, LangDetectException, a custom `min_probability`, that
the detector sees the text unchanged, and `on_reject` (most specific counter). A
property pins the whole decision table and "exactly one outcome per page". With the
real detector (`get_detector("fast")`): clearly English passes, clearly German is
`ignored_language-de`, text without letters raises and is counted.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

from filters.counting import CounterDict
from filters.english import COUNTER_NAMESPACE, is_english


def fake(*predictions):
    """A `detect_langs` that returns `predictions` and records what it was given."""

    def detect_langs(text):
        detect_langs.seen.append(text)
        return list(predictions)

    detect_langs.seen = []
    return detect_langs


def run(detect_langs, **kwargs):
    counts = CounterDict()
    return is_english("Some page text.", detect_langs, counts, **kwargs), dict(counts)


def test_passes_at_exactly_0_99():
    assert run(fake(("en", 0.99))) == (True, {"passed": 1})


def test_just_below_0_99_is_low_confidence():
    assert run(fake(("en", 0.9899999999))) == (False, {"filtered:low_confidence": 1})


def test_other_language_counts_both_counters():
    assert run(fake(("de", 0.999), ("en", 0.001))) == (
        False, {"filtered:ignored_language": 1, "filtered:ignored_language-de": 1}
    )


def test_low_confidence_is_checked_before_the_language():
    assert run(fake(("fr", 0.6), ("en", 0.4))) == (False, {"filtered:low_confidence": 1})


def test_only_the_top_prediction_counts():
    # Predictions are best first; `en` second, even above 0.99 in a malformed list, is ignored.
    assert run(fake(("nl", 0.995), ("en", 0.995)))[1] == {
        "filtered:ignored_language": 1, "filtered:ignored_language-nl": 1
    }


def test_empty_predictions():
    assert run(fake()) == (False, {"filtered:no_predictions": 1})


def test_langdetect_exception():
    def raises(text):
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")

    assert run(raises) == (False, {"filtered:langdetect_exception": 1})


def test_other_exceptions_propagate():
    def broken(text):
        raise ValueError("not a langdetect error")

    with pytest.raises(ValueError):
        run(broken)


def test_custom_min_probability():
    assert run(fake(("en", 0.6)), min_probability=0.5) == (True, {"passed": 1})
    assert run(fake(("en", 0.5)), min_probability=0.5) == (True, {"passed": 1})
    assert run(fake(("en", 0.49)), min_probability=0.5) == (False, {"filtered:low_confidence": 1})
    assert run(fake(("en", 0.999)), min_probability=1.0) == (False, {"filtered:low_confidence": 1})


def test_detector_sees_the_text_unchanged():
    detect = fake(("en", 1.0))
    counts = CounterDict()
    text = "  Mixed CASE text,\nwith lines.  "
    assert is_english(text, detect, counts)
    assert detect.seen == [text]


def test_on_reject_sees_the_page_under_its_most_specific_counter():
    rejected = []
    text = "Ein Text."
    for detect in (fake(("de", 1.0)), fake(("en", 0.5)), fake(), fake(("en", 1.0))):
        is_english(text, detect, CounterDict(), on_reject=lambda name, page: rejected.append((name, page)))
    assert rejected == [
        ("filtered:ignored_language-de", text), ("filtered:low_confidence", text), ("filtered:no_predictions", text)
    ]


def test_counter_namespace():
    assert COUNTER_NAMESPACE == "english-filter"


languages = st.sampled_from(["en", "de", "fr", "zh-cn"])
probabilities = st.sampled_from([0.0, 0.5, 0.9899999, 0.99, 0.9900001, 1.0])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(languages, probabilities), max_size=3), st.sampled_from([0.5, 0.99]))
def test_decision_table(predictions, min_probability):
    kept, counts = run(fake(*predictions), min_probability=min_probability)
    if not predictions:
        expected = {"filtered:no_predictions": 1}
    elif predictions[0][1] < min_probability:
        expected = {"filtered:low_confidence": 1}
    elif predictions[0][0] != "en":
        lang = predictions[0][0]
        expected = {"filtered:ignored_language": 1, f"filtered:ignored_language-{lang}": 1}
    else:
        expected = {"passed": 1}
    assert counts == expected
    assert kept == (expected == {"passed": 1})


# --- the real detector ----------------------------------------------------------------


@pytest.fixture(scope="module")
def detect_langs():
    from c4pipe.langid import get_detector

    return get_detector("fast").detect_langs


ENGLISH = (
    "The city council met on Tuesday evening to discuss the new budget for public schools. "
    "Several parents spoke about the need for more teachers and smaller classes, and the "
    "mayor promised to publish a detailed plan before the end of the month."
)
GERMAN = (
    "Der Stadtrat hat am Dienstagabend über den neuen Haushalt für die öffentlichen Schulen "
    "beraten. Mehrere Eltern sprachen über den Bedarf an zusätzlichen Lehrern und kleineren "
    "Klassen, und der Bürgermeister versprach, bis Ende des Monats einen Plan vorzulegen."
)


def test_real_detector_english_passes(detect_langs):
    counts = CounterDict()
    assert is_english(ENGLISH, detect_langs, counts) is True
    assert dict(counts) == {"passed": 1}


def test_real_detector_german_is_ignored_language_de(detect_langs):
    counts = CounterDict()
    assert is_english(GERMAN, detect_langs, counts) is False
    assert dict(counts) == {"filtered:ignored_language": 1, "filtered:ignored_language-de": 1}


def test_real_detector_text_without_letters_raises_and_is_counted(detect_langs):
    counts = CounterDict()
    assert is_english("1234 5678 -- 90", detect_langs, counts) is False
    assert dict(counts) == {"filtered:langdetect_exception": 1}
