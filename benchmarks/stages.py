"""Per-stage throughput of c4pipe's pure stage functions, single process, CPU time.

Each stage is fed what it sees in the pipeline (`tfds-3.1.0` order: parse -> length ->
newest page per URL -> clean_page -> dedup -> English -> bad words -> write), computed
once here without Beam. A stage is timed with `time.process_time()` (this process's
user + sys CPU, so other processes on a noisy machine cost it little), `runs` times;
the median is reported as pages per CPU-second and MB per CPU-second (MB = 1e6 bytes of
the stage's INPUT: the UTF-8 text it is given; for WET parsing, the decompressed WET
file bytes). One process, so this is per core.

    python benchmarks/stages.py --corpus DIR [--runs 3] [--langdetect-pages 600]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from c4pipe.io.assets import load_badwords  # noqa: E402
from c4pipe.recipes import LDNOOBW_EN_COMMIT, get_recipe  # noqa: E402
from filters.counting import CounterDict  # noqa: E402
from filters.urls import page_id  # noqa: E402

BADWORDS_DIR = "/work/shared/data/ldnoobw"


def _mb(texts) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def median_cpu(fn, runs: int) -> tuple[float, list]:
    """(median CPU seconds, result of the last call)."""
    samples, result = [], None
    for _ in range(runs):
        t0 = time.process_time()
        result = fn()
        samples.append(time.process_time() - t0)
    return statistics.median(samples), result


def wet_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.name.endswith((".warc.wet.gz", ".warc.wet")))


def _kept_per_key(pages, keys_of) -> dict:
    """The Beam combiner's result: key -> smallest page id."""
    kept: dict = {}
    for pid, page in pages:
        for key in keys_of(page.text):
            cur = kept.get(key)
            if cur is None or pid < cur:
                kept[key] = pid
    by_page: dict = {}
    for key, pid in kept.items():
        by_page.setdefault(pid, []).append(key)
    return by_page


