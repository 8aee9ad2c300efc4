"""Beam's Flink runner as c4pipe runs it: the pinned job server, Python workers as processes.

`c4pipe run --runner flink` submits to a Flink session cluster (`--flink-master
HOST:PORT`) or, without one, to an embedded Flink inside the job server (`[local]`).
Beam's own Flink options (`--parallelism`, `--max_parallelism`, `--flink_conf_dir`,
`--environment_type`, ...) pass through unchanged; c4pipe only fills in what Beam would
otherwise get wrong here: the job-server jar (from the cache, never downloaded at run
time) and, unless the command names one, the PROCESS environment with
`c4pipe-sdk-worker` (Beam's default on a real master is DOCKER).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from typing import Optional, Sequence

from apache_beam.options.pipeline_options import PipelineOptions

from c4pipe.io.flink_job_server import require_jar

RUNNER_NAMES = ("flink", "FlinkRunner")
WORKER_PROGRAM = "c4pipe-sdk-worker"  # beam_jobs.worker_boot, a console script of this package


class FlinkBatchOptions(PipelineOptions):
    """Options of Beam's Java Flink runner that its Python SDK does not declare: declared
    here, Python parses them and hands them to the job server with the others."""

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--execution_mode_for_batch", default=None, choices=["PIPELINED", "BATCH", "BATCH_FORCED"],
            help="Flink's exchange mode for a batch job: BATCH_FORCED makes every shuffle blocking, so a job "
                 "can run at a parallelism above the cluster's slots, one partition after another",
        )


def is_flink(runner: Optional[str]) -> bool:
    return runner in RUNNER_NAMES


def _given(beam_args: Sequence[str], option: str) -> bool:
    return any(arg == option or arg.startswith(option + "=") for arg in beam_args)


def worker_program() -> str:
    """`c4pipe-sdk-worker` beside this Python (the same environment), else on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), WORKER_PROGRAM)
    found = beside if os.access(beside, os.X_OK) else shutil.which(WORKER_PROGRAM)
    if not found:
        raise FileNotFoundError(f"{WORKER_PROGRAM} is not installed beside {sys.executable} (pip install c4pipe)")
    return found


def flink_options(master: Optional[str], beam_args: Sequence[str]) -> list[str]:
    """The Beam options for a Flink run, c4pipe's defaults first, the command's own after.

    Raises `c4pipe.io.assets.AssetError` (one line) when the job-server jar is missing.
    """
    args = list(beam_args)
    options = [f"--flink_master={master or '[local]'}"]
    if not _given(args, "--flink_job_server_jar"):
        options.append(f"--flink_job_server_jar={require_jar()}")
    for arg in args:
        if arg.startswith("--flink_job_server_jar=") and not os.path.isfile(arg.split("=", 1)[1]):
            raise FileNotFoundError(f"{arg}: no such file")
    if not _given(args, "--environment_type"):
        options += ["--environment_type=PROCESS", "--environment_config=" + json.dumps({"command": worker_program()})]
    return options + args
