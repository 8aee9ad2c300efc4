"""`--runner flink` without a cluster: the options c4pipe adds, the worker boot program,
the job server pin, missing metrics, and the Dockerfile's SDK image against the pin.
Runs on a real Flink cluster: tests/beam_jobs/test_flink_cluster.py."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apache_beam.portability.api import beam_provision_api_pb2, endpoints_pb2
from google.protobuf import struct_pb2

import beam_jobs.pipeline
from beam_jobs import flink, worker_boot
from beam_jobs.pipeline import MissingMetrics, check_metrics_complete
from c4pipe.cli import main
from c4pipe.counters import names
from c4pipe.io import flink_job_server
from c4pipe.io.workdir import size_and_sha256
from tests.fixtures.paths import LDNOOBW_DIR

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def installed_jar(tmp_path, monkeypatch):
    """A cache holding a (stand-in) job server jar."""
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path / "cache"))
    jar = flink_job_server.jar_path()
    jar.parent.mkdir(parents=True)
    jar.write_bytes(b"stand-in")
    return jar


def test_defaults_name_the_cached_jar_and_the_process_environment(installed_jar):
    options = flink.flink_options(None, ["--parallelism=2"])
    assert options[0] == "--flink_master=[local]"
    assert f"--flink_job_server_jar={installed_jar}" in options
    assert "--environment_type=PROCESS" in options
    (config,) = [o for o in options if o.startswith("--environment_config=")]
    command = json.loads(config.split("=", 1)[1])["command"]
    assert Path(command).name == "c4pipe-sdk-worker" and Path(command).is_file()
    assert options[-1] == "--parallelism=2"  # the command's own options come last


def test_beams_own_options_win(installed_jar, tmp_path):
    jar = tmp_path / "my.jar"
    jar.write_bytes(b"x")
    given = [f"--flink_job_server_jar={jar}", "--environment_type=EXTERNAL", "--environment_config=localhost:50000"]
    options = flink.flink_options("jm:8081", given)
    assert options == ["--flink_master=jm:8081", *given]


def test_a_missing_jar_is_one_line_saying_how_to_get_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("C4PIPE_CACHE", str(tmp_path / "empty-cache"))
    argv = ["run", "--output", str(tmp_path / "out"), "--badwords-dir", str(LDNOOBW_DIR), "--runner", "flink"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "c4pipe flink install" in err and "not installed" in err


def test_a_missing_jar_given_on_the_command_line_is_one_line(installed_jar, tmp_path, capsys):
    argv = ["run", "--output", str(tmp_path / "out"), "--badwords-dir", str(LDNOOBW_DIR), "--runner", "flink",
            f"--flink_job_server_jar={tmp_path / 'nowhere.jar'}"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "nowhere.jar: no such file" in err


def test_flink_master_needs_the_flink_runner(tmp_path, capsys):
    argv = ["run", "--output", str(tmp_path / "out"), "--flink-master", "localhost:8081"]
    assert main(argv) == 2
    assert "--flink-master needs --runner flink" in capsys.readouterr().err


def test_install_reuses_a_verified_jar_and_rejects_another(installed_jar, monkeypatch):
    monkeypatch.setattr(flink_job_server, "JAR_SHA256", size_and_sha256(str(installed_jar))[1])
    assert flink_job_server.install(log=lambda line: None) == installed_jar
    monkeypatch.setattr(flink_job_server, "JAR_SHA256", "0" * 64)
    monkeypatch.setattr(flink_job_server.shutil, "which", lambda name: None)  # would rebuild: no Maven
    with pytest.raises(flink_job_server.AssetError, match="needs Maven"):
        flink_job_server.install(log=lambda line: None)


def test_the_job_server_pom_builds_the_pinned_release():
    pom = flink_job_server.POM.read_text()
    assert f"<beam.version>{flink_job_server.BEAM_VERSION}</beam.version>" in pom
    assert f"beam-runners-flink-{flink_job_server.FLINK_MINOR}</artifactId>" in pom
    assert "project.build.outputTimestamp" in pom  # reproducible, so the sha256 can be pinned


def test_sdk_job_server_and_docker_image_are_the_same_beam_release():
    import apache_beam

    pyproject = (REPO / "pyproject.toml").read_text()
    pins = set(re.findall(r'"apache-beam(?:\[\w+\])?==([\d.]+)"', pyproject))
    (image,) = re.findall(r"^FROM apache/beam_python3\.\d+_sdk:([\d.]+)$", (REPO / "Dockerfile").read_text(), re.M)
    assert pins == {image} == {flink_job_server.BEAM_VERSION} == {apache_beam.__version__}


def test_worker_boot_hands_the_provision_info_to_the_sdk_worker():
    options = struct_pb2.Struct()
    options.update({"beam:option:job_name:v1": "c4pipe"})
    info = beam_provision_api_pb2.ProvisionInfo(
        pipeline_options=options,
        control_endpoint=endpoints_pb2.ApiServiceDescriptor(url="localhost:1"),
        logging_endpoint=endpoints_pb2.ApiServiceDescriptor(url="localhost:2"),
        runner_capabilities=["beam:protocol:a:v1", "beam:protocol:b:v1"],
    )
    args = worker_boot.parse_args(["--id=1-1", "--provision_endpoint=localhost:3", "--semi_persist_dir=/tmp/x",
                                   "--unknown_flag=ignored"])
    env = worker_boot.worker_environment(args, info, {"PATH": "/bin"})
    assert env["PATH"] == "/bin" and env["WORKER_ID"] == "1-1" and env["SEMI_PERSISTENT_DIRECTORY"] == "/tmp/x"
    assert json.loads(env["PIPELINE_OPTIONS"]) == {"beam:option:job_name:v1": "c4pipe"}
    assert env["CONTROL_API_SERVICE_DESCRIPTOR"].strip() == 'url: "localhost:1"'
    assert env["LOGGING_API_SERVICE_DESCRIPTOR"].strip() == 'url: "localhost:2"'
    assert env["RUNNER_CAPABILITIES"] == "beam:protocol:a:v1 beam:protocol:b:v1"
    assert "STATUS_API_SERVICE_DESCRIPTOR" not in env

    # Endpoints missing from the provision info come from the boot flags.
    args = worker_boot.parse_args(["--id=2", "--provision_endpoint=p:1", "--control_endpoint=c:9"])
    env = worker_boot.worker_environment(args, beam_provision_api_pb2.ProvisionInfo(), {})
    assert env["CONTROL_API_SERVICE_DESCRIPTOR"].strip() == 'url: "c:9"'


def test_worker_program_is_installed_beside_python():
    done = subprocess.run([flink.worker_program(), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "--provision_endpoint" in done.stdout


@pytest.mark.parametrize("counters, message", [
    ({}, "0 of 2 input files (0 counters"),
    ({names.WET_FILES: 1, names.PAGES_IN: 5}, "1 of 2 input files"),
])
def test_runs_whose_runner_withholds_counters_fail_without_stats(counters, message):
    with pytest.raises(MissingMetrics, match=re.escape(message)):
        check_metrics_complete(counters, inputs=2)
    check_metrics_complete({names.WET_FILES: 2}, inputs=2)


def test_the_command_says_so_and_writes_no_stats(shared_wet_files, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(beam_jobs.pipeline, "counter_values", lambda result: {})
    out = tmp_path / "out"
    argv = ["run", "--input", str(shared_wet_files[0]), "--output", str(out), "--badwords-dir", str(LDNOOBW_DIR)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "the runner reported counters for 0 of 1 input files" in err and "work directory" in err
    assert not (out / "stats.json").exists() and (out / "_work").is_dir()



LIMITED_STREAM = r"""
from beam_jobs.sdk_worker_main import DATA_MESSAGE_BYTES, limit_data_messages
from apache_beam.runners.worker import data_plane

