"""Common Crawl inputs: crawl ids, ``wet.paths`` listings and the subset of WET files to read.

A crawl's WET files are listed, one relative path a line, in
``{base}crawl-data/{crawl_id}/wet.paths.gz`` (e.g. base ``https://data.commoncrawl.org/``).
:func:`resolve_inputs` turns either a crawl id or a listing file (local path or URL)
into the full URLs of the WET files to process, optionally restricted to a
deterministic subset:

* ``wet_files=N``: the first N paths of the listing;
* ``wet_slice=(i, n)`` (``"i/n"`` on the command line): the paths whose 0-based index
  in the listing satisfies ``index % n == i``, so n workers with i = 0..n-1 cover the
  listing exactly once.

Both together shard the first N paths: ``wet_files`` applies first.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import urllib.parse
from typing import IO, Iterable, Sequence

from c4pipe.io import http_stream

__all__ = [
    "DEFAULT_CC_BASE_URL",
    "InvalidWetPathsError",
    "is_valid_wet_path",
    "parse_wet_slice",
    "read_wet_paths",
    "resolve_inputs",
    "select_paths",
    "validate_crawl_id",
    "wet_paths_url",
]

log = logging.getLogger(__name__)

DEFAULT_CC_BASE_URL = "https://data.commoncrawl.org/"

# CC-MAIN-YYYY-WW: the crawls that have WET files (2013 on); WW is an ISO week.
_CRAWL_ID = re.compile(r"^CC-MAIN-(\d{4})-(\d{2})$")
_WET_SLICE = re.compile(r"^(\d+)/(\d+)$")
_WET_SUFFIXES = (".warc.wet.gz", ".warc.wet")
_MAX_REPORTED = 5
# Relative path: segments without whitespace, '?', '#' or '\\'; no ':' in the first
# (no scheme or drive); no empty segment; a WET file name at the end.
_RELATIVE_WET_PATH = re.compile(r"[^\s/?#\\:]+(?:/[^\s/?#\\]+)*\.warc\.wet(?:\.gz)?")


class InvalidWetPathsError(ValueError):
    """A wet.paths listing has lines that are not WET file paths.

    ``invalid`` holds ``(line_number, line)`` pairs (1-based line numbers).
    """

    def __init__(self, source: str, invalid: Sequence[tuple[int, str]]):
        self.source = source
        self.invalid = list(invalid)
        shown = ", ".join(f"line {n}: {text!r}" for n, text in self.invalid[:_MAX_REPORTED])
        more = len(self.invalid) - _MAX_REPORTED
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(
            f"{source}: {len(self.invalid)} line(s) are not WET file paths "
            f"(expected e.g. 'crawl-data/CC-MAIN-2021-10/segments/.../wet/....warc.wet.gz'): "
            f"{shown}{suffix}"
        )


def validate_crawl_id(crawl_id: str) -> str:
    """Return `crawl_id` (stripped) if it looks like ``CC-MAIN-YYYY-WW``, else raise ValueError."""
    if not isinstance(crawl_id, str):
        raise ValueError(f"crawl id must be a string like 'CC-MAIN-2021-10', got {crawl_id!r}")
    value = crawl_id.strip()
    match = _CRAWL_ID.match(value)
    if not match:
        raise ValueError(
            f"invalid crawl id {crawl_id!r}: expected 'CC-MAIN-YYYY-WW' (e.g. 'CC-MAIN-2021-10'); "
            "see https://commoncrawl.org/overview for the list of crawls"
        )
    year, week = int(match.group(1)), int(match.group(2))
    if year < 2008 or not 1 <= week <= 53:
        raise ValueError(
            f"invalid crawl id {crawl_id!r}: year must be >= 2008 and week between 01 and 53"
        )
    return value


def _normalize_base(base_url: str) -> str:
    if not base_url:
        raise ValueError("base URL must not be empty")
    return base_url if base_url.endswith("/") else base_url + "/"


def wet_paths_url(crawl_id: str, base_url: str = DEFAULT_CC_BASE_URL) -> str:
    """URL of a crawl's listing: ``{base}crawl-data/{crawl_id}/wet.paths.gz``."""
    return f"{_normalize_base(base_url)}crawl-data/{validate_crawl_id(crawl_id)}/wet.paths.gz"


