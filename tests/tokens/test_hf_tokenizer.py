"""`c4pipe.tokens.hf_tokenizer`: transformers loads our vocabulary and gives SentencePiece's ids.

The ids are compared on real crawl text (../shared/data/cc-text) and on whitespace and
Unicode edge cases, through `tokenizers` directly and through `transformers`'
`AutoTokenizer`, `T5Tokenizer` and `T5TokenizerFast`. Where a word has two segmentations
whose scores are equal to within float32 rounding, SentencePiece (which sums scores in
float32) and tokenizers (float64) may pick different ones: `assert_same_ids` allows
exactly that and nothing else.
"""

from __future__ import annotations

import gzip
import json
import os

import numpy as np
import pytest
import sentencepiece as spm

from c4pipe.tokens.hf_tokenizer import CONTROL, NORMAL, UNKNOWN, build_tokenizer, parse_model, write_tokenizer_dir
from c4pipe.tokens.vocab import Vocabulary
from tests.fixtures import pretrain_corpus as corpus

EDGE_TEXTS = [
    "", " ", "  leading spaces", "trailing spaces  ", "a  b   c", "tab\there", "new\nline\n\nand more",
    "▁already escaped", " ▁x", "ＦＵＬＬ　width", "no\u00a0break", "emoji 😀 here", "zero\u200bwidth",
    "Ⅻ ﬁ ½", "x\r\ny", "  \n  ", "Café naïve coöperate", "日本語のテキスト", "x" * 300,
]


def _words(ids: list[int], sp) -> list[list[int]]:
    """Ids grouped into words: a piece that starts with "▁" starts a word."""
    words: list[list[int]] = []
    for token_id in ids:
        if not words or sp.id_to_piece(token_id).startswith("▁"):
            words.append([])
        words[-1].append(token_id)
    return words


def assert_same_ids(ours: list[int], sp, text: str) -> None:
    expected = sp.encode(text)
    if ours == expected:
        return
    # SentencePiece's Viterbi adds scores along the whole text in float32: a tie is equal
    # to within a few float32 steps at the size of the text's total score.
    tolerance = 4 * float(np.spacing(np.float32(abs(sum(map(sp.get_score, expected))))))
    ours_words, expected_words = _words(ours, sp), _words(expected, sp)
    assert len(ours_words) == len(expected_words), text[:80]
    for a, b in zip(ours_words, expected_words):
        if a != b:  # the same word, segmented differently with the same score
            assert sp.decode(a) == sp.decode(b), text[:80]
            assert sum(map(sp.get_score, a)) == pytest.approx(sum(map(sp.get_score, b)), abs=tolerance), text[:80]


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    root = str(tmp_path_factory.mktemp("hf_corpus"))
    corpus.make_corpus(root, train_docs=120, validation_docs=8)
    return corpus.train_small_vocab(root, os.path.join(root, "spm.model"), vocab_size=400)


@pytest.fixture(scope="module")
def crawl_texts(shared_data) -> list[str]:
    texts = []
    for path in sorted((shared_data / "cc-text" / "allenai-dolma").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f]
    assert len(texts) > 500
    return texts


def test_the_model_is_read_as_sentencepiece_reads_it(model):
    data = open(model, "rb").read()
    parsed = parse_model(data)
    sp = spm.SentencePieceProcessor(model_proto=data)
    assert len(parsed.pieces) == sp.get_piece_size() == 400
    for i, (piece, score, kind) in enumerate(parsed.pieces):
        assert piece == sp.id_to_piece(i)
        assert score == pytest.approx(sp.get_score(i))
        assert kind == (UNKNOWN if sp.is_unknown(i) else CONTROL if sp.is_control(i) else NORMAL)
    assert parsed.unk_id == 2 and parsed.precompiled_charsmap  # nmt_nfkc, as T5's


def test_ids_equal_sentencepiece_on_crawl_text_and_edge_cases(model, crawl_texts):
    data = open(model, "rb").read()
    sp, tokenizer = spm.SentencePieceProcessor(model_proto=data), build_tokenizer(data)
    for text in EDGE_TEXTS:
        assert tokenizer.encode(text, add_special_tokens=False).ids == sp.encode(text), text
    identical = 0
    for text in crawl_texts:
        ours = tokenizer.encode(text, add_special_tokens=False).ids
        assert_same_ids(ours, sp, text)
        identical += ours == sp.encode(text)
    assert identical >= 0.95 * len(crawl_texts)  # score ties are rare, whole documents identical


def test_special_token_strings_are_special_as_in_every_t5_tokenizer(model):
    vocab = Vocabulary(model)
    tokenizer = build_tokenizer(open(model, "rb").read())
    assert tokenizer.encode("a <extra_id_3> b", add_special_tokens=False).ids == vocab.encode("a <extra_id_3> b")
    assert tokenizer.encode("</s>", add_special_tokens=False).ids == [1]
    assert tokenizer.encode("Hello world.").ids == vocab.encode("Hello world.") + [1]  # T5 appends </s>
    assert tokenizer.decode(vocab.encode("Hello world.")) == "Hello world."


@pytest.mark.parametrize("loader", ["AutoTokenizer", "T5Tokenizer", "T5TokenizerFast", "PreTrainedTokenizerFast"])
def test_transformers_loads_the_directory(model, crawl_texts, tmp_path, loader):
    import transformers

    write_tokenizer_dir(str(tmp_path), open(model, "rb").read())
    tokenizer = getattr(transformers, loader).from_pretrained(str(tmp_path))
    vocab, sp = Vocabulary(model), spm.SentencePieceProcessor(model_file=model)
    assert len(tokenizer) == vocab.vocab_size == 500
    assert (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id) == (0, 1, 2)
    assert [tokenizer.convert_tokens_to_ids(f"<extra_id_{n}>") for n in (0, 1, 99)] == [
        vocab.sentinel_id(0), vocab.sentinel_id(1), vocab.sentinel_id(99)
    ]
    for text in crawl_texts[:100]:
        assert_same_ids(tokenizer.encode(text, add_special_tokens=False), sp, text)
    assert tokenizer("Hello world.")["input_ids"] == sp.encode("Hello world.") + [1]  # T5 appends </s>
    assert tokenizer.decode(sp.encode("Hello world.")) == "Hello world."


def test_a_model_without_t5_ids_is_refused(tmp_path):
    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join(f"sentence number {i} about rivers and hills." for i in range(300)))
    spm.SentencePieceTrainer.train(input=str(lines), model_prefix=str(tmp_path / "plain"), vocab_size=60,
                                   minloglevel=2)  # sentencepiece's defaults: unk 0, bos 1, eos 2
    with pytest.raises(ValueError, match="not a T5-style model"):
        build_tokenizer((tmp_path / "plain.model").read_bytes())
