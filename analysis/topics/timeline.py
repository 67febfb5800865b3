"""Timeline of dated events in the reporting period."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import short_place
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.theme import frame
from analysis.topics import _shared

CHART_ID = "timeline"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def table(data: ProcessedData) -> pl.DataFrame:
    """Return every dated event, flagged when it falls in its report's period.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        source_id, date_start, date_end, date_precision, when (label), event_type,
        subject, entity, location, in_period, label (axis label), quote; sorted by
        date_start, then location.

    """
    periods = data.sources.select(
        "source_id",
        pl.col("period_start").cast(pl.Date).alias("_ps"),
        pl.col("period_end").cast(pl.Date).alias("_pe"),
    )
    ev = data.events.with_columns(
        pl.col("date_start").cast(pl.Date), pl.col("date_end").cast(pl.Date)
    ).join(periods, on="source_id", how="left")
    when = [
        d.strftime(_FORMATS.get(p, "%Y-%m-%d")) if d else "undated"
        for d, p in zip(ev["date_start"].to_list(), ev["date_precision"].to_list(), strict=True)
    ]
    kinds = {t.event_type: t.label_en for t in vocabulary().event_types}
    what = [
        f"{kinds.get(kind, kind)}: {short_place(subject, 30)}"
        if subject
        else f"{kinds.get(kind, kind)} ({loc})"
        for kind, subject, loc in zip(
            ev["event_type"].to_list(),
            ev["subject"].to_list(),
            ev["location"].str.replace(r" \|.*", "").to_list(),
            strict=True,
        )
    ]
    ev = ev.with_columns(
        pl.Series("when", when, dtype=pl.String), pl.Series("_what", what, dtype=pl.String)
    )
    return (
        ev.with_columns(
            ((pl.col("date_end") >= pl.col("_ps")) & (pl.col("date_start") <= pl.col("_pe")))
            .fill_null(False)
            .alias("in_period"),
            pl.concat_str(pl.col("when"), pl.lit(" · "), pl.col("_what")).alias("label"),
        )
        .sort(["date_start", "location"])
        .select(
            "source_id",
            "date_start",
            "date_end",
            "date_precision",
            "when",
            "event_type",
            "subject",
            "entity",
            "location",
            "in_period",
            "label",
            "quote",
        )
    )


def _source(data: ProcessedData) -> str:
    rows = data.activities.select("activity_id", "annex_row").unique("activity_id")
    ev = data.events.with_columns(
        pl.col("event_id").str.replace(r"/event-\d+$", "").alias("activity_id")
    ).join(rows, on="activity_id", how="left")
    return _shared.source_for(
        data, ev.select("source_id", "location", pl.col("annex_row").cast(pl.Int64))
    )


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data).filter("in_period")
    if rows.is_empty():
        return "No dated events in the reporting period."
    return (
        f"Timeline of {rows.height} dated events in the reporting period, one row each: "
        + "; ".join(rows["label"].to_list())
        + "."
    )


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return a timeline (one row per event, bars for date ranges) of the period.

    Parameters
    ----------
    data
        The processed tables.
    width, height
        Plot-area budget in pixels.

    Returns
    -------
    alt.VConcatChart

    """
    w, h = _shared.size(width, height)
    rows = table(data)
    shown = rows.filter("in_period").with_columns(
        (pl.col("date_end") + pl.duration(days=1)).alias("end"),
        pl.col("event_type").str.replace_all("_", " "),
    )
    order = shown["label"].to_list()
    types = sorted(set(shown["event_type"].to_list()))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    colour = alt.Color(
        "event_type:N", scale=_shared.colour_scale(types), title=None, legend=alt.Legend(columns=3)
    )
    span = (
        alt.Chart(shown)
        .mark_bar(height=10, cornerRadius=2, opacity=0.6)
        .encode(
            y=y,
            x=alt.X("date_start:T", title=None, axis=alt.Axis(format="%b %Y", tickCount="month")),
            x2="end:T",
            color=colour,
            tooltip=_shared.tooltip(
                shown,
                [
                    ("when", "When"),
                    ("event_type", "What"),
                    ("subject", "Who / where"),
                    ("location", "Source"),
                    ("quote", "As written"),
                ],
            ),
        )
    )
    point = alt.Chart(shown).mark_point(size=60).encode(y=y, x="date_start:T", color=colour)
    labels_px = 8 + 7 * max((len(x) for x in order), default=10)
    plot_w = max(240, w - labels_px)
    body = (span + point).properties(width=plot_w, height=max(h, 16 * len(order)))
    outside = rows.height - shown.height
    return frame(
        body,
        chart_id=CHART_ID,
        title="Timeline of the reporting period",
        subtitle=(
            f"{shown.height} dated events in the period"
            + (f"; {outside} dated events outside it are in the table" if outside else "")
        ),
        source=_source(data),
        description=describe(data),
        width=plot_w,
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    return _shared.gt_table(
        table(data).with_columns(
            pl.col("in_period").replace_strict({True: "yes", False: "no"}, return_dtype=pl.String)
        ),
        title="Dated events",
        subtitle="Every dated event the reports name",
        source=_source(data),
        labels={
            "when": "When",
            "event_type": "Event",
            "subject": "About",
            "location": "Where in the report",
            "in_period": "In period",
            "quote": "As written",
        },
    )
