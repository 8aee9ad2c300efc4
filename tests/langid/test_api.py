"""API, exception, pickling and implementation-invariant tests for c4pipe.langid."""

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from langdetect.lang_detect_exception import ErrorCode

from c4pipe.langid import FastLangDetect, LangDetectException, LangdetectReference, get_detector
from c4pipe.langid.rust import RustLangDetect
from tests.fixtures.langid_corpus import EDGE_TEXTS, outcome, synthetic_texts

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ["The quick brown fox jumps over the lazy dog near the river bank.",
          "Der schnelle braune Fuchs springt über den faulen Hund.",
          "Быстрая коричневая лиса прыгает через ленивую собаку.",
          "素早い茶色の狐がのろまな犬を飛び越える。", "12345", ""]


def test_get_detector_names():
    assert isinstance(get_detector("fast"), FastLangDetect)
    assert isinstance(get_detector("langdetect"), LangdetectReference)
    assert isinstance(get_detector("langdetect-rs"), RustLangDetect)
    assert isinstance(get_detector("auto"), RustLangDetect)  # its wheel is a dependency
    with pytest.raises(ValueError, match="unknown detector"):
        get_detector("cld3")


def test_result_shape(fast_detector):
    result = fast_detector.detect_langs(SAMPLE[0])
    assert result and all(isinstance(lang, str) and type(p) is float for lang, p in result)
    assert result[0][0] == "en" and result[0][1] >= 0.99
    assert fast_detector.detect(SAMPLE[0]) == "en"


@pytest.mark.parametrize("text", ["", " ", "\n\t", "12345 678", "!!! ???", "http://example.com"])
def test_no_features_raises_like_langdetect(text, fast_detector, reference_detector):
    for detector in (fast_detector, reference_detector):
        with pytest.raises(LangDetectException, match="No features in text.") as info:
            detector.detect_langs(text)
        assert info.value.get_code() == ErrorCode.CantDetectError


@pytest.mark.parametrize("bad", [None, b"bytes text", 42])
def test_non_str_input_raises_like_langdetect(bad, fast_detector, reference_detector):
    assert outcome(fast_detector, bad) == outcome(reference_detector, bad)
    assert outcome(fast_detector, bad)[0] == "TypeError"


def test_pickle_round_trip_is_small_and_works(fast_detector):
    blob = pickle.dumps(fast_detector)
    assert len(blob) < 200
    assert pickle.loads(blob).detect_langs(SAMPLE[1]) == fast_detector.detect_langs(SAMPLE[1])
    reference = pickle.loads(pickle.dumps(get_detector("langdetect")))
    assert reference.detect_langs(SAMPLE[1]) == fast_detector.detect_langs(SAMPLE[1])


def test_threads_agree(fast_detector, reference_detector):
    texts = synthetic_texts(per_lang=2)[1::2][:40]
    want = [outcome(reference_detector, t) for t in texts]
    results = {}

    def work(name, detector):
        results[name] = [outcome(detector, t) for t in texts]

    threads = [threading.Thread(target=work, args=(i, d))
               for i, d in enumerate([fast_detector, reference_detector] * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == want for r in results.values())


def test_real_random_fallback_matches(monkeypatch, fast_detector):
    """The slow path (real random.Random) used where replay is not exact agrees."""
    from c4pipe.langid import fast

    texts = EDGE_TEXTS[20:40] + synthetic_texts(per_lang=1)[::5]
    want = [outcome(fast_detector, t) for t in texts]
    monkeypatch.setattr(fast, "_word_stream", lambda seed: None)
    assert [outcome(fast_detector, t) for t in texts] == want


def test_random_replay_is_exact():
    from c4pipe.langid.randstream import emulation_is_exact

    assert emulation_is_exact(0)
    assert emulation_is_exact(12345)


def test_multiply_reduce_axis0_is_sequential():
    """walk.py relies on numpy reducing along axis 0 strictly row after row."""
    rng = np.random.default_rng(0)
    for _ in range(300):
        block = rng.random((6, 55)) * rng.random((6, 1)) + 1e-5
        want = block[0].copy()
        for row in block[1:]:
            want = want * row
        assert np.array_equal(np.multiply.reduce(block, 0), want)


def test_other_seed_matches_langdetect(reference_detector):
    import langdetect
    from langdetect import DetectorFactory

    fast = FastLangDetect(seed=7)
    try:
        for text in SAMPLE[:4]:
            DetectorFactory.seed = 7
            want = [(x.lang, x.prob) for x in langdetect.detect_langs(text)]
            assert fast.detect_langs(text) == want
    finally:
        DetectorFactory.seed = 0


_SCRIPT = """
import sys
from c4pipe.langid import get_detector
d = get_detector("fast")
for t in sys.argv[1:]:
    print(repr(d.detect_langs(t)))
"""


def test_independent_of_hash_seed(fast_detector):
    texts = SAMPLE[:4]
    want = "".join(repr(fast_detector.detect_langs(t)) + "\n" for t in texts)
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO_ROOT))
        out = subprocess.run([sys.executable, "-c", _SCRIPT, *texts], env=env,
                             capture_output=True, text=True, check=True, cwd=REPO_ROOT)
        assert out.stdout == want


