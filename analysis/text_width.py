"""How wide a text is drawn, counted in Latin characters (a Chinese one counts two).

Kept apart from :mod:`analysis.labels` so that the decks' post-render step, a Python
process of its own, measures titles without importing polars.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def has_cjk(value: str) -> bool:
    """Return whether ``value`` holds a Chinese (CJK) character."""
    return bool(_CJK.search(value))


def display_width(value: str) -> int:
    """Return the width of ``value`` in Latin characters (a Chinese character counts two)."""
    return sum(2 if has_cjk(c) else 1 for c in value)
