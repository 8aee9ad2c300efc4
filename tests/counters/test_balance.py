"""`c4pipe.counters.balance`: a run balances only if no page and no shuffled row is lost."""

from __future__ import annotations

from c4pipe.counters.balance import balance

BALANCED = {
    "split-wet-file:passed": 10, "split-wet-file:filtered:no_url": 3, "output:pages:train": 4,
    "output:pages:validation": 1, "too-long-filter:filtered": 1, "clean-page:filtered:too_few_sentences": 2,
    "clean-page:line-filtered:policy": 9, "english-filter:filtered:ignored_language": 2,
    "english-filter:filtered:ignored_language-de": 2, "funnel:written:pages": 5,
}


def test_pages_in_equal_pages_out_plus_page_drops():
    result = balance(BALANCED)
    assert result["balanced"]
    assert (result["pages_in"], result["pages_out"], result["pages_dropped"]) == (10, 5, 5)
    # records that never became pages, dropped lines and the per-language breakdown are not page drops
    assert result["dropped"] == {
        "too-long-filter:filtered": 1, "clean-page:filtered:too_few_sentences": 2,
        "english-filter:filtered:ignored_language": 2,
    }


def test_a_lost_page_unbalances_the_run():
    assert not balance({**BALANCED, "output:pages:train": 3})["balanced"]
    assert not balance({**BALANCED, "badwords-filter:filtered": 1})["balanced"]


def test_a_shuffle_that_loses_rows_unbalances_the_run():
    counters = {
        "split-wet-file:passed": 2, "output:pages:train": 2, "dedup-join:units_offered": 10,
        "dedup-join:units_counted": 10, "dedup-join:kept_sent": 8, "dedup-join:kept_received": 8,
        "dedup-join:pages_sent": 2, "dedup-join:pages_received": 2,
    }
    assert balance(counters)["balanced"]
    lost_keys = {**counters, "dedup-join:kept_received": 7}
    result = balance(lost_keys)
    assert not result["balanced"]
    assert result["shuffles"]["dedup kept units"] == {"sent": 8, "received": 7, "balanced": False}
    assert result["pages_in"] == result["pages_out"] + result["pages_dropped"]  # the pages alone would pass
