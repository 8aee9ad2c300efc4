"""Differential harness: the reference C4 builder (tfds 4.9.10, in its own venv) vs c4pipe.

Pages are compared as a SET of (split, url, text, timestamp). Counters are compared where
both sides count the same thing (see COMPARABLE_COUNTERS).
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tests.fixtures.paths import SHARED_DATA

REPO = Path(__file__).resolve().parents[2]
RUN_REFERENCE = REPO / "scripts" / "reference" / "run_reference.py"
BADWORDS_COMMIT = "25e679f03d96baa721cde20db9944649e8d0a844"

# Counters that mean the same on both sides (reference namespace:name). Beam's combiner
# lifting calls select_newest_page several times per key, so the reference's
# duplicate-url-filter counters are inflated and are not compared; neither are the
# download / wet-file / per-split bookkeeping counters.
COMPARABLE_PREFIXES = (
    "split-wet-file:filtered:",
    "split-wet-file:passed",
    "too-long-filter:",
    "clean-page:",
    "dedupe-lines:",
    "english-filter:",
    "paragraph-filter:",
    "language-filter:",
    "badwords-filter",  # and every language's badwords-filter-<lang>
)
EXAMPLES = ":examples"
"""The reference's `<split>:examples` counters: c4pipe's `output:pages:<split>`."""


def ref_venv() -> Path:
    return Path(os.environ.get("C4PIPE_REF_VENV", REPO / ".ref-venv"))


def ref_python() -> Path:
    return ref_venv() / "bin" / "python"


def ref_available() -> tuple[bool, str]:
    py = ref_python()
    if not py.exists():
        return False, (f"reference venv not found at {ref_venv()} (set C4PIPE_REF_VENV or run "
                       "scripts/reference/setup_ref_env.sh)")
    if not (ref_venv() / "nltk_data" / "tokenizers" / "punkt_tab" / "english").is_dir():
        return False, f"reference venv {ref_venv()} has no punkt_tab data (rerun setup_ref_env.sh)"
    return True, ""


def badwords_file() -> Path:
    return SHARED_DATA / "ldnoobw" / BADWORDS_COMMIT / "en"


# ---------------------------------------------------------------------------------------
# Running both sides
# ---------------------------------------------------------------------------------------


def run_reference(wet_files, work: Path, config: str = "en", timeout: int = 1800, extra_args=()):
    """Returns (rows, counters); raises RuntimeError with the reference's stderr on failure."""
    work.mkdir(parents=True, exist_ok=True)
    out, counters = work / "ref.jsonl", work / "ref_counters.json"
    cmd = [str(ref_python()), str(RUN_REFERENCE), "--config", config, "--wet", *map(str, wet_files),
           "--output", str(out), "--counters", str(counters), *extra_args]
    if config == "multilingual":
        cmd += ["--badwords-dir", str(SHARED_DATA / "ldnoobw")]
    elif config != "en.noclean":
        cmd += ["--badwords", str(badwords_file())]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"reference failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]  # not splitlines(): texts hold \u2028 and \x1c
    return rows, json.loads(counters.read_text(encoding="utf-8"))


