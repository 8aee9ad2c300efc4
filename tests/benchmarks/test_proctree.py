"""`benchmarks/proctree.py`: a forked child's shared pages count in the RSS sum twice,
in the PSS sum once."""

from __future__ import annotations

import subprocess
import sys

from benchmarks.proctree import run_tree

_FORK_AND_SHARE = """
import os, time
data = bytearray(200 * 2**20)            # 200 MiB, written: resident in the parent
for i in range(0, len(data), 4096):
    data[i] = 1
if os.fork() == 0:                       # the child shares every page, copy-on-write
    time.sleep(1.5)
    os._exit(0)
time.sleep(1.5)
os.wait()
"""


def test_pss_counts_a_forked_childs_shared_pages_once():
    result = run_tree([sys.executable, "-c", _FORK_AND_SHARE], interval=0.05)
    assert result.returncode == 0 and result.max_processes == 2
    mib = 2**20
    assert result.peak_rss_bytes > 380 * mib  # parent and child each map the 200 MiB
    assert 190 * mib < result.peak_pss_bytes < 300 * mib


_BUSY_CHILD = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; t = time.process_time()\\n"
                          "while time.process_time() - t < 0.6: pass\\ntime.sleep(0.3)", "busy-child"])
time.sleep(0.2)
child.wait()
"""


def test_cpu_and_memory_per_kind_of_process_and_other_roots(tmp_path):
    """A busy child is its own kind; a process outside the tree counts through `also`."""
    outside = subprocess.Popen([sys.executable, "-c", "import time; t = time.process_time()\n"
                                "while time.process_time() - t < 0.8: pass\ntime.sleep(2)", "outside"])
    try:
        def kind_of(pid):
            args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
            return "busy" if b"busy-child" in args else "outside" if b"outside" in args else "driver"

        result = run_tree([sys.executable, "-c", _BUSY_CHILD], interval=0.05, also=[outside.pid], kind_of=kind_of)
    finally:
        outside.wait()
    assert result.returncode == 0 and set(result.cpu_by_kind) == {"driver", "busy", "outside"}
    assert result.cpu_by_kind["busy"] >= 0.5
    assert all(rss > 0 for rss in result.peak_rss_by_kind.values())
