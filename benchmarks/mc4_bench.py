"""mC4 against the reference's `multilingual` config: CLD3 per page, end to end, parity.

    python benchmarks/mc4_bench.py --pages 7000 --files 4 --runs 3

1. The corpus: real crawl text in 40 languages (the 697 pages of one CC-MAIN-2019-30
   WARC file in ../shared/data/cc-text, with word-shuffled copies to reach `--pages`,
   `c4pipe.synth.crawl_text`), cached under $C4PIPE_BENCH_CACHE.
2. CLD3 per page: `c4pipe.langid.cld3` (cld3-py, the reference's settings) over every
   page's text, one process, CPU time per page and MB per CPU-second.
3. End to end: `c4pipe run --recipe mc4 --formats json` with 1 and 2 workers, and the
   reference (scripts/reference/run_reference.py --config multilingual in .ref-venv, TFDS's
   C4 builder on Beam's FnApiRunner, one worker), `--runs` times each, measured as the
   English suite measures (benchmarks/proctree.py: wall, CPU of the process tree, peak
   summed RSS); medians, and ratios against the reference from the same run.
4. Parity: the set of (split, url, text, timestamp) and the comparable counters of each
   of our outputs against the reference's (tests/parity/harness.py).

Results: benchmarks/results/mc4-crawl-text-<pages>p.json and .md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run_benchmarks import (  # noqa: E402
    BADWORDS_DIR,
    CACHE,
    REF_VENV,
    REPO,
    SHARED,
    log,
    machine_info,
    pages_in_of,
    run_measured,
    summarize,
    wet_files,
)

SOURCE = SHARED / "cc-text" / "allenai-dolma" / "CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
RESULTS = HERE / "results"


def corpus(pages: int, files: int) -> Path:
    from c4pipe.synth.crawl_text import generate_crawl_text_corpus

    out = CACHE / f"corpus-mc4-crawl-text-p{pages}-f{files}"
    if not (out / ".complete").exists():
        log(f"generating corpus {out} ...")
        generate_crawl_text_corpus(out, [SOURCE], pages=pages, seed=0, files=files)
        (out / ".complete").write_text("ok\n")
    return out


def cld3_per_page(wet: list[Path]) -> dict:
    from c4pipe.io import wet as wet_io
    from c4pipe.langid.cld3 import language_finder

    texts = [page.text for path in wet for page in wet_io.read_wet(lambda p=path: open(p, "rb"), str(path),
                                                                    lambda *a: None)]
    find = language_finder()
    find(texts[0])
    start = time.process_time()
    for text in texts:
        find(text)
    cpu = time.process_time() - start
    chars = sum(len(t.encode("utf-8")) for t in texts)
    return {"pages": len(texts), "cpu_s": round(cpu, 3), "us_per_page": round(1e6 * cpu / len(texts), 1),
            "mb_per_cpu_s": round(chars / 1e6 / cpu, 1)}


def ours_cmd(wet_dir: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "c4pipe.cli", "run", "--input", str(wet_dir), "--output", str(out),
            "--recipe", "mc4", "--badwords-dir", str(BADWORDS_DIR), "--workers", str(workers),
            "--formats", "json", "--no-progress"]


def ref_cmd(wet_dir: Path, out: Path) -> list[str]:
    return [str(REF_VENV / "bin" / "python"), str(REPO / "scripts" / "reference" / "run_reference.py"),
            "--config", "multilingual", "--wet", *map(str, wet_files(wet_dir)), "--badwords-dir", str(BADWORDS_DIR),
            "--output", str(out / "ref.jsonl"), "--counters", str(out / "ref_counters.json")]


def parity(wet_dir: Path, ref_out: Path, ours: Path) -> dict:
    from tests.parity import harness

    ref_rows = [json.loads(line) for line in (ref_out / "ref.jsonl").read_text(encoding="utf-8").split("\n") if line]
    rows, stats = harness.read_our_output(ours)
    ties = harness.tied_urls(wet_files(wet_dir))
    ok, report = harness.compare(ref_rows, rows, ignore_norm_urls=frozenset(ties))
    differ, missing = harness.compare_counters(json.loads((ref_out / "ref_counters.json").read_text()),
                                               stats.get("counters", {}))
    return {"equal": ok, "pages": len(rows), "report": report.splitlines()[0], "url_ties": len(ties),
            "counters_differing": {k: list(v) for k, v in differ.items()}, "counters_missing": sorted(missing)}


def render(res: dict) -> str:
    e2e, ref = res["end_to_end"], res["end_to_end"]["reference"]
    lines = [
        f"mC4 on {res['pages']:,} pages of real crawl text ({res['files']} WET files, {res['languages']} languages "
        f"in the output), {res['runs']} runs, medians.",
        "",
        "| run | wall s | CPU s | pages / CPU-s | x reference (CPU) | x reference (wall) | peak RSS MiB | parity |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, row in e2e.items():
        equal = res["parity"].get(label, {}).get("equal")
        lines.append(
            f"| {label} | {row['wall_s']} | {row['cpu_s']} | {row['pages_per_cpu_s']} | "
            f"{ref['cpu_s'] / row['cpu_s']:.2f} | {ref['wall_s'] / row['wall_s']:.2f} | {row['peak_rss_mib']} | "
            f"{'-' if equal is None else ('identical' if equal else 'DIFFERENT')} |")
    c = res["cld3"]
    lines += ["", f"CLD3 (cld3-py, min 100 / max 10,000 bytes): {c['us_per_page']} µs per page, "
              f"{c['mb_per_cpu_s']} MB per CPU-second ({c['pages']:,} pages, one process)."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=7000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ref-runs", type=int, default=None)
    args = parser.parse_args(argv)
    wet_dir = corpus(args.pages, args.files)
    work = CACHE / f"mc4-runs-p{args.pages}"
    res = {"machine": machine_info(), "pages": args.pages, "files": args.files, "runs": args.runs,
           "cld3": cld3_per_page(wet_files(wet_dir))}
    log(f"CLD3: {res['cld3']}")
    measured = {"reference": [], "ours 1 worker": [], "ours 2 workers": []}
    for i in range(max(args.runs, args.ref_runs or args.runs)):
        if i < (args.ref_runs or args.runs):
            measured["reference"].append(run_measured(ref_cmd(wet_dir, work / "ref"), work / "ref", "reference"))
        if i < args.runs:
            for workers, label in ((1, "ours 1 worker"), (2, "ours 2 workers")):
                out = work / f"ours-w{workers}"
                measured[label].append(run_measured(ours_cmd(wet_dir, out, workers), out, label))
    pages_in = pages_in_of(work / "ours-w1" / "stats.json")
    res["end_to_end"] = {label: summarize(runs, pages_in) for label, runs in measured.items()}
    res["parity"] = {label: parity(wet_dir, work / "ref", work / f"ours-w{w}")
                     for w, label in ((1, "ours 1 worker"), (2, "ours 2 workers"))}
    stats = json.loads((work / "ours-w1" / "stats.json").read_text())
    res["languages"] = len(stats.get("languages", {}))
    res["reference_over_ours_cpu"] = round(statistics.median(
        r["cpu_s"] for r in measured["reference"]) / res["end_to_end"]["ours 1 worker"]["cpu_s"], 2)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"mc4-crawl-text-{args.pages}p"
    stem.with_suffix(".json").write_text(json.dumps(res, indent=2) + "\n")
    stem.with_suffix(".md").write_text(render(res))
    print(render(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
