"""langdetect's randomized estimation (``Detector._detect_block``), bit for bit.

For each of ``n_trial`` trials langdetect starts from uniform probabilities, draws
``alpha = 0.5 + gauss * 0.05`` and then repeatedly multiplies every language's
probability by ``alpha / 10000 + p(lang | random n-gram)``; after update 0, 5, 10, ...
it divides by the (sequential, builtin ``sum``) total and stops once the largest
normalized probability exceeds 0.99999 or 1000 updates are reached.

Where the float results come from:
* elementwise numpy ``+``, ``*``, ``/`` on float64 are the same IEEE operations as
  langdetect's per-element Python ones;
* the five multiplications between checkpoints run as ``np.multiply.reduce`` along
  axis 0 of a (rows, languages) buffer whose first row is the current probability:
  along a non-contiguous axis numpy reduces strictly in row order, i.e.
  ``(((p * f1) * f2) * ...)`` like langdetect (a test pins this);
* the normalizing total is Python's builtin ``sum`` over the same floats (read
  through a memoryview), so it matches whatever summation the running interpreter
  uses (plain left-to-right on 3.11, compensated on 3.12+);
* the largest normalized value is ``max(prob) / total``: correctly rounded
  division is monotonic, so this equals the max of the divided values; and while
  one language holds >= 0.1% of the total no other one can pass 0.99999, so that
  language alone decides the convergence test (see ``run_trial``).
"""

import threading

import numpy as np

ALPHA_DEFAULT = 0.5
ALPHA_WIDTH = 0.05
ITERATION_LIMIT = 1000
CONV_THRESHOLD = 0.99999
BASE_FREQ = 10000
N_TRIAL = 7
_N_CHECKS = ITERATION_LIMIT // 5 + 1  # checks after update 0, 5, ..., 1000
# Draws fetched (and rows gathered) at a trial's start, then per extension: most
# trials on real pages end within the first chunk or two.
_FIRST_CHUNK = 1 + 5 * 12
_NEXT_CHUNK = 5 * 12
# If the tracked leader holds at least this share of the total, no other language
# can exceed CONV_THRESHOLD, so the leader alone decides convergence.
_LEADER_SHARE = 0.001


class _TrialBuffer:
    """Scratch rows for one trial, with the per-check views built once per thread.

    Row 0 holds the start probabilities and row ``u`` the factor
    ``weight + p(lang | gram)`` of update ``u``.  A check after update ``d``
    multiplies rows ``s..d`` (``s``: the previous check's row) and then overwrites
    row ``d`` — a factor already used — with the normalized result, which is the
    first operand of the next block, as in langdetect.
    """

    def __init__(self, n_langs):
        self.rows = np.empty((ITERATION_LIMIT + 2, n_langs), dtype=np.float64)
        self.tmp = np.empty(n_langs, dtype=np.float64)
        self.tmp_floats = memoryview(self.tmp)  # sum()/indexing yield Python floats
        ends = [1 + 5 * c for c in range(_N_CHECKS)]
        starts = [0] + ends[:-1]
        # (rows multiplied at the check, row receiving the normalized result, updates done)
        self.plan = [(self.rows[s:e + 1], self.rows[e], e) for s, e in zip(starts, ends)]

    def fill(self, start, probs, gram_rows, weight):
        """Write factor rows ``start..start+len(gram_rows)-1``."""
        out = self.rows[start:start + gram_rows.size]
        np.take(probs, gram_rows, axis=0, out=out)
        out += weight


_LOCAL = threading.local()


def _buffer(n_langs):
    """This thread's reusable trial buffer."""
    buf = getattr(_LOCAL, "buf", None)
    if buf is None or buf.tmp.size != n_langs:
        buf = _LOCAL.buf = _TrialBuffer(n_langs)
    return buf


