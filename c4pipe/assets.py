"""Pinned run-time assets: downloaded once, verified by sha256, cached.

The bad-words lists are the only files c4pipe fetches at run time. Each is pinned
by commit and sha256. Lookup order: an explicit local directory
(`--badwords-dir` or `$C4PIPE_BADWORDS_DIR`, laid out as `DIR/<commit>/<lang>` or
`DIR/<lang>`), then the cache (`$C4PIPE_CACHE`, default `~/.cache/c4pipe`), then the
pinned URL. A local copy whose sha256 differs from the pin is an error, not a
silent switch to other words.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

LDNOOBW_URL = (
    "https://raw.githubusercontent.com/LDNOOBW/"
    "List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words/{commit}/{lang}"
)
BADWORDS_DIR_ENV = "C4PIPE_BADWORDS_DIR"
CACHE_ENV = "C4PIPE_CACHE"


class AssetError(RuntimeError):
    """A pinned asset is missing or does not match its pin."""


@dataclass(frozen=True)
class PinnedAsset:
    name: str
    url: str
    sha256: Optional[str]  # None: not pinned by hash (only by commit)
    relative_paths: tuple  # where to look inside a local directory


BADWORDS_SHA256 = {
    ("25e679f03d96baa721cde20db9944649e8d0a844", "en"): (
        "a506cbcf8a31935b122299f3bb1d32be6db3d0ad498765d28f365dfc4f4d7b8c"
    ),
}


def badwords_asset(lang: str, commit: str) -> PinnedAsset:
    return PinnedAsset(
        name=f"ldnoobw/{commit}/{lang}",
        url=LDNOOBW_URL.format(commit=commit, lang=lang),
        sha256=BADWORDS_SHA256.get((commit, lang)),
        relative_paths=(f"{commit}/{lang}", lang),
    )


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "c4pipe")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _verified(asset: PinnedAsset, data: bytes, source: str) -> bytes:
    if asset.sha256 and _sha256(data) != asset.sha256:
        raise AssetError(
            f"{source}: sha256 {_sha256(data)} does not match the pinned {asset.sha256} for {asset.name}"
        )
    return data


def fetch(asset: PinnedAsset, local_dir: Optional[str] = None, download: bool = True) -> bytes:
    """The asset's bytes from a local directory, the cache, or its pinned URL."""
    local_dir = local_dir or os.environ.get(BADWORDS_DIR_ENV)
    if local_dir:
        for relative in asset.relative_paths:
            path = Path(local_dir) / relative
            if path.is_file():
                return _verified(asset, path.read_bytes(), str(path))
        raise AssetError(
            f"{asset.name} not found in {local_dir} (looked for {', '.join(asset.relative_paths)})"
        )
    cached = cache_dir() / asset.name
    if cached.is_file():
        return _verified(asset, cached.read_bytes(), str(cached))
    if not download:
        raise AssetError(f"{asset.name} is not cached at {cached}")
    try:
        with urllib.request.urlopen(asset.url, timeout=60) as response:
            data = response.read()
    except OSError as error:
        raise AssetError(
            f"could not download {asset.name} from {asset.url} ({error}). Without network, "
            f"point --badwords-dir (or ${BADWORDS_DIR_ENV}) at a local copy of the list, "
            f"laid out as DIR/<commit>/<lang> or DIR/<lang>."
        ) from error
    _verified(asset, data, asset.url)
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, cached)
    return data


def load_badwords(lang: str, commit: str, local_dir: Optional[str] = None) -> list[str]:
    """The list's entries as the reference reads them: one per line, stripped, non-empty."""
    text = fetch(badwords_asset(lang, commit), local_dir).decode("utf-8")
    return [word.strip() for word in text.splitlines() if word.strip()]
