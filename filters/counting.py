"""Counters injected into the pure filters.

A filter takes `count: Count` and calls `count("line-filtered:policy")` or
`count("filtered", 3)`. Beam wraps Metrics counters in this signature (see
`beam_jobs.metrics`); tests pass a `CounterDict`.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

Count = Callable[..., None]  # count(name: str, amount: int = 1)


class CounterDict(Counter):
    """A plain dict of counter values with the `Count` call signature."""

    def __call__(self, name: str, amount: int = 1) -> None:
        self[name] += amount


def discard(name: str, amount: int = 1) -> None:
    """A `Count` that counts nothing."""
