"""c4pipe benchmark suite: stages, end to end, the reference, parity, profile, dedup memory.

    python benchmarks/run_benchmarks.py --corpus crawl-text --pages 23000 --files 8 --runs 3
    python benchmarks/run_benchmarks.py --corpus synthetic --pages 10000 --files 4 --runs 3

1. Builds (or reuses, cached by kind/pages/seed/files) the WET corpus: `crawl-text`
   (the headline: real CC-MAIN-2019-30 pages from ../shared/data/cc-text, with
   word-shuffled copies to reach the size, `c4pipe.synth.crawl_text`) or `synthetic`
   (`c4pipe.synth.generate_corpus`: every rule's edge cases, short tidy pages).
2. Per stage (benchmarks/stages.py): pages/s and MB/s per CPU-second, one process.
3. End to end: `python -m c4pipe.cli run --recipe tfds-3.1.0 --formats json` (default
   `--langid auto`: langdetect-rs) with 1 and 2 workers, `--runs` times each (and
   `--fast-runs` times with `--langid fast`, c4pipe's own detector, and
   `--langdetect-runs` times with `--langid langdetect`, the reference's, 1 worker). Wall, CPU of
   the whole process tree, pages per CPU-second, peak summed RSS of the process tree
   (benchmarks/proctree.py: /proc polling every 50 ms).
4. The reference (scripts/reference/run_reference.py in .ref-venv, TFDS's C4 builder,
   config en, FnApiRunner, one worker) on the same corpus, `--ref-runs` times, measured
   the same way; ratios ours/reference.
5. Parity: the set of (split, url, text, timestamp) of our 1-worker output (and the
   2-worker output) against the reference's, URL ties set aside (tests/parity/harness.py).
6. py-spy profile of one 1-worker end-to-end run (in_memory: the worker is the main
   process): top self-time and inclusive-time functions.
7. Dedup memory (benchmarks/dedup_memory.py): bytes per line/span key and peak RSS as the
   corpus grows.

Medians of the runs are reported. Results: benchmarks/results/<corpus>-<pages>p-s<seed>.json
and a markdown rendering next to it (.md), pasted into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from proctree import run_tree  # noqa: E402

SHARED = Path(os.environ.get("C4PIPE_SHARED_DATA", REPO.parent / "shared" / "data"))
BADWORDS_DIR = SHARED / "ldnoobw"
BADWORDS_COMMIT = "25e679f03d96baa721cde20db9944649e8d0a844"
REF_VENV = Path(os.environ.get("C4PIPE_REF_VENV", REPO / ".ref-venv"))
CACHE = Path(os.environ.get("C4PIPE_BENCH_CACHE", "/tmp/c4pipe-bench"))
ONE_WORKER, TWO_WORKERS = "ours 1 worker", "ours 2 workers"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Machine and corpus
# --------------------------------------------------------------------------------------


def machine_info() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = re.findall(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        affinity = os.cpu_count()
    load = os.getloadavg()
    return {
        "cpu_model": models[0] if models else platform.processor(),
        "cpus": len(models) or os.cpu_count(),
        "usable_cpus": affinity,
        "mem_total_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }


CORPORA = ("crawl-text", "synthetic")
CRAWL_TEXT = SHARED / "cc-text" / "allenai-dolma"


def corpus_dir(pages: int, seed: int, files: int, prose: str | None = None, kind: str = "synthetic") -> Path:
    tag = ("crawl-text-" if kind == "crawl-text" else "") + f"p{pages}-s{seed}-f{files}" + ("-prose" if prose else "")
    out = CACHE / f"corpus-{tag}"
    marker = out / ".complete"
    if not marker.exists():
        from c4pipe.synth import generate_corpus
        from c4pipe.synth.crawl_text import generate_crawl_text_corpus

        if out.exists():
            shutil.rmtree(out)
        log(f"generating corpus {out} ...")
        if kind == "crawl-text":
            sources = sorted(CRAWL_TEXT.glob("*.jsonl.gz"))
            if not sources:
                raise SystemExit(f"no crawl text under {CRAWL_TEXT} (set C4PIPE_SHARED_DATA)")
            generate_crawl_text_corpus(out, sources, pages=pages, seed=seed, files=files)
        else:
            generate_corpus(out, pages=pages, seed=seed, files=files, prose=prose)
        marker.write_text("ok\n")
    return out


def wet_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.name.endswith((".warc.wet.gz", ".warc.wet")))


# --------------------------------------------------------------------------------------
# End to end: ours and the reference
# --------------------------------------------------------------------------------------


def ours_cmd(corpus: Path, out: Path, workers: int, langid: str = "auto", recipe: str = "tfds-3.1.0") -> list[str]:
    return [sys.executable, "-m", "c4pipe.cli", "run", "--input", str(corpus), "--output", str(out),
            "--recipe", recipe, "--badwords-dir", str(BADWORDS_DIR), "--workers", str(workers),
            "--formats", "json", "--langid", langid, "--no-progress"]


def ref_cmd(corpus: Path, out: Path) -> list[str]:
    return [str(REF_VENV / "bin" / "python"), str(REPO / "scripts" / "reference" / "run_reference.py"),
            "--config", "en", "--wet", *map(str, wet_files(corpus)),
            "--badwords", str(BADWORDS_DIR / BADWORDS_COMMIT / "en"),
            "--output", str(out / "ref.jsonl"), "--counters", str(out / "ref_counters.json")]


def run_measured(cmd: list[str], out: Path, label: str) -> dict:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with open(out.parent / f"{out.name}.log", "wb") as logf:
        res = run_tree(cmd, stdout=logf, stderr=subprocess.STDOUT, cwd=REPO)
    d = res.to_dict()
    log(f"  {label}: rc={res.returncode} wall={res.wall_s:.1f}s cpu={res.cpu_s:.1f}s "
        f"peak_tree_rss={res.peak_rss_bytes / 2**20:.0f} MiB pss={res.peak_pss_bytes / 2**20:.0f} MiB "
        f"({res.max_processes} procs)")
    if res.returncode != 0:
        tail = (out.parent / f"{out.name}.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{label} failed (rc {res.returncode}):\n{tail}")
    return d


def summarize(runs: list[dict], pages_in: int) -> dict:
    keys = ("wall_s", "cpu_s", "peak_rss_bytes", "peak_pss_bytes")
    med = {k: statistics.median(r.get(k, 0) for r in runs) for k in keys}
    return {
        "runs": len(runs),
        "pages_in": pages_in,
        "wall_s": round(med["wall_s"], 2),
        "cpu_s": round(med["cpu_s"], 2),
        "pages_per_wall_s": round(pages_in / med["wall_s"], 1),
        "pages_per_cpu_s": round(pages_in / med["cpu_s"], 1),
        "peak_rss_mib": round(med["peak_rss_bytes"] / 2**20, 1),
        "peak_pss_mib": round(med["peak_pss_bytes"] / 2**20, 1),
        "all_wall_s": [round(r["wall_s"], 2) for r in runs],
        "all_cpu_s": [round(r["cpu_s"], 2) for r in runs],
        "all_peak_rss_mib": [round(r["peak_rss_bytes"] / 2**20, 1) for r in runs],
    }


def pages_in_of(stats_path: Path) -> int:
    stats = json.loads(stats_path.read_text())
    return stats["balance"]["pages_in"]


# --------------------------------------------------------------------------------------
# Parity
# --------------------------------------------------------------------------------------


def parity(corpus: Path, ref_out: Path, ours_outs: dict) -> dict:
    from tests.parity import harness

    ref_rows = [json.loads(line) for line in (ref_out / "ref.jsonl").read_text(encoding="utf-8").splitlines() if line]
    ties = harness.tied_urls(wet_files(corpus))
    result = {"reference_pages": len(ref_rows), "url_ties_set_aside": len(ties)}
    for label, out in ours_outs.items():
        rows, stats = harness.read_our_output(out)
        ok, report = harness.compare(ref_rows, rows, ignore_norm_urls=frozenset(ties))
        ref_counters = json.loads((ref_out / "ref_counters.json").read_text())
        differ, _missing = harness.compare_counters(ref_counters, stats.get("counters", {}))
        tie_proof = {k: v for k, v in differ.items() if k.startswith(harness.TIE_PROOF_PREFIXES)}
        result[label] = {
            "equal": ok, "our_pages": len(rows), "report": report,
            "counters_differing": {k: list(v) for k, v in differ.items()},
            "tie_proof_counters_differing": {k: list(v) for k, v in tie_proof.items()},
        }
        log(f"  parity {label}: {'EQUAL' if ok else 'DIFFERENT'}; {report.splitlines()[0]}")
        if not ok:
            log("\n".join(report.splitlines()[:40]))
    return result


# --------------------------------------------------------------------------------------
# Profile (py-spy)
# --------------------------------------------------------------------------------------

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*):(?P<line>\d+)\)$")


def _short(frame: str) -> str:
    m = _FRAME.match(frame)
    if not m:
        return frame
    path = m["file"]
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{m['func']} ({path})"


def stacks(raw: Path):
    """(frames root first, samples) of each stack in py-spy's raw output, process and thread frames left out."""
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        frames = [f for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if n.isdigit() and frames:
            yield frames, int(n)


def profile(corpus: Path, out: Path, rate: int = 100, top: int = 25) -> dict:
    if shutil.which("py-spy") is None:
        return {"error": "py-spy not installed (pip install py-spy)"}
    raw = out.parent / "pyspy.raw.txt"
    if out.exists():
        shutil.rmtree(out)
    cmd = ["py-spy", "record", "-r", str(rate), "-f", "raw", "-o", str(raw), "--subprocesses", "--",
           *ours_cmd(corpus, out, 1)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0 or not raw.exists():
        return {"error": f"py-spy failed: {proc.stderr[-1500:]}"}
    self_t: collections.Counter = collections.Counter()
    incl: collections.Counter = collections.Counter()
    total = 0
    for frames, n in stacks(raw):
        frames = [_short(f) for f in frames]
        total += n
        self_t[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    ours = re.compile(r"\((c4pipe|filters|beam_jobs|nltk|langdetect|mmh3|warcio|gzip|zlib|json|re)")
    return {
        "samples": total, "rate_hz": rate, "by_stage": by_stage(raw),
        "top_self": [(f, round(100 * n / total, 1)) for f, n in self_t.most_common(top)],
        "top_inclusive": [(f, round(100 * n / total, 1)) for f, n in incl.most_common(200) if ours.search(f)][:top],
    }


# Where a sample's time goes: the first matching frame from the root, (stage, step) rules.
STAGES = (
    ("start-up: imports, options, bad-words list", ("_load (", "import_lean_beam", "import_punkt_alone",
                                                    "load_badwords", "check_options")),
    ("start-up: building the Beam pipeline", ("build_pipeline",)),
    ("file task", ("FileTask.run",)),
    ("URL bucket task", ("UrlBucketTask.run",)),
    ("dedup vote task", ("VoteTask.run",)),
    ("dedup bucket task", ("RemoveDuplicatesTask.run",)),
    ("shard writing", ("WritePartTask.run", "WriteShardTask.run", "_WriteEmptyShard")),
)
STEPS = {
    "file task": (("WET parsing", ("read_wet",)), ("clean_page, Punkt included", ("clean_text",)),
                  ("Punkt sentence count", ("count_sentences",)), ("work directory", ("_ResultWriter",))),
    "URL bucket task": (("domain tables", ("domain_tables",)), ("newest page per URL", ("newest_per_url",)),
                        ("dedup offers", ("offer",))),
    "dedup bucket task": (("line dedup", ("remove_duplicate_lines", "remove_duplicate_spans")),
                          ("language ID", ("is_english",)), ("bad words", ("has_no_badwords",)),
                          ("part batches and domain tables", ("part_batches", "domain_tables"))),
}


def by_stage(raw: Path) -> list:
    """[(stage, share %, [(step, share %)])] of the busy samples; the rest is Beam's runner
    and the steps between the tasks (the shuffles, the report)."""
    stages: collections.Counter = collections.Counter()
    steps: collections.Counter = collections.Counter()
    total = 0
    for frames, n in stacks(raw):
        total += n
        stage = next((name for frame in frames for name, prefixes in STAGES if frame.startswith(prefixes)),
                     "Beam's runner: shuffles, the report")
        stages[stage] += n
        for step, prefixes in STEPS.get(stage, ()):
            if any(frame.startswith(prefixes) for frame in frames):
                steps[(stage, step)] += n
    pct = lambda n: round(100 * n / max(total, 1), 1)  # noqa: E731
    return [(stage, pct(n), [(step, pct(steps[(stage, step)])) for step, _ in STEPS.get(stage, ())])
            for stage, n in stages.most_common()]


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------


def render(res: dict) -> str:
    L = []
    m = res["machine"]
    L.append(f"Machine: {m['cpu_model']}, {m['cpus']} CPUs ({m['usable_cpus']} usable), "
             f"{m['mem_total_gib']} GiB RAM, Python {m['python']}; load average at start {m['loadavg_at_start']}.")
    kind = "pages of real crawl text" if res["corpus"].get("kind") == "crawl-text" else "synthetic pages"
    L.append(f"Corpus: {res['corpus']['pages']} {kind} (seed {res['corpus']['seed']}, "
             f"{res['corpus']['files']} files, {res['corpus']['gz_mb']} MB gzipped, {res['corpus']['raw_mb']} MB WET). "
             f"Command: `{res['command']}` ({res['elapsed_min']} min).")
    L.append("")
    L.append("### Stages (one process, CPU time, median of runs)")
    L.append("")
    L.append("| stage | pages | pages/s/core | MB/s/core | ms/page | note |")
    L.append("|---|---:|---:|---:|---:|---|")
    for r in res["stages"]:
        if "error" in r:
            L.append(f"| {r['stage']} | | | | | ERROR {r['error']} |")
        else:
            L.append(f"| {r['stage']} | {r['pages']} | {r['pages_per_s']} | {r['mb_per_s']} | {r['ms_per_page']} | {r['note']} |")
    L.append("")
    L.append("### End to end (median of runs; CPU and peak RSS over the whole process tree)")
    L.append("")
    L.append("| run | runs | wall s | CPU s | pages/wall-s | pages/CPU-s | peak tree RSS MiB | peak tree PSS MiB | walls | CPUs |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for label, s in res["e2e"].items():
        L.append(f"| {label} | {s['runs']} | {s['wall_s']} | {s['cpu_s']} | {s['pages_per_wall_s']} | "
                 f"{s['pages_per_cpu_s']} | {s['peak_rss_mib']} | {s.get('peak_pss_mib', '')} | "
                 f"{s['all_wall_s']} | {s['all_cpu_s']} |")
    one, two = res["e2e"].get(ONE_WORKER), res["e2e"].get(TWO_WORKERS)
    if one and two:
        L.append("")
        L.append(f"2 workers / 1 worker, pages per wall-second: **{two['pages_per_wall_s'] / one['pages_per_wall_s']:.2f}x**")
        su1, su2 = res["e2e"].get("start-up: ours 1 worker"), res["e2e"].get("start-up: ours 2 workers")
        if su1 and su2 and two["wall_s"] > su2["wall_s"]:
            ratio = (one["wall_s"] - su1["wall_s"]) / (two["wall_s"] - su2["wall_s"])
            L[-1] += f"; with each one's start-up wall time (tiny corpus) subtracted: **{ratio:.2f}x**"
    if res.get("marginal"):
        L.append("")
        L.append("Marginal throughput (start-up CPU, measured on the tiny corpus, subtracted):")
        L.append("")
        for label, mg in res["marginal"].items():
            L.append(f"- {label}: start-up {mg['startup_cpu_s']} CPU-s, marginal {mg['marginal_pages_per_cpu_s']} pages/CPU-s")
    if res.get("ratios"):
        L.append("")
        L.append("### Ours / reference")
        L.append("")
        L.append("| ours | pages/CPU-s ratio | marginal pages/CPU-s ratio | wall ratio (ref/ours) | peak RSS ratio (ours/ref) | peak PSS ratio (ours/ref) |")
        L.append("|---|---:|---:|---:|---:|---:|")
        for label, r in res["ratios"].items():
            L.append(f"| {label} | {r['pages_per_cpu_s']}x | {r.get('marginal_pages_per_cpu_s')}x | {r['wall_speedup']}x | "
                     f"{r['peak_rss']} | {r.get('peak_pss')} |")
    if res.get("parity"):
        p = res["parity"]
        L.append("")
        L.append(f"### Parity (set of (split, url, text, timestamp); {p['url_ties_set_aside']} URL ties set aside)")
        L.append("")
        for label, v in p.items():
            if isinstance(v, dict):
                L.append(f"- {label}: **{'EQUAL' if v['equal'] else 'DIFFERENT'}** — {v['report'].splitlines()[0]}; "
                         f"comparable counters differing: {v['counters_differing'] or 'none'}")
    if res.get("profile") and "top_self" in res["profile"]:
        pr = res["profile"]
        L.append("")
        L.append(f"### py-spy, 1 worker end to end ({pr['samples']} samples at {pr['rate_hz']} Hz)")
        L.append("")
        L.append("| stage | share | of which |")
        L.append("|---|---:|---|")
        for stage, share, steps in pr.get("by_stage", []):
            L.append(f"| {stage} | {share}% | {', '.join(f'{step} {p}%' for step, p in steps)} |")
        L.append("")
        L.append("| self % | function |")
        L.append("|---:|---|")
        for f, pct in pr["top_self"][:15]:
            L.append(f"| {pct} | `{f}` |")
        L.append("")
        L.append("| inclusive % | function |")
        L.append("|---:|---|")
        for f, pct in pr["top_inclusive"][:20]:
            L.append(f"| {pct} | `{f}` |")
    if res.get("dedup_memory"):
        from dedup_memory import render as render_dm

        L.append("")
        L.append(render_dm(res["dedup_memory"]))
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=CORPORA, default="crawl-text",
                    help="crawl-text (real pages, the headline) or synthetic (every rule's edge cases)")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--files", type=int, default=2, help="WET files (2: one per worker)")
    ap.add_argument("--prose", default=None, help="mix real text into the corpus (c4pipe synth --prose)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (medians)")
    ap.add_argument("--ref-runs", type=int, default=None, help="reference runs (default: --runs)")
    ap.add_argument("--fast-runs", type=int, default=1, help="1-worker runs with --langid fast (c4pipe.langid)")
    ap.add_argument("--langdetect-runs", type=int, default=1, help="1-worker runs with --langid langdetect")
    ap.add_argument("--langdetect-pages", type=int, default=600, help="pages for the langdetect stage timing")
    ap.add_argument("--tiny-pages", type=int, default=20, help="start-up cost corpus (0: skip)")
    ap.add_argument("--skip-reference", action="store_true")
    ap.add_argument("--skip-stages", action="store_true")
    ap.add_argument("--skip-profile", action="store_true")
    ap.add_argument("--skip-dedup-memory", action="store_true")
    ap.add_argument("--dedup-sizes", default=None, help="comma-separated pages (default: N/4,N/2,N,2N)")
    ap.add_argument("--output", type=Path, default=HERE / "results")
    args = ap.parse_args(argv)
    ref_runs = args.runs if args.ref_runs is None else args.ref_runs
    t_start = time.time()
    os.environ.setdefault("PYTHONHASHSEED", "0")

    res: dict = {"machine": machine_info(), "command": "python benchmarks/run_benchmarks.py " + " ".join(
        argv if argv is not None else sys.argv[1:])}
    corpus = corpus_dir(args.pages, args.seed, args.files, args.prose, args.corpus)
    import gzip

    files = wet_files(corpus)
    res["corpus"] = {
        "path": str(corpus), "kind": args.corpus, "pages": args.pages, "seed": args.seed, "files": args.files,
        "prose": args.prose,
        "gz_mb": round(sum(f.stat().st_size for f in files) / 1e6, 2),
        "raw_mb": round(sum(len(gzip.decompress(f.read_bytes())) for f in files) / 1e6, 2),
    }
    work = CACHE / f"work-{args.corpus}-p{args.pages}-s{args.seed}"
    work.mkdir(parents=True, exist_ok=True)

    if not args.skip_stages:
        log("== stages")
        from stages import run_stages

        res["stages"] = run_stages(corpus, args.runs, args.langdetect_pages, str(BADWORDS_DIR), log=log)
    else:
        res["stages"] = []

    log("== end to end (ours)")
    e2e: dict = {}
    raw_runs: dict = {}
    plan = [(ONE_WORKER, 1, "auto", args.runs), (TWO_WORKERS, 2, "auto", args.runs),
            ("ours 1 worker (langid fast)", 1, "fast", args.fast_runs),
            ("ours 1 worker (langid langdetect)", 1, "langdetect", args.langdetect_runs)]
    outs = {}
    pages_in = None
    # Fixed cost (interpreter, imports, Beam graph, runner start-up): the same commands on a
    # tiny corpus, so the marginal pages per CPU-second can be told apart from start-up.
    tiny = corpus_dir(args.tiny_pages, args.seed, 1, kind=args.corpus) if args.tiny_pages else None
    # Interleave configurations run by run, so slow drift in machine load hits each alike.
    for i in range(max(r for *_, r in plan)):
        for label, workers, langid, runs in plan:
            if i >= runs:
                continue
            out = work / f"ours-w{workers}-{langid}"
            raw_runs.setdefault(label, []).append(run_measured(ours_cmd(corpus, out, workers, langid), out, f"{label} #{i + 1}"))
            outs[label] = out
            pages_in = pages_in_of(out / "stats.json")
        if not args.skip_reference and i < ref_runs:
            out = work / "reference"
            raw_runs.setdefault("reference (TFDS c4/en, 1 worker)", []).append(
                run_measured(ref_cmd(corpus, out), out, f"reference #{i + 1}"))
        if tiny is not None:
            for w in (1, 2):
                out = work / f"tiny-ours-w{w}"
                raw_runs.setdefault(f"start-up: ours {w} worker{'s' if w > 1 else ''}", []).append(
                    run_measured(ours_cmd(tiny, out, w), out, f"start-up ours {w}w #{i + 1}"))
            if not args.skip_reference:
                out = work / "tiny-ref"
                raw_runs.setdefault("start-up: reference", []).append(
                    run_measured(ref_cmd(tiny, out), out, f"start-up reference #{i + 1}"))
    for label, runs in raw_runs.items():
        e2e[label] = summarize(runs, args.tiny_pages if label.startswith("start-up") else pages_in)
    res["e2e"] = e2e
    # Marginal throughput: (pages - tiny pages) / (CPU - start-up CPU), per implementation.
    marginal = {}
    for label, s in e2e.items():
        if label.startswith("start-up"):
            continue
        base = e2e.get("start-up: reference" if label.startswith("reference")
                       else "start-up: ours 2 workers" if "2 workers" in label else "start-up: ours 1 worker")
        if base:
            extra_cpu = s["cpu_s"] - base["cpu_s"]
            marginal[label] = {
                "startup_cpu_s": base["cpu_s"],
                "marginal_pages_per_cpu_s": round((pages_in - base["pages_in"]) / extra_cpu, 1) if extra_cpu > 0 else None,
            }
    res["marginal"] = marginal
    res["e2e_raw"] = raw_runs

    if not args.skip_reference:
        ref = e2e["reference (TFDS c4/en, 1 worker)"]
        res["ratios"] = {
            label: {
                "pages_per_cpu_s": round(s["pages_per_cpu_s"] / ref["pages_per_cpu_s"], 2),
                "wall_speedup": round(ref["wall_s"] / s["wall_s"], 2),
                "peak_rss": round(s["peak_rss_mib"] / ref["peak_rss_mib"], 2),
                "peak_pss": round(s["peak_pss_mib"] / ref["peak_pss_mib"], 2) if ref.get("peak_pss_mib") else None,
            }
            for label, s in e2e.items() if label.startswith("ours")
        }
        ref_m = marginal.get("reference (TFDS c4/en, 1 worker)", {}).get("marginal_pages_per_cpu_s")
        for label, r in res["ratios"].items():
            ours_m = marginal.get(label, {}).get("marginal_pages_per_cpu_s")
            r["marginal_pages_per_cpu_s"] = round(ours_m / ref_m, 2) if ours_m and ref_m else None
        log("== parity")
        res["parity"] = parity(corpus, work / "reference", {
            **{label: outs[label] for label, *_ in plan if label in outs},
        })

    if not args.skip_profile:
        log("== profile (py-spy)")
        res["profile"] = profile(corpus, work / "profile")
        for f, pct in res["profile"].get("top_self", [])[:10]:
            log(f"  {pct:5.1f}%  {f}")

    if not args.skip_dedup_memory:
        log("== dedup memory")
        from dedup_memory import run_dedup_memory

        sizes = ([int(x) for x in args.dedup_sizes.split(",")] if args.dedup_sizes
                 else [args.pages // 4, args.pages // 2, args.pages, args.pages * 2])
        res["dedup_memory"] = run_dedup_memory(sizes, args.seed, args.files, log=log)

    res["elapsed_min"] = round((time.time() - t_start) / 60, 1)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = args.output / f"{args.corpus}-{args.pages}p-s{args.seed}"
    Path(f"{stem}.json").write_text(json.dumps(res, indent=1, default=str))
    Path(f"{stem}.md").write_text(render(res))
    log(f"== done in {res['elapsed_min']} min: {stem}.json, {stem}.md")
    print(render(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
