"""Reading Common Crawl WET files into pages.

Two framings share one way of turning a record's lines into a page:

* strict: warcio frames the records (by Content-Length) and decompresses gzip
  members itself, which is much faster than decompressing in front of it;
* lenient: the reference's own line framing (a line `WARC/1.0` starts a record),
  used from the first record where strict framing fails or looks wrong (a body that
  contains a `WARC/1.0` line, a record not followed by a blank line). Hand-made
  WET files with wrong Content-Length values, such as the reference's own test
  data, are read exactly as the reference reads them.

Inside a record, the reference's quirks are kept on purpose (parity): every line is
stripped, empty lines are skipped, lines starting with `WARC`, `CONTENT-` or
`Content-` are dropped from the text, and header-looking lines set the fields even
inside a body. Only `conversion` records become pages.

Nothing is lost silently: each record read is counted exactly once, as a page
(`passed`), a skipped record type, one of the reference's `filtered:*` reasons, or a
truncated record; file-level problems get their own counters and a log line naming
the file.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from typing import BinaryIO, Callable, Iterable, Iterator, Optional

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from c4pipe.counters import Count
from c4pipe.pages import Page
from c4pipe.urls import normalize_url

log = logging.getLogger(__name__)

COUNTER_NAMESPACE = "split-wet-file"  # the reference's namespace

_RECORD_START = "WARC/1.0"
_URL_KEY = "WARC-Target-URI:"
_DATE_KEY = "WARC-Date:"
_TYPE_KEY = "WARC-Type:"
_CONTENT_TYPE_KEY = "Content-Type:"
_CONTENT_LENGTH_KEY = "Content-Length:"
_METADATA_PREFIXES = ("WARC", "CONTENT-", "Content-")
_GZIP_MAGIC = b"\x1f\x8b"
_DECOMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

Opener = Callable[[], BinaryIO]


class _RecordBuilder:
    """Folds a record's lines into page fields the way the reference does."""

    __slots__ = ("url", "timestamp", "content_type", "content_length", "warc_type", "lines")

    def __init__(self):
        self.url = self.timestamp = self.content_type = self.content_length = ""
        self.warc_type = ""
        self.lines: list[str] = []

    def feed(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if line.startswith(_METADATA_PREFIXES):
            if line.startswith(_URL_KEY):
                self.url = line[len(_URL_KEY) :].strip()
            elif line.startswith(_DATE_KEY):
                self.timestamp = line[len(_DATE_KEY) :].strip()
            elif line.startswith(_TYPE_KEY):
                self.warc_type = line[len(_TYPE_KEY) :].strip()
            elif line.startswith(_CONTENT_TYPE_KEY):
                self.content_type = line[len(_CONTENT_TYPE_KEY) :].strip()
            elif line.startswith(_CONTENT_LENGTH_KEY):
                self.content_length = line[len(_CONTENT_LENGTH_KEY) :].strip()
            return
        self.lines.append(line)

    def feed_text(self, text: str) -> None:
        """Feeds text split on universal newlines (\\n, \\r, \\r\\n), as the reference reads it."""
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            self.feed(line)

    def finish(self, count: Count) -> Optional[Page]:
        """The page, or None with the reason counted (exactly one counter per record)."""
        if self.warc_type and self.warc_type != "conversion":
            count(f"skipped:{self.warc_type}")
            return None
        text = "\n".join(self.lines)
        if not self.url:
            count("filtered:no_url")
        elif not text:
            count("filtered:no_content")
        elif not self.timestamp:
            count("filtered:no_timestamp")
        else:
            count("passed")
            return Page(
                url=self.url,
                normalized_url=normalize_url(self.url),
                text=text,
                timestamp=self.timestamp,
                content_type=self.content_type,
                content_length=self.content_length,
            )
        return None


def _decode(data: bytes, count: Count) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        count("decode:invalid_utf8")
        return data.decode("utf-8", errors="replace")


class _FramingLost(Exception):
    """Strict framing failed; continue leniently from `offset`, skipping `skip` records."""

    def __init__(self, offset: int, skip: int, reason: str):
        super().__init__(reason)
        self.offset, self.skip, self.reason = offset, skip, reason


class _CheckedArchiveIterator(ArchiveIterator):
    """warcio's iterator, remembering whether the last gzip member really ended.

    warcio treats a gzip member cut short at the end of a file as the end of the
    records; this flag is how a truncated download gets counted instead.
    """

    ended_cleanly = True

    def close(self):
        decompressor = self.reader.decompressor if self.reader else None
        if decompressor is not None and not decompressor.eof:
            self.ended_cleanly = False
        super().close()


def _strict_pages(stream: BinaryIO, count: Count) -> Iterator[Optional[Page]]:
    """Pages framed by warcio; raises _FramingLost where the framing cannot be trusted.

    Each record is finished only once the next one has been framed (or the file
    ended cleanly), so a record cut short by truncation is never emitted.
    """
    records = _CheckedArchiveIterator(stream)
    emitted = 0
    pending: Optional[_RecordBuilder] = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            if pending is not None:
                yield pending.finish(count)
                pending = None
            if not records.ended_cleanly:
                raise EOFError("the last gzip member ends early") from None
            break
        except ArchiveLoadFailed as error:
            if pending is not None:  # complete, and followed by its blank lines
                emitted += 1
                yield pending.finish(count)
            non_chunked_gzip = "non-chunked gzip" in str(error)
            raise _FramingLost(
                0 if non_chunked_gzip else records.offset,
                emitted if non_chunked_gzip else 0,
                str(error).strip().splitlines()[0],
            ) from None
        except (OSError, EOFError, zlib.error):
            if pending is not None:  # complete: the failure is in the record after it
                yield pending.finish(count)
            raise
        if pending is not None:
            emitted += 1
            yield pending.finish(count)
            pending = None
        if record.format != "warc":  # warcio also reads ARC; a WET file never is one
            raise _FramingLost(records.offset, 0, f"not a WARC record ({record.format})")
        errors_before = records.err_count
        body = record.content_stream().read()
        offset = records.get_record_offset()  # also reads the trailer: err_count now covers it
        decompressor = records.reader.decompressor if records.reader else None
        if decompressor is not None and not decompressor.eof:
            raise EOFError(f"the gzip member at byte {offset} ends early")
        declared = record.rec_headers.get_header("Content-Length", "")
        if declared.isdigit() and len(body) < int(declared):
            raise _FramingLost(offset, 0, "record shorter than its Content-Length")
        text = _decode(body, count)
        if records.err_count > errors_before:
            raise _FramingLost(offset, 0, "Content-Length does not match the record")
        if _has_record_start(text):
            raise _FramingLost(offset, 0, "a 'WARC/1.0' line inside a record body (the reference starts a record there)")
        pending = _RecordBuilder()
        for name, value in record.rec_headers.headers:
            pending.feed(f"{name}: {value}")
        pending.feed_text(text)
    if pending is not None:
        yield pending.finish(count)


def _has_record_start(text: str) -> bool:
    if _RECORD_START not in text:
        return False
    return any(line.strip() == _RECORD_START for line in text.replace("\r", "\n").split("\n"))


def _lines_from(stream: BinaryIO, count: Count) -> Iterator[str]:
    """Decoded lines of a plain or gzip (multi-member) stream, universal newlines."""
    head = stream.read(2)
    if not head:
        return
    rest = _Prepended(head, stream)
    source: Iterable[bytes] = gzip.GzipFile(fileobj=rest) if head == _GZIP_MAGIC else rest
    for raw in source:
        yield from _decode(raw, count).split("\r")


def _lenient_pages(lines: Iterable[str], count: Count, skip: int) -> Iterator[Optional[Page]]:
    """The reference's line framing: a line `WARC/1.0` starts a record."""
    builder: Optional[_RecordBuilder] = None
    seen = 0
    for line in lines:
        if line.strip() == _RECORD_START:
            if builder is not None:
                seen += 1
                if seen > skip:
                    yield builder.finish(count)
            builder = _RecordBuilder()
        elif builder is not None:
            builder.feed(line)
    if builder is not None and seen + 1 > skip:
        yield builder.finish(count)


class _Prepended:
    """A read-only stream with some already-read bytes put back in front."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head, self._stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._stream.read(size)
        head, self._head = self._head, b""
        if size is None or size < 0:
            return head + self._stream.read()
        if size <= len(head):
            head, self._head = head[:size], head[size:]
            return head
        return head + self._stream.read(size - len(head))

    def __iter__(self) -> Iterator[bytes]:
        pending = b""
        while True:
            chunk = self.read(1 << 16)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line + b"\n"
        if pending:
            yield pending


def _skip_bytes(stream: BinaryIO, offset: int) -> None:
    if offset <= 0:
        return
    try:
        stream.seek(offset)
        return
    except (AttributeError, OSError, ValueError):
        pass
    while offset > 0:
        chunk = stream.read(min(offset, 1 << 20))
        if not chunk:
            return
        offset -= len(chunk)


def read_wet(open_stream: Opener, name: str, count: Count) -> Iterator[Page]:
    """Yields the pages of one WET file; every problem is counted, none is raised.

    `open_stream` returns a fresh binary stream of the raw file (it is called a
    second time only when the file needs the lenient framing). A file that cannot
    be read to its end (a remote read that gave up, say) keeps the pages read before
    the failure and is counted as `file:read_error`.
    """
    count("wet-file")
    try:
        yield from _read_wet(open_stream, name, count)
    except _DECOMPRESSION_ERRORS as error:
        count("file:truncated")
        log.error("%s: truncated or corrupt compressed data (%s); kept the records before it", name, error)
    except OSError as error:
        count("file:read_error")
        log.error("%s: read failed (%s); kept the records before it", name, error)


def _read_wet(open_stream: Opener, name: str, count: Count) -> Iterator[Page]:
    with open_stream() as stream:
        head = stream.read(1)
        if not head:
            count("file:empty")
            log.warning("%s: empty file", name)
            return
        records_read = 0
        try:
            for page in _strict_pages(_Prepended(head, stream), count):
                records_read += 1
                if page is not None:
                    yield page
            return
        except _FramingLost as lost:
            resume = lost
    yield from _read_lenient(open_stream, name, count, resume, records_read)


def _read_lenient(open_stream: Opener, name: str, count: Count, lost: _FramingLost, records_read: int):
    count("file:lenient_framing")
    log.warning(
        "%s: %s at byte %d; reading the rest with the reference's line framing",
        name, lost.reason, lost.offset,
    )
    pages_before = records_read
    with open_stream() as stream:
        _skip_bytes(stream, lost.offset)
        for page in _lenient_pages(_lines_from(stream, count), count, lost.skip):
            records_read += 1
            if page is not None:
                yield page
    if records_read == pages_before == 0:
        count("file:not_warc")
        log.error("%s: not a WARC/WET file (no 'WARC/1.0' record found); skipped", name)
