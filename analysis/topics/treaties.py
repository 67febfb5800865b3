"""Arms Trade Treaty signatories and ratifications against the UN membership."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl
from great_tables import GT

from analysis import series
from analysis._memo import per_data
from analysis.labels import date_label, format_number, indicator_label, place_label
from analysis.native_charts import NativeChart, Series
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.theme import Framed, brand, frame, marked
from analysis.topics import _shared

CHART_ID = "treaties"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True
#: The tables it reads (see analysis.topics.scoped).
READS = ("figures[own]", "activities", "sources", "assignments")
#: Number of UN member states (since South Sudan joined in 2011; a fact about the UN).
UN_MEMBER_STATES = 193


def _figures(data: ProcessedData) -> pl.DataFrame:
    """Return the treaty counts a series takes: not a near miss ("three States deposited")."""
    data = series.quoted_versions(data)  # a report in two languages is one report
    counted = data.assignments.filter(pl.col("series").is_not_null()).select("figure_id")
    return data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID))).join(
        counted, on="figure_id", how="semi"
    )


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return ATT signatories and ratifications in each report: the largest count it states.

    As the series do (``within_report`` is ``largest`` for a stock): "118 States parties"
    and, later, "14 States parties have submitted annual reports" state one stock, 118.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of what, label, of_members, in_report.

    Returns
    -------
    pl.DataFrame
        source_id, as_of (date), indicator, what, value, qualifier, label,
        of_members (``"130 of 193"`` / ``"193 个中的 130 个"``), share (of the 193 UN
        member states), location (as printed), in_report, quote; sorted by as_of then
        indicator order.

    """
    dates = data.sources.select("source_id", pl.col("date").cast(pl.Date).alias("_d"))
    order = {i: n for n, i in enumerate(_shared.indicators_of(CHART_ID))}
    out = (
        _shared.readable(data, _figures(data), lang)
        .join(dates, on="source_id", how="left")
        .with_columns(pl.coalesce(pl.col("period_end").cast(pl.Date), pl.col("_d")).alias("as_of"))
        .sort("value", "as_of", "line")
        .unique(["source_id", "indicator"], keep="last", maintain_order=True)
    )
    agg = _shared.aggregate(out, ["source_id", "as_of", "indicator", "unit"], lang)
    members = format_number(UN_MEMBER_STATES, None, lang)
    return (
        agg.with_columns(
            pl.col("indicator")
            .replace_strict({i: indicator_label(i, lang) for i in _shared.indicators_of(CHART_ID)})
            .alias("what"),
            pl.col("label")
            .map_elements(
                lambda n: text("treaties.of_members", lang, n=n, members=members),
                return_dtype=pl.String,
            )
            .alias("of_members"),
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
            "in_report",
            "quote",
        )
    )


def _latest(data: ProcessedData, lang: str) -> pl.DataFrame:
    return table(data, lang=lang).sort("as_of").group_by("indicator", maintain_order=True).last()


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    rows = _latest(data, lang)
    if rows.is_empty():
        return text("treaties.alt.none", lang)
    items = [
        text(
            "treaties.alt.item",
            lang,
            what=r["what"],
            of_members=r["of_members"],
            share=f"{r['share']:.0%}",
            as_of=date_label(r["as_of"], "day", lang),
        )
        for r in rows.iter_rows(named=True)
    ]
    return text("treaties.alt", lang, items=text("listing.sep_list", lang).join(items))


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return bars of ATT signatories and ratifications against 193 member states.

    Parameters
    ----------
    data
        The processed tables.
    width, height
        Plot-area budget in pixels.
    lang
        ``en`` or ``zh``: every word of the chart.

    Returns
    -------
    Framed

    """
    w, h = _shared.size(width, height)
    rows = _bar_rows(data, lang)
    body = _membership_bars(rows, lang).properties(width=w, height=h)
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("treaties.title", lang),
        subtitle=_subtitle(data, lang),
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def _subtitle(data: ProcessedData, lang: str) -> str:
    """Return the date the bars are as of, or that each is as last stated.

    The second when they were last stated on different dates: each bar then names its
    own date (:func:`_bar_rows`).
    """
    latest = _latest(data, lang)
    if latest["as_of"].n_unique() > 1:
        return text("treaties.subtitle.dated", lang, members=UN_MEMBER_STATES)
    as_of = date_label(latest["as_of"].max(), "day", lang) if latest.height else "–"
    return text("treaties.subtitle", lang, as_of=as_of, members=UN_MEMBER_STATES)


def _bar_rows(data: ProcessedData, lang: str) -> pl.DataFrame:
    """Return the latest figures with the member count, date as read and bar names.

    A bar names its date when the bars were last stated on different dates (a report
    that restates one figure and not the other): a reader never takes an older count
    for a current one.
    """
    latest = _latest(data, lang)
    dated = latest["as_of"].n_unique() > 1
    as_of = [date_label(d, "day", lang) for d in latest["as_of"]]
    short = [_short(w, lang) for w in latest["what"]]
    if dated:
        short = [
            text("treaties.bar.dated", lang, what=w, as_of=d)
            for w, d in zip(short, as_of, strict=True)
        ]
    return latest.with_columns(
        pl.lit(UN_MEMBER_STATES).alias("members"),
        pl.Series("as_of", as_of, dtype=pl.String),
        pl.Series("what", short, dtype=pl.String),
    )


def _short(label: str, lang: str) -> str:
    """Return an indicator label without the treaty's name: ``Signatories`` / ``签署国``."""
    short = label.removeprefix(place_label("Arms Trade Treaty", lang)).strip()
    return short[:1].upper() + short[1:]


