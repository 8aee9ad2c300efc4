"""`c4pipe flink install`: get what `c4pipe run --runner flink` needs, once.

It builds Beam's Flink job server jar from its parts on Maven Central into the cache and
checks its pinned sha256 (`c4pipe.io.flink_job_server`). A local Flink session cluster
to submit to is `scripts/flink/cluster.sh install && scripts/flink/cluster.sh start`.
"""

from __future__ import annotations

import argparse
import sys

from c4pipe.io.assets import AssetError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["install"], help="install: build and cache the job server jar")


def main(args: argparse.Namespace) -> int:
    from c4pipe.io.flink_job_server import install  # imports Beam: not while `c4pipe run` builds its parser

    try:
        install(log=lambda line: print(f"c4pipe flink: {line}"))
    except AssetError as error:
        print(f"c4pipe flink: {error}", file=sys.stderr)
        return 2
    return 0
