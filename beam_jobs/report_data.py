"""What the run report needs beyond counters, written to `report_data.json`: the top
domains kept and dropped, and a deterministic sample of rejects per rule (see
`c4pipe.counters.samples`). The funnel and length histogram are counters
(`c4pipe.counters.names`)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import apache_beam as beam

from beam_jobs.url_dedup import url_of
from c4pipe.counters.samples import smallest
from c4pipe.io.atomic import write_atomically

REJECTS = "rejects"  # tag of the side output that carries reject samples
TOP_DOMAINS = 20


class SmallestSamples(beam.CombineFn):
    """The few samples with the smallest hashes, distinct texts (boilerplate repeats)."""

    def create_accumulator(self):
        return []

    def add_input(self, accumulator, sample):
        return smallest(accumulator + [tuple(sample)])

    def merge_accumulators(self, accumulators):
        return smallest([s for acc in accumulators for s in acc])

    def extract_output(self, accumulator):
        return accumulator


def domain_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


class WriteReportData(beam.PTransform):
    """Top domains kept and dropped, and the reject samples, into `report_data.json`."""

    def __init__(self, output_dir: str):
        super().__init__()
        self.output_dir = output_dir

    def expand(self, inputs):
        parsed_pages, written_pages, rejects = inputs
        seen = parsed_pages | "ParsedDomain" >> beam.Map(lambda keyed: (domain_of(url_of(keyed)), (1, 0)))
        kept = written_pages | "KeptDomain" >> beam.Map(lambda p: (domain_of(p.url), (0, 1)))
        per_domain = (
            (seen, kept)
            | "AllDomains" >> beam.Flatten()
            | "PerDomain" >> beam.CombinePerKey(lambda pairs: tuple(map(sum, zip((0, 0), *pairs))))
        )
        top_kept = per_domain | "TopKept" >> beam.combiners.Top.Of(
            TOP_DOMAINS, key=lambda kv: (kv[1][1], kv[0])
        )
        top_dropped = per_domain | "TopDropped" >> beam.combiners.Top.Of(
            TOP_DOMAINS, key=lambda kv: (kv[1][0] - kv[1][1], kv[0])
        )
        samples = (
            rejects
            | "SamplesPerRule" >> beam.CombinePerKey(SmallestSamples())
            | "AllRules" >> beam.combiners.ToList()
        )
        output_dir = self.output_dir

        def write(_, top_kept, top_dropped, samples):
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
            parsed_pages.pipeline
            | "ReportTrigger" >> beam.Create([None])
            | "WriteReportData" >> beam.Map(
                write,
                top_kept=beam.pvalue.AsSingleton(top_kept),
                top_dropped=beam.pvalue.AsSingleton(top_dropped),
                samples=beam.pvalue.AsSingleton(samples),
            )
        )
