"""Data stream determinism, training on CPU (tiny preset), exact resume, the CLI."""

import json
import os

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from c4pipe.pretrain.data import SpanCorruptionStream, StreamConfig, make_loader
from c4pipe.pretrain.train import TrainConfig, train
from c4pipe.tokens.vocab import Vocabulary


def _stream(tokenized_dir, **kw):
    vocab = Vocabulary(os.path.join(tokenized_dir, "spm.model"))
    kw.setdefault("batch_size", 4)
    return StreamConfig(tokenized_dir, "train", inputs_length=128, top_sentinel=vocab.vocab_size - 1, **kw)


def _take(loader, n):
    it = iter(loader)
    return [next(it) for _ in range(n)]


def test_stream_shapes_and_contents(tokenized_dir):
    vocab = Vocabulary(os.path.join(tokenized_dir, "spm.model"))
    (batch,) = _take(make_loader(_stream(tokenized_dir)), 1)
    assert batch["input_ids"].shape == (4, 128) and batch["labels"].shape == (4, 29)
    assert (batch["decoder_input_ids"][:, 0] == 0).all()
    assert torch.equal(batch["decoder_input_ids"][:, 1:], batch["labels"][:, :-1])
    assert (batch["input_ids"][:, -1] == 1).all() and (batch["labels"][:, -1] == 1).all()
    sentinels = batch["labels"][0][batch["labels"][0] >= vocab.piece_size]
    assert sentinels.tolist() == list(range(vocab.vocab_size - 1, vocab.vocab_size - 1 - len(sentinels), -1))
    assert (batch["input_ids"] != 0).all()  # no padding, token 0 never in data


def test_stream_is_deterministic_and_skip_matches(tokenized_dir):
    for workers in (0, 2):
        full = _take(make_loader(_stream(tokenized_dir), num_workers=workers), 7)
        again = _take(make_loader(_stream(tokenized_dir), num_workers=workers), 7)
        skipped = _take(make_loader(_stream(tokenized_dir), skip_batches=3, num_workers=workers), 4)
        for a, b in zip(full, again):
            assert all(torch.equal(a[k], b[k]) for k in a)
        for a, b in zip(full[3:], skipped):
            assert all(torch.equal(a[k], b[k]) for k in a)
    with_eos = _take(make_loader(_stream(tokenized_dir, eos_between_docs=True)), 5)
    with_eos_skipped = _take(make_loader(_stream(tokenized_dir, eos_between_docs=True), skip_batches=4), 1)
    assert all(torch.equal(with_eos[4][k], with_eos_skipped[0][k]) for k in with_eos[4])
    assert any((b["input_ids"][:, :-1] == 1).any() for b in with_eos)  # EOS between documents
    assert not any((b["input_ids"][:, :-1] == 1).any() for b in full)  # T5 default: no separator
    other_seed = _take(make_loader(_stream(tokenized_dir, seed=1)), 1)[0]
    assert not torch.equal(other_seed["input_ids"], full[0]["input_ids"])


def test_stream_covers_worker_shards_and_repeats(tokenized_dir):
    ds = SpanCorruptionStream(_stream(tokenized_dir, batch_size=1))
    total_tokens = json.load(open(os.path.join(tokenized_dir, "stats.train.json")))["targets_tokens"]
    per_epoch = total_tokens // ds.raw_length
    n = 0
    for _ in ds.worker_batches(0, 1):  # endless: runs past one epoch
        n += 1
        if n > per_epoch + 5:
            break
    assert n == per_epoch + 6


def _config(tokenized_dir, output, **kw):
    base = dict(data=tokenized_dir, output=str(output), preset="tiny", steps=30, batch_size=8, inputs_length=128,
                lr=3e-3, warmup_steps=3, log_every=1, eval_batches=2, progress=False, num_workers=0)  # fmt: skip
    base.update(kw)
    return TrainConfig(**base)


def _metrics(output):
    with open(os.path.join(output, "metrics.jsonl")) as f:
        return [json.loads(line) for line in f]


def test_tiny_training_loss_falls_and_final_model_loads(tokenized_dir, tmp_path):
    import transformers

    result = train(_config(tokenized_dir, tmp_path, steps=40))
    assert result["step"] == 40
    rows = _metrics(tmp_path)
    assert [r["step"] for r in rows] == list(range(1, 41))
    assert all({"step", "loss", "lr", "tokens_per_sec"} <= set(r) for r in rows)
    assert "val_loss" in rows[-1] and np.isfinite(rows[-1]["val_loss"])
    first = np.mean([r["loss"] for r in rows[:3]])
    last = np.mean([r["loss"] for r in rows[-3:]])
    assert last < 0.7 * first, (first, last)
    assert rows[-1]["val_loss"] < first
    model = transformers.T5ForConditionalGeneration.from_pretrained(os.path.join(tmp_path, "final"))
    assert model.config.vocab_size == 640  # 500 pieces + 100 sentinels, rounded up to 128s
    tokenizer = transformers.AutoTokenizer.from_pretrained(os.path.join(tmp_path, "final"))
    assert len(tokenizer) == 600 and tokenizer.convert_tokens_to_ids("<extra_id_0>") == 599


def test_resume_reproduces_uninterrupted_run(tokenized_dir, tmp_path):
    kw = dict(steps=16, grad_accum=2, num_workers=2, checkpoint_every=0)
    train(_config(tokenized_dir, tmp_path / "full", **kw))
    train(_config(tokenized_dir, tmp_path / "split", stop_after=7, **kw))
    assert not os.path.exists(tmp_path / "split" / "final")
    train(_config(tokenized_dir, tmp_path / "split", resume=True, **kw))
    full, split = _metrics(tmp_path / "full"), _metrics(tmp_path / "split")
    assert [r["step"] for r in split] == [r["step"] for r in full]
    for a, b in zip(full, split):
        assert a["loss"] == b["loss"] and a["lr"] == b["lr"], (a, b)
    assert full[-1]["val_loss"] == split[-1]["val_loss"]
    from safetensors.torch import load_file

    wa = load_file(os.path.join(tmp_path / "full", "final", "model.safetensors"))
    wb = load_file(os.path.join(tmp_path / "split", "final", "model.safetensors"))
    assert all(torch.equal(wa[k], wb[k]) for k in wa)


def test_adafactor_inverse_sqrt_and_cli(tokenized_dir, tmp_path):
    from c4pipe.cli import main

    out = tmp_path / "cli"
    argv = ["pretrain", "--data", tokenized_dir, "--output", str(out), "--preset", "tiny", "--steps", "6",
            "--batch-size", "4", "--inputs-length", "64", "--optimizer", "adafactor", "--schedule", "inverse_sqrt",
            "--warmup-steps", "2", "--log-every", "2", "--num-workers", "1", "--no-progress", "--eval-batches", "1"]  # fmt: skip
    assert main(argv) == 0
    rows = _metrics(out)
    assert [r["step"] for r in rows] == [2, 4, 6]
    assert rows[0]["lr"] == pytest.approx(1e-2)  # lr used at step 2 (warmup done)
    assert rows[1]["lr"] == pytest.approx(1e-2 * (2 / 4) ** 0.5)
    assert os.path.exists(out / "final" / "model.safetensors")
