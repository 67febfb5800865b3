"""Readers: a report file (.txt, .md, .pdf, .docx) → the UTF-8 text the extractor reads.

``read_text`` reads a plain text report, detecting its encoding. ``derive_text``
reads any supported file: a text file as it is, a PDF (with a text layer) or a
DOCX turned into text with body paragraphs one per line and the annex table as
TAB-separated rows. Every text is normalised the same way (line ends, invisible
characters: `analysis.readers._invisible`), and a file above the documented size
(``MAX_REPORT_BYTES`` of text, ``MAX_FILE_BYTES`` for a PDF or DOCX) is refused before
it is read. ``join_lines`` and the line shapes (``ANNEX_HEADING``,
``PARAGRAPH_START``, ``SECTION_START``) are shared with the reading of a report's
metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.errors import BriefingError, ReportError
from analysis.readers._docx import docx_text
from analysis.readers._invisible import Removed, normalise_invisible, text_fingerprint
from analysis.readers._lines import ANNEX_HEADING, PARAGRAPH_START, SECTION_START, join_lines
from analysis.readers._pdf import pdf_text
from analysis.readers._text import (
    MAX_REPORT_BYTES,
    TEXT_SUFFIXES,
    DerivedText,
    ReportText,
    check_size,
    plain_text,
    read_report,
    read_text,
)

#: A PDF or DOCX above this size is refused (its text is then held to MAX_REPORT_BYTES).
MAX_FILE_BYTES = 100_000_000

__all__ = [
    "ANNEX_HEADING",
    "MAX_FILE_BYTES",
    "MAX_REPORT_BYTES",
    "PARAGRAPH_START",
    "SECTION_START",
    "DerivedText",
    "Removed",
    "ReportText",
    "check_size",
    "derive_text",
    "join_lines",
    "normalise_invisible",
    "read_report",
    "read_text",
    "text_fingerprint",
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
        When the type is not supported, the file is too large, or it cannot be read
        as text.

    """
    if suffix in TEXT_SUFFIXES:
        return plain_text(path)
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return _derived(path, pdf_text)
    if suffix == ".docx":
        return _derived(path, docx_text)
    raise BriefingError(
        path,
        f"unsupported file type {suffix or '(no extension)'!r}",
        "add the report as .txt, .md, .pdf (with a text layer) or .docx",
    )


def _derived(path: Path, reader: Callable[[Path], DerivedText]) -> DerivedText:
    """Read a PDF or DOCX with ``reader``, within the size limits, normalised."""
    try:
        check_size(path, MAX_FILE_BYTES)
    except ReportError as exc:
        raise BriefingError(path, exc.problem, exc.fix) from exc
    derived = reader(path)
    if len(derived.text.encode("utf-8")) > MAX_REPORT_BYTES:
        raise BriefingError(
            path,
            f"the text read from it is above {MAX_REPORT_BYTES / 1e6:.0f} MB "
            "(a UN report is well under 1 MB of text)",
            "check that this is one report, not several joined",
        )
    derived.text, _ = normalise_invisible(derived.text)
    return derived
