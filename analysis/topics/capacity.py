"""Capacity building: people trained, workshops and courses held."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import indicator_label, short_place
from analysis.processed import ProcessedData
from analysis.theme import frame
from analysis.topics import _shared

CHART_ID = "capacity"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False


def _figures(data: ProcessedData) -> pl.DataFrame:
    return data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))


def table(data: ProcessedData) -> pl.DataFrame:
    """Return people trained, workshops and courses per place, summed over the reports given.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        subject, indicator, what, unit, value, qualifier, label, n_figures, source_ids,
        locations; in indicator order, then value descending.

    """
    out = _shared.aggregate(
        _figures(data).with_columns(pl.col("subject").fill_null("(none)")),
        ["subject", "indicator", "unit"],
    )
    order = {i: n for n, i in enumerate(_shared.indicators_of(CHART_ID))}
    return (
        out.with_columns(
            pl.col("indicator")
            .replace_strict({i: indicator_label(i) for i in _shared.indicators_of(CHART_ID)})
            .alias("what"),
            pl.col("indicator").replace_strict(order).alias("_o"),
        )
        .sort(["_o", "value", "subject"], descending=[False, True, False])
        .select(
            "subject",
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
        )
    )


def _source(data: ProcessedData) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data)
    if rows.is_empty():
        return "No training figures in the reports."
    parts = []
    for ind in _shared.indicators_of(CHART_ID):
        part = rows.filter(pl.col("indicator") == ind)
        if part.height:
            parts.append(
                indicator_label(ind)
                + ": "
                + "; ".join(f"{r['subject']} {r['label']}" for r in part.iter_rows(named=True))
                + "."
            )
    return "Horizontal bar panels of capacity-building figures by place. " + " ".join(parts)


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return bar panels of people trained, convened, workshops and courses.

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
    rows = table(data).with_columns(
        pl.col("subject").map_elements(short_place, return_dtype=pl.String)
    )
    panels = [(i, indicator_label(i)) for i in _shared.indicators_of(CHART_ID)]
    present = [t for i, t in panels if i in set(rows["indicator"].to_list())]
    body = _shared.bar_panels(
        rows,
        panels=panels,
        panel_col="indicator",
        y="subject",
        colour="what",
        colour_scale=_shared.colour_scale(present),
        width=w,
        height=h,
    )
    trained = rows.filter(pl.col("indicator") == "people_trained")
    return frame(
        body,
        chart_id=CHART_ID,
        title="Capacity building",
        subtitle=(
            f"People trained in {trained.height} places; ~ approximately, "
            "+ more than; each panel has its own scale"
        ),
        source=_source(data),
        description=describe(data),
        width=w,
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    return _shared.gt_table(
        table(data),
        title="Capacity building",
        subtitle="The latest reporting period, summed over its places",
        source=_source(data),
        labels={
            "subject": "Place",
            "what": "What",
            "label": "Number",
            "locations": "Where in the report",
        },
    )
