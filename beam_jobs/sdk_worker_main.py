"""Beam's Python SDK worker (`apache_beam.runners.worker.sdk_worker_main`), with data
channel messages of at most `DATA_MESSAGE_BYTES`.

The runner queues up to 100 of a bundle's output messages before its task thread takes
them (`BeamFnDataInboundObserver`, in the job server's Java). Beam's Python SDK cuts
messages at 10 MB, so one bundle can fill 1 GB of a TaskManager's heap when the task
thread falls behind (sorting and spilling a shuffle), more than a TaskManager of a few
GB has (BENCHMARKS.md, "Flink"). Beam's Java SDK cuts at 1 MB; this does the same for
Python, which has no option for it, so a bundle holds at most about 100 MB.
`c4pipe-sdk-worker` (`beam_jobs.worker_boot`) starts this module.
"""

from __future__ import annotations

import runpy

DATA_MESSAGE_BYTES = 1 << 20

BEAM_MODULE = "apache_beam.runners.worker.sdk_worker_main"


def limit_data_messages(limit: int = DATA_MESSAGE_BYTES) -> None:
    """Sets the Python SDK's message cut, which it binds as a default argument too."""
    from apache_beam.runners.worker import data_plane

    old = data_plane._DEFAULT_SIZE_FLUSH_THRESHOLD
    data_plane._DEFAULT_SIZE_FLUSH_THRESHOLD = limit
    streams = (data_plane.SizeBasedBufferingClosableOutputStream, data_plane.TimeBasedBufferingClosableOutputStream)
    for stream in streams:
        init = stream.__init__
        init.__defaults__ = tuple(limit if value == old else value for value in init.__defaults__)


if __name__ == "__main__":
    limit_data_messages()
    runpy.run_module(BEAM_MODULE, run_name="__main__", alter_sys=True)
