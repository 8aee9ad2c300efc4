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
the file. Damage never costs an intact record: a record is emitted once its end is
proven (the next record framed, its gzip member ended, or the file ended cleanly).

Memory stays bounded whatever one record holds: a page stops collecting text once it
is longer than `max_chars` (the length filter drops it all the same), large bodies are
read as streams, and a single line is held up to `LINE_CAP_BYTES` at most.
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from typing import BinaryIO, Callable, Iterable, Iterator, Optional, Union

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParser

from filters.counting import Count
from filters.page import Page
from filters.urls import normalize_url

log = logging.getLogger(__name__)

COUNTER_NAMESPACE = "split-wet-file"  # the reference's namespace

_RECORD_START = "WARC/1.0"  # the reference's record start
_VERSION_LINE = re.compile(r"WARC/1\.\d")  # lenient framing starts records at the file's own version
_BOM = b"\xef\xbb\xbf"
_URL_KEY = "WARC-Target-URI:"
_DATE_KEY = "WARC-Date:"
_TYPE_KEY = "WARC-Type:"
_CONTENT_TYPE_KEY = "Content-Type:"
_CONTENT_LENGTH_KEY = "Content-Length:"
_METADATA_PREFIXES = ("WARC", "CONTENT-", "Content-")
_GZIP_MAGIC = b"\x1f\x8b"
_DECOMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

HOLD_BODY_BYTES = 8 << 20
"""Record bodies up to this size are read whole (the fast path); larger ones stream."""

LINE_CAP_BYTES = 1 << 20
"""At least this much of one line is held (more when the length limit needs it: four
bytes per allowed character); the rest of a longer line is skipped. A text line that
long is longer than the length limit on its own, so its page is dropped as too long,
as the reference drops it; only a line padded with that much whitespace could differ."""

_READ_BYTES = 1 << 16

Opener = Callable[[], BinaryIO]


def line_cap(max_chars: Optional[int]) -> int:
    return LINE_CAP_BYTES if max_chars is None else max(LINE_CAP_BYTES, 4 * max_chars + 4)


class _RecordBuilder:
    """Folds a record's lines into page fields the way the reference does.

    Text stops being collected once it is longer than `max_chars`: such a page is
    dropped by the length filter whatever the rest holds, and header-looking lines
    are still read, since they decide how the record is counted.
    """

    __slots__ = ("url", "timestamp", "content_type", "content_length", "warc_type", "lines", "chars", "max_chars")

    def __init__(self, max_chars: Optional[int] = None):
        self.url = self.timestamp = self.content_type = self.content_length = ""
        self.warc_type = ""
        self.lines: list[str] = []
        self.chars = -1  # length of "\n".join(lines)
        self.max_chars = max_chars

    @property
    def over_limit(self) -> bool:
        return self.max_chars is not None and self.chars > self.max_chars

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
        if not self.over_limit:
            self.lines.append(line)
            self.chars += len(line) + 1

    def feed_text(self, text: str) -> None:
        """Feeds text split on universal newlines (\\n, \\r, \\r\\n), as the reference reads it.

        A body in which no metadata prefix occurs anywhere holds no metadata line, so
        its stripped non-blank lines are all text: they are taken in one pass, line by
        line only where the length limit is near.
        """
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if any(prefix in text for prefix in _METADATA_PREFIXES):
            for line in lines:
                self.feed(line)
            return
        lines = [line for line in map(str.strip, lines) if line]
        chars = self.chars + sum(map(len, lines)) + len(lines)
        if self.max_chars is None or chars <= self.max_chars:
            self.lines += lines
            self.chars = chars
            return
        for line in lines:
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


