"""WET reading: real and hand-made files, the reference's quirks, and bad input."""

from __future__ import annotations

import gzip
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.io.wet import read_wet
from filters.counting import CounterDict
from tests.fixtures.wet_files import gzip_members, record, warcinfo

RECORD_OUTCOMES = ("passed", "filtered:no_url", "filtered:no_content", "filtered:no_timestamp")


def read_bytes(data: bytes, name: str = "test.warc.wet"):
    counts = CounterDict()
    pages = list(read_wet(lambda: io.BytesIO(data), name, counts))
    return pages, counts


def records_counted(counts) -> int:
    return sum(counts[k] for k in RECORD_OUTCOMES) + sum(v for k, v in counts.items() if k.startswith("skipped:"))


def test_shared_files_parse_and_every_record_is_counted(shared_wet_files):
    assert len(shared_wet_files) >= 9
    for path in shared_wet_files:
        counts = CounterDict()
        pages = list(read_wet(lambda: open(path, "rb"), str(path), counts))
        assert pages, path
        assert counts["passed"] == len(pages)
        assert counts["skipped:warcinfo"] == 1, path
        for page in pages:
            assert page.url and page.text and page.timestamp


def test_real_wet_fields(shared_data):
    path = shared_data / "wet/real/commoncrawl-whirlwind-python/whirlwind.warc.wet.gz"
    pages, counts = read_bytes(path.read_bytes())
    assert counts == {"wet-file": 1, "skipped:warcinfo": 1, "passed": 1}
    (page,) = pages
    assert page.url == "https://an.wikipedia.org/wiki/Escopete"
    assert page.normalized_url == "an.wikipedia.org/wiki/Escopete"
    assert page.timestamp.startswith("2024-")
    assert page.content_type == "text/plain"
    assert page.content_length.isdigit()
    assert "\n\n" not in page.text and all(line == line.strip() for line in page.text.split("\n"))


def test_wrong_content_length_falls_back_to_reference_framing(shared_data):
    path = shared_data / "wet/synthetic/tensorflow-datasets-c4-fake/cc_0.warc.wet"
    pages, counts = read_bytes(path.read_bytes())
    assert counts["file:lenient_framing"] == 1
    assert [p.url for p in pages] == ["http://fake/url/1", "http://fake/url/2"]
    assert pages[0].content_length == "19621"  # the (wrong) header value, as the reference keeps it


def test_reference_line_quirks():
    body = "  First line.  \r\n\r\nWARC-looking line is dropped\r\nContent-stuff dropped\r\nCONTENT-X too\rlone CR splits\n\tlast\n"
    (page,), _ = read_bytes(gzip_members(warcinfo(), record(body)))
    assert page.text == "First line.\nlone CR splits\nlast"


def test_body_header_lines_override_fields_like_the_reference():
    body = "Some text here.\nWARC-Target-URI: http://override.example/\n"
    (page,), _ = read_bytes(record(body))
    assert page.url == "http://override.example/"


def test_missing_fields_are_counted():
    data = gzip_members(
        warcinfo(),
        record("text", url=None),
        record("", url="http://x/empty"),
        record("text", date=None),
        record("ok text"),
        record("a response", rec_type="response"),
    )
    pages, counts = read_bytes(data)
    assert len(pages) == 1
    assert counts["filtered:no_url"] == counts["filtered:no_content"] == counts["filtered:no_timestamp"] == 1
    assert counts["skipped:response"] == counts["skipped:warcinfo"] == 1
    assert records_counted(counts) == 6


def test_invalid_utf8_is_replaced_and_counted():
    raw = record("caf\u00e9 ok").replace("caf\u00e9".encode(), b"caf\xff")
    (page,), counts = read_bytes(gzip_members(raw))
    assert page.text == "caf\ufffd ok"
    assert counts["decode:invalid_utf8"] == 1


def test_truncated_gzip_keeps_records_before_it():
    data = gzip_members(warcinfo(), *[record(f"Page number {i}.", url=f"http://x/{i}") for i in range(5)])
    for cut in range(len(data) - 1, 100, -97):
        pages, counts = read_bytes(data[:cut])
        assert counts["file:truncated"] == 1, cut
        assert [p.url for p in pages] == [f"http://x/{i}" for i in range(len(pages))]
        assert len(pages) < 5
    pages, counts = read_bytes(data)
    assert len(pages) == 5 and "file:truncated" not in counts