def test_non_positive_weight_path_agrees_for_positive_weights():
    """The exact-everywhere trial (used if alpha <= 0) matches the fast trial."""
    from c4pipe.langid import fast, ngrams, textnorm, walk
    from c4pipe.langid.dense import get_dense_grams
    from c4pipe.langid.profiles import get_profile_matrix
    from c4pipe.langid.randstream import ReplayedRandom

    profiles, tables = get_profile_matrix(), textnorm.get_char_tables()
    buf = walk._buffer(len(profiles.langs))
    for text in SAMPLE[:4]:
        cps = textnorm.prepare(text, 10_000)
        rows = ngrams.extract_rows(cps, tables, profiles, get_dense_grams())
        results = []
        for trial in (walk.run_trial, walk._run_trial_any_weight):
            rnd = ReplayedRandom(fast._word_stream(0), rows)
            rnd.gauss()
            prob, done = trial(buf, rnd, profiles.probs, 4.9e-5)
            results.append((prob.tolist(), done, rnd._pos))
        assert results[0] == results[1]


def _hash_only_rows(text):
    """Every position resolved through the hash index (no dense tables)."""
    from c4pipe.langid import ngrams, textnorm
    from c4pipe.langid.profiles import get_profile_matrix

    profiles, tables = get_profile_matrix(), textnorm.get_char_tables()
    ids = tables.char_id[textnorm.prepare(text, 10_000)]
    keys = ngrams.window_keys(ids, np.arange(ids.size), tables.space_id, profiles.char_bits)
    upper = tables.upper[ids]
    keys[1:][upper[1:] & upper[:-1]] = -1
    return profiles.index.lookup(keys.ravel())


def test_dense_tables_agree_with_hash_index():
    """The small-alphabet tables and the rare-char fallback give the hash's rows."""
    from c4pipe.langid import ngrams, textnorm
    from c4pipe.langid.dense import get_dense_grams
    from c4pipe.langid.profiles import get_profile_matrix

    profiles, tables, dense = get_profile_matrix(), textnorm.get_char_tables(), get_dense_grams()
    texts = EDGE_TEXTS + synthetic_texts(per_lang=3)
    for text in texts:
        if not isinstance(text, str):
            continue
        got = ngrams.extract_rows(textnorm.prepare(text, 10_000), tables, profiles, dense)
        assert got.tolist() == _hash_only_rows(text).tolist(), text


def test_auto_falls_back_to_fast_without_langdetect_rs(monkeypatch):
    """Where `langdetect-rs` has no wheel, "auto" is c4pipe's own exact detector."""
    from c4pipe.langid import registry

    monkeypatch.setitem(sys.modules, "langdetect_rs", None)  # import fails
    assert registry.resolve("auto") == "fast"
    assert isinstance(get_detector("auto"), FastLangDetect)


def test_detector_names_match_the_recipe_choices():
    from c4pipe.langid.registry import NAMES
    from c4pipe.recipes import LANGID_DETECTORS

    assert NAMES == LANGID_DETECTORS


@pytest.mark.parametrize("text", ["", "12345 678", "!!! ???"])
def test_langdetect_rs_raises_langdetects_exception(text, reference_detector):
    """The English filter catches langdetect's exception class, whichever detector runs."""
    with pytest.raises(LangDetectException) as got:
        RustLangDetect().detect_langs(text)
    assert outcome(RustLangDetect(), text) == outcome(reference_detector, text)
    assert got.value.get_code() == ErrorCode.CantDetectError
