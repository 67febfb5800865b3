"""Timeline of dated events in the reporting period."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl
from great_tables import GT

from analysis._memo import per_data
from analysis.labels import date_label, place_label, short_place
from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.strings import text
from analysis.text_width import display_width
from analysis.theme import Framed, frame, marked
from analysis.topics import _shared

CHART_ID = "timeline"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: The tables it reads (see analysis.topics.scoped).
READS = ("events", "activities", "sources")


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return every dated event, flagged when it falls in its report's period.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of when, event (its type), about, in_report and label.

    Returns
    -------
    pl.DataFrame
        source_id, date_start, date_end, date_precision, when (label), event_type
        (code), event, subject (English), about, entity, location (as printed),
        in_report, in_period, label (axis label), quote; sorted by date_start, then
        location.

    """
    periods = data.sources.select(
        "source_id",
        pl.col("period_start").cast(pl.Date).alias("_ps"),
        pl.col("period_end").cast(pl.Date).alias("_pe"),
    )
    ev = (
        _shared.readable(data, data.events, lang)
        .with_columns(pl.col("date_start").cast(pl.Date), pl.col("date_end").cast(pl.Date))
        .join(periods, on="source_id", how="left")
    )
    when = [
        date_label(d, p, lang)
        for d, p in zip(ev["date_start"].to_list(), ev["date_precision"].to_list(), strict=True)
    ]
    kinds = _event_labels(lang)
    what = [
        text("timeline.what", lang, kind=kinds.get(kind, kind), about=short_place(s, 30, lang=lang))
        if s
        else text("timeline.what.where", lang, kind=kinds.get(kind, kind), where=_where(loc, lang))
        for kind, s, loc in zip(
            ev["event_type"].to_list(),
            ev["subject"].to_list(),
            ev["in_report"].to_list(),
            strict=True,
        )
    ]
    ev = ev.with_columns(
        pl.Series("when", when, dtype=pl.String),
        pl.Series("_what", what, dtype=pl.String),
        pl.col("event_type").replace_strict(kinds, default=pl.col("event_type")).alias("event"),
        pl.col("subject")
        .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
        .alias("about"),
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
            "event",
            "subject",
            "about",
            "entity",
            "location",
            "in_report",
            "in_period",
            "label",
            "quote",
        )
    )


def _event_labels(lang: str) -> dict[str, str]:
    """Return event type -> its label in ``lang`` (``data/reference/event_types.csv``)."""
    zh = lang == "zh"
    return {t.event_type: t.label_zh if zh else t.label_en for t in vocabulary().event_types}


def _where(in_report: str, lang: str) -> str:
    """Return the short 'where' of an event about no place: ``para 5``, or the annex entity."""
    return in_report.split("（" if lang == "zh" else " (")[0]


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    rows = data.activities.select("activity_id", "annex_row").unique("activity_id")
    ev = data.events.with_columns(
        pl.col("event_id").str.replace(r"/event-\d+$", "").alias("activity_id")
    ).join(rows, on="activity_id", how="left")
    return _shared.source_for(
        data,
        ev.select(
            "source_id",
            "location",
            pl.col("annex_row").cast(pl.Int64),
            pl.col("subject").alias("place"),
        ),
        lang,
    )


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data, lang=lang).filter("in_period")
    if rows.is_empty():
        return text("timeline.alt.none", lang)
    return text(
        "timeline.alt",
        lang,
        n=rows.height,
        items=text("listing.sep_list", lang).join(rows["label"].to_list()),
    )


def _time_domain(data: ProcessedData, shown: pl.DataFrame) -> list[dict[str, int]] | None:
    """Return the ends of the time axis: the reporting period, widened to the events drawn.

    Not the events' own span: one event of one day would fill the width, with no month
    on the axis to place it. None (the events' span) when nothing is dated.
    """
    periods = data.sources.select(pl.col("period_start", "period_end").cast(pl.Date))
    starts = [*periods["period_start"].drop_nulls(), *shown["date_start"].drop_nulls()]
    ends = [
        *(day + dt.timedelta(days=1) for day in periods["period_end"].drop_nulls()),
        *shown["end"].drop_nulls(),
    ]
    if not starts or not ends:
        return None
    return [{"year": d.year, "month": d.month, "date": d.day} for d in (min(starts), max(ends))]


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return a timeline (one row per event, bars for date ranges) of the period.

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
    rows = table(data, lang=lang)
    shown = rows.filter("in_period").with_columns(
        (pl.col("date_end") + pl.duration(days=1)).alias("end")
    )
    order = shown["label"].to_list()
    kinds = _event_labels(lang)
    types = [kinds.get(e, e) for e in sorted(set(shown["event_type"].to_list()))]
    y = alt.Y("label:N", sort=order, title=None, axis={"labelLimit": 420})
    colour = alt.Color(
        "event:N", scale=_shared.colour_scale(types), title=None, legend={"columns": 3}
    )
    span = marked(alt.Chart(shown), "bar", height=10, cornerRadius=2, opacity=0.6).encode(
        y=y,
        x=alt.X(
            "date_start:T",
            title=None,
            scale={"domain": domain} if (domain := _time_domain(data, shown)) else {},
            axis={"format": text("timeline.axis_format", lang), "tickCount": "month"},
        ),
        x2=alt.X2("end:T"),
        color=colour,
        tooltip=_shared.tooltip(
            shown,
            [
                ("when", text("timeline.col.when", lang)),
                ("event", text("field.what", lang)),
                ("about", text("timeline.col.about", lang)),
                ("in_report", text("field.source", lang)),
                ("location", text("field.as_printed", lang)),
                ("quote", _shared.quote_title(data, lang)),
            ],
        ),
    )
    point = marked(alt.Chart(shown), "point", size=60).encode(
        y=y, x=alt.X("date_start:T"), color=colour
    )
    labels_px = 8 + 7 * max((display_width(x) for x in order), default=10)
    plot_w = max(240, w - labels_px)
    body = alt.LayerChart(layer=[span, point], width=plot_w, height=max(h, 16 * len(order)))
    if shown.is_empty():
        plot_w = w
        body = _shared.message_chart(text("timeline.none", lang), w)
    outside = rows.height - shown.height
    subtitle = text("timeline.subtitle", lang, n=shown.height)
    if outside:
        subtitle += text("timeline.subtitle.outside", lang, n=outside)
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("timeline.title", lang),
        subtitle=subtitle,
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=plot_w,
        lang=lang,
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    yes_no = {True: text("yes", lang), False: text("no", lang)}
    rows = _shared.with_quote_language(data, table(data, lang=lang)).with_columns(
        pl.col("in_period").replace_strict(yes_no, return_dtype=pl.String)
    )
    return _shared.gt_table(
        rows,
        title=text("timeline.table.title", lang),
        subtitle=text("timeline.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "when": text("timeline.col.when", lang),
            "event": text("timeline.col.event", lang),
            "about": text("timeline.col.about", lang),
            "in_report": text("col.in_report", lang),
            "in_period": text("timeline.col.in_period", lang),
            "quote": _shared.quote_title(data, lang),
        },
        lang=lang,
        quotes=["quote"],
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the dated events drawn with their quotes and locations, for speaker notes."""
    return _shared.notes(
        table(data, lang=lang).filter(pl.col("in_period")),
        figure="when",
        what="event",
        where="about",
        location="in_report",
        quote="quote",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return ``None``: a timeline is not a bar or line chart (the picture stays)."""
    return None
