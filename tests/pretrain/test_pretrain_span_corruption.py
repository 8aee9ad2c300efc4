"""Span corruption against an independent NumPy transcription of seqio's functions.

The reference below is a line-by-line transcription of seqio/preprocessors.py
(`random_spans_helper`, `random_spans_noise_mask`, `noise_span_to_unique_sentinel`,
`nonnoise_span_to_unique_sentinel`) with tf ops replaced by their NumPy equivalents and
seqio's stateless shuffle replaced by `rng.permutation` (the same RNG calls the
implementation makes, so the masks can be compared exactly on fixed seeds).
"""

import numpy as np
import pytest

from c4pipe.pretrain.span_corruption import random_spans_helper, random_spans_noise_mask, span_corrupt

TOP = 32099  # <extra_id_0> for the T5 vocabulary
EOS = 1


# --- reference transcription (do not share code with the implementation) -----------------


def ref_random_spans_helper(inputs_length=512, noise_density=0.15, mean_noise_span_length=3.0,
                            extra_tokens_per_span_inputs=1, extra_tokens_per_span_targets=1):  # fmt: skip
    def _tokens_length_to_inputs_length_targets_length(tokens_length):
        num_noise_tokens = int(round(tokens_length * noise_density))
        num_nonnoise_tokens = tokens_length - num_noise_tokens
        num_noise_spans = int(round(num_noise_tokens / mean_noise_span_length))
        # inputs contain all nonnoise tokens, sentinels for all noise spans and one EOS token.
        return (
            num_nonnoise_tokens + num_noise_spans * extra_tokens_per_span_inputs + 1,
            num_noise_tokens + num_noise_spans * extra_tokens_per_span_targets + 1,
        )

    tokens_length = inputs_length - 1
    while _tokens_length_to_inputs_length_targets_length(tokens_length + 1)[0] <= inputs_length:
        tokens_length += 1
    inputs_length, targets_length = _tokens_length_to_inputs_length_targets_length(tokens_length)
    if noise_density == 0.5 and targets_length > inputs_length:
        tokens_length -= 1
        targets_length -= 1
    return tokens_length, targets_length


def ref_random_spans_noise_mask(length, noise_density, rng, mean_noise_span_length=3.0):
    orig_length = length
    length = max(length, 2)  # increase length to avoid degeneracy
    num_noise_tokens = int(np.round(np.float32(length) * noise_density))
    num_noise_tokens = min(max(num_noise_tokens, 1), length - 1)
    num_noise_spans = int(np.round(np.float32(num_noise_tokens) / mean_noise_span_length))
    num_noise_spans = max(num_noise_spans, 1)
    num_nonnoise_tokens = length - num_noise_tokens

    def _random_segmentation(num_items, num_segments):
        first_in_segment = np.pad(
            rng.permutation((np.arange(num_items - 1) < num_segments - 1).astype(np.int32)), [[1, 0]]
        )
        segment_id = np.cumsum(first_in_segment)
        # tf.math.segment_sum(ones, segment_id)
        segment_length = np.zeros(segment_id[-1] + 1, dtype=np.int64)
        for s in segment_id:
            segment_length[s] += 1
        return segment_length

    noise_span_lengths = _random_segmentation(num_noise_tokens, num_noise_spans)
    nonnoise_span_lengths = _random_segmentation(num_nonnoise_tokens, num_noise_spans)
    interleaved_span_lengths = np.reshape(
        np.stack([nonnoise_span_lengths, noise_span_lengths], axis=1), [num_noise_spans * 2]
    )
    span_starts = np.cumsum(interleaved_span_lengths)[:-1]
    span_start_indicator = np.zeros(length, dtype=np.int64)  # tf.math.unsorted_segment_sum
    np.add.at(span_start_indicator, span_starts, 1)
    span_num = np.cumsum(span_start_indicator)
    is_noise = np.equal(span_num % 2, 1)
    return is_noise[:orig_length]


def ref_noise_span_to_unique_sentinel(tokens, noise_mask, top_sentinel):
    prev_token_is_noise = np.pad(noise_mask[:-1], [[1, 0]])
    first_noise_tokens = np.logical_and(noise_mask, np.logical_not(prev_token_is_noise))
    subsequent_noise_tokens = np.logical_and(noise_mask, prev_token_is_noise)
    sentinel = top_sentinel + 1 - np.cumsum(first_noise_tokens.astype(tokens.dtype))
    tokens = np.where(first_noise_tokens, sentinel, tokens)
    return tokens[np.logical_not(subsequent_noise_tokens)]


def ref_nonnoise_span_to_unique_sentinel(tokens, noise_mask, top_sentinel):
    return ref_noise_span_to_unique_sentinel(tokens, np.logical_not(noise_mask), top_sentinel)