class _LineSplitter:
    """Splits a byte stream into lines at b"\\n", holding at most `cap` bytes of a line.

    A longer line is cut at `cap` bytes (on a UTF-8 character boundary) and the rest
    of it, up to its newline, is skipped. With `only_headers` set, lines that cannot
    be header or record-start lines (no `WARC`, `CONTENT-` or `Content-` in them) may
    be left out, which lets a page already over the length limit be skimmed quickly.
    """

    _MARKERS = (b"WARC", b"CONTENT-", b"Content-")

    def __init__(self, cap: int):
        self.cap = cap
        self.only_headers = False
        self._partial = b""
        self._skipping = False  # inside the cut-off rest of an over-long line

    @property
    def mid_line(self) -> bool:
        return bool(self._partial) or self._skipping

    def push(self, chunk: bytes) -> list[bytes]:
        if self._skipping:
            end = chunk.find(b"\n")
            if end < 0:
                return []
            self._skipping = False
            chunk = chunk[end + 1 :]
        data = self._partial + chunk if self._partial else chunk
        if self.only_headers and not any(marker in data for marker in self._MARKERS):
            end = data.rfind(b"\n")
            self._partial = data if end < 0 else data[end + 1 :]
            return self._cut_if_long([])
        lines = data.split(b"\n")
        self._partial = lines.pop()
        return self._cut_if_long([line + b"\n" for line in lines])

    def _cut_if_long(self, lines: list[bytes]) -> list[bytes]:
        if len(self._partial) > self.cap:
            cut = self.cap
            while cut > 0 and self._partial[cut] & 0xC0 == 0x80:  # not inside a character
                cut -= 1
            lines.append(self._partial[:cut])
            self._partial, self._skipping = b"", True
        return lines

    def flush(self) -> list[bytes]:
        """The last line, which has no newline."""
        partial, self._partial, self._skipping = self._partial, b"", False
        return [partial] if partial else []


class _FramingLost(Exception):
    """Strict framing failed; continue leniently from `offset`, skipping `skip` records."""

    def __init__(self, offset: int, skip: int, reason: str):
        super().__init__(reason)
        self.offset, self.skip, self.reason = offset, skip, reason


class _CountingHeaderParser(StatusAndHeadersParser):
    """warcio's header parser, decoding header lines as the lenient framing does.

    warcio falls back to ISO-8859-1 for a header line that is not UTF-8, silently;
    here such a line is decoded with replacement characters and counted.
    """

    def __init__(self, statuslist, count: Count):
        super().__init__(statuslist)
        self._count = count

    def decode_header(self, line):
        return _decode(line, self._count) if isinstance(line, bytes) else line


class _CheckedArchiveIterator(ArchiveIterator):
    """warcio's iterator, remembering whether the last gzip member really ended.

    warcio treats a gzip member cut short at the end of a file as the end of the
    records; this flag is how a truncated download gets counted instead.
    """

    ended_cleanly = True

    def __init__(self, stream: BinaryIO, count: Count):
        super().__init__(stream)
        self.loader.warc_parser = _CountingHeaderParser(self.loader.WARC_TYPES, count)

    def close(self):
        decompressor = self.reader.decompressor if self.reader else None
        if decompressor is not None and not decompressor.eof:
            self.ended_cleanly = False
        super().close()


def _strict_pages(stream: BinaryIO, count: Count, max_chars: Optional[int]) -> Iterator[Optional[Page]]:
    """Pages framed by warcio; raises _FramingLost where the framing cannot be trusted.

    Each record is finished only once the next one has been framed (or the file
    ended cleanly), so a record cut short by truncation is never emitted.
    """
    records = _CheckedArchiveIterator(stream, count)
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
        if _has_lone_cr(record.rec_headers):  # warcio splits lines at b"\n" only
            raise _FramingLost(records.get_record_offset(), 0, "header lines end with a bare CR")
        errors_before = records.err_count
        pending = _RecordBuilder(max_chars)
        for name, value in record.rec_headers.headers:
            pending.feed(f"{name}: {value}")
        declared = record.rec_headers.get_header("Content-Length", "")
        if declared.isdigit() and int(declared) <= HOLD_BODY_BYTES:
            body = record.content_stream().read()
            text = _decode(body, count)
            received, record_start_inside = len(body), _has_record_start(text)
        else:
            text = ""
            received, record_start_inside = _stream_body(record.content_stream(), pending, count, max_chars)
        offset = records.get_record_offset()  # also reads the trailer: err_count now covers it
        decompressor = records.reader.decompressor if records.reader else None
        if decompressor is not None and not decompressor.eof:
            # Not at its member's end: a gzip file of one member (or a few) holding many
            # records, or a member cut short. The line framing reads either, from here.
            raise _FramingLost(offset, 0, "a gzip member does not end with its record")
        if declared.isdigit() and received < int(declared):
            raise _FramingLost(offset, 0, "record shorter than its Content-Length")
        if records.err_count > errors_before:
            raise _FramingLost(offset, 0, "Content-Length does not match the record")
        if record_start_inside:
            raise _FramingLost(offset, 0, "a 'WARC/1.0' line inside a record body (the reference starts a record there)")
        pending.feed_text(text)
    if pending is not None:
        yield pending.finish(count)


