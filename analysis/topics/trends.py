"""Trends: an indicator across reporting periods, when two or more reports cover it."""

from __future__ import annotations

import textwrap

import altair as alt
import polars as pl
from great_tables import GT

from analysis.diff import compare_reports, previous_and_latest
from analysis.labels import (
    combine_qualifiers,
    format_number,
    indicator_label,
    qualified_label,
    short_place,
)
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.theme import frame
from analysis.topics import _shared

CHART_ID = "trends"
#: At most this many series are drawn (those that changed most first); the table has all.
MAX_SERIES = 9


def _descriptive() -> list[str]:
    """Return the indicators that describe the text, not the situation (never trended)."""
    return [i.indicator for i in vocabulary().indicators if i.kind == "descriptive"]


def table(data: ProcessedData) -> pl.DataFrame:
    """Return the series of every indicator and subject reported in two or more reports.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        indicator, what (label), subject, unit, source_id, period_start, period_end,
        value (sum within the report), qualifier, label (``"100+"``), locations; one
        row per report, series sorted by period. Empty when no indicator is covered
        by two reports.
    """
    periods = data.sources.select("source_id", "period_start", "period_end")
    per_report = (
        data.figures.filter(~pl.col("indicator").is_in(_descriptive()))
        .with_columns(pl.col("subject").fill_null("(all)"))
        .group_by(["indicator", "subject", "unit", "source_id"])
        .agg(
            pl.col("value").sum(),
            pl.col("qualifier"),
            pl.col("location").unique().sort().str.join("; ").alias("locations"),
        )
        .join(periods, on="source_id", how="left")
    )
    covered = (
        per_report.group_by(["indicator", "subject", "unit"])
        .agg(pl.col("source_id").n_unique().alias("reports"))
        .filter(pl.col("reports") >= 2)
        .drop("reports")
    )
    rows = per_report.join(covered, on=["indicator", "subject", "unit"], how="semi")
    qualifiers = [combine_qualifiers(q) for q in rows["qualifier"].to_list()]
    rows = rows.with_columns(pl.Series("qualifier", qualifiers, dtype=pl.String))
    labels = [
        qualified_label(v, q, u)
        for v, q, u in zip(rows["value"], rows["qualifier"], rows["unit"], strict=True)
    ]
    whats = [indicator_label(i) for i in rows["indicator"].to_list()]
    return (
        rows.with_columns(
            pl.Series("label", labels, dtype=pl.String), pl.Series("what", whats, dtype=pl.String)
        )
        .select(
            "indicator",
            "what",
            "subject",
            "unit",
            "source_id",
            "period_start",
            "period_end",
            "value",
            "qualifier",
            "label",
            "locations",
        )
        .sort(["indicator", "subject", "period_end"])
    )


def has_trends(data: ProcessedData) -> bool:
    """Return whether any indicator is covered by two or more reports."""
    return not table(data).is_empty()


def statement(data: ProcessedData) -> str:
    """Return one plain sentence about the periods the data covers.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    str
        With one report: that every figure covers that single period, so no trend
        can be drawn yet. With several: how many series span two or more periods.
    """
    sources = data.sources.sort("period_end")
    if sources.height == 0:
        return "No report is registered yet."
    first, last = sources.row(0, named=True), sources.row(-1, named=True)
    if sources.height == 1:
        return (
            f"All figures come from a single report ({first['citation']}), covering "
            f"{first['period_start']:%B %Y} to {first['period_end']:%B %Y}; a trend needs "
            "the same indicator in a second report."
        )
    series = table(data).select("indicator", "subject").unique().height
    return (
        f"{sources.height} reports cover {first['period_start']:%B %Y} to "
        f"{last['period_end']:%B %Y}; {series} indicator series appear in two or more of them."
    )


