"""Thread-safe wrapper over the original langdetect 1.0.9 (the ground truth)."""

import threading

_LOCK = threading.Lock()


class LangdetectReference:
    """``langdetect.detect_langs`` with ``DetectorFactory.seed = seed``, as tuples.

    langdetect keeps one global factory and reseeds through a class attribute, so
    calls are serialized with a module-level lock.
    """

    def __init__(self, seed: int = 0):
        self.seed = seed

    def __repr__(self):
        return "LangdetectReference(seed=%r)" % (self.seed,)

    def detect_langs(self, text: str) -> list:
        """[(lang, prob), ...] exactly as langdetect reports them."""
        import langdetect
        from langdetect import DetectorFactory

        with _LOCK:
            DetectorFactory.seed = self.seed
            return [(x.lang, x.prob) for x in langdetect.detect_langs(text)]
