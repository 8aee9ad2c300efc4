"""The same pipeline on Beam's other runners: portable (as Flink runs it) and Dataflow
(built and validated offline with --dry_run). Flink itself: tests/beam_jobs/test_flink_cluster.py."""

from __future__ import annotations

import importlib.util

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from beam_jobs.pipeline import RunConfig, build_pipeline, run_pipeline
from c4pipe.cli import main
from c4pipe.recipes import get_recipe
from tests.fixtures.paths import LDNOOBW_DIR
from tests.fixtures.pipeline_runs import all_files, run

pytestmark = pytest.mark.slow


def test_portable_runner_loopback_gives_identical_output(shared_wet_files, tmp_path):
    run(shared_wet_files, tmp_path / "direct", extra=["--formats", "json,parquet"])
    run(shared_wet_files, tmp_path / "portable", extra=[
        "--formats", "json,parquet", "--runner", "PortableRunner",
        "--job_endpoint=embed", "--environment_type=LOOPBACK",
    ])
    direct, portable = all_files(tmp_path / "direct"), all_files(tmp_path / "portable")
    assert direct.keys() == portable.keys()
    for name in direct:
        assert direct[name] == portable[name], name


@pytest.mark.skipif(importlib.util.find_spec("google.cloud.storage") is None, reason="needs apache-beam[gcp]")
def test_dataflow_dry_run_builds_the_whole_job(shared_wet_files):
    config = RunConfig(
        inputs=tuple(map(str, shared_wet_files)), output_dir="gs://c4pipe-test/out",
        recipe=get_recipe("c4").with_overrides({"langid": "langdetect"}), badwords={"en": ("badword",)},
    )
    options = PipelineOptions([
        "--runner=DataflowRunner", "--dry_run=True", "--no_auth", "--project=c4pipe-test",
        "--region=us-central1", "--temp_location=gs://c4pipe-test/tmp",
        "--sdk_container_image=us-docker.pkg.dev/c4pipe-test/c4pipe/worker:0.1.0",
    ])
    pipeline = beam.Pipeline(options=options)
    build_pipeline(pipeline, config)
    result = pipeline.run()
    proto = result.job.proto_pipeline  # Runner v2: the portable pipeline Dataflow would run
    top_level = {t.unique_name for t in proto.components.transforms.values() if "/" not in t.unique_name}
    assert {"ReadAndClean", "UrlDedup", "Dedup", "Write", "ReportData"} <= top_level
    names = {t.unique_name for t in proto.components.transforms.values()}
    assert "Dedup/RemoveDuplicates" in names  # and, in the same task, English and bad words
    (environment,) = proto.components.environments.values()
    assert environment.urn == "beam:env:docker:v1"
    assert b"worker:0.1.0" in environment.payload


def test_dataflow_dry_run_from_the_cli(shared_wet_files, tmp_path):
    pytest.importorskip("google.cloud.storage", reason="needs apache-beam[gcp]")
    argv = ["run", "--input", str(shared_wet_files[0]), "--output", "gs://c4pipe-test/out",
            "--badwords-dir", str(LDNOOBW_DIR), "--runner", "DataflowRunner", "--dry_run=True", "--no_auth",
            "--project=c4pipe-test", "--region=us-central1", "--temp_location=gs://c4pipe-test/tmp",
            "--sdk_container_image=example/c4pipe-worker:0.1.0"]
    assert main(argv) == 0


def test_multi_threading_is_refused(tmp_path):
    config = RunConfig(inputs=(), output_dir=str(tmp_path), recipe=get_recipe("c4"))
    with pytest.raises(ValueError, match="multi_threading"):
        run_pipeline(config, ["--direct_running_mode=multi_threading"])
