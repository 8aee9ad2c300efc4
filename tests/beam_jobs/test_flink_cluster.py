"""`c4pipe run --runner flink` on a real Flink session cluster (scripts/flink/cluster.sh:
one JobManager, two TaskManagers, Python workers as processes of their own), against
the local runner: the same bytes, the same counters, and the same bytes again after a
TaskManager or a Python worker is killed mid-job.

The cluster is named by C4PIPE_FLINK_MASTER (HOST:PORT of its REST API). CI starts one
and sets C4PIPE_REQUIRE_FLINK=1, which turns a missing cluster into a failure.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from beam_jobs.sdk_worker_main import SEND_QUEUE_MB_VARIABLE
from c4pipe.cli import main
from c4pipe.io.atomic import TEMPORARY_SUFFIX
from c4pipe.io.flink_job_server import jar_path
from c4pipe.synth import generate_corpus
from tests.fixtures.http_server import FixtureServer
from tests.fixtures.paths import LDNOOBW_DIR
from tests.fixtures.pipeline_runs import all_files, multilingual_corpus, run

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "scripts" / "flink" / "cluster.sh"
MASTER = os.environ.get("C4PIPE_FLINK_MASTER")
REQUIRED = os.environ.get("C4PIPE_REQUIRE_FLINK") == "1"


def _missing(what: str):
    if REQUIRED:
        pytest.fail(f"C4PIPE_REQUIRE_FLINK=1 but {what}")
    pytest.skip(what)


@pytest.fixture(scope="module")
def master() -> str:
    if not jar_path().is_file():
        _missing(f"no Flink job server jar at {jar_path()} (c4pipe flink install)")
    if not MASTER:
        _missing("no Flink cluster (C4PIPE_FLINK_MASTER; scripts/flink/cluster.sh start)")
    try:
        _rest("/overview")
    except OSError as error:
        _missing(f"the Flink cluster at {MASTER} does not answer: {error}")
    return MASTER


def _rest(path: str):
    with urllib.request.urlopen(f"http://{MASTER}{path}", timeout=10) as response:
        return json.load(response)


def _flink_argv(inputs, output: Path, recipe: str, extra=(), parallelism=2) -> list[str]:
    return ["run", "--input", *map(str, inputs), "--output", str(output), "--recipe", recipe,
            "--badwords-dir", str(LDNOOBW_DIR), "--runner", "flink", "--flink-master", MASTER,
            f"--parallelism={parallelism}", *extra]


def _assert_same_output(local: Path, on_flink: Path) -> None:
    expected, actual = all_files(local), all_files(on_flink)
    assert sorted(actual) == sorted(expected)  # no partial, temporary or duplicate shard
    for name in expected:
        assert actual[name] == expected[name], name
    assert not [p for p in on_flink.rglob("*") if TEMPORARY_SUFFIX.search(p.name)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared_wet_files) -> list[Path]:
    """Generated pages over four files, plus the real WET files of ../shared/data."""
    root = tmp_path_factory.mktemp("flink-corpus")
    return [*generate_corpus(root, pages=1500, seed=14, files=4), *shared_wet_files]


@pytest.fixture(scope="module")
def spm_model(tmp_path_factory, corpus) -> Path:
    root = tmp_path_factory.mktemp("flink-vocab")
    run(corpus[:2], root / "text", recipe="c4", extra=["--formats", "json", "--num-shards", "2"])
    model = root / "spm.model"
    assert main(["vocab", "--input", str(root / "text"), "--output", str(model), "--vocab-size", "400"]) == 0
    return model


def test_c4_with_tokenized_shards_matches_the_local_runner(master, corpus, spm_model, tmp_path):
    extra = ["--num-shards", "4", "--spm-model", str(spm_model)]
    local = run(corpus, tmp_path / "local", recipe="c4", extra=extra)
    assert main(_flink_argv(corpus, tmp_path / "flink", "c4", extra)) == 0
    on_flink = json.loads((tmp_path / "flink" / "stats.json").read_text())
    assert on_flink == local and local["balance"]["balanced"]  # every counter, both balances
    assert all(s["sent"] > 0 for s in local["balance"]["shuffles"].values())
    assert (tmp_path / "flink" / "tokenized" / "train.tfrecord-00000-of-00004").is_file()
    _assert_same_output(tmp_path / "local", tmp_path / "flink")


def test_tfds_3_1_0_matches_the_local_runner(master, corpus, tmp_path):
    """On CI's cluster the Python workers keep 1 MB of outgoing messages in memory, so this
    job's bundles go through the spill file (`beam_jobs.spilling_queue`), which they log."""
    spills = _spill_log_lines()
    local = run(corpus, tmp_path / "local", recipe="tfds-3.1.0", extra=["--num-shards", "3"])
    assert main(_flink_argv(corpus, tmp_path / "flink", "tfds-3.1.0", ["--num-shards", "3"])) == 0
    assert json.loads((tmp_path / "flink" / "stats.json").read_text()) == local
    _assert_same_output(tmp_path / "local", tmp_path / "flink")
    if _taskmanager_environment().get(SEND_QUEUE_MB_VARIABLE) == "1":
        assert _spill_log_lines() > spills


