"""Deterministic text corpora for the langid parity tests, and an outcome helper.

Every corpus is built deterministically (string-seeded ``random.Random``, which does
not depend on PYTHONHASHSEED) from langdetect's own profiles, from hand-written edge
cases, and, where ../shared/data exists, from real crawl text.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

SHARED_DATA = (Path(__file__).resolve().parents[2] / "../shared/data").resolve()

EDGE_TEXTS = [
    "", " ", "    ", "\n", "\t\t", " \n \r\n \t ", "\u3000", "\xa0\xa0",
    "0", "12345", "3.14159 2.71828 1,000,000", "+1 (555) 123-4567", "2024-05-01T12:00:00Z",
    "!!!???...", "#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "a", "A", "AB", "ABC DEF GHI", "ab",
    "http://example.com", "https://example.com/path?q=1&b=2#frag",
    "see https://en.wikipedia.org/wiki/Language_identification for details",
    "john.doe@example.com", "mail me: foo.bar-baz_1@mail.example.co.uk now",
    "user@host", "@@@ @ @", "a@b", "x" * 70 + "@" + "y" * 300 + ".com",
    "http://a.b/c d@e.f http://g.h", "Visit http://x.y or write to me@x.y, thanks!",
    "THIS IS ALL CAPS TEXT WITH NO LOWER CASE", "Hello World", "hello world",
    "Bonjour tout le monde", "Hallo Welt, wie geht es dir?", "Hola, ¿cómo estás?",
    "Привет, как дела?", "Γειά σου Κόσμε", "שלום עולם", "مرحبا بالعالم", "سلام دنیا یی",
    "नमस्ते दुनिया", "こんにちは世界", "カタカナ テキスト", "ひらがな てきすと", "你好，世界",
    "中文繁體字測試", "안녕하세요 세계", "สวัสดีชาวโลก", "Xin chào thế giới",
    "Tiếng Việt có dấu: Việt Nam, Hà Nội, Sài Gòn",
    "Tie\u0302\u0301ng Vie\u0323\u0302t (combining marks)", "a\u0300 e\u0301 o\u0303 u\u0309 i\u0323",
    "Română: știință, țară, Ştiinţă", "ǅemal ǈubljana ǋegoš", "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ",
    "mixed English text 日本語のテキスト 한국어 텍스트", "ⅠⅡⅢ ⅰⅱⅲ", "𝐀𝐁𝐂 𝐚𝐛𝐜 𝒜𝒷𝒸",
    "😀😃😄 emoji only 🎉", "\U0001F600" * 20, "\ud800 lone surrogate \udfff",
    "tab\tseparated\tvalues", "line\nbreaks\neverywhere\n", "under_score and hyphen-ated",
    "ÀÉÎÕÜ àéîõü ßøæå", "\u2018quoted\u2019 \u201cwords\u201d \u2014 dash \u2026",
    "Iñtërnâtiônàlizætiøn", "ᴀʙᴄ ꜰᴏᴏ", "ABCabcABCabc", "aBcDeFgHiJ", "McDONALD's O'NEILL",
    " leading and trailing spaces   ", "multiple     spaces     between",
    # langdetect counts Latin Extended Additional as non-Latin (found by hypothesis)
    "AAA\xc0\xc0" + "\u0300" * 6 + "\u1e60", "ab \u1ec6\u1ec6\u1ec6 \u1ea0", "abc \u1e00\u1e01\u1e02\u1e03 x",
]


def _profile_freqs():
    """{lang: {gram: count}} read straight from langdetect's profile files."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    profiles = {}
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as f:
            data = json.load(f)
        profiles[data["name"]] = data["freq"]
    return profiles


def _pseudo_word(rnd, grams):
    """A word glued from 1-3 frequent trigrams of one language."""
    return "".join(rnd.choice(grams).strip() for _ in range(rnd.randint(1, 3)))


def _styled(rnd, word):
    """Vary case (Title, ALL CAPS) and punctuation to exercise capitalword/cleaning."""
    roll = rnd.random()
    if roll < 0.15:
        word = word.title()
    elif roll < 0.2:
        word = word.upper()
    if rnd.random() < 0.1:
        word += rnd.choice([",", ".", "!", " -", " 42", "'s", ":"])
    return word


def synthetic_texts(per_lang: int = 112) -> list[str]:
    """Texts for every language langdetect knows, from its frequent trigrams."""
    texts = []
    lengths = [2, 5, 12, 30, 60, 120, 250, 600]
    for lang, freq in _profile_freqs().items():
        grams = [g for g, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
                 if len(g) == 3 and g.strip()][:400]
        for i in range(per_lang):
            rnd = random.Random(f"{lang}-{i}")
            target = lengths[i % len(lengths)]
            words = []
            while sum(len(w) + 1 for w in words) < target:
                words.append(_styled(rnd, _pseudo_word(rnd, grams)))
            texts.append(" ".join(words))
    return texts


def mixed_texts(synthetic: list[str], count: int = 400) -> list[str]:
    """Pages mixing two or three languages' texts."""
    out = []
    for i in range(count):
        rnd = random.Random(f"mixed-{i}")
        parts = [rnd.choice(synthetic) for _ in range(rnd.randint(2, 3))]
        out.append(rnd.choice([" ", "\n", ". "]).join(parts))
    return out


def _read_pages(shared: Path) -> list[str]:
    pages = []
    for path in sorted((shared / "cc-text" / "allenai-dolma").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            pages.extend(json.loads(line)["text"] for line in f if line.strip())
    for path in sorted((shared / "c4-samples" / "allenai-OLMo").glob("*.json*.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            pages.extend(json.loads(line)["text"] for line in f if line.strip())
    return pages


def crawl_texts(shared: Path) -> list[str]:
    """Real crawl pages: whole, and sliced into pieces of 40..3000 chars."""
    out = []
    for i, page in enumerate(_read_pages(shared)):
        out.append(page)
        rnd = random.Random(f"crawl-{i}")
        for size in (40, 200, 800, 3000):
            start = rnd.randrange(max(1, len(page) - size))
            out.append(page[start:start + size])
    return out


def long_texts(base: list[str], count: int = 30) -> list[str]:
    """Pages over langdetect's 10,000-char limit (the tail must be ignored)."""
    out = []
    for i in range(count):
        rnd = random.Random(f"long-{i}")
        text = ""
        while len(text) < 10_000 + 500 * i:
            text += rnd.choice(base) + "\n"
        out.append(text)
    return out


def parity_corpus(shared: Path | None) -> list[str]:
    """All parity texts, in a fixed order."""
    synthetic = synthetic_texts()
    texts = EDGE_TEXTS + synthetic + mixed_texts(synthetic)
    crawl = crawl_texts(shared) if shared is not None else []
    texts += crawl + long_texts(crawl or synthetic)
    return texts


def outcome(detector, text):
    """Comparable result: the (lang, prob) list, or the exception's type/message/code."""
    try:
        return detector.detect_langs(text)
    except Exception as exc:  # noqa: BLE001 - exception parity is part of the contract
        return (type(exc).__name__, str(exc), getattr(exc, "code", None))
