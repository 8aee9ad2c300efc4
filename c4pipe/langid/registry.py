"""Pick a language detector by name (pipeline option / CLI flag)."""

from .fast import FastLangDetect
from .reference import LangdetectReference

_DETECTORS = {"fast": FastLangDetect, "langdetect": LangdetectReference}


def get_detector(name: str):
    """"fast" -> FastLangDetect, "langdetect" -> the original library (seed 0)."""
    try:
        return _DETECTORS[name]()
    except KeyError:
        raise ValueError("unknown detector %r (choose from %s)"
                         % (name, ", ".join(sorted(_DETECTORS)))) from None
