"""The trainer: span-corruption pretraining of T5 v1.1, nanoT5-style, in one readable loop.

`train(TrainConfig(...))` (the settings are in `c4pipe.pretrain.config`) writes into `output`:
    train_config.json    the run's settings
    metrics.jsonl        per logged step: step, loss, lr, tokens_per_sec (encoder input tokens
                         per second since the previous line), grad_norm, elapsed; plus
                         val_loss on validation steps
    checkpoint.pt        model/optimizer/scheduler state + step, every `checkpoint_every` steps,
                         when stopping early (`stop_after`) and at the end; `resume=True`
                         continues exactly
    final/               the finished model and its tokenizer: `T5ForConditionalGeneration` and
                         `AutoTokenizer.from_pretrained(final)` load them

Exact resume: the data stream is a pure function of (seed, worker count, batch index) and the
model has no dropout, so reloading the state and skipping the consumed micro-batches replays
the uninterrupted run (bit for bit on CPU; on GPU up to kernel non-determinism).
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from dataclasses import asdict
from functools import partial

import torch
import torch.nn.functional as F

from c4pipe.io.atomic import atomic_writer, write_atomically
from c4pipe.pretrain.config import TrainConfig
from c4pipe.pretrain.data import StreamConfig, make_loader
from c4pipe.pretrain.model import build_model, preset
from c4pipe.tokens.hf_tokenizer import write_tokenizer_dir

# settings a resumed run must share with its checkpoint: they fix the model, the data order and
# the schedule (and loading the optimizer state would bring back the saved lr and betas anyway)
_RESUME_KEYS = (
    "preset", "impl", "steps", "batch_size", "grad_accum", "inputs_length", "optimizer", "lr", "weight_decay",
    "betas", "schedule", "warmup_steps", "min_lr_ratio", "grad_clip", "seed", "num_workers", "eos_between_docs",
    "language_alpha",
)  # fmt: skip


def lr_lambda(config: TrainConfig):
    warmup, total, floor = config.default_warmup(), config.steps, config.min_lr_ratio

    def f(step: int) -> float:  # step = optimizer steps taken so far (0-based)
        s = step + 1
        if s <= warmup:
            return s / max(1, warmup)
        if config.schedule == "constant":
            return 1.0
        if config.schedule == "inverse_sqrt":
            return math.sqrt(max(1, warmup) / s)
        if config.schedule == "cosine":
            progress = min(1.0, (s - warmup) / max(1, total - warmup))
            return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))
        raise ValueError(f"unknown schedule {config.schedule!r}")

    return f


def make_optimizer(model: torch.nn.Module, config: TrainConfig, device: torch.device):
    lr = config.default_lr()
    if config.optimizer == "adamw":
        decay = [p for p in model.parameters() if p.dim() >= 2]
        no_decay = [p for p in model.parameters() if p.dim() < 2]
        groups = [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
        return torch.optim.AdamW(groups, lr=lr, betas=config.betas, fused=device.type == "cuda")
    if config.optimizer == "adafactor":
        from transformers.optimization import Adafactor

        return Adafactor(
            model.parameters(), lr=lr, scale_parameter=False, relative_step=False, warmup_init=False,
            weight_decay=config.weight_decay,
        )  # fmt: skip
    raise ValueError(f"unknown optimizer {config.optimizer!r}")


def resolve_vocab(config: TrainConfig):
    from c4pipe.tokens.vocab import Vocabulary

    path = config.spm_model or os.path.join(config.data, "spm.model")
    if not os.path.exists(path):
        raise FileNotFoundError(f"no vocabulary: pass --spm-model (looked for {path})")
    return Vocabulary(path)


def loss_fn(model, batch) -> torch.Tensor:
    logits = model(batch["input_ids"], batch["decoder_input_ids"])
    return F.cross_entropy(logits.float().view(-1, logits.shape[-1]), batch["labels"].view(-1))


@torch.no_grad()
def evaluate(model, forward_loss, config: TrainConfig, vocab, device, autocast) -> float | None:
    micro = config.batch_size // config.grad_accum
    try:
        stream = StreamConfig(
            config.data, "validation", micro, config.inputs_length, top_sentinel=vocab.vocab_size - 1,
            seed=config.seed + 1, repeat=False, shuffle_shards=False, eos_between_docs=config.eos_between_docs,
        )  # fmt: skip
        loader = make_loader(stream)
    except FileNotFoundError:
        return None
    was_training = model.training
    model.eval()
    total, n = 0.0, 0
    for i, batch in enumerate(loader):
        if i >= config.eval_batches:
            break
        batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
        with autocast():
            total += forward_loss(batch).item()
        n += 1
    model.train(was_training)
    return total / n if n else None


def _atomic_save(obj, path: str) -> None:
    with atomic_writer(path) as out:
        torch.save(obj, out)


def _truncate_metrics(path: str, last_step: int) -> None:
    if not os.path.exists(path):
        return
    with open(path) as f:
        lines = [line for line in f if line.strip() and json.loads(line)["step"] <= last_step]
    write_atomically(path, "".join(lines).encode("utf-8"))


def train(config: TrainConfig) -> dict:
    """Runs (or resumes) training; returns {"step", "last": last metrics record, "output"}."""
    if config.batch_size % config.grad_accum:
        raise ValueError("batch_size must be a multiple of grad_accum")
    micro = config.batch_size // config.grad_accum
    device = torch.device(
        ("cuda" if torch.cuda.is_available() else "cpu") if config.device == "auto" else config.device
    )
    precision = config.precision if config.precision != "auto" else ("bf16" if device.type == "cuda" else "fp32")
    if config.threads:
        torch.set_num_threads(config.threads)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    def autocast():
        return torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16")

    vocab = resolve_vocab(config)
    os.makedirs(config.output, exist_ok=True)
    ckpt_path = os.path.join(config.output, "checkpoint.pt")
    metrics_path = os.path.join(config.output, "metrics.jsonl")

    torch.manual_seed(config.seed)
    settings = preset(config.preset, vocab.padded_vocab_size)
    model = build_model(settings, config.impl).to(device)
    optimizer = make_optimizer(model, config, device)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda(config))
    start_step = 0

    if config.resume and os.path.exists(ckpt_path):
        state = torch.load(ckpt_path, map_location=device, weights_only=False)
        saved, current = state["config"], asdict(config)
        changed = [k for k in _RESUME_KEYS if k in saved and saved[k] != current[k]]  # a key it predates: not compared
        if changed:
            raise ValueError(f"cannot resume: settings changed since the checkpoint: {changed}")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["torch_rng"].cpu())
        start_step = state["step"]
        _truncate_metrics(metrics_path, start_step)
    elif os.path.exists(metrics_path):
        os.remove(metrics_path)

    with open(os.path.join(config.output, "train_config.json"), "w") as f:
        json.dump({**asdict(config), "num_parameters": model.num_parameters(), "vocab": vocab.model_path,
                   "padded_vocab_size": settings.vocab_size, "device": str(device), "precision": precision},
                  f, indent=2, default=str)  # fmt: skip

    # compile the loss too: the fp32 upcast and cross-entropy then fuse into the lm_head epilogue
    forward_loss = torch.compile(partial(loss_fn, model)) if config.compile else partial(loss_fn, model)
    stream = StreamConfig(
        config.data, "train", micro, config.inputs_length, top_sentinel=vocab.vocab_size - 1,
        seed=config.seed, repeat=True, shuffle_shards=True, eos_between_docs=config.eos_between_docs,
        language_alpha=config.language_alpha,
    )  # fmt: skip
    loader = make_loader(stream, start_step * config.grad_accum, config.num_workers, device.type == "cuda")
    batches = iter(loader)

    def save_checkpoint(step: int):
        _atomic_save(
            {"step": step, "config": asdict(config), "model": model.state_dict(), "optimizer": optimizer.state_dict(),
             "scheduler": scheduler.state_dict(), "torch_rng": torch.get_rng_state()},
            ckpt_path,
        )  # fmt: skip

    from tqdm.auto import tqdm

    bar = tqdm(total=config.steps, initial=start_step, disable=not config.progress, dynamic_ncols=True)
    log = (lambda s: bar.write(s)) if config.progress else (lambda s: print(s, file=sys.stderr))
    model.train()
    last: dict = {}
    t_last, tokens_since, start_time = time.perf_counter(), 0, time.perf_counter()
    step = start_step
    with open(metrics_path, "a") as metrics:
        for step in range(start_step + 1, config.steps + 1):
            lr = scheduler.get_last_lr()[0]
            loss_sum = torch.zeros((), device=device)
            for _ in range(config.grad_accum):
                batch = {k: v.to(device, non_blocking=True) for k, v in next(batches).items()}
                with autocast():
                    loss = forward_loss(batch)
                (loss / config.grad_accum).backward()
                loss_sum += loss.detach()
                tokens_since += batch["input_ids"].numel()
            grad_norm = (
                torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip) if config.grad_clip > 0 else None
            )
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)

            evaluate_now = (config.eval_every and step % config.eval_every == 0) or step == config.steps
            record = None
            if step % config.log_every == 0 or step in (config.steps, config.stop_after) or evaluate_now:
                loss_value = loss_sum.item() / config.grad_accum  # syncs the device
                now = time.perf_counter()
                record = {
                    "step": step, "loss": loss_value, "lr": lr,
                    "tokens_per_sec": round(tokens_since / max(now - t_last, 1e-9), 1),
                    "grad_norm": None if grad_norm is None else float(grad_norm),
                    "elapsed": round(now - start_time, 3),
                }  # fmt: skip
                t_last, tokens_since = now, 0
            if evaluate_now:
                val = evaluate(model, forward_loss, config, vocab, device, autocast)
                if val is not None:
                    record["val_loss"] = val
                t_last = time.perf_counter()  # do not count evaluation time in throughput
            if record:
                metrics.write(json.dumps(record) + "\n")
                metrics.flush()
                last = record
                log(
                    f"step {step}/{config.steps} loss {record['loss']:.4f} lr {lr:.3e} "
                    f"tok/s {record['tokens_per_sec']:,.0f}"
                    + (f" val_loss {record['val_loss']:.4f}" if "val_loss" in record else "")
                )
                bar.set_postfix(loss=f"{record['loss']:.3f}", lr=f"{lr:.2e}")
            bar.update(1)
            stopping = config.stop_after is not None and step >= config.stop_after and step < config.steps
            if stopping or (config.checkpoint_every and step % config.checkpoint_every == 0):
                save_checkpoint(step)
            if stopping:
                break
    bar.close()
    if step >= config.steps:
        save_checkpoint(step)
        final = os.path.join(config.output, "final")
        model.save_pretrained(final)
        with open(vocab.model_path, "rb") as spm_model:  # one from_pretrained call gets both
            write_tokenizer_dir(final, spm_model.read())
    return {"step": step, "last": last, "output": config.output}
