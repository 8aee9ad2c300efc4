"""How a rule reports what it did: an injected counter and, optionally, what it rejected.

A rule takes `count: Count` and calls `count("line-filtered:policy")` or
`count("filtered", 3)`, with the reference's counter names. The caller decides where
counts go: Beam's metrics (`beam_jobs.metrics.BeamCount`), or a `CounterDict` in tests
and pool workers. A rule that drops a line or a page also calls `on_reject(counter
name, text)` when given one: the run report samples rejects per rule.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

Count = Callable[..., None]  # count(name: str, amount: int = 1)
OnReject = Callable[[str, str], None]  # on_reject(counter name, rejected line or page text)


class CounterDict(Counter):
    """A plain dict of counter values with the `Count` call signature."""

    def __call__(self, name: str, amount: int = 1) -> None:
        self[name] += amount

