"""A resilient, streaming, read-only file object over HTTP(S).

Common Crawl WET files are large (~100-150 MB gzip each) and served from a CDN that
answers 503 "Slow Down" under load, drops connections and occasionally truncates
bodies. `open_url` returns a binary file object that streams the body (it never holds
more than one buffer of it), and on any transient failure re-requests the rest of the
file with ``Range: bytes=N-`` from the byte offset it has already handed to the
caller, so readers such as gzip or ``warcio.archiveiterator.ArchiveIterator`` never
see the failure.

Failures that are retried, with exponential backoff (and ``Retry-After`` honoured):

* HTTP 5xx, 408 and 429 answers;
* connection errors (refused, reset, DNS) and read timeouts (``timeout`` applies to
  the connect and to every socket read of every request);
* dropped connections and truncated bodies (fewer bytes than announced);
* a 206 answer for the wrong range.

A server that ignores ``Range`` (answers 200 with the whole file) is handled by
skipping the bytes already delivered. Other 4xx answers (404, 403, ...) are not
retried. ``max_tries`` bounds the number of failed requests in a row; a request that
delivers bytes before it fails counts as the first failure of a new run, so a long
download may survive many independent hiccups (each resumed where it stopped) while a
dead URL fails after ``max_tries`` requests.
When it gives up, a :class:`RemoteReadError` names the URL, the byte offset and the
last error.
"""

from __future__ import annotations

import email.utils
import http.client
import io
import logging
import random
import re
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_TIMEOUT",
    "RETRY_STATUSES",
    "RemoteReadError",
    "ResilientHTTPReader",
    "open_url",
]

log = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 1 << 20  # read / buffer size, bytes
DEFAULT_TIMEOUT = 60.0  # seconds, per connect and per socket read
DEFAULT_BACKOFF = 1.0  # seconds before the 2nd try; doubles on each further try
DEFAULT_MAX_BACKOFF = 60.0
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 509, 520, 521, 522, 523, 524})
USER_AGENT = "c4pipe/0.1 (Common Crawl WET reader; Python urllib)"

# A forward seek shorter than this reads through the open response instead of
# opening a new ranged request.
_SEEK_READ_THROUGH = 4 * DEFAULT_CHUNK_SIZE

_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)
_UNSATISFIED_RANGE = re.compile(r"^\s*bytes\s+\*/(\d+)\s*$", re.IGNORECASE)


class RemoteReadError(IOError):
    """Reading a URL failed for good (a non-retryable answer, or retries exhausted).

    Attributes: ``url``, ``offset`` (bytes delivered when it failed), ``attempts``
    (requests in a row that failed), ``status`` (HTTP status of the last answer, or
    None) and ``last_error`` (a description of the last failure).
    """

    def __init__(
        self,
        url: str,
        last_error: str,
        *,
        offset: int = 0,
        attempts: int = 1,
        status: int | None = None,
        retried: bool = True,
    ) -> None:
        self.url = url
        self.last_error = last_error
        self.offset = offset
        self.attempts = attempts
        self.status = status
        if retried:
            what = f"gave up after {attempts} tr{'y' if attempts == 1 else 'ies'}"
        else:
            what = "not retried"
        super().__init__(f"reading {url} failed at byte {offset} ({what}): {last_error}")