def _is_url(text: str) -> bool:
    return urllib.parse.urlsplit(text).scheme.lower() in ("http", "https")


def is_valid_wet_path(line: str) -> bool:
    """Whether a (stripped) listing line names a WET file.

    Accepted: a relative path (no leading '/', no '..' part, no whitespace, query or
    fragment) ending in ``.warc.wet.gz`` or ``.warc.wet``, or an absolute http(s) URL
    of such a file.
    """
    if not line:
        return False
    if _RELATIVE_WET_PATH.fullmatch(line):
        wrapped = f"/{line}/"
        return "/../" not in wrapped and "/./" not in wrapped
    if line[:4].lower() == "http" and not any(ch.isspace() for ch in line):
        parts = urllib.parse.urlsplit(line)
        return (
            parts.scheme.lower() in ("http", "https")
            and bool(parts.netloc)
            and not parts.query
            and not parts.fragment
            and parts.path.endswith(_WET_SUFFIXES)
        )
    return False


def _open_listing(path_or_url: str | os.PathLike, **open_kwargs) -> IO[bytes]:
    if isinstance(path_or_url, str) and _is_url(path_or_url):
        return http_stream.open_url(path_or_url, **open_kwargs)
    return open(path_or_url, "rb")


def _maybe_gunzip(raw: IO[bytes]) -> IO[bytes]:
    buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
    if buffered.peek(2)[:2] == b"\x1f\x8b":  # gzip magic, whatever the name says
        return gzip.GzipFile(fileobj=buffered, mode="rb")
    return buffered


def _lines(stream: IO[bytes], source: str) -> Iterable[tuple[int, str]]:
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="strict", newline=None)
    try:
        for number, line in enumerate(text, start=1):
            yield number, line.strip()
    except UnicodeDecodeError as error:
        raise ValueError(f"{source}: not a UTF-8 text listing ({error})") from error


def read_wet_paths(
    path_or_url: str | os.PathLike,
    *,
    strict: bool = True,
    **open_kwargs,
) -> list[str]:
    """Read a ``wet.paths`` listing (gzip or plain; local file or http(s) URL).

    Blank lines are skipped. Lines that are not WET paths (see
    :func:`is_valid_wet_path`) raise :class:`InvalidWetPathsError` naming them, or with
    ``strict=False`` are logged and skipped. Over HTTP the listing is streamed with
    :func:`c4pipe.io.http_stream.open_url` (``open_kwargs`` are passed to it), so it is
    retried and resumed like any WET file.
    """
    source = os.fspath(path_or_url)
    paths: list[str] = []
    invalid: list[tuple[int, str]] = []
    with _open_listing(path_or_url, **open_kwargs) as raw:
        stream = _maybe_gunzip(raw)
        try:
            for number, line in _lines(stream, source):
                if not line:
                    continue
                if is_valid_wet_path(line):
                    paths.append(line)
                else:
                    invalid.append((number, line))
        except (EOFError, gzip.BadGzipFile) as error:
            raise ValueError(f"{source}: corrupt gzip listing ({error})") from error
    if invalid:
        error = InvalidWetPathsError(source, invalid)
        if strict:
            raise error
        log.warning("skipping invalid lines: %s", error)
    return paths


