"""Who did what: UN entity x annex category."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis._memo import per_data
from analysis.labels import category_codes, category_label, entity_label
from analysis.native_charts import NativeChart, Series
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.theme import Framed, category_scale, frame, marked
from analysis.topics import _shared

CHART_ID = "entities"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: The tables it reads (see analysis.topics.scoped).
READS = ("activities", "sources")


def _activities(data: ProcessedData) -> pl.DataFrame:
    return data.activities.filter((pl.col("kind") == "activity") & pl.col("category").is_not_null())


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return annex entries per UN entity group and category in the reports given.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of ``entity`` (``UNDP`` / ``开发署``).

    Returns
    -------
    pl.DataFrame
        entity_group (English abbreviation, the key), entity, one count column per
        category, total, places (distinct named places); sorted by total descending,
        then entity_group.

    """
    acts = _activities(data)
    counts = acts.group_by("entity_group", "category").agg(pl.len().cast(pl.Int64).alias("n"))
    wide = counts.pivot(on="category", index="entity_group", values="n")
    for cat in category_codes():
        if cat not in wide.columns:
            wide = wide.with_columns(pl.lit(0, dtype=pl.Int64).alias(cat))
    places = acts.group_by("entity_group").agg(
        pl.col("subject").drop_nulls().n_unique().cast(pl.Int64).alias("places")
    )
    return (
        wide.with_columns(pl.col(list(category_codes())).fill_null(0))
        .with_columns(pl.sum_horizontal(list(category_codes())).alias("total"))
        .join(places, on="entity_group", how="left")
        .with_columns(
            pl.col("entity_group")
            .map_elements(lambda e: entity_label(e, lang), return_dtype=pl.String)
            .alias("entity")
        )
        .select("entity_group", "entity", *category_codes(), "total", "places")
        .sort(["total", "entity_group"], descending=[True, False])
    )


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    return _shared.source_for(data, _shared.activity_locations(_activities(data)), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    wide = table(data, lang=lang)
    items = []
    for r in wide.iter_rows(named=True):
        split = text("listing.sep", lang).join(
            text("alt.item", lang, place=_lower(category_label(c, lang), lang), n=r[c])
            for c in category_codes()
            if r[c]
        )
        items.append(text("entities.alt.item", lang, entity=r["entity"], n=r["total"], split=split))
    return text("entities.alt", lang, items=text("listing.sep_list", lang).join(items))


def _lower(label: str, lang: str) -> str:
    return label.lower() if lang == "en" else label


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return stacked bars of annex entries per UN entity, coloured by category.

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
    wide = table(data, lang=lang)
    order = wide["entity"].to_list()
    y = alt.Y("entity:N", sort=order, title=None)
    totals = marked(alt.Chart(wide), "text", align="left", dx=4, fontWeight="bold").encode(
        y=y, x=alt.X("total:Q"), text=alt.Text("total:Q")
    )
    body = alt.LayerChart(layer=[_stacked_bars(wide, y, lang), totals], width=w, height=h)
    subtitle = text("entities.subtitle", lang, n=len(order))
    if wide.is_empty():
        body, subtitle = _shared.message_chart(text("annex.none", lang), w), ""
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("entities.title", lang),
        subtitle=subtitle,
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def _long(wide: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Return one row per entity and category: labelled ``category``, ``entries``, ``order``."""
    return wide.unpivot(
        on=list(category_codes()),
        index=["entity_group", "entity", "total"],
        variable_name="category",
        value_name="entries",
    ).with_columns(
        pl.col("category").map_elements(lambda c: category_label(c, lang), return_dtype=pl.String),
        pl.col("category")
        .replace_strict({c: i for i, c in enumerate(category_codes())})
        .alias("order"),
    )


def _stacked_bars(wide: pl.DataFrame, y: alt.Y, lang: str) -> alt.Chart:
    """Return each entity's bar stacked by category (in vocabulary order)."""
    long = _long(wide, lang)
    top = int(wide["total"].max() or 1)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "sum(entries):Q",
                title=text("col.entries", lang),
                scale={"domain": [0, top * 1.1], "nice": False},
            ),
            color=alt.Color("category:N", scale=category_scale(lang), title=None),
            order=alt.Order("order:Q"),
            tooltip=_shared.tooltip(
                long,
                [
                    ("entity", text("col.entity", lang)),
                    ("category", text("col.category", lang)),
                    ("entries", text("col.entries", lang)),
                ],
            ),
        )
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    labels = {"entity": text("col.entity", lang)}
    labels.update({c: category_label(c, lang) for c in category_codes()})
    labels.update({"total": text("col.total", lang), "places": text("col.places_named", lang)})
    return _shared.gt_table(
        table(data, lang=lang),
        title=text("entities.table.title", lang),
        subtitle=text("entities.table.subtitle", lang),
        source=_source(data, lang),
        labels=labels,
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return no rows: the chart draws counts of annex entries, which its alt text says."""
    return _shared.no_notes()


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return the entries per UN entity as a native stacked bar chart, one series a category."""
    wide = table(data, lang=lang)
    if wide.is_empty():
        return None
    scale = category_scale(lang)
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    series = [
        Series(
            category_label(c, lang),
            tuple(float(v) if v else None for v in wide[c]),
            str(colours[category_label(c, lang)]),
        )
        for c in category_codes()
        if wide[c].sum()
    ]
    return NativeChart(
        kind="stacked_bar",
        categories=tuple(wide["entity"].to_list()),
        series=tuple(series),
        axis_title=text("col.entries", lang),
    )
