"""Tokens: a T5-style SentencePiece vocabulary and tokenized shards in seqio's cache layout."""
