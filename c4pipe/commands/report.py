"""`c4pipe report DIR`: write the HTML report of a finished run (`c4pipe.report`)."""

from __future__ import annotations

import argparse
import os
import sys

from c4pipe.io.atomic import write_atomically
from c4pipe.report import load, render


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", help="output directory of `c4pipe run` (holds stats.json)")
    parser.add_argument("--output", default=None,
                        help="HTML file to write (default DIR/report.html)")


def main(args: argparse.Namespace) -> int:
    output = args.output or os.path.join(args.dir, "report.html")
    try:
        stats, report_data = load(args.dir)
    except (OSError, ValueError) as error:
        print(f"c4pipe report: {error}", file=sys.stderr)
        return 2
    write_atomically(output, render(stats, report_data).encode("utf-8"))
    print(f"c4pipe report: wrote {output}")
    return 0
