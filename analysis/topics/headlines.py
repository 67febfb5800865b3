"""Headline figures: the numbers an analyst quotes first, chosen by rule."""

from __future__ import annotations

import re
import textwrap

import altair as alt
import polars as pl
from great_tables import GT

from analysis import series
from analysis.labels import period_label, signed_change
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.theme import brand, frame
from analysis.topics import _shared

CHART_ID = "headlines"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True


def table(data: ProcessedData) -> pl.DataFrame:
    """Return the headline figures: the latest reporting period's, one per tracked series.

    Each comes from one report; a per-place series is summed over its places within
    that report (``where`` says how many), a stock is its latest statement. The previous
    period's value and the change come with it (:func:`analysis.series.headlines`).

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        rank, series, what, value, qualifier, unit, shown (``"100+"``), where, period,
        previous_shown, change_shown (``"+376"``), source_id, citation, locations,
        quote, note.
    """
    rows = series.headlines(data)
    citations = dict(data.sources.select("source_id", "citation").iter_rows())
    per_place = {s.series for s in vocabulary().series if s.subject == "place"}
    return rows.with_row_index("rank", offset=1).select(
        pl.col("rank").cast(pl.Int64),
        "series",
        pl.col("label").alias("what"),
        "value",
        "qualifier",
        "unit",
        "shown",
        pl.when(pl.col("series").is_in(list(per_place)))
        .then(pl.col("subject"))
        .otherwise(pl.lit(""))
        .alias("where"),
        pl.struct(_PERIOD).map_elements(_period, return_dtype=pl.String).alias("period"),
        pl.col("previous_shown").fill_null(""),
        pl.struct("change", "unit")
        .map_elements(lambda r: signed_change(r["change"], r["unit"]), return_dtype=pl.String)
        .alias("change_shown"),
        "source_id",
        pl.col("source_id").replace_strict(citations, default=None).alias("citation"),
        "locations",
        "quote",
        "note",
    )


_PERIOD = ("period_start", "period_end")


def _period(row: dict) -> str:
    return period_label(row["period_start"], row["period_end"])


def _source(data: ProcessedData) -> str:
    rows = series.headlines(data)
    ids = rows["source_id"].unique().to_list()
    tracked = data.assignments.filter(
        pl.col("series").is_in(rows["series"].to_list()) & pl.col("source_id").is_in(ids)
    )
    figs = data.figures.join(tracked.select("figure_id"), on="figure_id", how="semi")
    return _shared.source_for(data, _shared.figure_locations(data, figs))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data)
    items = [
        f"{r['shown']} {r['what'].lower()}" + (f" ({r['where']})" if r["where"] else "")
        for r in rows.iter_rows(named=True)
    ]
    if not items:
        return "No tracked series is stated in the reports."
    return f"{len(items)} headline figures for {rows['period'][0]}: " + "; ".join(items) + "."


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
        subtitle=_subtitle(data),
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _subtitle(data: ProcessedData) -> str:
    rows = table(data)
    if rows.is_empty():
        return "No tracked series is stated in the reports"
    return f"The latest reporting period, {rows['period'][0]}; ~ approximately, + more than"


def _cards(rows: pl.DataFrame, width: int) -> pl.DataFrame:
    """Return the headlines placed on a grid (``col``, ``row``) with short numbers.

    ``caption`` is what and where, wrapped to the card's width (at most four lines).
    """
    columns = 5 if rows.height > 8 else 4
    chars = max(12, int(width / columns / (brand()["sizes"]["headline_label"] * 0.55)))
    return rows.with_columns(
        ((pl.col("rank") - 1) % columns).alias("col"),
        pl.col("shown").map_elements(_short, return_dtype=pl.String),
        ((pl.col("rank") - 1) // columns).alias("row"),
        pl.struct("what", "where", "previous_shown", "change_shown")
        .map_elements(lambda r: _caption(r, chars), return_dtype=pl.List(pl.String))
        .alias("caption"),
    )


def _caption(row: dict, chars: int) -> list[str]:
    """Return what and where, then the previous period's value, each wrapped to the card."""
    what = row["what"] + (f" — {row['where']}" if row["where"] else "")
    if not row["previous_shown"]:
        return textwrap.wrap(what, chars)[:4]
    before = _short(f"previous period {row['previous_shown']} ({row['change_shown']})")
    return textwrap.wrap(what, chars)[:2] + textwrap.wrap(before, chars)[:2]


def _short(text: str) -> str:
    return re.sub(r"(\d) (million|billion)\b", lambda m: m.group(1) + m.group(2)[0], text)


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
        subtitle="The latest reporting period, with the previous one and where each is stated",
        source=_source(data),
        labels={
            "shown": "Figure",
            "what": "What",
            "where": "Where",
            "period": "Period",
            "previous_shown": "Previous period",
            "change_shown": "Change",
            "citation": "Report",
            "locations": "Location",
            "quote": "As written",
        },
    )
