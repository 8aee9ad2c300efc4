"""The benchmark suite's py-spy breakdown: each sample counted once, in its stage and steps."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from run_benchmarks import by_stage  # noqa: E402

RAW = """\
process 1:"";main (c4pipe/cli.py:77);_run (c4pipe/commands/run.py:240);import_lean_beam (beam_jobs/lean_import.py:65) 10
process 1:"";main (c4pipe/cli.py:77);run_pipeline (beam_jobs/pipeline.py:186);FileTask.run (beam_jobs/read_and_clean.py:150);read_wet (c4pipe/io/wet.py:99) 30
process 1:"";main (c4pipe/cli.py:77);run_pipeline (beam_jobs/pipeline.py:186);FileTask.run (beam_jobs/read_and_clean.py:150);clean_text (filters/clean_page.py:80);count_sentences (c4pipe/text/sentences.py:130) 20
process 1:"";main (c4pipe/cli.py:77);run_pipeline (beam_jobs/pipeline.py:186);RemoveDuplicatesTask.run (beam_jobs/dedup.py:143);is_english (filters/english.py:36) 25
process 1:"";main (c4pipe/cli.py:77);run_pipeline (beam_jobs/pipeline.py:186);GroupingBuffer.partition (apache_beam/x.py:1) 15
"""


def test_each_sample_lands_in_one_stage_and_its_steps(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW)
    stages = {stage: (share, dict(steps)) for stage, share, steps in by_stage(raw)}
    assert sum(share for share, _ in stages.values()) == 100.0
    assert stages["file task"][0] == 50.0
    assert stages["file task"][1]["WET parsing"] == 30.0
    assert stages["file task"][1]["clean_page, Punkt included"] == 20.0
    assert stages["file task"][1]["Punkt sentence count"] == 20.0
    assert stages["dedup bucket task"] == (
        25.0, {"line dedup": 0.0, "language ID": 25.0, "bad words": 0.0, "part batches and domain tables": 0.0}
    )
    assert stages["start-up: imports, options, bad-words list"][0] == 10.0
    assert stages["Beam's runner: shuffles, the report"][0] == 15.0