def test_the_cluster_gives_two_malloc_arenas_and_ci_makes_python_workers_spill(master):
    """scripts/flink/cluster.sh: MALLOC_ARENA_MAX=2 for the TaskManagers and the Python
    workers they start; .ci/run also sets the workers' send queue to 1 MB (see above)."""
    environment = _taskmanager_environment()
    assert environment.get("MALLOC_ARENA_MAX") == "2"
    if environment.get(SEND_QUEUE_MB_VARIABLE) != "1":
        _missing(f"the cluster was started without {SEND_QUEUE_MB_VARIABLE}=1 (.ci/run sets it)")


def test_mc4_with_tokenized_shards_matches_the_local_runner(master, spm_model, tmp_path):
    """Per-language splits, shard counts from every split's size and per-split token stats:
    side inputs the English recipes do not exercise."""
    wet = multilingual_corpus(tmp_path / "wet", files=3)
    extra = ["--spm-model", str(spm_model)]
    local = run(wet, tmp_path / "local", recipe="mc4", extra=extra)
    assert main(_flink_argv(wet, tmp_path / "flink", "mc4", extra)) == 0
    assert json.loads((tmp_path / "flink" / "stats.json").read_text()) == local and local["balance"]["balanced"]
    assert (tmp_path / "flink" / "tokenized" / "de.tfrecord-00000-of-00001").is_file()
    _assert_same_output(tmp_path / "local", tmp_path / "flink")


def test_embedded_flink_without_a_master(master, shared_wet_files, tmp_path):
    """No --flink-master: the job server runs Flink inside itself ([local])."""
    local = run(shared_wet_files, tmp_path / "local", recipe="c4")
    argv = ["run", "--input", *map(str, shared_wet_files), "--output", str(tmp_path / "flink"), "--recipe", "c4",
            "--badwords-dir", str(LDNOOBW_DIR), "--runner", "flink"]
    assert main(argv) == 0
    assert json.loads((tmp_path / "flink" / "stats.json").read_text()) == local
    _assert_same_output(tmp_path / "local", tmp_path / "flink")


def test_crawl_served_over_http_on_flink(master, shared_wet_files, tmp_path):
    crawl = "CC-MAIN-2019-18"
    paths = [f"crawl-data/{crawl}/segments/1/wet/{i:05d}.warc.wet.gz" for i in range(3)]
    bodies = [gzip.compress(Path(p).read_bytes()) if not str(p).endswith(".gz") else Path(p).read_bytes()
              for p in shared_wet_files[:3]]
    with FixtureServer() as server:
        server.add(f"/crawl-data/{crawl}/wet.paths.gz", gzip.compress("\n".join(paths).encode() + b"\n"))
        for path, body in zip(paths, bodies):
            server.add(f"/{path}", body)
        crawl_run = ["run", "--crawl", crawl, "--cc-base-url", server.base_url, "--wet-files", "3",
                     "--badwords-dir", str(LDNOOBW_DIR)]
        assert main([*crawl_run, "--output", str(tmp_path / "local")]) == 0
        on_flink = ["--runner", "flink", "--flink-master", master, "--parallelism=2"]
        assert main([*crawl_run, "--output", str(tmp_path / "flink"), *on_flink]) == 0
        assert len([r for r in server.requests() if r.path.endswith(".warc.wet.gz")]) >= 6  # both runs read them
    stats = json.loads((tmp_path / "flink" / "stats.json").read_text())
    assert stats["inputs"] == 3 and stats["balance"]["pages_in"] > 0
    assert stats == json.loads((tmp_path / "local" / "stats.json").read_text())
    _assert_same_output(tmp_path / "local", tmp_path / "flink")