def run_stages(corpus: Path, runs: int = 3, langdetect_pages: int = 600, badwords_dir: str = BADWORDS_DIR,
               log=print) -> list[dict]:
    from c4pipe.io import outputs, wet
    from c4pipe.langid import LangDetectException, get_detector
    from c4pipe.text import sentence_offsets
    from c4pipe.text.sentences import count_sentences, english_tokenizer, split_sentences
    from filters import badwords, clean_page, line_dedup, span_dedup

    recipe = get_recipe("tfds-3.1.0")
    split_sentences("Warm up. The tokenizer.")  # load Punkt outside the timings
    results: list[dict] = []

    def record(stage: str, cpu: float, n_pages: int, mb: float, note: str = "") -> None:
        row = {
            "stage": stage, "pages": n_pages, "mb": round(mb, 3), "cpu_s": round(cpu, 4),
            "pages_per_s": round(n_pages / cpu, 1) if cpu else None,
            "mb_per_s": round(mb / cpu, 2) if cpu else None,
            "ms_per_page": round(1000 * cpu / n_pages, 3) if n_pages else None, "note": note,
        }
        results.append(row)
        log(f"  {stage:<28} {row['pages_per_s']:>10} pages/s  {row['mb_per_s']:>8} MB/s  ({n_pages} pages)")

    # --- WET parsing (gunzip + warcio framing + reference line rules) -------------------
    files = wet_files(corpus)
    raw_mb = sum(len(gzip.decompress(f.read_bytes())) if f.name.endswith(".gz") else f.stat().st_size
                 for f in files) / 1e6

    def parse():
        pages = []
        for f in files:
            pages.extend(wet.read_wet(lambda f=f: open(f, "rb"), str(f), CounterDict()))
        return pages

    cpu, parsed = median_cpu(parse, runs)
    record("parse WET", cpu, len(parsed), raw_mb, "gunzip + warcio + line rules")

    # --- length + newest per URL (cheap; not a separate stage row) ----------------------
    best: dict = {}
    for p in parsed:
        if len(p.text) > recipe.max_page_length:
            continue
        cur = best.get(p.normalized_url)
        if cur is None or p.timestamp > cur.timestamp:
            best[p.normalized_url] = p
    pages = sorted(best.values(), key=lambda p: p.url)
    texts = [p.text for p in pages]

    # --- clean_page (rules + Punkt sentence count on kept lines) ------------------------
    def clean(counter):
        return [clean_page.clean_text(t, counter, CounterDict()) for t in texts]

    cpu, cleaned = median_cpu(lambda: clean(count_sentences), runs)
    record("clean_page (rules+Punkt)", cpu, len(texts), _mb(texts), "as in the pipeline")
    cpu, _ = median_cpu(lambda: clean(lambda line, limit: limit), runs)
    record("clean_page rules only", cpu, len(texts), _mb(texts), "sentence count stubbed")
    clean_pages = [p._replace(text=c) for p, c in zip(pages, cleaned) if c is not None]
    clean_texts = [p.text for p in clean_pages]

    # --- sentence splitting alone: what clean_page asks Punkt for (each kept line) ------
    kept_lines = [line for t in clean_texts for line in t.split("\n")]

    def punkt_lines():
        return sum(len(split_sentences(line)) for line in kept_lines)

    cpu, _ = median_cpu(punkt_lines, runs)
    record("Punkt split (per line)", cpu, len(clean_texts), _mb(clean_texts), f"{len(kept_lines)} lines")
    cpu, _ = median_cpu(lambda: [split_sentences(t) for t in clean_texts], runs)
    record("Punkt split (whole page)", cpu, len(clean_texts), _mb(clean_texts), "dedup's final count")

    # --- dedup, both modes: keys, then removal given the combiner's result --------------
    keyed = [(page_id(p.url), p) for p in clean_pages]
    cpu, _ = median_cpu(lambda: [line_dedup.line_keys(t) for t in clean_texts], runs)
    record("dedup lines: keys", cpu, len(clean_texts), _mb(clean_texts), "mmh3 per line")
    kept_lines_by_page = _kept_per_key(keyed, line_dedup.line_keys)

    def remove_lines():
        return [line_dedup.remove_duplicate_lines(p.text, kept_lines_by_page.get(pid, ()), count_sentences,
                                                  CounterDict(), recipe.min_sentences) for pid, p in keyed]

    cpu, deduped = median_cpu(remove_lines, runs)
    record("dedup lines: remove", cpu, len(keyed), _mb(clean_texts), "incl. Punkt count up to 3")
    span_tokenize = english_tokenizer().span_tokenize
    cpu, packed = median_cpu(lambda: [sentence_offsets.pack(t, span_tokenize) for t in clean_texts], runs)
    record("span sentence offsets", cpu, len(clean_texts), _mb(clean_texts), "Punkt per distinct line, file stage")
    offsets = dict(zip(clean_texts, packed))

    def split_of(text):
        return sentence_offsets.splitter(text, offsets[text])

    cpu, _ = median_cpu(lambda: [span_dedup.span_keys(t, split_of(t)) for t in clean_texts], runs)
    record("dedup spans: keys", cpu, len(clean_texts), _mb(clean_texts), "from the offsets + mmh3")
    kept_spans_by_page = _kept_per_key(keyed, lambda t: span_dedup.span_keys(t, split_of(t)))

    def remove_spans():
        return [span_dedup.remove_duplicate_spans(p.text, kept_spans_by_page.get(pid, ()), split_of(p.text),
                                                  CounterDict(), 3, recipe.min_sentences) for pid, p in keyed]

    cpu, _ = median_cpu(remove_spans, runs)
    record("dedup spans: remove", cpu, len(keyed), _mb(clean_texts), "from the offsets")
    dedup_pages = [p._replace(text=t) for (_, p), t in zip(keyed, deduped) if t is not None]
    dedup_texts = [p.text for p in dedup_pages]

    # --- language ID ----------------------------------------------------------------------
    def detect_all(detector, subset):
        out = []
        for t in subset:
            try:
                out.append(detector.detect_langs(t))
            except LangDetectException:
                out.append(None)
        return out

    english_texts = dedup_texts
    detectors = (("langdetect-rs", dedup_texts, runs), ("fast", dedup_texts, runs),
                 ("langdetect", dedup_texts[:langdetect_pages], 1))
    for name, subset, reps in detectors:
        try:
            detector = get_detector(name)
            detect_all(detector, subset[:5])  # load profiles outside the timing
            cpu, preds = median_cpu(lambda: detect_all(detector, subset), reps)
        except Exception as error:  # noqa: BLE001 - a detector being worked on must not stop the suite
            log(f"  langid {name}: FAILED ({type(error).__name__}: {error})")
            results.append({"stage": f"langid {name}", "error": f"{type(error).__name__}: {error}"})
            continue
        record(f"langid {name}", cpu, len(subset), _mb(subset), "" if reps > 1 else "1 run")
        if name == "langdetect-rs":
            english_texts = [t for t, pr in zip(subset, preds) if pr and pr[0][0] == "en" and pr[0][1] >= 0.99]

    # --- bad words --------------------------------------------------------------------------
    words = load_badwords("en", LDNOOBW_EN_COMMIT, badwords_dir)
    regexes = {"en": badwords.badwords_regex(words, "en")}
    cpu, ok = median_cpu(lambda: [badwords.has_no_badwords(t, "en", regexes, CounterDict(), lambda ns: CounterDict())
                                  for t in english_texts], runs)
    record("bad words", cpu, len(english_texts), _mb(english_texts), f"{len(words)} entries, trie regex")
    final = [p for p in dedup_pages if p.text in set(t for t, o in zip(english_texts, ok) if o)]
    final = outputs.sort_pages(final)
    final_texts = [p.text for p in final]

    # --- writing each format -----------------------------------------------------------------
    for fmt in outputs.FORMATS:
        try:
            cpu, data = median_cpu(lambda fmt=fmt: outputs.encode(fmt, final), runs)
        except Exception as error:  # noqa: BLE001
            results.append({"stage": f"write {fmt}", "error": f"{type(error).__name__}: {error}"})
            continue
        record(f"write {fmt}", cpu, len(final), _mb(final_texts), f"{len(data) / 1e6:.2f} MB out")
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--langdetect-pages", type=int, default=600)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    rows = run_stages(args.corpus, args.runs, args.langdetect_pages)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
