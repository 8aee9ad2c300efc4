"""Beam's Flink job server jar: pinned by release and sha256, built once into the cache.

Beam's Python SDK runs a Flink job through `java -jar beam-runners-flink-<flink minor>-
job-server-<beam version>.jar`, which it would download from Maven Central at run time.
Maven Central serves that jar for no recent release, but it serves its parts, so
`c4pipe flink install` assembles it with Maven from `c4pipe/data/flink-job-server.pom.xml`
(byte-reproducible), checks its sha256, and keeps it in `$C4PIPE_CACHE/flink/`.
A run never downloads it: without the jar it stops with one line saying how to get it.
The SDK and the job server are the same Beam release (`BEAM_VERSION`, the apache-beam pin).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from c4pipe.io.assets import AssetError, cache_dir
from c4pipe.io.atomic import atomic_writer
from c4pipe.io.workdir import size_and_sha256

BEAM_VERSION = "2.62.0"
FLINK_MINOR = "1.19"  # the newest Flink the Beam release's runner on Maven Central targets
JAR_NAME = f"beam-runners-flink-{FLINK_MINOR}-job-server-{BEAM_VERSION}.jar"
JAR_SHA256 = "5133ef069448d0a952cc91104a27f2720eaab6298f2609797ed96dcc3195687c"
POM = Path(__file__).resolve().parent.parent / "data" / "flink-job-server.pom.xml"
INSTALL_HINT = "run `c4pipe flink install` once (Maven and Java 17), or pass --flink_job_server_jar JAR"


def jar_path() -> Path:
    return cache_dir() / "flink" / JAR_NAME


def require_jar() -> Path:
    """The cached jar; AssetError (one line) when it is missing."""
    path = jar_path()
    if not path.is_file():
        raise AssetError(f"Beam's Flink job server jar is not installed ({path}): {INSTALL_HINT}")
    return path


def install(log=print) -> Path:
    """Builds the jar with Maven unless the cache holds it already; checks its sha256."""
    path = jar_path()
    if path.is_file() and size_and_sha256(str(path))[1] == JAR_SHA256:
        log(f"Flink job server: {path} (sha256 verified)")
        return path
    if shutil.which("mvn") is None:
        raise AssetError("building Beam's Flink job server needs Maven (`mvn`) and Java 17 on PATH")
    with tempfile.TemporaryDirectory(prefix="c4pipe-job-server-") as build:
        shutil.copy(POM, Path(build) / "pom.xml")
        log(f"Flink job server: assembling {JAR_NAME} with Maven from Maven Central ...")
        done = subprocess.run(["mvn", "-q", "-B", "package"], cwd=build, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
            raise AssetError("Maven could not build the Flink job server: " + " | ".join(tail))
        built = Path(build) / "target" / JAR_NAME
        actual = size_and_sha256(str(built))[1]
        if actual != JAR_SHA256:
            raise AssetError(f"the Flink job server jar built has sha256 {actual}, expected {JAR_SHA256}")
        with open(built, "rb") as source, atomic_writer(str(path)) as target:
            shutil.copyfileobj(source, target, 1 << 20)
    log(f"Flink job server: {path} (sha256 verified)")
    return path
