"""A corpus: its pages in order, spread over WET files, with seeded record IDs.

Two random streams, both seeded from the corpus seed: the generator's (every page) and
one for record IDs, so that the pages do not depend on how many files they are spread
over. Page i goes to file `i * files // pages`: consecutive pages stay together, and
every file gets its share.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Iterator

from c4pipe.synth.catalogue import catalogue
from c4pipe.synth.generator import Generator
from c4pipe.synth.mix import random_page
from c4pipe.synth.page import SynthPage
from c4pipe.synth.text import load_prose
from c4pipe.synth.warc import write_corpus


def iter_pages(pages: int, seed: int = 0, prose: str | Path | None = None) -> Iterator[SynthPage]:
    """The corpus's pages, in order: the catalogue first, then the random mix."""
    gen = Generator(seed, load_prose(prose) if prose else None)
    n = 0
    for page in catalogue(gen):
        if n >= pages:
            return
        yield page
        n += 1
    while n < pages:
        for page in random_page(gen):
            if n >= pages:
                return
            yield page
            n += 1


def corpus_paths(out_dir, pages: int, seed: int, files: int, gzip: bool) -> list[Path]:
    ext = ".warc.wet.gz" if gzip else ".warc.wet"
    return [Path(out_dir) / f"synth-s{seed}-p{pages}-{k:05d}-of-{files:05d}{ext}" for k in range(files)]


def generate_corpus(
    out_dir,
    pages: int,
    seed: int,
    files: int = 1,
    gzip: bool = True,
    prose: str | Path | None = None,
) -> list[Path]:
    """Write `pages` conversion records over `files` WET files; return their paths.

    `prose`: optional .jsonl(.gz) of real English text (e.g. the dolma CC sample) that
    some pages draw lines from; without it every page comes from the built-in generator.
    """
    if pages < 0 or files < 1:
        raise ValueError("pages must be >= 0 and files >= 1")
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    ids = random.Random(f"c4pipe-synth-ids:{seed}")
    paths = corpus_paths(out_dir, pages, seed, files, gzip)
    write_corpus(paths, iter_pages(pages, seed, prose), pages, ids,
                 f"synthetic C4 test corpus, seed {seed}, {pages} pages", gzip)
    return paths
