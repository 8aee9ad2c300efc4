"""`c4pipe tokenize`: tokenized TFRecords of a finished run's JSON shards (`c4pipe.tokens.tokenize`)."""

from __future__ import annotations

import argparse
import time

from c4pipe.tokens.tokenize import tokenize_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, help="pipeline output dir (with json/)")
    parser.add_argument("--spm-model", required=True, help="SentencePiece model (c4pipe vocab, or T5's)")
    parser.add_argument("--output", help="output dir (default INPUT/tokenized)")
    parser.add_argument("--splits", nargs="+", default=None,
                        help="splits to tokenize (default: every split: train and validation, or mC4's per language)")
    parser.add_argument("--workers", type=int, default=1, help="processes, one shard each at a time")


def main(args) -> int:
    start = time.time()
    result = tokenize_dir(args.input, args.spm_model, args.output, args.splits, args.workers)
    for split, stats in result.items():
        print(f"{split}: {stats['examples']} examples, {stats['targets_tokens']} tokens")
    print(f"done in {time.time() - start:.1f} s")
    return 0
