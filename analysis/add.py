"""Register a new report: ``briefing add PATH`` → ``data/sources/<id>/``.

The file is kept exactly as received, with its SHA-256. A PDF (with a text layer)
or a DOCX is also turned into the UTF-8 text the extractor reads (``report.txt``,
see `analysis.readers`). Metadata is read from the report where it is printed
(date, symbol, title, reporting period; see `analysis._metadata`); what cannot be
read must be passed on the command line, never guessed, and what has a known shape
(the symbol, the dates) is checked.

A report already held is refused: the same text (compared after normalisation, so
another encoding, line ending or format of the same report is the same report), or
another report for the same reporting period and language. With ``replace=True``
the report held is moved to ``data/replaced/<id>-<time>/`` (outside what extraction
reads) and the new one takes its place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis._lock import project_lock
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
from analysis.paths import replaced_dir, sources_dir
from analysis.readers import (
    MAX_FILE_BYTES,
    MAX_REPORT_BYTES,
    TEXT_SUFFIXES,
    DerivedText,
    check_size,
    derive_text,
    read_text,
    text_fingerprint,
)
from analysis.reference import Category, vocabulary
from analysis.sources import SOURCE_ID, check_symbol, load_source, read_yaml

__all__ = ["add_report"]


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
    fingerprint: str  # of what the text says (see analysis.readers.text_fingerprint)

    @property
    def suffix(self) -> str:
        """The file's lower-case suffix, e.g. ``.pdf``."""
        return self.path.suffix.lower()


