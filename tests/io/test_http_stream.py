"""c4pipe.io.http_stream against a local server that misbehaves on purpose (127.0.0.1 only)."""

from __future__ import annotations

import gzip
import io
import random
import socket
import time

import pytest

from c4pipe.io import http_stream
from c4pipe.io.http_stream import RemoteReadError, ResilientHTTPReader, _parse_retry_after, open_url
from tests.fixtures.http_server import Drop, FixtureServer, Ok, Slow, Status, Truncate
from tests.fixtures.paths import SHARED_DATA

warcio = pytest.importorskip("warcio")
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

WHIRLWIND = SHARED_DATA / "wet/real/commoncrawl-whirlwind-python/whirlwind.warc.wet.gz"

CHUNK = 16 * 1024


def _make_wet_gz(records: int = 40, seed: int = 0) -> bytes:
    """A small gzip WET file (warcinfo + conversion records, one gzip member each)."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record("fixture.warc.wet.gz", {"software": "c4pipe tests", "format": "WET"})
    )
    for n in range(records):
        text = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(5, 30))) for _ in range(60))
        record = writer.create_warc_record(
            f"http://example.com/page/{n}",
            "conversion",
            payload=io.BytesIO(text.encode("utf-8")),
            warc_headers_dict={"Content-Type": "text/plain"},
        )
        writer.write_record(record)
    return out.getvalue()


@pytest.fixture(scope="module")
def wet_gz() -> bytes:
    data = _make_wet_gz()
    assert len(data) > 5 * CHUNK  # several reads, so failures can land mid-body
    return data


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    """urllib honours *_proxy variables; these tests must talk to 127.0.0.1 directly."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server():
    with FixtureServer() as srv:
        yield srv


