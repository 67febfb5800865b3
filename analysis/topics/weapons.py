"""Weapons, weapon parts and ammunition collected, destroyed or disposed of."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import format_number, indicator_label
from analysis.processed import ProcessedData
from analysis.theme import frame
from analysis.topics import _shared

CHART_ID = "weapons"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False

_PANELS = (
    ("weapons", "Weapons"),
    ("weapon_parts", "Weapon parts"),
    ("ammunition", "Ammunition (rounds)"),
    ("explosive_items", "Explosive items"),
    ("kg", "Hazardous material (kg)"),
    ("tonnes", "Hazardous material (tonnes)"),
)


def table(data: ProcessedData) -> pl.DataFrame:
    """Return quantities collected, destroyed or disposed of, by place and kind.

    Figures of every report are summed per place, indicator and unit.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        subject, iso3, indicator, kind, unit, value, qualifier, label (``"~100"``),
        n_figures, source_ids, locations; sorted by unit, then value descending.

    """
    figures = data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))
    out = _shared.aggregate(figures, ["subject", "iso3", "indicator", "unit"])
    unit_order = {u: i for i, (u, _) in enumerate(_PANELS)}
    return (
        out.with_columns(
            pl.col("indicator")
            .replace_strict(
                {i: indicator_label(i) for i in _shared.indicators_of(CHART_ID)}, default=None
            )
            .alias("kind"),
            pl.col("unit").replace_strict(unit_order, default=len(unit_order)).alias("_u"),
        )
        .sort(["_u", "value", "subject"], descending=[False, True, False])
        .select(
            "subject",
            "iso3",
            "indicator",
            "kind",
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
    figures = data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))
    return _shared.source_for(data, _shared.figure_locations(data, figures))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart` (also carried by the chart)."""
    rows = table(data)
    if rows.is_empty():
        return "No weapons, parts or ammunition figures in the reports."
    parts = []
    for unit, title in _PANELS:
        part = rows.filter(pl.col("unit") == unit)
        if part.is_empty():
            continue
        items = [
            f"{r['subject']} {r['label']} {r['kind'].lower()}" for r in part.iter_rows(named=True)
        ]
        parts.append(f"{title}: " + "; ".join(items) + ".")
    return (
        "Horizontal bar charts, one panel per unit, of quantities the reports say were "
        "collected, destroyed or disposed of, by place. " + " ".join(parts)
    )


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return bar panels of quantities collected, destroyed or disposed of.

    Parameters
    ----------
    data
        The processed tables.
    width, height
        Plot-area budget in pixels (defaults fit a 960 x 540 chart).

    Returns
    -------
    alt.VConcatChart
        Framed chart (title, subtitle, source line, alt text).

    """
    w, h = _shared.size(width, height)
    rows = table(data)
    kinds = [
        indicator_label(i)
        for i in _shared.indicators_of(CHART_ID)
        if i in set(rows["indicator"].to_list())
    ]
    body = _shared.bar_panels(
        rows,
        panels=_PANELS,
        panel_col="unit",
        y="subject",
        colour="kind",
        colour_scale=_shared.colour_scale(kinds),
        width=w,
        height=h,
    )
    total = rows.filter(pl.col("unit") == "weapons")["value"].sum()
    return frame(
        body,
        chart_id=CHART_ID,
        title="Weapons, parts and ammunition taken out of circulation",
        subtitle=(
            f"{format_number(total)} weapons collected, destroyed or disposed of in "
            f"{rows.filter(pl.col('unit') == 'weapons')['subject'].n_unique()} places;"
            " each panel has its own scale"
        ),
        source=_source(data),
        description=describe(data),
        width=w,
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = table(data)
    return _shared.gt_table(
        rows,
        title="Weapons, parts and ammunition collected, destroyed or disposed of",
        subtitle="The latest reporting period; ~ approximately, + more than",
        source=_source(data),
        labels={
            "subject": "Place",
            "kind": "What",
            "label": "Quantity",
            "unit": "Unit",
            "locations": "Where in the report",
        },
    )
