"""Weapons, weapon parts and ammunition collected, destroyed or disposed of."""

from __future__ import annotations

import polars as pl
from great_tables import GT

from analysis._memo import per_data
from analysis.labels import format_number, indicator_label, place_label
from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.theme import Framed, frame
from analysis.topics import _shared

CHART_ID = "weapons"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: The tables it reads (see analysis.topics.scoped).
READS = ("figures[own]", "activities", "sources")

#: The panels, one per unit, in drawing order (titles: ``weapons.panel.<unit>``).
_UNITS = ("weapons", "weapon_parts", "ammunition", "explosive_items", "kg", "tonnes")


def _panels(lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((unit, text(f"weapons.panel.{unit}", lang)) for unit in _UNITS)


def _figures(data: ProcessedData) -> pl.DataFrame:
    return _shared.placed(
        data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))
    )


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return quantities collected, destroyed or disposed of, by place and kind.

    Figures of every report are summed per place, indicator and unit.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of the reader-facing columns (place, kind, label, in_report).

    Returns
    -------
    pl.DataFrame
        subject (English, the key), place, iso3, indicator, kind, unit, value,
        qualifier, label (``"~100"``), n_figures, source_ids, locations (as printed),
        quotes, in_report; sorted by unit, then value descending.

    """
    figures = _shared.readable(data, _figures(data), lang)
    out = _shared.aggregate(figures, ["subject", "iso3", "indicator", "unit"], lang)
    unit_order = {u: i for i, u in enumerate(_UNITS)}
    kinds = {i: indicator_label(i, lang) for i in _shared.indicators_of(CHART_ID)}
    return (
        out.with_columns(
            pl.col("subject")
            .fill_null("")
            .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
            .alias("place"),
            pl.col("indicator").replace_strict(kinds, default=None).alias("kind"),
            pl.col("unit").replace_strict(unit_order, default=len(unit_order)).alias("_u"),
        )
        .sort(["_u", "value", "subject"], descending=[False, True, False])
        .select(
            "subject",
            "place",
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
            "in_report",
        )
    )


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart` (also carried by the chart)."""
    rows = table(data, lang=lang)
    if rows.is_empty():
        return text("weapons.alt.none", lang)
    parts = []
    for unit, title in _panels(lang):
        part = rows.filter(pl.col("unit") == unit)
        if part.is_empty():
            continue
        items = [
            text(
                "weapons.alt.item",
                lang,
                place=r["place"],
                n=r["label"],
                kind=_lower(r["kind"], lang),
            )
            for r in part.iter_rows(named=True)
        ]
        parts.append(
            text("alt.panel", lang, title=title, items=text("listing.sep_list", lang).join(items))
        )
    return text("weapons.alt", lang, panels=" ".join(parts))


def _lower(label: str, lang: str) -> str:
    return label.lower() if lang == "en" else label


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return bar panels of quantities collected, destroyed or disposed of.

    Parameters
    ----------
    data
        The processed tables.
    width, height
        Plot-area budget in pixels (defaults fit a 960 x 540 chart).
    lang
        ``en`` or ``zh``: every word of the chart.

    Returns
    -------
    Framed
        Framed chart (title, subtitle, source line, alt text).

    """
    w, h = _shared.size(width, height)
    rows = table(data, lang=lang)
    drawn = set(rows["indicator"].to_list())
    kinds = [indicator_label(i, lang) for i in _shared.indicators_of(CHART_ID) if i in drawn]
    body = _shared.bar_panels(
        rows,
        panels=_panels(lang),
        panel_col="unit",
        y="place",
        colour="kind",
        colour_scale=_shared.colour_scale(kinds),
        width=w,
        height=h,
        tooltip_titles=_shared.panel_tooltips(data, "place", "kind", lang),
    )
    weapons = rows.filter(pl.col("unit") == "weapons")
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("weapons.title", lang),
        subtitle=text(
            "weapons.subtitle",
            lang,
            total=format_number(weapons["value"].sum(), None, lang),
            places=weapons["subject"].n_unique(),
        ),
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = _shared.with_quote_language(data, table(data, lang=lang), "source_ids")
    return _shared.gt_table(
        rows,
        title=text("weapons.table.title", lang),
        subtitle=text("weapons.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "place": text("col.place", lang),
            "kind": text("field.what", lang),
            "label": text("col.quantity", lang),
            "in_report": text("col.in_report", lang),
        },
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the quantities drawn with their quotes and locations, for speaker notes."""
    return _shared.notes(
        table(data, lang=lang),
        figure="label",
        what="kind",
        where="place",
        location="in_report",
        quote="quotes",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return a native bar chart when one unit is drawn (one panel), else ``None``."""
    return _shared.panel_native(
        table(data, lang=lang),
        panel_col="unit",
        y="place",
        colour="kind",
    )