class Sleeps(list):
    """An injected sleep that records delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _open(url, sleeps=None, **kwargs):
    kwargs.setdefault("backoff", 0.5)
    kwargs.setdefault("timeout", 2.0)
    kwargs.setdefault("chunk_size", CHUNK)
    return open_url(url, sleep=sleeps if sleeps is not None else Sleeps(), **kwargs)


def _records(stream) -> list[tuple[str, str | None, bytes]]:
    return [
        (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
        for r in ArchiveIterator(stream)
    ]


# -- the happy path ---------------------------------------------------------------


def test_plain_read_streams_whole_file(server, wet_gz):
    server.add("/f.wet.gz", wet_gz)
    with _open(server.url("/f.wet.gz")) as f:
        assert f.raw.size == len(wet_gz)
        assert f.read(100) == wet_gz[:100]
        assert f.tell() == 100
        assert f.read() == wet_gz[100:]
        assert f.read() == b""
    assert server.ranges("/f.wet.gz") == [None]
    headers = server.requests("/f.wet.gz")[0].headers
    assert headers.get("Accept-Encoding") == "identity"
    assert "c4pipe" in headers.get("User-Agent", "")


def test_warcio_reads_gzip_wet_through_stream(server, wet_gz):
    server.add("/f.wet.gz", wet_gz, script=[Drop(after=3 * CHUNK + 17)])
    expected = _records(io.BytesIO(wet_gz))
    assert len(expected) == 41 and expected[1][0] == "conversion"
    with _open(server.url("/f.wet.gz")) as f:
        assert _records(f) == expected
    assert server.ranges("/f.wet.gz") == [None, f"bytes={3 * CHUNK + 17}-"]


@pytest.mark.skipif(not WHIRLWIND.exists(), reason=f"real WET fixture not present: {WHIRLWIND} (needs ../shared)")
def test_real_whirlwind_wet_with_failures(server):
    body = WHIRLWIND.read_bytes()
    cut = len(body) // 3
    server.add("/whirlwind.warc.wet.gz", body, script=[Status(503), Truncate(after=cut)])
    sleeps = Sleeps()
    with _open(server.url("/whirlwind.warc.wet.gz"), sleeps) as f:
        records = _records(f)
    assert records == _records(io.BytesIO(body))
    assert any(rec_type == "conversion" for rec_type, _, _ in records)
    assert server.ranges("/whirlwind.warc.wet.gz") == [None, None, f"bytes={cut}-"]
    with _open(server.url("/whirlwind.warc.wet.gz")) as f:
        assert f.read() == body


# -- retried failures -------------------------------------------------------------


def test_503_then_ok_backs_off_exponentially(server, wet_gz):
    server.add("/f", wet_gz, script=[Status(503), Status(503), Status(500)])
    sleeps = Sleeps()
    with _open(server.url("/f"), sleeps, backoff=0.25) as f:
        assert f.read() == wet_gz
        assert f.raw.requests == 4
    assert server.ranges("/f") == [None] * 4
    assert sleeps == [0.25, 0.5, 1.0]


def test_backoff_is_capped(server, wet_gz):
    server.add("/f", wet_gz, script=[Status(502)] * 4)
    sleeps = Sleeps()
    with _open(server.url("/f"), sleeps, backoff=1.0, max_backoff=3.0) as f:
        assert f.read() == wet_gz
    assert sleeps == [1.0, 2.0, 3.0, 3.0]


def test_429_honours_retry_after(server, wet_gz):
    server.add("/f", wet_gz, script=[Status(429, {"Retry-After": "7"}), Status(503, {"Retry-After": "0"})])
    sleeps = Sleeps()
    with _open(server.url("/f"), sleeps, backoff=0.5) as f:
        assert f.read() == wet_gz
    assert len(server.requests("/f")) == 3
    assert sleeps == [7.0, 1.0]  # Retry-After wins when longer than the backoff


def test_connection_dropped_mid_body_resumes_with_range(server, wet_gz):
    k = 2 * CHUNK + 5
    server.add("/f", wet_gz, script=[Drop(after=k)])
    sleeps = Sleeps()
    with _open(server.url("/f"), sleeps) as f:
        assert f.read() == wet_gz
    assert server.ranges("/f") == [None, f"bytes={k}-"]
    assert sleeps == [0.5]


def test_truncated_bodies_resume_from_bytes_delivered(server, wet_gz):
    server.add("/f", wet_gz, script=[Truncate(after=1000), Truncate(after=2000), Drop(after=0)])
    sleeps = Sleeps()
    with _open(server.url("/f"), sleeps, max_tries=3) as f:
        assert f.read() == wet_gz
    # Each truncated response delivered bytes, so the failure count restarted each time:
    # the truncation is failure 1, the drop failure 2, and the 4th request succeeds.
    assert server.ranges("/f") == [None, "bytes=1000-", "bytes=3000-", "bytes=3000-"]
    assert sleeps == [0.5, 0.5, 1.0]


def test_repeated_drops_still_finish_when_each_try_progresses(server, wet_gz):
    k = len(wet_gz) // 4 + 1
    server.add("/f", wet_gz, default=Drop(after=k))
    with _open(server.url("/f"), max_tries=2) as f:
        assert f.read() == wet_gz
    assert server.ranges("/f") == [None, f"bytes={k}-", f"bytes={2 * k}-", f"bytes={3 * k}-"]


def test_read_timeout_before_headers_is_retried(server, wet_gz):
    server.add("/f", wet_gz, script=[Slow(delay=3.0)])
    sleeps = Sleeps()
    started = time.monotonic()
    with _open(server.url("/f"), sleeps, timeout=0.3) as f:
        assert f.read() == wet_gz
    assert time.monotonic() - started < 2.5
    assert server.ranges("/f") == [None, None]
    assert sleeps == [0.5]


def test_read_timeout_mid_body_resumes(server, wet_gz):
    k = CHUNK + 3
    server.add("/f", wet_gz, script=[Slow(delay=3.0, after=k)])
    with _open(server.url("/f"), timeout=0.3) as f:
        assert f.read() == wet_gz
    assert server.ranges("/f") == [None, f"bytes={k}-"]


def test_server_ignoring_range_is_skipped_to_offset(server, wet_gz):
    k = 3 * CHUNK + 1
    server.add("/f", wet_gz, script=[Drop(after=k, honor_range=False)], default=Ok(honor_range=False))
    with _open(server.url("/f")) as f:
        assert f.read() == wet_gz
    assert server.ranges("/f") == [None, f"bytes={k}-"]


def test_connection_refused_gives_up_with_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/nothing.wet.gz"
    sleeps = Sleeps()
    with pytest.raises(RemoteReadError) as info:
        _open(url, sleeps, max_tries=3)
    assert url in str(info.value)
    assert info.value.attempts == 3
    assert sleeps == [0.5, 1.0]


# -- giving up ----------------------------------------------------------------------


def test_404_is_not_retried(server):
    sleeps = Sleeps()
    url = server.url("/missing.wet.gz")
    with pytest.raises(RemoteReadError) as info:
        _open(url, sleeps)
    error = info.value
    assert isinstance(error, IOError)
    assert error.status == 404 and error.url == url
    assert url in str(error) and "404" in str(error) and "not retried" in str(error)
    assert len(server.requests("/missing.wet.gz")) == 1
    assert sleeps == []


def test_403_mid_read_is_not_retried(server, wet_gz):
    server.add("/f", wet_gz, script=[Truncate(after=500), Status(403)])
    with _open(server.url("/f")) as f:
        with pytest.raises(RemoteReadError) as info:
            f.read()
    assert info.value.status == 403 and info.value.offset == 500
    assert server.ranges("/f") == [None, "bytes=500-"]


def test_always_503_gives_up_after_max_tries(server, wet_gz):
    server.add("/f", wet_gz, default=Status(503))
    sleeps = Sleeps()
    url = server.url("/f")
    with pytest.raises(RemoteReadError) as info:
        _open(url, sleeps, max_tries=3, backoff=0.1)
    error = info.value
    assert url in str(error) and "503" in str(error) and "3 tries" in str(error)
    assert error.attempts == 3 and error.status == 503
    assert len(server.requests("/f")) == 3
    assert sleeps == pytest.approx([0.1, 0.2])


def test_gives_up_mid_body_naming_offset(server, wet_gz):
    server.add("/f", wet_gz, script=[Truncate(after=777)], default=Status(503))
    url = server.url("/f")
    with _open(url, max_tries=2) as f:
        with pytest.raises(RemoteReadError) as info:
            f.read()
    # The truncation is failed try 1, the 503 failed try 2: give up.
    assert info.value.offset == 777 and info.value.attempts == 2 and info.value.status == 503
    assert url in str(info.value) and "byte 777" in str(info.value)
    assert server.ranges("/f") == [None, "bytes=777-"]


def test_file_changed_during_read_is_an_error(server, wet_gz):
    server.add("/f", wet_gz, script=[Truncate(after=100), Ok(body=wet_gz + b"more", etag='"other"')])
    with _open(server.url("/f")) as f:
        with pytest.raises(RemoteReadError, match="changed"):
            f.read()
    assert len(server.requests("/f")) == 2


def test_size_change_without_etag_is_an_error(server, wet_gz):
    server.add("/f", wet_gz, script=[Truncate(after=100, etag=None), Ok(body=wet_gz[:-10], etag=None)])
    with _open(server.url("/f")) as f:
        with pytest.raises(RemoteReadError, match="changed size"):
            f.read()


# -- seeking ---------------------------------------------------------------------


def test_seek_and_tell(server, wet_gz, monkeypatch):
    monkeypatch.setattr(http_stream, "_SEEK_READ_THROUGH", 1000)
    server.add("/f", wet_gz)
    with _open(server.url("/f")) as f:
        assert f.seekable()
        f.seek(10)  # short forward seek: reads through the open response
        assert f.read(5) == wet_gz[10:15]
        far = len(wet_gz) // 2
        f.seek(far)  # long forward seek: a new ranged request
        assert f.tell() == far
        assert f.read(100) == wet_gz[far : far + 100]
        f.seek(3)  # backwards: a new ranged request
        assert f.read(4) == wet_gz[3:7]
        f.seek(-8, io.SEEK_END)
        assert f.read() == wet_gz[-8:]
        f.seek(len(wet_gz) + 50)
        assert f.read() == b""
    assert server.ranges("/f")[0] is None
    assert f"bytes={far}-" in server.ranges("/f")


def test_seek_past_end_before_reading_reaches_eof_via_416(server, wet_gz, monkeypatch):
    monkeypatch.setattr(http_stream, "_SEEK_READ_THROUGH", 1000)
    server.add("/f", wet_gz)
    raw = ResilientHTTPReader(server.url("/f"), sleep=Sleeps())
    try:
        raw.size = None  # pretend the size is unknown, so the server must say 416
        raw.seek(len(wet_gz) + 10)
        assert raw.read(10) == b""
        assert raw.size == len(wet_gz)
    finally:
        raw.close()
    assert server.ranges("/f") == [None, f"bytes={len(wet_gz) + 10}-"]


# -- small pieces ------------------------------------------------------------------


def test_gzip_wrapper_streams(server, wet_gz):
    text = b"".join(b"line %d\n" % i for i in range(20000))
    body = gzip.compress(text)
    server.add("/t.gz", body, script=[Drop(after=len(body) // 2)])
    with _open(server.url("/t.gz")) as f, gzip.GzipFile(fileobj=f) as g:
        assert g.read() == text


def test_rejects_non_http_urls():
    with pytest.raises(ValueError, match="http"):
        open_url("ftp://example.com/x")
    with pytest.raises(ValueError):
        open_url("http://127.0.0.1:1/x", max_tries=0)


def test_parse_retry_after():
    assert _parse_retry_after("12") == 12.0
    assert _parse_retry_after(None) is None
    assert _parse_retry_after("soon") is None
    now = 1_000_000_000.0
    assert _parse_retry_after("Sun, 09 Sep 2001 01:46:50 GMT", now=lambda: now) == pytest.approx(10.0)


def test_jitter_is_deterministic_with_rng(server, wet_gz):
    server.add("/f", wet_gz, script=[Status(503), Status(503)])
    sleeps = Sleeps()
    with _open(server.url("/f"), sleeps, backoff=1.0, jitter=0.5, rng=random.Random(1)) as f:
        assert f.read() == wet_gz
    expected_rng = random.Random(1)
    assert sleeps == [1.0 * (1 + 0.5 * expected_rng.random()), 2.0 * (1 + 0.5 * expected_rng.random())]

