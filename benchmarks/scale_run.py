"""The largest runs: `c4pipe run` on a generated corpus, whole-process-tree figures.

    python benchmarks/scale_run.py --pages 125000 --files 50 --workers 2 --out /tmp/scale
    python benchmarks/scale_run.py --pages 125000 --files 50 --runner flink --parallelism 2

Generates (or reuses) a deterministic WET corpus with `c4pipe synth`, runs the default
recipe, and prints wall time, CPU time, pages per CPU-second and the peak resident
memory summed over every process that does the work, as RSS and as PSS
(`benchmarks/proctree.py`). Locally that is the runner and its worker processes. With
`--runner flink` the script starts a fresh local Flink cluster (`scripts/flink/cluster.sh`,
its state under OUT/flink-cluster) and counts its JobManager, its TaskManagers and their
Python workers too, then stops it. Results for this machine are in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proctree import run_tree  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LDNOOBW = REPO.parent / "shared" / "data" / "ldnoobw"


def corpus(root: Path, pages: int, files: int, seed: int) -> Path:
    from c4pipe.synth import generate_corpus

    directory = root / f"wet-p{pages}-f{files}-s{seed}"
    if not directory.is_dir():
        generate_corpus(directory, pages=pages, seed=seed, files=files)
    return directory


def uncompressed_bytes(directory: Path) -> int:
    total = 0
    for path in sorted(directory.glob("*.warc.wet.gz")):
        with gzip.open(path, "rb") as f:
            while chunk := f.read(1 << 24):
                total += len(chunk)
    return total


@contextmanager
def flink_cluster(state: Path):
    """A fresh local Flink cluster for one run; yields its JVMs' pids."""
    env = {**os.environ, "C4PIPE_FLINK_DIR": str(state)}
    script = ["bash", str(REPO / "scripts" / "flink" / "cluster.sh")]
    subprocess.run([*script, "start"], env=env, check=True, stdout=sys.stderr)
    try:
        yield [int(pid) for pid_file in sorted((state / "pid").glob("*.pid")) for pid in pid_file.read_text().split()]
        (state / "jobs.json").write_text(json.dumps(flink_jobs(), indent=1))
    finally:
        subprocess.run([*script, "stop"], env=env, stdout=sys.stderr)


PROCESS_KINDS = (
    ("StandaloneSessionClusterEntrypoint", "flink jobmanager"),
    ("TaskManagerRunner", "flink taskmanager"),
    ("job-server", "beam job server"),
    ("sdk_worker_main", "python sdk worker"),
    ("c4pipe-sdk-worker", "python sdk worker"),  # the same process before it execs sdk_worker_main
    ("c4pipe.cli", "c4pipe driver"),
)


def process_kind(pid: int) -> str:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return "gone"
    return next((kind for marker, kind in PROCESS_KINDS if marker in cmdline), "other")


def flink_jobs(rest: str = "http://localhost:8081") -> list[dict]:
    """Each finished job's vertices with Flink's own figures: records and bytes read and
    written (a shuffle's volume is what its producer writes), duration, parallelism."""
    def get(path):
        with urllib.request.urlopen(rest + path, timeout=30) as response:
            return json.load(response)

    def per_subtask(jid, vid, metric):
        return [subtask["metrics"][metric] for subtask in get(f"/jobs/{jid}/vertices/{vid}")["subtasks"]]

    jobs = []
    for job in get("/jobs/overview")["jobs"]:
        detail = get(f"/jobs/{job['jid']}")
        jobs.append({
            "jid": job["jid"], "state": job["state"], "duration_ms": job["duration"],
            "vertices": [{"name": v["name"][:160], "parallelism": v["parallelism"], "duration_ms": v["duration"],
                          **{k: v["metrics"][k]
                             for k in ("read-records", "write-records", "read-bytes", "write-bytes")},
                          "read-bytes-by-subtask": per_subtask(job["jid"], v["id"], "read-bytes")}
                         for v in detail["vertices"]],
        })
    return jobs


TASKMANAGER_METRICS = (
    "Status.JVM.Memory.Heap.Used", "Status.JVM.Memory.Heap.Committed", "Status.JVM.Memory.Heap.Max",
    "Status.JVM.Memory.NonHeap.Used", "Status.JVM.Memory.Direct.MemoryUsed", "Status.JVM.Memory.Mapped.MemoryUsed",
    "Status.Flink.Memory.Managed.Used", "Status.Flink.Memory.Managed.Total", "Status.Shuffle.Netty.UsedMemory",
)


