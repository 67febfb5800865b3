"""Trends: each tracked measure across reporting periods, when two or more state it."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis import series
from analysis._memo import per_data
from analysis.labels import (
    citation,
    date_label,
    period_label,
    place_label,
    short_place,
    signed_change,
    wrap_text,
)
from analysis.native_charts import NativeChart, Series
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.strings import text
from analysis.theme import Framed, brand, frame, marked
from analysis.topics import _shared

CHART_ID = "trends"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True
#: The tables it reads (see analysis.topics.scoped).
READS = ("figures", "assignments", "activities", "sources")
#: At most this many series are drawn (those that changed most first); the table has all.
MAX_SERIES = 9
#: Up to this many reporting periods, every point has its value written above it; with
#: more, the first and the last of each series only (the others would run together).
_ALL_LABELLED = 5
#: Width in pixels of a Latin character of a panel's title (12 px, bold), for wrapping.
_TITLE_CHAR_PX = 7
#: The lowest a panel's plot is drawn (pixels): room for two axis labels and the values
#: above the points. Panels take a third of the height they are given, down to this, so
#: that a slide (:func:`analysis.charts.fitted_spec`) shrinks three rows of them little;
#: below one and a half times this height the value axis names fewer values.
_MIN_PANEL_HEIGHT = 56


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return every tracked series and subject stated in two or more reporting periods.

    One row per reporting period from the first to the last statement; a period whose
    report is silent has a null value (a gap, never a zero). Values are never summed
    across periods (:func:`analysis.series.trends`).

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of what, place, label and note.

    Returns
    -------
    pl.DataFrame
        series, what (label), subject, subject_label (English), place, unit,
        period_start, period_end, source_id, value, qualifier, label (``"100+"``, empty
        in a gap), locations, quote, note.
    """
    return series.trends(data, lang).select(
        "series",
        pl.col("label").alias("what"),
        "subject",
        "subject_label",
        pl.col("subject_label")
        .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
        .alias("place"),
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


def statement(data: ProcessedData, *, lang: str = "en") -> str:
    """Return plain sentences on the periods covered and what changed most since the previous.

    Parameters
    ----------
    data
        The processed tables.
    lang
        ``en`` or ``zh``.

    Returns
    -------
    str
        With one reporting period: that no trend can be drawn yet. With several: the
        latest period, how many tracked series changed, and the largest change.
    """
    known = series.periods(data.sources)
    if known.is_empty():
        return text("trends.none", lang)
    first, last = known.row(0, named=True), known.row(-1, named=True)
    if known.height == 1:
        source = data.sources.filter(pl.col("source_id") == first["source_id"]).row(0, named=True)
        return text(
            "trends.single",
            lang,
            citation=citation(source, lang),
            period=period_label(first["period_start"], first["period_end"], lang),
        )
    return _comparison(data, known.height, (first, last), lang)


def _comparison(data: ProcessedData, n: int, ends: tuple[dict, dict], lang: str) -> str:
    first, last = ends
    rows = series.changes(data, lang)
    counts = {s: rows.filter(pl.col("status") == s).height for s in ("changed", "new")}
    said = text(
        "trends.comparison",
        lang,
        n=n,
        span=period_label(first["period_start"], last["period_end"], lang),
        latest=period_label(last["period_start"], last["period_end"], lang),
        changed=counts["changed"],
        new=counts["new"],
        quiet=rows.filter(pl.col("status") == "not restated").height,
        untracked=series.untracked(data),
    )
    biggest = _largest_change(rows, lang)
    return said + (text("trends.largest", lang, change=biggest) if biggest else "")


def _largest_change(rows: pl.DataFrame, lang: str) -> str:
    changed = rows.filter(pl.col("status") == "changed")
    if changed.is_empty():
        return ""
    ratio = (pl.col("change") / pl.col("old_value").abs().clip(1)).abs()
    r = changed.with_columns(ratio.alias("_r")).sort("_r", descending=True).row(0, named=True)
    per_place = {s.series for s in vocabulary().series if s.subject == "place"}
    key = "trends.change.where" if r["series"] in per_place else "trends.change"
    return text(
        key,
        lang,
        what=r["label"],
        where=place_label(r["subject_label"], lang),
        old=r["old_shown"],
        new=r["new_shown"],
        change=signed_change(r["change"], r["unit"], lang),
    )


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    drawn = series.trends(data)["figure_ids"].drop_nulls().str.split(";").explode()
    figures = data.figures.filter(pl.col("figure_id").is_in(drawn.implode()))
    return _shared.source_for(data, _shared.figure_locations(data, figures), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`, generated from the data."""
    rows = table(data, lang=lang)
    if rows.is_empty():
        return statement(data, lang=lang)
    gap = text("series.note.gap", lang)
    parts = []
    for (what, place), one in rows.group_by(["what", "place"], maintain_order=True):
        steps = text("listing.sep", lang).join(
            text("alt.count", lang, name=label or gap, n=date_label(end, "year", lang))
            for label, end in zip(one["label"], one["period_end"], strict=True)
        )
        parts.append(text("trends.alt.item", lang, what=what, place=place, steps=steps))
    return text("trends.alt", lang, items=text("listing.sep_list", lang).join(parts))


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return small multiples, one per indicator and subject, across reporting periods."""
    w, h = _shared.size(width, height)
    rows = _drawn(table(data, lang=lang), lang)
    if rows.is_empty():
        body = _shared.message_chart(statement(data, lang=lang), w)
    else:
        n = rows["series"].n_unique()
        columns = min(3, n)
        rows = _labelled(rows).with_columns(
            pl.col("series")
            .map_elements(
                lambda name: _panel_title(name, w // columns, lang), return_dtype=pl.String
            )
            .alias("panel")
        )
        panel_height = max(_MIN_PANEL_HEIGHT, h // 3)
        base = alt.Chart(rows).encode(
            x=alt.X(
                "period:O",
                title=None,
                sort=None,
                scale={"padding": 0.3},
                axis={"labelAngle": 0, "values": _ticks(rows)},
            ),
            y=alt.Y(
                "value:Q",
                title=None,
                scale={"zero": True},
                axis={
                    "format": text("trends.axis_format", lang),
                    "tickCount": 3 if 2 * panel_height >= 3 * _MIN_PANEL_HEIGHT else 2,
                    "labelExpr": "datum.value == 0 ? '0' : datum.label",
                },
            ),
            tooltip=_shared.tooltip(
                rows,
                [
                    ("series", text("trends.col.series", lang)),
                    ("period", text("col.period", lang)),
                    ("label", text("field.value", lang)),
                    ("source_id", text("col.report", lang)),
                    ("locations", text("field.as_printed", lang)),
                    ("quote", _shared.quote_title(data, lang)),
                    ("note", text("col.note", lang)),
                ],
            ),
        )
        line = marked(base, "line", point=True, invalid="break-paths-show-domains")
        values = _value_labels(base, rows)
        body = (
            alt.layer(line, *values)
            .properties(width=max(150, w // columns - 60), height=panel_height)
            .facet(
                facet=alt.Facet(
                    "panel:N",
                    title=None,
                    sort=None,
                    header=alt.Header(
                        labelLimit=w // columns,
                        labelFontSize=12,
                        labelExpr="split(datum.label, '\\n')",
                    ),
                ),
                columns=columns,
            )
            .resolve_scale(y="independent")
        )
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("trends.title", lang),
        subtitle=text("trends.subtitle", lang),
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def _panel_title(series: str, width_px: int, lang: str) -> str:
    """Return a panel's title as lines joined by a line break: the measure, then the place.

    Each wrapped to the panel's width rather than cut short.
    """
    chars = max(12, width_px // _TITLE_CHAR_PX)
    parts = series.split(text("trends.dash", lang))
    return "\n".join(line for part in parts for line in wrap_text(part, chars))


def _periods(rows: pl.DataFrame) -> list[str]:
    """Return the periods drawn, oldest first."""
    return rows.sort("period_end")["period"].unique(maintain_order=True).to_list()


def _ticks(rows: pl.DataFrame) -> list[str]:
    """Return the periods the axis names: all while few, else four, ends included."""
    periods = _periods(rows)
    if len(periods) <= _ALL_LABELLED:
        return periods
    last = len(periods) - 1
    return [periods[round(k * last / 3)] for k in range(4)]


def _value_labels(base: alt.Chart, rows: pl.DataFrame) -> list[alt.Chart]:
    """Return the layers of the values written above the points.

    Those of the first period start at their point and those of the last end at it,
    off the axis and the next panel; the others are centred.
    """
    periods = _periods(rows)
    first, last = periods[0], periods[-1]
    labels = []
    for align, keep in (
        ("left", alt.datum.period == first),
        ("right", alt.datum.period == last),
        ("center", (alt.datum.period != first) & (alt.datum.period != last)),
    ):
        if len(periods) == 1 and align != "left":
            continue
        dx = {"left": -6, "right": 6, "center": 0}[align]
        label = marked(base, "text", align=align, dx=dx, dy=-10, fontWeight="bold")
        labels.append(label.transform_filter(keep).encode(text=alt.Text("shown_label:N")))
    return labels


def _labelled(rows: pl.DataFrame) -> pl.DataFrame:
    """Return ``rows`` with ``shown_label``: the value written above its point, or empty.

    Every value while the periods are few (:data:`_ALL_LABELLED`), else the first and
    the last value of each series.
    """
    if rows["period"].n_unique() <= _ALL_LABELLED:
        return rows.with_columns(pl.col("label").alias("shown_label"))
    stated = pl.col("value").is_not_null()
    order = pl.when(stated).then(pl.col("period_end"))
    ends = (pl.col("period_end") == order.min().over("series")) | (
        pl.col("period_end") == order.max().over("series")
    )
    return rows.with_columns(
        pl.when(stated & ends).then(pl.col("label")).otherwise(pl.lit("")).alias("shown_label")
    )


def _drawn(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Return the series drawn: those that changed most (relative to the first value) first."""
    if rows.is_empty():
        return rows.with_columns(pl.lit("").alias("series"), pl.lit("").alias("period"))
    subject = pl.col("subject_label").map_elements(
        lambda s: short_place(s, lang=lang), return_dtype=pl.String
    )
    per_place = [s.series for s in vocabulary().series if s.subject == "place"]
    named = rows.with_columns(
        pl.when(pl.col("series").is_in(per_place))
        .then(pl.concat_str(pl.col("what"), pl.lit(text("trends.dash", lang)), subject))
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


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = table(data, lang=lang)
    rows = rows.with_columns(
        pl.Series(
            "period_end",
            [date_label(d, "month", lang) for d in rows["period_end"]],
            dtype=pl.String,
        )
    )
    return _shared.gt_table(
        rows,
        title=text("trends.table.title", lang),
        subtitle=text("trends.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "what": text("trends.col.measure", lang),
            "place": text("trends.col.subject", lang),
            "period_end": text("trends.col.period_end", lang),
            "label": text("field.value", lang),
            "source_id": text("col.report", lang),
            "note": text("col.note", lang),
        },
        lang=lang,
    )


def changes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the tracked measures changed, new or not restated since the previous period.

    Returns
    -------
    pl.DataFrame
        status (code), status_label, what, subject, old, new, change (formatted for a
        reader), old_quote, new_quote; unchanged measures left out; empty with a single
        reporting period.
    """
    rows = series.changes(data, lang).filter(pl.col("status") != "unchanged")
    return rows.select(
        "status",
        pl.col("status")
        .map_elements(
            lambda s: text("trends.status." + s.replace(" ", "_"), lang), return_dtype=pl.String
        )
        .alias("status_label"),
        pl.col("label").alias("what"),
        pl.col("subject_label")
        .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
        .alias("subject"),
        pl.col("old_shown").fill_null("").alias("old"),
        pl.col("new_shown").fill_null("").alias("new"),
        pl.struct("change", "unit")
        .map_elements(lambda r: signed_change(r["change"], r["unit"], lang), return_dtype=pl.String)
        .alias("change"),
        pl.col("old_quote").fill_null(""),
        pl.col("new_quote").fill_null(""),
    )


def changes_gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return :func:`changes` as a house-styled table (a note when there is one period)."""
    known = series.periods(data.sources)
    rows = changes(data, lang=lang)
    if known.height < 2:
        subtitle = text("trends.changes.single", lang)
    else:
        old, new = known.row(-2, named=True), known.row(-1, named=True)
        subtitle = text(
            "trends.changes.subtitle",
            lang,
            new=period_label(new["period_start"], new["period_end"], lang),
            new_id=new["source_id"],
            old=period_label(old["period_start"], old["period_end"], lang),
            old_id=old["source_id"],
            untracked=series.untracked(data),
        )
    ids = known.tail(2)["source_id"].to_list()
    figures = data.figures.filter(pl.col("source_id").is_in(ids))
    return _shared.gt_table(
        rows,
        title=text("trends.changes.title", lang),
        subtitle=subtitle,
        source=_shared.source_for(data, _shared.figure_locations(data, figures), lang),
        labels={
            "status_label": text("trends.col.status", lang),
            "what": text("trends.col.measure", lang),
            "subject": text("trends.col.subject", lang),
            "old": text("trends.col.previous", lang),
            "new": text("trends.col.latest", lang),
            "change": text("headlines.col.change", lang),
        },
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return every value drawn with its quote and location, for speaker notes."""
    rows = table(data, lang=lang).filter(pl.col("label") != "")
    periods = [
        period_label(start, end, lang)
        for start, end in zip(rows["period_start"], rows["period_end"], strict=True)
    ]
    return _shared.notes(
        rows.with_columns(pl.Series("period", periods, dtype=pl.String)),
        figure="label",
        what="what",
        where="place",
        when="period",
        location="locations",
        quote="quote",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return a native line chart when one series is drawn, else ``None``.

    Several series each have their own scale (small multiples): the picture stays.
    """
    rows = _drawn(table(data, lang=lang), lang)
    if rows.is_empty() or rows["series"].n_unique() != 1:
        return None
    return NativeChart(
        kind="line",
        categories=tuple(rows["period"].to_list()),
        series=(
            Series(
                rows["series"][0],
                tuple(rows["value"].to_list()),
                brand()["colours"]["palette"][0],
            ),
        ),
    )
