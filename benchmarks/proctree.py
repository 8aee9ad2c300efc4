"""Run a command and measure its whole process tree: wall, CPU, peak summed RSS.

No psutil needed: a polling thread walks /proc every `interval` seconds, finds every
descendant of the child (by parent pid), and sums their resident set sizes
(/proc/PID/statm, field 2). The peak of that sum is the tree's peak memory: Beam's
multi_processing mode starts one worker process per `--direct_num_workers`, and
`/usr/bin/time -v` (getrusage's ru_maxrss) would only report the largest single
process. Sampling can miss a spike shorter than `interval`. `max_single_rss` (wait4's
ru_maxrss) is kept in the raw data only: on Linux it also counts the forking parent's
RSS before exec (the kernel carries the old mm's high-water mark into the child), so it
is not a measure of the child.

CPU time is the rusage that wait4() returns for the child (user + sys of the child and
every descendant it waited for); the poller also keeps each pid's last utime+stime
from /proc/PID/stat, a cross-check for descendants that were never waited for. The
larger of the two is reported.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int):
    """(ppid, utime+stime seconds) or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    rest = data[data.rindex(b")") + 2 :].split()
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / _TICK


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size: a page shared by k processes counts 1/k in each, so the
    tree's sum counts a forked worker's copy-on-write pages once (RSS counts them in
    every process that maps them)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_pids(root: int) -> tuple[list[int], dict]:
    """The pids in root's tree and {pid: cpu seconds}."""
    parents, cpu = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        st = _stat(int(name))
        if st is not None:
            parents[int(name)] = st[0]
            cpu[int(name)] = st[1]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in parents:
            out.append(pid)
        stack.extend(children.get(pid, ()))
    return out, {p: cpu[p] for p in out}


@dataclass
class TreeResult:
    returncode: int
    wall_s: float
    cpu_s: float  # max(rusage children, polled per-pid sum)
    cpu_rusage_s: float
    cpu_polled_s: float
    peak_rss_bytes: int  # peak of the summed RSS of the whole tree (sampled)
    peak_pss_bytes: int  # peak of the summed PSS of the whole tree (sampled every `PSS_EVERY` polls)
    max_single_rss_bytes: int  # ru_maxrss of the largest reaped descendant (kernel)
    max_processes: int
    cpu_by_kind: dict = field(default_factory=dict)  # {kind: CPU seconds}, with `kind_of`
    peak_rss_by_kind: dict = field(default_factory=dict)  # {kind: largest one process's peak RSS}

    def to_dict(self) -> dict:
        return asdict(self)


PSS_EVERY = 4
"""PSS is read every 4th poll: /proc/PID/smaps_rollup walks the page tables, and
reading it every 50 ms would load the machine being measured."""


def run_tree(cmd, *, interval: float = 0.05, stdout=None, stderr=None, cwd=None, env=None, timeout=None,
             also=(), kind_of=None) -> TreeResult:
    """Runs `cmd` and measures its process tree; `also`: the roots of other trees that
    work for it (a Flink cluster's JobManager and TaskManagers, whose Python workers are
    their children), counted with it. Their CPU counts from the start of `cmd` on.
    `kind_of(pid)`: a name for the kind of process (read once per pid), for CPU and the
    largest single process's memory per kind."""
    extra_roots = list(also)
    before: dict[int, float] = {}
    for root in extra_roots:
        before.update(tree_pids(root)[1])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, cwd=cwd, env=env)
    peak = [0, 0, 0]
    last_cpu: dict[int, float] = {}
    kinds: dict[int, str] = {}
    peak_rss: dict[int, int] = {}
    done = threading.Event()

    def poll():
        polls = 0
        while not done.is_set():
            pids, cpu = tree_pids(proc.pid)
            for root in extra_roots:
                more_pids, more_cpu = tree_pids(root)
                pids += more_pids
                cpu.update({pid: seconds - before.get(pid, 0.0) for pid, seconds in more_cpu.items()})
            rss = {p: _rss(p) for p in pids}
            total = sum(rss.values())
            if kind_of is not None:
                for p in pids:
                    if p not in kinds:
                        kinds[p] = kind_of(p)
                    peak_rss[p] = max(peak_rss.get(p, 0), rss[p])
            peak[0] = max(peak[0], total)
            peak[1] = max(peak[1], len(pids))
            if polls % PSS_EVERY == 0:
                peak[2] = max(peak[2], sum(_pss(p) for p in pids))
            polls += 1
            last_cpu.update(cpu)
            done.wait(interval)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
    finally:
        done.set()
        thread.join()
    wall = time.perf_counter() - t0
    cpu_rusage = usage.ru_utime + usage.ru_stime
    cpu_polled = sum(last_cpu.values())
    return TreeResult(
        returncode=rc,
        wall_s=wall,
        cpu_s=max(cpu_rusage, cpu_polled),
        cpu_rusage_s=cpu_rusage,
        cpu_polled_s=cpu_polled,
        peak_rss_bytes=peak[0],
        peak_pss_bytes=peak[2],
        max_single_rss_bytes=usage.ru_maxrss * 1024,
        max_processes=peak[1],
        cpu_by_kind=_by_kind(kinds, last_cpu, sum),
        peak_rss_by_kind=_by_kind(kinds, peak_rss, max),
    )


def _by_kind(kinds: dict, values: dict, combine) -> dict:
    grouped: dict[str, list] = {}
    for pid, kind in kinds.items():
        grouped.setdefault(kind, []).append(values.get(pid, 0))
    return {kind: round(combine(v), 1) for kind, v in sorted(grouped.items())}
