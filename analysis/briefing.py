"""Prose facts and small tables for the briefing's text: every number comes from the data.

The facts go into the briefing's Markdown as inline values, so their text is
escaped there (`analysis.labels.markdown_text`): a symbol or a citation from
``source.yml`` is shown as written, never read as markup. The tables are
great_tables objects, which escape their cells.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import polars as pl
from great_tables import GT

from analysis.labels import indicator_label, markdown_text
from analysis.processed import ProcessedData
from analysis.topics import _shared, headlines, weapons


@dataclass(frozen=True)
class Facts:
    """Numbers and phrases the briefing's prose quotes (all computed from the data).

    The phrases are Markdown, escaped: put them into a document as they are.
    """

    n_reports: int
    reports: str
    period: str
    n_figures: int
    n_activities: int
    n_events: int
    n_places: int
    n_entities: int
    n_flags: int
    n_corrections: int
    top_headline: str
    top_weapons: str


def _period(sources: pl.DataFrame) -> str:
    if sources.is_empty():
        return "no period"
    start, end = sources["period_start"].min(), sources["period_end"].max()
    return f"{start:%B %Y} to {end:%B %Y}"


def _top_weapons(data: ProcessedData) -> str:
    rows = weapons.table(data).filter(pl.col("unit") == "weapons").sort("value", descending=True)
    if rows.is_empty():
        return "No weapons counts are reported."
    r = rows.row(0, named=True)
    return (
        f"The largest single count is {r['label']} weapons "
        f"{indicator_label(r['indicator']).lower().removeprefix('weapons ')} in {r['subject']}"
    )


def facts(data: ProcessedData) -> Facts:
    """Return the numbers the briefing's prose quotes.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    Facts
        Its text fields escaped for Markdown.
    """
    plain = _facts(data)
    escaped = {
        f.name: markdown_text(getattr(plain, f.name))
        for f in fields(plain)
        if isinstance(getattr(plain, f.name), str)
    }
    return replace(plain, **escaped)


def _facts(data: ProcessedData) -> Facts:
    acts = data.activities.filter(pl.col("kind") == "activity")
    heads = headlines.table(data)
    top = heads.row(0, named=True) if heads.height else None
    return Facts(
        n_reports=data.sources.height,
        reports="; ".join(data.sources.sort("period_end")["citation"].to_list()),
        period=_period(data.sources),
        n_figures=data.figures.height,
        n_activities=acts.height,
        n_events=data.events.height,
        n_places=acts.filter(pl.col("subject").is_not_null())["subject"].n_unique(),
        n_entities=acts["entity_group"].n_unique(),
        n_flags=data.quality.height,
        n_corrections=data.corrections.height,
        top_headline=(
            f"{top['what']}: {top['shown']}" + (f" ({top['where']})" if top["where"] else "")
            if top
            else "no figures"
        ),
        top_weapons=_top_weapons(data),
    )


def quality_gt(data: ProcessedData) -> GT:
    """Return the data-quality notes (flags) as a house-styled table."""
    rows = (
        data.quality.group_by(["flag", "location"], maintain_order=True)
        .agg(pl.col("detail").first(), pl.col("quote").first(), pl.len().alias("n"))
        .sort(["flag", "location"])
    )
    return _shared.gt_table(
        rows,
        title="Data-quality notes",
        subtitle="Reported as found; nothing here was silently fixed",
        source="Source: "
        + "; ".join(data.sources["citation"].to_list())
        + "; notes in data/processed/quality.csv.",
        labels={"flag": "Flag", "location": "Where", "detail": "Detail", "quote": "As written"},
    )


def corrections_gt(data: ProcessedData) -> GT:
    """Return the corrections applied, with their reasons."""
    return _shared.gt_table(
        data.corrections,
        title="Corrections applied",
        subtitle="From data/curation/corrections.csv, applied after extraction",
        source="Source: data/curation/corrections.csv (reviewed corrections).",
        labels={
            "figure_id": "Figure",
            "field": "Field",
            "old_value": "Extracted",
            "new_value": "Corrected",
            "reason": "Reason",
            "who": "Who",
            "date": "Date",
        },
    )


def sources_gt(data: ProcessedData) -> GT:
    """Return the registered reports with their provenance."""
    rows = data.sources.sort("period_end").with_columns(
        pl.concat_str(
            pl.col("period_start").dt.strftime("%b %Y"),
            pl.lit(" – "),
            pl.col("period_end").dt.strftime("%b %Y"),
        ).alias("period"),
        pl.col("date").cast(pl.String),
        pl.col("sha256").str.slice(0, 12).alias("sha"),
    )
    return _shared.gt_table(
        rows,
        title="Sources",
        subtitle="Reports as received; SHA-256 checked on every build",
        source="Files: data/sources/<source_id>/ (report and source.yml).",
        labels={
            "symbol": "Symbol",
            "language": "Language",
            "date": "Date",
            "period": "Reporting period (as read)",
            "period_as_printed": "As printed",
            "sha": "SHA-256 (first 12)",
            "licence": "Licence",
        },
    )
