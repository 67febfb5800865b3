"""Report sources: ``data/sources/<source-id>/source.yml`` plus the file as received.

The fields of ``source.yml`` with a known shape are checked when a report is
registered and every time it is read: the source id, the UN document symbol, the
language code, the dates (ISO ``YYYY-MM-DD``), and the citation (one line). They are
data everywhere they are shown: the briefing escapes them where they enter Markdown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analysis.errors import BriefingError
from analysis.paths import sources_dir
from analysis.processed import frame

_REQUIRED = ("source_id", "title", "language", "date", "file", "sha256", "reporting_period")
#: A source id: the folder name under data/sources/.
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")
#: A UN document symbol: an organ (A, S, E, ST, …) then slash-separated parts of
#: letters, digits, dots and hyphens, e.g. A/71/438, S/2015/289, A/CONF.192/2012/RC/4,
#: A/70/150/Add.1.
UN_SYMBOL = re.compile(r"[A-Z]{1,12}(?:/[A-Za-z0-9][A-Za-z0-9.\-]{0,40}){1,8}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def read_yaml(text: str) -> Any:
    """Return the data of a YAML text, read safely (no objects made), with libyaml if present.

    libyaml reads a ``source.yml`` about ten times faster than PyYAML's own reader (0.1
    against 1.3 ms); the same data either way.
    """
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def check_symbol(symbol: str, path: Path, fix: str, line: int | None = None) -> str:
    """Return ``symbol`` when it is empty or a UN document symbol.

    Raises
    ------
    BriefingError
        Naming ``path`` (and ``line``) with ``fix``, for anything else: a symbol is
        never free text.
    """
    if symbol and not UN_SYMBOL.fullmatch(symbol):
        raise BriefingError(
            path,
            f"{symbol!r} is not a UN document symbol (letters, digits, dots and hyphens "
            "in parts separated by /, like A/71/438)",
            fix,
            line,
        )
    return symbol


@dataclass(frozen=True)
class Source:
    """One report as received, with its provenance.

    Attributes
    ----------
    source_id
        Folder name and key of every row the report yields.
    folder
        ``data/sources/<source_id>``.
    meta
        The parsed ``source.yml``.

    """

    source_id: str
    folder: Path
    meta: dict

    @property
    def path(self) -> Path:
        """Path of the report file as received."""
        return self.folder / str(self.meta["file"])

    @property
    def language(self) -> str:
        """ISO 639-1 code of the report's language (``zh``, ``en``)."""
        return str(self.meta["language"])

    @property
    def date(self) -> dt.date:
        """Date printed on the report."""
        return _as_date(self.meta["date"], self.folder / "source.yml", "date")

    @property
    def period_start(self) -> dt.date:
        """First day of the reporting period, as it must be read."""
        return _as_date(
            self.meta["reporting_period"]["start"],
            self.folder / "source.yml",
            "reporting_period.start",
        )

    @property
    def period_end(self) -> dt.date:
        """Last day of the reporting period, as it must be read."""
        return _as_date(
            self.meta["reporting_period"]["end"], self.folder / "source.yml", "reporting_period.end"
        )

    @property
    def symbol(self) -> str:
        """UN document symbol, e.g. ``A/71/438`` (empty when not printed in the report)."""
        return str(self.meta.get("symbol", ""))

    @property
    def citation(self) -> str:
        """Short citation used in source lines (``citation:`` in source.yml, or built)."""
        if self.meta.get("citation"):
            return str(self.meta["citation"])
        lang = {"zh": "Chinese", "en": "English"}.get(self.language, self.language)
        return f"UN Secretary-General, {self.symbol or self.source_id} ({self.date:%Y}, {lang})"


