"""A whole crawl's plan from measured runs: SCALING.md's numbers, each from a measurement.

    python benchmarks/scaling_plan.py benchmarks/results/flink-scale/*.json

Reads `benchmarks/scale_run.py --runner flink` results (the JSON it prints, saved with
the cluster's `jobs.json` under the key "flink_jobs") and scales their per-GB figures to
the reference's crawl (`../shared/spec/C4_REFERENCE.md`, "Published scale"): CPU-hours,
Flink and Dataflow cluster sizes for a target wall time, the shuffle volume per stage,
memory per worker and the stage that limits first. The assumptions are named constants.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CRAWL_WET_BYTES = 7e12
"""CC-MAIN-2019-18, the crawl C4 was built from: "about 7 TB of WET" (taken as uncompressed)."""
REFERENCE_CPU_DAYS = 341
"""The reference's published cost for that crawl."""
TARGET_WALL_HOURS = 24
WORKER_VCPUS = 4  # a Dataflow n1-standard-4 or a Flink TaskManager host of 4 cores
WORKER_MEMORY_GB = 15
SHUFFLE_STAGES = {
    "newest page per URL": "UrlDedup/GroupByUrl",
    "dedup votes (units by bucket)": "Dedup/GroupUnitBuckets",
    "dedup join (kept units and pages)": "Dedup/JoinKeptUnits",
    "pages by shard part": "Write/GroupParts",
}
"""Flink vertices named for the pipeline's shuffles: what their GroupReduce reads."""
PER_WORKER = ("flink taskmanager", "python sdk worker")


def per_gb(run: dict) -> dict:
    gb = run["wet_bytes_uncompressed"] / 1e9
    jobs = run.get("flink_jobs") or [{"vertices": []}]
    vertices = jobs[-1]["vertices"]
    shuffles = {}
    for stage, marker in SHUFFLE_STAGES.items():
        shuffles[stage] = sum(v["read-bytes"] for v in shuffle_readers(vertices, marker)) / gb
    return {
        "gb": gb,
        "cpu_s": run["cpu_s"] / gb,
        "pages_in": run["pages_in"] / gb,
        "pages_out": run["pages_out"] / gb,
        "output_bytes": run.get("output_bytes", 0) / gb,
        "shuffle_bytes": shuffles,
        "shuffle_total": sum(v["write-bytes"] for v in vertices) / gb,
        "utilization": run["cpu_s"] / (run["wall_s"] * run.get("cores", 2)),
        "peak_tree_mb": run["peak_tree_rss_mb"],
        "peak_one": run.get("peak_rss_mb_of_one_process_by_kind", {}),
        "slowest": stage_name(max(vertices, key=lambda v: v["duration_ms"])["name"]) if vertices else None,
    }


def shuffle_readers(vertices: list[dict], marker: str) -> list[dict]:
    """The GroupReduce vertices of the shuffle `marker` names (`SHUFFLE_STAGES`)."""
    return [v for v in vertices if marker in v["name"] and v["name"].startswith("GroupReduce")]


def stage_name(vertex: str) -> str:
    """`MapPartition (MapPartition at [8]{ReadAndClean, UrlDedup})` -> `ReadAndClean, UrlDedup`."""
    inner = vertex.split(" at ", 1)[-1].rstrip(")")
    return inner.split("]", 1)[-1].strip("{}") if "]" in inner else inner


FLAT = 1.15
"""Peak memory counts as flat when the largest run's is at most this times the smallest's."""


def verdict(growth: float) -> str:
    return f"{growth:.2f} ({'flat' if growth <= FLAT else 'grows'})"


def memory_growth(runs: list[dict]) -> dict[str, float]:
    """Per worker process kind: peak memory of the largest input over that of the smallest."""
    smallest = min(runs, key=lambda run: run["wet_bytes_uncompressed"])
    largest = max(runs, key=lambda run: run["wet_bytes_uncompressed"])
    return {
        kind: largest["peak_rss_mb_of_one_process_by_kind"][kind] / smallest["peak_rss_mb_of_one_process_by_kind"][kind]
        for kind in PER_WORKER
        if kind in smallest["peak_rss_mb_of_one_process_by_kind"]
    }


def memory_table(runs: list[dict]) -> list[str]:
    ordered = sorted(runs, key=lambda run: run["wet_bytes_uncompressed"])
    sizes = " | ".join(f"{run['wet_bytes_uncompressed'] / 1e9:.2f} GB of WET" for run in ordered)
    lines = [
        f"| peak memory (RSS) | {sizes} | largest / smallest |",
        "|---|" + "---:|" * (len(ordered) + 1),
    ]
    for kind, growth in memory_growth(runs).items():
        peaks = " | ".join(f"{run['peak_rss_mb_of_one_process_by_kind'][kind]:,} MB" for run in ordered)
        lines.append(f"| one {kind} | {peaks} | {verdict(growth)} |")
    growth = ordered[-1]["peak_tree_rss_mb"] / ordered[0]["peak_tree_rss_mb"]
    peaks = " | ".join(f"{run['peak_tree_rss_mb']:,} MB" for run in ordered)
    lines.append(f"| every process together | {peaks} | {verdict(growth)} |")
    return lines


