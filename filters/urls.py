"""URL normalization and the URL-derived keys: page id and validation split.

Both are stable hashes (md5) of the URL string, never Python's `hash()`,
which differs per process.
"""

from __future__ import annotations

import hashlib
import re

_SCHEME_AND_WWW = re.compile(r"https?:\/\/(www\.)?")
_TRACKING_QUERY = re.compile(r"\?(utm_|ref|feed).*")

VALIDATION_MODULUS = 1000


def normalize_url(url: str) -> str:
    """The reference's normalization: every scheme+www occurrence, tracking queries, trailing /.

    Case is kept. `https://www.Example.com/a/?utm_source=x` -> `Example.com/a`.
    """
    url = _SCHEME_AND_WWW.sub("", url)
    url = _TRACKING_QUERY.sub("", url)
    return url.rstrip("/")


def md5_int(text: str) -> int:
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest(), "big")


def page_id(url: str) -> bytes:
    """md5 digest of the raw URL (16 bytes).

    Ordering digests as bytes is ordering md5 hexdigests as strings, which is how the
    reference picks the page that keeps a duplicated line (smallest md5(url)).
    """
    return hashlib.md5(url.encode("utf-8")).digest()


def is_validation(normalized_url: str, modulus: int = VALIDATION_MODULUS) -> bool:
    return md5_int(normalized_url) % modulus == 0
