"""`c4pipe run`: clean WET files into the C4 corpus.

Unknown arguments are passed to Beam as pipeline options, so the same command runs
on Dataflow or Flink: `c4pipe run --input gs://... --runner DataflowRunner
--project P --region R --temp_location gs://...`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from c4pipe.commands import crawl_inputs
from c4pipe.io import outputs
from c4pipe.io.atomic import is_local
from c4pipe.recipes import DEDUP_MODES, DEFAULT_RECIPE, LANGID_DETECTORS, RECIPES, get_recipe

WET_SUFFIXES = (".warc.wet", ".warc.wet.gz")
LOCAL_RUNNERS = ("direct", "DirectRunner")  # run in this process (beam_jobs.pipeline, in_memory)
BUNDLED_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample.warc.wet.gz"

def _languages(value: str) -> tuple:
    return tuple(code.strip() for code in value.split(",") if code.strip())


# recipe field -> (flag, type, help)
RECIPE_OVERRIDES = {
    "max_page_length": ("--max-page-length", int, "drop pages longer than this many characters"),
    "min_words_per_line": ("--min-words-per-line", int, "minimum words for a line to be kept"),
    "min_sentences": ("--min-sentences", int, "minimum Punkt sentences for a page to be kept"),
    "max_word_length": ("--max-word-length", int, "drop lines with a longer word"),
    "min_english_probability": ("--min-english-probability", float, "langdetect threshold for 'en'"),
    "langid": ("--langid", str, "language detector, each with langdetect's exact results: 'auto' (default: "
               "langdetect-rs where it installs, else fast), 'langdetect-rs', 'fast' (c4pipe.langid) or 'langdetect'"),
    "dedup": ("--dedup", str, f"deduplication: one of {', '.join(DEDUP_MODES)}"),
    "languages": ("--languages", _languages, "recipe mc4: the languages to build, comma-separated CLD3 codes "
                  "(de,fr,zh-Latn; default all 101); pages CLD3 is unsure of (und) are always kept"),
}
OVERRIDE_CHOICES = {"langid": LANGID_DETECTORS, "dedup": DEDUP_MODES}


class UsageError(Exception):
    """A mistake in the command line, reported as one line before any work starts."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--input", nargs="+", action="extend", default=[], metavar="PATH",
        help="WET files, globs or directories (local, gs://, s3://); default: the bundled sample",
    )
    crawl_inputs.add_input_arguments(parser, required=False)
    parser.add_argument("--output", default="./c4-output", help="output directory (default ./c4-output)")
    parser.add_argument(
        "--recipe", default=DEFAULT_RECIPE, choices=sorted(RECIPES),
        help=f"cleaning recipe (default {DEFAULT_RECIPE}); see the README's recipe table",
    )
    parser.add_argument("--num-shards", type=int, default=8, help="train shards; validation gets max(1, N // 128)")
    parser.add_argument(
        "--shard-size-mb", type=int, default=256,
        help="recipe mc4: each language's splits get a shard per this many MB of text (default 256)",
    )
    parser.add_argument(
        "--formats", default=",".join(outputs.FORMATS),
        help=f"comma-separated output formats among {', '.join(outputs.FORMATS)}",
    )
    parser.add_argument(
        "--badwords-dir", default=None,
        help="local copy of the LDNOOBW lists (DIR/<commit>/<lang> or DIR/<lang>); "
        "default $C4PIPE_BADWORDS_DIR, else the pinned download (cached)",
    )
    parser.add_argument(
        "--work-dir", default=None,
        help="where finished input files' results are kept, so rerunning the same command "
        "resumes (default OUTPUT/_work; removed after a successful run unless --keep-work)",
    )
    parser.add_argument("--keep-work", action="store_true", help="keep the work directory after success")
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="live progress bar (default: when stderr is a terminal)",
    )
    parser.add_argument(
        "--realnews-domains", default=None, metavar="FILE",
        help="local copy of grover's domain_to_allowed_subdomains.json (recipe realnewslike); "
        "default $C4PIPE_REALNEWS_DOMAINS, else the pinned download (cached)",
    )
    parser.add_argument(
        "--webtext-urls", default=None, metavar="GLOB",
        help="OpenWebText URL list files, one URL per line (recipe webtextlike)",
    )
    parser.add_argument(
        "--spm-model", default=None, metavar="MODEL",
        help="a T5-style SentencePiece model (`c4pipe vocab`, or T5's own): also write "
        "OUTPUT/tokenized/ (seqio's cache layout) in the same pass",
    )
    parser.add_argument(
        "--runner", default="direct",
        help="Beam runner: direct (default, local), flink, or any Beam runner name (DataflowRunner, ...)",
    )
    parser.add_argument(
        "--flink-master", default=None, metavar="HOST:PORT",
        help="with --runner flink: the session cluster's REST address (default: an embedded local Flink)",
    )
    parser.add_argument(
        "--workers", type=int, default=1,
        help="local worker processes (default 1): Beam runs in one process and hands the file "
        "stage, dedup with the English and bad-words filters, and shard writing to N forked workers",
    )
    for field_name, (flag, kind, help_text) in RECIPE_OVERRIDES.items():
        parser.add_argument(
            flag, dest=f"override_{field_name}", type=kind, default=None, help=help_text,
            choices=OVERRIDE_CHOICES.get(field_name),
        )
    parser.set_defaults(own_flags=tuple(parser._option_string_actions))  # for did-you-mean hints


