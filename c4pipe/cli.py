"""The `c4pipe` command line.

Each subcommand is a module of `c4pipe.commands` with `add_arguments(parser)` and
`main(args) -> int`, on top of the library. The modules are imported only when their subcommand runs, so
`c4pipe run` never pays for torch or matplotlib.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import logging
import os
import sys
import warnings

# Beam imports Google's client libraries where they are installed (the gcp extra); their
# notices about Python's and grpcio's versions concern neither c4pipe nor its data, and
# would bury a one-line usage error.
warnings.filterwarnings("ignore", category=FutureWarning, module=r"google\.")

# name -> (module, one-line help)
SUBCOMMANDS = {
    "run": ("c4pipe.commands.run", "clean WET files into the C4 corpus (Beam pipeline)"),
    "synth": ("c4pipe.commands.synth", "write a deterministic synthetic WET corpus"),
    "vocab": ("c4pipe.commands.vocab", "train a T5-style SentencePiece vocabulary on the train split"),
    "tokenize": ("c4pipe.commands.tokenize", "write tokenized TFRecords (seqio cache layout)"),
    "pretrain": ("c4pipe.commands.pretrain", "pretrain a T5 v1.1 model on tokenized shards"),
    "report": ("c4pipe.commands.report", "write an HTML report for a finished run"),
    "flink": ("c4pipe.commands.flink", "install what `c4pipe run --runner flink` needs (the job server jar)"),
}


def _load(module_name: str):
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None  # the subcommand's module is not part of this build
        raise


class _Parser(argparse.ArgumentParser):
    """Reports a command-line mistake in one line, with where to look for help."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `command`, only that subcommand's module is imported and given
    its options (the others are listed by name), so `c4pipe run` never imports the
    modules of `c4pipe flink` or `c4pipe pretrain`."""
    parser = _Parser(prog="c4pipe", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        if command in SUBCOMMANDS and name != command:
            sub.add_parser(name, help=help_text, description=help_text)
            continue
        module = _load(module_name)
        if module is None:
            continue
        subparser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(subparser)
        subparser.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(next((arg for arg in argv if not arg.startswith("-")), None))
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.beam_args = extra  # `run` passes unknown options on to Beam
    return int(args._module.main(args) or 0)


def entry() -> None:
    """The console script (and `python -m c4pipe.cli`).

    After `c4pipe run` it leaves without Python's interpreter teardown: importing Beam
    loads thousands of modules, and tearing them down costs a noticeable part of a
    small run, in C, after all our work is written and closed. The atexit handlers still
    run: they stop the job server a Flink run started. Other subcommands (pretrain's data
    loader workers, say) keep the normal exit.
    """
    code = main()
    if sys.argv[1:2] != ["run"]:
        sys.exit(code)
    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
