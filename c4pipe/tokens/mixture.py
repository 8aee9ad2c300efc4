"""mT5's language mixture: language L is sampled with probability proportional to
n_L ** alpha, alpha = 0.3, which lifts small languages without drowning large ones.

`c4pipe vocab` samples its training documents this way from a multilingual output, and
`c4pipe pretrain` its training examples from a multilingual tokenized directory.
A multilingual directory is recognised by its splits: `<lang>` and `<lang>-validation`
instead of `train` and `validation`.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from c4pipe.io.outputs import VALIDATION_SUFFIX

LANGUAGE_ALPHA = 0.3


def language_splits(splits: Iterable[str]) -> list[str]:
    """The training splits of a multilingual output, sorted; [] for the English layout."""
    names = set(splits)
    if "train" in names:
        return []
    return sorted(name for name in names if not name.endswith(VALIDATION_SUFFIX) and name != "validation")


def validation_splits(splits: Iterable[str]) -> list[str]:
    names = set(splits)
    if "train" in names or "validation" in names:
        return ["validation"] if "validation" in names else []
    return sorted(name for name in names if name.endswith(VALIDATION_SUFFIX))


def mixture_weights(sizes: Mapping[str, int], alpha: float = LANGUAGE_ALPHA) -> dict[str, float]:
    """{language: probability}, p(L) = n_L^alpha / sum_K n_K^alpha; empty languages get 0."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    powered = {lang: float(n) ** alpha if n > 0 else 0.0 for lang, n in sorted(sizes.items())}
    total = sum(powered.values())
    if total == 0:
        raise ValueError("no language has any examples")
    return {lang: value / total for lang, value in powered.items()}


def allocate(total: int, weights: Mapping[str, float], caps: Mapping[str, int]) -> dict[str, int]:
    """`total` items split by `weights` (largest remainders), no language above its cap;
    what a capped language cannot take goes to the others, in proportion."""
    share = {lang: 0 for lang in weights}
    open_langs = {lang for lang, w in weights.items() if w > 0 and caps.get(lang, 0) > 0}
    left = total
    while left > 0 and open_langs:
        mass = sum(weights[lang] for lang in open_langs)
        exact = {lang: left * weights[lang] / mass for lang in open_langs}
        grant = {lang: min(int(exact[lang]), caps[lang] - share[lang]) for lang in open_langs}
        rest = left - sum(grant.values())
        for lang in sorted(open_langs, key=lambda k: (-(exact[k] - int(exact[k])), k)):
            if rest == 0:
                break
            if share[lang] + grant[lang] < caps[lang]:
                grant[lang] += 1
                rest -= 1
        if not any(grant.values()):
            break
        for lang, n in grant.items():
            share[lang] += n
        left -= sum(grant.values())
        open_langs = {lang for lang in open_langs if share[lang] < caps[lang]}
    return share
