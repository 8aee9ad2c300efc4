"""Beam's Python SDK worker (`apache_beam.runners.worker.sdk_worker_main`), with data
channel messages of at most `DATA_MESSAGE_BYTES` and at most `SEND_QUEUE_BYTES` of
them held in memory.

The runner queues up to 100 of a bundle's output messages before its task thread takes
them (`BeamFnDataInboundObserver`, in the job server's Java). Beam's Python SDK cuts
messages at 10 MB, so one bundle can fill 1 GB of a TaskManager's heap when the task
thread falls behind (sorting and spilling a shuffle), more than a TaskManager of a few
GB has (BENCHMARKS.md, "Flink"). Beam's Java SDK cuts at 1 MB; this does the same for
Python, which has no option for it, so a bundle holds at most about 100 MB.

The worker's side of the same wait: Beam's Flink runner (batch) makes a whole partition
one bundle and reads its outputs only after sending all of its inputs, and meanwhile the
Python SDK queues every output message in memory (`data_plane._GrpcDataChannel._to_send`,
unbounded). Bounding that queue would stop the worker reading the inputs the runner is
still sending; instead the queue keeps `SEND_QUEUE_BYTES` in memory and spills the rest
to a temporary file (`beam_jobs.spilling_queue`, in `TMPDIR`), so the output a worker
holds no longer follows the size of its partition.

`c4pipe-sdk-worker` (`beam_jobs.worker_boot`) starts this module.
"""

from __future__ import annotations

import os
import runpy

DATA_MESSAGE_BYTES = 1 << 20

SEND_QUEUE_BYTES = 64 << 20
SEND_QUEUE_MB_VARIABLE = "C4PIPE_WORKER_SEND_QUEUE_MB"
"""The environment variable that overrides `SEND_QUEUE_BYTES`, in MB, for the workers a
TaskManager started with it (CI sets 1, so that its cluster tests go through the spill)."""

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


def send_queue_bytes(environ) -> int:
    """`SEND_QUEUE_BYTES`, or the MB that `SEND_QUEUE_MB_VARIABLE` names."""
    value = environ.get(SEND_QUEUE_MB_VARIABLE)
    if value is None:
        return SEND_QUEUE_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        raise SystemExit(f"c4pipe-sdk-worker: {SEND_QUEUE_MB_VARIABLE}={value!r} is not a number of MB") from None
    return int(megabytes * (1 << 20))


def spill_outgoing_messages(memory_bytes: int = SEND_QUEUE_BYTES) -> None:
    """Every data channel made from now on queues its outgoing messages in a
    `SpillingQueue` of `memory_bytes`."""
    from apache_beam.portability.api import beam_fn_api_pb2
    from apache_beam.runners.worker import data_plane

    from beam_jobs.spilling_queue import SpillingQueue

    channel = data_plane._GrpcDataChannel
    if getattr(channel.__init__, "spills", False):
        return
    finished = channel._WRITES_FINISHED
    kinds = {b"D": beam_fn_api_pb2.Elements.Data, b"T": beam_fn_api_pb2.Elements.Timers}

    def dump(item) -> bytes:
        if item is finished:
            return b"F"
        return (b"T" if isinstance(item, beam_fn_api_pb2.Elements.Timers) else b"D") + item.SerializeToString()

    def load(data: bytes):
        if data == b"F":
            return finished
        return kinds[data[:1]].FromString(data[1:])

    init = channel.__init__

    def spilling_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._to_send = SpillingQueue(memory_bytes, lambda item: item.ByteSize(), dump, load)

    spilling_init.spills = True
    channel.__init__ = spilling_init


if __name__ == "__main__":
    limit_data_messages()
    spill_outgoing_messages(send_queue_bytes(os.environ))
    runpy.run_module(BEAM_MODULE, run_name="__main__", alter_sys=True)