def ref_span_corruption(tokens, rng):
    mask = ref_random_spans_noise_mask(len(tokens), 0.15, rng)
    inputs = ref_noise_span_to_unique_sentinel(tokens, mask, TOP)
    targets = ref_nonnoise_span_to_unique_sentinel(tokens, mask, TOP)
    return np.append(inputs, EOS), np.append(targets, EOS)


# --- tests --------------------------------------------------------------------------


@pytest.mark.parametrize("inputs_length,raw,targets", [(512, 568, 114), (128, 141, 29), (256, 284, 58), (1024, 1137, 229)])
def test_random_spans_helper(inputs_length, raw, targets):
    assert random_spans_helper(inputs_length) == (raw, targets)
    assert ref_random_spans_helper(inputs_length) == (raw, targets)


@pytest.mark.parametrize("density,mean", [(0.15, 3.0), (0.5, 3.0), (0.3, 8.0), (0.15, 1.0)])
def test_helper_matches_reference_other_settings(density, mean):
    for length in (64, 100, 512, 2048):
        assert random_spans_helper(length, density, mean) == ref_random_spans_helper(length, density, mean)


@pytest.mark.parametrize("length", [1, 2, 3, 10, 141, 568, 1000])
def test_noise_mask_equals_reference_on_fixed_seeds(length):
    for seed in range(20):
        ours = random_spans_noise_mask(length, np.random.default_rng(seed))
        ref = ref_random_spans_noise_mask(length, 0.15, np.random.default_rng(seed))
        np.testing.assert_array_equal(ours, ref)


def test_span_corruption_layout_and_reference_568():
    rng_tokens = np.random.default_rng(123)
    for seed in range(50):
        tokens = rng_tokens.integers(3, 32000, size=568)
        inputs, targets = span_corrupt(tokens, np.random.default_rng(seed), TOP, EOS)
        ref_in, ref_tg = ref_span_corruption(tokens, np.random.default_rng(seed))
        np.testing.assert_array_equal(inputs, ref_in)
        np.testing.assert_array_equal(targets, ref_tg)
        assert len(inputs) == 512 and len(targets) == 114
        assert inputs[-1] == EOS and targets[-1] == EOS
        in_sent = inputs[inputs >= 32000]
        tg_sent = targets[targets >= 32000]
        # 28 spans: sentinels count down from the top id, in the same order on both sides
        np.testing.assert_array_equal(in_sent, np.arange(TOP, TOP - 28, -1))
        np.testing.assert_array_equal(tg_sent, np.arange(TOP, TOP - 28, -1))
        assert targets[0] == TOP  # spans start with non-noise, so targets open with a sentinel
        assert inputs[0] != TOP
        # reassemble the original: interleave non-noise pieces (inputs) and noise pieces (targets)
        in_pieces = np.split(inputs[:-1], np.flatnonzero(inputs[:-1] >= 32000))
        tg_pieces = np.split(targets[:-1], np.flatnonzero(targets[:-1] >= 32000))[1:]
        rebuilt = [in_pieces[0]]
        for noise, keep in zip(tg_pieces, in_pieces[1:]):
            rebuilt += [noise[1:], keep[1:]]
        np.testing.assert_array_equal(np.concatenate(rebuilt), tokens)


def test_noise_statistics_match_reference():
    n, length = 2000, 568
    ours = np.stack([random_spans_noise_mask(length, np.random.default_rng(10_000 + s)) for s in range(n)])
    ref = np.stack([ref_random_spans_noise_mask(length, 0.15, np.random.default_rng(20_000 + s)) for s in range(n)])
    for masks in (ours, ref):
        assert (masks.sum(1) == 85).all()
        starts = masks & ~np.pad(masks[:, :-1], [[0, 0], [1, 0]])
        assert (starts.sum(1) == 28).all()
        assert not masks[:, 0].any() and masks[:, -1].all()  # begins non-noise, ends noise
    # position-wise noise rate and span-length distributions agree (different seeds)
    assert abs(ours.mean() - 85 / 568) < 1e-12
    per_pos_ours, per_pos_ref = ours.mean(0), ref.mean(0)
    assert np.abs(per_pos_ours[1:-1] - per_pos_ref[1:-1]).max() < 0.05

    def span_lengths(masks):
        out = []
        for m in masks:
            edges = np.diff(np.concatenate(([0], m.astype(int), [0])))
            out.extend(np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1))
        return np.bincount(out, minlength=40)[:40] / len(out)

    lo, lr = span_lengths(ours), span_lengths(ref)
    assert np.abs(lo - lr).max() < 0.02
    assert abs((np.arange(40) * lo).sum() - 85 / 28) < 1e-9  # mean span length is fixed: 85/28
