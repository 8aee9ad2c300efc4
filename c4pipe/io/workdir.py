"""Per-input-file results of the file stage, saved so a stopped run can resume.

Layout: `WORK/<fingerprint>/<key>.pages` (pickled ParsedPage, one after another) and
`WORK/<fingerprint>/<key>.meta.json` (the file's counters, pages and bytes, and the
size and sha256 of its pages file). Both go through a temporary name and a rename;
the meta file is written last, so its presence means the file is done. The pages
file is not compressed: it lives only until the run succeeds, and compressing it cost
more CPU than any other part of writing it. An entry whose
meta does not parse or whose pages file is missing or differs from its recorded size
and sha256 is damaged: it is deleted and the input file is read again. The
fingerprint covers the c4pipe version and the recipe: a changed recipe never reuses
stale results. The meta files also drive the progress bar.

c4pipe deletes only what it wrote: its entries, the fingerprint directory once it
is empty, and the work directory itself only if c4pipe created it (`MARKER` inside
says so) and nothing else is left in it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
from typing import Iterator, Optional

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from c4pipe import __version__
from c4pipe.io.atomic import TEMPORARY_SUFFIX, AtomicFile, is_local, write_atomically
from c4pipe.recipes import Recipe

log = logging.getLogger(__name__)

_FORMAT_VERSION = 5  # uncompressed pickles of ParsedPage (c4pipe.stages.file_stage, filters.page)

MARKER = "CREATED_BY_C4PIPE"
"""In a work directory that c4pipe created, and may therefore remove once empty."""

_ENTRY_NAME = re.compile(r"[0-9a-f]{24}\.(pages|meta\.json)")


class DamagedEntry(Exception):
    """A saved result that cannot be trusted; the input file is read again."""


def fingerprint(recipe: Recipe) -> str:
    blob = json.dumps({"c4pipe": __version__, "format": _FORMAT_VERSION, "recipe": recipe.to_dict()}, sort_keys=True)
    return hashlib.sha1(blob.encode()).hexdigest()[:16]


def file_key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:24]


def size_and_sha256(path: str) -> tuple[int, str]:
    """A file's size and sha256, read in 1 MiB blocks through Beam's file systems."""
    digest, size = hashlib.sha256(), 0
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class FileResults:
    def __init__(self, work_dir: str, recipe_fingerprint: str):
        self.work_dir = work_dir.rstrip("/")
        self.root = f"{self.work_dir}/{recipe_fingerprint}"

    def _paths(self, path: str) -> tuple[str, str]:
        key = file_key(path)
        return f"{self.root}/{key}.pages", f"{self.root}/{key}.meta.json"

    def load(self, path: str) -> Optional[tuple[dict, Iterator]]:
        """(meta, pages) if this input file is done and its entry is intact, else None.

        A damaged entry is logged, deleted, and reported as not done.
        """
        pages_path, meta_path = self._paths(path)
        if not FileSystems.exists(meta_path):
            return None
        try:
            meta = self._checked_meta(pages_path, meta_path)
        except DamagedEntry as damage:
            log.warning("%s: the saved result in %s is damaged (%s); reading the file again", path, self.root, damage)
            self._delete_existing([pages_path, meta_path])
            return None
        return meta, self._read_pages(pages_path)

    @staticmethod
    def _checked_meta(pages_path: str, meta_path: str) -> dict:
        try:
            with FileSystems.open(meta_path) as f:
                meta = json.loads(f.read().decode("utf-8"))
            expected = (meta["pages_bytes"], meta["pages_sha256"])
            meta["counters"], meta["samples"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise DamagedEntry(f"unreadable meta file: {error.__class__.__name__}") from None
        if not FileSystems.exists(pages_path):
            raise DamagedEntry("the pages file is missing")
        try:
            actual = size_and_sha256(pages_path)
        except OSError as error:
            raise DamagedEntry(f"the pages file cannot be read: {error}") from None
        if actual != tuple(expected):
            raise DamagedEntry(f"the pages file has {actual[0]} bytes, sha256 {actual[1][:12]}; "
                               f"its meta says {expected[0]} bytes, sha256 {str(expected[1])[:12]}")
        return meta

    @staticmethod
    def _read_pages(pages_path: str) -> Iterator:
        with FileSystems.open(pages_path, compression_type=CompressionTypes.UNCOMPRESSED) as f:
            while True:
                try:
                    yield pickle.load(f)
                except EOFError:
                    return

    def writer(self, path: str) -> "_ResultWriter":
        return _ResultWriter(self, path)

    def done_metas(self) -> list[dict]:
        """The meta of every finished input file (for progress)."""
        try:
            matches = FileSystems.match([f"{self.root}/*.meta.json"])[0].metadata_list
        except Exception:  # the directory does not exist yet
            return []
        metas = []
        for match in matches:
            try:
                with FileSystems.open(match.path) as f:
                    metas.append(json.loads(f.read().decode("utf-8")))
            except (OSError, ValueError):
                continue  # being renamed into place right now, or damaged (redone by `load`)
        return metas

    def prepare(self) -> None:
        """Creates the work directory, marked as c4pipe's, unless it exists already."""
        if FileSystems.exists(self.work_dir):
            if is_local(self.work_dir) and not os.path.isdir(self.work_dir):
                raise NotADirectoryError(f"work directory {self.work_dir!r} is a file")
            return
        FileSystems.mkdirs(self.work_dir)
        write_atomically(
            f"{self.work_dir}/{MARKER}",
            b"c4pipe created this directory for resumable results; it removes it after a successful run\n",
        )

    def remove(self) -> None:
        """Deletes this recipe's entries; then its directory and the work directory if
        they are empty, the latter only if c4pipe created it."""
        try:
            listed = FileSystems.match([f"{self.root}/*"])[0].metadata_list
        except Exception:
            listed = []
        ours = [m.path for m in listed if _is_entry_file(m.path.rsplit("/", 1)[-1])]
        self._delete_existing(ours)
        if not is_local(self.work_dir):
            return  # object stores have no directories to remove
        _remove_if_empty(self.root)
        marker = os.path.join(self.work_dir, MARKER)
        if os.path.isfile(marker) and os.listdir(self.work_dir) == [MARKER]:
            os.remove(marker)
            _remove_if_empty(self.work_dir)

    @staticmethod
    def _delete_existing(paths: list[str]) -> None:
        existing = [p for p in paths if FileSystems.exists(p)]
        if existing:
            FileSystems.delete(existing)


