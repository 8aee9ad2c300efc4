"""Pretraining throughput on one GPU: c4pipe's T5 vs transformers' T5ForConditionalGeneration.

Measures optimizer steps of T5 v1.1 small/base at the reference settings (batch 128, inputs
512, targets 114, bf16 autocast, TF32, fused AdamW, grad clip 1.0), with and without
torch.compile, and prints a Markdown table like the one in
/work/shared/spec/PRETRAIN_REFERENCE.md (s/step, encoder tokens/s, peak GPU memory).

    python benchmarks/pretrain_gpu.py                       # everything (~10 min on an H200)
    python benchmarks/pretrain_gpu.py --presets small --impls c4pipe --compile yes
    python benchmarks/pretrain_gpu.py --data DIR/tokenized  # real span-corrupted batches
    python benchmarks/pretrain_gpu.py --device cpu --presets tiny --batch-size 2 --steps 2 --warmup 1 --compile no

Each configuration runs in its own subprocess (clean peak-memory numbers, an OOM or compile
failure loses one row only). Without --data, batches are span-corrupted random tokens: the
model cost does not depend on the token values, and the data pipeline is measured apart
(`--data` with `--loader-only`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HF_BASELINE = {  # H200, transformers 5.17, torch 2.11 (from the reference spec)
    ("small", False): (0.188, 348e3, 43),
    ("small", True): (0.067, 983e3, 22),
    ("base", False): (0.515, 127e3, 110),
    ("base", True): (0.205, 319e3, 61),
}


def synthetic_batches(batch_size: int, inputs_length: int, n: int, seed: int = 0):
    import numpy as np

    from c4pipe.pretrain.data import make_batch
    from c4pipe.pretrain.span_corruption import random_spans_helper, span_corrupt

    raw, _ = random_spans_helper(inputs_length)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        xs, ys = zip(*(span_corrupt(rng.integers(3, 32000, raw), rng, 32099) for _ in range(batch_size)))
        out.append(make_batch(np.stack(xs), np.stack(ys)))
    return out


def run_one(args) -> dict:
    import torch

    from c4pipe.pretrain.model import build_model, preset
    from c4pipe.pretrain.train import loss_fn

    device = torch.device(args.device)
    cuda = device.type == "cuda"
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(0)
    model = build_model(preset(args.presets[0], 32128), args.impls[0]).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, fused=cuda)
    step_loss = lambda batch: loss_fn(model, batch)  # noqa: E731
    compiled = args.compile == "yes"
    if compiled:
        step_loss = torch.compile(step_loss)
    if args.data:
        from c4pipe.pretrain.data import StreamConfig, make_loader

        loader = iter(make_loader(StreamConfig(args.data, "train", args.batch_size, args.inputs_length),
                                  num_workers=args.num_workers, pin_memory=cuda))  # fmt: skip
        batches = None
    else:
        batches = [{k: v.to(device) for k, v in b.items()} for b in synthetic_batches(args.batch_size, args.inputs_length, 4)]

    def step(i):
        batch = batches[i % len(batches)] if batches else {k: v.to(device, non_blocking=True) for k, v in next(loader).items()}
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            loss = step_loss(batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss

    t0 = time.perf_counter()
    for i in range(args.warmup):
        step(i).item()
    warmup_s = time.perf_counter() - t0
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    for i in range(args.steps):
        loss = step(i)
    loss = loss.item()
    if cuda:
        torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / args.steps
    return {
        "preset": args.presets[0], "impl": args.impls[0], "compile": compiled, "batch_size": args.batch_size,
        "inputs_length": args.inputs_length, "s_per_step": dt, "encoder_tokens_per_s": args.batch_size * args.inputs_length / dt,
        "peak_gb": torch.cuda.max_memory_allocated() / 2**30 if cuda else None, "warmup_s": warmup_s,
        "loss": loss, "params": sum(p.numel() for p in model.parameters()), "device": torch.cuda.get_device_name() if cuda else "cpu",
        "torch": torch.__version__, "data": "real" if args.data else "synthetic",
    }  # fmt: skip


def loader_only(args) -> None:
    from c4pipe.pretrain.data import StreamConfig, make_loader

    loader = iter(make_loader(StreamConfig(args.data, "train", args.batch_size, args.inputs_length), num_workers=args.num_workers))
    next(loader)
    t0 = time.perf_counter()
    for _ in range(args.steps):
        next(loader)
    dt = time.perf_counter() - t0
    print(f"loader: {args.steps / dt:.1f} batches/s of {args.batch_size} with {args.num_workers} workers")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--presets", nargs="+", default=["small", "base"])
    p.add_argument("--impls", nargs="+", default=["c4pipe", "hf"], choices=["c4pipe", "hf"])
    p.add_argument("--compile", choices=["yes", "no", "both"], default="both")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--inputs-length", type=int, default=512)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5, help="untimed steps (compilation happens here)")
    p.add_argument("--precision", choices=["bf16", "fp32"], default="bf16")
    p.add_argument("--device", default="cuda")
    p.add_argument("--data", help="tokenized dir: time real batches from the DataLoader")
    p.add_argument("--num-workers", type=int, default=4)
    p.add_argument("--loader-only", action="store_true")
    p.add_argument("--timeout", type=int, default=600, help="seconds per configuration")
    p.add_argument("--json", help="append result rows to this JSON-lines file")
    p.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.loader_only:
        loader_only(args)
        return 0
    if args.one:
        print("RESULT " + json.dumps(run_one(args)), flush=True)
        return 0
    rows = []
    for name in args.presets:
        for impl in args.impls:
            for comp in (["no", "yes"] if args.compile == "both" else [args.compile]):
                cmd = [sys.executable, os.path.abspath(__file__), "--one", "--presets", name, "--impls", impl,
                       "--compile", comp, "--batch-size", str(args.batch_size), "--inputs-length", str(args.inputs_length),
                       "--steps", str(args.steps), "--warmup", str(args.warmup), "--precision", args.precision,
                       "--device", args.device, "--num-workers", str(args.num_workers)]  # fmt: skip
                if args.data:
                    cmd += ["--data", args.data]
                try:
                    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
                    found = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
                    row = json.loads(found[-1][7:]) if found else {"error": proc.stderr.strip().splitlines()[-1:]}
                except subprocess.TimeoutExpired:
                    row = {"error": "timeout"}
                row.update(preset=name, impl=impl, compile=comp == "yes")
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                if args.json:
                    with open(args.json, "a") as f:
                        f.write(json.dumps(row) + "\n")
    print(table(rows))
    return 0


def table(rows: list[dict]) -> str:
    lines = [
        "| model | impl | torch.compile | s/step | encoder tokens/s | peak GPU memory | HF baseline s/step (spec) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        base = HF_BASELINE.get((r["preset"], r["compile"]))
        ref = f"{base[0]:.3f}" if base else "-"
        if "error" in r:
            lines.append(f"| {r['preset']} | {r['impl']} | {'yes' if r['compile'] else 'no'} | error: {r['error']} | | | {ref} |")
            continue
        mem = f"{r['peak_gb']:.0f} GB" if r.get("peak_gb") is not None else "-"
        lines.append(
            f"| {r['preset']} | {r['impl']} | {'yes' if r['compile'] else 'no'} | {r['s_per_step']:.3f} | "
            f"{r['encoder_tokens_per_s'] / 1e3:.0f}k | {mem} | {ref} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
