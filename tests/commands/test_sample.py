"""`c4pipe run` with no input cleans the bundled sample, and the sample exercises every rule."""

from __future__ import annotations

import gzip
import json

import pytest

from c4pipe.cli import main
from c4pipe.commands.run import BUNDLED_SAMPLE
from tests.fixtures.paths import LDNOOBW_DIR

pytestmark = pytest.mark.slow

EVERY_RULE = [
    "split-wet-file:skipped:warcinfo",
    "too-long-filter:filtered",
    "duplicate-url-filter:filtered",
    "clean-page:line-filtered:too_long_word",
    "clean-page:line-filtered:no_endmark",
    "clean-page:line-filtered:too_short",
    "clean-page:line-filtered:javascript",
    "clean-page:line-filtered:policy",
    "clean-page:filtered:loremipsum",
    "clean-page:filtered:squigglybracket",
    "clean-page:filtered:too_few_sentences",
    "dedupe-spans:span-filtered:global_duplicate",
    "dedupe-spans:span-filtered:local_duplicate",
    "dedupe-spans:filtered:too_few_sentences",
    "english-filter:filtered:ignored_language-de",
    "english-filter:filtered:ignored_language-fr",
    "badwords-filter:filtered",
    "output:pages:train",
    "output:pages:validation",
]


def test_bundled_sample_is_a_small_wet_file():
    assert BUNDLED_SAMPLE.is_file()
    with gzip.open(BUNDLED_SAMPLE, "rb") as f:
        assert f.readline().rstrip() == b"WARC/1.0"
    assert BUNDLED_SAMPLE.stat().st_size < 2_000_000


def test_run_without_input_cleans_the_bundled_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--badwords-dir", str(LDNOOBW_DIR), "--no-progress"]) == 0
    stats = json.loads((tmp_path / "c4-output" / "stats.json").read_text())
    assert stats["balance"]["balanced"]
    missing = [name for name in EVERY_RULE if not stats["counters"].get(name)]
    assert not missing, f"the sample no longer exercises: {missing}"
    assert (tmp_path / "c4-output" / "json" / "c4-train.00000-of-00008.json.gz").is_file()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_console_command_exits_fast_with_its_status_and_all_its_output(tmp_path, workers):
    """`c4pipe run` leaves through os._exit (`c4pipe.cli.entry`): the status, the
    printed summary and every output file must still be there."""
    import subprocess
    import sys

    base = [sys.executable, "-m", "c4pipe.cli", "run", "--output", str(tmp_path / "out"), "--formats", "json",
            "--workers", str(workers)]
    done = subprocess.run([*base, "--badwords-dir", str(LDNOOBW_DIR)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "balanced" in done.stdout.splitlines()[-1]
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["balance"]["balanced"]
    assert (tmp_path / "out" / "report_data.json").is_file()
    failed = subprocess.run([*base, "--badwords-dir", str(tmp_path / "missing")], capture_output=True, text=True)
    assert failed.returncode == 2 and "c4pipe run:" in failed.stderr
