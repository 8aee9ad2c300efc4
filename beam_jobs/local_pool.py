"""Local runs with `--workers N`: Beam in one process, the heavy steps in N forked workers.

Beam's own `multi_processing` mode runs a driver and N SDK worker processes, and every
element of every stage passes through the driver over gRPC. On two cores that driver
was a third busy process: two workers reached 1.22x one worker's speed at 10,000 pages,
at 1.4x the reference's memory.

Here Beam runs `in_memory`, in one process, and the DoFns that do nearly all the
work (the file stage, dedup removal with the English and bad-words filters, shard
writing) hand their elements to a pool of N processes forked from the driver: they
share its imported libraries, and a task's result comes back with its counters and
reject samples, which the driver adds to Beam's metrics. The shuffles, the vote and the
joins stay in Beam. On a cluster runner no pool is open and the same DoFns run their
task inline.

A task (`Task`) is picklable configuration with `setup()` (load tables, compile
regexes; once per process) and `run(work, recorder)`, which yields (tag, value) pairs
and counts through the recorder. It must not depend on which process runs it: the
result is the same inline or pooled (tested).
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Iterable, Iterator, NamedTuple, Optional

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows

from beam_jobs.metrics import BeamCount
from filters.counting import CounterDict
from c4pipe.report.samples import RejectSampler

_POOL = None
"""The pool `worker_pool` opened in this process, or None (inline)."""
_POOL_WORKERS = 0
_PREFETCHED: dict = {}  # task class -> {work: Future}, submitted before Beam reached the element

IN_FLIGHT_PER_WORKER = 2
"""Tasks queued per worker beyond the one it runs: keeps workers busy while the driver
takes results, and bounds the results held in the driver."""


class Task:
    """What a `PooledDoFn` runs; subclasses hold only picklable configuration."""

    def setup(self) -> None:
        """Builds what `run` needs (tables, regexes), once per process."""

    def prepare(self, element, *side_inputs):
        """The picklable work for `run`, from an element and the DoFn's side inputs."""
        return element

    def to_pool(self, work):
        """`work` made picklable (lazy iterables as lists) for a pool worker."""
        return work

    def run(self, work, recorder: "Recorder") -> Iterator[tuple]:
        """Yields (tag or None, value); None is the main output. Counts and rejects
        go to `recorder`."""
        raise NotImplementedError


class TaskResult(NamedTuple):
    outputs: list  # [(tag or None, value)]
    counts: dict  # {namespace: CounterDict}
    samples: list  # [(rule, sample)] from the recorder's RejectSampler


class Recorder:
    """Where a task counts and samples its rejects: Beam's metrics when the task runs
    inline, a dict when it runs in a pool worker (the driver adds it to the metrics)."""

    def __init__(self, live: bool):
        self.counts: dict = {}  # namespace -> its BeamCount (live) or CounterDict
        self.sampler = RejectSampler()
        self._live = live

    def count(self, namespace: str):
        """A `Count` for `namespace`."""
        counter = self.counts.get(namespace)
        if counter is None:
            counter = self.counts[namespace] = BeamCount(namespace) if self._live else CounterDict()
        return counter

    def reject(self, rule: str, url: str, text: str) -> None:
        self.sampler.offer(rule, url, text)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[None]:
    """Opens the pool of `workers` forked processes for the pipeline run in this block.

    Fork, not spawn: a worker starts with the driver's modules already imported (Beam,
    NumPy), so it costs no start-up. The workers are started here, before Beam's
    runner starts any thread. A worker that dies (killed for memory, say) fails the
    job with `BrokenProcessPool`; it never hangs it.
    """
    global _POOL, _POOL_WORKERS
    if _POOL is not None:
        raise RuntimeError("a local worker pool is already open")
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int)  # forks every worker now (fork start: all at once)
    _POOL, _POOL_WORKERS = pool, workers
    try:
        yield
    finally:
        _POOL = None
        _PREFETCHED.clear()
        pool.shutdown(wait=True, cancel_futures=True)


