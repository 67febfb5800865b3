"""Capacity building: people trained, workshops and courses held."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from great_tables import GT

from analysis._memo import per_data
from analysis.labels import indicator_label, place_label, short_place
from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.theme import Framed, frame
from analysis.topics import _shared

CHART_ID = "capacity"
#: The subject key of figures that name no place (shown as ``place.none``).
_NO_PLACE = "(none)"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: The tables it reads (see analysis.topics.scoped).
READS = ("figures[own]", "activities", "sources")


def _figures(data: ProcessedData) -> pl.DataFrame:
    return _shared.placed(
        data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))
    )


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return people trained, workshops and courses per place, summed over the reports given.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of the reader-facing columns (place, what, label, in_report).

    Returns
    -------
    pl.DataFrame
        subject (English, the key), place, indicator, what, unit, value, qualifier,
        label, n_figures, source_ids, locations (as printed), quotes, in_report; in
        indicator order, then value descending.

    """
    figures = _shared.readable(data, _figures(data), lang)
    out = _shared.aggregate(
        figures.with_columns(pl.col("subject").fill_null(_NO_PLACE)),
        ["subject", "indicator", "unit"],
        lang,
    )
    order = {i: n for n, i in enumerate(_shared.indicators_of(CHART_ID))}
    return (
        out.with_columns(
            _place_names(lambda s: place_label(s, lang), lang),
            pl.col("indicator")
            .replace_strict({i: indicator_label(i, lang) for i in _shared.indicators_of(CHART_ID)})
            .alias("what"),
            pl.col("indicator").replace_strict(order).alias("_o"),
        )
        .sort(["_o", "value", "subject"], descending=[False, True, False])
        .select(
            "subject",
            "place",
            "indicator",
            "what",
            "unit",
            "value",
            "qualifier",
            "label",
            "n_figures",
            "source_ids",
            "locations",
            "quotes",
            "in_report",
        )
    )


def _place_names(name_of: Callable[[str], str], lang: str) -> pl.Expr:
    """Return the ``place`` column: each subject named by ``name_of``, none as ``place.none``."""
    none = text("place.none", lang)
    return (
        pl.col("subject")
        .map_elements(lambda s: none if s == _NO_PLACE else name_of(s), return_dtype=pl.String)
        .alias("place")
    )


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data, lang=lang)
    if rows.is_empty():
        return text("capacity.alt.none", lang)
    parts = []
    for ind in _shared.indicators_of(CHART_ID):
        part = rows.filter(pl.col("indicator") == ind)
        if part.height:
            items = [
                text("alt.item", lang, place=r["place"], n=r["label"])
                for r in part.iter_rows(named=True)
            ]
            parts.append(
                text(
                    "alt.panel",
                    lang,
                    title=indicator_label(ind, lang),
                    items=text("listing.sep_list", lang).join(items),
                )
            )
    return text("capacity.alt", lang, panels=" ".join(parts))


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return bar panels of people trained, convened, workshops and courses.

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
    rows = table(data, lang=lang).with_columns(
        _place_names(lambda s: short_place(s, lang=lang), lang)
    )
    panels = [(i, indicator_label(i, lang)) for i in _shared.indicators_of(CHART_ID)]
    present = [t for i, t in panels if i in set(rows["indicator"].to_list())]
    body = _shared.bar_panels(
        rows,
        panels=panels,
        panel_col="indicator",
        y="place",
        colour="what",
        colour_scale=_shared.colour_scale(present),
        width=w,
        height=h,
        tooltip_titles=_shared.panel_tooltips(data, "place", "what", lang),
    )
    trained = rows.filter(pl.col("indicator") == "people_trained")
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("capacity.title", lang),
        subtitle=text("capacity.subtitle", lang, n=trained.height),
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    return _shared.gt_table(
        table(data, lang=lang),
        title=text("capacity.title", lang),
        subtitle=text("capacity.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "place": text("col.place", lang),
            "what": text("field.what", lang),
            "label": text("col.number", lang),
            "in_report": text("col.in_report", lang),
        },
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the figures drawn with their quotes and locations, for speaker notes."""
    return _shared.notes(
        table(data, lang=lang),
        figure="label",
        what="what",
        where="place",
        location="in_report",
        quote="quotes",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return a native bar chart when one measure is drawn (one panel), else ``None``."""
    return _shared.panel_native(
        table(data, lang=lang),
        panel_col="indicator",
        y="place",
        colour="what",
    )
