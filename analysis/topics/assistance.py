"""Where the UN assisted: place x annex category (counts of annex entries)."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis._memo import per_data
from analysis.labels import category_codes, category_label, kind_label, place_label, short_place
from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.theme import Framed, brand, frame, marked
from analysis.topics import _shared

CHART_ID = "assistance"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: The tables it reads (see analysis.topics.scoped).
READS = ("activities", "sources")
#: Places drawn in the heatmap (the table has all of them).
TOP = 20


def _activities(data: ProcessedData) -> pl.DataFrame:
    return data.activities.filter(
        (pl.col("kind") == "activity")
        & pl.col("category").is_not_null()
        & pl.col("subject").is_not_null()
    )


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the number of annex entries per place and category in the reports given.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of ``place``.

    Returns
    -------
    pl.DataFrame
        One row per place: subject (English, the key), place, subject_kind, iso3, one
        count column per annex category (legislation_procedures, stockpile_management,
        training_awareness, other) and total; sorted by total descending, then subject.

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
        .with_columns(
            pl.sum_horizontal(list(category_codes())).alias("total"),
            pl.col("subject")
            .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
            .alias("place"),
        )
        .select("subject", "place", "subject_kind", "iso3", *category_codes(), "total")
        .sort(["total", "subject"], descending=[True, False])
    )


def _long(data: ProcessedData, lang: str) -> pl.DataFrame:
    wide = (
        table(data, lang=lang)
        .head(TOP)
        .with_columns(
            pl.col("subject")
            .map_elements(lambda s: short_place(s, lang=lang), return_dtype=pl.String)
            .alias("place")
        )
    )
    return wide.unpivot(
        on=list(category_codes()),
        index=["place", "total"],
        variable_name="category",
        value_name="entries",
    ).with_columns(
        pl.col("category").map_elements(lambda c: category_label(c, lang), return_dtype=pl.String)
    )


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    return _shared.source_for(data, _shared.activity_locations(_activities(data)), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    wide = table(data, lang=lang)
    if wide.is_empty():
        return text("assistance.alt.none", lang)
    sep = text("listing.sep", lang)
    items = [
        text("alt.count", lang, name=r["place"], n=r["total"])
        for r in wide.head(5).iter_rows(named=True)
    ]
    per_cat = [
        text("alt.item", lang, place=category_label(c, lang), n=int(wide[c].sum()))
        for c in category_codes()
    ]
    return text(
        "assistance.alt",
        lang,
        drawn=min(TOP, wide.height),
        places=wide.height,
        top=sep.join(items),
        per_type=sep.join(per_cat),
    )


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return a heatmap of annex entries: place x category.

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
    rows = _long(data, lang)
    order = rows.unique("place", maintain_order=True)["place"].to_list()
    places = table(data, lang=lang).height
    subtitle = text("assistance.subtitle", lang, drawn=len(order), places=places)
    if rows.is_empty():
        body = _shared.message_chart(text("annex.none", lang), w)
        subtitle = ""
    else:
        body = _heatmap(rows, order, lang).properties(
            width=min(w, 520), height=max(h, 14 * len(order))
        )
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("assistance.title", lang),
        subtitle=subtitle,
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def _heatmap(rows: pl.DataFrame, order: list[str], lang: str) -> alt.LayerChart:
    """Return the place x category cells, shaded and labelled with their entries."""
    top = max(int(rows["entries"].max() or 1), 1)
    base = _grid(rows, order, lang)
    return _shaded_cells(base, rows, top, lang) + _cell_counts(base, top)


def _grid(rows: pl.DataFrame, order: list[str], lang: str) -> alt.Chart:
    """Return the chart with categories across (in vocabulary order) and places down."""
    cats = [category_label(c, lang) for c in category_codes()]
    return alt.Chart(rows).encode(
        x=alt.X(
            "category:N",
            sort=cats,
            title=None,
            axis={
                "domain": False,
                "grid": False,
                "labelAngle": 0,
                "labelExpr": "split(datum.label, ' ')"
                if lang == "en"
                else "split(datum.label, '/')",
                "orient": "bottom",
                "ticks": False,
            },
        ),
        y=alt.Y("place:N", sort=order, title=None, axis={"domain": False, "ticks": False}),
    )


def _shaded_cells(base: alt.Chart, rows: pl.DataFrame, top: int, lang: str) -> alt.Chart:
    """Return the cells on a sequential scale up to ``top`` (empty cells grey)."""
    return marked(base, "rect", stroke="white", strokeWidth=1.5).encode(
        tooltip=_shared.tooltip(
            rows,
            [
                ("place", text("col.place", lang)),
                ("category", text("col.category", lang)),
                ("entries", text("col.entries", lang)),
            ],
        ),
        color=alt.ColorValue(
            brand()["colours"]["no_data"],
            condition={
                "test": "datum.entries > 0",
                "field": "entries",
                "type": "quantitative",
                "title": text("col.entries", lang),
                "scale": {"domain": [0, top], "scheme": brand()["colours"]["sequential"]},
                "legend": {
                    "format": "d",
                    "gradientLength": 160,
                    "values": list(range(0, top + 1, max(1, top // 4))),
                },
            },
        ),
    )


def _cell_counts(base: alt.Chart, top: int) -> alt.Chart:
    """Return the count in each non-empty cell, white on the darker half of the scale."""
    return marked(base, "text", fontSize=brand()["sizes"]["mark_label"] - 1).encode(
        text=alt.TextValue(
            "", condition={"test": "datum.entries > 0", "field": "entries", "type": "quantitative"}
        ),
        color=alt.ColorValue(
            brand()["colours"]["text"],
            condition={"test": f"datum.entries > {top / 2}", "value": "white"},
        ),
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    labels = {"place": text("col.place", lang), "subject_kind": text("col.kind", lang)}
    labels.update({c: category_label(c, lang) for c in category_codes()})
    labels["total"] = text("col.total", lang)
    rows = table(data, lang=lang).with_columns(
        pl.col("subject_kind").map_elements(lambda k: kind_label(k, lang), return_dtype=pl.String)
    )
    return _shared.gt_table(
        rows,
        title=text("assistance.table.title", lang),
        subtitle=text("assistance.table.subtitle", lang),
        source=_source(data, lang),
        labels=labels,
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return no rows: the chart draws counts of annex entries, which its alt text says."""
    return _shared.no_notes()


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return ``None``: not a bar or line chart (the picture stays)."""
    return None
