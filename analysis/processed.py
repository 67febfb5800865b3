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
from functools import cache, lru_cache
from pathlib import Path

import dataframely as dy
import polars as pl

from analysis.errors import BriefingError
from analysis.paths import processed_dir, project_root


class ParagraphSchema(dy.Schema):
    """One row per summary paragraph, numbered paragraph, footnote or heading."""

    source_id = dy.String(
        primary_key=True,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    paragraph_id = dy.String(
        primary_key=True,
        description=(
            "Stable id of the paragraph within its report ('para-30', 'summary-1', 'footnote-2')."
        ),
    )
    kind = dy.String(
        nullable=False, description="header, heading, subheading, summary, paragraph or footnote."
    )
    location = dy.String(
        nullable=False, description="Reader-facing location ('para 30', 'summary 1')."
    )
    number = dy.Int32(
        nullable=True, description="Paragraph, summary or footnote number as printed."
    )
    section = dy.String(nullable=True, description="Section heading the paragraph is under.")
    subsection = dy.String(nullable=True, description="Sub-heading the paragraph is under.")
    text = dy.String(
        nullable=False, description="The paragraph's text, verbatim (page-break pieces joined)."
    )
    line_start = dy.Int32(
        nullable=False, min=1, description="First line of the paragraph in the report file."
    )
    line_end = dy.Int32(
        nullable=False, min=1, description="Last line of the paragraph in the report file."
    )
    flags = dy.String(
        nullable=True,
        description="Data-quality flags, semicolon-separated (see the quality table).",
    )

    @dy.rule()
    def known_kind(cls) -> pl.Expr:
        """Check kinds against the closed list."""
        return pl.col("kind").is_in(
            ["header", "heading", "subheading", "summary", "paragraph", "footnote"]
        )


class ActivitySchema(dy.Schema):
    """One row per non-empty annex cell."""

    source_id = dy.String(
        nullable=False,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    activity_id = dy.String(
        primary_key=True, description="Stable id of the annex cell: source / annex-ROW-CATEGORY."
    )
    annex_row = dy.Int32(
        nullable=False,
        min=1,
        description="Row number of the annex table (rows continued across pages keep one number).",
    )
    line = dy.Int32(
        nullable=False, min=1, description="Line of the report file (1-based) where it starts."
    )
    entity = dy.String(nullable=True, description="UN entity heading of the annex row, as printed.")
    entity_en = dy.String(
        nullable=True, description="Short English name of the entity (data/reference/entities.csv)."
    )
    entity_group = dy.String(
        nullable=True, description="Entity the row is counted under in charts (UNDP, UNODA …)."
    )
    row_label = dy.String(
        nullable=True, description="The row label as printed (country, region or list)."
    )
    subject = dy.String(
        nullable=True,
        description=(
            "Who or where it is about: a place, region, organisation or instrument (English)."
        ),
    )
    subject_kind = dy.String(
        nullable=True,
        description=(
            "Kind of subject: country, territory, region, group, area, organisation, "
            "instrument, global."
        ),
    )
    iso3 = dy.String(
        nullable=True,
        regex=r"^[A-Z]{3}$",
        description=(
            "ISO 3166-1 alpha-3 code of the country (XKX for Kosovo), when the subject is one."
        ),
    )
    member_iso3 = dy.String(
        nullable=True,
        description="ISO3 codes of the countries a regional subject names, semicolon-separated.",
    )
    category = dy.String(
        nullable=True,
        description=(
            "Annex column code (data/reference/categories.csv); empty outside the annex table."
        ),
    )
    column_label = dy.String(nullable=True, description="The annex column heading as printed.")
    text = dy.String(nullable=False, min_length=1, description="The cell's text, verbatim.")
    kind = dy.String(nullable=False, description="activity, or note (a footnote row of the table).")
    flags = dy.String(
        nullable=True,
        description="Data-quality flags, semicolon-separated (see the quality table).",
    )


class FigureSchema(dy.Schema):
    """One row per stated quantity."""

    figure_id = dy.String(
        primary_key=True,
        description="Stable id: source / location / ordinal of the number in that place.",
    )
    source_id = dy.String(
        nullable=False,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    location = dy.String(
        nullable=False,
        description=(
            "Where in the report: 'para 30', 'summary 1', 'footnote 2', or 'annex: ENTITY | "
            "ROW LABEL | CATEGORY'."
        ),
    )
    paragraph_id = dy.String(
        nullable=True, description="Paragraph the figure is in (null in the annex)."
    )
    activity_id = dy.String(
        nullable=True, description="Annex cell the figure is in (null outside the annex)."
    )
    line = dy.Int32(
        nullable=False, min=1, description="Line of the report file (1-based) where it starts."
    )
    entity = dy.String(
        nullable=True, description="UN entity of the annex row, short English name (UNDP, UNODA …)."
    )
    subject = dy.String(
        nullable=True,
        description=(
            "Who or where it is about: a place, region, organisation or instrument (English)."
        ),
    )
    subject_kind = dy.String(
        nullable=True,
        description=(
            "Kind of subject: country, territory, region, group, area, organisation, "
            "instrument, global."
        ),
    )
    iso3 = dy.String(
        nullable=True,
        regex=r"^[A-Z]{3}$",
        description=(
            "ISO 3166-1 alpha-3 code of the country (XKX for Kosovo), when the subject is one."
        ),
    )
    region = dy.String(
        nullable=True, description="Region, when the subject is a region or the world."
    )
    member_iso3 = dy.String(
        nullable=True,
        description="ISO3 codes of the countries a regional subject names, semicolon-separated.",
    )
    category = dy.String(
        nullable=True,
        description=(
            "Annex column code (data/reference/categories.csv); empty outside the annex table."
        ),
    )
    indicator = dy.String(
        nullable=False, description="What is counted: a code of data/reference/indicators.csv."
    )
    value = dy.Float64(
        nullable=False, min=0, description="The number (for a range, its lower bound)."
    )
    value_high = dy.Float64(
        nullable=True,
        min=0,
        description="The upper bound of a range (qualifier 'range': '15 to 25'); else empty.",
    )
    unit = dy.String(
        nullable=False,
        description="What the number counts: weapons, ammunition, USD, people, states …",
    )
    qualifier = dy.String(
        nullable=False,
        description=(
            "exact, approximately, more_than, less_than, at_least, at_most or range "
            "(data/reference/qualifiers.csv)."
        ),
    )
    period_start = dy.Date(
        nullable=True, description="First day of the period the figure covers, where known."
    )
    period_end = dy.Date(
        nullable=True,
        description="Last day of the period the figure covers (or the date a stock is stated at).",
    )
    quote = dy.String(
        nullable=False,
        min_length=1,
        description="The verbatim sentence or clause that states the figure.",
    )
    token = dy.String(
        nullable=False, description="The number exactly as written ('9 824', '310 万', 'some 500')."
    )
    flags = dy.String(
        nullable=True,
        description="Data-quality flags, semicolon-separated (see the quality table).",
    )

    @dy.rule()
    def period_in_order(cls) -> pl.Expr:
        """Check that a period never ends before it starts."""
        return (
            pl.col("period_start").is_null()
            | pl.col("period_end").is_null()
            | (pl.col("period_start") <= pl.col("period_end"))
        )

    @dy.rule()
    def range_has_bounds(cls) -> pl.Expr:
        """Check that a range, and only a range, has an upper bound above its lower one."""
        is_range = pl.col("qualifier") == "range"
        return (is_range == pl.col("value_high").is_not_null()) & (
            pl.col("value_high").is_null() | (pl.col("value_high") >= pl.col("value"))
        )

    @dy.rule()
    def has_a_source_place(cls) -> pl.Expr:
        """Check that every figure points at a paragraph or an annex cell."""
        return pl.col("paragraph_id").is_not_null() | pl.col("activity_id").is_not_null()


class EventSchema(dy.Schema):
    """One row per dated event."""

    event_id = dy.String(primary_key=True, description="Stable id: source / location / event-N.")
    source_id = dy.String(
        nullable=False,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    location = dy.String(
        nullable=False,
        description=(
            "Where in the report: 'para 30', 'summary 1', 'footnote 2', or 'annex: ENTITY | "
            "ROW LABEL | CATEGORY'."
        ),
    )
    line = dy.Int32(
        nullable=False, min=1, description="Line of the report file (1-based) where it starts."
    )
    date_start = dy.Date(nullable=False, description="First day of the event.")
    date_end = dy.Date(nullable=False, description="Last day of the event.")
    date_precision = dy.String(
        nullable=False, description="day, month or year: how precisely the report dates it."
    )
    event_type = dy.String(
        nullable=False, description="Kind of event: meeting, entry_into_force, adoption, training …"
    )
    entity = dy.String(
        nullable=True, description="UN entity of the annex row, short English name (UNDP, UNODA …)."
    )
    subject = dy.String(
        nullable=True,
        description=(
            "Who or where it is about: a place, region, organisation or instrument (English)."
        ),
    )
    iso3 = dy.String(
        nullable=True,
        description=(
            "ISO 3166-1 alpha-3 code of the country (XKX for Kosovo), when the subject is one."
        ),
    )
    date_text = dy.String(nullable=False, description="The date as written.")
    quote = dy.String(nullable=False, description="The clause that states the event, verbatim.")
    flags = dy.String(
        nullable=True,
        description="Data-quality flags, semicolon-separated (see the quality table).",
    )


class QualitySchema(dy.Schema):
    """One row per data-quality note (reported, never silently fixed)."""

    source_id = dy.String(
        nullable=False,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    location = dy.String(
        nullable=False,
        description=(
            "Where in the report: 'para 30', 'summary 1', 'footnote 2', or 'annex: ENTITY | "
            "ROW LABEL | CATEGORY'."
        ),
    )
    line = dy.Int32(
        nullable=False, min=1, description="Line of the report file (1-based) where it starts."
    )
    flag = dy.String(
        nullable=False,
        description=(
            "The kind of problem (odd digit grouping, period ends before it starts, unknown "
            "place …)."
        ),
    )
    detail = dy.String(nullable=False, description="What is wrong, in words.")
    quote = dy.String(nullable=True, description="The text concerned, verbatim.")


class TokenSchema(dy.Schema):
    """One row per number-like token of a report: a figure or excluded for a reason."""

    source_id = dy.String(
        nullable=False,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    location = dy.String(
        nullable=False,
        description=(
            "Where in the report: 'para 30', 'summary 1', 'footnote 2', or 'annex: ENTITY | "
            "ROW LABEL | CATEGORY'."
        ),
    )
    line = dy.Int32(
        nullable=False, min=1, description="Line of the report file (1-based) where it starts."
    )
    column = dy.Int32(
        nullable=False, min=1, description="Column of the token on its line (1-based)."
    )
    token = dy.String(nullable=False, description="The number-like text as written.")
    value = dy.Float64(nullable=True, description="Its numeric value, where it has one.")
    status = dy.String(nullable=False, description="figure, or excluded (not a quantity).")
    reason = dy.String(
        nullable=True,
        description="Why it is not a figure: date, resolution number, document symbol, ordinal …",
    )
    figure_id = dy.String(nullable=True, description="The figure it became (status figure).")

    @dy.rule()
    def figure_or_reason(cls) -> pl.Expr:
        """Check that a token is a figure (with its id) or excluded with a reason."""
        return ((pl.col("status") == "figure") & pl.col("figure_id").is_not_null()) | (
            (pl.col("status") == "excluded") & pl.col("reason").is_not_null()
        )


class SourceSchema(dy.Schema):
    """One row per registered report, with its provenance."""

    source_id = dy.String(
        primary_key=True, description="Id of the registered report (folder under data/sources/)."
    )
    symbol = dy.String(
        nullable=True,
        description="UN document symbol (empty when not printed in the text received).",
    )
    title = dy.String(nullable=False, description="Title in the report's language.")
    title_en = dy.String(nullable=True, description="English title.")
    language = dy.String(nullable=False, description="Language of the file: zh or en.")
    original_language = dy.String(
        nullable=True,
        description="Language the report was written in (the other is a translation).",
    )
    date = dy.Date(nullable=False, description="Date printed on the report.")
    period_start = dy.Date(nullable=False, description="First day of the reporting period.")
    period_end = dy.Date(nullable=False, description="Last day of the reporting period.")
    period_as_printed = dy.String(
        nullable=True, description="The reporting period as the report prints it."
    )
    sha256 = dy.String(
        nullable=False,
        regex=r"^[0-9a-f]{64}$",
        description="SHA-256 of the file as received (checked on every build).",
    )
    origin = dy.String(nullable=True, description="Where the file came from.")
    licence = dy.String(nullable=True, description="Terms of reuse.")
    citation = dy.String(
        nullable=False, min_length=1, description="Short citation used in source lines."
    )
    file = dy.String(
        nullable=False, description="Path of the file as received, from the project root."
    )


class CorrectionSchema(dy.Schema):
    """One row per reviewed correction applied after extraction."""

    figure_id = dy.String(nullable=False, description="The corrected figure.")
    field = dy.String(nullable=False, description="The corrected column.")
    old_value = dy.String(
        nullable=True,
        description="What extraction gave (checked: a stale correction stops the build).",
    )
    new_value = dy.String(nullable=True, description="The reviewed value.")
    reason = dy.String(nullable=False, min_length=1, description="Why.")
    who = dy.String(nullable=True, description="Who reviewed it.")
    date = dy.String(nullable=True, description="When.")


class AssignmentSchema(dy.Schema):
    """One row per figure whose measure a tracked series covers: its series and subject."""

    figure_id = dy.String(primary_key=True, description="The figure.")
    source_id = dy.String(
        nullable=False,
        description="Registered report the row comes from (folder name under data/sources/).",
    )
    series = dy.String(
        nullable=True,
        description="Tracked series it feeds (data/reference/series.csv); null for a near miss.",
    )
    subject = dy.String(
        nullable=True,
        description=(
            "Canonical subject: ISO3 code, region name, or a subjects.csv id (att, unscar, world)."
        ),
    )
    subject_label = dy.String(nullable=True, description="The subject in English.")
    rule = dy.String(nullable=False, min_length=1, description="The rule (or review) that decided.")
    confidence = dy.String(
        nullable=False, description="high, medium, none (a near miss) or reviewed."
    )
    origin = dy.String(nullable=False, description="rule or review.")

    @dy.rule()
    def known_confidence(cls) -> pl.Expr:
        """Check confidences against the closed list."""
        return pl.col("confidence").is_in(["high", "medium", "none", "reviewed"])

    @dy.rule()
    def series_has_subject(cls) -> pl.Expr:
        """Check that an assigned figure has a subject, and a near miss has neither."""
        return pl.col("series").is_null() == pl.col("subject").is_null()


class ReviewSchema(dy.Schema):
    """One row per reviewed assignment applied after the rules (``data/curation/``)."""

    figure_id = dy.String(nullable=False, description="The reviewed figure.")
    series = dy.String(nullable=True, description="The series it belongs to (empty: none).")
    subject = dy.String(nullable=True, description="Its subject id.")
    reason = dy.String(nullable=False, min_length=1, description="Why.")
    who = dy.String(nullable=True, description="Who reviewed it.")
    date = dy.String(nullable=True, description="When.")


#: How an assignment's rule ends when its sentence names another fund or instrument of
#: the same kind as well ("UNSCAR and SALIENT together funded …"): a joint statement.
JOINT_RULE_END = " too"
#: How an assignment's rule begins when a word by the number says the figure is no value
#: of the series ("near miss: 'contribut' by the number": money given to a fund, not a
#: grant it made).
WORD_MISS_RULE_START = "near miss: '"

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
    "assignments": AssignmentSchema,
    "reviews": ReviewSchema,
}


#: References between tables: table -> (columns, referenced table, referenced columns).
FOREIGN_KEYS: dict[str, tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = {
    "paragraphs": ((("source_id",), "sources", ("source_id",)),),
    "activities": ((("source_id",), "sources", ("source_id",)),),
    "figures": (
        (("source_id",), "sources", ("source_id",)),
        (("activity_id",), "activities", ("activity_id",)),
    ),
    "events": ((("source_id",), "sources", ("source_id",)),),
    "quality": ((("source_id",), "sources", ("source_id",)),),
    "tokens": ((("figure_id",), "figures", ("figure_id",)),),
    "sources": (),
    "corrections": ((("figure_id",), "figures", ("figure_id",)),),
    "assignments": ((("figure_id",), "figures", ("figure_id",)),),
    "reviews": ((("figure_id",), "figures", ("figure_id",)),),
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
    paragraphs, activities, figures, events, quality, sources, corrections, assignments, reviews
        The tables of ``data/processed/`` (see README for their columns).
    """

    paragraphs: pl.DataFrame
    activities: pl.DataFrame
    figures: pl.DataFrame
    events: pl.DataFrame
    quality: pl.DataFrame
    sources: pl.DataFrame
    corrections: pl.DataFrame
    assignments: pl.DataFrame
    reviews: pl.DataFrame

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
    folder = processed_dir(root).resolve()
    manifest = folder / "manifest.json"
    stamp = manifest.read_bytes() if manifest.is_file() else b""
    return _load(folder, hashlib.sha256(stamp).hexdigest(), root)


@lru_cache(maxsize=4)
def _load(folder: Path, stamp: str, root: Path) -> ProcessedData:
    """Read the tables once per folder and manifest (the same object for every document).

    The manifest changes with every write of the tables, so a rebuilt folder is read
    again; the frames are immutable, so sharing them between documents is safe.
    """
    del folder, stamp  # the cache key
    names = ProcessedData.__dataclass_fields__
    return ProcessedData(**{name: load_table(root, name) for name in names})
