"""`c4pipe vocab`: train a T5-style SentencePiece vocabulary on the train split (`c4pipe.tokens.vocab`),
and write it as a Hugging Face tokenizer directory too (`c4pipe.tokens.hf_tokenizer`)."""

from __future__ import annotations

import argparse
import os

from c4pipe.tokens.hf_tokenizer import write_tokenizer_dir
from c4pipe.tokens.mixture import LANGUAGE_ALPHA
from c4pipe.tokens.vocab import NUM_EXTRA_IDS, train_vocab


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True,
                        help="pipeline output dir (with json/c4-train.*.json.gz, or mC4's multilingual/)")
    parser.add_argument("--output", required=True, help="path of the .model to write")
    parser.add_argument("--vocab-size", type=int, default=32000, help="SentencePiece pieces (default 32000)")
    parser.add_argument("--sample-docs", type=int, default=200_000, help="documents to sample, spread over shards")
    parser.add_argument(
        "--input-sentence-size", type=int, default=1_000_000, help="lines SentencePiece keeps (shuffled)"
    )
    parser.add_argument("--threads", type=int, default=2, help="SentencePiece training threads")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--language-alpha", type=float, default=LANGUAGE_ALPHA,
        help="multilingual output (recipe mc4): sample languages in proportion to pages**ALPHA, as mT5 "
        f"(default {LANGUAGE_ALPHA}; 1: as they come, 0: evenly)",
    )
    parser.add_argument("--character-coverage", type=float, default=0.9995)
    parser.add_argument(
        "--soft-vocab-limit", action="store_true", help="allow fewer pieces than asked (tiny corpora)"
    )
    parser.add_argument(
        "--hf-tokenizer", metavar="DIR",
        help="where to write the Hugging Face tokenizer directory (default: OUTPUT without .model, plus -hf)",
    )


def main(args) -> int:
    record = train_vocab(
        args.input,
        args.output,
        vocab_size=args.vocab_size,
        sample_docs=args.sample_docs,
        input_sentence_size=args.input_sentence_size,
        num_threads=args.threads,
        seed=args.seed,
        character_coverage=args.character_coverage,
        hard_vocab_limit=not args.soft_vocab_limit,
        language_alpha=args.language_alpha,
    )
    hf_dir = args.hf_tokenizer or hf_tokenizer_dir(args.output)
    with open(args.output, "rb") as model:
        write_tokenizer_dir(hf_dir, model.read())
    print(
        f"wrote {args.output} ({record['piece_size']} pieces + {NUM_EXTRA_IDS} sentinels) from "
        f"{record['sampled_docs']} docs / {record['sampled_lines']} lines in {record['seconds']} s; "
        f"Hugging Face tokenizer in {hf_dir}"
    )
    return 0


def hf_tokenizer_dir(model_path: str) -> str:
    """`out/spm.model` -> `out/spm-hf`."""
    root, ext = os.path.splitext(model_path)
    return (root if ext == ".model" else model_path) + "-hf"
