"""Headline figures: the numbers an analyst quotes first, chosen by rule."""

from __future__ import annotations

import re

import altair as alt
import polars as pl
from great_tables import GT

from analysis import series
from analysis._memo import per_data
from analysis.labels import (
    QUOTE_SEPARATOR,
    citation,
    location_label,
    period_label,
    place_label,
    signed_change,
    wrap_text,
)
from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.strings import text
from analysis.theme import Framed, brand, frame, marked
from analysis.topics import _shared

CHART_ID = "headlines"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True
#: The tables it reads (see analysis.topics.scoped).
READS = ("figures", "assignments", "activities", "sources")


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the headline figures: the latest reporting period's, one per tracked series.

    Each comes from one report; a per-place series is summed over its places within
    that report (``where`` says how many), a stock is its largest statement. The previous
    period's value and the change come with it (:func:`analysis.series.headlines`).

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of what, shown, where, period, previous_shown, change_shown,
        citation, in_report and note.

    Returns
    -------
    pl.DataFrame
        rank, series, what, value, qualifier, unit, shown (``"100+"``), where, period,
        previous_shown, change_shown (``"+376"``), source_id, citation, locations (as
        printed), in_report, quote, quote_lang, note.
    """
    rows = series.headlines(data, lang)
    citations = {r["source_id"]: citation(r, lang) for r in data.sources.iter_rows(named=True)}
    languages = dict(data.sources.select("source_id", "language").iter_rows())
    per_place = {s.series for s in vocabulary().series if s.subject == "place"}
    where = [
        (subject if places > 1 else place_label(subject, lang)) if s in per_place else ""
        for s, subject, places in zip(rows["series"], rows["subject"], rows["places"], strict=True)
    ]
    return (
        rows.with_row_index("rank", offset=1)
        .with_columns(
            pl.Series("where", where, dtype=pl.String),
            pl.Series("in_report", _in_report(data, rows, lang), dtype=pl.String),
        )
        .select(
            pl.col("rank").cast(pl.Int64),
            "series",
            pl.col("label").alias("what"),
            "value",
            "qualifier",
            "unit",
            "shown",
            "where",
            pl.struct(_PERIOD)
            .map_elements(
                lambda r: period_label(r["period_start"], r["period_end"], lang),
                return_dtype=pl.String,
            )
            .alias("period"),
            pl.col("previous_shown").fill_null(""),
            pl.struct("change", "unit")
            .map_elements(
                lambda r: signed_change(r["change"], r["unit"], lang), return_dtype=pl.String
            )
            .alias("change_shown"),
            "source_id",
            pl.col("source_id").replace_strict(citations, default=None).alias("citation"),
            "locations",
            "in_report",
            "quote",
            pl.col("source_id")
            .str.split(";")
            .list.first()
            .replace_strict(languages, default=None, return_dtype=pl.String)
            .alias("quote_lang"),
            "note",
        )
    )


_PERIOD = ("period_start", "period_end")


def _in_report(data: ProcessedData, rows: pl.DataFrame, lang: str) -> list[str]:
    """Return each headline's locations (``; ``-separated, as printed) for a reader."""
    places = dict(((s, loc), p) for s, loc, p in _shared.annex_places(data).iter_rows())
    sep = text("listing.sep_list", lang)
    out = []
    for source_ids, locations in zip(rows["source_id"], rows["locations"], strict=True):
        source = source_ids.split(";")[0]
        labels = [
            location_label(loc, places.get((source, loc)), lang)
            for loc in (locations or "").split("; ")
            if loc
        ]
        out.append(sep.join(dict.fromkeys(labels)))
    return out


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    rows = series.headlines(data)
    ids = rows["source_id"].unique().to_list()
    tracked = data.assignments.filter(
        pl.col("series").is_in(rows["series"].to_list()) & pl.col("source_id").is_in(ids)
    )
    figs = data.figures.join(tracked.select("figure_id"), on="figure_id", how="semi")
    return _shared.source_for(data, _shared.figure_locations(data, figs), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data, lang=lang)
    items = [
        text(
            "headlines.alt.where" if r["where"] else "headlines.alt.item",
            lang,
            n=r["shown"],
            what=r["what"].lower() if lang == "en" else r["what"],
            where=r["where"],
        )
        for r in rows.iter_rows(named=True)
    ]
    if not items:
        return text("headlines.none", lang) + text("sentence.end", lang)
    return text(
        "headlines.alt",
        lang,
        n=len(items),
        period=rows["period"][0],
        items=text("listing.sep_list", lang).join(items),
    )


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return the headline figures as a grid of big numbers with their labels.

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
    cards = _cards(table(data, lang=lang), w, lang, series.earlier_period(data.sources, lang))
    # The layers share the cards at the layer level: given to each layer, Altair would
    # compare them by printing the frame, long quotes and all.
    body = alt.LayerChart(
        data=cards,
        layer=[_big_numbers(cards, _tooltips(data, lang)), _captions()],
        width=w,
        height=h,
    )
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("headlines.title", lang),
        subtitle=_subtitle(data, lang),
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def _subtitle(data: ProcessedData, lang: str) -> str:
    rows = table(data, lang=lang)
    if rows.is_empty():
        return text("headlines.none", lang)
    return text("headlines.subtitle", lang, period=rows["period"][0])


