"""Pages cross a shuffle as bytes that the pipeline pickles itself.

Beam's local runner decodes and re-encodes every value it groups, in its one
process. A page record is not a Beam primitive, so Beam's coder would pickle it: the
runner would unpickle and re-pickle every page at every shuffle. As bytes, it copies
them, and the workers pickle once on each side. On a cluster runner the shuffle
service never decodes values, so it costs nothing there.

In a local pool (`beam_jobs.local_pool`) even copying is a serial part: a worker's big
byte values are written to a file of the run's spill directory and cross Beam as a
`Spilled` reference, which the consuming task reads back. So whatever reads a blob
reads it through `raw` or `unpack`, which take either form.
"""

from __future__ import annotations

import os
import pickle
from typing import Any, NamedTuple, Union


class Spilled(NamedTuple):
    """Bytes that a local pool worker wrote to a file instead of sending them through Beam."""

    path: str


Blob = Union[bytes, Spilled]


def pack(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def raw(blob: Blob) -> bytes:
    if isinstance(blob, Spilled):
        with open(blob.path, "rb") as f:
            return f.read()
    return blob


def unpack(blob: Blob) -> Any:
    return pickle.loads(raw(blob))


class Spiller:
    """Writes byte values of at least `min_bytes` into `directory`, one file each, and
    gives back their `Spilled` references; the directory's owner removes it."""

    def __init__(self, directory: str, min_bytes: int):
        self.directory, self.min_bytes = directory, min_bytes
        self._written = 0

    def spill(self, value: Any) -> Any:
        """`value` with its big bytes spilled: bytes, or tuples holding them, at any depth."""
        if isinstance(value, bytes):
            return self._write(value) if len(value) >= self.min_bytes else value
        if type(value) is tuple:
            return tuple(self.spill(item) for item in value)
        return value

    def _write(self, data: bytes) -> Spilled:
        self._written += 1
        path = os.path.join(self.directory, f"{os.getpid()}-{self._written}")
        with open(path, "wb") as f:
            f.write(data)
        return Spilled(path)
