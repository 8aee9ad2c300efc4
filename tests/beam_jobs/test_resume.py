"""Resume: a run killed with SIGKILL and rerun with the same command redoes no finished
input file and writes byte-identical output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from c4pipe.io.workdir import FileResults
from c4pipe.synth import generate_corpus
from tests.fixtures.paths import LDNOOBW_DIR
from tests.fixtures.pipeline_runs import all_files

pytestmark = pytest.mark.slow


def command(inputs: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "c4pipe.cli", "run", "--input", str(inputs), "--output", str(output),
            "--recipe", "tfds-3.1.0", "--badwords-dir", str(LDNOOBW_DIR), "--workers", "1",
            "--formats", "json,tfrecord", "--no-progress"]


def finished_inputs(output: Path) -> list[str]:
    work = output / "_work"
    if not work.is_dir():
        return []
    roots = [p for p in work.iterdir() if p.is_dir()]
    return [meta["path"] for root in roots for meta in FileResults(str(work), root.name).done_metas()]


def test_killed_run_resumes_to_identical_output(tmp_path):
    inputs = tmp_path / "wet"
    generate_corpus(inputs, pages=1200, seed=3, files=16)
    subprocess.run(command(inputs, tmp_path / "straight"), check=True, capture_output=True)

    interrupted = tmp_path / "interrupted"
    process = subprocess.Popen(command(inputs, interrupted), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not finished_inputs(interrupted):
        assert process.poll() is None, "the run ended before any input file was finished"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    done = finished_inputs(interrupted)
    assert 0 < len(done) < 16
    # Proof that finished files are not read again: break them. A rerun that re-read
    # them would count them as not WARC and write different output.
    for path in done:
        Path(path).write_bytes(b"overwritten after the kill: not a WARC file\n")

    rerun = subprocess.run(command(inputs, interrupted), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"resuming: {len(done)} of 16 input files are already done" in rerun.stderr
    straight, resumed = all_files(tmp_path / "straight"), all_files(interrupted)
    assert straight.keys() == resumed.keys()
    for name in straight:
        assert straight[name] == resumed[name], name
    assert not (interrupted / "_work").exists()
