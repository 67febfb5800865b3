"""Readers: a report file (.txt, .md, .pdf, .docx) → the UTF-8 text the extractor reads.

``read_text`` reads a plain text report, detecting its encoding. ``derive_text``
reads any supported file: a text file as it is, a PDF (with a text layer) or a
DOCX turned into text with body paragraphs one per line and the annex table as
TAB-separated rows. ``join_lines`` and the line shapes (``ANNEX_HEADING``,
``PARAGRAPH_START``, ``SECTION_START``) are shared with the reading of a report's
metadata.
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import BriefingError
from analysis.readers._docx import docx_text
from analysis.readers._lines import ANNEX_HEADING, PARAGRAPH_START, SECTION_START, join_lines
from analysis.readers._pdf import pdf_text
from analysis.readers._text import TEXT_SUFFIXES, DerivedText, plain_text, read_text

__all__ = [
    "ANNEX_HEADING",
    "PARAGRAPH_START",
    "SECTION_START",
    "DerivedText",
    "derive_text",
    "join_lines",
    "read_text",
]


def derive_text(path: Path, data: bytes, suffix: str) -> DerivedText:
    """Read a report file as text, whatever its type.

    Parameters
    ----------
    path
        The report as received.
    data
        Its bytes (a PDF is recognised by its signature whatever its name).
    suffix
        Its lower-case suffix, e.g. ``.pdf``.

    Returns
    -------
    DerivedText
        The text, and how it was derived (``tool`` is empty for a text file).

    Raises
    ------
    BriefingError
        When the type is not supported or the file cannot be read as text.

    """
    if suffix in TEXT_SUFFIXES:
        return plain_text(path)
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return pdf_text(path)
    if suffix == ".docx":
        return docx_text(path)
    raise BriefingError(
        path,
        f"unsupported file type {suffix or '(no extension)'!r}",
        "add the report as .txt, .md, .pdf (with a text layer) or .docx",
    )
