"""The processed tables: one registry of names and schemas, their writer and their reader.

Every table of ``data/processed/`` is declared once here, as a dataframely schema.
Its columns and dtypes, its empty frame and its validation all come from that class.
Reading the tables (``load``) needs nothing of the extractor.

``manifest.json`` records the SHA-256 of every file written; a table whose file is
missing, changed or unreadable does not verify (`verify_tables`) and is never
trusted. The CSV files are for people: a text cell a spreadsheet would run as a
formula is written with a leading ``'`` (`spreadsheet_safe`); Parquet keeps the
true values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import dataframely as dy
import polars as pl

from analysis.errors import BriefingError
from analysis.paths import processed_dir, project_root


class ParagraphSchema(dy.Schema):
    """One row per summary paragraph, numbered paragraph, footnote or heading."""

    source_id = dy.String(primary_key=True)
    paragraph_id = dy.String(primary_key=True)
    kind = dy.String(nullable=False)
    location = dy.String(nullable=False)
    number = dy.Int32(nullable=True)
    section = dy.String(nullable=True)
    subsection = dy.String(nullable=True)
    text = dy.String(nullable=False)
    line_start = dy.Int32(nullable=False, min=1)
    line_end = dy.Int32(nullable=False, min=1)
    flags = dy.String(nullable=True)

    @dy.rule()
    def known_kind(cls) -> pl.Expr:
        """Check kinds against the closed list."""
        return pl.col("kind").is_in(
            ["header", "heading", "subheading", "summary", "paragraph", "footnote"]
        )


class ActivitySchema(dy.Schema):
    """One row per non-empty annex cell."""

    source_id = dy.String(nullable=False)
    activity_id = dy.String(primary_key=True)
    annex_row = dy.Int32(nullable=False, min=1)
    line = dy.Int32(nullable=False, min=1)
    entity = dy.String(nullable=True)
    entity_en = dy.String(nullable=True)
    entity_group = dy.String(nullable=True)
    row_label = dy.String(nullable=True)
    subject = dy.String(nullable=True)
    subject_kind = dy.String(nullable=True)
    iso3 = dy.String(nullable=True, regex=r"^[A-Z]{3}$")
    member_iso3 = dy.String(nullable=True)
    category = dy.String(nullable=True)
    column_label = dy.String(nullable=True)
    text = dy.String(nullable=False, min_length=1)
    kind = dy.String(nullable=False)
    flags = dy.String(nullable=True)


class FigureSchema(dy.Schema):
    """One row per stated quantity."""

    figure_id = dy.String(primary_key=True)
    source_id = dy.String(nullable=False)
    location = dy.String(nullable=False)
    paragraph_id = dy.String(nullable=True)
    activity_id = dy.String(nullable=True)
    line = dy.Int32(nullable=False, min=1)
    entity = dy.String(nullable=True)
    subject = dy.String(nullable=True)
    subject_kind = dy.String(nullable=True)
    iso3 = dy.String(nullable=True, regex=r"^[A-Z]{3}$")
    region = dy.String(nullable=True)
    member_iso3 = dy.String(nullable=True)
    category = dy.String(nullable=True)
    indicator = dy.String(nullable=False)
    value = dy.Float64(nullable=False, min=0)
    unit = dy.String(nullable=False)
    qualifier = dy.String(nullable=False)
    period_start = dy.Date(nullable=True)
    period_end = dy.Date(nullable=True)
    quote = dy.String(nullable=False, min_length=1)
    token = dy.String(nullable=False)
    flags = dy.String(nullable=True)

    @dy.rule()
    def period_in_order(cls) -> pl.Expr:
        """Check that a period never ends before it starts."""
        return (
            pl.col("period_start").is_null()
            | pl.col("period_end").is_null()
            | (pl.col("period_start") <= pl.col("period_end"))
        )

    @dy.rule()
    def has_a_source_place(cls) -> pl.Expr:
        """Check that every figure points at a paragraph or an annex cell."""
        return pl.col("paragraph_id").is_not_null() | pl.col("activity_id").is_not_null()


class EventSchema(dy.Schema):
    """One row per dated event."""

    event_id = dy.String(primary_key=True)
    source_id = dy.String(nullable=False)
    location = dy.String(nullable=False)
    line = dy.Int32(nullable=False, min=1)
    date_start = dy.Date(nullable=False)
    date_end = dy.Date(nullable=False)
    date_precision = dy.String(nullable=False)
    event_type = dy.String(nullable=False)
    entity = dy.String(nullable=True)
    subject = dy.String(nullable=True)
    iso3 = dy.String(nullable=True)
    date_text = dy.String(nullable=False)
    quote = dy.String(nullable=False)
    flags = dy.String(nullable=True)


class QualitySchema(dy.Schema):
    """One row per data-quality note (reported, never silently fixed)."""

    source_id = dy.String(nullable=False)
    location = dy.String(nullable=False)
    line = dy.Int32(nullable=False, min=1)
    flag = dy.String(nullable=False)
    detail = dy.String(nullable=False)
    quote = dy.String(nullable=True)


class TokenSchema(dy.Schema):
    """One row per number-like token of a report: a figure or excluded for a reason."""

    source_id = dy.String(nullable=False)
    location = dy.String(nullable=False)
    line = dy.Int32(nullable=False, min=1)
    column = dy.Int32(nullable=False, min=1)
    token = dy.String(nullable=False)
    value = dy.Float64(nullable=True)
    status = dy.String(nullable=False)
    reason = dy.String(nullable=True)
    figure_id = dy.String(nullable=True)

    @dy.rule()
    def figure_or_reason(cls) -> pl.Expr:
        """Check that a token is a figure (with its id) or excluded with a reason."""
        return ((pl.col("status") == "figure") & pl.col("figure_id").is_not_null()) | (
            (pl.col("status") == "excluded") & pl.col("reason").is_not_null()
        )


class SourceSchema(dy.Schema):
    """One row per registered report, with its provenance."""

    source_id = dy.String(primary_key=True)
    symbol = dy.String(nullable=True)
    title = dy.String(nullable=False)
    title_en = dy.String(nullable=True)
    language = dy.String(nullable=False)
    original_language = dy.String(nullable=True)
    date = dy.Date(nullable=False)
    period_start = dy.Date(nullable=False)
    period_end = dy.Date(nullable=False)
    period_as_printed = dy.String(nullable=True)
    sha256 = dy.String(nullable=False, regex=r"^[0-9a-f]{64}$")
    origin = dy.String(nullable=True)
    licence = dy.String(nullable=True)
    citation = dy.String(nullable=False, min_length=1)
    file = dy.String(nullable=False)


class CorrectionSchema(dy.Schema):
    """One row per reviewed correction applied after extraction."""

    figure_id = dy.String(nullable=False)
    field = dy.String(nullable=False)
    old_value = dy.String(nullable=True)
    new_value = dy.String(nullable=True)
    reason = dy.String(nullable=False, min_length=1)
    who = dy.String(nullable=True)
    date = dy.String(nullable=True)


#: Every processed table, in the order they are written, with its schema.
TABLES: dict[str, type[dy.Schema]] = {
    "paragraphs": ParagraphSchema,
    "activities": ActivitySchema,
    "figures": FigureSchema,
    "events": EventSchema,
    "quality": QualitySchema,
    "tokens": TokenSchema,
    "sources": SourceSchema,
    "corrections": CorrectionSchema,
}


def frame(name: str, rows: list[dict]) -> pl.DataFrame:
    """Return rows as a frame with the columns and dtypes of table ``name``.

    Parameters
    ----------
    name
        A key of :data:`TABLES`.
    rows
        Row dicts (may be empty).

    Returns
    -------
    polars.DataFrame
    """
    return pl.DataFrame(rows or None, schema=_dtypes(name))


@cache
def _dtypes(name: str) -> pl.Schema:
    """Return the column names and polars dtypes of table ``name`` (from its schema)."""
    return TABLES[name].create_empty().schema


def validate_table(
    name: str,
    table: pl.DataFrame,
    where: Path,
    vocabularies: Mapping[str, set[str]] | None = None,
) -> pl.DataFrame:
    """Validate a processed table against its schema and the controlled vocabularies.

    Parameters
    ----------
    name
        A key of :data:`TABLES`.
    table
        The table.
    where
        The file the table is about to be written to (for messages).
    vocabularies
        Column name to the values allowed in it (indicator, qualifier …); columns
        the table lacks are ignored.

    Returns
    -------
    polars.DataFrame
        The table, columns in schema order.

    Raises
    ------
    BriefingError
        Naming the rules that failed and the first offending rows.
    """
    schema = TABLES[name]
    good, failure = schema.filter(table, cast=True)
    problems = dict(failure.counts())
    for column, allowed in (vocabularies or {}).items():
        if column in table.columns:
            unknown = sorted(set(table[column].drop_nulls().to_list()) - allowed)
            if unknown:
                problems[f"{column}_in_vocabulary"] = len(unknown)
                problems[f"unknown_{column}"] = ", ".join(map(str, unknown[:5]))
    if problems:
        sample = failure.invalid().head(3)
        rows = "; ".join(
            str(r.get("figure_id") or r.get("activity_id") or r)
            for r in sample.iter_rows(named=True)
        )
        raise BriefingError(
            where,
            f"{name} failed validation: {problems}" + (f" (e.g. {rows})" if rows else ""),
            "fix the report, the reference data or data/curation/corrections.csv; the "
            "previous data/processed/ was left as it was",
        )
    return good.select(schema.column_names())


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table: pl.DataFrame) -> pl.DataFrame:
    """Return the table with text cells a spreadsheet would run as a formula neutralised.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, TAB or CR gets a leading
    ``'`` (the OWASP rule against CSV injection). Only text columns change: numbers,
    dates and the Parquet files keep their true values.

    Parameters
    ----------
    table
        Any frame about to be written as CSV for people.

    Returns
    -------
    polars.DataFrame
    """
    starts = "^[" + "".join(_FORMULA_START).replace("-", "\\-") + "]"
    text = [name for name, dtype in table.schema.items() if dtype == pl.String]
    return table.with_columns(
        pl.when(pl.col(c).str.contains(starts))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_tables(folder: Path, tables: Mapping[str, pl.DataFrame], inputs_hash: str) -> None:
    """Write every table as Parquet and UTF-8 CSV into ``folder``, plus ``manifest.json``.

    Parameters
    ----------
    folder
        An empty (staging) folder.
    tables
        Name to frame, for every name of :data:`TABLES`.
    inputs_hash
        Hash of everything the tables were built from (for incremental builds).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        tables[name].write_parquet(folder / f"{name}.parquet")
        spreadsheet_safe(tables[name]).write_csv(folder / f"{name}.csv")
    files = [f"{name}.{ext}" for name in TABLES for ext in ("parquet", "csv")]
    manifest = {
        "inputs_hash": inputs_hash,
        "tables": {name: tables[name].height for name in TABLES},
        "sources": tables["sources"].select("source_id", "sha256").to_dicts(),
        "files": {file: _sha256(folder / file) for file in files},
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


_REBUILD = "run `briefing build`: it extracts again the tables that do not verify"


def _manifest(folder: Path) -> dict | None:
    """Return the manifest of a folder of tables, None when missing or unreadable."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def verify_tables(folder: Path) -> str | None:
    """Check that every table file is there and has the SHA-256 its manifest records.

    Parameters
    ----------
    folder
        A folder written by `write_tables` (``data/processed/``).

    Returns
    -------
    str or None
        What does not verify (e.g. ``figures.parquet is missing``), None when all do.
    """
    manifest = _manifest(folder)
    if manifest is None or not isinstance(manifest.get("files"), dict):
        return "manifest.json is missing, unreadable or lists no checksums"
    for name in TABLES:
        for file in (f"{name}.parquet", f"{name}.csv"):
            path = folder / file
            if not path.is_file():
                return f"{file} is missing"
            if manifest["files"].get(file) != _sha256(path):
                return f"{file} differs from the SHA-256 in manifest.json"
    return None


def load_table(root: Path, name: str) -> pl.DataFrame:
    """Read one processed table (Parquet), checked against its manifest.

    Parameters
    ----------
    root
        Project root.
    name
        A key of :data:`TABLES`.

    Returns
    -------
    polars.DataFrame

    Raises
    ------
    BriefingError
        When the table is missing, unreadable, or not what ``manifest.json`` records
        (run ``briefing build``).
    """
    folder = processed_dir(root)
    path = folder / f"{name}.parquet"
    if not path.is_file():
        raise BriefingError(path, "processed table is missing", "run `briefing build` first")
    recorded = ((_manifest(folder) or {}).get("files") or {}).get(path.name)
    if recorded is not None and recorded != _sha256(path):
        raise BriefingError(
            path, "processed table was changed since it was written (SHA-256 differs)", _REBUILD
        )
    try:
        table = pl.read_parquet(path)
    except Exception as exc:  # polars and pyarrow raise several kinds for a bad file
        raise BriefingError(
            path, f"processed table is not a readable Parquet file ({type(exc).__name__})", _REBUILD
        ) from exc
    if table.columns != list(_dtypes(name)):
        raise BriefingError(path, "processed table has other columns than its schema", _REBUILD)
    return table


@dataclass(frozen=True)
class ProcessedData:
    """The processed tables every analysis topic reads (every registered report).

    Attributes
    ----------
    paragraphs, activities, figures, events, quality, sources, corrections
        The tables of ``data/processed/`` (see README for their columns).
    """

    paragraphs: pl.DataFrame
    activities: pl.DataFrame
    figures: pl.DataFrame
    events: pl.DataFrame
    quality: pl.DataFrame
    sources: pl.DataFrame
    corrections: pl.DataFrame

    @classmethod
    def from_tables(cls, tables: Mapping[str, pl.DataFrame]) -> ProcessedData:
        """Build from a name-to-frame mapping (as an extraction returns it)."""
        return cls(**{name: tables[name] for name in cls.__dataclass_fields__})


def load(root: Path | None = None) -> ProcessedData:
    """Read the processed tables from ``data/processed/``.

    Parameters
    ----------
    root
        Project root; found from the working directory when omitted.

    Returns
    -------
    ProcessedData

    Raises
    ------
    BriefingError
        When a table is missing (run ``briefing build`` first).
    """
    root = root or project_root()
    names = ProcessedData.__dataclass_fields__
    return ProcessedData(**{name: load_table(root, name) for name in names})
