"""`c4pipe.io.atomic`: a file appears whole or not at all, and no temporary file is left."""

from __future__ import annotations

import os

import pytest

from c4pipe.io.atomic import TEMPORARY_SUFFIX, AtomicFile, atomic_writer, write_atomically


def test_writes_creates_parents_and_replaces(tmp_path):
    path = tmp_path / "a" / "b" / "file.bin"
    write_atomically(str(path), b"first")
    write_atomically(str(path), b"second")
    assert path.read_bytes() == b"second"
    assert os.listdir(path.parent) == ["file.bin"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "file.bin"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_writer(str(path)) as out:
            out.write(b"half of the new")
            assert path.read_bytes() == b"old"  # nothing visible while writing
            raise RuntimeError("killed")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file.bin"]


def test_the_temporary_name_is_unique_and_recognizable(tmp_path):
    first, second = AtomicFile(str(tmp_path / "x")), AtomicFile(str(tmp_path / "x"))
    assert first.temporary_path != second.temporary_path
    for file in (first, second):
        name = os.path.basename(file.temporary_path)
        assert TEMPORARY_SUFFIX.search(name) and TEMPORARY_SUFFIX.sub("", name) == "x"
        file.abort()
    assert os.listdir(tmp_path) == []


def test_commit_publishes_what_was_streamed(tmp_path):
    file = AtomicFile(str(tmp_path / "x"))
    file.stream.write(b"a")
    file.stream.write(b"b")
    assert not (tmp_path / "x").exists()
    file.commit()
    assert (tmp_path / "x").read_bytes() == b"ab"


def test_relative_path_in_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomically("plain.txt", b"x")
    assert (tmp_path / "plain.txt").read_bytes() == b"x"