limit_data_messages()
for stream_type in (data_plane.SizeBasedBufferingClosableOutputStream,
                    data_plane.TimeBasedBufferingClosableOutputStream):
    messages = []
    size_only = stream_type is data_plane.SizeBasedBufferingClosableOutputStream
    extra = {} if size_only else {"time_flush_threshold_ms": 60_000}
    stream = stream_type(flush_callback=messages.append, **extra)
    for _ in range(30):
        stream.write(b"x" * 100_000)
        stream.maybe_flush()
    stream.flush()
    assert sum(map(len, messages)) == 3_000_000, len(messages)
    assert max(map(len, messages)) <= DATA_MESSAGE_BYTES + 100_000 and len(messages) >= 3, list(map(len, messages))
    if hasattr(stream, "close"):
        stream.close()
assert data_plane._DEFAULT_SIZE_FLUSH_THRESHOLD == DATA_MESSAGE_BYTES
print("ok")
"""


def test_python_workers_cut_data_messages_at_one_megabyte():
    """The runner queues 100 messages per bundle: 10 MB ones (Beam's Python default) can
    fill a TaskManager's heap; the workers c4pipe starts cut them at 1 MB."""
    done = subprocess.run([sys.executable, "-c", LIMITED_STREAM], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_boot_program_starts_the_limited_worker():
    assert worker_boot.WORKER_MODULE == "beam_jobs.sdk_worker_main"
    assert importlib.util.find_spec(worker_boot.WORKER_MODULE) is not None


def test_the_java_runners_batch_exchange_mode_passes_through():
    """Beam's Python SDK does not declare `--execution_mode_for_batch`; c4pipe does, so it
    reaches the job server (Python drops undeclared options) and a typo is caught."""
    from apache_beam.options.pipeline_options import PipelineOptions

    from beam_jobs.pipeline import unknown_options

    args = ["--execution_mode_for_batch=BATCH_FORCED", "--parallelism=8"]
    assert unknown_options(args) == []
    assert PipelineOptions(args).get_all_options()["execution_mode_for_batch"] == "BATCH_FORCED"
    with pytest.raises(ValueError, match="execution_mode_for_batch"):
        unknown_options(["--execution_mode_for_batch=FAST"])
