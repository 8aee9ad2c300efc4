"""The one way the pipeline's stages count and sample what they reject.

A stage gets a `Recorder`: `count(namespace)` is the `Count` its rules take, and
`reject(rule, url, text)` offers a rejected line or page to the run report's sample.
Where the counts go depends on where the stage runs, not on the stage: into Beam's
metrics when a task runs inline in a Beam worker, into plain dicts when it runs in a
local pool worker (which sends them back to the driver, see `beam_jobs.local_pool`).
"""

from __future__ import annotations

from typing import Callable

from c4pipe.counters.samples import RejectSampler
from filters.counting import Count, CounterDict


class Recorder:
    def __init__(self, make_count: Callable[[str], Count] = lambda namespace: CounterDict()):
        """`make_count(namespace)` builds the `Count` for a namespace on first use
        (a `CounterDict` by default; `beam_jobs.metrics.BeamCount` for live metrics)."""
        self.counts: dict = {}  # namespace -> its Count
        self.sampler = RejectSampler()
        self._make_count = make_count

    def count(self, namespace: str) -> Count:
        counter = self.counts.get(namespace)
        if counter is None:
            counter = self.counts[namespace] = self._make_count(namespace)
        return counter

    def reject(self, rule: str, url: str, text: str) -> None:
        self.sampler.offer(rule, url, text)