def run_ours(wet_files, work: Path, timeout: int = 1800, extra_args=(), recipe: str = "tfds-3.1.0"):
    """Runs `python -m c4pipe.cli run`; returns (rows, counters, stats)."""
    out = work / "ours"
    cmd = [sys.executable, "-m", "c4pipe.cli", "run", "--input", *map(str, wet_files),
           "--output", str(out), "--recipe", recipe,
           "--badwords-dir", str(SHARED_DATA / "ldnoobw"), "--num-shards", "2", "--formats", "json",
           *extra_args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"c4pipe run failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    rows, stats = read_our_output(out)
    return rows, stats.get("counters", {}), stats


_SHARD = re.compile(r"c4-(?P<split>.+?)\.(?:tfrecord-)?\d{5}-of-\d{5}\.json(\.gz)?$")


def read_our_output(out_dir: Path):
    """Rows {"split","url","text","timestamp"} from DIR/json/c4-<split>.NNNNN-of-MMMMM.json.gz
    (or mC4's DIR/multilingual/c4-<split>.tfrecord-NNNNN-of-MMMMM.json.gz), and DIR/stats.json."""
    out_dir = Path(out_dir)
    rows = []
    for shard in sorted([*(out_dir / "json").glob("c4-*.json*"), *(out_dir / "multilingual").glob("c4-*.json*")]):
        m = _SHARD.search(shard.name)
        if not m:
            continue
        opener = gzip.open if shard.name.endswith(".gz") else open
        with opener(shard, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    rows.append({"split": m["split"], "url": d["url"], "text": d["text"],
                                 "timestamp": d["timestamp"]})
    stats_path = out_dir / "stats.json"
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    return rows, stats


# ---------------------------------------------------------------------------------------
# Input analysis: URL ties (the reference keeps whichever page it sees first)
# ---------------------------------------------------------------------------------------


def normalize_url(url: str) -> str:
    url = re.sub(r"https?:\/\/(www\.)?", "", url)
    url = re.sub(r"\?(utm_|ref|feed).*", "", url)
    return url.rstrip("/")


def reference_style_pages(wet_files):
    """Pages as the reference's split_wet_file frames them: (url, timestamp, text)."""
    for path in wet_files:
        raw = Path(path).read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        page = None
        text_lines: list[str] = []
        for line in io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="replace"):
            line = line.strip()
            if not line:
                continue
            if line == "WARC/1.0":
                if page is not None:
                    yield page["url"], page["ts"], "\n".join(text_lines)
                page, text_lines = {"url": "", "ts": ""}, []
            if page is None:
                page, text_lines = {"url": "", "ts": ""}, []
            if line.startswith("WARC-Target-URI:"):
                page["url"] = line[len("WARC-Target-URI:"):].strip()
            if line.startswith("WARC-Date:"):
                page["ts"] = line[len("WARC-Date:"):].strip()
            if line.startswith(("WARC", "CONTENT-", "Content-")):
                continue
            text_lines.append(line)
        if page is not None:
            yield page["url"], page["ts"], "\n".join(text_lines)


def tied_urls(wet_files) -> dict[str, set[str]]:
    """Normalized URLs whose newest timestamp is shared by pages that differ (raw URL or
    text): the reference's choice among them is arbitrary. Maps them to the raw URLs."""
    return {k: {u for u, _ in v} for k, v in _ties(wet_files).items()}


def tie_lines(wet_files) -> set[str]:
    """Line-dedup keys (stripped, lower-cased) of every page in a URL tie: the tie's winner
    decides which page keeps such a line, so other pages holding one are set aside too."""
    return {ln.strip().lower() for cands in _ties(wet_files).values() for _, text in cands
            for ln in text.split("\n") if ln.strip()}


def _ties(wet_files) -> dict[str, set]:
    best: dict[str, list] = {}
    for url, ts, text in reference_style_pages(wet_files):
        if not url or not ts or not text or len(text) > 190_000:
            continue
        key = normalize_url(url)
        cur = best.get(key)
        if cur is None or ts > cur[0]:
            best[key] = [ts, {(url, text)}]
        elif ts == cur[0]:
            cur[1].add((url, text))
    return {k: v[1] for k, v in best.items() if len(v[1]) > 1}


# ---------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------


def _key(row):
    return (row["split"], row["url"], row["text"], row["timestamp"])


def compare(ref_rows, our_rows, ignore_norm_urls=frozenset(), ignore_lines=frozenset(),
            max_examples: int = 5):
    """Returns (ok, report). Rows whose normalized URL is in ignore_norm_urls, or that hold a
    line (stripped, lower-cased) in ignore_lines, are set aside."""
    def tied(r):
        return normalize_url(r["url"]) in ignore_norm_urls or (
            ignore_lines and any(ln.strip().lower() in ignore_lines for ln in r["text"].split("\n")))

    # A URL set aside on either side is set aside on both.
    set_aside = {r["url"] for r in list(ref_rows) + list(our_rows) if tied(r)}

    def keep(r):
        return r["url"] not in set_aside

    ref = {_key(r) for r in ref_rows if keep(r)}
    ours = {_key(r) for r in our_rows if keep(r)}
    only_ref, only_ours = ref - ours, ours - ref
    lines = [f"reference: {len(ref)} pages, ours: {len(ours)} pages, common: {len(ref & ours)}"
             f", only reference: {len(only_ref)}, only ours: {len(only_ours)}"
             + (f", set aside (URL ties and pages sharing their lines): {len(set_aside)}" if set_aside else "")]
    ours_by_url = defaultdict(list)
    for k in only_ours:
        ours_by_url[k[1]].append(k)
    shown = 0
    for k in sorted(only_ref):
        if shown >= max_examples:
            break
        shown += 1
        twin = ours_by_url.get(k[1])
        if twin:
            o = twin[0]
            lines.append(f"--- DIFFERS {k[1]}  split ref={k[0]} ours={o[0]}  ts ref={k[3]} ours={o[3]}")
            diff = difflib.unified_diff(k[2].split("\n"), o[2].split("\n"), "reference", "ours",
                                        lineterm="", n=1)
            lines.extend("    " + d[:300] for d in list(diff)[:40])
        else:
            lines.append(f"--- ONLY REFERENCE [{k[0]}] {k[1]} ts={k[3]}\n    "
                         + k[2][:600].replace("\n", "\n    "))
    ref_urls = {k[1] for k in only_ref}
    for k in sorted(only_ours):
        if shown >= 2 * max_examples:
            break
        if k[1] in ref_urls:
            continue
        shown += 1
        lines.append(f"+++ ONLY OURS [{k[0]}] {k[1]} ts={k[3]}\n    " + k[2][:600].replace("\n", "\n    "))
    return not only_ref and not only_ours, "\n".join(lines)


# Reference counter -> c4pipe counters that together count the same thing.
COUNTER_ALIASES = {
    # c4pipe counts the warcinfo record apart; the reference sees a page without URL.
    "split-wet-file:filtered:no_url": ("split-wet-file:filtered:no_url", "split-wet-file:skipped:warcinfo"),
}
# Counters that do not depend on which page wins a URL tie.
TIE_PROOF_PREFIXES = ("split-wet-file:", "too-long-filter:")


def _ours(our_counters: dict, name: str):
    if name.endswith(EXAMPLES):
        names = (f"output:pages:{name[:-len(EXAMPLES)]}",)
    else:
        names = COUNTER_ALIASES.get(name, (name,))
    if not any(n in our_counters for n in names):
        return None
    return sum(our_counters.get(n, 0) for n in names)


def compare_counters(ref_counters: dict, our_counters: dict):
    """Returns ({name: (reference, ours)} of comparable counters that differ, where c4pipe
    reports the counter (or an alias), and the same for counters c4pipe does not report)."""
    names = sorted(n for n in ref_counters if n.startswith(COMPARABLE_PREFIXES) or n.endswith(EXAMPLES))
    names += sorted(n for n in our_counters if n.startswith(COMPARABLE_PREFIXES) and n not in ref_counters)
    names += sorted(f"{n[len('output:pages:'):]}{EXAMPLES}" for n in our_counters
                    if n.startswith("output:pages:") and f"{n[len('output:pages:'):]}{EXAMPLES}" not in ref_counters)
    differ, missing = {}, {}
    for n in names:
        ours = _ours(our_counters, n)
        ref = ref_counters.get(n, 0)
        if ours is None:
            missing[n] = (ref, None)
        elif ours != ref:
            differ[n] = (ref, ours)
    return differ, missing


def input_sets():
    """(id, [files]) for each WET file under SHARED_DATA/wet, individually."""
    wet = SHARED_DATA / "wet"
    if not wet.is_dir():
        return []
    sets = []
    for p in sorted(wet.rglob("*")):
        if p.is_file() and (".warc" in p.name):
            sets.append((str(p.relative_to(wet)), [p]))
    # The reference's own test input as one set (two files; a URL tie across them).
    pair = wet / "synthetic" / "tensorflow-datasets-c4-fake" / "c4_wet_files"
    if (pair / "cc_0.warc.wet").exists() and (pair / "cc_1.warc.wet").exists():
        sets.append(("tfds-c4-fake-pair", [pair / "cc_0.warc.wet", pair / "cc_1.warc.wet"]))
    return sets


def text_md5(s: str) -> str:
    return hashlib.md5(s.encode("utf-8")).hexdigest()
