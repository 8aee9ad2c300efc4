"""CPU over time of a command and of its child processes: which parts of a run use one core.

    python benchmarks/timeline.py -- python -m c4pipe.cli run --input DIR --output OUT \
        --recipe tfds-3.1.0 --workers 2 --formats json --no-progress

Every `--every` seconds it reads /proc/PID/stat of the command (the driver) and of its
direct children (the local pool's workers) and prints, per interval, the share of a core
each side used: 100% is one core busy. BENCHMARKS.md's 2-worker timeline comes from it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def cpu_seconds(pid: int):
    """utime + stime of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=float, default=0.25, help="seconds between readings")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start, seen = time.time(), {}  # child pid -> its last CPU seconds (kept after it exits)
    previous = (0.0, 0.0, 0.0)
    while proc.poll() is None:
        driver = cpu_seconds(proc.pid)
        for child in children(proc.pid):
            seconds = cpu_seconds(child)
            if seconds is not None:
                seen[child] = seconds
        now = time.time() - start
        if driver is not None and now > previous[0]:
            workers = sum(seen.values())
            span = now - previous[0]
            print(f"{now:6.2f} s  driver {100 * (driver - previous[1]) / span:4.0f}%  "
                  f"workers {100 * (workers - previous[2]) / span:4.0f}%", flush=True)
            previous = (now, driver, workers)
        time.sleep(args.every)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