def parse_wet_slice(text: str) -> tuple[int, int]:
    """Parse ``"i/n"`` (0 <= i < n) into ``(i, n)``; raise ValueError with the reason."""
    if not isinstance(text, str):
        raise ValueError(f"wet slice must be a string 'i/n', got {text!r}")
    match = _WET_SLICE.match(text.strip())
    if not match:
        raise ValueError(f"invalid wet slice {text!r}: expected 'i/n' with integers 0 <= i < n, e.g. '0/4'")
    return _check_slice(int(match.group(1)), int(match.group(2)), text)


def _check_slice(index: int, count: int, shown: object) -> tuple[int, int]:
    if count < 1:
        raise ValueError(f"invalid wet slice {shown!r}: the number of slices n must be >= 1")
    if not 0 <= index < count:
        raise ValueError(f"invalid wet slice {shown!r}: the slice index i must satisfy 0 <= i < n ({count})")
    return index, count


def _coerce_slice(wet_slice) -> tuple[int, int] | None:
    if wet_slice is None:
        return None
    if isinstance(wet_slice, str):
        return parse_wet_slice(wet_slice)
    try:
        index, count = wet_slice
    except (TypeError, ValueError):
        raise ValueError(f"wet slice must be (i, n) or 'i/n', got {wet_slice!r}") from None
    if isinstance(index, bool) or isinstance(count, bool) or not isinstance(index, int) or not isinstance(count, int):
        raise ValueError(f"wet slice must be two integers (i, n), got {wet_slice!r}")
    return _check_slice(index, count, f"{index}/{count}")


def select_paths(
    paths: Sequence[str],
    wet_files: int | None = None,
    wet_slice: tuple[int, int] | str | None = None,
) -> list[str]:
    """The deterministic subset of `paths`: first `wet_files`, then every n-th from i.

    ``wet_files=None`` keeps all; ``wet_slice=None`` keeps all. Order is preserved.
    """
    if wet_files is not None:
        if isinstance(wet_files, bool) or not isinstance(wet_files, int) or wet_files < 1:
            raise ValueError(f"wet_files must be a positive integer, got {wet_files!r}")
    selected = list(paths[:wet_files] if wet_files is not None else paths)
    parsed = _coerce_slice(wet_slice)
    if parsed is not None:
        index, count = parsed
        selected = selected[index::count]
    return selected


def _join(base_url: str, path: str) -> str:
    if _is_url(path):
        return path
    return _normalize_base(base_url) + path


def resolve_inputs(
    crawl: str | None = None,
    wet_paths_file: str | os.PathLike | None = None,
    cc_base_url: str = DEFAULT_CC_BASE_URL,
    wet_files: int | None = None,
    wet_slice: tuple[int, int] | str | None = None,
    **open_kwargs,
) -> list[str]:
    """Full URLs of the WET files to read.

    Exactly one of `crawl` (a crawl id, whose listing is fetched from
    :func:`wet_paths_url` under `cc_base_url`) or `wet_paths_file` (a local listing or
    a listing URL) must be given. Each listed path is joined to `cc_base_url` (lines
    that are already http(s) URLs are kept); :func:`select_paths` picks the subset.
    An empty result is an error: it always means a wrong flag or listing.
    """
    if (crawl is None) == (wet_paths_file is None):
        raise ValueError("give exactly one of a crawl id (--crawl) or a wet.paths listing (--wet-paths)")
    base = _normalize_base(cc_base_url)
    listing = wet_paths_url(crawl, base) if crawl is not None else wet_paths_file
    # Validate the selection before fetching anything.
    parsed_slice = _coerce_slice(wet_slice)
    select_paths([], wet_files, parsed_slice)
    paths = read_wet_paths(listing, **open_kwargs)
    if not paths:
        raise ValueError(f"{os.fspath(listing)}: the listing has no WET paths")
    selected = select_paths(paths, wet_files, parsed_slice)
    if not selected:
        raise ValueError(
            f"{os.fspath(listing)}: no WET file selected ({len(paths)} listed, "
            f"wet_files={wet_files}, wet_slice={parsed_slice})"
        )
    return [_join(base, path) for path in selected]
