"""A T5-style SentencePiece vocabulary: training one (`c4pipe vocab`), and the `Vocabulary` class.

T5 conventions: unigram model, `pad_id=0, eos_id=1, unk_id=2`, no BOS, no byte fallback,
default 32,000 pieces. 100 sentinel ids sit *above* the SentencePiece vocabulary in T5
order: `<extra_id_0>` is the highest id (`piece_size + 99`), `<extra_id_1>` the next one
down, and so on. They are not SentencePiece pieces (that would need
`sentencepiece_model_pb2`, which wants protobuf >= 7): `Vocabulary` handles them itself.

Training reads a deterministic sample of the train split: the first
`ceil(sample_docs / num_shards)` documents of every `json/c4-train.*.json.gz` shard, in shard
order, split into lines; SentencePiece then keeps `input_sentence_size` of those lines
(shuffled with a fixed seed). How the model was trained is written next to it as
`<output>.json`. Any user-supplied SentencePiece `.model` with the same special ids works
wherever a trained one does.

A multilingual output (recipe mc4) has a train split per language: the sample then
takes each language's share of `sample_docs` as mT5 did, in proportion to its page
count to the power `language_alpha` (0.3; `c4pipe.tokens.mixture`), each share read the
same way from that language's shards, languages in name order.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import time
from typing import Iterable, Iterator, Sequence

from c4pipe.io.atomic import write_atomically
from c4pipe.io.outputs import json_shard_texts, json_shards, json_splits
from c4pipe.tokens import mixture

NUM_EXTRA_IDS = 100
PAD_ID, EOS_ID, UNK_ID = 0, 1, 2
_SENTINEL_RE = re.compile(r"<extra_id_(\d+)>")


class Vocabulary:
    """SentencePiece ids plus 100 T5 sentinels above them (`<extra_id_0>` is the top id)."""

    def __init__(self, model_path: str, extra_ids: int = NUM_EXTRA_IDS):
        import sentencepiece as spm

        self.model_path = model_path
        self.sp = spm.SentencePieceProcessor(model_file=model_path)
        self.extra_ids = extra_ids
        self.piece_size = self.sp.get_piece_size()
        self.pad_id, self.eos_id, self.unk_id = PAD_ID, EOS_ID, UNK_ID
        if (self.sp.pad_id(), self.sp.eos_id(), self.sp.unk_id()) != (PAD_ID, EOS_ID, UNK_ID):
            raise ValueError(
                f"{model_path}: expected pad/eos/unk ids 0/1/2 (T5), got "
                f"{self.sp.pad_id()}/{self.sp.eos_id()}/{self.sp.unk_id()}"
            )

    def __getstate__(self):  # picklable for DataLoader / multiprocessing workers
        return {"model_path": self.model_path, "extra_ids": self.extra_ids}

    def __setstate__(self, state):
        self.__init__(state["model_path"], state["extra_ids"])

    @property
    def vocab_size(self) -> int:
        """SentencePiece pieces + sentinels (seqio's `vocab_size`): 32,100 for T5."""
        return self.piece_size + self.extra_ids

    @property
    def padded_vocab_size(self) -> int:
        """Embedding-table size: vocab_size rounded up to a multiple of 128 (32,128 for T5)."""
        return padded_vocab_size(self.piece_size, self.extra_ids)

    def sentinel_id(self, n: int) -> int:
        """Id of `<extra_id_n>`."""
        if not 0 <= n < self.extra_ids:
            raise ValueError(f"sentinel {n} out of range")
        return self.vocab_size - 1 - n

    def is_sentinel(self, token_id: int) -> bool:
        return self.piece_size <= token_id < self.vocab_size

    def encode(self, text: str) -> list[int]:
        """Token ids without EOS; `<extra_id_N>` in the text becomes sentinel N."""
        if "<extra_id_" not in text:
            return self.sp.encode(text)
        ids: list[int] = []
        pos = 0
        for match in _SENTINEL_RE.finditer(text):
            if match.start() > pos:
                ids.extend(self.sp.encode(text[pos : match.start()]))
            ids.append(self.sentinel_id(int(match.group(1))))
            pos = match.end()
        if pos < len(text):
            ids.extend(self.sp.encode(text[pos:]))
        return ids

    def encode_batch(self, texts: Sequence[str], num_threads: int = 1) -> list[list[int]]:
        if any("<extra_id_" in t for t in texts):
            return [self.encode(t) for t in texts]
        return self.sp.encode(list(texts), num_threads=num_threads)

    def decode(self, ids: Iterable[int]) -> str:
        """Text of `ids`, stopping at the first EOS; PAD dropped; sentinels as `<extra_id_N>`;
        ids beyond the vocabulary decode as UNK."""
        out: list[str] = []
        run: list[int] = []

        def flush():
            if run:
                text = self.sp.decode(run)
                if out and self.sp.id_to_piece(run[0]).startswith("\u2581"):
                    text = " " + text  # keep the space SentencePiece strips at a segment start
                out.append(text)
                run.clear()

        for i in ids:
            i = int(i)
            if i == self.eos_id:
                break
            if i == self.pad_id:
                continue
            if self.is_sentinel(i):
                flush()
                out.append(f"<extra_id_{self.vocab_size - 1 - i}>")
            else:
                run.append(i if 0 <= i < self.piece_size else self.unk_id)
        flush()
        return "".join(out)


def padded_vocab_size(piece_size: int, extra_ids: int = NUM_EXTRA_IDS, multiple: int = 128) -> int:
    return -(-(piece_size + extra_ids) // multiple) * multiple


# --- training ----------------------------------------------------------------------


def sample_sentences(shards: Sequence[str], sample_docs: int, stats: dict) -> Iterator[str]:
    if sample_docs <= 0:
        stats.update(sampled_docs=0, sampled_lines=0, docs_per_shard=0)
        return
    per_shard = math.ceil(sample_docs / len(shards))
    docs = lines = 0
    for path in shards:
        for text in json_shard_texts(path, per_shard):
            docs += 1
            for line in text.split("\n"):
                line = line.strip()
                if line:
                    lines += 1
                    yield line
    stats.update(sampled_docs=docs, sampled_lines=lines, docs_per_shard=per_shard)


def split_pages(input_dir: str, splits: Sequence[str]) -> dict[str, int]:
    """Each split's documents: from the run's stats.json, else counted in its shards."""
    try:
        with open(os.path.join(input_dir, "stats.json"), encoding="utf-8") as f:
            written = json.load(f)["splits"]
        return {split: int(written[split]["pages"]) for split in splits}
    except (OSError, KeyError, ValueError, TypeError):
        return {split: sum(1 for path in json_shards(input_dir, split) for _ in json_shard_texts(path))
                for split in splits}


def sample_languages(input_dir: str, languages: Sequence[str], sample_docs: int, alpha: float,
                     stats: dict) -> Iterator[str]:
    """`sample_sentences` over each language's train shards, its share of `sample_docs`
    set by `mixture.mixture_weights`."""
    pages = split_pages(input_dir, languages)
    shares = mixture.allocate(sample_docs, mixture.mixture_weights(pages, alpha), pages)
    docs = lines = 0
    per_language = {}
    for lang in languages:
        lang_stats: dict = {}
        yield from sample_sentences(json_shards(input_dir, lang), shares[lang], lang_stats)
        docs, lines = docs + lang_stats["sampled_docs"], lines + lang_stats["sampled_lines"]
        per_language[lang] = lang_stats["sampled_docs"]
    stats.update(sampled_docs=docs, sampled_lines=lines, language_alpha=alpha, docs_per_language=per_language)


def train_vocab(
    input_dir: str,
    output: str,
    vocab_size: int = 32000,
    sample_docs: int = 200_000,
    input_sentence_size: int = 1_000_000,
    num_threads: int = 2,
    seed: int = 0,
    character_coverage: float = 0.9995,
    hard_vocab_limit: bool = True,
    language_alpha: float = mixture.LANGUAGE_ALPHA,
) -> dict:
    """Trains the model to `output` (a `.model` path) and writes `output + '.json'`.
    `language_alpha`: a multilingual input's language sampling exponent."""
    import sentencepiece as spm

    languages = mixture.language_splits(json_splits(input_dir))
    shards = [path for lang in languages for path in json_shards(input_dir, lang)] or json_shards(input_dir, "train")
    output = os.path.abspath(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    options = dict(
        model_type="unigram",
        vocab_size=vocab_size,
        pad_id=PAD_ID,
        eos_id=EOS_ID,
        unk_id=UNK_ID,
        bos_id=-1,
        byte_fallback=False,
        character_coverage=character_coverage,
        input_sentence_size=input_sentence_size,
        shuffle_input_sentence=True,
        num_threads=num_threads,
        hard_vocab_limit=hard_vocab_limit,
    )
    stats: dict = {}
    spm.set_random_generator_seed(seed)
    start = time.time()
    model_bytes = io.BytesIO()  # in memory: no model_prefix in the proto, so the bytes are reproducible
    sentences = (sample_languages(input_dir, languages, sample_docs, language_alpha, stats) if languages
                 else sample_sentences(shards, sample_docs, stats))
    spm.SentencePieceTrainer.train(
        sentence_iterator=sentences,
        model_writer=model_bytes,
        minloglevel=2,
        **options,
    )
    data = model_bytes.getvalue()
    write_atomically(output, data)
    digest = hashlib.sha256(data).hexdigest()
    vocab = Vocabulary(output)
    record = {
        "model": os.path.basename(output),
        "sha256": digest,
        "input": os.path.abspath(input_dir),
        "train_shards": [os.path.basename(p) for p in shards],
        "sample_docs": sample_docs,
        "seed": seed,
        **stats,
        "sentencepiece_options": options,
        "sentencepiece_version": spm.__version__,
        "piece_size": vocab.piece_size,
        "vocab_size_with_sentinels": vocab.vocab_size,
        "padded_vocab_size": vocab.padded_vocab_size,
        "seconds": round(time.time() - start, 2),
    }
    write_atomically(output + ".json", (json.dumps(record, indent=2) + "\n").encode("utf-8"))
    return record
