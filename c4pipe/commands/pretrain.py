"""`c4pipe pretrain`: T5 v1.1 span-corruption pretraining on `c4pipe tokenize` output.

    c4pipe pretrain --data DIR/tokenized --preset small --steps 65536 --batch-size 128 \
        --output CKPT_DIR [--compile] [--resume]

Writes CKPT_DIR/metrics.jsonl, CKPT_DIR/checkpoint.pt (for --resume) and CKPT_DIR/final
(`transformers.T5ForConditionalGeneration.from_pretrained` loads it).
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    a = parser.add_argument
    a("--data", required=True, help="tokenized dir (train/validation .tfrecord shards)")
    a("--output", required=True, help="checkpoint dir")
    a("--preset", choices=["tiny", "small", "base"], default="small")
    a("--impl", choices=["c4pipe", "hf"], default="c4pipe", help="model code: ours or transformers'")
    a("--spm-model", help="SentencePiece model (default DATA/spm.model)")
    a("--steps", type=int, default=10_000)
    a("--batch-size", type=int, default=128, help="examples per optimizer step")
    a("--grad-accum", type=int, default=1, help="micro-batches per step")
    a("--inputs-length", type=int, default=512, help="encoder length (512 -> 568 raw, 114 targets)")
    a("--optimizer", choices=["adamw", "adafactor"], default="adamw")
    a("--lr", type=float, help="peak learning rate (default 1e-3 adamw, 1e-2 adafactor)")
    a("--weight-decay", type=float, default=0.0)
    a("--schedule", choices=["cosine", "inverse_sqrt", "constant"], default="cosine")
    a("--warmup-steps", type=int, help="default min(10000, steps/10)")
    a("--min-lr-ratio", type=float, default=0.01, help="cosine floor as a fraction of the peak")
    a("--grad-clip", type=float, default=1.0, help="max global grad norm (0: off)")
    a("--seed", type=int, default=0)
    a("--num-workers", type=int, default=2, help="DataLoader workers (at most one per shard)")
    a("--eos-between-docs", action="store_true", help="put EOS between concatenated documents")
    a("--device", default="auto")
    a("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    a("--precision", choices=["auto", "bf16", "fp32"], default="auto")
    a("--compile", action="store_true", help="torch.compile the model")
    a("--log-every", type=int, default=10)
    a("--eval-every", type=int, default=0, help="validation loss every N steps (0: at the end)")
    a("--eval-batches", type=int, default=20)
    a("--checkpoint-every", type=int, default=1000)
    a("--stop-after", type=int, help="stop after this step, leaving a checkpoint to --resume")
    a("--resume", action="store_true", help="continue from OUTPUT/checkpoint.pt")
    a("--no-progress", action="store_true", help="no tqdm bar")


def main(args) -> int:
    from c4pipe.pretrain.train import TrainConfig, train

    config = TrainConfig(
        data=args.data, output=args.output, preset=args.preset, impl=args.impl, spm_model=args.spm_model,
        steps=args.steps, batch_size=args.batch_size, grad_accum=args.grad_accum,
        inputs_length=args.inputs_length, optimizer=args.optimizer, lr=args.lr, weight_decay=args.weight_decay,
        schedule=args.schedule, warmup_steps=args.warmup_steps, min_lr_ratio=args.min_lr_ratio,
        grad_clip=args.grad_clip, seed=args.seed, num_workers=args.num_workers,
        eos_between_docs=args.eos_between_docs, device=args.device, threads=args.threads, precision=args.precision,
        compile=args.compile, log_every=args.log_every, eval_every=args.eval_every,
        eval_batches=args.eval_batches, checkpoint_every=args.checkpoint_every, stop_after=args.stop_after,
        resume=args.resume, progress=not args.no_progress,
    )  # fmt: skip
    result = train(config)
    print(f"finished at step {result['step']}: {result['last']}")
    return 0
