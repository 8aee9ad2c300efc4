"""The page record that flows through the pipeline.

A NamedTuple rather than a dataclass: it is immutable, compact when pickled between
Beam stages, and `_replace` makes the cleaning steps read like the reference's
`dataclasses.replace`.
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    url: str
    normalized_url: str
    text: str
    timestamp: str
    content_type: str = ""
    content_length: str = ""
    language: str = ""
