"""The C4 pipeline: WET files in, clean sharded corpus out.

Order (the reference's): parse -> length -> newest page per URL -> clean_page ->
corpus-wide dedup -> English -> bad words -> split and shard -> write. clean_page is
computed per input file, before URL dedup, and applied to the URL's winner only (see
`c4pipe.stages.file_stage`): same result, and the per-file part can be saved for resume.
Pages cross the URL and dedup shuffles as blobs per hash bucket (`beam_jobs.url_dedup`,
`beam_jobs.dedup`), so a local run's one Beam process handles few elements per file.
Every drop is a named counter (`c4pipe.counters.names`); the run fails unless its
counters balance (`c4pipe.counters.balance`): pages in = pages out + pages dropped,
and rows in = rows out of every dedup shuffle.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import nullcontext
from typing import Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from beam_jobs import local_pool
from beam_jobs.dedup import Deduplicate
from beam_jobs.metrics import counter_values
from beam_jobs.read_and_clean import FileTask, ReadAndClean
from beam_jobs.report_data import DOMAINS, REJECTS, WriteReportData
from beam_jobs.url_dedup import UNITS, DedupUrls
from beam_jobs.write_shards import Finish, WriteShards
from c4pipe.counters import names, splits
from c4pipe.counters.balance import balance
from c4pipe.dedup import unit_votes
from c4pipe.io import outputs
from c4pipe.io.atomic import write_atomically
from c4pipe.io.progress import FileProgress
from c4pipe.io.workdir import FileResults, fingerprint
from c4pipe.recipes import Recipe
from c4pipe.report.dataset_card import write_dataset_card
from c4pipe.stages import page_steps
from c4pipe.tokens.tokenize import TOKENIZED_DIR, write_vocabulary


@dataclasses.dataclass(frozen=True)
class RunConfig:
    inputs: tuple  # expanded file paths
    output_dir: str
    recipe: Recipe
    train_shards: int = 8
    formats: tuple = ("json", "parquet", "tfrecord")
    badwords: Optional[dict] = None  # {list file: entries}, the recipe's `badwords_lists`, loaded by the driver
    work_dir: Optional[str] = None  # per-input-file results for resume; None: none kept
    spm_model: Optional[bytes] = None  # SentencePiece model file: also write tokenized shards
    realnews_domains: Optional[dict] = None  # recipe url_filter "realnews"
    webtext_urls: Optional[str] = None  # recipe url_filter "webtext": URL list files (glob)
    dedup_join: str = "cogroup"  # "side_input" on Beam's local runner (`beam_jobs.dedup.Deduplicate`)
    buckets: Optional[int] = None  # hash buckets of the URL and dedup shuffles; None: `unit_votes.bucket_count`
    shard_bytes: int = 256 << 20  # the multilingual layout: a shard per this much text (`outputs.ShardCounts`)
    shard_parts: Optional[int] = None  # parts per split; None: `outputs.parts_per_split`


def bucket_count(config: RunConfig) -> int:
    return config.buckets or unit_votes.bucket_count(len(config.inputs))


def shard_counts(config: RunConfig) -> outputs.ShardCounts:
    """The English layout: `train_shards`; the multilingual one: by each split's size."""
    if config.recipe.output_layout == "mc4":
        return outputs.ShardCounts(shard_bytes=config.shard_bytes)
    return outputs.ShardCounts(train_shards=config.train_shards)


def shard_parts(config: RunConfig) -> int:
    fixed = None if config.recipe.output_layout == "mc4" else config.train_shards
    return config.shard_parts or outputs.parts_per_split(len(config.inputs), fixed)


def line_badwords(config: RunConfig) -> tuple:
    """TFDS 2.x's per-line bad words (recipe badwords="line"), checked in the file stage."""
    return tuple((config.badwords or {}).get("en", ())) if config.recipe.badwords == "line" else ()


def build_pipeline(pipeline: beam.Pipeline, config: RunConfig):
    recipe, buckets, parts = config.recipe, bucket_count(config), shard_parts(config)
    badwords = config.badwords or {}
    finish = Finish(outputs.ShardLayout(recipe.validation_modulus, parts, recipe.output_layout), buckets)
    read = pipeline | "ReadAndClean" >> ReadAndClean(
        list(config.inputs), recipe, buckets, config.work_dir, line_badwords(config))
    steps = page_steps.after_dedup(recipe, badwords)
    urls = read.pages | "UrlDedup" >> DedupUrls(
        recipe, buckets, finish, steps,
        realnews_domains=config.realnews_domains if recipe.url_filter == "realnews" else None,
        url_lists=config.webtext_urls if recipe.url_filter == "webtext" else None,
    )
    rejects, domain_tables = [read[REJECTS], urls[REJECTS]], [urls[DOMAINS]]
    if recipe.dedup != "none":
        filtered = (urls.pages, urls[UNITS]) | "Dedup" >> Deduplicate(recipe, buckets, finish, config.dedup_join, steps)
        batches = filtered.pages
        rejects.append(filtered[REJECTS])
        domain_tables.append(filtered[DOMAINS])
    else:
        batches = urls.pages
    batches | "Write" >> WriteShards(
        config.output_dir, tuple(config.formats), shard_counts(config), parts, recipe, config.spm_model)
    report_inputs = (
        domain_tables | "AllDomainTables" >> beam.Flatten(),
        rejects | "AllRejects" >> beam.Flatten(),
    )
    report_inputs | "ReportData" >> WriteReportData(config.output_dir)