def _is_entry_file(name: str) -> bool:
    """An entry's pages or meta file, or one a killed writer left under its temporary name."""
    return _ENTRY_NAME.fullmatch(TEMPORARY_SUFFIX.sub("", name)) is not None


def _remove_if_empty(directory: str) -> None:
    try:
        os.rmdir(directory)
    except OSError:
        pass  # not empty, or gone


class _HashingWriter:
    """A write-only stream that keeps the size and sha256 of what went through it."""

    def __init__(self, stream):
        self._stream, self.size, self.sha256 = stream, 0, hashlib.sha256()

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()


class _ResultWriter:
    """Streams pages to a temporary file; `commit(meta)` publishes both files."""

    def __init__(self, results: FileResults, path: str):
        pages_path, self.meta_path = results._paths(path)
        self._pages = AtomicFile(pages_path)
        self._raw = _HashingWriter(self._pages.stream)

    def add(self, item) -> None:
        self._raw.write(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))

    def commit(self, meta: dict) -> None:
        self._pages.commit()
        size, sha256 = self._raw.size, self._raw.sha256.hexdigest()
        meta = {**meta, "pages_bytes": size, "pages_sha256": sha256}
        write_atomically(self.meta_path, json.dumps(meta, sort_keys=True).encode("utf-8"))

    def abort(self) -> None:
        self._pages.abort()
