"""How wide a text is drawn, counted in Latin characters (a Chinese one counts two).

Kept apart from :mod:`analysis.labels` so that the decks' post-render step, a Python
process of its own, measures titles without importing polars.
"""

from __future__ import annotations

import re

#: Chinese characters, CJK punctuation and full-width forms (ranges of a regex class).
_CJK_RANGES = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK = re.compile(f"[{_CJK_RANGES}]")
#: A stretch of Chinese text with the digits, spaces and punctuation inside it.
CHINESE_RUN = re.compile(f"[{_CJK_RANGES}](?:[{_CJK_RANGES}0-9 .,()（）/]*[{_CJK_RANGES}])?")


def has_cjk(value: str) -> bool:
    """Return whether ``value`` holds a Chinese (CJK) character."""
    return bool(_CJK.search(value))


def display_width(value: str) -> int:
    """Return the width of ``value`` in Latin characters (a Chinese character counts two)."""
    return sum(2 if has_cjk(c) else 1 for c in value)


def chinese_pieces(value: str) -> list[tuple[str, bool]]:
    """Return ``value`` cut into its stretches of Chinese and of other text, in order.

    Each piece is given with whether it is Chinese (:data:`CHINESE_RUN`); joined, the
    pieces are ``value``.
    """
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match in CHINESE_RUN.finditer(value):
        if match.start() > end:
            pieces.append((value[end : match.start()], False))
        pieces.append((match.group(0), True))
        end = match.end()
    if end < len(value):
        pieces.append((value[end:], False))
    return pieces