def _stream_body(body: BinaryIO, builder: _RecordBuilder, count: Count, max_chars: Optional[int]) -> tuple[int, bool]:
    """Feeds a large body to `builder` line by line; (bytes read, whether a line was `WARC/1.0`)."""
    splitter = _LineSplitter(line_cap(max_chars))
    received, record_start_inside = 0, False

    def feed(raw_lines: list[bytes]) -> None:
        nonlocal record_start_inside
        for line in _decoded_lines(raw_lines, count):
            record_start_inside = record_start_inside or line.strip() == _RECORD_START
            builder.feed(line)

    while True:
        chunk = body.read(_READ_BYTES)
        if not chunk:
            break
        received += len(chunk)
        feed(splitter.push(chunk))
        splitter.only_headers = builder.over_limit
    feed(splitter.flush())
    return received, record_start_inside


def _has_lone_cr(headers) -> bool:
    return "\r" in headers.statusline or any("\r" in value for _, value in headers.headers)


def _has_record_start(text: str) -> bool:
    if _RECORD_START not in text:
        return False
    return any(line.strip() == _RECORD_START for line in text.replace("\r", "\n").split("\n"))


class _MemberEnd:
    """Marks the end of a gzip member in the lenient line stream."""

    __slots__ = ("mid_line",)

    def __init__(self, mid_line: bool):
        self.mid_line = mid_line  # the member ended inside a line


def _gunzip(stream: BinaryIO) -> Iterator[Optional[bytes]]:
    """The decompressed bytes of each gzip member in turn, with None after each member.

    Raises where a member is damaged or cut short; everything yielded before is what
    the file really holds, up to the damaged byte (zlib drops the output of the call
    that fails, so that call is replayed a byte at a time). Output comes in bounded
    pieces, whatever the compression ratio.
    """
    data = b""
    while True:
        data = data.lstrip(b"\x00")  # zero padding between members, as gzip(1) allows
        if not data:
            data = stream.read(_READ_BYTES)
            if not data:
                return
            continue
        member = zlib.decompressobj(wbits=31)
        while not member.eof:
            before = member.copy()
            try:
                out = member.decompress(data, _READ_BYTES)
            except zlib.error:
                yield from _inflate_until_damage(before, data)
                raise
            data = member.unconsumed_tail
            if out:
                yield out
            if member.eof:
                break
            if not data and not out:
                data = stream.read(_READ_BYTES)
                if not data:
                    raise EOFError("a gzip member ends early")
        data = member.unused_data
        yield None


def _inflate_until_damage(member, data: bytes) -> Iterator[bytes]:
    """The output `member` gives for `data` before the byte where zlib finds damage."""
    for index in range(len(data)):
        try:
            out = member.decompress(data[index : index + 1])
        except zlib.error:
            return
        if out:
            yield out


def _plain_chunks(stream: BinaryIO) -> Iterator[bytes]:
    while True:
        chunk = stream.read(_READ_BYTES)
        if not chunk:
            return
        yield chunk


def _lenient_lines(stream: BinaryIO, count: Count, splitter: _LineSplitter) -> Iterator[Union[str, _MemberEnd]]:
    """Decoded lines of a plain or gzip (multi-member) stream, universal newlines, with
    a `_MemberEnd` after each gzip member. A UTF-8 byte-order mark at the start is dropped."""
    head = stream.read(2)
    if not head:
        return
    rest = _Prepended(head, stream)
    chunks: Iterable[Optional[bytes]] = _gunzip(rest) if head == _GZIP_MAGIC else _plain_chunks(rest)
    at_start = True
    for chunk in chunks:
        if chunk is None:
            yield _MemberEnd(splitter.mid_line)
            continue
        if at_start:
            chunk, at_start = chunk.removeprefix(_BOM), False  # a piece of a BOM at a chunk's end is not handled
        yield from _decoded_lines(splitter.push(chunk), count)
    yield from _decoded_lines(splitter.flush(), count)


def _decoded_lines(raw_lines: list[bytes], count: Count) -> Iterator[str]:
    """Byte lines split at b"\\n", decoded and split again at a bare CR (universal newlines)."""
    for raw in raw_lines:
        yield from _decode(raw, count).split("\r")


