"""Beam Metrics counters in the `count(name, amount=1)` shape the pure filters take."""

from __future__ import annotations

from apache_beam.metrics import Metrics


class BeamCount:
    """A picklable `Count` for one namespace; counter objects are made on first use."""

    def __init__(self, namespace: str):
        self.namespace = namespace
        self._counters: dict = {}

    def __call__(self, name: str, amount: int = 1) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(self.namespace, name)
        counter.inc(amount)

    def __getstate__(self):
        return {"namespace": self.namespace}

    def __setstate__(self, state):
        self.namespace = state["namespace"]
        self._counters = {}


BEAM_SYSTEM_METRICS = "beam:metric:"
"""Counters the portable runners add on their own (element counts, bundle times): they
vary with bundling and runner, so they are not the run's counters."""


def counter_values(result) -> dict[str, int]:
    """{"namespace:name": value} from a finished pipeline, summed over steps."""
    values: dict[str, int] = {}
    for counter in result.metrics().query()["counters"]:
        name = f"{counter.key.metric.namespace}:{counter.key.metric.name}"
        if name.startswith(BEAM_SYSTEM_METRICS):
            continue
        value = counter.committed if counter.committed is not None else counter.attempted
        values[name] = values.get(name, 0) + int(value or 0)
    return dict(sorted(values.items()))
