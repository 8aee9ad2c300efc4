"""`c4pipe pretrain`'s flags and `TrainConfig` agree: one flag per field, the same defaults."""

import argparse
import dataclasses

import pytest

from c4pipe.commands import pretrain as command
from c4pipe.pretrain.config import TrainConfig

REQUIRED = ["--data", "DATA", "--output", "OUT"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c4pipe pretrain")
    command.add_arguments(parser)
    return parser


def _flags(parser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def test_every_field_has_a_flag_and_the_same_default():
    parser = _parser()
    args = parser.parse_args(REQUIRED)
    flags = _flags(parser)
    for f in dataclasses.fields(TrainConfig):
        assert "--" + f.name.replace("_", "-") in flags, f.name
        assert f.metadata.get("help"), f"{f.name} has no help text"
    assert command.config_from_args(args) == TrainConfig(data="DATA", output="OUT")
    assert parser.format_help()


def test_data_and_output_are_required(capsys):
    for argv in (["--data", "DATA"], ["--output", "OUT"]):
        with pytest.raises(SystemExit):
            _parser().parse_args(argv)
    capsys.readouterr()


def test_documented_flags_keep_working():
    argv = REQUIRED + [
        "--preset", "tiny", "--impl", "hf", "--spm-model", "v.model", "--steps", "7", "--batch-size", "16",
        "--grad-accum", "2", "--inputs-length", "64", "--optimizer", "adafactor", "--lr", "0.5",
        "--weight-decay", "0.1", "--betas", "0.8", "0.95", "--schedule", "constant", "--warmup-steps", "3",
        "--min-lr-ratio", "0.2", "--grad-clip", "0", "--seed", "5", "--num-workers", "0", "--eos-between-docs",
        "--device", "cpu", "--threads", "1", "--precision", "fp32", "--compile", "--log-every", "2",
        "--eval-every", "4", "--eval-batches", "1", "--checkpoint-every", "0", "--stop-after", "6", "--resume",
        "--no-progress",
    ]  # fmt: skip
    config = command.config_from_args(_parser().parse_args(argv))
    assert config == TrainConfig(
        data="DATA", output="OUT", preset="tiny", impl="hf", spm_model="v.model", steps=7, batch_size=16,
        grad_accum=2, inputs_length=64, optimizer="adafactor", lr=0.5, weight_decay=0.1, betas=(0.8, 0.95),
        schedule="constant", warmup_steps=3, min_lr_ratio=0.2, grad_clip=0.0, seed=5, num_workers=0,
        eos_between_docs=True, device="cpu", threads=1, precision="fp32", compile=True, log_every=2, eval_every=4,
        eval_batches=1, checkpoint_every=0, stop_after=6, resume=True, progress=False,
    )  # fmt: skip
    assert config.betas == (0.8, 0.95)  # a tuple, as the resume check compares it with the checkpoint's
    assert command.config_from_args(_parser().parse_args(REQUIRED + ["--progress"])).progress is True


def test_choices_are_enforced(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(REQUIRED + ["--preset", "huge"])
    assert "invalid choice" in capsys.readouterr().err


def test_preset_choices_are_the_models_presets():
    pytest.importorskip("torch")
    from c4pipe.pretrain.model import PRESETS

    (preset,) = [f for f in dataclasses.fields(TrainConfig) if f.name == "preset"]
    assert set(preset.metadata["choices"]) == set(PRESETS)
