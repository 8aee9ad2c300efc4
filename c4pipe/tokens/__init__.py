"""Tokens: a T5-style SentencePiece vocabulary and tokenized shards in seqio's cache layout."""

TOKENIZED_DIR = "tokenized"
"""Where a run writes its tokenized shards, under its output directory."""

VOCABULARY_FILE = "spm.model"
"""The model's copy next to the shards, which `c4pipe pretrain` reads (and `c4pipe.seqio`)."""
