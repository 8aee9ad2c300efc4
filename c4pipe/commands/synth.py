"""`c4pipe synth`: a deterministic WET corpus, generated (`c4pipe.synth`), grown from
real crawl text (`--crawl-text`, `c4pipe.synth.crawl_text`), or in many languages for mC4
(`--multilingual`, `c4pipe.synth.multilingual`)."""

from __future__ import annotations

import argparse
import sys

from c4pipe.synth import generate_corpus
from c4pipe.synth.crawl_text import generate_crawl_text_corpus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pages", type=int, default=2000, help="conversion records (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--files", type=int, default=1, help="number of WET files (default 1)")
    parser.add_argument("--output", required=True, help="output directory")
    parser.add_argument("--no-gzip", action="store_true", help="write plain .warc.wet files")
    parser.add_argument("--prose", default=None,
                        help="optional .jsonl(.gz) of real English text (field `text`) to mix in")
    parser.add_argument("--crawl-text", nargs="+", default=None, metavar="JSONL",
                        help="build the pages from these .jsonl(.gz) files of real crawl text instead "
                        "(fields `text`, `metadata.warc_url`), with word-shuffled copies to reach --pages")
    parser.add_argument("--multilingual", action="store_true",
                        help="pages in 24 languages that reach every rule of recipe mc4 (a fixed set: --pages is "
                        "ignored); needs Faker (the test extra) and the bad-words lists (--badwords-dir)")
    parser.add_argument("--badwords-dir", default=None,
                        help="--multilingual: local LDNOOBW lists (DIR/<commit>/<lang>); default: the pinned download")


def main(args: argparse.Namespace) -> int:
    try:
        if getattr(args, "multilingual", False):
            paths = _multilingual(args)
        elif getattr(args, "crawl_text", None):
            paths = generate_crawl_text_corpus(args.output, args.crawl_text, pages=args.pages, seed=args.seed,
                                               files=args.files, gzip=not args.no_gzip)
        else:
            paths = generate_corpus(args.output, pages=args.pages, seed=args.seed, files=args.files,
                                    gzip=not args.no_gzip, prose=getattr(args, "prose", None))
    except (OSError, ValueError) as error:  # a missing or unreadable source file, a bad count
        print(f"c4pipe synth: {error}", file=sys.stderr)
        return 2
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(p)
    what = "the multilingual pages" if getattr(args, "multilingual", False) else f"{args.pages} pages"
    print(f"{what} in {len(paths)} file(s), {total / 1e6:.1f} MB")
    return 0


def _multilingual(args):
    from c4pipe.io.assets import AssetError, load_badwords_lists
    from c4pipe.recipes import MC4_BADWORDS_LISTS
    from c4pipe.synth.multilingual import generate_multilingual_corpus
    from filters.badwords import words_by_language

    try:
        import faker  # noqa: F401
    except ImportError:
        raise ValueError("--multilingual needs Faker: pip install -e '.[test]'") from None
    try:
        badwords = words_by_language(load_badwords_lists(MC4_BADWORDS_LISTS, args.badwords_dir))
    except AssetError as error:
        raise ValueError(str(error)) from None
    return generate_multilingual_corpus(args.output, badwords, seed=args.seed, files=args.files,
                                        gzip=not args.no_gzip)
