"""A Hugging Face tokenizer directory for a T5-style SentencePiece model, built without protobuf.

`transformers` converts a SentencePiece model by parsing it with protobuf's generated
classes, which need protobuf >= 7 while Apache Beam pins protobuf < 7; without them,
`T5Tokenizer(vocab_file=...)` quietly builds a tokenizer of a hundred tokens. Here the
model file is read with the protobuf wire format alone (`c4pipe.io.tfrecord.iter_fields`)
and turned into `tokenizer.json` for the `tokenizers` library, so that
`AutoTokenizer.from_pretrained(dir)` loads it in any environment.

The pipeline is SentencePiece's own, as `transformers`' converter builds it: the Unigram
model with the pieces' scores, the model's normalizer (its precompiled character map,
extra-whitespace removal, whitespace escaping, the dummy prefix), and T5's conventions:
`</s>` appended, and 100 sentinels `<extra_id_N>` above the pieces, `<extra_id_0>` the
highest id (`c4pipe.tokens.vocab.Vocabulary`). Encoding gives SentencePiece's ids (tested
on real crawl text), except where a word has two segmentations whose scores are equal to
within float32 rounding: SentencePiece sums the scores in float32, `tokenizers` in
float64, so each may pick the other one. Special-token strings in a text (`</s>`,
`<extra_id_3>`) become those tokens, as in every T5 tokenizer of `transformers`.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field

from c4pipe.io.atomic import write_atomically
from c4pipe.io.tfrecord import iter_fields
from c4pipe.tokens.vocab import EOS_ID, NUM_EXTRA_IDS, PAD_ID, UNK_ID

NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6  # SentencePiece.Type
UNIGRAM = 1  # TrainerSpec.ModelType


@dataclass
class SentencePieceModel:
    """The parts of a SentencePiece `ModelProto` a tokenizer needs (protobuf defaults applied)."""

    pieces: list = field(default_factory=list)  # [(piece, score, type)]
    model_type: int = UNIGRAM
    unk_id: int = 0
    byte_fallback: bool = False
    precompiled_charsmap: bytes = b""
    add_dummy_prefix: bool = True
    remove_extra_whitespaces: bool = True
    escape_whitespaces: bool = True


def parse_model(model_bytes: bytes) -> SentencePieceModel:
    model = SentencePieceModel()
    for number, _, value in iter_fields(model_bytes):
        if number == 1:
            model.pieces.append(_piece(value))
        elif number == 2:
            _trainer_spec(value, model)
        elif number == 3:
            _normalizer_spec(value, model)
    return model


def _piece(message: bytes) -> tuple[str, float, int]:
    piece, score, kind = "", 0.0, NORMAL
    for number, _, value in iter_fields(message):
        if number == 1:
            piece = value.decode("utf-8")
        elif number == 2:
            (score,) = struct.unpack("<f", value)
        elif number == 3:
            kind = value
    return piece, score, kind


def _trainer_spec(message: bytes, model: SentencePieceModel) -> None:
    for number, _, value in iter_fields(message):
        if number == 3:
            model.model_type = value
        elif number == 35:
            model.byte_fallback = bool(value)
        elif number == 40:
            model.unk_id = value


def _normalizer_spec(message: bytes, model: SentencePieceModel) -> None:
    for number, _, value in iter_fields(message):
        if number == 2:
            model.precompiled_charsmap = value
        elif number == 3:
            model.add_dummy_prefix = bool(value)
        elif number == 4:
            model.remove_extra_whitespaces = bool(value)
        elif number == 5:
            model.escape_whitespaces = bool(value)


def sentinel(n: int) -> str:
    return f"<extra_id_{n}>"


def build_tokenizer(model_bytes: bytes, extra_ids: int = NUM_EXTRA_IDS):
    """A `tokenizers.Tokenizer` that encodes as SentencePiece does, T5's sentinels added."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    model = parse_model(model_bytes)
    if model.model_type != UNIGRAM:
        raise ValueError("only Unigram SentencePiece models (T5's kind) are supported")
    kinds = [kind for _, _, kind in model.pieces[:3]]
    if (model.unk_id, kinds) != (UNK_ID, [CONTROL, CONTROL, UNKNOWN]):
        raise ValueError(f"not a T5-style model: expected pad, eos, unk at ids {PAD_ID}, {EOS_ID}, {UNK_ID}")
    pieces = [(piece, score) for piece, score, _ in model.pieces]
    tokenizer = Tokenizer(Unigram(pieces, unk_id=model.unk_id, byte_fallback=model.byte_fallback))

    steps = [normalizers.Precompiled(model.precompiled_charsmap)] if model.precompiled_charsmap else []
    if model.remove_extra_whitespaces:  # SentencePiece collapses spaces only, not other whitespace
        steps += [normalizers.Replace(Regex(r"\A +| +\z"), ""), normalizers.Replace(Regex(" {2,}"), " ")]
    if model.escape_whitespaces:
        steps.append(normalizers.Replace(" ", "▁"))
    if model.add_dummy_prefix:  # Metaspace adds no prefix to a text that starts with "▁"; SentencePiece does
        steps.append(normalizers.Replace(Regex(r"\A▁"), "▁▁"))
    tokenizer.normalizer = normalizers.Sequence(steps)
    if model.add_dummy_prefix:
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Sequence(
        [decoders.Replace("▁", " ")]
        + ([decoders.Fuse(), decoders.Strip(content=" ", left=1)] if model.add_dummy_prefix else [])
    )
    tokenizer.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", EOS_ID)]
    )
    tokenizer.add_special_tokens([pieces[i][0] for i in (PAD_ID, EOS_ID, UNK_ID)])
    # Sentinels take the ids above the pieces, <extra_id_0> the highest: added from the top down.
    tokenizer.add_special_tokens([sentinel(n) for n in reversed(range(extra_ids))])
    return tokenizer


def tokenizer_files(model_bytes: bytes, extra_ids: int = NUM_EXTRA_IDS) -> dict[str, bytes]:
    """{file name: content} of a Hugging Face tokenizer directory for the model."""
    tokenizer = build_tokenizer(model_bytes, extra_ids)
    special = {"pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>",
               "additional_special_tokens": [sentinel(n) for n in range(extra_ids)]}
    config = {"tokenizer_class": "T5Tokenizer", "extra_ids": extra_ids, "model_max_length": 1_000_000_000,
              **special}

    def as_json(obj) -> bytes:
        return (json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")

    return {
        "tokenizer.json": tokenizer.to_str(pretty=True).encode("utf-8") + b"\n",
        "tokenizer_config.json": as_json(config),
        "special_tokens_map.json": as_json(special),
    }


def write_tokenizer_dir(directory: str, model_bytes: bytes, extra_ids: int = NUM_EXTRA_IDS) -> None:
    for name, content in tokenizer_files(model_bytes, extra_ids).items():
        write_atomically(f"{directory.rstrip('/')}/{name}", content)
