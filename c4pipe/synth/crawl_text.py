"""A WET corpus of real crawl text, grown to any size by word-order perturbed copies.

The synthetic generator (`c4pipe.synth.corpus`) exercises every rule but flatters speed:
its pages are short and tidy. Real pages are longer and messier, so the benchmark's
headline corpus is real crawl text (`../shared/data/cc-text`, jsonl with `text` and a
URL in `metadata`) written out as WET. To reach a size, copy `k > 0` of a page gets
`?copy=k` on its URL and, on each line of four or more words, its inner words shuffled
(the first and last word stay, so capitals and end marks stay where clean_page looks).
The words, the characters and the line lengths are the real ones, so language ID,
clean_page and Punkt do real work; the shuffles keep the copies' longer lines out of
each other's dedup, while short lines repeat across copies as boilerplate does in a crawl.
Output bytes depend only on the sources, pages, seed, files and gzip.
"""

from __future__ import annotations

import gzip as _gzip
import json
import random
from pathlib import Path
from typing import Iterator, Sequence

from c4pipe.synth.page import SynthPage
from c4pipe.synth.warc import write_corpus

MIN_WORDS_TO_SHUFFLE = 4
DEFAULT_DATE = "2019-07-17T12:15:59Z"


def read_crawl_text(paths: Sequence[str | Path]) -> list[SynthPage]:
    """The pages of jsonl(.gz) files of crawl text, in file order, empty texts skipped."""
    pages = []
    for path in paths:
        opener = _gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}, line {number}: not a JSON document ({error.msg})") from None
                if not doc.get("text", "").strip():
                    continue
                meta = doc.get("metadata") or {}
                url = meta.get("warc_url") or meta.get("url") or f"https://crawl-text.invalid/{doc.get('id')}"
                date = meta.get("warc_date") or meta.get("date_download") or DEFAULT_DATE
                pages.append(SynthPage(url, _warc_date(date), body=doc["text"]))
    return pages


def _warc_date(date: str) -> str:
    """WARC-Date form: whole seconds, UTC `Z` (dolma writes `...T12:15:59.000Z`)."""
    date = date.rstrip("Z").split(".")[0]
    return date + "Z"


def shuffled_line(line: str, rng: random.Random) -> str:
    """The line with its inner words in a random order (a line of < 4 words as it is)."""
    words = line.split(" ")
    if len(words) < MIN_WORDS_TO_SHUFFLE:
        return line
    inner = words[1:-1]
    rng.shuffle(inner)
    return " ".join([words[0], *inner, words[-1]])


def perturbed_copy(page: SynthPage, k: int, rng: random.Random) -> SynthPage:
    """Copy `k` of a page: the page itself for k = 0, else a new URL and shuffled lines."""
    if k == 0:
        return page
    url = f"{page.url}{'&' if '?' in page.url else '?'}copy={k}"
    body = "\n".join(shuffled_line(line, rng) for line in page.body.split("\n"))
    return SynthPage(url, page.date, body=body)


def iter_crawl_text_pages(sources: Sequence[SynthPage], pages: int, seed: int = 0) -> Iterator[SynthPage]:
    """`pages` pages: every source page, then its copy 1, copy 2, ... until the count is met."""
    if not sources:
        raise ValueError("no crawl text pages to build a corpus from")
    for i in range(pages):
        k, j = divmod(i, len(sources))
        yield perturbed_copy(sources[j], k, random.Random(f"c4pipe-crawl-text:{seed}:{k}:{j}"))


def generate_crawl_text_corpus(
    out_dir,
    sources: Sequence[str | Path],
    pages: int,
    seed: int = 0,
    files: int = 1,
    gzip: bool = True,
) -> list[Path]:
    """Write `pages` conversion records of real crawl text over `files` WET files."""
    if pages < 0 or files < 1:
        raise ValueError("pages must be >= 0 and files >= 1")
    source_pages = read_crawl_text(sources)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    ext = ".warc.wet.gz" if gzip else ".warc.wet"
    paths = [Path(out_dir) / f"crawl-text-s{seed}-p{pages}-{k:05d}-of-{files:05d}{ext}" for k in range(files)]
    ids = random.Random(f"c4pipe-crawl-text-ids:{seed}")
    write_corpus(paths, iter_crawl_text_pages(source_pages, pages, seed), pages, ids,
                 f"real crawl text with perturbed copies, seed {seed}, {pages} pages", gzip)
    return paths
