"""The largest local run: `c4pipe run` on a generated corpus, whole-process-tree figures.

    python benchmarks/scale_run.py --pages 125000 --files 50 --workers 2 --out /tmp/scale

Generates (or reuses) a deterministic WET corpus with `c4pipe synth`, runs the default
recipe on the local runner, and prints wall time, CPU time, pages per CPU-second and
the peak resident memory summed over the runner and its worker processes, as RSS and
as PSS (`benchmarks/proctree.py`). Results for this machine are in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=125_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recipe", default="c4")
    parser.add_argument("--out", default="/tmp/c4pipe-scale")
    args = parser.parse_args()

    root = Path(args.out)
    wet = corpus(root, args.pages, args.files, args.seed)
    output = root / f"out-{args.recipe}-w{args.workers}"
    cmd = [sys.executable, "-m", "c4pipe.cli", "run", "--input", str(wet), "--output", str(output),
           "--recipe", args.recipe, "--workers", str(args.workers), "--badwords-dir", str(LDNOOBW),
           "--no-progress", "--formats", "json"]
    started = time.time()
    result = run_tree(cmd, interval=0.5, stdout=sys.stderr, stderr=sys.stderr, cwd=str(REPO))
    stats = json.loads((output / "stats.json").read_text())
    figures = {
        "pages": args.pages,
        "wet_bytes_uncompressed": uncompressed_bytes(wet),
        "workers": args.workers,
        "recipe": args.recipe,
        "wall_s": round(result.wall_s, 1),
        "cpu_s": round(result.cpu_s, 1),
        "pages_per_cpu_s": round(stats["balance"]["pages_in"] / result.cpu_s, 1),
        "peak_tree_rss_mb": round(result.peak_rss_bytes / 2**20),
        "peak_tree_pss_mb": round(result.peak_pss_bytes / 2**20),
        "pages_in": stats["balance"]["pages_in"],
        "pages_out": stats["balance"]["pages_out"],
        "balanced": stats["balance"]["balanced"],
        "started": time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)),
    }
    print(json.dumps(figures, indent=2))
    return 0 if result.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
