"""Invisible characters: what the extractor reads in their place.

A report may carry characters a reader does not see: a zero-width space inside
"9 824", a soft hyphen inside a word, a no-break or ideographic space, a bidi
control. Read as they are, they split numbers ("9 824" read as 9 and 824) or hide
words from the keyword rules. Every text the extractor reads is normalised first:

* format characters (Unicode category ``Cf``: zero-width space, zero-width joiners,
  soft hyphen, word joiner, byte-order mark, bidi controls) are removed;
* every other space (``Zs``: no-break, thin, ideographic …), line or paragraph
  separator (``Zl``, ``Zp``) and control character (``Cc``) but TAB and LF becomes an
  ordinary space, one for one.

Lines keep their numbers (no line break is added or removed). Quotes are verbatim
substrings of the normalised text; a column points into the file as received
(:class:`Removed` maps one to the other).
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

_KEPT = "\t\n "
_AS_SPACE = ("Zs", "Zl", "Zp", "Cc")


def _table(text: str) -> dict[int, str | None]:
    """Return the ``str.translate`` table for the invisible characters ``text`` holds."""
    table: dict[int, str | None] = {}
    for ch in set(text):
        category = unicodedata.category(ch)
        if category == "Cf":
            table[ord(ch)] = None
        elif category in _AS_SPACE and ch not in _KEPT:
            table[ord(ch)] = " "
    return table


@dataclass(frozen=True)
class Removed:
    """Where characters were removed, to map a column back into the file as received.

    Attributes
    ----------
    at
        1-based line number to the positions (0-based, in the normalised line) at
        which a character was removed, one entry per character.
    """

    at: dict[int, list[int]] = field(default_factory=dict)

    def file_column(self, line: int, column: int) -> int:
        """Return the 1-based column in the file of a 1-based column of the normalised line."""
        removed = self.at.get(line)
        if not removed:
            return column
        return column + bisect.bisect_right(removed, column - 1)


def normalise_invisible(text: str) -> tuple[str, Removed]:
    """Remove format characters and make other spaces ordinary (see the module docstring).

    Parameters
    ----------
    text
        Text with LF line ends.

    Returns
    -------
    tuple of (str, Removed)
        The normalised text, and where characters were removed.
    """
    table = _table(text)
    if not table:
        return text, Removed()
    gone = {code for code, value in table.items() if value is None}
    at: dict[int, list[int]] = {}
    if gone:
        pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(gone)) + "]")
        for number, line in enumerate(text.split("\n"), start=1):
            hits = [m.start() for m in pattern.finditer(line)]
            if hits:
                at[number] = [pos - i for i, pos in enumerate(hits)]
    return text.translate(table), Removed(at)


def text_fingerprint(text: str) -> str:
    """Return a SHA-256 of what a text says, whatever its encoding, line ends or layout.

    The text is normalised (invisible characters, NFKC), and every whitespace
    character is dropped, so a GB18030 copy, a CRLF copy and the text derived from
    a DOCX or PDF of the same report share one fingerprint.
    """
    plain, _ = normalise_invisible(text.replace("\r", "\n"))
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", plain))
    return hashlib.sha256(compact.encode("utf-8")).hexdigest()
