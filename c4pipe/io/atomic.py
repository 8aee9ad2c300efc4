"""Writing a file so that it appears whole or not at all: a temporary name, then a rename.

Every file c4pipe writes goes through here: output and tokenized shards, the work
directory's entries, stats, the report, the vocabulary, checkpoints, cached assets. A
reader (a resumed run, a trainer, another worker) therefore never sees half a file.

Local paths use `os.replace`, atomic on POSIX. Other paths (gs://, s3://) go through
Beam's file systems, where a finished object appears whole. The temporary name,
`<path>.tmp-<32 hex digits>`, is unique, so two attempts at the same file (a retried
bundle) never write into each other, and recognizable, so the work directory can
delete what a killed writer left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from typing import BinaryIO, Iterator

TEMPORARY_SUFFIX = re.compile(r"\.tmp-[0-9a-f]{32}$")


def is_local(path: str) -> bool:
    return "://" not in path


class AtomicFile:
    """`stream` writes under a temporary name; `commit()` renames it to `path`,
    replacing any file there, and `abort()` deletes it."""

    def __init__(self, path: str):
        self.path = path
        self.temporary_path = f"{path}.tmp-{uuid.uuid4().hex}"
        if is_local(path):
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            self.stream: BinaryIO = open(self.temporary_path, "wb")
        else:
            from apache_beam.io.filesystem import CompressionTypes
            from apache_beam.io.filesystems import FileSystems

            try:
                FileSystems.mkdirs(path.rsplit("/", 1)[0])
            except IOError:
                pass  # exists already (another worker made it)
            self.stream = FileSystems.create(self.temporary_path, compression_type=CompressionTypes.UNCOMPRESSED)

    def commit(self) -> None:
        self.stream.close()
        if is_local(self.path):
            os.replace(self.temporary_path, self.path)
            return
        from apache_beam.io.filesystems import FileSystems

        if FileSystems.exists(self.path):
            FileSystems.delete([self.path])
        FileSystems.rename([self.temporary_path], [self.path])

    def abort(self) -> None:
        """Deletes the temporary file; never raises (it runs while another error is raised)."""
        try:
            self.stream.close()
            if is_local(self.path):
                os.remove(self.temporary_path)
            else:
                from apache_beam.io.filesystems import FileSystems

                FileSystems.delete([self.temporary_path])
        except Exception:
            pass


@contextlib.contextmanager
def atomic_writer(path: str) -> Iterator[BinaryIO]:
    """A binary stream whose bytes appear at `path` when the block ends; if the block
    raises, `path` is left as it was."""
    file = AtomicFile(path)
    try:
        yield file.stream
    except BaseException:
        file.abort()
        raise
    file.commit()


def open_for_reading(path: str) -> BinaryIO:
    """A file that a worker wrote through here, local or on a remote file system."""
    if is_local(path):
        return open(path, "rb")
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


def write_atomically(path: str, data: bytes) -> None:
    with atomic_writer(path) as out:
        out.write(data)
