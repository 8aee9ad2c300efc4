"""Session fixtures for the langid tests (corpora are built in langid_corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.langid_corpus import parity_corpus
from tests.fixtures.paths import SHARED_DATA


@pytest.fixture(scope="session")
def langid_shared_data() -> Path | None:
    """The repo's sibling shared/data folder, or None where it is absent."""
    return SHARED_DATA if SHARED_DATA.is_dir() else None


@pytest.fixture(scope="session")
def corpus(langid_shared_data) -> list[str]:
    return parity_corpus(langid_shared_data)


@pytest.fixture(scope="session")
def fast_detector():
    from c4pipe.langid import get_detector

    return get_detector("fast")


@pytest.fixture(scope="session")
def reference_detector():
    from c4pipe.langid import get_detector

    return get_detector("langdetect")
