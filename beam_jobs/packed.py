"""Pages cross a shuffle as bytes that the pipeline pickles itself.

Beam's local runner decodes and re-encodes every value it groups, in its one
process. A page record is not a Beam primitive, so Beam's coder would pickle it: the
runner would unpickle and re-pickle every page at every shuffle. As bytes, it copies
them, and the workers pickle once on each side. On a cluster runner the shuffle
service never decodes values, so it costs nothing there.
"""

from __future__ import annotations

import pickle
from typing import Any


def pack(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> Any:
    return pickle.loads(blob)
