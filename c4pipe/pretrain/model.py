"""A compact T5 v1.1 (GEGLU, untied embeddings, RMS norm, relative position buckets).

Parameter names, initialisation and maths follow `transformers.T5ForConditionalGeneration`,
so `save_pretrained(dir)` writes `config.json` + `model.safetensors` that
`T5ForConditionalGeneration.from_pretrained(dir)` loads and runs to the same logits. The
differences are in speed only: attention goes through `scaled_dot_product_attention` with
the position bias as its additive mask (T5 does not scale scores, so `scale=1`), the
position bias is computed once per stack, and the residual stream stays fp32 under autocast
as in transformers.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class T5Settings:
    vocab_size: int = 32128
    d_model: int = 512
    d_kv: int = 64
    d_ff: int = 1024
    num_layers: int = 8
    num_decoder_layers: int = 8
    num_heads: int = 6
    relative_attention_num_buckets: int = 32
    relative_attention_max_distance: int = 128
    layer_norm_epsilon: float = 1e-6
    initializer_factor: float = 1.0


PRESETS = {
    "tiny": dict(d_model=64, d_kv=16, d_ff=128, num_layers=2, num_decoder_layers=2, num_heads=4),
    "small": dict(d_model=512, d_kv=64, d_ff=1024, num_layers=8, num_decoder_layers=8, num_heads=6),
    "base": dict(d_model=768, d_kv=64, d_ff=2048, num_layers=12, num_decoder_layers=12, num_heads=12),
}


def preset(name: str, vocab_size: int = 32128) -> T5Settings:
    return T5Settings(vocab_size=vocab_size, **PRESETS[name])


def hf_config(s: T5Settings):
    """The equivalent `transformers.T5Config` (T5 v1.1: gated-gelu, untied, no dropout)."""
    from transformers import T5Config

    return T5Config(
        vocab_size=s.vocab_size,
        d_model=s.d_model,
        d_kv=s.d_kv,
        d_ff=s.d_ff,
        num_layers=s.num_layers,
        num_decoder_layers=s.num_decoder_layers,
        num_heads=s.num_heads,
        relative_attention_num_buckets=s.relative_attention_num_buckets,
        relative_attention_max_distance=s.relative_attention_max_distance,
        dropout_rate=0.0,
        layer_norm_epsilon=s.layer_norm_epsilon,
        initializer_factor=s.initializer_factor,
        feed_forward_proj="gated-gelu",
        tie_word_embeddings=False,
        is_encoder_decoder=True,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        architectures=["T5ForConditionalGeneration"],
    )


def relative_position_bucket(relative_position: torch.Tensor, bidirectional: bool, num_buckets: int, max_distance: int):
    buckets = 0
    if bidirectional:
        num_buckets //= 2
        buckets = (relative_position > 0).to(torch.long) * num_buckets
        relative_position = relative_position.abs()
    else:
        relative_position = -torch.clamp(relative_position, max=0)
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    large = max_exact + (
        torch.log(relative_position.float() / max_exact) / math.log(max_distance / max_exact) * (num_buckets - max_exact)
    ).to(torch.long)
    large = torch.clamp(large, max=num_buckets - 1)
    return buckets + torch.where(is_small, relative_position, large)


class RMSNorm(nn.Module):
    def __init__(self, d: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        x = x.float()
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class Attention(nn.Module):
    def __init__(self, s: T5Settings, has_relative_bias: bool):
        super().__init__()
        inner = s.num_heads * s.d_kv
        self.h, self.d_kv = s.num_heads, s.d_kv
        self.q = nn.Linear(s.d_model, inner, bias=False)
        self.k = nn.Linear(s.d_model, inner, bias=False)
        self.v = nn.Linear(s.d_model, inner, bias=False)
        self.o = nn.Linear(inner, s.d_model, bias=False)
        if has_relative_bias:
            self.relative_attention_bias = nn.Embedding(s.relative_attention_num_buckets, s.num_heads)

    def forward(self, x, kv, bias):
        B, T, _ = x.shape
        S = kv.shape[1]
        q = self.q(x).view(B, T, self.h, self.d_kv).transpose(1, 2)
        k = self.k(kv).view(B, S, self.h, self.d_kv).transpose(1, 2)
        v = self.v(kv).view(B, S, self.h, self.d_kv).transpose(1, 2)
        if bias is not None:
            bias = bias.to(q.dtype)
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=1.0)
        return self.o(out.transpose(1, 2).reshape(B, T, self.h * self.d_kv))


class GatedGelu(nn.Module):
    def __init__(self, s: T5Settings):
        super().__init__()
        self.wi_0 = nn.Linear(s.d_model, s.d_ff, bias=False)
        self.wi_1 = nn.Linear(s.d_model, s.d_ff, bias=False)
        self.wo = nn.Linear(s.d_ff, s.d_model, bias=False)

    def forward(self, x):
        return self.wo(F.gelu(self.wi_0(x), approximate="tanh") * self.wi_1(x))


class _Sub(nn.Module):
    """One pre-norm sublayer, named like transformers' T5Layer* (`layer.N.<name>`, `layer_norm`)."""

    def __init__(self, name: str, module: nn.Module, s: T5Settings):
        super().__init__()
        self.name = name
        self.add_module(name, module)
        self.layer_norm = RMSNorm(s.d_model, s.layer_norm_epsilon)

    @property
    def inner(self):
        return getattr(self, self.name)


