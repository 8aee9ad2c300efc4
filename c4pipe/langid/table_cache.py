"""A disk cache for the built langid tables: about a CPU-second saved in every process.

Beam starts a fresh Python for each local worker (and each cluster worker does too),
and each would rebuild the same tables from langdetect's profile files. The cache
file's name is a sha256 of everything the tables are built from: the profile files
(names in `os.listdir` order, which sets the language columns, and their bytes), the
sources of the modules that build them, and the numpy, Python and langdetect versions.
A changed input gives another name, so a stale table is never read (and the new entry
replaces the old). A cache directory that cannot be written, or a corrupt entry, just
means building in memory, as without the cache; `C4PIPE_NO_LANGID_CACHE=1` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import platform
import sys
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np

T = TypeVar("T")

_BUILDERS = ("profiles.py", "textnorm.py", "dense.py", "gramindex.py", "table_cache.py")
_DISABLE_ENV = "C4PIPE_NO_LANGID_CACHE"


@functools.lru_cache(maxsize=None)
def inputs_digest(profiles_directory: str) -> str:
    from importlib.metadata import version

    digest = hashlib.sha256()
    for part in (sys.version, platform.machine(), np.__version__, version("langdetect"), str(sys.maxunicode)):
        digest.update(part.encode() + b"\0")
    here = Path(__file__).parent
    for name in _BUILDERS:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    for name in os.listdir(profiles_directory):
        path = Path(profiles_directory, name)
        if not name.startswith(".") and path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cached(kind: str, profiles_directory: str, build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when an identical build was saved before."""
    if os.environ.get(_DISABLE_ENV):
        return build()
    from c4pipe.io.assets import cache_dir

    path = cache_dir() / "langid" / f"{kind}-{inputs_digest(profiles_directory)[:32]}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        from c4pipe.io.atomic import atomic_writer

        with atomic_writer(str(path)) as out:  # parallel workers never read half a file
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        for old in path.parent.glob(f"{kind}-*.pickle"):  # earlier versions' tables
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