def test_corrupt_gzip_member_is_counted():
    data = bytearray(gzip_members(warcinfo(), record("First page text."), record("Second page text.", url="http://x/2")))
    data[-30] ^= 0xFF  # inside the last member's deflate stream / CRC
    pages, counts = read_bytes(bytes(data))
    assert counts["file:truncated"] == 1
    assert [p.url for p in pages] == ["http://example.com/a"]


def test_non_warc_file_is_reported(caplog):
    pages, counts = read_bytes(b"just some text\nthat is not a WARC file\n", name="notes.txt")
    assert pages == [] and counts["file:not_warc"] == 1
    assert "notes.txt" in caplog.text and "not a WARC" in caplog.text


def test_non_warc_gzip_file_is_reported():
    pages, counts = read_bytes(gzip.compress(b"{\"json\": true}\n"), name="x.json.gz")
    assert pages == [] and counts["file:not_warc"] == 1


def test_empty_file_is_counted():
    pages, counts = read_bytes(b"")
    assert pages == [] and counts == {"wet-file": 1, "file:empty": 1}


def test_uncompressed_and_gzip_give_the_same_pages():
    records = [warcinfo()] + [record(f"Line {i}.\nSecond line.", url=f"http://x/{i}") for i in range(3)]
    plain, _ = read_bytes(b"".join(records))
    zipped, _ = read_bytes(gzip_members(*records))
    assert plain == zipped and len(plain) == 3


@pytest.mark.parametrize("delta", [-7, +7])
def test_wrong_content_length_in_a_later_record(delta):
    records = [warcinfo(), record("First page."), record("Second page is here.", url="http://x/2", length=len("Second page is here.") + delta), record("Third page.", url="http://x/3")]
    pages, counts = read_bytes(b"".join(records))
    assert [p.url for p in pages] == ["http://example.com/a", "http://x/2", "http://x/3"]
    assert counts["file:lenient_framing"] == 1


def test_single_member_gzip_is_read_whole():
    """A WET gzipped as one member (not Common Crawl's per-record members) still reads fully."""
    records = [warcinfo()] + [record(f"Page {i} text.", url=f"http://x/{i}") for i in range(4)]
    pages, counts = read_bytes(gzip.compress(b"".join(records), mtime=0))
    assert [p.url for p in pages] == [f"http://x/{i}" for i in range(4)]
    assert records_counted(counts) == 5


class _FailingStream(io.BytesIO):
    """Serves `limit` bytes, then fails like a remote read that gave up."""

    def __init__(self, data: bytes, limit: int):
        super().__init__(data)
        self.limit = limit

    def read(self, size=-1):
        if self.tell() >= self.limit:
            raise OSError("reading http://example/x.warc.wet.gz failed (gave up after 5 tries)")
        size = self.limit - self.tell() if size is None or size < 0 else min(size, self.limit - self.tell())
        return super().read(size)


def test_read_error_keeps_earlier_pages_and_is_counted(caplog):
    members = [warcinfo()] + [record(f"Page {i} text.", url=f"http://x/{i}") for i in range(4)]
    data = gzip_members(*members)
    limit = len(gzip_members(*members[:3])) + 5
    counts = CounterDict()
    pages = list(read_wet(lambda: _FailingStream(data, limit), "remote.warc.wet.gz", counts))
    assert [p.url for p in pages] == ["http://x/0", "http://x/1"]
    assert counts["file:read_error"] == 1
    assert "remote.warc.wet.gz" in caplog.text and "gave up" in caplog.text


def test_seven_word_first_line_is_not_taken_for_an_arc_record():
    pages, counts = read_bytes(b"this is not a WARC file at all\n")
    assert pages == [] and counts["file:not_warc"] == 1


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Plain words here.", "  padded  ", "", " ", "WARC-Date: 2019-01-01", "Content-Type: x",
                                 "CONTENT-LENGTH: 3", "WARCish line", "a\u2028b", "tab\tend", "x" * 40]), max_size=12),
       st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from([None, 0, 10, 60, 200]))
def test_feed_text_takes_a_body_as_feeding_it_line_by_line_would(lines, newline, max_chars):
    from c4pipe.io.wet import _RecordBuilder

    text = newline.join(lines)
    whole, by_line = _RecordBuilder(max_chars), _RecordBuilder(max_chars)
    whole.feed_text(text)
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        by_line.feed(line)
    assert [getattr(whole, name) for name in _RecordBuilder.__slots__] == \
        [getattr(by_line, name) for name in _RecordBuilder.__slots__]
