"""A small deterministic sample of rejects per rule, for the run report.

Each rejected line (or page snippet) gets a stable hash; a rule keeps the few
smallest. "The k smallest hashes" does not depend on the order things were seen, so
samples kept per file or per bundle combine into the same global sample whatever the
runner, the number of workers or a resume.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Iterable, Iterator

import mmh3

SAMPLES_PER_RULE = 5
MAX_SAMPLE_CHARS = 500

Sample = tuple  # (hash: int, url: str, text: str)


def sample_key(rule: str, text: str) -> int:
    return mmh3.hash64(f"{rule}\x00{text}", signed=False)[0]


class RejectSampler:
    def __init__(self, per_rule: int = SAMPLES_PER_RULE):
        self.per_rule = per_rule
        self._heaps: dict[str, list] = {}  # rule -> max-heap of (-hash, url, text)

    def offer(self, rule: str, url: str, text: str) -> None:
        text = text[:MAX_SAMPLE_CHARS]
        h = sample_key(rule, text)
        heap = self._heaps.setdefault(rule, [])
        if len(heap) >= self.per_rule and -h < heap[0][0]:
            return  # larger than every kept hash (nearly every offer, once the rule has its few)
        for i, (neg_h, other_url, _) in enumerate(heap):
            if neg_h == -h:  # the same text again: keep its smallest URL
                if url < other_url:
                    heap[i] = (neg_h, url, text)
                    heapq.heapify(heap)
                return
        if len(heap) < self.per_rule:
            heapq.heappush(heap, (-h, url, text))
        elif -h > heap[0][0]:
            heapq.heapreplace(heap, (-h, url, text))

    def drain(self) -> Iterator[tuple[str, Sample]]:
        """(rule, (hash, url, text)) for every kept sample; empties the sampler."""
        heaps, self._heaps = self._heaps, {}
        for rule, heap in sorted(heaps.items()):
            for neg_h, url, text in sorted(heap):
                yield rule, (-neg_h, url, text)


def per_rule(drained: Iterable[tuple[str, Sample]]) -> list[tuple[str, tuple]]:
    """(rule, sample) pairs -> (rule, (its samples, ...)), one per rule, in rule order: what
    a task sends on, so that the pipeline moves one element per rule, not per sample."""
    ordered = sorted(drained, key=lambda pair: pair[0])
    return [(rule, tuple(tuple(s) for _, s in pairs)) for rule, pairs in itertools.groupby(ordered, lambda p: p[0])]


def smallest(samples, per_rule: int = SAMPLES_PER_RULE) -> list:
    """The `per_rule` samples with the smallest hashes, one per distinct text.

    A text rejected on many pages (boilerplate) keeps its smallest URL, so the
    choice does not depend on which copy was seen first.
    """
    best: dict = {}
    for h, url, text in samples:
        if h not in best or url < best[h][1]:
            best[h] = (h, url, text)
    return [best[h] for h in sorted(best)[:per_rule]]