def partition_skew(run: dict) -> dict[str, float]:
    """Per shuffle: the bytes its largest partition read over the mean partition's (runs
    saved with Flink's per-subtask figures; {} for others)."""
    vertices = (run.get("flink_jobs") or [{"vertices": []}])[-1]["vertices"]
    skew = {}
    for stage, marker in SHUFFLE_STAGES.items():
        for vertex in shuffle_readers(vertices, marker):
            by_subtask = vertex.get("read-bytes-by-subtask")
            if by_subtask:
                skew[stage] = max(by_subtask) * len(by_subtask) / sum(by_subtask)
    return skew


def skew_table(runs: list[dict]) -> list[str]:
    skews = [(run, partition_skew(run)) for run in sorted(runs, key=lambda run: run["wet_bytes_uncompressed"])]
    skews = [(run, skew) for run, skew in skews if skew]
    if not skews:
        return []
    heads = " | ".join(f"{run['wet_bytes_uncompressed'] / 1e9:.2f} GB, {run.get('parallelism')} partitions"
                       for run, _ in skews)
    lines = [f"| largest partition / mean | {heads} |", "|---|" + "---:|" * len(skews)]
    for stage in SHUFFLE_STAGES:
        lines.append(f"| {stage} | " + " | ".join(f"{skew.get(stage, 0):.2f}" for _, skew in skews) + " |")
    return ["", *lines]


def plan(runs: list[dict]) -> str:
    measured = [per_gb(run) for run in runs]
    largest = max(measured, key=lambda m: m["gb"])
    crawl_gb = CRAWL_WET_BYTES / 1e9
    cpu_hours = largest["cpu_s"] * crawl_gb / 3600
    reference_cpu_hours = REFERENCE_CPU_DAYS * 24
    vcpus = cpu_hours / (TARGET_WALL_HOURS * largest["utilization"])
    workers = -(-vcpus // WORKER_VCPUS)
    lines = [
        "| measured run | GB of WET | CPU-s / GB | pages in / GB | shuffled bytes / GB (all edges) | "
        "peak memory, whole cluster | slowest stage |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for run, m in zip(runs, measured):
        lines.append(f"| {run['pages']:,} pages, parallelism {run.get('parallelism')} | {m['gb']:.2f} | "
                     f"{m['cpu_s']:,.0f} | {m['pages_in']:,.0f} | {m['shuffle_total'] / 1e9:.2f} GB | "
                     f"{m['peak_tree_mb']:,} MB | {m['slowest']} |")
    if len(runs) > 1:
        lines += ["", *memory_table(runs)]
    lines += skew_table(runs)
    lines += [
        "",
        f"Scaled from the largest run to {crawl_gb:,.0f} GB of WET:",
        "",
        "| quantity | value | from |",
        "|---|---:|---|",
        f"| CPU | {cpu_hours:,.0f} CPU-hours ({cpu_hours / 24:,.0f} CPU-days; the reference: "
        f"{REFERENCE_CPU_DAYS} CPU-days, {reference_cpu_hours / cpu_hours:.1f}x ours) | CPU-s per GB x GB |",
        f"| vCPUs for {TARGET_WALL_HOURS} h | {vcpus:,.0f} | CPU-hours / (hours x measured CPU utilization "
        f"{largest['utilization']:.2f}) |",
        f"| workers of {WORKER_VCPUS} vCPUs, {WORKER_MEMORY_GB} GB (Flink TaskManager hosts or Dataflow "
        f"n1-standard-4) | {workers:,.0f} | vCPUs / {WORKER_VCPUS} |",
        f"| pages in | {largest['pages_in'] * crawl_gb:,.0f} | pages per GB x GB (this corpus's page size) |",
        f"| all data crossing task boundaries | {largest['shuffle_total'] * crawl_gb / 1e12:,.1f} TB | "
        "Flink's write-bytes per GB x GB |",
    ]
    for stage, value in largest["shuffle_bytes"].items():
        lines.append(f"| shuffle: {stage} | {value * crawl_gb / 1e12:,.2f} TB | its GroupReduce's read-bytes |")
    for kind, mb in sorted(largest["peak_one"].items()):
        if kind in PER_WORKER:
            lines.append(f"| peak memory of one {kind} | {mb:,} MB | largest single process, measured |")
    taskmanager, python = (largest["peak_one"].get(kind, 0) for kind in PER_WORKER)
    host = taskmanager + WORKER_VCPUS * python
    lines.append(f"| memory of one worker: a TaskManager and {WORKER_VCPUS} Python workers (one per slot) | "
                 f"{host / 1024:,.1f} GB of {WORKER_MEMORY_GB} GB | the two rows above |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    args = parser.parse_args()
    runs = [json.loads(path.read_text()) for path in args.results]
    print(plan(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
