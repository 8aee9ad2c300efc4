"""Dedup memory as the corpus grows: bytes per line/span key, and peak RSS end to end.

For each corpus size (synthetic, cached like run_benchmarks.py):

* in process: the pages the dedup stage sees (parse -> length -> newest per URL ->
  clean_page), their distinct keys per page (`line_keys`, `span_keys`), and the
  combiner's table {key: smallest page id} built as `CombinePerKey(min)` keeps it.
  `tracemalloc` measures the table (dict + key objects; page ids are shared per page)
  -> bytes per distinct key. Also the shuffle volume: (key, page id) elements are
  16 + 16 bytes, length-prefixed by Beam's bytes coder = 34 bytes each.
* end to end (unless --no-e2e): peak summed RSS of `c4pipe run --recipe tfds-3.1.0`
  (line dedup), 1 worker, fast langid; a least-squares line through (distinct line
  keys, peak RSS) gives the marginal bytes per key of the whole in-memory pipeline
  (FnApiRunner in_memory buffers every shuffled PCollection, pages included, so this
  slope is an upper bound of what dedup costs).

    python benchmarks/dedup_memory.py --sizes 500,1000,2000,4000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

SHUFFLE_BYTES_PER_ELEMENT = 34  # bytes coder: 1-byte length + 16 for the key and for the page id


def _log(*a):
    print(*a, file=sys.stderr, flush=True)


def dedup_input(corpus: Path) -> list:
    """(page id, cleaned Page) as the dedup stage receives them."""
    from run_benchmarks import wet_files

    from c4pipe.io import wet
    from c4pipe.text.sentences import split_sentences
    from filters import clean_page
    from filters.counting import CounterDict
    from filters.urls import page_id

    best: dict = {}
    for f in wet_files(corpus):
        for p in wet.read_wet(lambda f=f: open(f, "rb"), str(f), CounterDict()):
            if len(p.text) > 190_000:
                continue
            cur = best.get(p.normalized_url)
            if cur is None or p.timestamp > cur.timestamp:
                best[p.normalized_url] = p
    out = []
    for p in sorted(best.values(), key=lambda p: p.url):
        text = clean_page.clean_text(p.text, lambda line, limit: len(split_sentences(line)), CounterDict())
        if text is not None:
            out.append((page_id(p.url), p._replace(text=text)))
    return out


def key_table(pages: list, keys_of) -> dict:
    """Builds {key: min page id} under tracemalloc; returns its measurements."""
    per_page = [keys_of(p.text) for _, p in pages]  # computed first: only the table is measured
    occurrences = sum(len(k) for k in per_page)
    # The keys as fresh objects, as a worker receives them from the shuffle (decoded).
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    table: dict = {}
    for (pid, _), keys in zip(pages, per_page):
        for key in keys:
            key = bytes(bytearray(key))
            cur = table.get(key)
            if cur is None or pid < cur:
                table[key] = pid
    size = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return {
        "distinct_keys": len(table),
        "key_occurrences": occurrences,
        "table_bytes": size,
        "bytes_per_distinct_key": round(size / max(1, len(table)), 1),
        "shuffle_bytes": occurrences * SHUFFLE_BYTES_PER_ELEMENT,
    }


def _fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    icpt = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys))
    return {"slope": slope, "intercept": icpt, "r2": 1 - ss_res / ss_tot if ss_tot else 1.0}


def run_dedup_memory(sizes, seed: int = 0, files: int = 2, e2e: bool = True, log=_log) -> dict:
    from run_benchmarks import CACHE, corpus_dir, ours_cmd, run_measured

    from c4pipe.text.sentences import split_sentences
    from filters import line_dedup, span_dedup

    rows = []
    for n in sizes:
        corpus = corpus_dir(n, seed, files)
        t0 = time.process_time()
        pages = dedup_input(corpus)
        lines = key_table(pages, line_dedup.line_keys)
        spans = key_table(pages, lambda t: span_dedup.span_keys(t, split_sentences))
        row = {"pages": n, "dedup_pages": len(pages), "text_mb": round(sum(len(p.text.encode()) for _, p in pages) / 1e6, 2),
               "lines": lines, "spans": spans, "cpu_s": round(time.process_time() - t0, 1)}
        if e2e:
            out = CACHE / f"dedupmem-p{n}-s{seed}"
            r = run_measured(ours_cmd(corpus, out, 1, "fast"), out, f"e2e lines {n} pages")
            row["e2e_peak_rss_mib"] = round(r["peak_rss_bytes"] / 2**20, 1)
        rows.append(row)
        log(f"  {n} pages: {lines['distinct_keys']} line keys ({lines['bytes_per_distinct_key']} B/key), "
            f"{spans['distinct_keys']} span keys ({spans['bytes_per_distinct_key']} B/key)"
            + (f", e2e peak {row['e2e_peak_rss_mib']} MiB" if e2e else ""))
    result = {"rows": rows}
    for mode in ("lines", "spans"):
        result[f"{mode}_table_fit"] = _fit([r[mode]["distinct_keys"] for r in rows], [r[mode]["table_bytes"] for r in rows])
    if e2e:
        result["e2e_fit_per_line_key"] = _fit([r["lines"]["distinct_keys"] for r in rows],
                                              [r["e2e_peak_rss_mib"] * 2**20 for r in rows])
        result["e2e_fit_per_page"] = _fit([r["pages"] for r in rows], [r["e2e_peak_rss_mib"] * 2**20 for r in rows])
    return result


def render(res: dict) -> str:
    L = ["### Dedup memory as the corpus grows", ""]
    e2e = "e2e_peak_rss_mib" in res["rows"][0]
    L.append("| pages | pages at dedup | text MB | line keys (distinct / occurrences) | B/line key | "
             "span keys (distinct / occurrences) | B/span key | shuffle MB lines / spans |"
             + (" e2e peak RSS MiB (lines) |" if e2e else ""))
    L.append("|---:|---:|---:|---|---:|---|---:|---|" + ("---:|" if e2e else ""))
    for r in res["rows"]:
        li, sp = r["lines"], r["spans"]
        L.append(f"| {r['pages']} | {r['dedup_pages']} | {r['text_mb']} | {li['distinct_keys']} / {li['key_occurrences']} | "
                 f"{li['bytes_per_distinct_key']} | {sp['distinct_keys']} / {sp['key_occurrences']} | "
                 f"{sp['bytes_per_distinct_key']} | {li['shuffle_bytes'] / 1e6:.2f} / {sp['shuffle_bytes'] / 1e6:.2f} |"
                 + (f" {r['e2e_peak_rss_mib']} |" if e2e else ""))
    L.append("")
    for mode in ("lines", "spans"):
        f = res[f"{mode}_table_fit"]
        L.append(f"- {mode} combiner table: {f['slope']:.1f} bytes per distinct key (least squares, "
                 f"intercept {f['intercept'] / 1e3:.0f} kB, R² {f['r2']:.4f}).")
    if e2e:
        f, g = res["e2e_fit_per_line_key"], res["e2e_fit_per_page"]
        L.append(f"- end to end peak RSS (tfds-3.1.0, 1 worker): {g['slope'] / 1e3:.1f} kB per input page, "
                 f"= {f['slope']:.0f} bytes per distinct line key, over a fixed {g['intercept'] / 2**20:.0f} MiB "
                 f"(R² {g['r2']:.3f}).")
    return "\n".join(L)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,1000,2000,4000")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--files", type=int, default=2)
    ap.add_argument("--no-e2e", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    res = run_dedup_memory([int(x) for x in args.sizes.split(",")], args.seed, args.files, not args.no_e2e)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))
    print(render(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
