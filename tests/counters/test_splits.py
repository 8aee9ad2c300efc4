"""Per-split and per-language sizes from the `output` counters."""

from __future__ import annotations

from c4pipe.counters.splits import per_language, per_split


def test_per_split_and_per_language():
    counters = {
        "output:pages:de": 3, "output:chars:de": 300, "output:shards:de": 1,
        "output:pages:de-validation": 1, "output:chars:de-validation": 90, "output:shards:de-validation": 1,
        "output:pages:zh-Latn": 5, "output:chars:zh-Latn": 900, "output:shards:zh-Latn": 2,
        "output:shards": 4, "language-filter:passed:de": 4,
    }
    splits = per_split(counters)
    assert list(splits) == ["de", "de-validation", "zh-Latn"]
    assert splits["zh-Latn"] == {"pages": 5, "chars": 900, "shards": 2}
    assert per_language(splits) == {
        "zh-Latn": {"pages": 5, "chars": 900, "validation_pages": 0, "validation_chars": 0},
        "de": {"pages": 3, "chars": 300, "validation_pages": 1, "validation_chars": 90},
    }
