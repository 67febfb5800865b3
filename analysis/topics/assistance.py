"""Where the UN assisted: place x annex category (counts of annex entries)."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import category_codes, category_label, short_place
from analysis.processed import ProcessedData
from analysis.theme import brand, frame
from analysis.topics import _shared

CHART_ID = "assistance"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: Places drawn in the heatmap (the table has all of them).
TOP = 20


def _activities(data: ProcessedData) -> pl.DataFrame:
    return data.activities.filter(
        (pl.col("kind") == "activity")
        & pl.col("category").is_not_null()
        & pl.col("subject").is_not_null()
    )


def table(data: ProcessedData) -> pl.DataFrame:
    """Return the number of annex entries per place and category in the reports given.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        One row per place: subject, subject_kind, iso3, one count column per annex
        category (legislation_procedures, stockpile_management, training_awareness,
        other) and total; sorted by total descending, then subject.

    """
    acts = _activities(data)
    counts = acts.group_by("subject", "subject_kind", "iso3", "category").agg(
        pl.len().cast(pl.Int64).alias("n")
    )
    wide = counts.pivot(on="category", index=["subject", "subject_kind", "iso3"], values="n")
    for cat in category_codes():
        if cat not in wide.columns:
            wide = wide.with_columns(pl.lit(0, dtype=pl.Int64).alias(cat))
    return (
        wide.with_columns(pl.col(list(category_codes())).fill_null(0))
        .with_columns(pl.sum_horizontal(list(category_codes())).alias("total"))
        .select("subject", "subject_kind", "iso3", *category_codes(), "total")
        .sort(["total", "subject"], descending=[True, False])
    )


def _long(data: ProcessedData) -> pl.DataFrame:
    wide = (
        table(data)
        .head(TOP)
        .with_columns(
            pl.col("subject").map_elements(short_place, return_dtype=pl.String).alias("place")
        )
    )
    return wide.unpivot(
        on=list(category_codes()),
        index=["place", "total"],
        variable_name="category",
        value_name="entries",
    ).with_columns(pl.col("category").map_elements(category_label, return_dtype=pl.String))


def _source(data: ProcessedData) -> str:
    return _shared.source_for(data, _shared.activity_locations(_activities(data)))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    wide = table(data)
    if wide.is_empty():
        return "No annex activities in the reports."
    top = wide.head(5)
    items = [f"{r['subject']} ({r['total']})" for r in top.iter_rows(named=True)]
    per_cat = {category_label(c): int(wide[c].sum()) for c in category_codes()}
    return (
        f"Heatmap of annex entries for the {min(TOP, wide.height)} places with most "
        f"entries, of {wide.height} places, by type of work. Most entries: "
        + ", ".join(items)
        + ". Entries per type: "
        + ", ".join(f"{k} {v}" for k, v in per_cat.items())
        + "."
    )


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return a heatmap of annex entries: place x category.

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
    rows = _long(data)
    order = rows.unique("place", maintain_order=True)["place"].to_list()
    places = table(data).height
    body = _heatmap(rows, order).properties(width=min(w, 520), height=max(h, 14 * len(order)))
    return frame(
        body,
        chart_id=CHART_ID,
        title="Where the UN assisted, by type of work",
        subtitle=(
            f"Annex entries per place; the {len(order)} places with most entries of "
            f"{places} named (regions and groups count once, as written)"
        ),
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _heatmap(rows: pl.DataFrame, order: list[str]) -> alt.LayerChart:
    """Return the place x category cells, shaded and labelled with their entries."""
    top = max(int(rows["entries"].max() or 1), 1)
    base = _grid(rows, order)
    return _shaded_cells(base, rows, top) + _cell_counts(base, top)


def _grid(rows: pl.DataFrame, order: list[str]) -> alt.Chart:
    """Return the chart with categories across (in vocabulary order) and places down."""
    cats = [category_label(c) for c in category_codes()]
    return alt.Chart(rows).encode(
        x=alt.X(
            "category:N",
            sort=cats,
            title=None,
            axis=alt.Axis(
                orient="bottom",
                labelAngle=0,
                labelExpr="split(datum.label, ' ')",
                domain=False,
                ticks=False,
                grid=False,
            ),
        ),
        y=alt.Y("place:N", sort=order, title=None, axis=alt.Axis(domain=False, ticks=False)),
    )


def _shaded_cells(base: alt.Chart, rows: pl.DataFrame, top: int) -> alt.Chart:
    """Return the cells on a sequential scale up to ``top`` (empty cells grey)."""
    return base.mark_rect(stroke="white", strokeWidth=1.5).encode(
        tooltip=_shared.tooltip(
            rows, [("place", "Place"), ("category", "Category"), ("entries", "Annex entries")]
        ),
        color=alt.condition(
            "datum.entries > 0",
            alt.Color(
                "entries:Q",
                title="Annex entries",
                scale=alt.Scale(scheme=brand()["colours"]["sequential"], domain=[0, top]),
                legend=alt.Legend(
                    values=list(range(0, top + 1, max(1, top // 4))), format="d", gradientLength=160
                ),
            ),
            alt.value(brand()["colours"]["no_data"]),
        ),
    )


def _cell_counts(base: alt.Chart, top: int) -> alt.Chart:
    """Return the count in each non-empty cell, white on the darker half of the scale."""
    return base.mark_text(fontSize=brand()["sizes"]["mark_label"] - 1).encode(
        text=alt.condition("datum.entries > 0", "entries:Q", alt.value("")),
        color=alt.condition(
            f"datum.entries > {top / 2}", alt.value("white"), alt.value(brand()["colours"]["text"])
        ),
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    labels = {"subject": "Place", "subject_kind": "Kind"}
    labels.update({c: category_label(c) for c in category_codes()})
    labels["total"] = "Total"
    return _shared.gt_table(
        table(data),
        title="Where the UN assisted",
        subtitle="Annex entries per place and type of work",
        source=_source(data),
        labels=labels,
    )
