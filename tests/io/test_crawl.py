"""c4pipe.io.crawl: crawl ids, wet.paths listings (local and over HTTP on 127.0.0.1), subsets."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from c4pipe.io import crawl
from c4pipe.io.crawl import (
    DEFAULT_CC_BASE_URL,
    InvalidWetPathsError,
    parse_wet_slice,
    read_wet_paths,
    resolve_inputs,
    select_paths,
    validate_crawl_id,
    wet_paths_url,
)
from c4pipe.io.http_stream import RemoteReadError
from tests.fixtures.http_server import Drop, FixtureServer, Status, Truncate
from tests.fixtures.paths import SHARED_DATA

WET_PATHS = SHARED_DATA / "wet-paths"
needs_shared = pytest.mark.skipif(
    not WET_PATHS.is_dir(), reason=f"real wet.paths listings not present: {WET_PATHS} (needs the ../shared checkout)"
)

# The real listings and the crawl each one belongs to.
LISTINGS = {
    "MonsieurPapin.jl__wet.paths.gz": "CC-MAIN-2026-08",
    "SLMv0.1__wet.paths.gz": "CC-MAIN-2026-30",
}

P = [f"crawl-data/CC-MAIN-2021-10/segments/1/wet/f{i:05d}.warc.wet.gz" for i in range(10)]


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def real_listings() -> dict[str, list[str]]:
    if not WET_PATHS.is_dir():
        pytest.skip(f"real wet.paths listings not present: {WET_PATHS} (needs the ../shared checkout)")
    return {name: read_wet_paths(WET_PATHS / name) for name in LISTINGS}


def _expected_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


# -- crawl ids and listing URLs ----------------------------------------------------


def test_wet_paths_url():
    assert DEFAULT_CC_BASE_URL == "https://data.commoncrawl.org/"
    assert wet_paths_url("CC-MAIN-2021-10") == "https://data.commoncrawl.org/crawl-data/CC-MAIN-2021-10/wet.paths.gz"
    assert wet_paths_url("CC-MAIN-2021-10", "http://127.0.0.1:8000") == (
        "http://127.0.0.1:8000/crawl-data/CC-MAIN-2021-10/wet.paths.gz"
    )
    assert wet_paths_url(" CC-MAIN-2013-20 ", "http://h/mirror/") == "http://h/mirror/crawl-data/CC-MAIN-2013-20/wet.paths.gz"


@pytest.mark.parametrize(
    "bad",
    ["", "CC-MAIN-2021", "cc-main-2021-10", "CC-MAIN-21-10", "CC-MAIN-2021-1", "CC-MAIN-2021-54",
     "CC-MAIN-2021-00", "CC-MAIN-2021-10/", "CC-NEWS-2021-10", "CC-MAIN-2021-10-x", "../CC-MAIN-2021-10"],
)
def test_invalid_crawl_ids(bad):
    with pytest.raises(ValueError, match="CC-MAIN-YYYY-WW|week"):
        validate_crawl_id(bad)
    with pytest.raises(ValueError):
        wet_paths_url(bad)


def test_crawl_id_error_names_the_id():
    with pytest.raises(ValueError, match="'CC-MAIN-2021'"):
        validate_crawl_id("CC-MAIN-2021")
    with pytest.raises(ValueError):
        validate_crawl_id(202110)  # type: ignore[arg-type]


# -- reading listings ------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_read_real_listings(real_listings, name):
    paths = real_listings[name]
    assert len(paths) == 100_000
    assert paths == _expected_lines(WET_PATHS / name)
    assert all(p.startswith(f"crawl-data/{LISTINGS[name]}/segments/") for p in paths)
    assert len(set(paths)) == len(paths)


@needs_shared
def test_read_plain_listing():
    paths = read_wet_paths(WET_PATHS / "ungoliant__test.wet.paths")
    assert len(paths) == 4
    assert paths[0].endswith("CC-MAIN-20210224165708-20210224195708-00000.warc.wet.gz")


@needs_shared
def test_invalid_listing_is_reported(caplog):
    listing = WET_PATHS / "ungoliant__test.invalid.wet.paths"
    with pytest.raises(InvalidWetPathsError) as info:
        read_wet_paths(listing)
    assert info.value.invalid == [(3, "this/url/will/404/for/sure/")]
    assert "line 3" in str(info.value) and "this/url/will/404/for/sure/" in str(info.value)
    assert str(listing) in str(info.value)
    with caplog.at_level(logging.WARNING, logger="c4pipe.io.crawl"):
        paths = read_wet_paths(listing, strict=False)
    assert len(paths) == 3 and all(p.endswith(".warc.wet.gz") for p in paths)
    assert "this/url/will/404/for/sure/" in caplog.text


def test_blank_lines_crlf_and_gzip_detection(tmp_path):
    text = "\r\n" + "\r\n\r\n".join(P[:3]) + "\r\n  \r\n"
    plain = tmp_path / "wet.paths"
    plain.write_text(text, newline="")
    assert read_wet_paths(plain) == P[:3]
    assert read_wet_paths(str(plain)) == P[:3]
    gz_without_suffix = tmp_path / "listing.txt"
    gz_without_suffix.write_bytes(gzip.compress(text.encode()))
    assert read_wet_paths(gz_without_suffix) == P[:3]
    empty = tmp_path / "empty.paths"
    empty.write_text("\n\n")
    assert read_wet_paths(empty) == []


def test_many_invalid_lines_are_summarised(tmp_path):
    listing = tmp_path / "bad.paths"
    listing.write_text("\n".join(["x"] * 8 + P[:1] + ["/abs/a.warc.wet.gz", "a/../b.warc.wet.gz", "a b.warc.wet.gz"]))
    with pytest.raises(InvalidWetPathsError) as info:
        read_wet_paths(listing)
    assert len(info.value.invalid) == 11
    assert "11 line(s)" in str(info.value) and "(and 6 more)" in str(info.value)


def test_corrupt_gzip_listing(tmp_path):
    listing = tmp_path / "wet.paths.gz"
    listing.write_bytes(gzip.compress("\n".join(P).encode())[:-30])
    with pytest.raises(ValueError, match="corrupt gzip"):
        read_wet_paths(listing)


@pytest.mark.parametrize(
    "line, ok",
    [
        (P[0], True),
        ("crawl-data/CC-MAIN-2021-10/segments/1/wet/x.warc.wet", True),
        ("https://data.commoncrawl.org/crawl-data/x/wet/y.warc.wet.gz", True),
        ("this/url/will/404/for/sure/", False),
        ("crawl-data/x/warc/y.warc.gz", False),
        ("/crawl-data/x.warc.wet.gz", False),
        ("crawl-data//x.warc.wet.gz", False),
        ("s3://commoncrawl/crawl-data/x.warc.wet.gz", False),
        ("https://host/x.warc.wet.gz?sig=1", False),
        ("", False),
    ],
)
def test_is_valid_wet_path(line, ok):
    assert crawl.is_valid_wet_path(line) is ok


# -- selecting subsets -------------------------------------------------------------------


def test_select_paths():
    assert select_paths(P) == P
    assert select_paths(P, wet_files=3) == P[:3]
    assert select_paths(P, wet_files=100) == P
    assert select_paths(P, wet_slice=(1, 4)) == [P[1], P[5], P[9]]
    assert select_paths(P, wet_slice="0/3") == [P[0], P[3], P[6], P[9]]
    assert select_paths(P, wet_files=6, wet_slice=(1, 2)) == [P[1], P[3], P[5]]
    assert select_paths(P, wet_slice=(0, 1)) == P


def test_slices_partition_the_listing():
    n = 4
    slices = [select_paths(P, wet_slice=(i, n)) for i in range(n)]
    assert sorted(p for s in slices for p in s) == sorted(P)
    assert sum(len(s) for s in slices) == len(P)


@needs_shared
def test_slices_of_a_real_listing(real_listings):
    paths = real_listings["SLMv0.1__wet.paths.gz"]
    picked = select_paths(paths, wet_slice=(7, 1000))
    assert len(picked) == 100
    assert picked == [paths[i] for i in range(7, 100_000, 1000)]
    assert select_paths(paths, wet_files=5) == paths[:5]
    assert select_paths(paths, wet_files=5) == select_paths(list(paths), wet_files=5)  # deterministic


@pytest.mark.parametrize("text, expected", [("0/1", (0, 1)), ("3/8", (3, 8)), (" 2/3 ", (2, 3)), ("007/10", (7, 10))])
def test_parse_wet_slice(text, expected):
    assert parse_wet_slice(text) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "i/n"), ("1", "i/n"), ("1/2/3", "i/n"), ("a/b", "i/n"), ("-1/2", "i/n"), ("1/-2", "i/n"),
        ("+1/2", "i/n"), ("1 / 2", "i/n"), ("1.0/2", "i/n"), ("0/0", "n must be >= 1"), ("4/4", "0 <= i < n"),
        ("5/2", "0 <= i < n"),
    ],
)
def test_parse_wet_slice_errors(text, reason):
    with pytest.raises(ValueError, match="invalid wet slice") as info:
        parse_wet_slice(text)
    assert reason in str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [{"wet_files": 0}, {"wet_files": -1}, {"wet_files": True}, {"wet_files": 1.5},
     {"wet_slice": (2, 2)}, {"wet_slice": (0, 0)}, {"wet_slice": (1,)}, {"wet_slice": ("0", "2")},
     {"wet_slice": "x"}],
)
def test_select_paths_errors(kwargs):
    with pytest.raises(ValueError):
        select_paths(P, **kwargs)


# -- resolving inputs ---------------------------------------------------------------------


def test_resolve_inputs_from_local_listing(tmp_path):
    listing = tmp_path / "wet.paths.gz"
    listing.write_bytes(gzip.compress(("\n".join(P) + "\n").encode()))
    urls = resolve_inputs(wet_paths_file=listing)
    assert urls == [DEFAULT_CC_BASE_URL + p for p in P]
    assert resolve_inputs(wet_paths_file=str(listing), cc_base_url="http://127.0.0.1:9", wet_files=2) == [
        "http://127.0.0.1:9/" + p for p in P[:2]
    ]
    assert resolve_inputs(wet_paths_file=listing, wet_slice="1/3", wet_files=7) == [
        DEFAULT_CC_BASE_URL + p for p in (P[1], P[4])
    ]


def test_resolve_inputs_keeps_absolute_urls(tmp_path):
    listing = tmp_path / "wet.paths"
    listing.write_text("http://127.0.0.1:1/a.warc.wet.gz\n" + P[0] + "\n")
    assert resolve_inputs(wet_paths_file=listing) == ["http://127.0.0.1:1/a.warc.wet.gz", DEFAULT_CC_BASE_URL + P[0]]


def test_resolve_inputs_argument_errors(tmp_path):
    listing = tmp_path / "wet.paths"
    listing.write_text("\n".join(P))
    with pytest.raises(ValueError, match="exactly one"):
        resolve_inputs()
    with pytest.raises(ValueError, match="exactly one"):
        resolve_inputs(crawl="CC-MAIN-2021-10", wet_paths_file=listing)
    with pytest.raises(ValueError, match="CC-MAIN-YYYY-WW"):
        resolve_inputs(crawl="2021-10")
    with pytest.raises(ValueError, match="invalid wet slice"):
        resolve_inputs(crawl="CC-MAIN-2021-10", wet_slice="3/3")  # fails before any fetch
    with pytest.raises(ValueError, match="no WET file selected"):
        resolve_inputs(wet_paths_file=listing, wet_files=2, wet_slice=(2, 3))
    empty = tmp_path / "empty.paths"
    empty.write_text("\n")
    with pytest.raises(ValueError, match="no WET paths"):
        resolve_inputs(wet_paths_file=empty)


@needs_shared
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_resolve_crawl_over_http(real_listings, name):
    crawl_id = LISTINGS[name]
    body = (WET_PATHS / name).read_bytes()
    with FixtureServer() as server:
        route = f"/crawl-data/{crawl_id}/wet.paths.gz"
        # The listing itself is fetched resiliently: a 503, then a dropped body.
        server.add(route, body, script=[Status(503), Drop(after=len(body) // 3)])
        base = server.base_url
        urls = resolve_inputs(crawl=crawl_id, cc_base_url=base, wet_slice="5/100", backoff=0.0)
        assert server.ranges(route) == [None, None, f"bytes={len(body) // 3}-"]
        expected = [base + p for p in real_listings[name][5::100]]
        assert urls == expected and len(urls) == 1000
        assert all(u.startswith(f"{base}crawl-data/{crawl_id}/segments/") for u in urls)

        # The whole listing over HTTP equals the local read, by listing URL too.
        assert read_wet_paths(server.url(route)) == real_listings[name]
        first = resolve_inputs(wet_paths_file=server.url(route), cc_base_url=base, wet_files=3)
        assert first == [base + p for p in real_listings[name][:3]]


def test_resolve_crawl_over_http_synthetic():
    body = gzip.compress(("\n".join(P) + "\n").encode())
    with FixtureServer() as server:
        server.add("/crawl-data/CC-MAIN-2021-10/wet.paths.gz", body, script=[Truncate(after=10)])
        urls = resolve_inputs(crawl="CC-MAIN-2021-10", cc_base_url=server.base_url.rstrip("/"), backoff=0.0)
        assert urls == [server.base_url + p for p in P]
        assert server.ranges("/crawl-data/CC-MAIN-2021-10/wet.paths.gz") == [None, "bytes=10-"]


def test_missing_crawl_listing_is_a_clear_error():
    with FixtureServer() as server:
        with pytest.raises(RemoteReadError) as info:
            resolve_inputs(crawl="CC-MAIN-2099-01", cc_base_url=server.base_url)
        assert "crawl-data/CC-MAIN-2099-01/wet.paths.gz" in str(info.value) and "404" in str(info.value)
        assert len(server.requests()) == 1