def make_runner(runner: Optional[str]):
    """`None`/"direct": Beam's FnApiRunner, the DirectRunner's portable path.

    Built directly so a local run never waits on the Prism binary download that
    Beam's newer DirectRunners try first. Its running mode comes from the options
    (`direct_running_mode`); `run_pipeline` below forbids multi_threading.
    """
    if runner in (None, "direct", "DirectRunner"):
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        return FnApiRunner()
    return runner


def unknown_options(beam_args: Sequence[str]) -> list[str]:
    """The arguments that no Beam pipeline option parses (Beam itself only warns and
    drops them, so a misspelt flag would silently run with its default). Raises
    ValueError for a known option with a bad value."""
    from apache_beam.options.pipeline_options import _BeamArgumentParser

    class Parser(_BeamArgumentParser):
        def error(self, message):
            raise ValueError(message)

    parser = Parser(allow_abbrev=False, add_help=False)
    for cls in {str(cls): cls for cls in PipelineOptions.__subclasses__()}.values():
        cls._add_argparse_args(parser)
    return parser.parse_known_args(list(beam_args))[1]


def forbidden_local_mode(beam_args: Sequence[str]) -> Optional[str]:
    if any("multi_threading" in arg for arg in beam_args):
        return ("multi_threading is not allowed: Beam's DirectRunner loses rows in "
                "CoGroupByKey joins in that mode; use --workers N")
    return None


LOCAL_OPTIONS = ["--direct_running_mode=in_memory"]
"""Beam's local runner always runs in one process; `--workers N` adds a pool of N
forked processes for the heavy steps (`beam_jobs.local_pool`)."""

LOCAL_BUCKETS_PER_WORKER = 16
"""A local run's buckets per worker, whatever the input's size. A bucket is one task in
the URL and dedup stages: enough of them keep the workers evenly busy to the end. Each
URL task sends a blob to every dedup bucket, so the elements Beam handles in its one
process grow as the square of the bucket count; a cluster's count grows with the input
instead (`unit_votes.bucket_count`), which bounds a task's memory."""


class MissingMetrics(RuntimeError):
    """The job ran, but its runner gave back no counters, or not all of them."""


def check_metrics_complete(counters: dict, inputs: int) -> None:
    """Every input file counts `split-wet-file:wet-file` once (resumed ones from their
    saved counts), so a runner that lost or withheld metrics shows here; without this
    check its missing counters would read as an unbalanced (or empty) `stats.json`."""
    seen = counters.get(names.WET_FILES, 0)
    if seen != inputs:
        raise MissingMetrics(
            f"the runner reported counters for {seen} of {inputs} input files ({len(counters)} counters in all), "
            "so the page balance cannot be checked; no stats.json written"
        )


def run_pipeline(
    config: RunConfig,
    beam_args: Sequence[str] = (),
    runner: Optional[str] = None,
    workers: int = 1,
    progress: bool = False,
) -> dict:
    """Runs the job to completion; writes and returns `stats.json`'s content."""
    args = list(beam_args)
    local = runner in (None, "direct", "DirectRunner")
    if local:
        config = dataclasses.replace(config, dedup_join="side_input")
        if reason := forbidden_local_mode(args):
            raise ValueError(reason)
        args = LOCAL_OPTIONS + args
        if config.buckets is None:
            buckets = max(unit_votes.MIN_BUCKETS, LOCAL_BUCKETS_PER_WORKER * max(1, workers))
            config = dataclasses.replace(config, buckets=buckets)
    pooled = local and workers > 1
    options = PipelineOptions(args)
    dry_run = bool(options.get_all_options().get("dry_run"))
    results = FileResults(config.work_dir, fingerprint(config.recipe)) if config.work_dir and not dry_run else None
    if results is not None:  # before any file task: the marker is what lets a successful run remove it
        results.prepare()
        done = len(results.done_metas())
        if done:
            print(f"c4pipe: resuming: {done} of {len(config.inputs)} input files are already done "
                  f"(in {results.root})", file=sys.stderr)
    with local_pool.worker_pool(workers) if pooled else nullcontext():
        if pooled:  # the first input files start while Beam builds and plans the pipeline
            local_pool.prefetch(
                FileTask(config.recipe, config.work_dir, line_badwords(config), bucket_count(config)), config.inputs
            )
        pipeline = beam.Pipeline(runner=make_runner(runner), options=options)
        build_pipeline(pipeline, config)
        with FileProgress(results, len(config.inputs), enabled=progress and results is not None):
            result = pipeline.run()
            result.wait_until_finish()
    if not dry_run:
        outputs.remove_parts(config.output_dir)
    try:
        counters = counter_values(result)
    except NotImplementedError:  # e.g. Dataflow's --dry_run: the job was built, not run
        print("c4pipe: the runner returned no metrics (dry run?); no stats written", file=sys.stderr)
        return {}
    check_metrics_complete(counters, len(config.inputs))
    stats = {
        "recipe": config.recipe.to_dict(),
        "inputs": len(config.inputs),
        "train_shards": config.train_shards,
        "formats": list(config.formats),
        "counters": counters,
        "balance": balance(counters),
        "splits": splits.per_split(counters),
    }
    if config.recipe.output_layout == "mc4":
        stats["languages"] = splits.per_language(stats["splits"])
    write_stats(config.output_dir, stats)
    write_dataset_card(config.output_dir, stats)
    if config.spm_model is not None:  # next to the shards, for `c4pipe pretrain`
        write_vocabulary(f"{config.output_dir.rstrip('/')}/{TOKENIZED_DIR}", config.spm_model)
    return stats


def write_stats(output_dir: str, stats: dict) -> None:
    data = json.dumps(stats, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    write_atomically(f"{output_dir.rstrip('/')}/stats.json", data)