# --- faults -------------------------------------------------------------------------

def _state_dir() -> Path:
    return Path(os.environ.get("C4PIPE_FLINK_DIR", REPO / ".flink-cluster"))


def _taskmanager_pids() -> list[int]:
    pid_file = _state_dir() / "pid" / f"flink-{os.environ.get('USER', 'root')}-taskexecutor.pid"
    pids = [int(line) for line in pid_file.read_text().split()] if pid_file.is_file() else []
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


def _taskmanager_environment() -> dict:
    raw = Path(f"/proc/{_taskmanager_pids()[0]}/environ").read_bytes().decode(errors="replace")
    return dict(entry.split("=", 1) for entry in raw.split("\0") if "=" in entry)


def _spill_log_lines() -> int:
    """How many times the TaskManagers' Python workers have logged a first spill."""
    logs = (_state_dir() / "log").glob("flink-*-taskexecutor-*.log*")
    return sum(path.read_text(errors="replace").count("c4pipe: spilling queued items") for path in logs)


def _python_worker_pids() -> list[int]:
    """Beam SDK workers the TaskManagers started (c4pipe-sdk-worker execs sdk_worker_main)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and b"sdk_worker_main" in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def _busiest_python_worker() -> int | None:
    """The Python worker with the most CPU time: one in the middle of a task. A worker
    whose stage has just ended may be stopped anyway, and killing it proves nothing."""
    def cpu_ticks(pid: int) -> int:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return -1
        return int(fields[11]) + int(fields[12])  # utime + stime

    return max(_python_worker_pids(), key=cpu_ticks, default=None)


def _run_and_kill(argv: list[str], pick_victim, log: Path) -> str:
    """Starts `c4pipe run` as a process; once its Flink job has finished a few tasks,
    kills the process `pick_victim()` names with SIGKILL. Returns the job's id."""
    known = {job["jid"] for job in _rest("/jobs/overview")["jobs"]}
    c4pipe = shutil.which("c4pipe", path=os.path.dirname(sys.executable)) or "c4pipe"
    with open(log, "wb") as out:
        process = subprocess.Popen([c4pipe, *argv], stdout=out, stderr=subprocess.STDOUT)
        job, victim, deadline = None, None, time.monotonic() + 600
        while process.poll() is None and time.monotonic() < deadline:
            jobs = [j for j in _rest("/jobs/overview")["jobs"] if j["jid"] not in known]
            if jobs and victim is None:
                job = jobs[0]
                if job["state"] == "RUNNING" and job["tasks"]["finished"] >= 4:
                    victim = pick_victim()
                    if victim:
                        os.kill(victim, signal.SIGKILL)
            time.sleep(0.5)
        rc = process.wait(timeout=max(1, deadline - time.monotonic()))
    assert victim, f"nothing to kill while the job ran ({log.read_text()[-2000:]})"
    assert rc == 0, log.read_text()[-4000:]
    return job["jid"]


def _restarts(jid: str) -> int:
    history = _rest(f"/jobs/{jid}/exceptions")
    return len(history.get("exceptionHistory", {}).get("entries", [])) or len(history.get("all-exceptions", []))


@pytest.fixture
def reference_output(corpus, tmp_path) -> Path:
    run(corpus, tmp_path / "local", recipe="tfds-3.1.0", extra=["--num-shards", "3"])
    return tmp_path / "local"


def test_a_taskmanager_killed_mid_job(master, corpus, reference_output, tmp_path):
    before = len(_taskmanager_pids())
    assert before >= 2
    try:
        argv = _flink_argv(corpus, tmp_path / "flink", "tfds-3.1.0", ["--num-shards", "3"])
        jid = _run_and_kill(argv, lambda: _taskmanager_pids()[0], tmp_path / "run.log")
    finally:
        subprocess.run(["bash", str(CLUSTER), "add-taskmanager"], check=True, capture_output=True, timeout=180)
    assert _restarts(jid) >= 1  # the kill did hit the job, and Flink restarted it
    _assert_same_output(reference_output, tmp_path / "flink")


def test_a_python_worker_killed_mid_job(master, corpus, reference_output, tmp_path):
    argv = _flink_argv(corpus, tmp_path / "flink", "tfds-3.1.0", ["--num-shards", "3"])
    jid = _run_and_kill(argv, _busiest_python_worker, tmp_path / "run.log")
    assert _restarts(jid) >= 1
    _assert_same_output(reference_output, tmp_path / "flink")
