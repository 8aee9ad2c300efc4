"""A local HTTP server that misbehaves on purpose, for tests of c4pipe.io.http_stream.

    with FixtureServer() as server:
        server.add("/f.gz", body, script=[Status(503), Drop(after=1000)])
        url = server.url("/f.gz")
        ...
        assert server.ranges("/f.gz") == [None, None, "bytes=1000-"]

Each path has a body, a *script* (behaviours used by its first requests, in order)
and a *default* behaviour (used once the script is spent). Behaviours:

* ``Ok()``: 200, or 206 for a ``Range: bytes=N-[M]`` request (416 past the end);
  ``Ok(honor_range=False)`` always answers 200 with the whole body.
* ``Status(code, headers, body)``: a plain answer, e.g. 503, 429 with Retry-After, 404.
* ``Drop(after=K)``: announce the full Content-Length, send K body bytes, then reset
  the connection (TCP RST).
* ``Truncate(after=K)``: announce the full Content-Length, send K body bytes, then
  close the connection cleanly (FIN): a body shorter than its Content-Length.
* ``Slow(delay, after=None)``: stall ``delay`` seconds before the status line
  (``after=None``) or after K body bytes, then send the rest.

Drop, Truncate and Slow honour Range like Ok. Every behaviour may replace the body
(``body=...``) to simulate a file that changed. The server binds 127.0.0.1 on a free
port, serves from a daemon thread and records every request (method, path, Range).
Stalls wait on an event that ``stop()`` sets, so shutdown is quick.
"""

from __future__ import annotations

import dataclasses
import http.server
import socket
import struct
import threading
from typing import Iterable

__all__ = ["Drop", "FixtureServer", "Ok", "RequestRecord", "Slow", "Status", "Truncate"]

ETAG = '"c4pipe-fixture"'


@dataclasses.dataclass(frozen=True)
class Ok:
    honor_range: bool = True
    body: bytes | None = None
    etag: str | None = ETAG


@dataclasses.dataclass(frozen=True)
class Status:
    code: int
    headers: dict = dataclasses.field(default_factory=dict)
    body: bytes = b""


@dataclasses.dataclass(frozen=True)
class Drop:
    after: int
    honor_range: bool = True
    body: bytes | None = None
    etag: str | None = ETAG


@dataclasses.dataclass(frozen=True)
class Truncate:
    after: int
    honor_range: bool = True
    body: bytes | None = None
    etag: str | None = ETAG


@dataclasses.dataclass(frozen=True)
class Slow:
    delay: float
    after: int | None = None
    honor_range: bool = True
    body: bytes | None = None
    etag: str | None = ETAG


@dataclasses.dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    range: str | None
    headers: dict


@dataclasses.dataclass
class _Route:
    body: bytes
    script: list
    default: object


def _parse_range(value: str | None, size: int):
    """(start, end_inclusive) for a single 'bytes=N-[M]' range, else None."""
    if not value or not value.startswith("bytes="):
        return None
    spec = value[len("bytes=") :].strip()
    if "," in spec or "-" not in spec:
        return None
    first, last = spec.split("-", 1)
    if not first.isdigit():
        return None
    start = int(first)
    end = int(last) if last.isdigit() else size - 1
    return start, min(end, size - 1)


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "c4pipe-fixture/1"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):  # noqa: N802
        fixture: FixtureServer = self.server.fixture
        path = self.path.split("?", 1)[0]
        record = RequestRecord("GET", path, self.headers.get("Range"), dict(self.headers.items()))
        behaviour, body = fixture._next(path, record)
        self.close_connection = True
        try:
            self._respond(fixture, behaviour, body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up (e.g. its read timeout fired); fine

    def _respond(self, fixture: "FixtureServer", behaviour, body: bytes | None) -> None:
        if behaviour is None or body is None:
            self._plain(404, {}, b"not found\n")
            return
        if isinstance(behaviour, Status):
            self._plain(behaviour.code, behaviour.headers, behaviour.body)
            return
        if behaviour.body is not None:
            body = behaviour.body
        size = len(body)
        wanted = _parse_range(self.headers.get("Range"), size) if behaviour.honor_range else None
        headers = {"Accept-Ranges": "bytes" if behaviour.honor_range else "none"}
        if behaviour.etag:
            headers["ETag"] = behaviour.etag
        if wanted is not None:
            start, end = wanted
            if start >= size:
                self._plain(416, {"Content-Range": f"bytes */{size}"}, b"")
                return
            status = 206
            payload = body[start : end + 1]
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        else:
            status = 200
            payload = body
        if isinstance(behaviour, Slow) and behaviour.after is None:
            fixture._stopping.wait(behaviour.delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if isinstance(behaviour, (Drop, Truncate)):
            self.wfile.write(payload[: behaviour.after])
            self.wfile.flush()
            if isinstance(behaviour, Drop):
                fixture._stopping.wait(0.05)  # let the bytes reach the client first
                self._reset_connection()
            return  # Truncate: the handler ends and the server closes with FIN
        if isinstance(behaviour, Slow) and behaviour.after is not None:
            self.wfile.write(payload[: behaviour.after])
            self.wfile.flush()
            fixture._stopping.wait(behaviour.delay)
            payload = payload[behaviour.after :]
        self.wfile.write(payload)

    def _plain(self, code: int, headers: dict, body: bytes) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _reset_connection(self) -> None:
        """Abort the TCP connection (RST) instead of closing it cleanly."""
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # The makefile() objects hold references; close them so close() really closes.
        self.rfile.close()
        self.wfile.close()
        sock.close()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):  # noqa: D401 - quiet on client aborts
        pass


class FixtureServer:
    """A scripted, misbehaving HTTP server on 127.0.0.1 (use as a context manager)."""

    def __init__(self) -> None:
        self._routes: dict[str, _Route] = {}
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- configuration -------------------------------------------------------------

    def add(self, path: str, body: bytes, script: Iterable = (), default=None) -> str:
        """Serve `body` at `path`; returns the full URL."""
        if not path.startswith("/"):
            path = "/" + path
        with self._lock:
            self._routes[path] = _Route(bytes(body), list(script), default if default is not None else Ok())
        return self.url(path) if self._server else path

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> "FixtureServer":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fixture = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> "FixtureServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- addresses and records -----------------------------------------------------

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def requests(self, path: str | None = None) -> list[RequestRecord]:
        with self._lock:
            return [r for r in self._records if path is None or r.path == path]

    def ranges(self, path: str | None = None) -> list[str | None]:
        return [r.range for r in self.requests(path)]

    # -- used by the handler -------------------------------------------------------

    def _next(self, path: str, record: RequestRecord):
        with self._lock:
            self._records.append(record)
            route = self._routes.get(path)
            if route is None:
                return None, None
            behaviour = route.script.pop(0) if route.script else route.default
            return behaviour, route.body
