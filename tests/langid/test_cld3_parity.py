"""c4pipe's CLD3 (`cld3-py`'s wheel) against the reference's own `gcld3` (built from
source in the reference venv): the same language, probability, reliability and
proportion, bit for bit, on 10,000 texts in many languages, scripts and lengths."""

from __future__ import annotations

import collections
import json
import subprocess

import pytest

from c4pipe.langid.cld3 import language_finder
from tests.fixtures.multilingual_texts import cld3_texts
from tests.parity import harness

RUN_CLD3 = harness.REPO / "scripts" / "reference" / "run_cld3.py"


@pytest.fixture(scope="module")
def texts():
    return cld3_texts(10_000, seed=0)


def test_the_texts_cover_many_languages_and_lengths(texts):
    find = language_finder()
    languages = collections.Counter(find(text)[0] for text in texts)
    assert len(languages) >= 40
    assert languages["und"] > 100  # too short, noise, or unsure
    lengths = [len(text.encode("utf-8")) for text in texts]
    assert min(lengths) == 0 and max(lengths) > 10_000
    assert sum(95 <= n <= 105 for n in lengths) > 100  # around the 100-byte minimum


def test_same_results_as_the_reference_gcld3(texts, tmp_path):
    ok, why = harness.ref_available()
    if not ok:
        pytest.skip(why)
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    proc = subprocess.run([str(harness.ref_python()), str(RUN_CLD3), str(tmp_path / "texts.json"),
                           str(tmp_path / "results.json")], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    reference = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    import gcld3

    detector = gcld3.NNetLanguageIdentifier(min_num_bytes=100, max_num_bytes=10000)
    ours = []
    for text in texts:
        result = detector.FindLanguage(text)
        ours.append([result.language, result.probability, result.is_reliable, result.proportion])
    differ = [(i, texts[i][:80], reference[i], ours[i]) for i in range(len(texts)) if reference[i] != ours[i]]
    assert differ == [], f"{len(differ)} of {len(texts)} differ, first: {differ[:5]}"
    find = language_finder()
    assert [list(find(text)) for text in texts] == [r[:3] for r in reference]