@dataclass(frozen=True)
class _Axes:
    """The y (one bar per figure) and x scale (0 to past 193) every layer shares."""

    y: alt.Y
    x_scale: dict[str, Any]
    order: list[str]

    @classmethod
    def of(cls, rows: pl.DataFrame) -> _Axes:
        """Return the axes of the bars of ``rows``, in row order."""
        order = rows["what"].to_list()
        return cls(
            y=alt.Y("what:N", sort=order, title=None),
            x_scale={"domain": [0, UN_MEMBER_STATES * 1.15], "nice": False},
            order=order,
        )


def _membership_bars(rows: pl.DataFrame, lang: str) -> alt.LayerChart:
    """Return each figure's bar over a grey bar of all members, both labelled."""
    axes = _Axes.of(rows)
    muted = brand()["colours"]["muted"]
    rule = marked(alt.Chart(rows.head(1)), "rule", color=muted, strokeDash=[4, 3]).encode(
        x=alt.X("members:Q")
    )
    labels = marked(alt.Chart(rows), "text", align="left", dx=6, fontWeight="bold").encode(
        y=axes.y, x=alt.X("value:Q"), text=alt.Text("label:N")
    )
    member = marked(alt.Chart(rows), "text", align="left", dx=6, color=muted).encode(
        y=axes.y,
        x=alt.X("members:Q"),
        text=alt.TextValue(text("treaties.members", lang, members=UN_MEMBER_STATES)),
    )
    bars = _all_members(rows, axes, lang) + _figure_bars(rows, axes, lang)
    return bars + rule + labels + member


def _all_members(rows: pl.DataFrame, axes: _Axes, lang: str) -> alt.Chart:
    """Return the wide grey bars of the 193 member states, with the x axis."""
    return marked(alt.Chart(rows), "bar", color=brand()["colours"]["no_data"], size=46).encode(
        y=axes.y,
        x=alt.X(
            "members:Q",
            scale=axes.x_scale,
            title=text("treaties.axis", lang),
            axis={"values": [0, 50, 100, 150, UN_MEMBER_STATES]},
        ),
    )


def _figure_bars(rows: pl.DataFrame, axes: _Axes, lang: str) -> alt.Chart:
    """Return the narrower coloured bars of the figures."""
    return marked(alt.Chart(rows), "bar", size=30).encode(
        y=axes.y,
        x=alt.X("value:Q", scale=axes.x_scale),
        color=alt.Color("what:N", scale=_shared.colour_scale(axes.order), legend=None),
        tooltip=_shared.tooltip(
            rows,
            [
                ("what", text("field.what", lang)),
                ("of_members", text("treaties.col.states", lang)),
                ("as_of", text("treaties.col.as_of", lang)),
                ("in_report", text("field.source", lang)),
            ],
        ),
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = table(data, lang=lang)
    rows = _shared.with_quote_language(data, rows).with_columns(
        pl.Series("as_of", [date_label(d, "day", lang) for d in rows["as_of"]], dtype=pl.String),
        (pl.col("share") * 100).round(0).cast(pl.Int64).cast(pl.String).add("%").alias("share"),
    )
    return _shared.gt_table(
        rows,
        title=text("treaties.table.title", lang),
        subtitle=text("treaties.table.subtitle", lang, members=UN_MEMBER_STATES),
        source=_source(data, lang),
        labels={
            "as_of": text("treaties.col.as_of", lang),
            "what": text("field.what", lang),
            "of_members": text("treaties.col.states", lang),
            "share": text("treaties.col.share", lang),
            "in_report": text("col.in_report", lang),
            "quote": _shared.quote_title(data, lang),
        },
        lang=lang,
        quotes=["quote"],
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the figures drawn with their quotes and locations, for speaker notes."""
    rows = _latest(data, lang).with_columns(
        pl.col("as_of").map_elements(lambda d: date_label(d, "day", lang), return_dtype=pl.String)
    )
    return _shared.notes(
        rows,
        figure="of_members",
        what="what",
        when="as_of",
        location="in_report",
        quote="quote",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return the latest figures as a native bar chart on an axis up to the 193 members."""
    rows = _bar_rows(data, lang)
    if rows.is_empty():
        return None
    palette = brand()["colours"]["palette"]
    return NativeChart(
        kind="bar",
        categories=tuple(rows["what"].to_list()),
        series=(Series(text("treaties.axis", lang), tuple(rows["value"].to_list()), palette[0]),),
        axis_title=text("treaties.axis", lang),
        axis_max=float(UN_MEMBER_STATES),
    )
