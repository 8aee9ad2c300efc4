"""WARC/1.0 records as Common Crawl's WET files hold them, and a writer of such files.

Headers end in CRLF, a blank line separates them from the body, and two CRLFs end the
record. Gzipped files hold one gzip member per record, with mtime 0 so the bytes do
not depend on when they were written. Standard library only: `warcio` is needed to read
the files back (the tests do), not to write them.
"""

from __future__ import annotations

import base64
import gzip as _gzip
import hashlib
import random
from pathlib import Path

from c4pipe.synth.page import SynthPage

# When the synthetic crawl's WET files were "extracted" (the warcinfo record's date).
WARCINFO_DATE = "2019-04-26T19:04:32Z"
_EXTRACTED_DATE = "Fri, 26 Apr 2019 19:04:32 GMT"


def record_id(rng: random.Random) -> str:
    """A version-4 UUID URN from `rng` (not uuid4(), which is not reproducible)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}>"


def block_digest(body: bytes) -> str:
    """WARC-Block-Digest: base32 of the body's SHA-1, as Common Crawl writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def record(headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + body + b"\r\n\r\n"


def warcinfo_record(filename: str, description: str, rid: str) -> bytes:
    """The record that opens each WET file."""
    info = (
        "Software-Info: c4pipe-synth\r\n"
        f"Extracted-Date: {_EXTRACTED_DATE}\r\n"
        "robots: classic\r\n"
        "isPartOf: CC-MAIN-SYNTH\r\n"
        "operator: c4pipe\r\n"
        f"description: {description}\r\n"
        "publisher: c4pipe\r\n"
    ).encode("utf-8")
    return record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", WARCINFO_DATE),
        ("WARC-Filename", filename),
        ("WARC-Record-ID", rid),
        ("Content-Type", "application/warc-fields"),
        ("Content-Length", str(len(info))),
    ], info)


def conversion_record(page: SynthPage, ids: random.Random) -> bytes:
    """A page's `conversion` record; its record ID and WARC-Refers-To come from `ids`."""
    body = page.text().encode("utf-8")
    headers = [
        ("WARC-Type", "conversion"),
        ("WARC-Target-URI", page.url),
        ("WARC-Date", page.date),
        ("WARC-Record-ID", record_id(ids)),
        ("WARC-Refers-To", record_id(ids)),
        ("WARC-Block-Digest", block_digest(body)),
    ]
    if page.language_header:
        headers.append(("WARC-Identified-Content-Language", page.language_header))
    headers += [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
    return record(headers, body)


class WetFiles:
    """Open WET files that records are appended to, by file index."""

    def __init__(self, paths: list[Path], gzip: bool = True):
        self.gzip = gzip
        self.handles = [open(p, "wb") for p in paths]

    def write(self, k: int, rec: bytes) -> None:
        if self.gzip:
            self.handles[k].write(_gzip.compress(rec, compresslevel=6, mtime=0))
        else:
            self.handles[k].write(rec)

    def close(self) -> None:
        for h in self.handles:
            h.close()

    def __enter__(self) -> "WetFiles":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_corpus(paths: list[Path], pages, count: int, ids: random.Random, description: str,
                 gzip: bool = True) -> None:
    """`count` pages spread in order over `paths`, in contiguous runs; each file opens with
    its warcinfo record, described as `description`, "file k of n"."""
    with WetFiles(paths, gzip=gzip) as out:
        for k, path in enumerate(paths):
            out.write(k, warcinfo_record(path.name, f"{description}, file {k + 1} of {len(paths)}", record_id(ids)))
        for i, page in enumerate(pages):
            out.write(i * len(paths) // max(count, 1), conversion_record(page, ids))
