"""`c4pipe.counters.samples`: the few smallest-hash rejects per rule, whatever the order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.counters.samples import RejectSampler, per_rule, sample_key, smallest

offers = st.lists(st.tuples(st.sampled_from(["r1", "r2"]), st.sampled_from(["u1", "u2", "u3"]),
                            st.text(alphabet="abc", max_size=4)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(offers, st.randoms())
def test_the_sample_is_the_smallest_hashes_in_any_order_and_any_split(items, random):
    def sampled(sequence, parts=1):
        samplers = [RejectSampler(per_rule=3) for _ in range(parts)]
        for i, (rule, url, text) in enumerate(sequence):
            samplers[i % parts].offer(rule, url, text)
        drained = [item for sampler in samplers for item in sampler.drain()]
        return {rule: smallest([s for r, s in drained if r == rule], 3) for rule in {r for r, _ in drained}}

    want = {rule: smallest([(sample_key(rule, text), url, text) for r, url, text in items if r == rule], 3)
            for rule in {r for r, _, _ in items}}
    assert sampled(items) == want
    assert sampled(random.sample(items, len(items)), parts=3) == want


@given(offers)
def test_per_rule_gives_every_drained_sample_once_under_its_rule(items):
    sampler = RejectSampler(per_rule=3)
    for rule, url, text in items:
        sampler.offer(rule, url, text)
    drained = list(sampler.drain())
    grouped = per_rule(drained)
    assert [rule for rule, _ in grouped] == sorted({rule for rule, _ in drained})
    assert sorted((rule, s) for rule, samples in grouped for s in samples) == sorted(drained)
