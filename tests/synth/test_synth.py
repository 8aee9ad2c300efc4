"""Tests for the synthetic WET corpus generator (c4pipe.synth)."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import zlib
from collections import Counter
from pathlib import Path

import pytest

from c4pipe import synth
from c4pipe.commands import synth as synth_command
from c4pipe.commands.run import BUNDLED_SAMPLE
from c4pipe.recipes import LDNOOBW_EN_COMMIT
from c4pipe.synth.generator import Generator
from c4pipe.synth.lines import BAD_PHRASES, BAD_WORDS, POLICY_LINES
from filters.clean_page import POLICY_SUBSTRINGS
from filters.urls import is_validation, normalize_url
from tests.fixtures.paths import LDNOOBW_DIR

warcio = pytest.importorskip("warcio")
from warcio.archiveiterator import ArchiveIterator


def _gzip_members(path: Path) -> int:
    data = path.read_bytes()
    members = 0
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(data)
        assert d.eof, "truncated gzip member"
        members += 1
        data = d.unused_data
    return members


def _records(path: Path):
    out = []
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f, check_digests=True):
            headers = rec.rec_headers
            body = rec.content_stream().read()
            out.append((rec.rec_type, dict(headers.headers), body))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    return synth.generate_corpus(out, pages=2000, seed=0, files=2)


def test_deterministic(tmp_path):
    a = synth.generate_corpus(tmp_path / "a", pages=300, seed=7, files=2)
    b = synth.generate_corpus(tmp_path / "b", pages=300, seed=7, files=2)
    c = synth.generate_corpus(tmp_path / "c", pages=300, seed=8, files=2)
    assert [p.name for p in a] == [p.name for p in b]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]


def test_plain_and_gzip_hold_the_same_records(tmp_path):
    gz = synth.generate_corpus(tmp_path / "gz", pages=150, seed=1, files=1)
    plain = synth.generate_corpus(tmp_path / "plain", pages=150, seed=1, files=1, gzip=False)
    assert plain[0].name.endswith(".warc.wet") and gz[0].name.endswith(".warc.wet.gz")
    # Identical apart from the WARC-Filename header of the warcinfo record.
    assert gzip.decompress(gz[0].read_bytes()).replace(b".warc.wet.gz", b".warc.wet") == plain[0].read_bytes()
    assert plain[0].read_bytes().startswith(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")


def test_warcio_reads_every_record(corpus):
    total = Counter()
    for path in corpus:
        records = _records(path)
        assert records[0][0] == "warcinfo"
        assert [r[0] for r in records[1:]] == ["conversion"] * (len(records) - 1)
        for rec_type, headers, body in records:
            assert int(headers["Content-Length"]) == len(body)
            assert headers["WARC-Record-ID"].startswith("<urn:uuid:")
            if rec_type == "conversion":
                assert headers["Content-Type"] == "text/plain"
                assert headers["WARC-Target-URI"]
                assert headers["WARC-Date"].endswith("Z")
                assert headers["WARC-Refers-To"].startswith("<urn:uuid:")
                body.decode("utf-8")  # strict UTF-8
        total.update(r[0] for r in records)
        assert _gzip_members(path) == len(records)  # one gzip member per record
    assert total == {"warcinfo": 2, "conversion": 2000}


def test_crlf_header_lines(corpus):
    raw = gzip.decompress(corpus[0].read_bytes())
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\n" not in head.replace(b"\r\n", b"")


def test_page_count_and_split_over_files(tmp_path):
    paths = synth.generate_corpus(tmp_path, pages=101, seed=2, files=3)
    counts = [sum(1 for r in _records(p) if r[0] == "conversion") for p in paths]
    assert sum(counts) == 101 and min(counts) >= 33
    assert synth.generate_corpus(tmp_path / "zero", pages=0, seed=2, files=1)


def test_edge_cases_present(corpus):
    urls, texts = [], []
    for path in corpus:
        for rec_type, headers, body in _records(path):
            if rec_type == "conversion":
                urls.append(headers["WARC-Target-URI"])
                texts.append(body.decode("utf-8"))
    blob = "\n".join(texts)
    for needle in ("Lorem ipsum", "{", "…", '..."', "[citation needed]", "[edit]", "refs. [",
                   "javascript", "JavaScript", "Terms of Use", "İSTANBUL", "straße", "ΟΔΟΣ",
                   "\u2028", "\x85", "\r\n", "WARC/1.0", "WARC-Date: 2030", "Content-based",
                   "hat", "le village", "en el pueblo", "a" * 1000, "b" * 1001, " butt ",
                   "barely legal", "Sussex"):
        assert needle in blob, needle
    assert any("\r" in t and "\r\n" not in t for t in texts)
    assert any(t == "" for t in texts)
    lengths = sorted(len(t) for t in texts)
    assert lengths[-1] > 190_000
    # Validation-split URLs (md5 of the normalized URL % 1000 == 0).
    assert sum(is_validation(normalize_url(u)) for u in urls) >= 10
    # Duplicate normalized URLs, with and without equal raw URLs.
    norm = Counter(normalize_url(u) for u in urls)
    assert sum(c - 1 for c in norm.values()) >= 20
    assert any("utm_" in u for u in urls) and any("://www." in u for u in urls)
    # Cross-page duplicate lines.
    lines = Counter(ln.strip().lower() for t in texts for ln in t.splitlines() if len(ln.split()) >= 5)
    assert sum(1 for c in lines.values() if c > 1) >= 50


def test_validation_urls_fall_into_the_validation_split():
    gen = Generator(3)
    for _ in range(5):
        assert is_validation(normalize_url(gen.validation_url()))


def test_policy_lines_hit_each_policy_substring_in_order():
    assert len(POLICY_LINES) == len(POLICY_SUBSTRINGS)
    for line, substring in zip(POLICY_LINES, POLICY_SUBSTRINGS):
        assert substring in line.lower(), (line, substring)


def test_bad_words_are_entries_of_the_pinned_list():
    path = LDNOOBW_DIR / LDNOOBW_EN_COMMIT / "en"
    if not path.is_file():
        pytest.skip(f"no LDNOOBW list at {path}")
    entries = set(path.read_text(encoding="utf-8").splitlines())
    assert set(BAD_WORDS + BAD_PHRASES) <= entries


def test_cli(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    synth_command.add_arguments(parser)
    args = parser.parse_args(["--pages", "50", "--seed", "3", "--files", "2", "--output", str(tmp_path), "--no-gzip"])
    assert synth_command.main(args) == 0
    files = sorted(tmp_path.glob("*.warc.wet"))
    assert len(files) == 2
    assert "50 pages" in capsys.readouterr().out


# sha256 of plain (not gzipped) corpora: any change to the generator's output shows here.
# Gzip bytes are left out on purpose, as they may differ with the zlib build.
PINNED = {
    "s0-p200": (dict(pages=200, seed=0, files=1), [
        "bf891a85e2b41ecaa84ef7e83a2a04080b0521175dd131583da52bf5dce02f7b",
    ]),
    "s7-p300-3files": (dict(pages=300, seed=7, files=3), [
        "5878d6711ed2f89c1793473ab1051811805805ab5709fc365afb35de8cbec0ba",
        "6c37266ccff8a8b83ae7e58733c90c4bf4c999bd3df0edd5bc9a94c0c32659e6",
        "905c30d04717f290314df4a3f5e6001bb8c34dab120c9b22990c2c61ab9a65d9",
    ]),
    "s5-p1500-prose": (dict(pages=1500, seed=5, files=2, prose=True), [
        "19dafca8f89541340f57d5762ae38b7c810dd476a45712b847f5551d59f631c9",
        "6a91672e10e5e41cbe11bf2e6c511230077b0a40941061b5b9ec8b7fe1e57048",
    ]),
}


def _prose_file(path: Path) -> Path:
    rows = (
        {"text": f"Line {i} of some real text, with a comma.\nAnd a second line {i}!"}
        for i in range(50)
    )
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.mark.parametrize("name", sorted(PINNED))
def test_bytes_pinned(tmp_path, name):
    """The generator's output, byte for byte. A failure here means every corpus, the
    bundled sample and every figure computed from them change: regenerate the sample
    and update the digests only when that is intended."""
    kwargs, expected = PINNED[name]
    kwargs = dict(kwargs)
    if kwargs.pop("prose", False):
        kwargs = dict(kwargs, prose=_prose_file(tmp_path / "prose.jsonl"))
    paths = synth.generate_corpus(tmp_path / "out", gzip=False, **kwargs)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths] == expected


def test_bundled_sample_is_regenerated_by_synth(tmp_path):
    """`c4pipe synth --pages 400 --seed 0 --files 1` writes the bundled sample's records."""
    (path,) = synth.generate_corpus(tmp_path, pages=400, seed=0, files=1)
    assert gzip.decompress(path.read_bytes()) == gzip.decompress(BUNDLED_SAMPLE.read_bytes())
