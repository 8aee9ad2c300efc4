"""Streaming span-corruption batches from tokenized shards (`c4pipe tokenize` output).

Order, for a given seed and worker count, is fully deterministic:
- epoch e visits the split's shards in a permutation seeded by (seed, e) (train) or in file
  order (validation); worker w of W reads shards `order[w::W]`, records CRC-checked;
- each worker concatenates its documents without a separator (as T5 does; set
  `eos_between_docs` for nanoT5/HF style) into one endless stream (train) and cuts it into
  `raw_length`-token pieces (568 for 512 inputs); validation drops the final partial piece,
  so every example has exactly `inputs_length` inputs and `targets_length` targets and no
  padding or packing is needed;
- local example k of worker w is corrupted with `numpy.random.default_rng((seed, w, k))`;
- the worker yields whole batches; `torch.utils.data.DataLoader(batch_size=None)` hands them
  out round-robin, so global batch b comes from worker b % W.
Resuming at global batch n: logical worker w skips the batches b < n with b % W == w by
counting tokens (no decoding, no span corruption), and loader worker i takes the role of
logical worker (i + n) % W, which reproduces the uninterrupted stream exactly.

A multilingual directory (mC4: a split per language, `c4pipe.tokens.mixture`) trains on
mT5's mixture: each document comes from language L with probability proportional to
its examples to the power `language_alpha`, drawn by `default_rng((seed, 2_000_003, w))`;
each language's shards are read as a split's are (a permutation per epoch, `order[w::W]`,
or every shard when it has fewer than W), endlessly. Validation reads every language's
validation shards in turn, in file order.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass

import numpy as np
import torch

from c4pipe.io import tfrecord
from c4pipe.pretrain.span_corruption import random_spans_helper, span_corrupt
from c4pipe.tokens import mixture
from c4pipe.tokens.tokenized_shards import count_ids, decode_ids, list_shards


@dataclass
class StreamConfig:
    data_dir: str
    split: str = "train"
    batch_size: int = 8
    inputs_length: int = 512
    top_sentinel: int = 32099
    eos_id: int = 1
    noise_density: float = 0.15
    mean_noise_span_length: float = 3.0
    seed: int = 0
    repeat: bool = True
    shuffle_shards: bool = True
    eos_between_docs: bool = False
    language_alpha: float = mixture.LANGUAGE_ALPHA


def tokenized_splits(directory: str) -> list[str]:
    """The splits of a tokenized directory, from its `info.<split>.json` files."""
    return sorted(os.path.basename(p)[len("info."):-len(".json")]
                  for p in glob.glob(os.path.join(directory, "info.*.json")))


def split_sources(directory: str, split: str, alpha: float) -> list[tuple[str, list[str], float]]:
    """[(name, shard paths, sampling weight)]: the split itself, or, for `train` and
    `validation` of a multilingual directory, its languages' splits (weighted by
    `mixture.mixture_weights` for train; read in turn for validation)."""
    splits = tokenized_splits(directory)
    if split == "train" and (languages := mixture.language_splits(splits)):
        examples = {}
        for lang in languages:
            with open(os.path.join(directory, f"stats.{lang}.json"), encoding="utf-8") as f:
                examples[lang] = int(json.load(f)["examples"])
        weights = mixture.mixture_weights(examples, alpha)
        return [(lang, list_shards(directory, lang), weights[lang]) for lang in languages if weights[lang] > 0]
    if split == "validation" and "validation" not in splits and (languages := mixture.validation_splits(splits)):
        return [("validation", [path for lang in languages for path in list_shards(directory, lang)], 1.0)]
    return [(split, list_shards(directory, split), 1.0)]


class SpanCorruptionStream(torch.utils.data.IterableDataset):
    def __init__(self, config: StreamConfig, skip_batches: int = 0):
        super().__init__()
        self.config = config
        self.sources = split_sources(config.data_dir, config.split, config.language_alpha)
        self.paths = [path for _, paths, _ in self.sources for path in paths]
        self.raw_length, _ = random_spans_helper(
            config.inputs_length, config.noise_density, config.mean_noise_span_length
        )
        self.skip_batches = skip_batches

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        worker, workers = (info.id, info.num_workers) if info else (0, 1)
        # The DataLoader asks its workers round-robin starting from worker 0, so after skipping
        # n batches loader worker i plays logical worker (i + n) % W (which owns batch n + i).
        worker = (worker + self.skip_batches) % workers
        if workers > len(self.paths) and len(self.sources) == 1:
            raise ValueError(f"{workers} workers for {len(self.paths)} shards: use at most one worker per shard")
        local_skip = max(0, (self.skip_batches - worker + workers - 1) // workers)
        return self.worker_batches(worker, workers, local_skip)

    def _shard_order(self, paths: list[str], epoch: int, source: int = 0) -> list[str]:
        if not self.config.shuffle_shards:
            return paths
        seed = (self.config.seed, 1_000_003, epoch) if source == 0 else (self.config.seed, 1_000_003, epoch, source)
        perm = np.random.default_rng(seed).permutation(len(paths))
        return [paths[i] for i in perm]

    def _source_records(self, source: int, worker: int, workers: int, repeat: bool):
        _, paths, _ = self.sources[source]
        epoch = 0
        while True:
            order = self._shard_order(paths, epoch, source)
            for path in order[worker::workers] if len(order) >= workers or len(self.sources) == 1 else order:
                with open(path, "rb") as f:
                    yield from tfrecord.read_records(f, verify=True)
            if not repeat:
                return
            epoch += 1

    def _records(self, worker: int, workers: int):
        if len(self.sources) == 1:
            yield from self._source_records(0, worker, workers, self.config.repeat)
            return
        streams = [self._source_records(i, worker, workers, repeat=True) for i in range(len(self.sources))]
        weights = np.array([weight for _, _, weight in self.sources])
        pick = np.random.default_rng((self.config.seed, 2_000_003, worker))
        while True:
            yield next(streams[pick.choice(len(streams), p=weights / weights.sum())])

    def worker_batches(self, worker: int, workers: int, skip_batches: int = 0):
        c = self.config
        B, L = c.batch_size, self.raw_length
        skip_tokens = skip_batches * B * L
        k = skip_batches * B  # local example index
        flat, pos = np.zeros(0, dtype=np.int64), 0
        inputs, targets = [], []
        sep = 1 if c.eos_between_docs else 0
        for record in self._records(worker, workers):
            if skip_tokens:
                n = count_ids(record) + sep
                if n <= skip_tokens:
                    skip_tokens -= n
                    continue
            ids = decode_ids(record)
            if sep:
                ids = np.append(ids, c.eos_id)
            if skip_tokens:
                ids, skip_tokens = ids[skip_tokens:], 0
            flat, pos = np.concatenate((flat[pos:], ids)), 0
            while len(flat) - pos >= L:
                chunk = flat[pos : pos + L]
                pos += L
                rng = np.random.default_rng((c.seed, worker, k))
                k += 1
                x, y = span_corrupt(chunk, rng, c.top_sentinel, c.eos_id, c.noise_density, c.mean_noise_span_length)
                inputs.append(x)
                targets.append(y)
                if len(inputs) == B:
                    yield make_batch(np.stack(inputs), np.stack(targets))
                    inputs, targets = [], []


def make_batch(inputs: np.ndarray, targets: np.ndarray) -> dict[str, torch.Tensor]:
    decoder_inputs = np.zeros_like(targets)
    decoder_inputs[:, 1:] = targets[:, :-1]
    return {
        "input_ids": torch.from_numpy(inputs.astype(np.int64)),
        "decoder_input_ids": torch.from_numpy(decoder_inputs.astype(np.int64)),
        "labels": torch.from_numpy(targets.astype(np.int64)),
    }


def make_loader(config: StreamConfig, skip_batches: int = 0, num_workers: int = 0, pin_memory: bool = False):
    dataset = SpanCorruptionStream(config, skip_batches)
    num_workers = min(num_workers, len(dataset.paths))
    return torch.utils.data.DataLoader(
        dataset,
        batch_size=None,
        num_workers=num_workers,
        pin_memory=pin_memory,
        persistent_workers=False,
        prefetch_factor=4 if num_workers else None,
        multiprocessing_context="fork" if num_workers and os.name != "nt" else None,
    )
