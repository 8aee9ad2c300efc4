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
from c4pipe.recipes import LDNOOBW_EN_COMMIT, LDNOOBW_MULTI_COMMIT

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


_EN, _MULTI = LDNOOBW_EN_COMMIT, LDNOOBW_MULTI_COMMIT
BADWORDS_SHA256 = {
    (_MULTI, "ar"): "23dbd9c55257bf2a4965f46664dc7eac04b61ff4eb3571e41f7e964c7c3ed96b",
    (_MULTI, "cs"): "90706df86709bade1ca39cf9f9d9836409c674fc3bffcb7525bdd20e59b596bc",
    (_MULTI, "da"): "ddb46ab67e955d1a5f49c89c18497d23c3d8d6d2522f3740a5d7583f90e434c6",
    (_MULTI, "de"): "ebe44d7772897390e27f7bec412fdcdf0efc294e4db157f8487c4cd8d4fabd55",
    (_EN, "en"): "a506cbcf8a31935b122299f3bb1d32be6db3d0ad498765d28f365dfc4f4d7b8c",
    (_MULTI, "eo"): "0374d76be1dbc77c61362d6e51305e1e4c546b7f734eb96e0bdbad7fd2a6ace1",
    (_MULTI, "es"): "073334261cc2e7c08339faefd2f19f9623e8240a0ac18fe2a26c368b897496ce",
    (_MULTI, "fa"): "85828629b90fd18a3f6f6efb1934c1294103c33d1c28c0653970adfa179169e9",
    (_MULTI, "fi"): "3e0b35b2533ba22fb526d882bea250ddfad907ee7548aacbe15db17e21034c62",
    (_MULTI, "fil"): "fb4b43691b1249fee2eca1e66795daedda8e7366d42abcde6553dce611d23d99",
    (_MULTI, "fr"): "79763a705e08256b393952852bb63aa903f4485e0ef02f70735f5e50efff213c",
    (_MULTI, "fr-CA-u-sd-caqc"): "4a0ef5d55921c91df26676b214d3ac648deef11cfbc4587159ee9aab4085b09a",
    (_MULTI, "hi"): "83636e9b7a5260451e09e9e471f81dad9f082d107a82da77047e57d7856ed0cc",
    (_MULTI, "hu"): "a6943a971496f16e9a9d59ba6fde146d229699600e9636828d8d34ed9160aff5",
    (_MULTI, "it"): "d413f41018d58aa79d2c4809d0161f29ffd5652c4dc34c5b7b9ade680ee5599a",
    (_MULTI, "ja"): "f83c4d0843ea6474c17bf171edd72b616b3af403f8613f2cde1bd841faf6f316",
    (_MULTI, "kab"): "df7be2ce4a0c80ee717cd7134c90645a8a0f0c0c458a61f927934dbd50eac96d",
    (_MULTI, "ko"): "0dd4b74ffea6e3bb35d658e6d8262b53ee99281eaa48ecb515a2065bfcc7f69d",
    (_MULTI, "nl"): "8298ba0cdc3ca9a1989c349b8ad0148e4504c2804f2f2fb6c2f52bfb39c5ae71",
    (_MULTI, "no"): "e55b46bcec1ea288256924523a997d8d99e124c9aa3e61cbbbfaeca294f745b4",
    (_MULTI, "pl"): "98cf824e3692255645c5a72d5913f26fd4f20930f725683b4c96bb312ca5d9b3",
    (_MULTI, "pt"): "05ef524b0bb7f83f87257f6ec4dabf70e16b8bb6930f769fb93deaf608ff196d",
    (_MULTI, "ru"): "2598adabd2b761733d72a68d8ee4fcc1d2c38f2f85b6ff489985c6ce1d93bf75",
    (_MULTI, "sv"): "77f3f99a89bd3b2bde6a654741bacfcb3acca3f5c804af4d8d3fea11e09ea562",
    (_MULTI, "th"): "835036d87a3a67738e388cd6de92e3c995c186a1427b4e830fe7b85483c257e7",
    (_MULTI, "tlh"): "3c19004e338c0d91d19ba419185279145848b75b2327aa0e3a752c604ad9f59d",
    (_MULTI, "tr"): "6c7ae03baee0f3fdc22eed169030567669005dad9a1923e0b571c4bd4f2f2ab5",
    (_MULTI, "zh"): "a1d9aa037c8b039ef3b40148b3364ce2ca62ce4a955b7082a16ad99f6cbd1bc0",
}
"""Every list a recipe reads (`c4pipe.recipes`), as the reference pins them."""


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


def load_badwords_lists(lists, local_dir: Optional[str] = None) -> dict[str, tuple]:
    """{list file: entries} for a recipe's `badwords_lists` ((file, commit), ...)."""
    return {lang: tuple(load_badwords(lang, commit, local_dir)) for lang, commit in lists}
