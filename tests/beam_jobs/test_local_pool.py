"""`beam_jobs.local_pool`: a task gives the same outputs, counters and samples inline or pooled."""

from __future__ import annotations

import os

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from beam_jobs import local_pool
from beam_jobs.local_pool import PooledDoFn, Task, worker_pool
from beam_jobs.metrics import counter_values
from beam_jobs.packed import Spilled, Spiller, pack, raw, unpack
from c4pipe.counters.samples import smallest

SETUPS = 0  # setup() calls in this process
COLLECTED: dict = {}  # what a test pipeline's outputs were (the in-memory runner runs in this process)


def _collect(values, name):
    COLLECTED[name] = sorted(values)


class _Squares(Task):
    """n -> n*n, except multiples of 3 (rejected and sampled); multiples of 5 also on "fives"."""

    def setup(self):
        global SETUPS
        SETUPS += 1

    def run(self, n, recorder):
        count = recorder.count("toy")
        count("seen")
        if n % 3 == 0:
            count("rejected")
            recorder.reject("toy:thirds", f"https://example.com/{n}", f"text {n % 21}")
            return
        yield None, (n * n, os.getpid(), SETUPS)
        if n % 5 == 0:
            yield "fives", n


class _Fails(Task):
    def run(self, n, recorder):
        if n == 7:
            raise ValueError("bad element 7")
        yield None, n


def _run(task, elements, workers: int, prefetched=()):
    """(main outputs, fives, samples, counters) of `task` over `elements`; with a pool,
    `prefetched` elements are submitted before the pipeline is built."""
    if workers == 1:
        return _outputs_of(_toy_pipeline(task, elements))
    with worker_pool(workers) as pool:
        local_pool.prefetch(task, prefetched)
        outputs = _outputs_of(_toy_pipeline(task, elements))
        assert not any(pool.prefetched.values())  # the DoFn took every prefetched result
    return outputs


def _toy_pipeline(task, elements) -> beam.Pipeline:
    COLLECTED.clear()
    pipeline = beam.Pipeline(runner=FnApiRunner(), options=PipelineOptions(["--direct_running_mode=in_memory"]))
    out = (
        pipeline
        | beam.Create(elements)
        | beam.ParDo(PooledDoFn(task, "rejects")).with_outputs("rejects", "fives", main="main")
    )
    for name in ("main", "fives", "rejects"):
        _ = out[name] | f"All{name}" >> beam.combiners.ToList() | f"Keep{name}" >> beam.Map(_collect, name)
    return pipeline


def _outputs_of(pipeline: beam.Pipeline) -> tuple:
    result = pipeline.run()
    result.wait_until_finish()
    return COLLECTED["main"], COLLECTED["fives"], COLLECTED["rejects"], counter_values(result)


def test_pooled_and_inline_runs_give_the_same_outputs_counters_and_samples():
    elements = list(range(1, 301))
    inline = _run(_Squares(), elements, workers=1)
    pooled = _run(_Squares(), elements, workers=2)
    expected = sorted(n * n for n in elements if n % 3)
    for main, fives, rejects, counters in (inline, pooled):
        assert [square for square, _, _ in main] == expected
        assert fives == [n for n in elements if n % 5 == 0 and n % 3]
        assert counters == {"toy:rejected": 100, "toy:seen": 300}
    # samples are kept per bundle inline and per task pooled; the run's sample is the same
    assert smallest([s for _, ss in inline[2] for s in ss]) == smallest([s for _, ss in pooled[2] for s in ss])
    assert len(smallest([s for _, ss in pooled[2] for s in ss])) == 5
    assert {rule for rule, _ in inline[2] + pooled[2]} == {"toy:thirds"}  # one element per rule per task


def test_prefetched_elements_are_taken_not_run_again():
    elements = list(range(1, 31))
    main, fives, _, counters = _run(_Squares(), elements, workers=2, prefetched=[2, 4, 5])
    assert [square for square, _, _ in main] == sorted(n * n for n in elements if n % 3)
    assert counters == {"toy:rejected": 10, "toy:seen": 30}  # 2, 4 and 5 counted once


def test_pooled_tasks_run_in_worker_processes_set_up_once_each():
    setups_here = SETUPS  # what a forked worker starts with
    main, _, _, _ = _run(_Squares(), list(range(1, 201)), workers=2)
    pids = {pid for _, pid, _ in main}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert {setups for _, _, setups in main} == {setups_here + 1}
    assert SETUPS == setups_here  # nothing was set up in the driver


def test_a_failing_task_fails_the_job_with_its_error_and_closes_the_pool():
    with pytest.raises(Exception, match="bad element 7"):
        _run(_Fails(), list(range(20)), workers=2)
    assert local_pool.open_pool() is None


def test_one_pool_at_a_time():
    with worker_pool(2):
        assert local_pool.open_pool() is not None
        with pytest.raises(RuntimeError, match="already open"):
            with worker_pool(2):
                pass
    assert local_pool.open_pool() is None


class _Dies(Task):
    def run(self, n, recorder):
        if n == 5:
            os._exit(3)  # as if killed for memory
        yield None, n


def test_a_worker_that_dies_fails_the_job_instead_of_hanging_it():
    with pytest.raises(Exception, match="terminated abruptly"):  # BrokenProcessPool, maybe wrapped by Beam
        _run(_Dies(), list(range(20)), workers=2)
    assert local_pool.open_pool() is None


class _Blobs(Task):
    """n -> (n, a blob of n KiB) and, on "fives", (n, (the blob,)); reads a blob it is given."""

    def run(self, work, recorder):
        if isinstance(work, tuple):  # (n, a blob from an earlier task)
            n, blob = work
            yield None, (n, len(raw(blob)))
            return
        blob = bytes([work % 256]) * (work << 10)
        yield None, (work, blob)
        yield "fives", (work, (blob,))


def test_big_values_cross_beam_as_spilled_files_and_read_back_the_same():
    elements = [1, 63, 64, 200]  # KiB: below, at and above the spill size
    with worker_pool(2) as pool:
        main, fives, _, _ = _outputs_of(_toy_pipeline(_Blobs(), elements))
        spilled = {n: blob for n, blob in main}
        assert {n for n, blob in spilled.items() if isinstance(blob, Spilled)} == {64, 200}
        assert all(raw(spilled[n]) == bytes([n % 256]) * (n << 10) for n in elements)
        assert [(n, len(raw(blob))) for n, (blob,) in fives] == [(n, n << 10) for n in elements]
        # a later task reads them in a worker
        again, _, _, _ = _outputs_of(_toy_pipeline(_Blobs(), list(spilled.items())))
        assert again == [(n, n << 10) for n in elements]
        spill_dir = pool.spill_dir
        assert len(os.listdir(spill_dir)) == 4
    assert not os.path.exists(spill_dir)


def test_spiller_spills_big_bytes_at_any_tuple_depth_only(tmp_path):
    spiller = Spiller(str(tmp_path), min_bytes=4)
    out = spiller.spill((1, b"abc", (b"abcd", [b"abcdef"]), "text" * 9))
    assert out[:2] == (1, b"abc") and out[3] == "text" * 9
    assert isinstance(out[2][0], Spilled) and raw(out[2][0]) == b"abcd"
    assert out[2][1] == [b"abcdef"]  # lists are a task's own values: left alone
    assert unpack(spiller.spill(pack({"a": "b" * 10}))) == {"a": "b" * 10}
