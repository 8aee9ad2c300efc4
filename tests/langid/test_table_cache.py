"""The langid tables' disk cache: the same tables, never a stale one, never required."""

from __future__ import annotations

import shutil

import numpy as np
from langdetect.detector_factory import PROFILES_DIRECTORY

from c4pipe.langid import table_cache
from c4pipe.langid.dense import DenseGrams
from c4pipe.langid.profiles import build_profile_matrix
from c4pipe.langid.textnorm import CharTables


def test_second_call_loads_what_the_first_built(tmp_path, monkeypatch):
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return {"table": np.arange(5)}

    first = table_cache.cached("test", PROFILES_DIRECTORY, build)
    second = table_cache.cached("test", PROFILES_DIRECTORY, build)
    assert len(builds) == 1
    assert np.array_equal(first["table"], second["table"])
    assert [p.name.startswith("test-") for p in (tmp_path / "langid").iterdir()] == [True]


def test_real_tables_round_trip_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path))
    profiles = build_profile_matrix()
    loaded = table_cache.cached("profiles", PROFILES_DIRECTORY, lambda: profiles)
    loaded = table_cache.cached("profiles", PROFILES_DIRECTORY, lambda: None)  # from disk now
    assert loaded is not profiles
    assert (loaded.langs, loaded.grams, loaded.alphabet, loaded.char_bits) == (
        profiles.langs, profiles.grams, profiles.alphabet, profiles.char_bits
    )
    assert np.array_equal(loaded.probs, profiles.probs)
    assert all(np.array_equal(a, b) for a, b in zip(vars(loaded.index).values(), vars(profiles.index).values()))
    chars = table_cache.cached("chars", PROFILES_DIRECTORY, lambda: CharTables(profiles))
    chars_loaded = table_cache.cached("chars", PROFILES_DIRECTORY, lambda: None)
    assert np.array_equal(chars.char_id, chars_loaded.char_id) and np.array_equal(chars.upper, chars_loaded.upper)
    dense = table_cache.cached("dense", PROFILES_DIRECTORY, lambda: DenseGrams(profiles))
    dense_loaded = table_cache.cached("dense", PROFILES_DIRECTORY, lambda: None)
    assert all(np.array_equal(a, b) for a, b in zip(dense.tables, dense_loaded.tables))


def test_a_changed_profile_file_gives_another_cache_entry(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIRECTORY, profiles)
    before = table_cache.inputs_digest(str(profiles))
    path = profiles / "en"
    path.write_text(path.read_text(encoding="utf-8").replace('"n_words"', '"n_words" ', 1), encoding="utf-8")
    table_cache.inputs_digest.cache_clear()  # computed once per process: the files are package data
    assert table_cache.inputs_digest(str(profiles)) != before


def test_a_new_entry_replaces_the_old_one(tmp_path, monkeypatch):
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path))
    stale = tmp_path / "langid" / "test-0123.pickle"
    stale.parent.mkdir()
    stale.write_bytes(b"an older version's table")
    assert table_cache.cached("test", PROFILES_DIRECTORY, lambda: 5) == 5
    (entry,) = (tmp_path / "langid").iterdir()
    assert entry != stale and table_cache.cached("test", PROFILES_DIRECTORY, lambda: 6) == 5


def test_unwritable_cache_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("C4PIPE_CACHE", str(blocker))
    assert table_cache.cached("test", PROFILES_DIRECTORY, lambda: 42) == 42


def test_a_corrupt_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path))
    table_cache.cached("test", PROFILES_DIRECTORY, lambda: 1)
    (entry,) = (tmp_path / "langid").iterdir()
    entry.write_bytes(b"garbage")
    assert table_cache.cached("test", PROFILES_DIRECTORY, lambda: 2) == 2
    assert table_cache.cached("test", PROFILES_DIRECTORY, lambda: 3) == 2


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path))
    monkeypatch.setenv("C4PIPE_NO_LANGID_CACHE", "1")
    assert table_cache.cached("test", PROFILES_DIRECTORY, lambda: 7) == 7
    assert not (tmp_path / "langid").exists()
