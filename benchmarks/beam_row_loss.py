"""Does Beam's local multi_processing mode lose rows in a join shaped like c4pipe's dedup?

    python benchmarks/beam_row_loss.py --pages 125000 --keys 90 --text 7000 --workers 2

Beam only, no c4pipe code: pages offer keys tagged with their page id, a combiner keeps
the smallest id per key, each key goes back to its keeper through a CoGroupByKey with the
pages. Counters count the rows into and out of each shuffle; the script prints them and
exits 1 if any differ. On the 1 GB c4pipe run (11 M keys, 125,000 pages of about 8 kB),
Beam 2.77 with 2 workers received 2.86 M of 5.58 M kept keys (README, local limits).
"""

from __future__ import annotations

import argparse
import hashlib
import sys

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

NAMESPACE = "row-loss"


def page_id(index: int) -> bytes:
    return hashlib.md5(b"page-%d" % index).digest()


class OfferKeys(beam.DoFn):
    """(pid, text) -> (key, pid); every tenth key is shared by a group of pages."""

    def __init__(self, keys: int, share: int):
        self.keys, self.share = keys, share

    def process(self, element):
        index, pid = element[0], element[1]
        Metrics.counter(NAMESPACE, "keys_offered").inc(self.keys)
        for j in range(self.keys):
            seed = b"shared-%d-%d" % (j, index % self.share) if j % 10 == 0 else b"own-%d-%d" % (index, j)
            yield hashlib.md5(seed).digest(), pid


class Keeper(beam.CombineFn):
    def create_accumulator(self):
        return None, 0

    def add_input(self, accumulator, pid):
        keeper, n = accumulator
        return (pid if keeper is None or pid < keeper else keeper), n + 1

    def merge_accumulators(self, accumulators):
        keeper, total = None, 0
        for pid, n in accumulators:
            if pid is not None and (keeper is None or pid < keeper):
                keeper = pid
            total += n
        return keeper, total

    def extract_output(self, accumulator):
        return accumulator


def to_keeper(keyed):
    key, (keeper, offered) = keyed
    Metrics.counter(NAMESPACE, "keys_counted").inc(offered)
    Metrics.counter(NAMESPACE, "kept_sent").inc()
    yield keeper, key


def receive(joined):
    _, groups = joined
    Metrics.counter(NAMESPACE, "pages_received").inc(len(list(groups["page"])))
    Metrics.counter(NAMESPACE, "kept_received").inc(len(list(groups["kept"])))
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=125_000)
    parser.add_argument("--keys", type=int, default=90, help="keys per page")
    parser.add_argument("--text", type=int, default=7000, help="characters of text per page")
    parser.add_argument("--share", type=int, default=1000, help="pages per group sharing every tenth key")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    mode = "multi_processing" if args.workers > 1 else "in_memory"
    options = PipelineOptions([f"--direct_running_mode={mode}", f"--direct_num_workers={args.workers}"])
    pipeline = beam.Pipeline(runner=FnApiRunner(), options=options)
    text_len = args.text
    indexes = pipeline | beam.Create(range(args.pages)) | beam.Reshuffle()
    with_ids = indexes | "Ids" >> beam.Map(lambda i: (i, page_id(i)))
    pages = with_ids | "Pages" >> beam.Map(lambda e: (e[1], ("%08d" % e[0]) * (text_len // 8)))
    kept = (
        with_ids
        | beam.ParDo(OfferKeys(args.keys, args.share))
        | beam.CombinePerKey(Keeper())
        | beam.FlatMap(to_keeper)
    )
    _ = {"page": pages, "kept": kept} | beam.CoGroupByKey() | beam.FlatMap(receive)
    result = pipeline.run()
    result.wait_until_finish()
    counters = {
        c.key.metric.name: c.committed for c in result.metrics().query()["counters"]
        if c.key.metric.namespace == NAMESPACE
    }
    counters["pages_sent"] = args.pages
    print(f"beam {beam.__version__}, {mode}, {args.workers} worker(s): {dict(sorted(counters.items()))}")
    pairs = [("keys_offered", "keys_counted"), ("kept_sent", "kept_received"), ("pages_sent", "pages_received")]
    lost = [f"{a}={counters.get(a)} {b}={counters.get(b)}" for a, b in pairs if counters.get(a) != counters.get(b)]
    print("rows lost: " + "; ".join(lost) if lost else "no rows lost")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