def prefetch(task: Task, works: Iterable) -> None:
    """Starts `task` on the first `works` now, while the driver still builds and plans
    the pipeline (about a second and a half): the DoFn that runs `task` takes these
    results when Beam reaches those elements, instead of submitting them again."""
    blob = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
    futures = _PREFETCHED.setdefault(type(task), {})
    for work in list(works)[: (1 + IN_FLIGHT_PER_WORKER) * _POOL_WORKERS]:
        futures[work] = _POOL.submit(_run_pooled, blob, work)


_TASKS: dict = {}  # pickled task -> the task, set up; one per task per worker process


def _run_pooled(task_blob: bytes, work: Any) -> TaskResult:
    task = _TASKS.get(task_blob)
    if task is None:
        task = _TASKS[task_blob] = pickle.loads(task_blob)
        task.setup()
    recorder = Recorder(live=False)
    outputs = list(task.run(work, recorder))
    return TaskResult(outputs, recorder.counts, list(recorder.sampler.drain()))


class PooledDoFn(beam.DoFn):
    """Runs `task` on each element: in the open local pool, else inline.

    Pooled results are emitted in the order the elements came, as they finish; the
    rest at the end of the bundle. Inline, outputs stream as the task yields them.
    """

    def __init__(self, task: Task, rejects_tag: Optional[str] = None):
        """`rejects_tag`: the output for the task's reject samples (it must have one if
        it calls `recorder.reject`)."""
        self.task, self.rejects_tag = task, rejects_tag

    def setup(self):
        self.pool = _POOL
        if self.pool is None:
            self.task.setup()
            self.recorder = Recorder(live=True)
        else:
            self.task_blob = pickle.dumps(self.task, protocol=pickle.HIGHEST_PROTOCOL)
            self.max_pending = (1 + IN_FLIGHT_PER_WORKER) * _POOL_WORKERS
            self.counts: dict = {}  # namespace -> BeamCount

    def start_bundle(self):
        self.pending: collections.deque = collections.deque()

    def process(self, element, *side_inputs):
        work = self.task.prepare(element, *side_inputs)
        if self.pool is None:
            for tag, value in self.task.run(work, self.recorder):
                yield value if tag is None else beam.pvalue.TaggedOutput(tag, value)
            return
        work = self.task.to_pool(work)
        prefetched = _PREFETCHED.get(type(self.task))  # a dict of hashable works, or None
        future = prefetched.pop(work, None) if prefetched else None
        self.pending.append(future or self.pool.submit(_run_pooled, self.task_blob, work))
        while self.pending and (len(self.pending) > self.max_pending or self.pending[0].done()):
            yield from self._emit(self.pending.popleft().result())

    def finish_bundle(self):
        if self.pool is None:
            outputs = (beam.pvalue.TaggedOutput(self.rejects_tag, s) for s in self.recorder.sampler.drain())
        else:
            outputs = (output for result in self._drain_pending() for output in self._emit(result))
        for output in outputs:
            if isinstance(output, beam.pvalue.TaggedOutput):
                yield beam.pvalue.TaggedOutput(output.tag, GlobalWindows.windowed_value(output.value))
            else:
                yield GlobalWindows.windowed_value(output)

    def _drain_pending(self):
        while self.pending:
            yield self.pending.popleft().result()

    def _emit(self, result: TaskResult):
        for namespace, counts in result.counts.items():
            count = self.counts.get(namespace)
            if count is None:
                count = self.counts[namespace] = BeamCount(namespace)
            for name, amount in counts.items():
                count(name, amount)
        for tag, value in result.outputs:
            yield value if tag is None else beam.pvalue.TaggedOutput(tag, value)
        for sample in result.samples:
            yield beam.pvalue.TaggedOutput(self.rejects_tag, sample)
