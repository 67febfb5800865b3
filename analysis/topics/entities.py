"""Who did what: UN entity x annex category."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import category_codes, category_label
from analysis.processed import ProcessedData
from analysis.theme import category_scale, frame
from analysis.topics import _shared

CHART_ID = "entities"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False


def _activities(data: ProcessedData) -> pl.DataFrame:
    return data.activities.filter((pl.col("kind") == "activity") & pl.col("category").is_not_null())


def table(data: ProcessedData) -> pl.DataFrame:
    """Return annex entries per UN entity group and category in the reports given.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        entity_group, one count column per category, total, places (distinct named
        places); sorted by total descending, then entity_group.

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
        .select("entity_group", *category_codes(), "total", "places")
        .sort(["total", "entity_group"], descending=[True, False])
    )


def _source(data: ProcessedData) -> str:
    return _shared.source_for(data, _shared.activity_locations(_activities(data)))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    wide = table(data)
    items = []
    for r in wide.iter_rows(named=True):
        split = ", ".join(f"{category_label(c).lower()} {r[c]}" for c in category_codes() if r[c])
        items.append(f"{r['entity_group']} {r['total']} ({split})")
    return (
        "Stacked horizontal bars of annex entries per UN entity, split by type of work: "
        + "; ".join(items)
        + "."
    )


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return stacked bars of annex entries per UN entity, coloured by category.

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
    wide = table(data)
    order = wide["entity_group"].to_list()
    y = alt.Y("entity_group:N", sort=order, title=None)
    totals = (
        alt.Chart(wide)
        .mark_text(align="left", dx=4, fontWeight="bold")
        .encode(y=y, x="total:Q", text="total:Q")
    )
    body = (_stacked_bars(wide, y) + totals).properties(width=w, height=h)
    return frame(
        body,
        chart_id=CHART_ID,
        title="Who did what: UN entities by type of work",
        subtitle=f"Annex entries of {len(order)} UN entity groups",
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _long(wide: pl.DataFrame) -> pl.DataFrame:
    """Return one row per entity and category: labelled ``category``, ``entries``, ``order``."""
    return wide.unpivot(
        on=list(category_codes()),
        index=["entity_group", "total"],
        variable_name="category",
        value_name="entries",
    ).with_columns(
        pl.col("category").map_elements(category_label, return_dtype=pl.String),
        pl.col("category")
        .replace_strict({c: i for i, c in enumerate(category_codes())})
        .alias("order"),
    )


def _stacked_bars(wide: pl.DataFrame, y: alt.Y) -> alt.Chart:
    """Return each entity's bar stacked by category (in vocabulary order)."""
    long = _long(wide)
    top = int(wide["total"].max() or 1)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "sum(entries):Q",
                title="Annex entries",
                scale=alt.Scale(domain=[0, top * 1.1], nice=False),
            ),
            color=alt.Color("category:N", scale=category_scale(), title=None),
            order=alt.Order("order:Q"),
            tooltip=_shared.tooltip(
                long,
                [
                    ("entity_group", "UN entity"),
                    ("category", "Category"),
                    ("entries", "Annex entries"),
                ],
            ),
        )
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    labels = {"entity_group": "UN entity"}
    labels.update({c: category_label(c) for c in category_codes()})
    labels.update({"total": "Total", "places": "Places named"})
    return _shared.gt_table(
        table(data),
        title="Who did what",
        subtitle="Annex entries per UN entity and type of work",
        source=_source(data),
        labels=labels,
    )
