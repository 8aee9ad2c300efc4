"""`c4pipe synth`: a deterministic synthetic WET corpus (`c4pipe.synth`)."""

from __future__ import annotations

import argparse

from c4pipe.synth import generate_corpus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pages", type=int, default=2000, help="conversion records (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--files", type=int, default=1, help="number of WET files (default 1)")
    parser.add_argument("--output", required=True, help="output directory")
    parser.add_argument("--no-gzip", action="store_true", help="write plain .warc.wet files")
    parser.add_argument("--prose", default=None,
                        help="optional .jsonl(.gz) of real English text (field `text`) to mix in")


def main(args: argparse.Namespace) -> int:
    paths = generate_corpus(args.output, pages=args.pages, seed=args.seed, files=args.files,
                            gzip=not args.no_gzip, prose=getattr(args, "prose", None))
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(p)
    print(f"{args.pages} pages in {len(paths)} file(s), {total / 1e6:.1f} MB")
    return 0