@dataclass(frozen=True)
class _Held:
    """A report already registered: its folder, metadata and text fingerprint."""

    folder: Path
    meta: dict
    fingerprint: str


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
    replace: bool = False,
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
    replace
        Replace the report held with the same text or for the same reporting period
        and language (it is moved to ``data/replaced/``).

    Returns
    -------
    Path
        The new folder ``data/sources/<id>``.

    Raises
    ------
    BriefingError
        When the file cannot be read, is already registered (without ``replace``),
        the id is taken, or metadata that is not printed in the report was not
        passed or has not the shape it must have; nothing is written then.

    """
    given = _Given(source_id, lang, date, symbol, title, period_start, period_end, origin)
    with project_lock(root):
        received = _receive(Path(path))
        held = _held(sources_dir(root))
        same_text = _same_text(held, received, replace)
        _check_structure(received.path, received.derived, vocabulary(root).categories)
        recorded = _recorded(received, given)
        replaced = list(
            dict.fromkeys([*same_text, *_same_period(held, received, recorded, replace)])
        )
        sid = _new_id(sources_dir(root), received.path, recorded, given.source_id, replaced)
        original_name = _original_name(received.path, received.suffix, received.derived)
        origin_note = given.origin or f"received as file {received.path.name}"
        fields = _source_fields(sid, recorded, received, original_name, origin_note)
        return _write_atomically(root, sid, original_name, received, fields, replaced)


# --- reading the file -----------------------------------------------------------------


def _receive(path: Path) -> _Received:
    """Read the report file (within the size limit) and derive its text."""
    if path.is_dir():
        raise BriefingError(
            path, "this is a folder, not a report file", "give the path of the report file itself"
        )
    if not path.is_file():
        raise BriefingError(path, "no such file", "check the path of the report to add")
    limit = MAX_REPORT_BYTES if path.suffix.lower() in TEXT_SUFFIXES else MAX_FILE_BYTES
    try:
        check_size(path, limit)
    except ReportError as exc:
        raise BriefingError(path, exc.problem, exc.fix) from exc
    data = path.read_bytes()
    derived = derive_text(path, data, path.suffix.lower())
    text_sha = hashlib.sha256(derived.text.encode("utf-8")).hexdigest() if derived.tool else ""
    original_sha = hashlib.sha256(data).hexdigest()
    return _Received(path, data, derived, original_sha, text_sha, text_fingerprint(derived.text))


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
    report_symbol = check_symbol(
        given.symbol or printed.symbol or "", path, "pass --symbol as printed, e.g. A/71/438"
    )
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


def _new_id(
    sources: Path, path: Path, recorded: _Recorded, source_id: str | None, replaced: list[Path]
) -> str:
    """Return the id given or ``<year>-<symbol slug>-<lang>``, refusing one that is taken."""
    sid = source_id or _default_id(recorded.date, recorded.symbol, recorded.language)
    if not SOURCE_ID.fullmatch(sid):
        raise BriefingError(
            path,
            f"source id {sid!r} is not lower-case letters, digits and hyphens",
            "pass --id like 2016-a-71-438-en",
        )
    final = sources / sid
    if final.exists() and final not in replaced:
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


def _held(sources: Path) -> list[_Held]:
    """Return the reports already registered (those whose source.yml and text can be read)."""
    if not sources.is_dir():
        raise BriefingError(sources, "no data/sources folder", "run from the project root")
    held = []
    for folder in sorted(p for p in sources.iterdir() if p.is_dir()):
        try:
            meta = read_yaml((folder / "source.yml").read_text(encoding="utf-8")) or {}
            text, _ = read_text(folder / str(meta["file"]))
        except (OSError, yaml.YAMLError, UnicodeDecodeError, KeyError, TypeError, BriefingError):
            continue
        held.append(_Held(folder, meta, text_fingerprint(text)))
    return held


def _same_text(held: list[_Held], received: _Received, replace: bool) -> list[Path]:
    """Return the reports holding the same text; without ``replace``, refuse the new one."""
    same = [h for h in held if h.fingerprint == received.fingerprint]
    if same and not replace:
        folder = same[0].folder
        identical = received.original_sha in (
            str(same[0].meta.get("original_sha256")),
            str(same[0].meta.get("sha256")),
        )
        how = "the same file" if identical else "the same text in another encoding or format"
        raise BriefingError(
            received.path,
            f"this report is already registered as {folder.name} ({how})",
            "nothing to do; to replace it, pass --replace (the old one is kept in data/replaced/)",
        )
    return [h.folder for h in same]


def _same_period(
    held: list[_Held], received: _Received, recorded: _Recorded, replace: bool
) -> list[Path]:
    """Return the reports for the same period and language; without ``replace``, refuse."""
    period = (recorded.period.start, recorded.period.end)
    same = [
        h
        for h in held
        if str(h.meta.get("language")) == recorded.language
        and _held_period(h) == period
        and h.fingerprint != received.fingerprint
    ]
    if same and not replace:
        raise BriefingError(
            received.path,
            f"a report for {period[0]}..{period[1]} in {recorded.language!r} is already "
            f"registered as {same[0].folder.name}",
            "to replace it (a revised or corrected report), pass --replace: the old one is "
            "kept in data/replaced/; if the period is wrong, pass --period-start/--period-end",
        )
    return [h.folder for h in same]


def _held_period(held: _Held) -> tuple[dt.date | None, dt.date | None]:
    period = held.meta.get("reporting_period") or {}
    try:
        return tuple(dt.date.fromisoformat(str(period.get(k))) for k in ("start", "end"))
    except (AttributeError, ValueError):
        return (None, None)


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
    root: Path,
    sid: str,
    original_name: str,
    received: _Received,
    fields: dict,
    replaced: list[Path],
) -> Path:
    sources = sources_dir(root)
    derived = received.derived
    staging = Path(tempfile.mkdtemp(prefix=f".add-staging-{os.getpid()}-", dir=sources.parent))
    try:
        folder = staging / sid
        folder.mkdir()
        (folder / original_name).write_bytes(received.data)
        if derived.tool:
            (folder / "report.txt").write_bytes(derived.text.encode("utf-8"))
        header = (
            "# Provenance of one report, written by `briefing add`. The report file is kept\n"
            "# exactly as received; its SHA-256 is checked on every build.\n"
        )
        body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=88)
        (folder / "source.yml").write_text(header + body, encoding="utf-8")
        load_source(folder)
        _move_to_history(root, replaced)
        final = sources / sid
        if final.exists():
            raise BriefingError(final, f"a source with id {sid!r} already exists", "pass --id")
        folder.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _move_to_history(root: Path, folders: list[Path]) -> None:
    """Move replaced reports to ``data/replaced/<id>-<time>/`` (extraction never reads it)."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    history = replaced_dir(root)
    for folder in folders:
        history.mkdir(parents=True, exist_ok=True)
        target = history / f"{folder.name}-{stamp}"
        n = 1
        while target.exists():
            n += 1
            target = history / f"{folder.name}-{stamp}-{n}"
        folder.rename(target)
