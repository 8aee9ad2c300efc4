"""`c4pipe pretrain`: T5 v1.1 span-corruption pretraining on `c4pipe tokenize` output.

    c4pipe pretrain --data DIR/tokenized --preset small --steps 65536 --batch-size 128 \
        --output CKPT_DIR [--compile] [--resume]

Writes CKPT_DIR/metrics.jsonl, CKPT_DIR/checkpoint.pt (for --resume) and CKPT_DIR/final
(`transformers.T5ForConditionalGeneration.from_pretrained` loads it).

There is one flag per `TrainConfig` field (`--batch-size` sets `batch_size`), with the field's
default and help text; a boolean that defaults to true is turned off with `--no-NAME`.
"""

from __future__ import annotations

import argparse
import dataclasses
import types
import typing

from c4pipe.pretrain.config import TrainConfig


def _flag_options(f: dataclasses.Field, annotation) -> dict:
    """`add_argument` keywords for one TrainConfig field, from its type, default and metadata."""
    options = {"help": f.metadata["help"], "dest": f.name}
    if "choices" in f.metadata:
        options["choices"] = f.metadata["choices"]
    if f.default is dataclasses.MISSING:
        options["required"] = True
    else:
        options["default"] = f.default
        if f.default is not None and f.default is not False:
            options["help"] += " (default: %(default)s)"
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # `int | None`: the flag is optional
        (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
    if annotation is bool:
        options["action"] = argparse.BooleanOptionalAction if f.default else "store_true"
    elif typing.get_origin(annotation) is tuple:  # `tuple[float, float]`: that many values
        item_types = typing.get_args(annotation)
        options.update(nargs=len(item_types), type=item_types[0], metavar=f.name.upper())
    else:
        options["type"] = annotation
    return options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    annotations = typing.get_type_hints(TrainConfig)
    for f in dataclasses.fields(TrainConfig):
        parser.add_argument("--" + f.name.replace("_", "-"), **_flag_options(f, annotations[f.name]))


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    return TrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig)})


def main(args) -> int:
    from c4pipe.pretrain.train import train

    result = train(config_from_args(args))
    print(f"finished at step {result['step']}: {result['last']}")
    return 0
