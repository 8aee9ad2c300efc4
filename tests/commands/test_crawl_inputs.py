"""`c4pipe.commands.crawl_inputs`: --crawl, --wet-paths, --wet-files and --wet-slice."""

from __future__ import annotations

import argparse

import pytest

from c4pipe.commands import crawl_inputs
from c4pipe.io.crawl import DEFAULT_CC_BASE_URL

P = [f"crawl-data/CC-MAIN-2021-10/segments/1/wet/f{i:05d}.warc.wet.gz" for i in range(10)]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c4pipe run")
    crawl_inputs.add_input_arguments(parser)
    return parser


def test_cli_arguments(tmp_path):
    args = _parser().parse_args(["--crawl", "CC-MAIN-2021-10", "--wet-files", "3", "--wet-slice", "1/2"])
    assert (args.crawl, args.wet_paths_file, args.wet_files, args.wet_slice) == ("CC-MAIN-2021-10", None, 3, (1, 2))
    assert args.cc_base_url == DEFAULT_CC_BASE_URL
    listing = tmp_path / "wet.paths"
    listing.write_text("\n".join(P))
    args = _parser().parse_args(["--wet-paths", str(listing), "--cc-base-url", "http://127.0.0.1:1/", "--wet-files", "4"])
    assert crawl_inputs.inputs_from_args(args) == ["http://127.0.0.1:1/" + p for p in P[:4]]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--crawl", "CC-MAIN-21"], "invalid crawl id"),
        (["--crawl", "CC-MAIN-2021-10", "--wet-slice", "2/2"], "0 <= i < n"),
        (["--crawl", "CC-MAIN-2021-10", "--wet-files", "0"], "positive integer"),
        ([], "one of the arguments"),
        (["--crawl", "CC-MAIN-2021-10", "--wet-paths", "x"], "not allowed with"),
    ],
)
def test_cli_argument_errors(argv, message, capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(argv)
    assert message in capsys.readouterr().err
