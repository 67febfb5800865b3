"""Register a new report: ``briefing add PATH`` → ``data/sources/<id>/``.

The file is kept exactly as received, with its SHA-256. A PDF (with a text layer)
or a DOCX is also turned into the UTF-8 text the extractor reads (``report.txt``):
body paragraphs one per line, the annex table as TAB-separated rows. Metadata is
read from the report where it is printed (date, symbol, title, reporting period);
what cannot be read must be passed on the command line, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import statistics
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.errors import BriefingError, ReportError
from analysis.extract._numbers import find_dates
from analysis.extract._structure import Names, parse_document
from analysis.paths import sources_dir
from analysis.reference import Category, vocabulary
from analysis.sources import load_source, read_report_text

__all__ = ["add_report"]

_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_LANGUAGES = ("zh", "en")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TERMINAL = tuple('。；;.:：!?！？”"’)）')
_SYMBOL = r"[AS]/(?:RES/)?\d{2,4}/\d{1,4}(?:/(?:Add|Corr|Rev)\.\d+)*"
_SYMBOL_LINE = re.compile(rf"^\s*(?:United Nations\s+|联合国\s*)?({_SYMBOL})\s*$")
_SUMMARY = ("Summary", "摘要")
_REPORT_OF = re.compile(
    r"^(?P<before>.*?)\s*(?:Report of the Secretary-General|秘书长的报告)\s*$", re.I
)
_ANNEX = re.compile(r"^(?:附件[一二三四五六七八九十]*|Annex(?:\s+[IVX]+)?)\s*$")
_PARAGRAPH = re.compile(r"^\d{1,3}\s*[.．]\s+\S")
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+|[IVX]+)\s*[.．、]\s*\S")
_ORIGINAL = re.compile(r"\bOriginal:\s*(\w+)", re.I)
_LANGUAGE_NAMES = {
    "english": "en",
    "chinese": "zh",
    "french": "fr",
    "spanish": "es",
    "russian": "ru",
    "arabic": "ar",
}
_PAGE_FURNITURE = re.compile(
    r"[\s\d/\-–]+(?:\([A-Z]\))?[\s\d*]*|Page \d+.*|第\s*\d+\s*页.*|\d+/\d+"
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")
_DATE_OPTION = "YYYY-MM-DD"


@dataclass
class _Derived:
    """The text the extractor reads, and how it was obtained."""

    text: str
    encoding: str
    tool: str = ""
    method: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class _Period:
    start: dt.date
    end: dt.date
    as_printed: str
    where: str


def add_report(
    root: Path,
    path: Path,
    *,
    source_id: str | None = None,
    lang: str | None = None,
    date: str | None = None,
    symbol: str | None = None,
    title: str | None = None,
    period_start: str | None = None,
    period_end: str | None = None,
    origin: str | None = None,
) -> Path:
    """Register a report file as ``data/sources/<id>/``.

    Parameters
    ----------
    root
        Project root.
    path
        The report as received: ``.txt``/``.md`` (UTF-8 or GB18030), ``.pdf`` with a
        text layer, or ``.docx``.
    source_id
        Folder name; default ``<year>-<symbol slug>-<lang>``, e.g. ``2016-a-71-438-en``.
    lang
        ``zh`` or ``en``; default detected from the share of CJK characters.
    date
        Date printed on the report (``YYYY-MM-DD``); default read from the header.
    symbol
        UN document symbol; default read from the header (never from the ``*`` footnote,
        which names the provisional agenda).
    title
        Title; default the line before "Report of the Secretary-General".
    period_start, period_end
        Reporting period (``YYYY-MM-DD``); default read from the annex title or
        the summary.
    origin
        Where the file came from (recorded in ``source.yml``).

    Returns
    -------
    Path
        The new folder ``data/sources/<id>``.

    Raises
    ------
    BriefingError
        When the file cannot be read, is already registered, the id is taken, or
        metadata that is not printed in the report was not passed; nothing is
        written then.

    """
    path = Path(path)
    if not path.is_file():
        raise BriefingError(path, "no such file", "check the path of the report to add")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    derived = _derive_text(path, data, suffix)
    text = derived.text
    text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest() if derived.tool else ""
    original_sha = hashlib.sha256(data).hexdigest()
    sources = sources_dir(root)
    _refuse_duplicate(sources, path, {original_sha, text_sha} - {""})
    _check_structure(path, text, derived, vocabulary(root).categories)

    language = _language(path, text, lang)
    meta = _read_metadata(path, text)
    missing: list[str] = []
    report_date = _option_date(path, date, "--date") if date else meta.get("date")
    if report_date is None:
        missing.append(f"the date printed on the report: pass --date {_DATE_OPTION}")
    report_symbol = symbol or meta.get("symbol") or ""
    if not report_symbol and not source_id:
        missing.append(
            "the document symbol: pass --symbol, e.g. --symbol A/71/438 (or --id ID when the "
            "report prints no symbol of its own)"
        )
    report_title = title or meta.get("title")
    if not report_title:
        missing.append('the title: pass --title "..."')
    chosen = _choose_period(path, meta.get("periods", []), period_start, period_end, missing)
    if missing:
        raise BriefingError(
            path,
            "cannot read " + "; ".join(m.split(": ", 1)[0] for m in missing),
            "; ".join(m.split(": ", 1)[1] for m in missing),
        )
    assert report_date is not None and chosen is not None
    period, period_note = chosen
    sid = source_id or _default_id(report_date, str(report_symbol), language)
    if not _ID.match(sid):
        raise BriefingError(
            path,
            f"source id {sid!r} is not lower-case letters, digits and hyphens",
            "pass --id like 2016-a-71-438-en",
        )
    final = sources / sid
    if final.exists():
        raise BriefingError(
            final,
            f"a source with id {sid!r} already exists",
            "pass another --id, or remove that folder first if it is a mistake",
        )

    original_name = _original_name(path, suffix, derived)
    fields = _source_fields(
        sid=sid,
        symbol=str(report_symbol),
        title=str(report_title),
        language=language,
        date=report_date,
        period=period,
        period_note=period_note,
        original_name=original_name,
        original_sha=original_sha,
        original_language=meta.get("original_language", ""),
        derived=derived,
        text_sha=text_sha,
        origin=origin or f"received as file {path.name}",
    )
    return _write_atomically(root, sid, original_name, data, derived, fields)


# --- reading the file -----------------------------------------------------------------


def _derive_text(path: Path, data: bytes, suffix: str) -> _Derived:
    if suffix in _TEXT_SUFFIXES:
        try:
            text, encoding = read_report_text(path)
        except ReportError as exc:
            raise BriefingError(path, exc.problem, exc.fix, exc.line) from exc
        return _Derived(text, encoding)
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return _pdf_text(path)
    if suffix == ".docx":
        return _docx_text(path)
    raise BriefingError(
        path,
        f"unsupported file type {suffix or '(no extension)'!r}",
        "add the report as .txt, .md, .pdf (with a text layer) or .docx",
    )


def _check_structure(
    path: Path, text: str, derived: _Derived, categories: tuple[Category, ...]
) -> None:
    """Fail now, not at the next build, when the text has no readable structure."""
    try:
        parse_document(path, text, Names(columns=tuple(c.column_pattern for c in categories)))
    except ReportError as exc:
        where = "the text derived from it" if derived.tool else "the report"
        line = f" (line {exc.line} of report.txt)" if derived.tool and exc.line else ""
        raise BriefingError(
            path,
            f"{where} cannot be read as a report: {exc.problem}{line}",
            exc.fix
            if not derived.tool
            else "convert it to UTF-8 text yourself (one paragraph a line, annex rows "
            "TAB-separated) and add that .txt",
            None if derived.tool else exc.line,
        ) from exc


def _is_cjk(ch: str) -> bool:
    return (
        "\u2e80" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )


def _language(path: Path, text: str, lang: str | None) -> str:
    if lang is not None:
        if lang not in _LANGUAGES:
            raise BriefingError(path, f"language {lang!r} is not supported", "pass --lang zh or en")
        return lang
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk + latin < 200:
        raise BriefingError(path, "too little text to tell its language", "pass --lang zh or en")
    return "zh" if cjk / (cjk + latin) > 0.3 else "en"


def _read_metadata(path: Path, text: str) -> dict:
    lines = [ln.strip() for ln in text.split("\n")]
    summary_at = next((i for i, ln in enumerate(lines) if ln in _SUMMARY), None)
    first_para = next(
        (i for i, ln in enumerate(lines) if _PARAGRAPH.match(ln) or _SECTION.match(ln)),
        len(lines),
    )
    header_end = min(summary_at if summary_at is not None else first_para, first_para, 80)
    header = lines[:header_end]
    meta: dict = {}
    meta["date"] = _header_date(header)
    original = next((m.group(1) for ln in header if (m := _ORIGINAL.search(ln))), "")
    meta["original_language"] = _LANGUAGE_NAMES.get(original.lower(), "")
    meta["symbol"] = next((m.group(1) for ln in header if (m := _SYMBOL_LINE.match(ln))), None)
    # The "*" footnote of the header ("* A/70/150.") names the provisional agenda, not
    # the report: it is never taken as the report's symbol.
    report_of = next((i for i, ln in enumerate(header) if _REPORT_OF.match(ln)), None)
    before = _REPORT_OF.match(header[report_of]).group("before") if report_of is not None else ""
    if before:
        meta["title"] = before.rstrip(" .:")
    elif report_of is not None:
        title_lines: list[str] = []
        for ln in reversed(header[:report_of]):
            if not ln:
                if title_lines:
                    break
                continue
            title_lines.insert(0, ln)
        meta["title"] = _join_lines(title_lines) if title_lines else None
    periods: list[_Period] = []
    annex_at = next((i for i, ln in enumerate(lines) if _ANNEX.match(ln)), None)
    if annex_at is not None:
        title_line = next((ln for ln in lines[annex_at + 1 :] if ln), "")
        if "\t" not in title_line and (p := _period_in(title_line, "annex title")):
            periods.append(p)
    if summary_at is not None:
        for ln in lines[summary_at + 1 : first_para]:
            if p := _period_in(ln, "summary"):
                periods.append(p)
                break
    meta["periods"] = periods
    return meta


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


def _period_in(line: str, where: str) -> _Period | None:
    spans = [s for s in find_dates(line) if s.precision in ("month", "day")]
    for span in spans:
        if (
            span.date_start
            and span.date_end
            and ((span.date_end - span.date_start).days > 62 or span.date_end < span.date_start)
        ):
            return _Period(span.date_start, span.date_end, span.text, where)
    for a, b in zip(spans, spans[1:], strict=False):
        # Two month dates joined by a dash: "August 2015–July 2016".
        between = line[a.end : b.start].strip()
        if between in ("–", "-", "—", "－", "to", "至") and a.date_start and b.date_end:
            return _Period(a.date_start, b.date_end, line[a.start : b.end], where)
    return None


def _choose_period(
    path: Path,
    periods: list[_Period],
    start: str | None,
    end: str | None,
    missing: list[str],
) -> tuple[_Period, str] | None:
    """Return the reporting period and a note on how it was read (or add to ``missing``)."""
    annex = next((p for p in periods if p.where == "annex title"), None)
    summary = next((p for p in periods if p.where == "summary"), None)
    printed = summary or annex
    valid = [p for p in (annex, summary) if p is not None and p.end > p.start]
    chosen = valid[0] if valid else None
    begin = _option_date(path, start, "--period-start") if start else None
    finish = _option_date(path, end, "--period-end") if end else None
    if begin or finish:
        begin = begin or (chosen.start if chosen else None)
        finish = finish or (chosen.end if chosen else None)
        if begin is None or finish is None:
            missing.append(
                f"the reporting period: pass both --period-start and --period-end {_DATE_OPTION}"
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
        return _Period(begin, finish, as_printed, "command line"), note
    if chosen is None:
        if printed is not None:
            problem = (
                f"the reporting period (the {printed.where} prints {printed.as_printed}, "
                "which ends before it starts)"
            )
        else:
            problem = "the reporting period"
        missing.append(f"{problem}: pass --period-start {_DATE_OPTION} --period-end {_DATE_OPTION}")
        return None
    assert printed is not None
    if (printed.start, printed.end) == (chosen.start, chosen.end):
        return _Period(chosen.start, chosen.end, printed.as_printed, chosen.where), ""
    how = "ends before it starts" if printed.end <= printed.start else "differs"
    note = (
        f"The {printed.where} prints the period as {printed.as_printed}, which {how}; "
        f"the {chosen.where} prints {chosen.as_printed}, which is used."
    )
    return _Period(chosen.start, chosen.end, printed.as_printed, chosen.where), note


def _option_date(path: Path, value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BriefingError(
            path, f"{option} {value!r} is not a date", f"pass {option} {_DATE_OPTION}"
        ) from exc


def _default_id(date: dt.date, symbol: str, language: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")
    return f"{date.year}-{slug}-{language}"


# --- duplicates and writing -----------------------------------------------------------


def _refuse_duplicate(sources: Path, path: Path, hashes: set[str]) -> None:
    if not sources.is_dir():
        raise BriefingError(sources, "no data/sources folder", "run from the project root")
    for folder in sorted(sources.iterdir()):
        meta_path = folder / "source.yml"
        if not meta_path.is_file():
            continue
        try:
            meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        for key in ("original_sha256", "sha256"):
            if str(meta.get(key, "")) in hashes:
                raise BriefingError(
                    path,
                    f"this report is already registered as {folder.name} (same SHA-256 as "
                    f"its {'file as received' if key == 'original_sha256' else 'report text'})",
                    f"nothing to do; to replace it, remove {folder} first",
                )


def _original_name(path: Path, suffix: str, derived: _Derived) -> str:
    """Keep the received name when it is a plain file name that cannot clash."""
    name = path.name
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}", name)
    taken = name == "source.yml" or (derived.tool and name == "report.txt")
    return name if plain and not taken else f"original{suffix or '.bin'}"


def _source_fields(
    *,
    sid: str,
    symbol: str,
    title: str,
    language: str,
    date: dt.date,
    period: _Period,
    period_note: str,
    original_name: str,
    original_sha: str,
    original_language: str,
    derived: _Derived,
    text_sha: str,
    origin: str,
) -> dict:
    fields: dict = {
        "source_id": sid,
        "symbol": symbol,
        "title": title,
    }
    if language == "en":
        fields["title_en"] = title
    fields |= {
        "language": language,
        **({"original_language": original_language} if original_language else {}),
        "date": date,
        "file": "report.txt" if derived.tool else original_name,
        "sha256": text_sha if derived.tool else original_sha,
        "encoding": "utf-8" if derived.tool else derived.encoding,
        "original_file": original_name,
        "original_sha256": original_sha,
    }
    if derived.tool:
        fields["derived"] = {
            "tool": derived.tool,
            "method": derived.method,
            **({"notes": derived.notes} if derived.notes else {}),
        }
    rp: dict = {
        "as_printed": period.as_printed,
        "start": period.start,
        "end": period.end,
    }
    if period_note:
        rp["note"] = period_note
    fields["reporting_period"] = rp
    fields["origin"] = origin
    fields["licence"] = (
        "United Nations official document. UN documents may be reproduced without "
        "authorization provided the source is acknowledged."
    )
    fields["note"] = f"Registered with `briefing add` on {dt.date.today().isoformat()}."
    return fields


def _write_atomically(
    root: Path, sid: str, original_name: str, data: bytes, derived: _Derived, fields: dict
) -> Path:
    sources = sources_dir(root)
    staging = Path(tempfile.mkdtemp(prefix=".add-staging-", dir=sources.parent))
    try:
        folder = staging / sid
        folder.mkdir()
        (folder / original_name).write_bytes(data)
        if derived.tool:
            (folder / "report.txt").write_bytes(derived.text.encode("utf-8"))
        header = (
            "# Provenance of one report, written by `briefing add`. The report file is kept\n"
            "# exactly as received; its SHA-256 is checked on every build.\n"
        )
        body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=88)
        (folder / "source.yml").write_text(header + body, encoding="utf-8")
        load_source(folder)
        final = sources / sid
        if final.exists():
            raise BriefingError(final, f"a source with id {sid!r} already exists", "pass --id")
        folder.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


# --- joining wrapped lines ------------------------------------------------------------


_COMPOUND_FIRST = frozenset(
    [
        "non",
        "post",
        "pre",
        "anti",
        "self",
        "cross",
        "co",
        "ex",
        "multi",
        "sub",
        "semi",
        "counter",
        "well",
        "long",
        "short",
        "high",
        "low",
        "small",
        "large",
        "full",
        "part",
        "follow",
        "peace",
        "capacity",
        "decision",
        "record",
        "awareness",
        "state",
        "member",
        "end",
        "cost",
        "gender",
        "community",
        "country",
        "evidence",
        "results",
        "mine",
        "arms",
        "law",
    ]
)
_COMPOUND_SECOND = frozenset(
    [
        "keeping",
        "raising",
        "building",
        "making",
        "based",
        "related",
        "up",
        "term",
        "level",
        "scale",
        "led",
        "wide",
        "specific",
        "owned",
        "sensitive",
        "driven",
        "oriented",
        "free",
        "like",
        "making",
        "holders",
        "governmental",
    ]
)


class _Hyphens:
    """Decide whether a hyphen ending a line is a word break or part of a compound.

    A hyphen is kept when the hyphenated form occurs elsewhere in the document, or
    the parts look like a compound (``record-keeping``, ``non-governmental``); it is
    dropped when the joined word occurs elsewhere, or otherwise between two
    lower-case word parts (``disar-mament``).
    """

    def __init__(self, texts: list[str]) -> None:
        self.words = {w.lower() for t in texts for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", t)}
        self.dropped = 0

    def drop(self, before: str, after: str) -> bool:
        """Tell whether the hyphen at the end of ``before`` splits one word."""
        left = re.search(r"([A-Za-z]+)-$", before)
        right = re.match(r"([a-z]+)", after)
        if not left or not right or not left.group(1)[-1].islower():
            return False
        first, second = left.group(1).lower(), right.group(1)
        if f"{first}-{second}" in self.words:
            return False
        if f"{first}{second}" not in self.words and (
            first in _COMPOUND_FIRST or second in _COMPOUND_SECOND
        ):
            return False
        self.dropped += 1
        return True


def _join_lines(parts: list[str], hyphens: _Hyphens | None = None) -> str:
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and hyphens is not None and hyphens.drop(out, part):
            out = out[:-1] + part
        elif out.endswith(("-", "/", "–")) or _is_cjk(out[-1]) or _is_cjk(part[0]):
            out += part
        else:
            out += " " + part
    return out


# --- PDF ------------------------------------------------------------------------------


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    size: float
    text: str
    in_margin: bool = False


@dataclass
class _Row:
    page: int
    top: float
    lines: list[list[str]]
    cells: list[str] = field(default_factory=list)


def _pdf_text(path: Path) -> _Derived:
    try:
        import pdfminer
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - pdfplumber is a dependency
        raise BriefingError(path, "pdfplumber is not installed", "pip install pdfplumber") from exc
    items: list[_Line | _Row] = []
    n_chars = 0
    try:
        with pdfplumber.open(path) as pdf:
            n_pages = len(pdf.pages)
            for page in pdf.pages:
                n_chars += len(page.chars)
                items += _page_items(page)
    except BriefingError:
        raise
    except Exception as exc:  # pdfminer raises many kinds
        raise BriefingError(
            path,
            f"not a readable PDF ({type(exc).__name__}: {exc})",
            "check the file; if it is encrypted, save an unprotected copy",
        ) from exc
    if n_chars < 100 * max(n_pages, 1) / 4:
        raise BriefingError(
            path,
            f"no text layer ({n_chars} characters on {n_pages} page(s)): a scanned image",
            "OCR it first (e.g. `ocrmypdf --language eng+chi_sim in.pdf out.pdf`), "
            "or add a .txt/.docx of the report",
        )
    notes: list[str] = []
    items = _drop_running_lines(items, n_pages, notes)
    hyphens = _Hyphens(
        [it.text for it in items if isinstance(it, _Line)]
        + [ln for it in items if isinstance(it, _Row) for cell in it.lines for ln in cell]
    )
    for it in items:
        if isinstance(it, _Row):
            it.cells = [_join_lines(cell, hyphens) for cell in it.lines]
    text = _assemble(items, notes, hyphens)
    if hyphens.dropped:
        notes.append(f"{hyphens.dropped} end-of-line hyphen(s) taken as word breaks and removed")
    tool = f"pdfplumber {pdfplumber.__version__} (pdfminer.six {pdfminer.__version__})"
    method = (
        "Text layer read with pdfplumber: lines grouped into paragraphs by vertical spacing, "
        "wrapped lines joined (no space between CJK characters; an end-of-line hyphen kept "
        "for compounds, removed for word breaks), small raised digits read "
        "as superscript footnote marks, page numbers and running headers dropped; ruled "
        "tables read cell by cell (page.find_tables) and written as TAB-separated rows, "
        "a row split by a page break joined again; a table ruled only between rows gets "
        "its columns from the gaps in its text."
    )
    return _Derived(text, "utf-8", tool, method, notes)


def _page_items(page) -> list[_Line | _Row]:  # noqa: ANN001 - pdfplumber.page.Page
    tables = [t for t in page.find_tables() if t.rows and len(t.rows[0].cells) >= 2]
    mids: list[float] = []
    if not tables:
        tables, mids = _rows_ruled_table(page)
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    items: list[_Line | _Row] = []
    body = page.filter(outside)
    words = body.extract_words(
        x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"]
    )
    height = float(page.height)
    for line_words in _cluster_lines(words):
        size = max(w["size"] for w in line_words)
        top = min(w["top"] for w in line_words)
        bottom = max(w["bottom"] for w in line_words)
        text = _line_text(line_words, size)
        in_margin = top < 0.08 * height or bottom > 0.92 * height
        items.append(_Line(page.page_number, top, bottom, size, text, in_margin))
    for table in tables:
        for row, cells in zip(table.rows, table.extract(x_tolerance=1.5), strict=False):
            lines = [(c or "").split("\n") for c in cells]
            if mids and _straddles(page, row.bbox, mids):
                # One text across the columns (an entity name): one cell, the rest empty.
                text = page.within_bbox(row.bbox).extract_text(x_tolerance=1.5)
                lines = [text.split("\n")] + [[""] for _ in cells[1:]]
            if any(ln.strip() for cell in lines for ln in cell):
                items.append(_Row(page.page_number, row.bbox[1], lines))
    items.sort(key=lambda it: it.top)
    return items


def _rows_ruled_table(page) -> tuple[list, list[float]]:  # noqa: ANN001 - pdfplumber Page
    """Find a table ruled only between rows, taking its columns from the gaps in its text.

    A column boundary is a horizontal gap (over 3 pt) that no word of the
    header row nor of any row with text in two or more places crosses; a row whose
    text is one run from the left edge (an entity name spanning the columns) may
    cross it.

    Returns
    -------
    tuple of (list, list of float)
        The tables found (at most one) and the inner column boundaries.

    """
    rules = [
        e
        for e in page.edges
        if e["orientation"] == "h" and e["x1"] - e["x0"] > 0.5 * float(page.width)
    ]
    tops = sorted({round(e["top"], 1) for e in rules})
    if len(tops) < 3:
        return [], []
    x0 = min(e["x0"] for e in rules)
    x1 = max(e["x1"] for e in rules)
    words = page.within_bbox((x0, tops[0], x1, tops[-1])).extract_words(x_tolerance=1.5)
    left = int(min((w["x0"] for w in words), default=x0))
    blocked: set[int] = set()
    for n, band in enumerate(zip(tops, tops[1:], strict=False)):
        xs: set[int] = set()
        for w in words:
            if band[0] <= (w["top"] + w["bottom"]) / 2 <= band[1]:
                # Widened by 1.5 pt each side, so word spaces (< 3 pt) are covered.
                xs.update(range(int(w["x0"] - 1.5), int(w["x1"] + 1.5) + 1))
        if xs and (n == 0 or len(_runs(xs, 5)) > 1 or min(xs) > left + 2):
            blocked |= xs
    gaps = _runs(set(range(int(x0) + 1, int(x1))) - blocked, 1)
    right = max(blocked, default=0)
    mids = [(a + b) / 2 for a, b in gaps if b - a >= 1 and a > left and b < right]
    if not 1 <= len(mids) <= 9:
        return [], []
    settings = {
        "vertical_strategy": "explicit",
        "explicit_vertical_lines": [x0, *mids, x1],
        "horizontal_strategy": "lines",
    }
    tables = [t for t in page.find_tables(settings) if t.rows and len(t.rows[0].cells) >= 2]
    return tables, mids


def _straddles(page, bbox: tuple, mids: list[float]) -> bool:  # noqa: ANN001
    words = page.within_bbox(bbox).extract_words(x_tolerance=1.5)
    return any(w["x0"] < m - 1 and w["x1"] > m + 1 for w in words for m in mids)


def _runs(xs: set[int], gap: int) -> list[tuple[int, int]]:
    """Return the runs ``(first, last)`` of ``xs`` that are separated by at least ``gap``."""
    runs: list[tuple[int, int]] = []
    for x in sorted(xs):
        if runs and x - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


def _cluster_lines(words: list[dict]) -> list[list[dict]]:
    """Group words into lines by vertical overlap with each line's largest word.

    A raised footnote mark overlaps its line well, though its centre lies above it.
    """
    lines: list[tuple[list[dict], list[float]]] = []  # words, [top, bottom, size]
    for word in sorted(words, key=lambda w: (-w["size"], w["top"], w["x0"])):
        height = max(word["bottom"] - word["top"], 0.1)
        best, best_overlap = None, 0.0
        for line in lines:
            top, bottom, _ = line[1]
            overlap = min(bottom, word["bottom"]) - max(top, word["top"])
            share = overlap / min(height, bottom - top or 0.1)
            if share > 0.3 and share > best_overlap:
                best, best_overlap = line, share
        if best is None:
            lines.append(([word], [word["top"], word["bottom"], word["size"]]))
        else:
            best[0].append(word)
    lines.sort(key=lambda line: line[1][0])
    return [sorted(line, key=lambda w: w["x0"]) for line, _ in lines]


def _line_text(words: list[dict], size: float) -> str:
    base = max(w["bottom"] for w in words if w["size"] >= 0.9 * size)
    out = ""
    prev: dict | None = None
    for word in words:
        text = word["text"]
        raised = word["size"] < 0.8 * size and word["bottom"] < base - 0.15 * size
        if raised and re.fullmatch(r"\d{1,3}", text):
            text = "".join(_SUPERSCRIPTS[int(d)] for d in text)
        if prev is not None and word["x0"] - prev["x1"] > 1.0:
            out += " "
        out += text
        prev = word
    return out


def _drop_running_lines(items: list, n_pages: int, notes: list[str]) -> list:
    """Drop page numbers and headers/footers repeated in the page margins."""
    counts: dict[str, set[int]] = {}
    for it in items:
        if isinstance(it, _Line) and it.in_margin:
            counts.setdefault(re.sub(r"\d+", "#", it.text), set()).add(it.page)
    running = {k for k, pages in counts.items() if len(pages) >= max(2, n_pages / 2)}
    kept, dropped = [], 0
    for it in items:
        if isinstance(it, _Line) and it.in_margin:
            key = re.sub(r"\d+", "#", it.text)
            # The first page keeps its header: it holds the document symbol.
            if (key in running and it.page > 1) or _PAGE_FURNITURE.fullmatch(it.text):
                dropped += 1
                continue
        kept.append(it)
    if dropped:
        notes.append(f"{dropped} page-number/running-header line(s) dropped")
    return kept


def _assemble(items: list, notes: list[str], hyphens: _Hyphens) -> str:
    lines = [it for it in items if isinstance(it, _Line)]
    gaps = [
        (b.top - a.bottom) / max(a.size, 1.0)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and b.top > a.bottom - 1
    ]
    line_gap = statistics.quantiles(gaps, n=5)[0] if len(gaps) >= 5 else 0.3
    threshold = line_gap + 0.3
    out: list[str] = []
    block: list[str] = []
    header: list[str] | None = None
    prev: _Line | _Row | None = None
    last_row: _Row | None = None
    last_row_at = 0
    pages_with_rows: set[int] = set()
    merged = 0

    def flush() -> None:
        if block:
            out.append(_join_lines(block, hyphens))
            out.append("")
            block.clear()

    for it in items:
        if isinstance(it, _Row):
            flush()
            if header is None:
                header = it.cells
            first_on_page = it.page not in pages_with_rows
            if it.cells != header:
                pages_with_rows.add(it.page)
            if (
                it.cells != header
                and first_on_page
                and last_row is not None
                and last_row.page < it.page
                and _continues_row(last_row.cells, it.cells)
            ):
                last_row.cells = [
                    _join_lines([a, b], hyphens)
                    for a, b in zip(last_row.cells, it.cells, strict=True)
                ]
                out[last_row_at] = "\t".join(last_row.cells)
                merged += 1
                continue
            if out and out[-1] != "" and not isinstance(prev, _Row):
                out.append("")
            out.append("\t".join(it.cells))
            if it.cells != header:
                last_row, last_row_at = it, len(out) - 1
            prev = it
            continue
        if isinstance(prev, _Row):
            out.append("")
        new_block = (
            not block
            or not isinstance(prev, _Line)
            or abs(it.size - prev.size) > 0.15 * prev.size
            or (it.page == prev.page and (it.top - prev.bottom) / max(prev.size, 1.0) > threshold)
            or (it.page != prev.page and (block[-1].endswith(_TERMINAL) or _starts_block(it.text)))
            or (_starts_block(it.text) and block[-1].endswith(_TERMINAL))
        )
        if new_block:
            flush()
        block.append(it.text)
        prev = it
    flush()
    if merged:
        notes.append(f"{merged} annex row(s) split by a page break joined")
    return "\n".join(out).strip("\n") + "\n"


def _starts_block(text: str) -> bool:
    return bool(_PARAGRAPH.match(text) or _SECTION.match(text) or text[:1] in _SUPERSCRIPTS + "*")


def _continues_row(prev: list[str], row: list[str]) -> bool:
    """Tell whether ``row`` (no label, first on its page) continues the cells of ``prev``.

    A row cut by a page break goes on in the cells that were cut, under an empty
    label; an annex note (``*``) is never a continuation.
    """
    content = [c for c in row[1:] if c]
    if len(prev) != len(row) or row[0] or not content or content[0] == "*":
        return False
    return all(prev[i] for i in range(1, len(row)) if row[i])


# --- DOCX -----------------------------------------------------------------------------


def _docx_text(path: Path) -> _Derived:
    try:
        import docx
    except ImportError as exc:
        raise BriefingError(
            path,
            "reading .docx needs the python-docx package, which is not installed",
            "pip install python-docx, or save the report as PDF or UTF-8 text",
        ) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for bad files
        raise BriefingError(
            path, f"not a readable DOCX ({type(exc).__name__}: {exc})", "check the file"
        ) from exc
    footnotes = _docx_footnotes(document)
    out: list[str] = []
    used: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _docx_paragraph(element, footnotes, used)
            if text.strip():
                out += [text.strip(), ""]
        elif tag == "tbl":
            rows = _docx_table(element)
            out += [*rows, ""]
    notes: list[str] = []
    if used:
        # Footnotes go after the body, before the annex, as the extractor expects.
        annex_at = next((i for i, ln in enumerate(out) if _ANNEX.match(ln)), len(out))
        lines = [f"{_superscript(n)} {footnotes[n]}" for n in used]
        out[annex_at:annex_at] = [*lines, ""]
        notes.append(f"{len(used)} footnote(s) placed before the annex")
    version = getattr(docx, "__version__", "")
    return _Derived(
        "\n".join(out).strip("\n") + "\n",
        "utf-8",
        f"python-docx {version}".strip(),
        "Paragraphs read in document order, one a line; tables written as TAB-separated "
        "rows (merged cells once); superscript digits and footnote references as "
        "superscript marks, footnote texts listed before the annex.",
        notes,
    )


def _superscript(number: str) -> str:
    return "".join(_SUPERSCRIPTS[int(d)] for d in number if d.isdigit())


def _docx_footnotes(document) -> dict[str, str]:  # noqa: ANN001 - docx.Document
    from docx.oxml.ns import qn

    texts: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(qn("w:footnote")):
                fid = note.get(qn("w:id"))
                body = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                if fid and int(fid) > 0 and body:
                    texts[fid] = body
    return texts


def _docx_paragraph(p, footnotes: dict[str, str], used: list[str]) -> str:  # noqa: ANN001 - w:p
    from docx.oxml.ns import qn

    parts: list[str] = []
    for run in p.iter(qn("w:r")):
        ref = run.find(qn("w:footnoteReference"))
        if ref is not None:
            fid = ref.get(qn("w:id"))
            if fid in footnotes:
                if fid not in used:
                    used.append(fid)
                parts.append(_superscript(str(used.index(fid) + 1)))
            continue
        text = "".join(
            (t.text or "") if t.tag == qn("w:t") else "\t" if t.tag == qn("w:tab") else "\n"
            for t in run
            if t.tag in (qn("w:t"), qn("w:tab"), qn("w:br"))
        )
        props = run.find(qn("w:rPr"))
        align = None if props is None else props.find(qn("w:vertAlign"))
        if align is not None and align.get(qn("w:val")) == "superscript" and text.isdigit():
            text = _superscript(text)
        parts.append(text)
    text = "".join(parts).replace("\t", " ")
    return unicodedata.normalize("NFC", _join_lines(text.split("\n")))


def _docx_table(tbl) -> list[str]:  # noqa: ANN001 - w:tbl element
    from docx.oxml.ns import qn

    rows: list[str] = []
    for tr in tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            props = tc.tcPr
            vmerge = None if props is None else props.find(qn("w:vMerge"))
            continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
            cells.append("" if continued else _join_lines(texts))
            cells += [""] * (span - 1)
        if any(cells):
            rows.append("\t".join(cells))
    return rows
