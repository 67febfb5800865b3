"""What a report prints about itself: date, symbol, title, language, reporting period.

Read from the report's text for ``briefing add``; what is not printed is never
guessed, it must be passed on the command line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import BriefingError
from analysis.extract._numbers import find_dates
from analysis.readers import ANNEX_HEADING, PARAGRAPH_START, SECTION_START, join_lines

DATE_OPTION = "YYYY-MM-DD"
_LANGUAGES = ("zh", "en")
_SYMBOL = r"[AS]/(?:RES/)?\d{2,4}/\d{1,4}(?:/(?:Add|Corr|Rev)\.\d+)*"
#: A symbol of a conference's documents ("A/CONF.192/BMS/2016/1"), printed after the
#: report's own when the report is issued for both.
_CONFERENCE_SYMBOL = r"A/CONF\.\d+(?:/[\w.]+)+"
#: The header's symbol line: the report's symbol, alone or joined to another by a dash
#: ("A/71/438–A/CONF.192/BMS/2016/1"); the first is the report's.
_SYMBOL_LINE = re.compile(
    rf"^\s*(?:United Nations\s+|联合国\s*)?({_SYMBOL})"
    rf"(?:\s*[–—-]\s*(?:{_SYMBOL}|{_CONFERENCE_SYMBOL}))*\s*$"
)
_SUMMARY = ("Summary", "摘要")
_REPORT_OF = re.compile(
    r"^(?P<before>.*?)\s*(?:Report of the Secretary-General|秘书长的报告)\s*$", re.I
)
_ORIGINAL = re.compile(r"\bOriginal:\s*(\w+)", re.I)
_LANGUAGE_NAMES = {
    "english": "en",
    "chinese": "zh",
    "french": "fr",
    "spanish": "es",
    "russian": "ru",
    "arabic": "ar",
}
#: The one-letter language codes of UN job numbers and file names: 16-12345 (E), A_72_123_C.
_UN_LANGUAGE_CODES = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}
#: The footer job number line: "16-12345 (E)", "16-12345 (C)    200716    200716".
_JOB_NUMBER = re.compile(r"^\s*\d{2}-\d{5}\s*\((?P<code>[ACEFRS])\)(?:\s|$)")
#: A UN file name: the symbol with "_" for "/", then the language letter (A_72_123_E.txt).
_UN_FILE_NAME = re.compile(
    r"^(?P<symbol>[AS](?:_RES)?_\d{2,4}_\d{1,4}(?:_(?:Add|Corr|Rev)\.\d+)*)"
    r"(?:[_-](?P<code>[ACEFRS]))?(?:[_.-]|$)",
    re.IGNORECASE,
)


@dataclass
class Period:
    """A reporting period, as printed and where."""

    start: dt.date
    end: dt.date
    as_printed: str
    where: str


@dataclass
class Printed:
    """What the report prints about itself (``None`` or empty: not found)."""

    date: dt.date | None
    symbol: str | None
    title: str | None
    original_language: str
    periods: list[Period] = field(default_factory=list)


def report_language(path: Path, text: str, lang: str | None) -> str:
    """Return the report's language: ``lang``, else what the report and its file name say.

    In order: the language line of the header ("Chinese" above "Original: English"),
    the footer job number ("16-12345 (C)"), the UN file name (``A_72_123_E.txt``), and
    last the share of CJK characters.

    Raises
    ------
    BriefingError
        When the language is not supported, or there is too little text to tell.

    """
    lang = lang or printed_language(text) or file_name_language(path)
    if lang is not None:
        if lang not in _LANGUAGES:
            raise BriefingError(path, f"language {lang!r} is not supported", "pass --lang zh or en")
        return lang
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk + latin < 200:
        raise BriefingError(path, "too little text to tell its language", "pass --lang zh or en")
    return "zh" if cjk / (cjk + latin) > 0.3 else "en"


def printed_language(text: str) -> str | None:
    """Return the language the report prints: its header's language line, else its job number.

    A translation prints its own language above "Original: …" ("Chinese" /
    "Original: English"); the footer job number ends in the language letter.
    """
    lines = [ln.strip() for ln in text.split("\n")]
    header = lines[: _header_end(lines)]
    for i, ln in enumerate(header[:-1]):
        if _ORIGINAL.match(header[i + 1]) and ln.lower() in _LANGUAGE_NAMES:
            return _LANGUAGE_NAMES[ln.lower()]
    job = next((m for ln in lines if (m := _JOB_NUMBER.match(ln))), None)
    return _UN_LANGUAGE_CODES[job.group("code")] if job else None


def file_name_symbol(path: Path | None) -> str | None:
    """Return the document symbol a UN file name gives (``A_72_123_E.txt``: ``A/72/123``)."""
    m = _UN_FILE_NAME.match(path.name) if path is not None else None
    return m.group("symbol").upper().replace("_", "/").replace("ADD", "Add") if m else None


def file_name_language(path: Path | None) -> str | None:
    """Return the language a UN file name gives (``A_72_123_C.pdf``: ``zh``)."""
    m = _UN_FILE_NAME.match(path.name) if path is not None else None
    return _UN_LANGUAGE_CODES[m.group("code").upper()] if m and m.group("code") else None


def _header_end(lines: list[str]) -> int:
    summary_at = next((i for i, ln in enumerate(lines) if ln in _SUMMARY), None)
    first_para = next(
        (i for i, ln in enumerate(lines) if PARAGRAPH_START.match(ln) or SECTION_START.match(ln)),
        len(lines),
    )
    return min(summary_at if summary_at is not None else first_para, first_para, 80)


def read_printed(text: str, path: Path | None = None) -> Printed:
    """Read the header (before the summary or first paragraph), annex title and summary.

    The symbol is the one the header prints, else the one the UN file name gives
    (``A_72_123_E.txt``); never the ``*`` footnote's.
    """
    lines = [ln.strip() for ln in text.split("\n")]
    summary_at = next((i for i, ln in enumerate(lines) if ln in _SUMMARY), None)
    first_para = next(
        (i for i, ln in enumerate(lines) if PARAGRAPH_START.match(ln) or SECTION_START.match(ln)),
        len(lines),
    )
    header_end = min(summary_at if summary_at is not None else first_para, first_para, 80)
    header = lines[:header_end]
    original = next((m.group(1) for ln in header if (m := _ORIGINAL.search(ln))), "")
    return Printed(
        date=_header_date(header),
        # The "*" footnote of the header ("* A/70/150.") names the provisional agenda,
        # not the report: it is never taken as the report's symbol.
        symbol=next((m.group(1) for ln in header if (m := _SYMBOL_LINE.match(ln))), None)
        or file_name_symbol(path),
        title=_header_title(header),
        original_language=_LANGUAGE_NAMES.get(original.lower(), ""),
        periods=_printed_periods(lines, summary_at, first_para),
    )


def _header_title(header: list[str]) -> str | None:
    """Return the title: before "Report of the Secretary-General", or the lines above it."""
    report_of = next((i for i, ln in enumerate(header) if _REPORT_OF.match(ln)), None)
    if report_of is None:
        return None
    before = _REPORT_OF.match(header[report_of]).group("before")
    if before:
        return before.rstrip(" .:")
    title_lines: list[str] = []
    for ln in reversed(header[:report_of]):
        if not ln:
            if title_lines:
                break
            continue
        title_lines.insert(0, ln)
    return join_lines(title_lines) if title_lines else None


def _printed_periods(lines: list[str], summary_at: int | None, first_para: int) -> list[Period]:
    """Return the periods printed in the annex title and in the summary."""
    periods: list[Period] = []
    annex_at = next((i for i, ln in enumerate(lines) if ANNEX_HEADING.match(ln)), None)
    if annex_at is not None:
        title_line = next((ln for ln in lines[annex_at + 1 :] if ln), "")
        if "\t" not in title_line and (p := _period_in(title_line, "annex title")):
            periods.append(p)
    if summary_at is not None:
        for ln in lines[summary_at + 1 : first_para]:
            if p := _period_in(ln, "summary"):
                periods.append(p)
                break
    if not periods:  # a report with neither (the Security Council's): its introduction
        for ln in lines[first_para : first_para + _INTRODUCTION_LINES]:
            if _SAYS_PERIOD.search(ln) and (p := _period_in(ln, "introduction")):
                periods.append(p)
                break
    return periods


#: How far into the numbered paragraphs the introduction may state the period (lines).
_INTRODUCTION_LINES = 12
#: A sentence that states the period a report covers: "covers the period from …", 所述期间.
_SAYS_PERIOD = re.compile(r"\bperiod\b|\bcovers\b|期间", re.IGNORECASE)


def _header_date(header: list[str]) -> dt.date | None:
    candidates = []
    for i, ln in enumerate(header):
        for span in find_dates(ln):
            if span.precision == "day" and span.date_start and span.date_start == span.date_end:
                whole = len(span.text) >= 0.8 * len(ln)
                after_distr = "distr" in ln.lower() or (i > 0 and "distr" in header[i - 1].lower())
                candidates.append((not after_distr, not whole, i, span.date_start))
    candidates = [c for c in candidates if not c[1] or not c[0]]
    return min(candidates)[3] if candidates else None


def _period_in(line: str, where: str) -> Period | None:
    spans = [s for s in find_dates(line) if s.precision in ("month", "day")]
    for span in spans:
        if (
            span.date_start
            and span.date_end
            and ((span.date_end - span.date_start).days > 62 or span.date_end < span.date_start)
        ):
            return Period(span.date_start, span.date_end, span.text, where)
    for a, b in zip(spans, spans[1:], strict=False):
        # Two month dates joined by a dash: "August 2015–July 2016".
        between = line[a.end : b.start].strip()
        if between in ("–", "-", "—", "－", "to", "至") and a.date_start and b.date_end:
            return Period(a.date_start, b.date_end, line[a.start : b.end], where)
    return None


def choose_period(
    path: Path,
    periods: list[Period],
    start: str | None,
    end: str | None,
    missing: list[str],
) -> tuple[Period, str] | None:
    """Return the reporting period and a note on how it was read (or add to ``missing``)."""
    annex = next((p for p in periods if p.where == "annex title"), None)
    summary = next((p for p in periods if p.where == "summary"), None)
    introduction = next((p for p in periods if p.where == "introduction"), None)
    printed = summary or annex or introduction
    valid = [p for p in (annex, summary, introduction) if p is not None and p.end > p.start]
    chosen = valid[0] if valid else None
    if start or end:
        return _given_period(path, (start, end), chosen, printed, missing)
    return _printed_period(chosen, printed, missing)


def _given_period(
    path: Path,
    given: tuple[str | None, str | None],
    chosen: Period | None,
    printed: Period | None,
    missing: list[str],
) -> tuple[Period, str] | None:
    """Return the period given on the command line, completed from the one printed."""
    start, end = given
    begin = option_date(path, start, "--period-start") if start else None
    finish = option_date(path, end, "--period-end") if end else None
    begin = begin or (chosen.start if chosen else None)
    finish = finish or (chosen.end if chosen else None)
    if begin is None or finish is None:
        missing.append(
            f"the reporting period: pass both --period-start and --period-end {DATE_OPTION}"
        )
        return None
    if finish <= begin:
        raise BriefingError(
            path,
            f"the reporting period given ends ({finish}) before it starts ({begin})",
            "check --period-start and --period-end",
        )
    note = "Given on the command line (briefing add --period-start/--period-end)."
    if printed is not None:
        note += f" The {printed.where} prints {printed.as_printed}."
    as_printed = printed.as_printed if printed else ""
    return Period(begin, finish, as_printed, "command line"), note


def _printed_period(
    chosen: Period | None, printed: Period | None, missing: list[str]
) -> tuple[Period, str] | None:
    """Return the first valid period printed, with a note when another one differs."""
    if chosen is None:
        if printed is not None:
            problem = (
                f"the reporting period (the {printed.where} prints {printed.as_printed}, "
                "which ends before it starts)"
            )
        else:
            problem = "the reporting period"
        missing.append(f"{problem}: pass --period-start {DATE_OPTION} --period-end {DATE_OPTION}")
        return None
    assert printed is not None
    if (printed.start, printed.end) == (chosen.start, chosen.end):
        return Period(chosen.start, chosen.end, printed.as_printed, chosen.where), ""
    how = "ends before it starts" if printed.end <= printed.start else "differs"
    note = (
        f"The {printed.where} prints the period as {printed.as_printed}, which {how}; "
        f"the {chosen.where} prints {chosen.as_printed}, which is used."
    )
    return Period(chosen.start, chosen.end, printed.as_printed, chosen.where), note


def option_date(path: Path, value: str, option: str) -> dt.date:
    """Return the date passed as ``option`` (``YYYY-MM-DD``).

    Raises
    ------
    BriefingError
        When it is not a date.

    """
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BriefingError(
            path, f"{option} {value!r} is not a date", f"pass {option} {DATE_OPTION}"
        ) from exc
