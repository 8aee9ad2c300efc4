"""What the run report needs beyond counters, written to `report_data.json`: the top
domains kept and dropped (from domain tables, see `c4pipe.counters.domains`), and a
deterministic sample of rejects per rule (see `c4pipe.counters.samples`). The funnel
and length histogram are counters (`c4pipe.counters.names`)."""

from __future__ import annotations

import json

import apache_beam as beam

from beam_jobs.packed import pack, unpack
from c4pipe.counters import domains
from c4pipe.counters.samples import smallest
from c4pipe.io.atomic import write_atomically

REJECTS = "rejects"  # tag of the side output that carries reject samples, (rule, samples)
DOMAINS = "domains"  # tag of the side output that carries `domain_tables`


def domain_tables(urls, which: int, buckets: int) -> list[tuple[str, tuple]]:
    """(DOMAINS, (domain shard, (PARSED or WRITTEN, packed table))) for these pages' URLs:
    a task's outputs for the report (`c4pipe.counters.domains`)."""
    shards = domains.shard_count(buckets)
    return [(DOMAINS, (shard, (which, pack(table)))) for shard, table in domains.tables(urls, shards)]


def _shard_top(grouped) -> tuple[list, list]:
    _, tables = grouped
    return domains.top(domains.merge((which, unpack(table)) for which, table in tables))


class SmallestSamples(beam.CombineFn):
    """The few samples with the smallest hashes, distinct texts (boilerplate repeats)."""

    def create_accumulator(self):
        return []

    def add_input(self, accumulator, samples):
        return smallest(accumulator + [tuple(sample) for sample in samples])

    def merge_accumulators(self, accumulators):
        return smallest([s for acc in accumulators for s in acc])

    def extract_output(self, accumulator):
        return accumulator


class WriteReportData(beam.PTransform):
    """Top domains kept and dropped, and the reject samples, into `report_data.json`."""

    def __init__(self, output_dir: str):
        super().__init__()
        self.output_dir = output_dir

    def expand(self, inputs):
        """(`domain_tables`' values, REJECTS' (rule, samples))."""
        tables, rejects = inputs
        candidates = (
            tables
            | "GroupDomainShards" >> beam.GroupByKey()
            | "TopPerShard" >> beam.Map(_shard_top)
            | "AllShards" >> beam.combiners.ToList()
        )
        samples = (
            rejects
            | "SamplesPerRule" >> beam.CombinePerKey(SmallestSamples())
            | "AllRules" >> beam.combiners.ToList()
        )
        output_dir = self.output_dir

        def write(_, candidates, samples):
            top_kept, top_dropped = domains.top(
                {domain: counts for kept, dropped in candidates for domain, counts in kept + dropped}
            )
            data = {
                "domains_kept": [[d, c[1]] for d, c in top_kept if c[1] > 0],
                "domains_dropped": [[d, c[0] - c[1]] for d, c in top_dropped if c[0] - c[1] > 0],
                "reject_samples": {
                    rule: [{"url": url, "text": text} for _, url, text in items]
                    for rule, items in sorted(samples)
                },
            }
            payload = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
            write_atomically(f"{output_dir.rstrip('/')}/report_data.json", payload)

        return (
            tables.pipeline
            | "ReportTrigger" >> beam.Create([None])
            | "WriteReportData" >> beam.Map(
                write,
                candidates=beam.pvalue.AsSingleton(candidates),
                samples=beam.pvalue.AsSingleton(samples),
            )
        )
