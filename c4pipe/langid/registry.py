"""Pick a language detector by name (pipeline option / CLI flag).

Every detector gives langdetect 1.0.9's exact results with seed 0 (each behind its own
parity test), so the choice changes speed, never output. "auto" takes the fastest one
that imports here: `langdetect-rs` where its wheel exists, else ``FastLangDetect``.
"""

from .fast import FastLangDetect
from .reference import LangdetectReference
from .rust import RustLangDetect
from .rust import available as rust_available

_DETECTORS = {"langdetect-rs": RustLangDetect, "fast": FastLangDetect, "langdetect": LangdetectReference}
NAMES = ("auto", *_DETECTORS)


def resolve(name: str) -> str:
    """The concrete detector a name stands for ("auto" -> "langdetect-rs" or "fast")."""
    if name == "auto":
        return "langdetect-rs" if rust_available() else "fast"
    if name not in _DETECTORS:
        raise ValueError("unknown detector %r (choose from %s)" % (name, ", ".join(NAMES)))
    return name


def get_detector(name: str):
    """A detector with ``detect_langs(text) -> [(lang, prob), ...]``, by name."""
    return _DETECTORS[resolve(name)]()