def _as_date(value: object, path: Path, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise BriefingError(
            path, f"{key} is {value!r}, not a date", f"write {key} as YYYY-MM-DD"
        ) from exc


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_source(folder: Path) -> Source:
    """Read and check one source folder.

    Parameters
    ----------
    folder
        ``data/sources/<source-id>``.

    Returns
    -------
    Source

    Raises
    ------
    BriefingError
        When ``source.yml`` is missing or incomplete, or the report file is
        missing or no longer matches its recorded SHA-256.

    """
    meta_path = folder / "source.yml"
    if not meta_path.is_file():
        raise BriefingError(
            meta_path,
            "missing source.yml",
            "register the report with `briefing add PATH` or write source.yml",
        )
    try:
        meta = read_yaml(meta_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise BriefingError(
            meta_path,
            f"not valid YAML ({exc})",
            "fix the YAML syntax",
            None if line is None else line + 1,
        ) from exc
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise BriefingError(
            meta_path,
            f"missing field(s): {', '.join(missing)}",
            "add them; see data/sources/*/source.yml for an example",
        )
    if meta["source_id"] != folder.name:
        raise BriefingError(
            meta_path,
            f"source_id {meta['source_id']!r} differs from the folder name {folder.name!r}",
            "make them the same",
        )
    _check_fields(meta_path, meta)
    source = Source(source_id=str(meta["source_id"]), folder=folder, meta=meta)
    if not source.path.is_file():
        raise BriefingError(
            source.path,
            "report file named in source.yml is missing",
            "restore the file as received, or fix `file:` in source.yml",
        )
    actual = sha256_of(source.path)
    if actual != meta["sha256"]:
        raise BriefingError(
            source.path,
            f"SHA-256 is {actual}, source.yml records "
            f"{meta['sha256']}: the file as received was changed",
            "restore the original file; corrections belong in "
            "data/curation/corrections.csv, never in the report",
        )
    for key in ("date", "period_start", "period_end"):
        _ = getattr(source, key)
    return source


def _key_line(path: Path, key: str) -> int | None:
    """Return the 1-based line of a top-level key in a YAML file (None if not found)."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    lines = path.read_text(encoding="utf-8").split("\n")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)


def _check_fields(path: Path, meta: dict) -> None:
    """Check the fields of source.yml that have a known shape."""
    checks = (
        ("source_id", SOURCE_ID, "lower-case letters, digits and hyphens, like 2016-a-71-438-en"),
        ("language", _LANGUAGE, "an ISO 639-1 code: zh or en"),
    )
    for key, shape, what in checks:
        if not shape.fullmatch(str(meta[key])):
            raise BriefingError(
                path,
                f"{key} {meta[key]!r} is not {what}",
                f"write {key} as {what}",
                _key_line(path, key),
            )
    fix = "write the symbol as printed on the report, e.g. A/71/438, or leave it empty"
    check_symbol(str(meta.get("symbol") or ""), path, fix, _key_line(path, "symbol"))
    citation = str(meta.get("citation") or "")
    if any(ch < " " or ch == "\x7f" for ch in citation):
        raise BriefingError(
            path,
            "citation holds a line break or another control character",
            "write the citation on one line",
            _key_line(path, "citation"),
        )


def load_sources(root: Path) -> list[Source]:
    """Return every registered source under ``data/sources``, sorted by id."""
    folder = sources_dir(root)
    if not folder.is_dir():
        raise BriefingError(folder, "no data/sources folder", "run from the project root")
    return [load_source(d) for d in sorted(folder.iterdir()) if d.is_dir()]


def sources_table(sources: list[Source]) -> pl.DataFrame:
    """Return one row per registered report with its provenance (the ``sources`` table).

    Parameters
    ----------
    sources
        The registered reports.

    Returns
    -------
    polars.DataFrame
    """
    rows = [
        dict(
            source_id=s.source_id,
            symbol=s.symbol,
            title=str(s.meta.get("title", "")),
            title_en=str(s.meta.get("title_en", "")),
            language=s.language,
            original_language=str(s.meta.get("original_language", "")),
            date=s.date,
            period_start=s.period_start,
            period_end=s.period_end,
            period_as_printed=str(s.meta["reporting_period"].get("as_printed", "")),
            sha256=str(s.meta["sha256"]),
            origin=str(s.meta.get("origin", "")).strip(),
            licence=str(s.meta.get("licence", "")).strip(),
            citation=s.citation,
            file=str(s.path.relative_to(s.folder.parent.parent.parent)),
        )
        for s in sources
    ]
    return frame("sources", rows)
