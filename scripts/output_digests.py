"""The sha256 of every file c4pipe writes, for every recipe, on fixed corpora.

A refactor must not change one output byte. Run this on the code before and after and
compare:

    python scripts/output_digests.py --work /tmp/digests/before --out before.json
    python scripts/output_digests.py --work /tmp/digests/after --out after.json \\
        --spm-model /tmp/digests/before/spm.model
    python scripts/output_digests.py --compare before.json after.json

`--repo DIR` runs the c4pipe checkout in DIR (a `git worktree` of an older commit, say)
instead of the installed one. Corpora: every WET file in ../shared/data/wet, and a
generated corpus (`c4pipe synth`, mixed with the real crawl text in
../shared/data/cc-text). Every recipe runs on both; `c4` also runs with two local
workers and with a SentencePiece model, and `c4pipe tokenize` and `c4pipe report` run
on its output. `realnewslike` also runs on a generated file moved onto RealNews
domains, so that it keeps pages. It uses only the command line, so it runs on any version of the code.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
REALNEWS = SHARED / "realnews" / "domain_to_allowed_subdomains.json"
RECIPES = ("c4", "tfds-3.1.0", "noclean", "tfds-2.2.0", "realnewslike", "webtextlike")


def c4pipe(repo: str | None, *args: str) -> None:
    env = dict(os.environ)
    if repo:
        env["PYTHONPATH"] = repo + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "c4pipe.cli", *args]
    done = subprocess.run(command, env=env, cwd=repo or ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-3000:]}")


def digests(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def webtext_list(noclean_output: Path, destination: Path) -> None:
    """Every second URL of the noclean output, sorted: a URL list that keeps some pages."""
    urls = sorted(
        json.loads(line)["url"]
        for shard in sorted((noclean_output / "json").glob("*.json.gz"))
        for line in gzip.open(shard, "rt", encoding="utf-8")
    )
    destination.mkdir(parents=True, exist_ok=True)
    (destination / "urls.txt").write_text("".join(url + "\n" for url in urls[::2]), encoding="utf-8")


def realnews_corpus(repo: str | None, destination: Path) -> list[str]:
    """A generated WET file whose pages sit on RealNews domains: each host is swapped for
    one of the list's domains, with an allowed subdomain, `www`, or one not allowed."""
    plain = destination / "plain"
    if not plain.exists():
        c4pipe(repo, "synth", "--output", str(plain), "--pages", "600", "--seed", "1", "--no-gzip")
    domains = json.loads(REALNEWS.read_text())
    names = sorted(domains)
    swapped = {}
    lines = []
    for line in (plain / sorted(p.name for p in plain.iterdir())[0]).read_text(encoding="utf-8").split("\n"):
        if line.startswith("WARC-Target-URI: "):
            scheme, rest = line[len("WARC-Target-URI: "):].split("://", 1)
            host, _, path = rest.partition("/")
            if host not in swapped:
                digest = int(hashlib.md5(host.encode()).hexdigest(), 16)
                domain = names[digest % len(names)]
                allowed = domains[domain]
                sub = allowed[0] if isinstance(allowed, list) and digest % 3 else ("www", "blog")[digest % 2]
                swapped[host] = f"{sub}.{domain}"
            line = f"WARC-Target-URI: {scheme}://{swapped[host]}/{path}"
        lines.append(line)
    (destination / "realnews.warc.wet").write_text("\n".join(lines), encoding="utf-8")
    return [str(destination / "realnews.warc.wet")]


def run_all(work: Path, repo: str | None, spm_model: str | None, pages: int) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    generated = work / "generated"
    if not generated.exists():
        prose = SHARED / "cc-text" / "allenai-dolma" / "cc_en_head-0091.jsonl.gz"
        c4pipe(repo, "synth", "--output", str(generated), "--pages", str(pages), "--files", "3",
               "--prose", str(prose))
    corpora = {
        "shared": sorted(str(p) for p in (SHARED / "wet").rglob("*") if p.is_file() and ".warc." in p.name),
        "generated": sorted(str(p) for p in generated.iterdir()),
    }
    assets = ["--badwords-dir", str(SHARED / "ldnoobw"), "--realnews-domains", str(REALNEWS)]
    result = {}
    for corpus, inputs in corpora.items():
        for recipe in ("noclean",) + tuple(r for r in RECIPES if r != "noclean"):
            output = work / "out" / corpus / recipe
            extra = []
            if recipe == "webtextlike":
                webtext_list(work / "out" / corpus / "noclean", work / "lists" / corpus)
                extra = ["--webtext-urls", str(work / "lists" / corpus / "*.txt")]
            c4pipe(repo, "run", "--input", *inputs, "--output", str(output), "--recipe", recipe,
                   "--num-shards", "4", "--no-progress", *assets, *extra)
            result[f"{corpus}/{recipe}"] = digests(output)
        output = work / "out" / corpus / "c4-workers2"
        c4pipe(repo, "run", "--input", *inputs, "--output", str(output), "--workers", "2",
               "--num-shards", "4", "--no-progress", *assets)
        result[f"{corpus}/c4-workers2"] = digests(output)
    output = work / "out" / "realnews" / "realnewslike"
    c4pipe(repo, "run", "--input", *realnews_corpus(repo, work / "realnews"), "--output", str(output),
           "--recipe", "realnewslike", "--num-shards", "4", "--no-progress", *assets)
    result["realnews/realnewslike"] = digests(output)
    model = spm_model or str(work / "spm.model")
    if not spm_model:
        c4pipe(repo, "vocab", "--input", str(work / "out" / "generated" / "noclean"), "--output", model,
               "--vocab-size", "600", "--soft-vocab-limit")
    output = work / "out" / "generated" / "c4-spm"
    c4pipe(repo, "run", "--input", *corpora["generated"], "--output", str(output), "--num-shards", "4",
           "--no-progress", "--spm-model", model, *assets)
    c4pipe(repo, "tokenize", "--input", str(output), "--spm-model", model,
           "--output", str(work / "out" / "generated" / "c4-tokenize"))
    c4pipe(repo, "report", str(output))
    result["generated/c4-spm"] = digests(output)
    result["generated/c4-tokenize"] = digests(work / "out" / "generated" / "c4-tokenize")
    return result


def compare(before_path: str, after_path: str) -> int:
    before = json.loads(Path(before_path).read_text())
    after = json.loads(Path(after_path).read_text())
    differences = []
    for run in sorted(set(before) | set(after)):
        files_before, files_after = before.get(run, {}), after.get(run, {})
        for name in sorted(set(files_before) | set(files_after)):
            if files_before.get(name) != files_after.get(name):
                differences.append(f"{run}/{name}: {files_before.get(name)} -> {files_after.get(name)}")
    files = sum(len(files) for files in before.values())
    if differences:
        print("\n".join(differences))
        print(f"{len(differences)} of {files} files differ")
        return 1
    print(f"identical: {len(before)} runs, {files} files")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", help="where corpora and outputs go")
    parser.add_argument("--out", help="the digests, as JSON")
    parser.add_argument("--repo", help="run the c4pipe checkout in this directory")
    parser.add_argument("--spm-model", help="use this SentencePiece model (default: train one)")
    parser.add_argument("--pages", type=int, default=2000, help="pages in the generated corpus")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not (args.work and args.out):
        parser.error("--work and --out are needed (or --compare)")
    result = run_all(Path(args.work), args.repo, args.spm_model, args.pages)
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"{len(result)} runs, {sum(map(len, result.values()))} files -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
