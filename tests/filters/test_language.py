"""mC4's language rule: CLD3's language, `und` when unsure, a drop outside the kept languages."""

from __future__ import annotations

import pytest

from c4pipe.langid.cld3 import language_finder
from filters.counting import CounterDict
from filters.language import UNKNOWN_LANGUAGE, identify_language


def fixed(language, probability, reliable):
    return lambda text: (language, probability, reliable)


@pytest.mark.parametrize("result, expected, counters", [
    (("de", 0.99, True), "de", {"passed": 1, "passed:de": 1}),
    (("de", 0.95, True), "de", {"passed": 1, "passed:de": 1}),  # the threshold itself passes
    (("de", 0.9499, True), "und", {"filtered:low_confidence": 1, "passed": 1, "passed:und": 1}),
    (("de", 0.99, False), "und", {"filtered:no_predictions": 1, "passed": 1, "passed:und": 1}),
    (("hr", 0.99, True), None, {"filtered:ignored_language": 1}),
])
def test_rule(result, expected, counters):
    counts = CounterDict()
    assert identify_language("text", fixed(*result), {"de", "fr"}, counts) == expected
    assert counts == counters


def test_a_dropped_page_is_reported():
    rejected = []
    identify_language("tekst", fixed("hr", 1.0, True), {"de"}, CounterDict(),
                      on_reject=lambda rule, text: rejected.append((rule, text)))
    assert rejected == [("filtered:ignored_language", "tekst")]


def test_cld3_as_the_reference_configures_it():
    find = language_finder()
    german = ("Dies ist ein ziemlich langer deutscher Satz, der genug Bytes hat, um sicher erkannt zu werden. "
              "Der zweite Satz erzählt vom Wetter in Hamburg, wo es im Herbst oft regnet und stürmt.")
    language, probability, reliable = find(german)
    assert (language, reliable) == ("de", True) and probability > 0.95
    assert find("zu kurz") == (UNKNOWN_LANGUAGE, 0.0, False)  # under 100 bytes
    assert identify_language("zu kurz", find, {"de"}, CounterDict()) == UNKNOWN_LANGUAGE
