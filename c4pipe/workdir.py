"""Per-input-file results of the file stage, saved so a stopped run can resume.

Layout: `WORK/<fingerprint>/<key>.pages.gz` (a gzip stream of pickled ParsedPage) and
`WORK/<fingerprint>/<key>.meta.json` (the file's counters, pages and bytes). Both go
through a temporary name and a rename; the meta file is written last, so its presence
means the file is done. The fingerprint covers the c4pipe version and the recipe: a
changed recipe never reuses stale results. The meta files also drive the progress bar.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import uuid
from typing import Iterator, Optional

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from c4pipe import __version__
from c4pipe.recipes import Recipe

_FORMAT_VERSION = 2  # 2: ParsedPage carries packed sentence offsets


def fingerprint(recipe: Recipe) -> str:
    blob = json.dumps({"c4pipe": __version__, "format": _FORMAT_VERSION, "recipe": recipe.to_dict()}, sort_keys=True)
    return hashlib.sha1(blob.encode()).hexdigest()[:16]


def file_key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:24]


class FileResults:
    def __init__(self, work_dir: str, recipe_fingerprint: str):
        self.root = f"{work_dir.rstrip('/')}/{recipe_fingerprint}"

    def _paths(self, path: str) -> tuple[str, str]:
        key = file_key(path)
        return f"{self.root}/{key}.pages.gz", f"{self.root}/{key}.meta.json"

    def load(self, path: str) -> Optional[tuple[dict, Iterator]]:
        """(meta, pages) if this input file is done, else None."""
        pages_path, meta_path = self._paths(path)
        if not FileSystems.exists(meta_path):
            return None
        with FileSystems.open(meta_path) as f:
            meta = json.loads(f.read().decode("utf-8"))
        return meta, self._read_pages(pages_path)

    @staticmethod
    def _read_pages(pages_path: str) -> Iterator:
        with FileSystems.open(pages_path, compression_type=CompressionTypes.UNCOMPRESSED) as raw, gzip.GzipFile(fileobj=raw) as f:
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
                continue  # being renamed into place right now
        return metas


class _ResultWriter:
    """Streams pages to a temporary file; `commit(meta)` publishes both files."""

    def __init__(self, results: FileResults, path: str):
        self.pages_path, self.meta_path = results._paths(path)
        try:
            FileSystems.mkdirs(results.root)
        except IOError:
            pass
        self._tmp = f"{self.pages_path}.tmp-{uuid.uuid4().hex}"
        self._raw = FileSystems.create(self._tmp)
        self._gzip = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0, compresslevel=1)

    def add(self, item) -> None:
        pickle.dump(item, self._gzip, protocol=pickle.HIGHEST_PROTOCOL)

    def commit(self, meta: dict) -> None:
        from c4pipe.outputs import write_atomically

        self._gzip.close()
        self._raw.close()
        if FileSystems.exists(self.pages_path):
            FileSystems.delete([self.pages_path])
        FileSystems.rename([self._tmp], [self.pages_path])
        write_atomically(self.meta_path, json.dumps(meta, sort_keys=True).encode("utf-8"))

    def abort(self) -> None:
        try:
            self._gzip.close()
            self._raw.close()
            FileSystems.delete([self._tmp])
        except Exception:
            pass
