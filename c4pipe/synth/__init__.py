"""Deterministic synthetic Common Crawl WET corpus, built to exercise every C4 rule.

The tests, the benchmarks and the bundled sample (`c4pipe/data/sample.warc.wet.gz`,
which is `c4pipe synth --pages 400 --seed 0 --files 1`) need WET input that hits every
line and page filter of the reference (`../shared/spec/C4_REFERENCE.md`) on both sides
of its boundary, at any size, without downloading a crawl. The output is deterministic
(its bytes depend only on seed, pages, files, gzip and the prose file, never on the
machine or the time) so that results computed from it can be compared across runs,
pinned in tests and reproduced from the command alone.

`generate_corpus(out_dir, pages, seed)` writes WET files that look like Common Crawl's:
a `warcinfo` record, then `conversion` records (`c4pipe.synth.warc`). The first pages
are a fixed catalogue of edge cases (`c4pipe.synth.catalogue`); the rest come from a
weighted mix of page kinds (`c4pipe.synth.mix`), mostly English site articles with
shared boilerplate. Text comes from built-in word lists and templates in four languages
(`c4pipe.synth.words`, `c4pipe.synth.text`); `prose` mixes in lines of real text.
"""

from __future__ import annotations

from c4pipe.synth.corpus import generate_corpus

__all__ = ["generate_corpus"]
