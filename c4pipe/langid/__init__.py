"""Language identification for the C4 English filter.

``FastLangDetect().detect_langs(text)`` returns exactly what langdetect 1.0.9's
``detect_langs`` returns with ``DetectorFactory.seed = 0`` (same languages, same
float probabilities, same exceptions), about an order of magnitude faster;
``is_language(text, "en", 0.99)`` answers C4's keep/drop question and stops early on
pages that cannot pass.  ``RustLangDetect`` gives the same results from `langdetect-rs`
(a Rust port), faster still; ``get_detector("auto")`` picks it where it installs.
``get_detector("langdetect")`` wraps the original library.

Modules: ``profiles`` (profile matrix), ``gramindex`` / ``dense`` (n-gram -> row
lookup), ``textnorm`` (text cleaning and char normalization), ``ngrams`` (n-gram
extraction), ``randstream`` (replay of langdetect's random draws), ``walk`` (the
probability estimation), ``fast`` / ``rust`` / ``reference`` / ``registry`` (public API).
"""

from langdetect.lang_detect_exception import LangDetectException

from .fast import FastLangDetect
from .reference import LangdetectReference
from .registry import get_detector
from .rust import RustLangDetect

__all__ = ["FastLangDetect", "LangdetectReference", "LangDetectException", "RustLangDetect", "get_detector"]
