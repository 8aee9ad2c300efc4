"""Local runs with `--workers N`: Beam in one process, the heavy steps in N forked workers.

Beam's own `multi_processing` mode runs a driver and N SDK worker processes, and every
element of every stage passes through the driver over gRPC; on two cores that driver is
a third busy process. Here Beam runs `in_memory`, in one process, and the DoFns that do
nearly all the work (the file stage, the URL stage, the dedup vote and removal with the
page steps, shard writing) hand their elements to a pool of N processes forked from the
driver: they share its imported libraries, and a task's result comes back with its
counters and reject samples, which the driver adds to Beam's metrics. Its big byte
values come back as files of the pool's spill directory (`beam_jobs.packed.Spilled`).
The shuffles and the joins stay in Beam. On a cluster runner no pool is open and the
same DoFns run their task inline, in the Beam worker.

The contract:
- A `Task` is picklable configuration with `setup()` (load tables, compile regexes;
  once per process) and `run(work, recorder)`, which yields (tag, value) pairs and
  counts and samples rejects through the `c4pipe.stages.recording.Recorder` it is
  given. Its result must not depend on which process runs it (tested). It reads the
  blobs it is given through `beam_jobs.packed.raw` or `unpack`.
- `PooledDoFn(task)` runs a task on each element: in the open `LocalPool`, else inline.
- `worker_pool(n)` opens the one `LocalPool` of this process for a pipeline run.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import pickle
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Iterable, Iterator, NamedTuple, Optional

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows

from beam_jobs.metrics import BeamCount
from beam_jobs.packed import Spiller
from c4pipe.counters.samples import per_rule
from c4pipe.stages.recording import Recorder

IN_FLIGHT_PER_WORKER = 2
"""Tasks queued per worker beyond the one it runs: keeps workers busy while the driver
takes results, and bounds the results held in the driver."""

SPILL_BYTES = 1 << 16
"""A pooled task's byte values of at least this size cross Beam as files of the pool's
spill directory (`beam_jobs.packed.Spilled`): the driver then moves references, not
the pages themselves, and does not hold them in memory."""


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

    def run(self, work, recorder: Recorder) -> Iterator[tuple]:
        """Yields (tag or None, value); None is the main output."""
        raise NotImplementedError


class TaskResult(NamedTuple):
    """What a pool worker sends back for one task."""

    outputs: list  # [(tag or None, value)]
    counts: dict  # {namespace: CounterDict}
    samples: list  # [(rule, sample)] from the recorder's RejectSampler


def live_recorder() -> Recorder:
    """A recorder that counts into Beam's metrics (a task running inline)."""
    return Recorder(make_count=BeamCount)


class LocalPool:
    """N forked worker processes, and the tasks submitted to them before Beam asked."""

    def __init__(self, workers: int):
        self.workers = workers
        self.max_pending = (1 + IN_FLIGHT_PER_WORKER) * workers
        self.spill_dir = tempfile.mkdtemp(prefix="c4pipe-spill-")  # under $TMPDIR
        self.executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
            initargs=(self.spill_dir,),
        )
        self.executor.submit(int)  # forks every worker now (fork start: all at once)
        self.prefetched: dict = {}  # task class -> {work: Future}

    def submit(self, task_blob: bytes, work: Any) -> Future:
        return self.executor.submit(_run_pooled, task_blob, work)

    def prefetch(self, task: Task, works: Iterable) -> None:
        blob = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        futures = self.prefetched.setdefault(type(task), {})
        for work in list(works)[: self.max_pending]:
            futures[work] = self.submit(blob, work)

    def take_prefetched(self, task: Task, work: Any) -> Optional[Future]:
        """The future of `work` if it was prefetched for this kind of task (taken once)."""
        futures = self.prefetched.get(type(task))
        return futures.pop(work, None) if futures else None

    def close(self) -> None:
        self.prefetched.clear()
        self.executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.spill_dir, ignore_errors=True)


_open_pool: Optional[LocalPool] = None
"""The pool `worker_pool` opened in this process, or None (tasks run inline)."""


def open_pool() -> Optional[LocalPool]:
    return _open_pool


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[LocalPool]:
    """Opens the pool of `workers` forked processes for the pipeline run in this block.

    Fork, not spawn: a worker starts with the driver's modules already imported (Beam,
    NumPy), so it costs no start-up. The workers are started here, before Beam's
    runner starts any thread. A worker that dies (killed for memory, say) fails the
    job with `BrokenProcessPool`; it never hangs it.
    """
    global _open_pool
    if _open_pool is not None:
        raise RuntimeError("a local worker pool is already open")
    pool = _open_pool = LocalPool(workers)
    try:
        yield pool
    finally:
        _open_pool = None
        pool.close()


def prefetch(task: Task, works: Iterable) -> None:
    """Starts `task` on the first `works` in the open pool now, while the driver still
    builds and plans the pipeline: the DoFn that runs `task` takes these results when
    Beam reaches those elements, instead of submitting them again."""
    _open_pool.prefetch(task, works)


_TASKS: dict = {}  # pickled task -> the task, set up; one per task per worker process
_spiller: Optional[Spiller] = None  # this worker's, set when the pool starts it


def _start_worker(spill_dir: str) -> None:
    global _spiller
    _spiller = Spiller(spill_dir, SPILL_BYTES)


def _run_pooled(task_blob: bytes, work: Any) -> TaskResult:
    task = _TASKS.get(task_blob)
    if task is None:
        task = _TASKS[task_blob] = pickle.loads(task_blob)
        task.setup()
    recorder = Recorder()
    outputs = [(tag, _spiller.spill(value)) for tag, value in task.run(work, recorder)]
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
        self.pool = open_pool()
        if self.pool is None:
            self.task.setup()
            self.recorder = live_recorder()
        else:
            self.task_blob = pickle.dumps(self.task, protocol=pickle.HIGHEST_PROTOCOL)
            self.counts = live_recorder()  # the pooled tasks' counts, added to Beam's metrics

    def start_bundle(self):
        self.pending: collections.deque = collections.deque()

    def process(self, element, *side_inputs):
        work = self.task.prepare(element, *side_inputs)
        if self.pool is None:
            for tag, value in self.task.run(work, self.recorder):
                yield value if tag is None else beam.pvalue.TaggedOutput(tag, value)
            return
        work = self.task.to_pool(work)
        future = self.pool.take_prefetched(self.task, work) or self.pool.submit(self.task_blob, work)
        self.pending.append(future)
        while self.pending and (len(self.pending) > self.pool.max_pending or self.pending[0].done()):
            yield from self._emit(self.pending.popleft().result())

    def finish_bundle(self):
        if self.pool is None:
            outputs = (beam.pvalue.TaggedOutput(self.rejects_tag, s) for s in per_rule(self.recorder.sampler.drain()))
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
            count = self.counts.count(namespace)
            for name, amount in counts.items():
                count(name, amount)
        for tag, value in result.outputs:
            yield value if tag is None else beam.pvalue.TaggedOutput(tag, value)
        for samples in per_rule(result.samples):
            yield beam.pvalue.TaggedOutput(self.rejects_tag, samples)
