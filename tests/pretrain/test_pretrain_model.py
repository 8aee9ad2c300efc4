"""The compact T5 matches transformers' T5ForConditionalGeneration and its checkpoints load there."""


import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from c4pipe.pretrain.model import PRESETS, T5, build_model, preset


def _inputs(vocab, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(3, vocab - 1, (2, 37), generator=g)
    y = torch.randint(3, vocab - 1, (2, 11), generator=g)
    y[:, 0] = 0
    mask = torch.ones(2, 37, dtype=torch.long)
    mask[1, 25:] = 0
    return x, y, mask


def test_saved_checkpoint_loads_in_transformers_with_same_logits(tmp_path):
    torch.manual_seed(0)
    model = T5(preset("tiny", 1152)).eval()
    model.save_pretrained(str(tmp_path))
    hf, info = transformers.T5ForConditionalGeneration.from_pretrained(str(tmp_path), output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    hf.eval()
    assert hf.lm_head.weight.data_ptr() != hf.shared.weight.data_ptr()  # untied
    x, y, mask = _inputs(1152)
    with torch.no_grad():
        ours = model(x, y)
        theirs = hf(input_ids=x, decoder_input_ids=y).logits
        torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-4)
        ours = model(x, y, attention_mask=mask)
        theirs = hf(input_ids=x, attention_mask=mask, decoder_input_ids=y).logits
        torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-4)
    again = T5.from_pretrained(str(tmp_path))
    for (k, a), (_, b) in zip(model.state_dict().items(), again.state_dict().items()):
        assert torch.equal(a, b), k


def test_hf_impl_checkpoint_loads_in_ours(tmp_path):
    torch.manual_seed(0)
    hf = build_model(preset("tiny", 1152), "hf").eval()
    hf.save_pretrained(str(tmp_path))
    ours = T5.from_pretrained(str(tmp_path)).eval()
    x, y, _ = _inputs(1152, seed=1)
    with torch.no_grad():
        torch.testing.assert_close(ours(x, y), hf(x, y), rtol=1e-5, atol=1e-4)


def test_presets_match_t5_v11_sizes():
    assert PRESETS["small"] == dict(d_model=512, d_kv=64, d_ff=1024, num_layers=8, num_decoder_layers=8, num_heads=6)
    assert PRESETS["base"] == dict(d_model=768, d_kv=64, d_ff=2048, num_layers=12, num_decoder_layers=12, num_heads=12)
    with torch.device("meta"):
        small = T5(preset("small")).num_parameters()
        base = T5(preset("base")).num_parameters()
    assert 76e6 < small < 78e6  # 77.0M with the untied 32,128 vocabulary (spec's "about 60M" excludes lm_head)
    assert 247e6 < base < 249e6  # 247.6M
    cfg = transformers.T5Config(**{k: v for k, v in preset("small").__dict__.items()}, feed_forward_proj="gated-gelu")
    assert cfg.is_gated_act


def test_model_and_loss_capture_in_one_graph_for_torch_compile():
    """torch.compile (as `--compile` uses it) traces forward+loss without graph breaks, same results."""
    from functools import partial

    import numpy as np

    from c4pipe.pretrain.data import make_batch
    from c4pipe.pretrain.span_corruption import span_corrupt
    from c4pipe.pretrain.train import loss_fn

    rng = np.random.default_rng(0)
    xs, ys = zip(*(span_corrupt(rng.integers(3, 1000, 36), rng, 1099) for _ in range(2)))
    batch = make_batch(np.stack(xs), np.stack(ys))
    torch.manual_seed(0)
    model = T5(preset("tiny", 1152))
    eager = loss_fn(model, batch)
    eager.backward()
    grads = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    compiled = torch.compile(partial(loss_fn, model), backend="aot_eager", fullgraph=True)
    loss = compiled(batch)
    loss.backward()
    assert torch.equal(loss, eager)
    for g, p in zip(grads, model.parameters()):
        torch.testing.assert_close(p.grad, g)
