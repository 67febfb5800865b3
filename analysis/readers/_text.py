"""Plain text reports (.txt, .md): encoding detection, and the result every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import BriefingError, ReportError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


@dataclass
class DerivedText:
    """The text the extractor reads, and how it was obtained.

    Attributes
    ----------
    text
        The report's text, newlines normalised to LF.
    encoding
        The encoding the file was read in (``utf-8`` for derived text).
    tool
        The program that derived the text (empty when the file is itself the text).
    method
        How the text was derived, in a sentence or two (recorded in ``source.yml``).
    notes
        What was changed on the way (running headers dropped, hyphens removed...).

    """

    text: str
    encoding: str
    tool: str = ""
    method: str = ""
    notes: list[str] = field(default_factory=list)


def plain_text(path: Path) -> DerivedText:
    """Read a plain text report as it is (see `read_text`).

    Raises
    ------
    BriefingError
        When the file is empty or not text in a known encoding.

    """
    try:
        text, encoding = read_text(path)
    except ReportError as exc:
        raise BriefingError(path, exc.problem, exc.fix, exc.line) from exc
    return DerivedText(text, encoding)


def read_text(path: Path) -> tuple[str, str]:
    """Read a report's text, detecting its encoding.

    UTF-8 (with or without BOM) is expected; a GB18030/GBK file, common for
    Chinese documents, is read as such.

    Parameters
    ----------
    path
        The report file.

    Returns
    -------
    tuple of (str, str)
        The text with newlines normalised to LF, and the encoding used.

    Raises
    ------
    ReportError
        When the file is empty or not text in a known encoding.

    """
    data = path.read_bytes()
    if not data.strip():
        raise ReportError(
            path, "the file is empty", "replace it with the full report text as received"
        )
    if b"\x00" in data[:4096]:
        raise ReportError(
            path,
            "the file is binary (NUL bytes), not a text report",
            "convert it with `briefing add` (PDF, DOCX) or export it as UTF-8 text",
        )
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ReportError(
                path,
                f"not UTF-8 or GBK text (bad byte at offset {utf8_error.start})",
                "save the report as UTF-8 text",
                line,
            ) from utf8_error
        if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:5000]):
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ReportError(
                path,
                f"not UTF-8 text (bad byte at offset {utf8_error.start}) "
                "and not Chinese GBK either",
                "save the report as UTF-8 text",
                line,
            ) from utf8_error
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
