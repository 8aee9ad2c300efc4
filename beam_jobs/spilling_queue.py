"""A first-in first-out queue that keeps at most a fixed number of bytes in memory and
the rest in a temporary file, in order.

The Python SDK worker queues every output message of a bundle until the runner takes it.
Beam's Flink runner (batch) takes a bundle's outputs only once it has sent all of the
bundle's inputs, and a bundle there is a whole partition, so an unbounded queue makes a
worker's memory follow the size of the largest partition it is given
(`beam_jobs.sdk_worker_main`). With this queue the worker holds `memory_bytes` and the
local disk holds the rest, as Flink's own sorters spill theirs.

It implements what the data channel uses of `queue.Queue`: `put`, `get` and `get_nowait`.
No Beam import: the caller says how to measure, write and read an item.
"""

from __future__ import annotations

import collections
import logging
import queue
import struct
import tempfile
import threading
from typing import Any, Callable, Optional

_LENGTH = struct.Struct("<Q")
_LOGGER = logging.getLogger(__name__)


class SpillingQueue:
    """FIFO of items: in memory while they fit in `memory_bytes` (or while one is alone
    there, whatever its size), else appended to a file.

    Once one item has gone to the file, every later one follows it there until the
    reader has emptied the file, so the order of `get` is the order of `put`.
    `size(item)` is an item's weight in memory; `dump(item) -> bytes` and
    `load(bytes) -> item` write and read a spilled one.
    """

    def __init__(self, memory_bytes: int, size: Callable[[Any], int], dump: Callable[[Any], bytes],
                 load: Callable[[bytes], Any], directory: Optional[str] = None):
        self.memory_bytes = memory_bytes
        self._size, self._dump, self._load, self._directory = size, dump, load, directory
        self._memory: collections.deque = collections.deque()
        self._memory_held = 0
        self._file = None
        self._write_at = self._read_at = 0
        self._spilled = 0  # items in the file not yet read
        self.spilled_total = 0  # items that have ever gone to the file
        self._ready = threading.Condition()

    def put(self, item) -> None:
        size = self._size(item)
        with self._ready:
            if self._spilled or (self._memory and self._memory_held + size > self.memory_bytes):
                self._append_to_file(self._dump(item))
            else:
                self._memory.append((item, size))
                self._memory_held += size
            self._ready.notify()

    def get(self, block: bool = True, timeout: Optional[float] = None):
        with self._ready:
            if block and not self._ready.wait_for(self._has_items, timeout):
                raise queue.Empty
            if not self._has_items():
                raise queue.Empty
            if self._memory:
                item, size = self._memory.popleft()
                self._memory_held -= size
                return item
            return self._load(self._read_from_file())

    def get_nowait(self):
        return self.get(block=False)

    def qsize(self) -> int:
        with self._ready:
            return len(self._memory) + self._spilled

    def close(self) -> None:
        with self._ready:
            if self._file is not None:
                self._file.close()
                self._file = None

    def _has_items(self) -> bool:
        return bool(self._memory) or self._spilled > 0

    def _append_to_file(self, data: bytes) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="c4pipe-spill-", dir=self._directory)
            _LOGGER.info("c4pipe: spilling queued items past %d MB of memory to %s",
                         self.memory_bytes >> 20, self._directory or tempfile.gettempdir())
        self._file.seek(self._write_at)
        self._file.write(_LENGTH.pack(len(data)))
        self._file.write(data)
        self._write_at = self._file.tell()
        self._spilled += 1
        self.spilled_total += 1

    def _read_from_file(self) -> bytes:
        self._file.seek(self._read_at)
        (length,) = _LENGTH.unpack(self._file.read(_LENGTH.size))
        data = self._file.read(length)
        self._read_at = self._file.tell()
        self._spilled -= 1
        if not self._spilled:  # emptied: later items may stay in memory again; the disk is freed
            self._file.seek(0)
            self._file.truncate()
            self._write_at = self._read_at = 0
        return data
