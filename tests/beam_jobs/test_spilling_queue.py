"""The Python worker's outgoing message queue: in order, in memory up to its budget, the
rest on disk (`beam_jobs.spilling_queue`, wired in by `beam_jobs.sdk_worker_main`)."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beam_jobs.sdk_worker_main import SEND_QUEUE_BYTES, SEND_QUEUE_MB_VARIABLE, send_queue_bytes
from beam_jobs.spilling_queue import SpillingQueue


def byte_queue(memory_bytes: int) -> SpillingQueue:
    return SpillingQueue(memory_bytes, size=len, dump=bytes, load=bytes)


class Watched(SpillingQueue):
    """Records the bytes held in memory after every put."""

    held: list

    def put(self, item):
        super().put(item)
        self.held = getattr(self, "held", []) + [self._memory_held]


# A put of n bytes (n > 0) or a get (0).
operations = st.lists(st.one_of(st.integers(1, 300), st.just(0)), max_size=200)


@settings(max_examples=200, deadline=None)
@given(operations, st.integers(1, 1000))
def test_items_come_out_in_the_order_they_went_in(steps, budget):
    spilling = Watched(budget, size=len, dump=bytes, load=bytes)
    sent, received = [], []
    for number, step in enumerate(steps):
        if step:
            item = bytes([number % 256]) * step
            sent.append(item)
            spilling.put(item)
        elif len(received) < len(sent):
            received.append(spilling.get_nowait())
    while len(received) < len(sent):
        received.append(spilling.get_nowait())
    assert received == sent
    assert spilling.qsize() == 0
    with pytest.raises(queue.Empty):
        spilling.get_nowait()
    largest = max((len(item) for item in sent), default=0)
    assert all(held <= max(budget, largest) for held in getattr(spilling, "held", []))


def test_what_does_not_fit_goes_to_disk_and_the_disk_is_freed_once_read():
    spilling = byte_queue(250)
    items = [bytes([i]) * 100 for i in range(5)]
    for item in items:
        spilling.put(item)
    assert spilling._memory_held == 200 and spilling.spilled_total == 3
    assert [spilling.get() for _ in items] == items
    assert spilling._file.seek(0, 2) == 0  # truncated once emptied
    spilling.put(b"x" * 100)  # fits again: memory
    assert spilling.spilled_total == 3 and spilling._memory_held == 100
    spilling.close()


def test_one_item_larger_than_the_budget_stays_in_memory_when_nothing_else_is_there():
    spilling = byte_queue(10)
    spilling.put(b"y" * 50)
    assert spilling.spilled_total == 0 and spilling.get() == b"y" * 50


def test_after_a_spill_later_items_queue_behind_the_file_even_when_memory_frees_up():
    spilling = byte_queue(100)
    spilling.put(b"a" * 100)
    spilling.put(b"b" * 100)  # to disk
    assert spilling.get() == b"a" * 100  # memory is empty now
    spilling.put(b"c" * 10)  # still behind b
    assert [spilling.get(), spilling.get()] == [b"b" * 100, b"c" * 10]


def test_an_empty_queue_raises_empty_without_blocking_or_after_its_timeout():
    spilling = byte_queue(100)
    with pytest.raises(queue.Empty):
        spilling.get_nowait()
    with pytest.raises(queue.Empty):
        spilling.get(timeout=0.05)


def test_a_waiting_reader_gets_what_another_thread_puts_in_order():
    spilling = byte_queue(1000)
    sent = [i.to_bytes(4, "big") * (1 + i % 97) for i in range(3000)]
    received = []
    reader = threading.Thread(target=lambda: received.extend(spilling.get() for _ in sent))
    reader.start()
    for item in sent:
        spilling.put(item)
    reader.join(timeout=60)
    assert received == sent and spilling.spilled_total > 0


SPILLING_CHANNEL = r"""
from apache_beam.runners.worker import data_plane
from beam_jobs.sdk_worker_main import limit_data_messages, spill_outgoing_messages

limit_data_messages()
spill_outgoing_messages(memory_bytes=3 << 20)
spill_outgoing_messages(memory_bytes=3 << 20)  # once is enough: no second wrapper
channel = data_plane._GrpcDataChannel()
written = b"".join(bytes([i % 251]) * 100_000 for i in range(100))
stream = channel.output_stream("bundle-1", "transform-1")
for start in range(0, len(written), 100_000):
    stream.write(written[start:start + 100_000])
    stream.maybe_flush()
stream.close()
timers = channel.output_timer_stream("bundle-1", "transform-1", "timers-1")
timers.write(b"timer")
timers.close()
assert channel._to_send.spilled_total > 0, channel._to_send.spilled_total
channel.close()
data, timer_data, last = [], [], []
for elements in channel._write_outputs():
    for element in elements.data:
        data.append(element.data)
        last.append(element.is_last)
    timer_data.extend(timer.timers for timer in elements.timers)
assert b"".join(data) == written
assert last[-1] and not any(last[:-1])
assert b"".join(timer_data) == b"timer"
print("ok")
"""


def test_the_workers_data_channel_sends_every_message_in_order_after_spilling():
    """The wiring into Beam's data channel: 10 MB of 1 MB messages and a timer through a
    queue of 3 MB arrive whole, in order, with one end-of-stream mark last."""
    done = subprocess.run([sys.executable, "-c", SPILLING_CHANNEL], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_workers_budget_comes_from_the_taskmanagers_environment():
    assert send_queue_bytes({}) == SEND_QUEUE_BYTES == 64 << 20
    assert send_queue_bytes({SEND_QUEUE_MB_VARIABLE: "1"}) == 1 << 20
    assert send_queue_bytes({SEND_QUEUE_MB_VARIABLE: "0.5"}) == 1 << 19
    with pytest.raises(SystemExit, match="is not a number of MB"):
        send_queue_bytes({SEND_QUEUE_MB_VARIABLE: "lots"})
