"""Trends: each tracked measure across reporting periods, when two or more state it."""

from __future__ import annotations

import textwrap

import altair as alt
import polars as pl
from great_tables import GT

from analysis import series
from analysis.labels import period_label, short_place, signed_change
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.theme import frame
from analysis.topics import _shared

CHART_ID = "trends"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True
#: At most this many series are drawn (those that changed most first); the table has all.
MAX_SERIES = 9


def table(data: ProcessedData) -> pl.DataFrame:
    """Return every tracked series and subject stated in two or more reporting periods.

    One row per reporting period from the first to the last statement; a period whose
    report is silent has a null value (a gap, never a zero). Values are never summed
    across periods (:func:`analysis.series.trends`).

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        series, what (label), subject, subject_label, unit, period_start, period_end,
        source_id, value, qualifier, label (``"100+"``, empty in a gap), locations,
        quote, note.
    """
    return series.trends(data).select(
        "series",
        pl.col("label").alias("what"),
        "subject",
        "subject_label",
        "unit",
        "period_start",
        "period_end",
        "source_id",
        "value",
        "qualifier",
        pl.col("shown").fill_null("").alias("label"),
        pl.col("locations").fill_null(""),
        pl.col("quote").fill_null(""),
        "note",
    )


def has_trends(data: ProcessedData) -> bool:
    """Return whether any indicator is covered by two or more reports."""
    return not table(data).is_empty()


def statement(data: ProcessedData) -> str:
    """Return plain sentences on the periods covered and what changed most since the previous.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    str
        With one reporting period: that no trend can be drawn yet. With several: the
        latest period, how many tracked series changed, and the largest change.
    """
    known = series.periods(data.sources)
    if known.is_empty():
        return "No report is registered yet."
    first, last = known.row(0, named=True), known.row(-1, named=True)
    if known.height == 1:
        citation = data.sources.filter(pl.col("source_id") == first["source_id"])["citation"][0]
        return (
            f"All figures come from a single report ({citation}), covering "
            f"{period_label(first['period_start'], first['period_end'])}; a trend needs "
            "the same measure in a second report."
        )
    return _comparison(data, known.height, first, last)


def _comparison(data: ProcessedData, n: int, first: dict, last: dict) -> str:
    rows = series.changes(data)
    counts = {s: rows.filter(pl.col("status") == s).height for s in ("changed", "new")}
    quiet = rows.filter(pl.col("status") == "not restated").height
    text = (
        f"The reports cover {n} reporting periods, from "
        f"{period_label(first['period_start'], last['period_end'])}. In the latest "
        f"({period_label(last['period_start'], last['period_end'])}), "
        f"{counts['changed']} tracked measure(s) changed, {counts['new']} appear for the "
        f"first time and {quiet} were not restated; {series.untracked(data)} other figure(s) "
        "of the latest report belong to no tracked series (see `briefing diff`)."
    )
    biggest = _largest_change(rows)
    return text + (f" The largest change: {biggest}." if biggest else "")


def _largest_change(rows: pl.DataFrame) -> str:
    changed = rows.filter(pl.col("status") == "changed")
    if changed.is_empty():
        return ""
    ratio = (pl.col("change") / pl.col("old_value").abs().clip(1)).abs()
    r = changed.with_columns(ratio.alias("_r")).sort("_r", descending=True).row(0, named=True)
    per_place = {s.series for s in vocabulary().series if s.subject == "place"}
    where = f" in {r['subject_label']}" if r["series"] in per_place else ""
    return (
        f"{r['label']}{where}, from {r['old_shown']} to {r['new_shown']} "
        f"({signed_change(r['change'], r['unit'])})"
    )


