"""Pinned run-time assets: downloaded once, verified by sha256, cached.

The bad-words lists and the RealNews domain list are the only files c4pipe fetches
at run time. Each is pinned by commit and sha256. Lookup order: an explicit local
copy (a file, or a directory holding it: `--badwords-dir` / `$C4PIPE_BADWORDS_DIR`
laid out as `DIR/<commit>/<lang>` or `DIR/<lang>`; `--realnews-domains` /
`$C4PIPE_REALNEWS_DOMAINS`), then the cache (`$C4PIPE_CACHE`, default
`~/.cache/c4pipe`), then the pinned URL. A local copy whose sha256 differs from the
pin is an error, not a silent switch to other data.
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from c4pipe.io.atomic import write_atomically

LDNOOBW_URL = (
    "https://raw.githubusercontent.com/LDNOOBW/"
    "List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words/{commit}/{lang}"
)
REALNEWS_URL = (
    "https://raw.githubusercontent.com/rowanz/grover/{commit}/realnews/domain_to_allowed_subdomains.json"
)
REALNEWS_COMMIT = "38f7184bd87237ae2d3bc330b99f1e2e246f6d51"
REALNEWS_SHA256 = "75681899371acbf57b502ca8be48b3ca2d3339a276c396f3001b6a14da691ff3"
BADWORDS_DIR_ENV = "C4PIPE_BADWORDS_DIR"
REALNEWS_ENV = "C4PIPE_REALNEWS_DOMAINS"
CACHE_ENV = "C4PIPE_CACHE"


class AssetError(RuntimeError):
    """A pinned asset is missing or does not match its pin."""


@dataclass(frozen=True)
class PinnedAsset:
    name: str
    url: str
    sha256: Optional[str]  # None: not pinned by hash (only by commit)
    relative_paths: tuple  # where to look inside a local directory
    local_env: str  # environment variable naming a local copy
    local_flag: str  # the command-line option that does the same


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
        local_env=BADWORDS_DIR_ENV,
        local_flag="--badwords-dir",
    )


def realnews_asset() -> PinnedAsset:
    return PinnedAsset(
        name=f"grover/{REALNEWS_COMMIT}/domain_to_allowed_subdomains.json",
        url=REALNEWS_URL.format(commit=REALNEWS_COMMIT),
        sha256=REALNEWS_SHA256,
        relative_paths=("domain_to_allowed_subdomains.json",),
        local_env=REALNEWS_ENV,
        local_flag="--realnews-domains",
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


def fetch(asset: PinnedAsset, local: Optional[str] = None, download: bool = True) -> bytes:
    """The asset's bytes from a local copy (file or directory), the cache, or its pinned URL."""
    local = local or os.environ.get(asset.local_env)
    if local:
        if Path(local).is_file():
            return _verified(asset, Path(local).read_bytes(), local)
        for relative in asset.relative_paths:
            path = Path(local) / relative
            if path.is_file():
                return _verified(asset, path.read_bytes(), str(path))
        raise AssetError(
            f"{asset.name} not found in {local} (looked for {', '.join(asset.relative_paths)})"
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
            f"point {asset.local_flag} (or ${asset.local_env}) at a local copy "
            f"({' or '.join(asset.relative_paths)} inside a directory, or the file itself)."
        ) from error
    _verified(asset, data, asset.url)
    write_atomically(str(cached), data)
    return data


def load_realnews_domains(local: Optional[str] = None) -> dict:
    """grover's {registered domain: True or [allowed subdomains]}."""
    import json

    return json.loads(fetch(realnews_asset(), local).decode("utf-8"))


def load_badwords(lang: str, commit: str, local_dir: Optional[str] = None) -> list[str]:
    """The list's entries as the reference reads them: one per line, stripped, non-empty."""
    text = fetch(badwords_asset(lang, commit), local_dir).decode("utf-8")
    return [word.strip() for word in text.splitlines() if word.strip()]