def run_trial(buf, rnd, probs, weight):
    """One trial: returns (normalized probabilities, number of updates made).

    Convergence (``max(values) / total > CONV_THRESHOLD``) is tested on the tracked
    leader alone while it holds at least ``_LEADER_SHARE`` of the total: then no
    other value can pass the threshold.  Needs non-negative values (weight > 0).
    """
    if not weight > 0:
        return _run_trial_any_weight(buf, rnd, probs, weight)
    multiply_reduce, divide = np.multiply.reduce, np.divide
    tmp, values = buf.tmp, buf.tmp_floats
    share, threshold, limit = _LEADER_SHARE, CONV_THRESHOLD, ITERATION_LIMIT
    buf.rows[0] = 1.0 / probs.shape[1]
    filled = leader = 0
    for block, target, done in buf.plan:
        if done > filled:
            count = min(_FIRST_CHUNK if filled == 0 else _NEXT_CHUNK, limit + 1 - filled)
            buf.fill(filled + 1, probs, rnd.draws(filled, count), weight)
            filled += count
        multiply_reduce(block, 0, None, tmp)
        total = sum(values)  # builtin sum, exactly as langdetect's _normalize_prob
        divide(tmp, total, target)
        lead = values[leader]
        if lead < share * total:
            as_list = values.tolist()
            lead = max(as_list)
            leader = as_list.index(lead)
        if lead / total > threshold or done > limit:
            break
    rnd.consume(done)
    return target, done


def _langdetect_max(values):
    """``_normalize_prob``'s running maximum (starts at 0.0, skips NaN)."""
    maxp = 0.0
    for p in values:
        if maxp < p:
            maxp = p
    return maxp


def _run_trial_any_weight(buf, rnd, probs, weight):
    """``run_trial`` without the leader shortcut, for a non-positive weight.

    Needs ``alpha <= 0``, i.e. a gauss draw below -10: never seen in practice, but
    kept exact (including ZeroDivisionError on a zero total).
    """
    prob = np.full(probs.shape[1], 1.0 / probs.shape[1])
    filled = 0
    for _, _, done in buf.plan:
        if done > filled:
            factors = probs[rnd.draws(filled, done - filled)] + weight
            for factor in factors:
                prob *= factor
            filled = done
        values = prob.tolist()
        total = sum(values)
        normalized = [p / total for p in values]
        prob = np.array(normalized)
        if _langdetect_max(normalized) > CONV_THRESHOLD or done > ITERATION_LIMIT:
            break
    rnd.consume(done)
    return prob, done


def estimate(rnd, probs, n_trial=N_TRIAL, alpha=ALPHA_DEFAULT, target=None):
    """Average of ``n_trial`` trials, accumulated like ``langprob[j] += prob[j] / n``.

    ``rnd`` chooses among the text's n-gram rows (a ``ReplayedRandom``).  With
    ``target = (column, min_prob)`` it returns None as soon as that language's final
    average can no longer reach ``min_prob`` (each remaining trial adds at most 1/n).
    """
    buf = _buffer(probs.shape[1])
    langprob = np.zeros(probs.shape[1], dtype=np.float64)
    for trial in range(n_trial):
        trial_alpha = alpha + rnd.gauss(0.0, 1.0) * ALPHA_WIDTH
        prob, _ = run_trial(buf, rnd, probs, trial_alpha / BASE_FREQ)
        langprob += prob / n_trial
        if target is not None:
            column, min_prob = target
            reachable = langprob[column] + (n_trial - 1 - trial) / n_trial + 1e-9
            if reachable < min_prob:
                return None
    return langprob


def estimate_reference(rnd, gram_rows, probs, n_trial=N_TRIAL, alpha=ALPHA_DEFAULT):
    """Straight port using a real ``random.Random`` over ``gram_rows``: fallback and oracle."""
    n_langs = probs.shape[1]
    langprob = [0.0] * n_langs
    choices = gram_rows.tolist()
    for _ in range(n_trial):
        prob = [1.0 / n_langs] * n_langs
        trial_alpha = alpha + rnd.gauss(0.0, 1.0) * ALPHA_WIDTH
        weight = trial_alpha / BASE_FREQ
        i = 0
        while True:
            row = probs[rnd.choice(choices)].tolist()
            prob = [p * (weight + q) for p, q in zip(prob, row)]
            if i % 5 == 0:
                total = sum(prob)
                prob = [p / total for p in prob]
                if _langdetect_max(prob) > CONV_THRESHOLD or i >= ITERATION_LIMIT:
                    break
            i += 1
        langprob = [acc + p / n_trial for acc, p in zip(langprob, prob)]
    return np.array(langprob)
