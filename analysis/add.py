"""Register a new report: ``briefing add PATH`` → ``data/sources/<id>/``.

The file is kept exactly as received, with its SHA-256. A PDF (with a text layer)
or a DOCX is also turned into the UTF-8 text the extractor reads (``report.txt``,
see `analysis.readers`). Metadata is read from the report where it is printed
(date, symbol, title, reporting period; see `analysis._metadata`); what cannot be
read must be passed on the command line, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis._metadata import (
    DATE_OPTION,
    Period,
    choose_period,
    option_date,
    read_printed,
    report_language,
)
from analysis.errors import BriefingError, ReportError
from analysis.extract._structure import Names, parse_document
from analysis.paths import sources_dir
from analysis.readers import DerivedText, derive_text
from analysis.reference import Category, vocabulary
from analysis.sources import load_source

__all__ = ["add_report"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")


@dataclass(frozen=True)
class _Given:
    """What was passed on the command line (``None``: read it from the report)."""

    source_id: str | None = None
    lang: str | None = None
    date: str | None = None
    symbol: str | None = None
    title: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class _Received:
    """The report file as received, and the text derived from it."""

    path: Path
    data: bytes
    derived: DerivedText
    original_sha: str
    text_sha: str  # of the derived text; empty when the file is itself the text

    @property
    def suffix(self) -> str:
        """The file's lower-case suffix, e.g. ``.pdf``."""
        return self.path.suffix.lower()


@dataclass(frozen=True)
class _Recorded:
    """The metadata recorded in ``source.yml``."""

    symbol: str
    title: str
    language: str
    date: dt.date
    period: Period
    period_note: str
    original_language: str


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
    given = _Given(source_id, lang, date, symbol, title, period_start, period_end, origin)
    received = _receive(Path(path))
    sources = sources_dir(root)
    _refuse_duplicate(sources, received.path, {received.original_sha, received.text_sha} - {""})
    _check_structure(received.path, received.derived, vocabulary(root).categories)
    recorded = _recorded(received, given)
    sid = _new_id(sources, received.path, recorded, given.source_id)
    original_name = _original_name(received.path, received.suffix, received.derived)
    origin_note = given.origin or f"received as file {received.path.name}"
    fields = _source_fields(sid, recorded, received, original_name, origin_note)
    return _write_atomically(root, sid, original_name, received.data, received.derived, fields)


# --- reading the file -----------------------------------------------------------------


def _receive(path: Path) -> _Received:
    """Read the report file and derive its text."""
    if not path.is_file():
        raise BriefingError(path, "no such file", "check the path of the report to add")
    data = path.read_bytes()
    derived = derive_text(path, data, path.suffix.lower())
    text_sha = hashlib.sha256(derived.text.encode("utf-8")).hexdigest() if derived.tool else ""
    return _Received(path, data, derived, hashlib.sha256(data).hexdigest(), text_sha)


def _check_structure(path: Path, derived: DerivedText, categories: tuple[Category, ...]) -> None:
    """Fail now, not at the next build, when the text has no readable structure."""
    names = Names(columns=tuple(c.column_pattern for c in categories))
    try:
        parse_document(path, derived.text, names)
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


# --- metadata and id ------------------------------------------------------------------


def _recorded(received: _Received, given: _Given) -> _Recorded:
    """Take each field from the command line, else from the report; refuse what is missing."""
    path, text = received.path, received.derived.text
    language = report_language(path, text, given.lang)
    printed = read_printed(text, path)
    missing: list[str] = []
    report_date = option_date(path, given.date, "--date") if given.date else printed.date
    if report_date is None:
        missing.append(f"the date printed on the report: pass --date {DATE_OPTION}")
    report_symbol = given.symbol or printed.symbol or ""
    if not report_symbol and not given.source_id:
        missing.append(
            "the document symbol: pass --symbol, e.g. --symbol A/71/438 (or --id ID when the "
            "report prints no symbol of its own)"
        )
    report_title = given.title or printed.title
    if not report_title:
        missing.append('the title: pass --title "..."')
    chosen = choose_period(path, printed.periods, given.period_start, given.period_end, missing)
    _refuse_missing(path, missing)
    assert report_date is not None and chosen is not None
    period, period_note = chosen
    return _Recorded(
        str(report_symbol),
        str(report_title),
        language,
        report_date,
        period,
        period_note,
        printed.original_language,
    )


def _refuse_missing(path: Path, missing: list[str]) -> None:
    """Raise when metadata that is not printed in the report was not passed."""
    if missing:
        raise BriefingError(
            path,
            "cannot read " + "; ".join(m.split(": ", 1)[0] for m in missing),
            "; ".join(m.split(": ", 1)[1] for m in missing),
        )


def _new_id(sources: Path, path: Path, recorded: _Recorded, source_id: str | None) -> str:
    """Return the id given or ``<year>-<symbol slug>-<lang>``, refusing one that is taken."""
    sid = source_id or _default_id(recorded.date, recorded.symbol, recorded.language)
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
    return sid


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


def _original_name(path: Path, suffix: str, derived: DerivedText) -> str:
    """Keep the received name when it is a plain file name that cannot clash."""
    name = path.name
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}", name)
    taken = name == "source.yml" or (derived.tool and name == "report.txt")
    return name if plain and not taken else f"original{suffix or '.bin'}"


def _source_fields(
    sid: str, recorded: _Recorded, received: _Received, original_name: str, origin: str
) -> dict:
    """Return the fields of ``source.yml``, in the order they are written."""
    derived = received.derived
    fields: dict = {
        "source_id": sid,
        "symbol": recorded.symbol,
        "title": recorded.title,
    }
    if recorded.language == "en":
        fields["title_en"] = recorded.title
    fields |= {
        "language": recorded.language,
        **({"original_language": recorded.original_language} if recorded.original_language else {}),
        "date": recorded.date,
        "file": "report.txt" if derived.tool else original_name,
        "sha256": received.text_sha if derived.tool else received.original_sha,
        "encoding": "utf-8" if derived.tool else derived.encoding,
        "original_file": original_name,
        "original_sha256": received.original_sha,
    }
    if derived.tool:
        fields["derived"] = {
            "tool": derived.tool,
            "method": derived.method,
            **({"notes": derived.notes} if derived.notes else {}),
        }
    fields["reporting_period"] = _reporting_period(recorded.period, recorded.period_note)
    fields["origin"] = origin
    fields["licence"] = (
        "United Nations official document. UN documents may be reproduced without "
        "authorization provided the source is acknowledged."
    )
    fields["note"] = f"Registered with `briefing add` on {dt.date.today().isoformat()}."
    return fields


def _reporting_period(period: Period, note: str) -> dict:
    rp: dict = {
        "as_printed": period.as_printed,
        "start": period.start,
        "end": period.end,
    }
    if note:
        rp["note"] = note
    return rp


def _write_atomically(
    root: Path, sid: str, original_name: str, data: bytes, derived: DerivedText, fields: dict
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
