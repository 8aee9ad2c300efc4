"""T5 span corruption, exactly as seqio's `span_corruption` preprocessor, in NumPy.

Per example of `raw_length` tokens (568 for 512-token inputs):
  mask = random_spans_noise_mask(raw_length)       # 85 noise tokens in 28 spans for 568
  inputs  = noise spans -> one sentinel each (top id first, counting down) + [EOS]   (512)
  targets = non-noise spans -> one sentinel each, followed by the noise tokens + [EOS] (114)
The decoder input is `[0] + targets[:-1]` (T5 shifts right with pad as the start token).
Randomness comes from a `numpy.random.Generator`, consumed as seqio's two stateless
shuffles are (one permutation each for the noise and non-noise segmentation).
"""

from __future__ import annotations

import numpy as np


def tokens_to_lengths(tokens_length: int, noise_density: float = 0.15, mean_noise_span_length: float = 3.0):
    num_noise = int(round(tokens_length * noise_density))
    num_spans = int(round(num_noise / mean_noise_span_length))
    return tokens_length - num_noise + num_spans + 1, num_noise + num_spans + 1


def random_spans_helper(inputs_length: int = 512, noise_density: float = 0.15, mean_noise_span_length: float = 3.0):
    """(raw tokens per example, targets length) for `inputs_length` (seqio's helper)."""
    tokens_length = inputs_length - 1
    while tokens_to_lengths(tokens_length + 1, noise_density, mean_noise_span_length)[0] <= inputs_length:
        tokens_length += 1
    _, targets_length = tokens_to_lengths(tokens_length, noise_density, mean_noise_span_length)
    if noise_density == 0.5 and targets_length > inputs_length:
        tokens_length -= 1
        targets_length -= 1
    return tokens_length, targets_length


def _segment_lengths(num_items: int, num_segments: int, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random composition of num_items into num_segments positive parts."""
    # seqio: shuffle (range(num_items - 1) < num_segments - 1), pad a 0 in front, cumsum -> ids.
    marks = rng.permutation(np.arange(num_items - 1) < num_segments - 1)
    boundaries = np.flatnonzero(marks) + 1  # a new segment starts after each marked item
    return np.diff(np.concatenate(([0], boundaries, [num_items])))


def random_spans_noise_mask(
    length: int, rng: np.random.Generator, noise_density: float = 0.15, mean_noise_span_length: float = 3.0
) -> np.ndarray:
    orig_length = length
    length = max(length, 2)
    num_noise = min(max(int(round(length * noise_density)), 1), length - 1)
    num_spans = max(int(round(num_noise / mean_noise_span_length)), 1)
    noise_lengths = _segment_lengths(num_noise, num_spans, rng)
    nonnoise_lengths = _segment_lengths(length - num_noise, num_spans, rng)
    lengths = np.stack([nonnoise_lengths, noise_lengths], axis=1).reshape(-1)
    mask = np.repeat(np.tile([False, True], num_spans), lengths)
    return mask[:orig_length]


def _spans_to_sentinels(tokens: np.ndarray, mask: np.ndarray, top_sentinel: int) -> np.ndarray:
    """Replaces each run of masked tokens by one sentinel (top_sentinel, top_sentinel-1, ...)."""
    prev = np.concatenate(([False], mask[:-1]))
    first = mask & ~prev
    sentinels = top_sentinel + 1 - np.cumsum(first)
    out = np.where(first, sentinels, tokens)
    return out[~(mask & prev)]


def span_corrupt(
    tokens: np.ndarray,
    rng: np.random.Generator,
    top_sentinel: int,
    eos_id: int = 1,
    noise_density: float = 0.15,
    mean_noise_span_length: float = 3.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) for one example, both ending with EOS."""
    tokens = np.asarray(tokens)
    mask = random_spans_noise_mask(len(tokens), rng, noise_density, mean_noise_span_length)
    eos = np.array([eos_id], dtype=tokens.dtype)
    inputs = np.concatenate((_spans_to_sentinels(tokens, mask, top_sentinel), eos))
    targets = np.concatenate((_spans_to_sentinels(tokens, ~mask, top_sentinel), eos))
    return inputs, targets