def _lenient_pages(
    stream: BinaryIO, count: Count, skip: int, max_chars: Optional[int], unframed: list
) -> Iterator[Optional[Page]]:
    """The reference's line framing: a line `WARC/1.0` starts a record.

    The version line of the file's first record is the one that starts records (the
    reference knows only `WARC/1.0`; a `WARC/1.1` file is framed by `WARC/1.1`). If the
    stream fails, the open record is emitted only when it ended with a gzip member:
    bytes of a damaged member are never trusted. Non-empty lines outside any record
    are tallied in `unframed[0]`.
    """
    splitter = _LineSplitter(line_cap(max_chars))
    builder: Optional[_RecordBuilder] = None
    record_start: Optional[str] = None
    seen = 0
    complete = False  # the open record ended with a gzip member, and nothing came since
    lines = _lenient_lines(stream, count, splitter)
    try:
        for line in lines:
            if isinstance(line, _MemberEnd):
                complete = not line.mid_line
                continue
            complete = False
            stripped = line.strip()
            if stripped == record_start or (record_start is None and _VERSION_LINE.fullmatch(stripped)):
                record_start = stripped
                if builder is not None:
                    seen += 1
                    if seen > skip:
                        yield builder.finish(count)
                builder = _RecordBuilder(max_chars)
            elif builder is not None:
                builder.feed(line)
                splitter.only_headers = builder.over_limit
            elif stripped:
                unframed[0] += 1
    except _DECOMPRESSION_ERRORS:
        if builder is not None and complete and seen + 1 > skip:
            yield builder.finish(count)
        raise
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


def read_wet(open_stream: Opener, name: str, count: Count, max_chars: Optional[int] = None) -> Iterator[Page]:
    """Yields the pages of one WET file; every problem is counted, none is raised.

    `open_stream` returns a fresh binary stream of the raw file (it is called a
    second time only when the file needs the lenient framing). A file that cannot
    be read to its end (a remote read that gave up, say) keeps the pages read before
    the failure and is counted as `file:read_error`. `max_chars` is the length
    filter's limit: a page's text is collected only until it is longer than that.
    """
    count("wet-file")
    try:
        yield from _read_wet(open_stream, name, count, max_chars)
    except _DECOMPRESSION_ERRORS as error:
        count("file:truncated")
        log.error("%s: truncated or corrupt compressed data (%s); kept the records before it", name, error)
    except OSError as error:
        count("file:read_error")
        log.error("%s: read failed (%s); kept the records before it", name, error)


def _read_wet(open_stream: Opener, name: str, count: Count, max_chars: Optional[int]) -> Iterator[Page]:
    with open_stream() as stream:
        head = stream.read(len(_BOM))
        if head == _BOM:  # a plain file saved with a byte-order mark: skip it
            head = stream.read(1)
            bom = len(_BOM)
        else:
            bom = 0
        if not head:
            count("file:empty")
            log.warning("%s: empty file", name)
            return
        records_read = 0
        try:
            for page in _strict_pages(_Prepended(head, stream), count, max_chars):
                records_read += 1
                if page is not None:
                    yield page
            if not records_read:
                count("file:empty")
                log.warning("%s: no records in the file", name)
            return
        except _FramingLost as lost:
            resume = lost
            if resume.offset:  # from the start, the line framing skips the mark itself
                resume.offset += bom
    yield from _read_lenient(open_stream, name, count, resume, records_read, max_chars)


def _read_lenient(
    open_stream: Opener, name: str, count: Count, lost: _FramingLost, records_read: int, max_chars: Optional[int]
):
    count("file:lenient_framing")
    log.warning(
        "%s: %s at byte %d; reading the rest with the reference's line framing",
        name, lost.reason, lost.offset,
    )
    pages_before = records_read
    unframed = [0]
    with open_stream() as stream:
        _skip_bytes(stream, lost.offset)
        try:
            for page in _lenient_pages(stream, count, lost.skip, max_chars, unframed):
                records_read += 1
                if page is not None:
                    yield page
        finally:
            if records_read:  # a file with no record at all is counted as not WARC below
                _report_unframed(name, count, unframed[0])
    if records_read == pages_before == 0:
        if unframed[0]:
            count("file:not_warc")
            log.error("%s: not a WARC/WET file (no 'WARC/1.x' record found); skipped", name)
        else:
            count("file:empty")
            log.warning("%s: no records in the file", name)


def _report_unframed(name: str, count: Count, lines: int) -> None:
    if lines:
        count("file:unframed_lines", lines)
        log.warning("%s: %d non-empty line(s) outside any WARC record; not read as text", name, lines)
