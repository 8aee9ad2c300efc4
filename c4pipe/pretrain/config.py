"""`TrainConfig`: every setting of a pretraining run, each with its one default and help text.

`c4pipe pretrain` builds its flags from these fields (`--batch-size` for `batch_size`, and so
on), so the library and the command line cannot disagree. This module does not import torch,
so building the command line stays cheap.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field

from c4pipe.tokens.mixture import LANGUAGE_ALPHA


def _setting(default=MISSING, *, help: str, choices: tuple | None = None):
    """A field whose metadata holds its command-line help (and choices, if it has any)."""
    metadata = {"help": help}
    if choices is not None:
        metadata["choices"] = choices
    return field(default=default, metadata=metadata)


@dataclass
class TrainConfig:
    data: str = _setting(help="tokenized dir (`c4pipe tokenize` output: train/validation .tfrecord shards, "
                               "or mC4's per-language ones)")
    output: str = _setting(help="checkpoint dir (metrics.jsonl, checkpoint.pt, final/)")
    preset: str = _setting("small", help="model size", choices=("tiny", "small", "base"))
    impl: str = _setting(
        "c4pipe", help="model code: c4pipe's compact T5 or transformers' T5ForConditionalGeneration",
        choices=("c4pipe", "hf"),
    )  # fmt: skip
    spm_model: str | None = _setting(None, help="SentencePiece model (default: DATA/spm.model)")
    steps: int = _setting(10_000, help="optimizer steps")
    batch_size: int = _setting(128, help="examples per optimizer step")
    grad_accum: int = _setting(1, help="micro-batches per step (must divide the batch size)")
    inputs_length: int = _setting(512, help="encoder length (512 -> 568 raw tokens, 114 targets)")
    optimizer: str = _setting("adamw", help="optimizer", choices=("adamw", "adafactor"))
    lr: float | None = _setting(None, help="peak learning rate (default: 1e-3 for adamw, 1e-2 for adafactor)")
    weight_decay: float = _setting(0.0, help="weight decay (adamw: weight matrices only)")
    betas: tuple[float, float] = _setting((0.9, 0.999), help="adamw's beta1 and beta2")
    schedule: str = _setting(
        "cosine", help="learning-rate schedule after the linear warmup", choices=("cosine", "inverse_sqrt", "constant")
    )
    warmup_steps: int | None = _setting(None, help="linear warmup steps (default: min(10000, steps / 10))")
    min_lr_ratio: float = _setting(0.01, help="cosine floor as a fraction of the peak learning rate")
    grad_clip: float = _setting(1.0, help="max global grad norm (0: off)")
    seed: int = _setting(0, help="seeds initialisation, shard order and span corruption")
    num_workers: int = _setting(
        2, help="DataLoader workers (at most one per shard; the example order depends on the count)"
    )
    eos_between_docs: bool = _setting(
        False, help="put EOS between concatenated documents (T5 concatenates them without a separator)"
    )
    language_alpha: float = _setting(
        LANGUAGE_ALPHA, help="multilingual data (mC4): sample languages in proportion to examples**ALPHA, as mT5"
    )
    device: str = _setting("auto", help="torch device (auto: cuda if available, else cpu)")
    threads: int = _setting(0, help="torch CPU threads (0: torch's default)")
    precision: str = _setting(
        "auto", help="compute precision (auto: bf16 autocast on CUDA, fp32 elsewhere)", choices=("auto", "bf16", "fp32")
    )
    compile: bool = _setting(False, help="torch.compile the model together with the loss")
    log_every: int = _setting(10, help="write a metrics line every N steps")
    eval_every: int = _setting(0, help="validation loss every N steps (0: at the end only)")
    eval_batches: int = _setting(20, help="validation batches per evaluation")
    checkpoint_every: int = _setting(
        1000, help="write checkpoint.pt every N steps (0: only at the end and when stopping early)"
    )
    stop_after: int | None = _setting(None, help="stop after this step, leaving a checkpoint to resume from")
    resume: bool = _setting(False, help="continue from OUTPUT/checkpoint.pt")
    progress: bool = _setting(True, help="show a tqdm progress bar (without it, log lines go to stderr)")

    def __post_init__(self):
        self.betas = tuple(self.betas)  # argparse gives a list; resume compares with the saved tuple

    def default_lr(self) -> float:
        return self.lr if self.lr is not None else (1e-2 if self.optimizer == "adafactor" else 1e-3)

    def default_warmup(self) -> int:
        return self.warmup_steps if self.warmup_steps is not None else min(10_000, self.steps // 10)
