"""Report sources: ``data/sources/<source-id>/source.yml`` plus the file as received."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from analysis.errors import BriefingError
from analysis.paths import sources_dir
from analysis.processed import frame

_REQUIRED = ("source_id", "title", "language", "date", "file", "sha256", "reporting_period")


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
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
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
    for key in ("start", "end"):
        _ = getattr(source, f"period_{key}")
    return source


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