def _cards(rows: pl.DataFrame, width: int, lang: str, earlier: str | None) -> pl.DataFrame:
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
        .map_elements(lambda r: _caption(r, chars, lang, earlier), return_dtype=pl.List(pl.String))
        .alias("caption"),
    )


def _caption(row: dict, chars: int, lang: str, earlier: str | None) -> list[str]:
    """Return what and where, then the previous period's value, each wrapped to the card.

    After a gap the value compared with is an earlier report's, said so (``earlier``).
    """
    what = row["what"] + (
        text("headlines.card.where", lang, where=row["where"]) if row["where"] else ""
    )
    if not row["previous_shown"]:
        return wrap_text(what, chars)[:4]
    before = _short(
        text(
            "headlines.card.earlier" if earlier else "headlines.card.previous",
            lang,
            previous=row["previous_shown"],
            change=row["change_shown"],
        )
    )
    return wrap_text(what, chars)[:2] + wrap_text(before, chars)[:2]


def _short(said: str) -> str:
    return re.sub(r"(\d) (million|billion)\b", lambda m: m.group(1) + m.group(2)[0], said)


def _grid() -> dict[str, alt.X | alt.Y]:
    """Return the x and y encodings that place a card on the grid (no axes)."""
    return {"x": alt.X("col:O", axis=None), "y": alt.Y("row:O", axis=None)}


def _tooltips(data: ProcessedData, lang: str) -> list[tuple[str, str]]:
    return [
        ("what", text("field.what", lang)),
        ("shown", text("field.value", lang)),
        ("where", text("field.where", lang)),
        ("in_report", text("field.source", lang)),
        ("locations", text("field.as_printed", lang)),
        ("quote", _shared.quote_title(data, lang)),
    ]


def _big_numbers(cards: pl.DataFrame, tooltips: list[tuple[str, str]]) -> alt.Chart:
    """Return the bold figure of each card (the layer's data), its source in the tooltip."""
    s, c = brand()["sizes"], brand()["colours"]
    return marked(
        alt.Chart(),
        "text",
        fontSize=s["headline_number"],
        fontWeight="bold",
        baseline="bottom",
        color=c["palette"][0],
    ).encode(
        text=alt.Text("shown:N"),
        tooltip=_shared.tooltip(cards, tooltips),
        **_grid(),
    )


def _captions() -> alt.Chart:
    """Return the caption under each card's figure (drawn from the layer's data)."""
    s, c = brand()["sizes"], brand()["colours"]
    return marked(
        alt.Chart(),
        "text",
        fontSize=s["headline_label"],
        baseline="top",
        dy=6,
        lineHeight=s["headline_label"] + 4,
        color=c["text"],
    ).encode(text=alt.Text("caption:N"), **_grid())


def _previous_column(data: ProcessedData, lang: str) -> str:
    """Return the header of the previous period's column (named after a gap)."""
    earlier = series.earlier_period(data.sources, lang)
    if earlier is None:
        return text("headlines.col.previous", lang)
    return text("headlines.col.earlier", lang, period=earlier)


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`.

    The report column is shown when the headlines come from more than one report (the
    source line under the table names it otherwise); the previous period and the change
    when a previous period states any of them.
    """
    rows = table(data, lang=lang)
    several = rows["source_id"].n_unique() > 1
    before = (rows["previous_shown"] != "").any()
    return _shared.gt_table(
        rows.with_columns(
            pl.col("quote").map_elements(lambda q: _first_quotes(q, lang), return_dtype=pl.String),
            pl.col("in_report").map_elements(
                lambda places: _first_places(places, lang), return_dtype=pl.String
            ),
        ),
        title=text("headlines.title", lang),
        subtitle=text("headlines.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "shown": text("headlines.col.figure", lang),
            "what": text("field.what", lang),
            "where": text("field.where", lang),
            "period": text("col.period", lang),
            **(
                {
                    "previous_shown": _previous_column(data, lang),
                    "change_shown": text("headlines.col.change", lang),
                }
                if before
                else {}
            ),
            **({"citation": text("col.report", lang)} if several else {}),
            "in_report": text("headlines.col.location", lang),
            "quote": _shared.quote_title(data, lang),
        },
        lang=lang,
        quotes=["quote"],
    )


#: Statements a headline's cell quotes; a sum over more places names how many more.
_QUOTED = 2


def _first_places(joined: str, lang: str) -> str:
    """Return a headline's first locations, and how many more the appendix holds.

    A sum over eighteen annex rows would otherwise list them all in one cell.
    """
    sep = text("listing.sep_list", lang)
    places = joined.split(sep)
    if len(places) <= _QUOTED:
        return joined
    return sep.join(places[:_QUOTED]) + text("headlines.more_quotes", lang, n=len(places) - _QUOTED)


def _first_quotes(joined: str, lang: str) -> str:
    """Return a headline's first statements, and how many more the appendix holds.

    A sum over twenty places would otherwise quote twenty sentences in one cell.
    """
    quotes = joined.split(QUOTE_SEPARATOR)
    if len(quotes) <= _QUOTED:
        return joined
    more = text("headlines.more_quotes", lang, n=len(quotes) - _QUOTED)
    return QUOTE_SEPARATOR.join(quotes[:_QUOTED]) + more


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the headline figures with their quotes and locations, for speaker notes."""
    return _shared.notes(
        table(data, lang=lang),
        figure="shown",
        what="what",
        where="where",
        when="period",
        location="in_report",
        quote="quote",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return ``None``: big numbers are not a bar or line chart (the picture stays)."""
    return None
