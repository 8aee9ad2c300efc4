"""`benchmarks/proctree.py`: a forked child's shared pages count in the RSS sum twice,
in the PSS sum once."""

from __future__ import annotations

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
