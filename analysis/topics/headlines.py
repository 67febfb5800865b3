"""Headline figures: the numbers an analyst quotes first, chosen by rule."""

from __future__ import annotations

import textwrap

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import combine_qualifiers, indicator_label, qualified_label
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.theme import brand, frame
from analysis.topics import _shared

CHART_ID = "headlines"
#: At most this many headlines are shown (``headline_rank`` in indicators.csv orders them).
MAX = 10


def _priority() -> list[str]:
    ranked = [i for i in vocabulary().indicators if i.headline_rank is not None]
    return [i.indicator for i in sorted(ranked, key=lambda i: i.headline_rank or 0)]


def _headline(indicator: str, figs: pl.DataFrame) -> dict:
    """Return one headline from the figures of one indicator."""
    stock = vocabulary().indicator(indicator).kind == "stock"
    if stock:
        latest = figs.sort(["source_id", "value"]).tail(1)
        figs = latest
    value = float(figs["value"].sum())
    qualifier = combine_qualifiers(figs["qualifier"].to_list())
    unit = figs["unit"][0]
    places = sorted(set(figs["subject"].drop_nulls().to_list()))
    where = ""
    if (
        not stock
        and figs["iso3"].drop_nulls().len()
        + figs.filter(pl.col("subject_kind").is_in(["region", "group", "area"])).height
    ):
        where = places[0] if len(places) == 1 else f"{len(places)} places"
    return {
        "indicator": indicator,
        "what": indicator_label(indicator),
        "value": value,
        "qualifier": qualifier,
        "unit": unit,
        "shown": qualified_label(value, qualifier, unit),
        "where": where,
        "n_figures": figs.height,
        "source_ids": ";".join(sorted(set(figs["source_id"].to_list()))),
        "locations": "; ".join(dict.fromkeys(figs["location"].to_list())),
        "quote": " … ".join(dict.fromkeys(figs["quote"].to_list())),
    }


def table(data: ProcessedData) -> pl.DataFrame:
    """Return up to ``MAX`` headline figures, one per indicator, in priority order.

    Quantities of the same indicator are summed over places and reports; stock
    indicators (treaty membership, countries affected) take the latest report.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        rank, indicator, what, value, qualifier, unit, shown (``"100+"``), where,
        n_figures, source_ids, citation, locations, quote.

    """
    figs = data.figures.unique(
        ["source_id", "location", "indicator", "value", "subject"], maintain_order=True
    )
    rows = _headline_rows(figs)
    out = pl.DataFrame(rows, schema=_SCHEMA, orient="row") if rows else pl.DataFrame(schema=_SCHEMA)
    return _ranked_and_cited(out, data.sources)


#: Columns of a headline as :func:`_headline` returns it.
_SCHEMA = {
    "indicator": pl.String,
    "what": pl.String,
    "value": pl.Float64,
    "qualifier": pl.String,
    "unit": pl.String,
    "shown": pl.String,
    "where": pl.String,
    "n_figures": pl.Int64,
    "source_ids": pl.String,
    "locations": pl.String,
    "quote": pl.String,
}
#: Columns of :func:`table`, in order.
_COLUMNS = (
    "rank",
    "indicator",
    "what",
    "value",
    "qualifier",
    "unit",
    "shown",
    "where",
    "n_figures",
    "source_ids",
    "citation",
    "locations",
    "quote",
)


def _headline_rows(figs: pl.DataFrame) -> list[dict]:
    """Return one headline per indicator with figures, in priority order, at most ``MAX``."""
    rows = []
    for indicator in _priority():
        part = figs.filter(pl.col("indicator") == indicator)
        if part.height:
            rows.append(_headline(indicator, part))
        if len(rows) == MAX:
            break
    return rows


def _ranked_and_cited(headlines: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Return ``headlines`` numbered from 1 (``rank``) with the reports' ``citation``."""
    citations = dict(sources.select("source_id", "citation").iter_rows())
    return (
        headlines.with_row_index("rank", offset=1)
        .with_columns(
            pl.col("rank").cast(pl.Int64),
            pl.col("source_ids")
            .map_elements(
                lambda s: "; ".join(citations.get(i, i) for i in s.split(";")),
                return_dtype=pl.String,
            )
            .alias("citation"),
        )
        .select(*_COLUMNS)
    )


def _source(data: ProcessedData) -> str:
    rows = table(data)
    figs = data.figures.filter(pl.col("indicator").is_in(rows["indicator"].to_list()))
    return _shared.source_for(data, _shared.figure_locations(data, figs))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data)
    items = [
        f"{r['shown']} {r['what'].lower()}" + (f" ({r['where']})" if r["where"] else "")
        for r in rows.iter_rows(named=True)
    ]
    return f"{len(items)} headline figures: " + "; ".join(items) + "."


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return the headline figures as a grid of big numbers with their labels.

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
    cards = _cards(table(data), w)
    body = (_big_numbers(cards) + _captions(cards)).properties(width=w, height=h)
    return frame(
        body,
        chart_id=CHART_ID,
        title="Headline figures",
        subtitle="Chosen by rule from the reports; ~ approximately, + more than",
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _cards(rows: pl.DataFrame, width: int) -> pl.DataFrame:
    """Return the headlines placed on a grid (``col``, ``row``) with short numbers.

    ``caption`` is what and where, wrapped to the card's width (at most four lines).
    """
    columns = 5 if rows.height > 8 else 4
    chars = max(12, int(width / columns / (brand()["sizes"]["headline_label"] * 0.55)))
    return rows.with_columns(
        ((pl.col("rank") - 1) % columns).alias("col"),
        pl.col("shown").str.replace(r" million$", "m").str.replace(r" billion$", "bn"),
        ((pl.col("rank") - 1) // columns).alias("row"),
        pl.struct("what", "where")
        .map_elements(
            lambda r: textwrap.wrap(r["what"] + (f" — {r['where']}" if r["where"] else ""), chars)[
                :4
            ],
            return_dtype=pl.List(pl.String),
        )
        .alias("caption"),
    )


def _grid() -> dict[str, alt.X | alt.Y]:
    """Return the x and y encodings that place a card on the grid (no axes)."""
    return {"x": alt.X("col:O", axis=None), "y": alt.Y("row:O", axis=None)}


def _big_numbers(cards: pl.DataFrame) -> alt.Chart:
    """Return the bold figure of each card, with its source in the tooltip."""
    s, c = brand()["sizes"], brand()["colours"]
    return (
        alt.Chart(cards)
        .mark_text(
            fontSize=s["headline_number"],
            fontWeight="bold",
            baseline="bottom",
            color=c["palette"][0],
        )
        .encode(
            text="shown:N",
            tooltip=_shared.tooltip(
                cards,
                [
                    ("what", "What"),
                    ("shown", "Value"),
                    ("where", "Where"),
                    ("locations", "Source"),
                    ("quote", "As written"),
                ],
            ),
            **_grid(),
        )
    )


def _captions(cards: pl.DataFrame) -> alt.Chart:
    """Return the caption under each card's figure."""
    s, c = brand()["sizes"], brand()["colours"]
    return (
        alt.Chart(cards)
        .mark_text(
            fontSize=s["headline_label"],
            baseline="top",
            dy=6,
            lineHeight=s["headline_label"] + 4,
            color=c["text"],
        )
        .encode(text="caption:N", **_grid())
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    return _shared.gt_table(
        table(data),
        title="Headline figures",
        subtitle="With where each is stated",
        source=_source(data),
        labels={
            "shown": "Figure",
            "what": "What",
            "where": "Where",
            "citation": "Report",
            "locations": "Location",
            "quote": "As written",
        },
    )
