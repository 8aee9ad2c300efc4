"""Small pipeline-output fixtures (`DIR/json/c4-{train,validation}.*.json.gz`) for the tests.

Uses real web text from /work/shared when it is there, else deterministic synthetic text, so
the tests run everywhere.
"""

from __future__ import annotations

import gzip
import json
import os
import random

DOLMA = "/work/shared/data/cc-text/allenai-dolma/CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"


def real_text_available() -> bool:
    return os.path.exists(DOLMA)


def _synthetic_docs(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "si", "po", "de", "an", "er", "in", "on", "st", "th"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(800)]
    weights = [1.0 / (i + 1) for i in range(len(words))]  # Zipf-like
    docs = []
    for _ in range(n):
        lines = []
        for _ in range(rng.randint(3, 12)):
            sentence = " ".join(rng.choices(words, weights, k=rng.randint(6, 25)))
            lines.append(sentence.capitalize() + ".")
        docs.append("\n".join(lines))
    return docs


def load_docs(n: int) -> list[str]:
    if real_text_available():
        docs = []
        with gzip.open(DOLMA, "rt", encoding="utf-8") as f:
            for line in f:
                docs.append(json.loads(line)["text"])
                if len(docs) >= n:
                    break
        return docs
    return _synthetic_docs(n)


def make_corpus(directory: str, train_docs: int = 160, validation_docs: int = 24, train_shards: int = 4) -> str:
    """Writes the pipeline's JSON layout; returns `directory`."""
    docs = load_docs(train_docs + validation_docs)
    os.makedirs(os.path.join(directory, "json"), exist_ok=True)
    splits = {"train": (docs[:train_docs], train_shards), "validation": (docs[train_docs:], 1)}
    for split, (texts, shards) in splits.items():
        for i in range(shards):
            path = os.path.join(directory, "json", f"c4-{split}.{i:05d}-of-{shards:05d}.json.gz")
            with gzip.open(path, "wt", encoding="utf-8") as f:
                for j, text in enumerate(texts[i::shards]):
                    record = {"text": text, "timestamp": "2019-07-17T12:00:00Z", "url": f"https://example.com/{i}/{j}"}
                    f.write(json.dumps(record) + "\n")
    return directory


def train_small_vocab(corpus_dir: str, output: str, vocab_size: int = 500) -> str:
    from c4pipe.tokens.vocab import train_vocab

    train_vocab(corpus_dir, output, vocab_size=vocab_size, sample_docs=100, num_threads=2,
                character_coverage=0.98, hard_vocab_limit=False)  # fmt: skip
    return output