def expand_inputs(patterns: list[str]) -> list[str]:
    """Every matching file, sorted; a local directory means the WET files below it."""
    from apache_beam.io.filesystems import FileSystems

    paths: set[str] = set()
    for pattern in patterns:
        if pattern.startswith(("http://", "https://")):
            paths.add(pattern)  # read through c4pipe.io.http_stream; no listing over HTTP
            continue
        if os.path.isdir(pattern):
            found = [
                os.path.join(root, name)
                for root, _, names in os.walk(pattern)
                for name in names
                if name.endswith(WET_SUFFIXES)
            ]
            if not found:
                raise SystemExit(f"c4pipe run: no WET files ({', '.join(WET_SUFFIXES)}) under {pattern!r}")
            paths.update(os.path.abspath(p) for p in found)
            continue
        matches = FileSystems.match([pattern])[0].metadata_list
        if not matches:
            raise SystemExit(f"c4pipe run: no input matches {pattern!r}")
        paths.update(_absolute(m.path) for m in matches)
    return sorted(paths)


def _absolute(path: str) -> str:
    """Local paths made absolute: workers need not share the launching directory."""
    return os.path.abspath(path) if is_local(path) else path


def read_spm_model(path: str) -> bytes:
    """The model's bytes, checked for T5's special ids; workers get the bytes, not the path."""
    from c4pipe.tokens.vocab import Vocabulary

    if not os.path.isfile(path):
        raise UsageError(f"--spm-model {path!r}: no such file")
    try:
        Vocabulary(path)
    except Exception as error:  # sentencepiece raises RuntimeError, OSError or its own errors
        raise UsageError(f"--spm-model {path!r} is not a usable SentencePiece model: {error}") from None
    with open(path, "rb") as f:
        return f.read()


def check_writable_dir(path: str, flag: str) -> None:
    """A local directory that exists or can be made, and can be written; remote paths pass."""
    if not is_local(path):
        return
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"{flag} {path!r} is a file, not a directory")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{flag} {path!r} cannot be created: {error.strerror or error}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{flag} {path!r} is not writable")


