"""Hypothesis property tests: FastLangDetect == langdetect on generated text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.langid_corpus import outcome

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# Characters from the blocks langdetect treats specially, plus a few others.
_SPECIAL = ("abcxyzABCXYZ  \n\t.,-'@:/0123456789àéîõüßÀÉ\xa0ĀăČșțȘȚ"
            "αβγΑΒΓабвгАБВГשלוםمرحباییनमसतেবাংলা"
            "ぁあいアイウㄅㄆ中文字漢國가나다ṠạảấỲỹ\u0300\u0301\u0303\u0309\u0323"
            "\u2013\u2019\u201c“”…€™😀")
_WORD_PARTS = ["the", "and", "ing", "der", "und", "les", "que", "ción", "это", "的",
               "http://ex.com/a", "me@ex.org", "A", "B", "USA", "Ng", "Việt", "  ", "\n"]


@SETTINGS
@given(st.text(max_size=300))
def test_random_unicode(fast_detector, reference_detector, text):
    assert outcome(fast_detector, text) == outcome(reference_detector, text)


@SETTINGS
@given(st.text(alphabet=_SPECIAL, max_size=400))
def test_special_blocks(fast_detector, reference_detector, text):
    assert outcome(fast_detector, text) == outcome(reference_detector, text)


@SETTINGS
@given(st.lists(st.sampled_from(_WORD_PARTS), max_size=120).map(" ".join))
def test_word_soup(fast_detector, reference_detector, text):
    assert outcome(fast_detector, text) == outcome(reference_detector, text)
