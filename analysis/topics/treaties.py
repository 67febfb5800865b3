"""Arms Trade Treaty signatories and ratifications against the UN membership."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import indicator_label
from analysis.processed import ProcessedData
from analysis.theme import brand, frame
from analysis.topics import _shared

CHART_ID = "treaties"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True
#: Number of UN member states (since South Sudan joined in 2011; a fact about the UN).
UN_MEMBER_STATES = 193


def _figures(data: ProcessedData) -> pl.DataFrame:
    return data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))


def table(data: ProcessedData) -> pl.DataFrame:
    """Return ATT signatories and ratifications as stated in each report.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        source_id, as_of (date), indicator, what, value, qualifier, label,
        of_members (``"130 of 193"``), share (of the 193 UN member states), location,
        quote; sorted by as_of then indicator order.

    """
    dates = data.sources.select("source_id", pl.col("date").cast(pl.Date).alias("_d"))
    order = {i: n for n, i in enumerate(_shared.indicators_of(CHART_ID))}
    out = (
        _figures(data)
        .join(dates, on="source_id", how="left")
        .with_columns(pl.coalesce(pl.col("period_end").cast(pl.Date), pl.col("_d")).alias("as_of"))
    )
    agg = _shared.aggregate(out, ["source_id", "as_of", "indicator", "unit"])
    return (
        agg.with_columns(
            pl.col("indicator")
            .replace_strict({i: indicator_label(i) for i in _shared.indicators_of(CHART_ID)})
            .alias("what"),
            (pl.col("label") + f" of {UN_MEMBER_STATES}").alias("of_members"),
            (pl.col("value") / UN_MEMBER_STATES).alias("share"),
            pl.col("locations").alias("location"),
            pl.col("indicator").replace_strict(order).alias("_o"),
        )
        .join(
            out.group_by("source_id", "indicator").agg(pl.col("quote").first()),
            on=["source_id", "indicator"],
            how="left",
        )
        .sort(["as_of", "_o"])
        .select(
            "source_id",
            "as_of",
            "indicator",
            "what",
            "value",
            "qualifier",
            "label",
            "of_members",
            "share",
            "location",
            "quote",
        )
    )


def _latest(data: ProcessedData) -> pl.DataFrame:
    return table(data).sort("as_of").group_by("indicator", maintain_order=True).last()


def _source(data: ProcessedData) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = _latest(data)
    if rows.is_empty():
        return "No Arms Trade Treaty figures in the reports."
    items = [
        f"{r['what']}: {r['of_members']} UN member states ({r['share']:.0%}) as of {r['as_of']}"
        for r in rows.iter_rows(named=True)
    ]
    return "Bars against the 193 UN member states. " + "; ".join(items) + "."


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return bars of ATT signatories and ratifications against 193 member states.

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
    rows = _bar_rows(data)
    body = _membership_bars(rows).properties(width=w, height=h)
    as_of = rows["as_of"].max() if rows.height else "n/a"
    return frame(
        body,
        chart_id=CHART_ID,
        title="Arms Trade Treaty: signatories and states parties",
        subtitle=f"As of {as_of}, against the {UN_MEMBER_STATES} UN member states",
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _bar_rows(data: ProcessedData) -> pl.DataFrame:
    """Return the latest figures with the member count and short bar names."""
    return _latest(data).with_columns(
        pl.lit(UN_MEMBER_STATES).alias("members"),
        pl.col("as_of").cast(pl.String),
        pl.col("what")
        .str.replace("Arms Trade Treaty s", "S")
        .str.replace("Arms Trade Treaty r", "R"),
    )


@dataclass(frozen=True)
class _Axes:
    """The y (one bar per figure) and x scale (0 to past 193) every layer shares."""

    y: alt.Y
    x_scale: alt.Scale
    order: list[str]

    @classmethod
    def of(cls, rows: pl.DataFrame) -> _Axes:
        """Return the axes of the bars of ``rows``, in row order."""
        order = rows["what"].to_list()
        return cls(
            y=alt.Y("what:N", sort=order, title=None),
            x_scale=alt.Scale(domain=[0, UN_MEMBER_STATES * 1.15], nice=False),
            order=order,
        )


def _membership_bars(rows: pl.DataFrame) -> alt.LayerChart:
    """Return each figure's bar over a grey bar of all members, both labelled."""
    axes = _Axes.of(rows)
    muted = brand()["colours"]["muted"]
    rule = alt.Chart(rows.head(1)).mark_rule(color=muted, strokeDash=[4, 3]).encode(x="members:Q")
    text = (
        alt.Chart(rows)
        .mark_text(align="left", dx=6, fontWeight="bold")
        .encode(y=axes.y, x="value:Q", text="label:N")
    )
    member = (
        alt.Chart(rows)
        .mark_text(align="left", dx=6, color=muted)
        .encode(y=axes.y, x="members:Q", text=alt.value(f"{UN_MEMBER_STATES} UN members"))
    )
    return _all_members(rows, axes) + _figure_bars(rows, axes) + rule + text + member


def _all_members(rows: pl.DataFrame, axes: _Axes) -> alt.Chart:
    """Return the wide grey bars of the 193 member states, with the x axis."""
    return (
        alt.Chart(rows)
        .mark_bar(color=brand()["colours"]["no_data"], size=46)
        .encode(
            y=axes.y,
            x=alt.X(
                "members:Q",
                scale=axes.x_scale,
                title="States",
                axis=alt.Axis(values=[0, 50, 100, 150, UN_MEMBER_STATES]),
            ),
        )
    )


def _figure_bars(rows: pl.DataFrame, axes: _Axes) -> alt.Chart:
    """Return the narrower coloured bars of the figures."""
    return (
        alt.Chart(rows)
        .mark_bar(size=30)
        .encode(
            y=axes.y,
            x=alt.X("value:Q", scale=axes.x_scale),
            color=alt.Color("what:N", scale=_shared.colour_scale(axes.order), legend=None),
            tooltip=["what:N", "of_members:N", "as_of:N"],
        )
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = table(data).with_columns(
        pl.col("as_of").cast(pl.String),
        (pl.col("share") * 100).round(0).cast(pl.Int64).cast(pl.String).add("%").alias("share"),
    )
    return _shared.gt_table(
        rows,
        title="Arms Trade Treaty",
        subtitle=f"Against the {UN_MEMBER_STATES} UN member states",
        source=_source(data),
        labels={
            "as_of": "As of",
            "what": "What",
            "of_members": "States",
            "share": "Share",
            "quote": "As written",
        },
    )