class TaskManagerMemory:
    """Polls each TaskManager's own memory accounting (Flink's REST metrics) while a run
    goes on and keeps every metric's peak: what the JVM holds, beside what it has touched
    (its RSS)."""

    def __init__(self, rest: str = "http://localhost:8081", interval: float = 2.0):
        self.rest, self.interval = rest, interval
        self.peaks: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _get(self, path):
        with urllib.request.urlopen(self.rest + path, timeout=10) as response:
            return json.load(response)

    def _poll(self):
        query = ",".join(TASKMANAGER_METRICS)
        while not self._stop.wait(self.interval):
            try:
                for manager in self._get("/taskmanagers")["taskmanagers"]:
                    peaks = self.peaks.setdefault(manager["id"], {})
                    for metric in self._get(f"/taskmanagers/{manager['id']}/metrics?get={query}"):
                        value = float(metric["value"])
                        peaks[metric["id"]] = max(value, peaks.get(metric["id"], value))
            except (OSError, ValueError, KeyError):
                continue  # a TaskManager restarting, or the cluster stopping


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=125_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recipe", default="c4")
    parser.add_argument("--out", default="/tmp/c4pipe-scale")
    parser.add_argument("--runner", choices=["direct", "flink"], default="direct")
    parser.add_argument("--parallelism", type=int, default=2, help="with --runner flink")
    parser.add_argument("--num-shards", type=int, default=8, help="train shards (c4pipe run's default: 8)")
    parser.add_argument("--beam-arg", action="append", default=[],
                        help="a Beam option for c4pipe run (--beam-arg=--execution_mode_for_batch=BATCH_FORCED)")
    parser.add_argument("--save", default=None, help="also write the figures (and Flink's job figures) here")
    args = parser.parse_args()

    root = Path(args.out)
    wet = corpus(root, args.pages, args.files, args.seed)
    cmd = [sys.executable, "-m", "c4pipe.cli", "run", "--input", str(wet),
           "--recipe", args.recipe, "--badwords-dir", str(LDNOOBW), "--no-progress", "--formats", "json",
           "--num-shards", str(args.num_shards)]
    if args.runner == "flink":
        output = root / f"out-{args.recipe}-flink-p{args.parallelism}"
        cmd += ["--runner", "flink", "--flink-master", "localhost:8081", f"--parallelism={args.parallelism}"]
    else:
        output = root / f"out-{args.recipe}-w{args.workers}"
        cmd += ["--workers", str(args.workers)]
    cmd += ["--output", str(output), *args.beam_arg]
    shutil.rmtree(output, ignore_errors=True)  # a fresh run: no resume from an earlier one's work directory
    started = time.time()
    managers = TaskManagerMemory()
    with flink_cluster(root / "flink-cluster") if args.runner == "flink" else nullcontext([]) as cluster:
        with managers if args.runner == "flink" else nullcontext():
            result = run_tree(cmd, interval=0.5, stdout=sys.stderr, stderr=sys.stderr, cwd=str(REPO), also=cluster,
                              kind_of=process_kind)
    stats = json.loads((output / "stats.json").read_text())
    figures = {
        "pages": args.pages,
        "wet_bytes_uncompressed": uncompressed_bytes(wet),
        "runner": args.runner,
        "workers": args.workers if args.runner == "direct" else None,
        "parallelism": args.parallelism if args.runner == "flink" else None,
        "recipe": args.recipe,
        "num_shards": args.num_shards,
        "beam_args": args.beam_arg,
        "wall_s": round(result.wall_s, 1),
        "cpu_s": round(result.cpu_s, 1),
        "pages_per_cpu_s": round(stats["balance"]["pages_in"] / result.cpu_s, 1),
        "peak_tree_rss_mb": round(result.peak_rss_bytes / 2**20),
        "peak_tree_pss_mb": round(result.peak_pss_bytes / 2**20),
        "max_processes": result.max_processes,
        "cpu_s_by_process_kind": result.cpu_by_kind,
        "peak_rss_mb_of_one_process_by_kind": {k: round(v / 2**20) for k, v in result.peak_rss_by_kind.items()},
        "cores": os.cpu_count(),
        "output_bytes": sum(f.stat().st_size for f in output.rglob("*") if f.is_file()),
        "pages_in": stats["balance"]["pages_in"],
        "pages_out": stats["balance"]["pages_out"],
        "balanced": stats["balance"]["balanced"],
        "started": time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)),
    }
    jobs = root / "flink-cluster" / "jobs.json"
    if args.runner == "flink":
        figures["taskmanager_metric_peaks_mb"] = {
            manager: {metric: round(value / 2**20) for metric, value in sorted(peaks.items())}
            for manager, peaks in sorted(managers.peaks.items())}
    if args.runner == "flink" and jobs.is_file():
        figures["flink_jobs"] = json.loads(jobs.read_text())
    if args.save:
        Path(args.save).write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "flink_jobs"}, indent=2))
    return 0 if result.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
