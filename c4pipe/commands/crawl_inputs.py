"""`c4pipe run`'s options that pick WET files from a crawl's listing (`c4pipe.io.crawl`)."""

from __future__ import annotations

import argparse

from c4pipe.io.crawl import DEFAULT_CC_BASE_URL, parse_wet_slice, resolve_inputs, validate_crawl_id


def _wet_slice_arg(text: str) -> tuple[int, int]:
    try:
        return parse_wet_slice(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_int_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _crawl_arg(text: str) -> str:
    try:
        return validate_crawl_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_input_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """Add --crawl/--wet-paths (one of them, `required` or not), --cc-base-url, --wet-files, --wet-slice."""
    source = parser.add_mutually_exclusive_group(required=required)
    source.add_argument("--crawl", type=_crawl_arg, help="Common Crawl id, e.g. CC-MAIN-2021-10")
    source.add_argument(
        "--wet-paths", dest="wet_paths_file", metavar="PATH_OR_URL",
        help="a wet.paths(.gz) listing, local or http(s)",
    )
    parser.add_argument(
        "--cc-base-url", default=DEFAULT_CC_BASE_URL,
        help=f"base URL that listed paths are relative to (default: {DEFAULT_CC_BASE_URL})",
    )
    parser.add_argument("--wet-files", type=_positive_int_arg, metavar="N", help="read only the first N WET files")
    parser.add_argument(
        "--wet-slice", type=_wet_slice_arg, metavar="I/N",
        help="read only the WET files whose listing index %% N == I",
    )


def inputs_from_args(args: argparse.Namespace, **open_kwargs) -> list[str]:
    """`resolve_inputs` from the options that `add_input_arguments` defines."""
    return resolve_inputs(
        crawl=args.crawl,
        wet_paths_file=args.wet_paths_file,
        cc_base_url=args.cc_base_url,
        wet_files=args.wet_files,
        wet_slice=args.wet_slice,
        **open_kwargs,
    )
