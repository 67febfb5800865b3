"""Declared schemas of the processed tables, checked before anything is written."""

from __future__ import annotations

from pathlib import Path

import dataframely as dy
import polars as pl

from analysis.errors import BriefingError

QUALIFIERS = ("exact", "approximately", "more_than", "less_than", "at_least", "at_most")


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
    def known_qualifier(cls) -> pl.Expr:
        """Check qualifiers against the closed list."""
        return pl.col("qualifier").is_in(QUALIFIERS)

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


SCHEMAS: dict[str, type[dy.Schema]] = {
    "paragraphs": ParagraphSchema,
    "activities": ActivitySchema,
    "figures": FigureSchema,
    "events": EventSchema,
}


def validate_table(
    name: str, frame: pl.DataFrame, indicators: set[str], where: Path
) -> pl.DataFrame:
    """Validate a processed table against its declared schema.

    Parameters
    ----------
    name
        Table name (a key of ``SCHEMAS``).
    frame
        The table.
    indicators
        The controlled indicator vocabulary (for ``figures``).
    where
        The file the table is about to be written to (for messages).

    Returns
    -------
    polars.DataFrame
        The table, columns in schema order.

    Raises
    ------
    BriefingError
        Naming the rules that failed and the first offending rows.

    """
    schema = SCHEMAS[name]
    good, failure = schema.filter(frame, cast=True)
    problems = dict(failure.counts())
    if name == "figures":
        unknown = sorted(set(frame["indicator"].to_list()) - indicators)
        if unknown:
            problems["indicator_in_vocabulary"] = len(unknown)
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
    return good.select(list(schema.columns()))
