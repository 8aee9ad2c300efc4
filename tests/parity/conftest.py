"""Fixtures for the reference-parity tests (see harness.py).

The reference runs in its own virtualenv: `scripts/reference/setup_ref_env.sh` creates
`<repo>/.ref-venv` (or set C4PIPE_REF_VENV). Without it every test here skips.
Reference results are cached in pytest's cache (key: input bytes + runner script), so a
re-run only pays for c4pipe; `pytest --cache-clear` drops them (C4PIPE_REF_CACHE=DIR
puts them elsewhere, e.g. a CI cache directory).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from . import harness


@pytest.fixture(scope="session")
def reference(request, tmp_path_factory):
    ok, why = harness.ref_available()
    if not ok:
        pytest.skip(why)
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    if os.environ.get("C4PIPE_REF_CACHE"):
        cache_root = Path(os.environ["C4PIPE_REF_CACHE"])
        cache_root.mkdir(parents=True, exist_ok=True)
    elif cache is not None:
        cache_root = Path(cache.makedir("c4pipe-reference"))
    else:
        cache_root = tmp_path_factory.mktemp("c4pipe-reference")
    script = harness.RUN_REFERENCE.read_bytes()

    def run(wet_files, config: str = "en", extra_args=(), extra_inputs=()):
        """`extra_inputs`: files the reference reads besides the WET files (for the cache key)."""
        h = hashlib.sha256(script)
        h.update(config.encode())
        h.update(repr(tuple(extra_args)).encode())
        for f in [*wet_files, *extra_inputs]:
            h.update(Path(f).read_bytes())
        key = h.hexdigest()[:24]
        cached = cache_root / f"{key}.json"
        if cached.exists():
            data = json.loads(cached.read_text(encoding="utf-8"))
            return data["rows"], data["counters"]
        work = tmp_path_factory.mktemp("ref")
        rows, counters = harness.run_reference(wet_files, work, config=config, extra_args=extra_args)
        cached.write_text(json.dumps({"rows": rows, "counters": counters}), encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
        return rows, counters

    return run


@pytest.fixture(scope="session")
def synthetic_corpus(tmp_path_factory):
    from c4pipe.synth import generate_corpus

    out = tmp_path_factory.mktemp("synth")
    return generate_corpus(out, pages=2000, seed=0, files=2)
