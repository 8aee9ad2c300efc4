"""CLD3, the language identifier of mC4, as the reference configures it.

The reference calls Google's `gcld3` (`NNetLanguageIdentifier(min_num_bytes=100,
max_num_bytes=10000)`), which PyPI ships only as a source package that needs
protobuf's compiler to build. `cld3-py` is a maintained build of the same C++ code
and model, with wheels, imported under the same name; `tests/langid/test_cld3_parity.py`
checks it against the reference's own `gcld3` (language, probability, reliability).
"""

from __future__ import annotations

from typing import Callable, Tuple

MIN_NUM_BYTES = 100
MAX_NUM_BYTES = 10_000


def language_finder(
    min_num_bytes: int = MIN_NUM_BYTES, max_num_bytes: int = MAX_NUM_BYTES
) -> Callable[[str], Tuple[str, float, bool]]:
    """text -> (language, probability, is_reliable), `filters.language.FindLanguage`."""
    import gcld3

    detector = gcld3.NNetLanguageIdentifier(min_num_bytes=min_num_bytes, max_num_bytes=max_num_bytes)

    def find_language(text: str) -> Tuple[str, float, bool]:
        result = detector.FindLanguage(text)
        return result.language, result.probability, result.is_reliable

    return find_language