def _source(data: ProcessedData) -> str:
    rows = table(data)
    figures = data.figures.join(
        rows.select("indicator", "source_id").unique(), on=["indicator", "source_id"], how="semi"
    )
    return _shared.source_for(data, _shared.figure_locations(data, figures))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`, generated from the data."""
    rows = table(data)
    if rows.is_empty():
        return statement(data)
    parts = []
    for (what, subject), series in rows.group_by(["what", "subject"], maintain_order=True):
        steps = ", ".join(
            f"{label} ({end:%Y})"
            for label, end in zip(series["label"], series["period_end"], strict=True)
        )
        parts.append(f"{what}, {subject}: {steps}")
    return "Trends across reporting periods. " + "; ".join(parts) + "."


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return small multiples, one per indicator and subject, across reporting periods."""
    w, h = _shared.size(width, height)
    rows = _drawn(table(data))
    if rows.is_empty():
        lines = textwrap.wrap(statement(data), width=max(40, w // 8))
        body = (
            alt.Chart(alt.Data(values=[{}]))
            .mark_text(
                align="left", baseline="top", x=0, y=0, fontSize=14, lineHeight=20, text=lines
            )
            .properties(width=w, height=20 * len(lines) + 10)
        )
    else:
        n = rows["series"].n_unique()
        columns = min(3, n)
        base = alt.Chart(rows).encode(
            x=alt.X(
                "period:O",
                title=None,
                sort=None,
                scale=alt.Scale(padding=0.3),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "value:Q",
                title=None,
                scale=alt.Scale(zero=True),
                axis=alt.Axis(format="~s", tickCount=3),
            ),
            tooltip=["series:N", "period:N", "label:N", "locations:N"],
        )
        line = base.mark_line(point=True)
        text = base.mark_text(dy=-10, fontWeight="bold").encode(text="label:N")
        body = (
            (line + text)
            .properties(width=max(150, w // columns - 60), height=max(90, h // 3))
            .facet(
                facet=alt.Facet(
                    "series:N",
                    title=None,
                    sort=None,
                    header=alt.Header(labelLimit=w // columns, labelFontSize=12),
                ),
                columns=columns,
            )
            .resolve_scale(y="independent")
        )
    return frame(
        body,
        chart_id=CHART_ID,
        title="What changed across reports",
        subtitle="Each indicator reported in two or more reports, by reporting period",
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _drawn(rows: pl.DataFrame) -> pl.DataFrame:
    """Return the series drawn: those that changed most (relative to the first value) first."""
    if rows.is_empty():
        return rows.with_columns(pl.lit("").alias("series"), pl.lit("").alias("period"))
    subject = pl.col("subject").map_elements(short_place, return_dtype=pl.String)
    named = rows.with_columns(
        pl.when(pl.col("subject") == pl.col("what").str.slice(0, pl.col("subject").str.len_chars()))
        .then(pl.col("what"))
        .otherwise(pl.concat_str(pl.col("what"), pl.lit(" — "), subject))
        .alias("series"),
        pl.concat_str(
            pl.col("period_start").dt.strftime("%Y"),
            pl.lit("/"),
            pl.col("period_end").dt.strftime("%y"),
        ).alias("period"),
    )
    change = named.group_by("series").agg(
        (
            (pl.col("value").last() - pl.col("value").first()).abs()
            / pl.col("value").first().abs().clip(1)
        ).alias("_change")
    )
    keep = change.sort(["_change", "series"], descending=[True, False]).head(MAX_SERIES)
    return (
        named.join(keep, on="series", how="semi")
        .join(change, on="series")
        .sort(["_change", "series", "period_end"], descending=[True, False, False])
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = table(data).with_columns(pl.col("period_end").cast(pl.String))
    return _shared.gt_table(
        rows,
        title="Trends across reports",
        subtitle="Indicators reported in two or more reports",
        source=_source(data),
        labels={
            "what": "Indicator",
            "subject": "Where / what",
            "period_end": "Period ending",
            "label": "Value",
            "source_id": "Report",
        },
    )


def changes(data: ProcessedData) -> pl.DataFrame:
    """Return what changed since the previous report (empty with a single report).

    Returns
    -------
    pl.DataFrame
        The rows of :func:`analysis.diff.compare_reports` other than ``unchanged``,
        with ``what``, ``old`` and ``new`` formatted for a reader.
    """
    pair = previous_and_latest(data.sources)
    empty = pl.DataFrame(
        schema={c: pl.String for c in ("status", "what", "subject", "old", "new", "change")}
    )
    if pair is None:
        return empty
    diff = compare_reports(data.figures, *pair).filter(pl.col("status") != "unchanged")
    rows = []
    for r in diff.iter_rows(named=True):
        old = (
            ""
            if r["old_value"] is None
            else qualified_label(r["old_value"], r["old_qualifier"], r["unit"])
        )
        new = (
            ""
            if r["new_value"] is None
            else qualified_label(r["new_value"], r["new_qualifier"], r["unit"])
        )
        change = (
            ""
            if r["change"] is None
            else (("+" if r["change"] > 0 else "−") + format_number(abs(r["change"]), r["unit"]))
        )
        rows.append(
            {
                "status": r["status"],
                "what": indicator_label(r["indicator"]),
                "subject": r["subject"],
                "old": old,
                "new": new,
                "change": change,
            }
        )
    return pl.DataFrame(rows, schema=empty.schema) if rows else empty


def changes_gt(data: ProcessedData) -> GT:
    """Return :func:`changes` as a house-styled table (a note when there is one report)."""
    rows = changes(data)
    pair = previous_and_latest(data.sources)
    subtitle = (
        f"{pair[1]} against {pair[0]}"
        if pair
        else "Only one report is registered: there is no previous report to compare"
    )
    figures = data.figures.filter(pl.col("source_id").is_in(list(pair or ())))
    return _shared.gt_table(
        rows,
        title="Since the previous report",
        subtitle=subtitle,
        source=_shared.source_for(data, _shared.figure_locations(data, figures)),
        labels={
            "status": "Status",
            "what": "Indicator",
            "subject": "Where / what",
            "old": "Previous",
            "new": "Latest",
            "change": "Change",
        },
    )