def _source(data: ProcessedData) -> str:
    drawn = series.trends(data)["figure_ids"].drop_nulls().str.split(";").explode()
    figures = data.figures.filter(pl.col("figure_id").is_in(drawn.implode()))
    return _shared.source_for(data, _shared.figure_locations(data, figures))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`, generated from the data."""
    rows = table(data)
    if rows.is_empty():
        return statement(data)
    parts = []
    for (what, subject), one in rows.group_by(["what", "subject_label"], maintain_order=True):
        steps = ", ".join(
            f"{label or 'not stated'} ({end:%Y})"
            for label, end in zip(one["label"], one["period_end"], strict=True)
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
            tooltip=_shared.tooltip(
                rows,
                [
                    ("series", "Series"),
                    ("period", "Period"),
                    ("label", "Value"),
                    ("source_id", "Report"),
                    ("locations", "Source"),
                    ("quote", "As written"),
                    ("note", "Note"),
                ],
            ),
        )
        line = base.mark_line(point=True, invalid="break-paths-show-domains")
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
        subtitle="Each tracked measure stated for two or more reporting periods; a gap where a "
        "report is silent",
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _drawn(rows: pl.DataFrame) -> pl.DataFrame:
    """Return the series drawn: those that changed most (relative to the first value) first."""
    if rows.is_empty():
        return rows.with_columns(pl.lit("").alias("series"), pl.lit("").alias("period"))
    subject = pl.col("subject_label").map_elements(short_place, return_dtype=pl.String)
    per_place = [s.series for s in vocabulary().series if s.subject == "place"]
    named = rows.with_columns(
        pl.when(pl.col("series").is_in(per_place))
        .then(pl.concat_str(pl.col("what"), pl.lit(" — "), subject))
        .otherwise(pl.col("what"))
        .alias("series"),
        pl.concat_str(
            pl.col("period_start").dt.strftime("%Y"),
            pl.lit("/"),
            pl.col("period_end").dt.strftime("%y"),
        ).alias("period"),
    )
    change = named.group_by("series").agg(
        (
            (pl.col("value").drop_nulls().last() - pl.col("value").drop_nulls().first()).abs()
            / pl.col("value").drop_nulls().first().abs().clip(1)
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
        subtitle="Tracked measures stated for two or more reporting periods",
        source=_source(data),
        labels={
            "what": "Measure",
            "subject_label": "Where / what",
            "period_end": "Period ending",
            "label": "Value",
            "source_id": "Report",
            "note": "Note",
        },
    )


def changes(data: ProcessedData) -> pl.DataFrame:
    """Return the tracked measures changed, new or not restated since the previous period.

    Returns
    -------
    pl.DataFrame
        status, what, subject, old, new, change (formatted for a reader), old_quote,
        new_quote; unchanged measures left out; empty with a single reporting period.
    """
    rows = series.changes(data).filter(pl.col("status") != "unchanged")
    return rows.select(
        "status",
        pl.col("label").alias("what"),
        pl.col("subject_label").alias("subject"),
        pl.col("old_shown").fill_null("").alias("old"),
        pl.col("new_shown").fill_null("").alias("new"),
        pl.struct("change", "unit")
        .map_elements(lambda r: signed_change(r["change"], r["unit"]), return_dtype=pl.String)
        .alias("change"),
        pl.col("old_quote").fill_null(""),
        pl.col("new_quote").fill_null(""),
    )


def changes_gt(data: ProcessedData) -> GT:
    """Return :func:`changes` as a house-styled table (a note when there is one period)."""
    known = series.periods(data.sources)
    rows = changes(data)
    if known.height < 2:
        subtitle = "Only one reporting period is registered: there is nothing to compare"
    else:
        old, new = known.row(-2, named=True), known.row(-1, named=True)
        subtitle = (
            f"{period_label(new['period_start'], new['period_end'])} ({new['source_id']}) "
            f"against {period_label(old['period_start'], old['period_end'])} "
            f"({old['source_id']}); {series.untracked(data)} untracked figure(s) are "
            "listed by `briefing diff`"
        )
    ids = known.tail(2)["source_id"].to_list()
    figures = data.figures.filter(pl.col("source_id").is_in(ids))
    return _shared.gt_table(
        rows,
        title="Since the previous report",
        subtitle=subtitle,
        source=_shared.source_for(data, _shared.figure_locations(data, figures)),
        labels={
            "status": "Status",
            "what": "Measure",
            "subject": "Where / what",
            "old": "Previous",
            "new": "Latest",
            "change": "Change",
        },
    )
