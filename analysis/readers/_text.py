"""Plain text reports (.txt, .md): encoding detection, and the result every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import BriefingError, ReportError
from analysis.readers._invisible import Removed, normalise_invisible

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


#: Reports above this size are refused: a UN report is well under 1 MB of text.
MAX_REPORT_BYTES = 10_000_000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class ReportText:
    """A report's text as the extractor reads it.

    Attributes
    ----------
    text
        The text: newlines normalised to LF, invisible characters normalised (see
        `analysis.readers._invisible`).
    encoding
        The encoding the file was read in.
    removed
        Where invisible characters were removed (maps columns back into the file).
    """

    text: str
    encoding: str
    removed: Removed = field(default_factory=Removed)


def check_size(path: Path, limit: int = MAX_REPORT_BYTES) -> None:
    """Refuse a file above ``limit`` bytes (or a folder) before reading it.

    Raises
    ------
    ReportError
        When ``path`` is a folder, or larger than ``limit``.

    """
    if path.is_dir():
        raise ReportError(
            path, "this is a folder, not a report file", "give the path of the report file itself"
        )
    size = path.stat().st_size
    if size > limit:
        raise ReportError(
            path,
            f"the file is {size / 1e6:.1f} MB; reports above {limit / 1e6:.0f} MB are refused "
            "(a UN report is well under 1 MB of text)",
            "check that this is one report, not several joined or a file of another kind",
        )


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
    """Read a report's text, detecting its encoding (see `read_report`).

    Returns
    -------
    tuple of (str, str)
        The text the extractor reads, and the encoding used.

    Raises
    ------
    ReportError
        When the file is too large, empty or not text in a known encoding.

    """
    report = read_report(path)
    return report.text, report.encoding


def read_report(path: Path) -> ReportText:
    """Read a report's text, detecting its encoding, and normalise it.

    UTF-8 (with or without BOM) is expected; UTF-16 with a byte-order mark is read
    as such, and a GB18030/GBK file, common for Chinese documents, too. Line ends
    become LF and invisible characters are normalised (`normalise_invisible`).

    Parameters
    ----------
    path
        The report file.

    Returns
    -------
    ReportText

    Raises
    ------
    ReportError
        When the file is too large, empty or not text in a known encoding.

    """
    check_size(path)
    data = path.read_bytes()
    if not data.strip():
        raise ReportError(
            path, "the file is empty", "replace it with the full report text as received"
        )
    text, encoding = _decode(path, data)
    text, removed = normalise_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    return ReportText(text, encoding, removed)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return the text of a report file and its encoding."""
    if data.startswith(_UTF16_BOMS):
        return _utf16(path, data, "utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        for order in _utf16_orders(data[:4096]):
            text = data.decode(order, errors="replace")
            if _plausible(text):
                return _utf16(path, data, order), order
        raise ReportError(
            path,
            "the file is binary (NUL bytes), not a text report",
            "convert it with `briefing add` (PDF, DOCX) or export it as UTF-8 text",
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        return _gb18030(path, data, utf8_error), "gb18030"


def _utf16_orders(head: bytes) -> list[str]:
    """Return the UTF-16 byte orders to try for ``head`` (no byte-order mark), likeliest first.

    In UTF-16 text the high bytes of Latin characters are NUL: mostly on one side.
    """
    odd, even = head[1::2].count(0), head[::2].count(0)
    return ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]


def _plausible(text: str) -> bool:
    """Tell text from bytes decoded in a wrong encoding: nearly all ASCII, CJK or full-width."""
    sample = text[:2000]
    known = sum(1 for ch in sample if ch.isascii() or "\u3000" <= ch <= "\u9fff" or ch > "\uff00")
    return known >= 0.9 * max(len(sample), 1)


def _utf16(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportError(
            path,
            f"the file is UTF-16 text with a bad byte at offset {exc.start}",
            "save the report as UTF-8 text",
        ) from exc


def _gb18030(path: Path, data: bytes, utf8_error: UnicodeDecodeError) -> str:
    line = data[: utf8_error.start].count(b"\n") + 1
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReportError(
            path,
            f"not UTF-8 or GBK text (bad byte at offset {utf8_error.start})",
            "save the report as UTF-8 text",
            line,
        ) from utf8_error
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:5000]):
        raise ReportError(
            path,
            f"not UTF-8 text (bad byte at offset {utf8_error.start}) and not Chinese GBK either",
            "save the report as UTF-8 text",
            line,
        ) from utf8_error
    return text