class Block(nn.Module):
    def __init__(self, s: T5Settings, is_decoder: bool, has_relative_bias: bool):
        super().__init__()
        layers = [_Sub("SelfAttention", Attention(s, has_relative_bias), s)]
        if is_decoder:
            layers.append(_Sub("EncDecAttention", Attention(s, False), s))
        layers.append(_Sub("DenseReluDense", GatedGelu(s), s))
        self.layer = nn.ModuleList(layers)
        self.is_decoder = is_decoder

    def forward(self, x, self_bias, enc=None, cross_bias=None):
        sa = self.layer[0]
        h = sa.layer_norm(x)
        x = x + sa.inner(h, h, self_bias)
        if self.is_decoder:
            ca = self.layer[1]
            x = x + ca.inner(ca.layer_norm(x), enc, cross_bias)
        ff = self.layer[-1]
        return x + ff.inner(ff.layer_norm(x))


class Stack(nn.Module):
    def __init__(self, s: T5Settings, is_decoder: bool):
        super().__init__()
        n = s.num_decoder_layers if is_decoder else s.num_layers
        self.block = nn.ModuleList(Block(s, is_decoder, i == 0) for i in range(n))
        self.final_layer_norm = RMSNorm(s.d_model, s.layer_norm_epsilon)
        self.is_decoder = is_decoder
        self.s = s

    def position_bias(self, q_len: int, k_len: int, device) -> torch.Tensor:
        ctx = torch.arange(q_len, device=device)[:, None]
        mem = torch.arange(k_len, device=device)[None, :]
        buckets = relative_position_bucket(
            mem - ctx, not self.is_decoder, self.s.relative_attention_num_buckets, self.s.relative_attention_max_distance
        )
        emb = self.block[0].layer[0].SelfAttention.relative_attention_bias
        bias = emb(buckets).permute(2, 0, 1).unsqueeze(0).float()  # (1, heads, q, k)
        if self.is_decoder:
            bias = bias.masked_fill(mem > ctx, float("-inf"))
        return bias

    def forward(self, x, mask=None, enc=None, enc_mask=None):
        bias = self.position_bias(x.shape[1], x.shape[1], x.device)
        if mask is not None:
            bias = bias + _mask_bias(mask)
        cross = _mask_bias(enc_mask) if enc_mask is not None else None
        for block in self.block:
            x = block(x, bias, enc, cross)
        return self.final_layer_norm(x)


def _mask_bias(mask: torch.Tensor) -> torch.Tensor:
    """(B, S) 1/0 attention mask -> (B, 1, 1, S) additive bias."""
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