class _Transient(Exception):
    """A failure worth another request."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def _parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now())


def _describe(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, _Transient):
        return text
    name = type(error).__name__
    return f"{name}: {text}" if text else name


class ResilientHTTPReader(io.RawIOBase):
    """Raw, read-only, seekable binary stream over one HTTP(S) URL.

    Use :func:`open_url`, which wraps it in an ``io.BufferedReader``. The first
    request is made by the constructor, so a missing file fails at open time.
    Seeking is supported (forward seeks are cheap; any seek costs at most one new
    ranged request); ``size`` is the file's length once a response has told it.
    """

    def __init__(
        self,
        url: str,
        *,
        max_tries: int = 5,
        backoff: float = DEFAULT_BACKOFF,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        jitter: float = 0.0,
        timeout: float | None = DEFAULT_TIMEOUT,
        headers: dict[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        super().__init__()
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url!r}")
        if max_tries < 1:
            raise ValueError(f"max_tries must be >= 1, got {max_tries}")
        if backoff < 0 or max_backoff < 0 or jitter < 0:
            raise ValueError("backoff, max_backoff and jitter must be >= 0")
        self.url = url
        self.name = url
        self.max_tries = max_tries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.jitter = jitter
        self.timeout = timeout
        self.size: int | None = None
        self.requests = 0  # HTTP requests made so far (all tries)
        self._headers = dict(headers or {})
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._opener = opener or urllib.request.build_opener()
        self._pos = 0  # bytes delivered to the caller == offset of the next byte
        self._resp: http.client.HTTPResponse | None = None
        self._expected_end: int | None = None  # offset where the current body ends
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._eof = False
        self._failures = 0
        self._fill(first=True)

    # -- io.RawIOBase -------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        self._checkClosed()
        return self._pos

    def readinto(self, buffer) -> int:
        self._checkClosed()
        view = memoryview(buffer).cast("B")
        if not len(view):
            return 0
        while True:
            if not self._fill():
                return 0
            try:
                data = self._resp.read1(len(view))
                if not data:
                    if self._expected_end is not None and self._pos < self._expected_end:
                        raise _Transient(
                            f"body truncated: connection closed at byte {self._pos}, "
                            f"expected {self._expected_end}"
                        )
                    self._eof = True
                    if self.size is None:
                        self.size = self._pos
                    self._release()
                    return 0
            except (OSError, http.client.HTTPException, _Transient) as error:
                self._failed(error)
                continue
            n = len(data)
            view[:n] = data
            self._pos += n
            self._failures = 0
            return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._checkClosed()
        if whence == io.SEEK_SET:
            target = offset
        elif whence == io.SEEK_CUR:
            target = self._pos + offset
        elif whence == io.SEEK_END:
            if self.size is None:
                raise io.UnsupportedOperation(f"size of {self.url} is unknown; cannot seek from the end")
            target = self.size + offset
        else:
            raise ValueError(f"invalid whence: {whence!r}")
        if target < 0:
            raise ValueError(f"negative seek position {target}")
        if target == self._pos:
            return target
        distance = target - self._pos
        if self._resp is not None and 0 < distance <= _SEEK_READ_THROUGH:
            self._skip_forward(distance)
            if self._pos == target:
                return target
        self._release()
        self._pos = target
        self._eof = self.size is not None and target >= self.size
        return target

    def close(self) -> None:
        if not self.closed:
            self._release()
        super().close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url!r} pos={self._pos} size={self.size}>"

    # -- internals ------------------------------------------------------------------

    def _skip_forward(self, count: int) -> None:
        """Read and drop up to `count` bytes of the open response (best effort)."""
        scratch = bytearray(min(count, DEFAULT_CHUNK_SIZE))
        while count > 0:
            got = self.readinto(memoryview(scratch)[: min(count, len(scratch))])
            if not got:
                return
            count -= got

    def _release(self) -> None:
        resp, self._resp = self._resp, None
        self._expected_end = None
        if resp is not None:
            try:
                resp.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail
                pass

    def _fill(self, first: bool = False) -> bool:
        """Ensure an open response positioned at self._pos; False at end of file."""
        while self._resp is None:
            if self._eof or (self.size is not None and self._pos >= self.size):
                self._eof = True
                return False
            try:
                self._request()
            except (OSError, http.client.HTTPException, _Transient) as error:
                self._failed(error)
        return True

    def _failed(self, error: BaseException) -> None:
        """Record a failed try: re-raise fatal errors, give up, or sleep before the next."""
        self._release()
        if isinstance(error, RemoteReadError):
            raise error
        self._failures += 1
        description = _describe(error)
        status = getattr(error, "status", None)
        if self._failures >= self.max_tries:
            raise RemoteReadError(
                self.url,
                description,
                offset=self._pos,
                attempts=self._failures,
                status=status,
            ) from (error if not isinstance(error, _Transient) else None)
        delay = self.backoff * (2 ** (self._failures - 1))
        if self.jitter:
            delay *= 1.0 + self.jitter * self._rng.random()
        delay = min(delay, self.max_backoff)
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_backoff))
        log.warning(
            "%s: try %d/%d failed at byte %d (%s); retrying in %.2fs",
            self.url,
            self._failures,
            self.max_tries,
            self._pos,
            description,
            delay,
        )
        if delay > 0:
            self._sleep(delay)

    def _request(self) -> None:
        """Make one request for bytes self._pos.. and leave the response in self._resp."""
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **self._headers}
        if self._pos > 0:
            headers["Range"] = f"bytes={self._pos}-"
        request = urllib.request.Request(self.url, headers=headers, method="GET")
        self.requests += 1
        try:
            resp = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            status = error.code
            response_headers = error.headers
            reason = error.reason
            try:
                error.close()
            except Exception:  # noqa: BLE001
                pass
            if status == 416:
                self._range_not_satisfiable(response_headers)
                return
            if status in RETRY_STATUSES:
                raise _Transient(
                    f"HTTP {status} {reason}",
                    status=status,
                    retry_after=_parse_retry_after(response_headers.get("Retry-After") if response_headers else None),
                ) from None
            raise RemoteReadError(
                self.url,
                f"HTTP {status} {reason}",
                offset=self._pos,
                attempts=self._failures + 1,
                status=status,
                retried=False,
            ) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise RemoteReadError(
                    self.url, _describe(reason), offset=self._pos, attempts=self._failures + 1, retried=False
                ) from error
            raise _Transient(_describe(reason) if isinstance(reason, BaseException) else str(reason)) from None
        try:
            self._accept(resp)
        except BaseException:
            resp.close()
            raise

    def _range_not_satisfiable(self, headers) -> None:
        match = _UNSATISFIED_RANGE.match((headers or {}).get("Content-Range", "") or "")
        total = int(match.group(1)) if match else self.size
        if total is not None and self._pos >= total:
            self._check_size(total)
            self.size = total
            self._eof = True  # asked for bytes past the end: end of file
            return
        raise _Transient(f"HTTP 416 Range Not Satisfiable for bytes={self._pos}- (size {total})", status=416)

    def _accept(self, resp: http.client.HTTPResponse) -> None:
        status = resp.status
        headers = resp.headers
        self._check_identity(headers)
        length = headers.get("Content-Length")
        length = int(length) if length and length.strip().isdigit() else None
        if status == 206:
            content_range = headers.get("Content-Range", "")
            match = _CONTENT_RANGE.match(content_range)
            if not match:
                raise _Transient(f"HTTP 206 with unusable Content-Range {content_range!r}", status=206)
            start, end, total = int(match.group(1)), int(match.group(2)), match.group(3)
            if total != "*":
                self._check_size(int(total))
                self.size = int(total)
            if start > self._pos:
                raise _Transient(
                    f"HTTP 206 for bytes {start}-{end}, but bytes from {self._pos} were requested", status=206
                )
            self._resp = resp
            self._expected_end = end + 1
            if start < self._pos:
                self._discard(resp, self._pos - start)
            return
        if 200 <= status < 300:
            if length is not None:
                self._check_size(length)
                self.size = length
            self._expected_end = self.size
            self._resp = resp
            if self._pos > 0:
                # The server ignored Range and sent the whole file: skip what we have.
                log.info("%s: server ignored Range; skipping %d bytes", self.url, self._pos)
                self._discard(resp, self._pos)
            return
        raise _Transient(f"unexpected HTTP {status} {resp.reason}", status=status)

    def _discard(self, resp: http.client.HTTPResponse, count: int) -> None:
        while count > 0:
            data = resp.read1(min(count, DEFAULT_CHUNK_SIZE))
            if not data:
                self._resp = None
                raise _Transient(f"body ended while skipping to byte {self._pos}")
            count -= len(data)

    def _check_size(self, total: int) -> None:
        if self.size is not None and total != self.size:
            raise RemoteReadError(
                self.url,
                f"remote file changed size during the read ({self.size} -> {total} bytes)",
                offset=self._pos,
                attempts=self._failures + 1,
                retried=False,
            )

    def _check_identity(self, headers) -> None:
        etag = headers.get("ETag")
        last_modified = headers.get("Last-Modified")
        changed = (etag and self._etag and etag != self._etag) or (
            not etag and last_modified and self._last_modified and last_modified != self._last_modified
        )
        if changed:
            raise RemoteReadError(
                self.url,
                "remote file changed during the read "
                f"(ETag {self._etag!r} -> {etag!r}, Last-Modified {self._last_modified!r} -> {last_modified!r})",
                offset=self._pos,
                attempts=self._failures + 1,
                retried=False,
            )
        self._etag = self._etag or etag
        self._last_modified = self._last_modified or last_modified


def open_url(
    url: str,
    *,
    max_tries: int = 5,
    backoff: float = DEFAULT_BACKOFF,
    max_backoff: float = DEFAULT_MAX_BACKOFF,
    jitter: float = 0.0,
    timeout: float | None = DEFAULT_TIMEOUT,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    headers: dict[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> io.BufferedReader:
    """Open an http(s) URL as a buffered, read-only, seekable binary file.

    ``max_tries``: failed requests in a row before :class:`RemoteReadError` is raised
    (a request that delivered bytes before failing starts a new run at 1). ``backoff``: seconds slept after the first
    failure, doubled after each further one, capped at ``max_backoff`` (a larger
    ``Retry-After`` wins, up to the same cap); ``jitter`` multiplies each delay by a
    random factor in [1, 1 + jitter) (drawn from ``rng``). ``timeout``: seconds for the
    connect and for each socket read of every request. ``chunk_size``: buffer size and
    largest single socket read. ``sleep`` is injectable for tests.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
    raw = ResilientHTTPReader(
        url,
        max_tries=max_tries,
        backoff=backoff,
        max_backoff=max_backoff,
        jitter=jitter,
        timeout=timeout,
        headers=headers,
        sleep=sleep,
        rng=rng,
    )
    return io.BufferedReader(raw, buffer_size=chunk_size)
