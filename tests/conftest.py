"""Shared test fixtures: the read-only data in ../shared/data, skipped where absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.paths import SHARED_DATA


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared test data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_wet_files(shared_data) -> list[Path]:
    """Every WET file in ../shared/data/wet (the cc_net sample is named .warc.txt)."""
    wet_dir = shared_data / "wet"
    return sorted(p for p in wet_dir.rglob("*") if p.is_file() and (".warc." in p.name))