class T5(nn.Module):
    def __init__(self, s: T5Settings):
        super().__init__()
        self.settings = s
        self.shared = nn.Embedding(s.vocab_size, s.d_model)
        self.encoder = Stack(s, is_decoder=False)
        self.decoder = Stack(s, is_decoder=True)
        self.lm_head = nn.Linear(s.d_model, s.vocab_size, bias=False)
        self.reset_parameters()

    @torch.no_grad()
    def reset_parameters(self):
        """transformers' T5 `_init_weights` for v1.1 (untied)."""
        s, f = self.settings, self.settings.initializer_factor
        self.shared.weight.normal_(0.0, f * 1.0)
        self.lm_head.weight.normal_(0.0, f * 1.0)
        for m in self.modules():
            if isinstance(m, RMSNorm):
                m.weight.fill_(f * 1.0)
            elif isinstance(m, GatedGelu):
                m.wi_0.weight.normal_(0.0, f * s.d_model**-0.5)
                m.wi_1.weight.normal_(0.0, f * s.d_model**-0.5)
                m.wo.weight.normal_(0.0, f * s.d_ff**-0.5)
            elif isinstance(m, Attention):
                m.q.weight.normal_(0.0, f * (s.d_model * s.d_kv) ** -0.5)
                m.k.weight.normal_(0.0, f * s.d_model**-0.5)
                m.v.weight.normal_(0.0, f * s.d_model**-0.5)
                m.o.weight.normal_(0.0, f * (s.num_heads * s.d_kv) ** -0.5)
                if hasattr(m, "relative_attention_bias"):
                    m.relative_attention_bias.weight.normal_(0.0, f * s.d_model**-0.5)

    def forward(self, input_ids, decoder_input_ids, attention_mask=None, decoder_attention_mask=None):
        """Logits (B, T_dec, vocab)."""
        enc = self.encoder(self.shared(input_ids), attention_mask)
        dec = self.decoder(self.shared(decoder_input_ids), decoder_attention_mask, enc, attention_mask)
        return self.lm_head(dec)

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    # --- transformers-compatible checkpoints ------------------------------------------

    def save_pretrained(self, directory: str) -> None:
        from safetensors.torch import save_file

        os.makedirs(directory, exist_ok=True)
        config = hf_config(self.settings).to_dict()
        # transformers >= 5 stores tie_word_embeddings=True plus scale_decoder_outputs=False for
        # v1.1; 4.x reads tie_word_embeddings. Write False so both load an untied, unscaled model.
        config["tie_word_embeddings"] = False
        with open(os.path.join(directory, "config.json"), "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
        state = {k: v.detach().to("cpu").contiguous() for k, v in self.state_dict().items()}
        save_file(state, os.path.join(directory, "model.safetensors"), metadata={"format": "pt"})
        with open(os.path.join(directory, "c4pipe_t5.json"), "w") as f:
            json.dump(asdict(self.settings), f, indent=2)

    @classmethod
    def from_pretrained(cls, directory: str) -> "T5":
        """Loads our checkpoints or any transformers T5 v1.1 (gated-gelu, untied) directory."""
        from safetensors.torch import load_file

        with open(os.path.join(directory, "config.json")) as f:
            cfg = json.load(f)
        untied = cfg.get("tie_word_embeddings") is False or cfg.get("scale_decoder_outputs") is False
        if cfg.get("feed_forward_proj") != "gated-gelu" or not untied:
            raise ValueError("only T5 v1.1 checkpoints (gated-gelu, untied embeddings) are supported")
        fields = {k: cfg[k] for k in T5Settings.__dataclass_fields__ if k in cfg}
        model = cls(T5Settings(**fields))
        state = load_file(os.path.join(directory, "model.safetensors"))
        state = {k: v for k, v in state.items() if not k.endswith("embed_tokens.weight")}
        model.load_state_dict(state)
        return model


class HFT5(nn.Module):
    """transformers' `T5ForConditionalGeneration` behind the same forward (baseline/`--impl hf`)."""

    def __init__(self, s: T5Settings):
        super().__init__()
        from transformers import T5ForConditionalGeneration

        self.settings = s
        self.hf = T5ForConditionalGeneration(hf_config(s))
        if self.hf.lm_head.weight is self.hf.shared.weight:  # transformers >= 5 always ties
            self.hf.lm_head.weight = nn.Parameter(torch.randn_like(self.hf.shared.weight) * s.initializer_factor)

    def forward(self, input_ids, decoder_input_ids, attention_mask=None, decoder_attention_mask=None):
        return self.hf(
            input_ids=input_ids,
            attention_mask=attention_mask,
            decoder_input_ids=decoder_input_ids,
            decoder_attention_mask=decoder_attention_mask,
            use_cache=False,
        ).logits

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def save_pretrained(self, directory: str) -> None:
        self.hf.save_pretrained(directory)
        path = os.path.join(directory, "config.json")
        with open(path) as f:
            config = json.load(f)
        config["tie_word_embeddings"] = False  # see T5.save_pretrained: keeps 4.x from tying
        with open(path, "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)


def build_model(s: T5Settings, impl: str = "c4pipe") -> nn.Module:
    if impl == "c4pipe":
        return T5(s)
    if impl == "hf":
        return HFT5(s)
    raise ValueError(f"unknown model implementation {impl!r}")
