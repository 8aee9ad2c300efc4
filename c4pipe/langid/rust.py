"""``RustLangDetect``: langdetect 1.0.9's results from `langdetect-rs`, a Rust port.

`langdetect-rs` replays langdetect's random walk (the same Mersenne Twister, smoothing
and floating-point order), so its probabilities equal the original's bit for bit. It is
young and has one maintainer, so c4pipe trusts it only behind its own parity test
(``tests/langid/test_parity.py``, the same 10,000+ texts as ``FastLangDetect``) and keeps
``FastLangDetect`` selectable (``--langid fast``) and the fallback where the package is
missing (``get_detector("auto")``).
"""

from __future__ import annotations

import threading

from langdetect.lang_detect_exception import LangDetectException

_LOCK = threading.Lock()


def available() -> bool:
    """Whether `langdetect-rs` imports here (a wheel exists for this platform)."""
    try:
        import langdetect_rs  # noqa: F401
    except ImportError:
        return False
    return True


class RustLangDetect:
    """``langdetect.detect_langs`` with ``DetectorFactory.seed = seed``, as tuples.

    Raises langdetect's own ``LangDetectException`` (not the port's class of that name),
    so the English filter catches the same exception whichever detector runs.
    """

    def __init__(self, seed: int = 0):
        self.seed = seed

    def __repr__(self):
        return "RustLangDetect(seed=%r)" % (self.seed,)

    def detect_langs(self, text: str) -> list:
        """[(lang, prob), ...] with prob > 0.1, most probable first."""
        import langdetect_rs

        try:
            # The port keeps langdetect's one global factory and class-attribute seed.
            with _LOCK:
                langdetect_rs.DetectorFactory.seed = self.seed
                found = langdetect_rs.detect_langs(text)
        except langdetect_rs.LangDetectException as e:
            raise LangDetectException(e.get_code(), str(e)) from None
        return [(x.lang, x.prob) for x in found]