def check_options(args: argparse.Namespace):
    """Every option checked before any work starts: (recipe, formats); raises UsageError."""
    from apache_beam.io.filesystems import FileSystems

    from beam_jobs.flink import is_flink
    from beam_jobs.pipeline import forbidden_local_mode, unknown_options

    reason = forbidden_local_mode(args.beam_args) if args.runner in LOCAL_RUNNERS else None
    if reason:
        raise UsageError(reason)
    try:
        unknown = unknown_options(args.beam_args)
    except ValueError as error:
        raise UsageError(f"Beam option: {error}") from None
    if unknown:
        hint = [f"{arg} (did you mean {arg.split('=')[0].replace('_', '-')}?)" for arg in unknown
                if arg.split("=")[0].replace("_", "-") in getattr(args, "own_flags", ())]
        raise UsageError(f"unknown option(s) {' '.join(hint or unknown)}: neither c4pipe run nor Beam "
                         "knows them (see c4pipe run --help)")
    if args.flink_master and not is_flink(args.runner):
        raise UsageError("--flink-master needs --runner flink")
    if args.num_shards < 1:
        raise UsageError(f"--num-shards must be at least 1, got {args.num_shards}")
    if args.shard_size_mb < 1:
        raise UsageError(f"--shard-size-mb must be at least 1, got {args.shard_size_mb}")
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if not formats:
        raise UsageError(f"--formats is empty; choose among {', '.join(outputs.FORMATS)}")
    unknown_formats = sorted(set(formats) - set(outputs.FORMATS))
    if unknown_formats:
        raise UsageError(f"unknown formats {unknown_formats}; choose among {', '.join(outputs.FORMATS)}")
    try:
        recipe = get_recipe(args.recipe).with_overrides(
            {name: getattr(args, f"override_{name}") for name in RECIPE_OVERRIDES}
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    if recipe.url_filter == "webtext":
        if not args.webtext_urls:
            raise UsageError("the webtextlike recipe needs --webtext-urls GLOB (OpenWebText URL lists)")
        if not FileSystems.match([args.webtext_urls])[0].metadata_list:
            raise UsageError(f"--webtext-urls {args.webtext_urls!r} matches no file")
    if not (args.crawl or args.wet_paths_file) and (args.wet_files or args.wet_slice):
        raise UsageError("--wet-files and --wet-slice select from --crawl or --wet-paths")
    check_writable_dir(args.output, "--output")
    if args.work_dir:
        check_writable_dir(args.work_dir, "--work-dir")
    return recipe, formats


def main(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as error:
        print(f"c4pipe run: {error}", file=sys.stderr)
        return 2


def touches_only_local_paths(args: argparse.Namespace) -> bool:
    """A run in this process over local files (or HTTP, read by c4pipe itself): no Beam connector needed."""
    paths = [*args.input, args.output, args.work_dir, args.webtext_urls, args.wet_paths_file, args.cc_base_url]
    return args.runner in LOCAL_RUNNERS and all(
        path is None or is_local(path) or path.startswith(("http://", "https://")) for path in paths)


def _run(args: argparse.Namespace) -> int:
    if touches_only_local_paths(args):
        from beam_jobs.lean_import import import_lean_beam, import_punkt_alone

        import_lean_beam()
        import_punkt_alone()
    from beam_jobs.flink import flink_options, is_flink
    from beam_jobs.pipeline import MissingMetrics, RunConfig, run_pipeline
    from c4pipe.io.assets import AssetError, load_badwords_lists, load_realnews_domains
    from c4pipe.io.workdir import FileResults, fingerprint

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args.output = _absolute(args.output)
    recipe, formats = check_options(args)
    spm_model = read_spm_model(args.spm_model) if args.spm_model else None
    inputs = expand_inputs(args.input) if args.input else []
    if args.crawl or args.wet_paths_file:
        inputs += crawl_inputs.inputs_from_args(args)
    inputs = inputs or expand_inputs([str(BUNDLED_SAMPLE)])
    try:
        words = load_badwords_lists(recipe.badwords_lists, args.badwords_dir) if recipe.badwords != "none" else {}
        realnews = load_realnews_domains(args.realnews_domains) if recipe.url_filter == "realnews" else None
        beam_args, runner = args.beam_args, args.runner
        if is_flink(args.runner):
            beam_args, runner = flink_options(args.flink_master, args.beam_args), "FlinkRunner"
    except (AssetError, FileNotFoundError) as error:
        print(f"c4pipe run: {error}", file=sys.stderr)
        return 2
    work_dir = args.work_dir or f"{args.output.rstrip('/')}/_work"
    config = RunConfig(
        inputs=tuple(inputs), output_dir=args.output, recipe=recipe,
        train_shards=args.num_shards, shard_bytes=args.shard_size_mb << 20, formats=formats, badwords=words,
        work_dir=work_dir,
        spm_model=spm_model, realnews_domains=realnews, webtext_urls=args.webtext_urls,
    )
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        stats = run_pipeline(config, beam_args, runner, args.workers, progress=progress)
    except MissingMetrics as error:
        print(f"c4pipe run: {error}; the work directory {work_dir} is kept", file=sys.stderr)
        return 1
    if not stats:
        return 0
    balance = stats["balance"]
    print(
        f"c4pipe: {len(inputs)} input file(s), {balance['pages_in']} pages in, "
        f"{balance['pages_out']} written, {balance['pages_dropped']} dropped "
        f"({'balanced' if balance['balanced'] else 'NOT BALANCED'}); output in {args.output}"
    )
    if not balance["balanced"]:
        lost = [f"{name}: {s['sent']} sent, {s['received']} received"
                for name, s in balance["shuffles"].items() if not s["balanced"]]
        what = "rows lost or duplicated in a shuffle (" + "; ".join(lost) + ")" if lost else (
            "pages in != pages written + pages dropped")
        print(
            f"c4pipe: {what}: the runner lost or duplicated data. Do not use this output. "
            f"The work directory {work_dir} is kept. "
            "Locally, rerun with --workers 1 or on a cluster runner (README: local limits).",
            file=sys.stderr,
        )
        return 1
    if not args.keep_work:  # only once every check has passed: a failed run keeps its resume state
        FileResults(work_dir, fingerprint(recipe)).remove()
    return 0
