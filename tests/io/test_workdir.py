"""The work directory: entries checked before they are trusted, and only c4pipe's removed."""

from __future__ import annotations

import json

from c4pipe.io.workdir import MARKER, FileResults


def finished(results: FileResults, path: str, pages=("a", "b")) -> None:
    writer = results.writer(path)
    for page in pages:
        writer.add(page)
    writer.commit({"path": path, "counters": {"split-wet-file:passed": len(pages)}, "samples": []})


def test_an_intact_entry_is_replayed(tmp_path):
    results = FileResults(str(tmp_path / "work"), "f" * 16)
    results.prepare()
    finished(results, "/in/a.warc.wet.gz")
    meta, pages = results.load("/in/a.warc.wet.gz")
    assert list(pages) == ["a", "b"] and meta["counters"] == {"split-wet-file:passed": 2}
    assert results.load("/in/other.warc.wet.gz") is None


def test_a_damaged_entry_is_deleted_and_reported_not_done(tmp_path):
    results = FileResults(str(tmp_path / "work"), "f" * 16)
    for damage in ("flip", "meta", "meta-field"):
        finished(results, "/in/a.warc.wet.gz")
        pages_file = sorted((tmp_path / "work" / ("f" * 16)).glob("*.pages"))[0]
        meta_file = pages_file.with_name(pages_file.name.replace(".pages", ".meta.json"))
        if damage == "flip":
            data = bytearray(pages_file.read_bytes())
            data[-5] ^= 1
            pages_file.write_bytes(bytes(data))
        elif damage == "meta":
            meta_file.write_text("{")
        else:
            meta = json.loads(meta_file.read_text())
            del meta["pages_sha256"]
            meta_file.write_text(json.dumps(meta))
        assert results.load("/in/a.warc.wet.gz") is None, damage
        assert not pages_file.exists() and not meta_file.exists()


def test_remove_deletes_only_what_c4pipe_wrote(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "mine.txt").write_text("keep")
    results = FileResults(str(work), "f" * 16)
    results.prepare()
    finished(results, "/in/a.warc.wet.gz")
    (work / ("f" * 16) / "notes.txt").write_text("keep too")
    results.remove()
    assert (work / "mine.txt").read_text() == "keep"
    assert [p.name for p in (work / ("f" * 16)).iterdir()] == ["notes.txt"]
    assert not (work / MARKER).exists()


def test_remove_takes_a_directory_c4pipe_created_once_it_is_empty(tmp_path):
    work = tmp_path / "created"
    results, other_recipe = FileResults(str(work), "f" * 16), FileResults(str(work), "e" * 16)
    results.prepare()
    assert (work / MARKER).is_file()
    finished(results, "/in/a.warc.wet.gz")
    finished(other_recipe, "/in/a.warc.wet.gz")
    results.remove()
    assert work.is_dir() and (work / MARKER).is_file()  # another recipe's entries are still there
    other_recipe.remove()
    assert not work.exists()
