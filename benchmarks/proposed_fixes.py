"""Measures the hot-spot fixes (now landed) against the code before them, and checks they are exact.

On the pages each stage sees, each fix's "before" is emulated from the outside and its
output is compared with the landed code's (fixes 1 and 3 call the landed functions).

1. clean_page: stop counting Punkt sentences once `min_sentences` is reached.
2. line dedup: "at least n sentences" from a lazy `span_tokenize` prefix.
3. bad words: the same alternation as a character trie, with lookarounds.
4. Punkt: the tokenizer's NLTK-3.10 `TimedPattern` wrappers unwrapped (same `regex` engine);
   wrapped and unwrapped runs alternate.

    python benchmarks/proposed_fixes.py --corpus /tmp/c4pipe-bench/corpus-p2000-s0-f2
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def trie_alternation(words) -> str:
    """The fix as it landed: `filters.badwords._trie_alternation`."""
    from filters.badwords import _trie_alternation

    return _trie_alternation(words)


def punkt_switch(tokenizer):
    """(use_wrapped, use_unwrapped): put NLTK's TimedPattern wrappers back, or replace them
    by the compiled `regex` patterns they wrap (same engine, same patterns)."""
    import nltk.tokenize.punkt as pk
    from nltk import redos

    tokenizer.tokenize("Warm up. Make sure the lazy patterns exist.")
    lv = tokenizer._lang_vars
    names = [(lv, "_re_word_tokenizer"), (lv, "_re_period_context"), (type(lv), "re_boundary_realignment"),
             (pk, "_re_non_punct")] + [(pk.PunktToken, n) for n in ("_RE_ELLIPSIS", "_RE_NUMERIC", "_RE_INITIAL", "_RE_ALPHA")]
    original = [(o, n, getattr(o, n)) for o, n in names]

    def wrapped():
        for o, n, v in original:
            setattr(o, n, v)

    def unwrapped():
        for o, n, v in original:
            setattr(o, n, v._rx if isinstance(v, redos.TimedPattern) else v)

    return wrapped, unwrapped


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    from c4pipe.io import wet
    from c4pipe.io.assets import load_badwords
    from filters.counting import CounterDict
    from c4pipe.recipes import LDNOOBW_EN_COMMIT
    from c4pipe.text.sentences import count_sentences, english_tokenizer, split_sentences
    from filters import badwords, clean_page
    from stages import BADWORDS_DIR, median_cpu, wet_files

    pages = []
    for f in wet_files(args.corpus):
        pages += list(wet.read_wet(lambda f=f: open(f, "rb"), str(f), CounterDict()))
    texts = [p.text for p in pages if len(p.text) <= 190_000]
    rows = []

    def report(name, t_old, t_new, equal, n):
        rows.append((name, t_old, t_new, equal, n))
        print(f"{name:<40} {t_old:7.3f} s -> {t_new:7.3f} s  {t_old / t_new:6.2f}x  "
              f"identical={equal}  ({n} inputs)", flush=True)

    # 1. clean_page early stop: every line split in full (before) vs the landed count up to the limit
    def full_count(line, limit):
        return len(split_sentences(line))

    t0, base = median_cpu(lambda: [clean_page.clean_text(t, full_count, CounterDict()) for t in texts], args.runs)
    t1, new = median_cpu(lambda: [clean_page.clean_text(t, count_sentences, CounterDict()) for t in texts], args.runs)
    report("1. clean_page: stop counting at 3", t0, t1, new == base, len(texts))
    cleaned = [c for c in base if c]

    # 2. lazy "at least 3 sentences"
    tok = english_tokenizer()
    t0, a = median_cpu(lambda: [len(split_sentences(c)) >= 3 for c in cleaned], args.runs)
    t1, b = median_cpu(lambda: [sum(1 for _ in itertools.islice(tok.span_tokenize(c), 3)) >= 3 for c in cleaned], args.runs)
    report("2. page has >= 3 sentences: lazy", t0, t1, a == b, len(cleaned))

    # 3. bad words as a trie
    words = load_badwords("en", LDNOOBW_EN_COMMIT, BADWORDS_DIR)
    old_rx = badwords.badwords_regex(words, "en")
    new_rx = re.compile(r"(?<!\w)(?:%s)(?!\w)" % trie_alternation(words))
    lowered = [c.lower() for c in cleaned]
    # Also texts that do contain entries, at the start, end and inside words.
    probes = [f"{w}" for w in words] + [f"x{w} y" for w in words] + [f"a {w}." for w in words] + [f"{w}s" for w in words]
    t0, a = median_cpu(lambda: [old_rx.search(t) is None for t in lowered], args.runs)
    t1, b = median_cpu(lambda: [new_rx.search(t) is None for t in lowered], args.runs)
    same_probes = [old_rx.search(p) is None for p in probes] == [new_rx.search(p) is None for p in probes]
    report("3. bad words: trie + lookarounds", t0, t1, a == b and same_probes, len(lowered) + len(probes))

    # 4. Punkt without the ReDoS wrappers; alternated run by run (noisy machine)
    lines = [line for c in cleaned for line in c.split("\n")]
    wrapped, unwrapped = punkt_switch(tok)
    old_t, new_t = [], []
    for _ in range(args.runs):
        wrapped()
        t, a = median_cpu(lambda: [split_sentences(line) for line in lines], 1)
        old_t.append(t)
        unwrapped()
        t, b = median_cpu(lambda: [split_sentences(line) for line in lines], 1)
        new_t.append(t)
    wrapped()
    report("4. Punkt: TimedPattern unwrapped", statistics.median(old_t), statistics.median(new_t), a == b, len(lines))
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
