"""Prose facts and small tables for the briefing's text: every number comes from the data.

Each function takes ``lang`` (``en`` or ``zh``): the English and the Chinese briefing
quote the same facts, each in its own words (:mod:`analysis.strings`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from great_tables import GT

from analysis import series
from analysis.labels import (
    citation,
    date_label,
    format_number,
    indicator_label,
    language_name,
    period_label,
    place_label,
    qualified_label,
)
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.topics import _shared, headlines, weapons


@dataclass(frozen=True)
class Facts:
    """Numbers and phrases the briefing's prose quotes (all computed from the data).

    The phrases are Markdown, escaped: put them into a document as they are.
    """

    n_reports: int
    reports: str
    period: str
    n_figures: int
    n_activities: int
    n_events: int
    n_places: int
    n_entities: int
    n_flags: int
    n_corrections: int
    latest_period: str
    latest_report: str
    top_headline: str
    top_weapons: str
    #: The latest report's annex in a phrase: its entries, places and UN entities, or
    #: that it has none.
    annex: str


#: Reports the prose cites one by one; more are named by the first and the latest.
_CITED_IN_FULL = 3


def _period(sources: pl.DataFrame, lang: str) -> str:
    if sources.is_empty():
        return text("facts.no_period", lang)
    return period_label(sources["period_start"].min(), sources["period_end"].max(), lang)


def _citations(sources: pl.DataFrame, lang: str) -> str:
    cited = [citation(r, lang) for r in sources.sort("period_end").iter_rows(named=True)]
    return text("listing.sep_list", lang).join(cited)


def _reports(sources: pl.DataFrame, lang: str) -> str:
    """Return the reports covered: each cited, or the first and the latest when many."""
    if sources.height <= _CITED_IN_FULL:
        return _citations(sources, lang)
    ordered = sources.sort("period_end")
    return text(
        "facts.reports.many",
        lang,
        first=citation(ordered.row(0, named=True), lang),
        last=citation(ordered.row(-1, named=True), lang),
    )


def _top_headline(heads: pl.DataFrame, earlier: str | None, lang: str) -> str:
    if heads.is_empty():
        return text("facts.no_headline", lang)
    top = heads.row(0, named=True)
    said = text(
        "facts.headline.where" if top["where"] else "facts.headline",
        lang,
        what=top["what"],
        n=top["shown"],
        where=top["where"],
    )
    if top["previous_shown"]:
        said += text(
            "facts.headline.previous.dated" if earlier else "facts.headline.previous",
            lang,
            previous=top["previous_shown"],
            change=top["change_shown"],
            period=earlier or "",
        )
    return said


def _top_weapons(data: ProcessedData, lang: str) -> str:
    rows = weapons.table(data, lang=lang).filter(pl.col("unit") == "weapons")
    if rows.is_empty():
        return text("facts.no_weapons", lang)
    r = rows.sort("value", descending=True).row(0, named=True)
    what = indicator_label(r["indicator"], lang)
    if lang == "en":
        what = what.lower().removeprefix("weapons ")
    key = "facts.top_weapons" if r["subject"] else "facts.top_weapons.nowhere"
    return text(key, lang, n=r["label"], what=what, place=r["place"])


def facts(data: ProcessedData, lang: str = "en") -> Facts:
    """Return the numbers the briefing's prose quotes.

    Parameters
    ----------
    data
        The processed tables.
    lang
        ``en`` or ``zh``: the language of the phrases (numbers are the same).

    Returns
    -------
    Facts
    """
    now = series.latest_report(data)
    acts = now.activities.filter(pl.col("kind") == "activity")
    heads = headlines.table(data, lang=lang)
    places = acts.filter(pl.col("subject").is_not_null())["subject"].n_unique()
    entities = acts["entity_group"].n_unique()
    return Facts(
        n_reports=data.sources.height,
        reports=_reports(data.sources, lang),
        period=_period(data.sources, lang),
        n_figures=now.figures.height,
        n_activities=acts.height,
        n_events=now.events.height,
        n_places=places,
        n_entities=entities,
        n_flags=data.quality.height,
        n_corrections=data.corrections.height,
        latest_period=heads["period"][0] if heads.height else _period(now.sources, lang),
        latest_report=_citations(now.sources, lang) or text("facts.none", lang),
        top_headline=_top_headline(heads, series.earlier_period(data.sources, lang), lang),
        top_weapons=_top_weapons(now, lang),
        annex=_annex(acts.height, places, entities, lang),
    )


def _annex(entries: int, places: int, entities: int, lang: str) -> str:
    """Return the latest annex's entries, places and entities in a phrase (or that it has none)."""
    if not entries:
        return text("facts.annex.none", lang)
    return text(
        "facts.annex",
        lang,
        entries=text("count.annex_entries", lang, n=number(entries, lang)),
        places=text("count.places", lang, n=places),
        entities=text("count.entities", lang, n=entities),
    )


def number(value: float, lang: str = "en") -> str:
    """Return a count for the prose, grouped as ``lang`` writes it (``9,824`` / ``9 824``)."""
    return format_number(value, None, lang)


def _flag(code: str, lang: str) -> str:
    """Return a data-quality flag for a reader (``strings.csv`` ``flag.<code>``, else the code)."""
    try:
        return text(f"flag.{code}", lang)
    except KeyError:
        return code


def quality_gt(data: ProcessedData, lang: str = "en") -> GT:
    """Return the data-quality notes (flags) as a house-styled table."""
    rows = (
        data.quality.group_by(["source_id", "flag", "location"], maintain_order=True)
        .agg(pl.col("detail").first(), pl.col("quote").first(), pl.len().alias("n"))
        .sort(["flag", "location"])
    )
    rows = _shared.with_quote_language(data, _shared.readable(data, rows, lang)).with_columns(
        pl.col("flag").map_elements(lambda f: _flag(f, lang), return_dtype=pl.String)
    )
    return _shared.gt_table(
        rows,
        title=text("quality.title", lang),
        subtitle=text("quality.subtitle", lang),
        source=text("quality.source", lang, reports=_citations(data.sources, lang)),
        labels={
            "flag": text("quality.col.flag", lang),
            "in_report": text("field.where", lang),
            "detail": text("quality.col.detail", lang),
            "quote": _shared.quote_title(data, lang),
        },
        lang=lang,
        quotes=["quote"],
        printed=["detail"],
    )


def corrections_gt(data: ProcessedData, lang: str = "en") -> GT:
    """Return the corrections applied, with their reasons."""
    return _shared.gt_table(
        data.corrections,
        title=text("corrections.title", lang),
        subtitle=text("corrections.subtitle", lang),
        source=text("corrections.source", lang),
        labels={
            "figure_id": text("corrections.col.figure", lang),
            "field": text("corrections.col.field", lang),
            "old_value": text("corrections.col.old", lang),
            "new_value": text("corrections.col.new", lang),
            "reason": text("corrections.col.reason", lang),
            "who": text("corrections.col.who", lang),
            "date": text("corrections.col.date", lang),
        },
        lang=lang,
    )


def sources_gt(data: ProcessedData, lang: str = "en") -> GT:
    """Return the registered reports with their provenance."""
    rows = data.sources.sort("period_end")
    rows = rows.with_columns(
        pl.Series(
            "period",
            [
                period_label(s, e, lang)
                for s, e in zip(rows["period_start"], rows["period_end"], strict=True)
            ],
            dtype=pl.String,
        ),
        pl.Series("date", [date_label(d, "day", lang) for d in rows["date"]], dtype=pl.String),
        pl.col("language").map_elements(lambda c: language_name(c, lang), return_dtype=pl.String),
        pl.col("sha256").str.slice(0, 12).alias("sha"),
        pl.col("language").alias("quote_lang"),
        pl.col("symbol").replace("", "–"),
    )
    return _shared.gt_table(
        rows,
        title=text("sources.title", lang),
        subtitle=text("sources.subtitle", lang),
        source=text("sources.source", lang),
        labels={
            "symbol": text("sources.col.symbol", lang),
            "language": text("sources.col.language", lang),
            "date": text("sources.col.date", lang),
            "period": text("sources.col.period", lang),
            "period_as_printed": text("field.as_printed", lang),
            "sha": text("sources.col.sha", lang),
            # source.yml's licence is English: the Chinese briefing leaves it to the data package.
            **({"licence": "Licence"} if lang == "en" else {}),
        },
        lang=lang,
        printed=["period_as_printed"],
    )


#: Columns of the "Every figure" appendix, in order (the reader's words in ``lang``).
EVERY_FIGURE_COLUMNS = (
    "value",
    "qualifier",
    "unit",
    "what",
    "where",
    "report",
    "location",
    "quote",
)


def every_figure(data: ProcessedData, lang: str = "en") -> pl.DataFrame:
    """Return every figure of every report as a reader looks it up, in ``lang``.

    Parameters
    ----------
    data
        The processed tables.
    lang
        ``en`` or ``zh``: every column a reader reads, except the verbatim quote.

    Returns
    -------
    pl.DataFrame
        figure_id, number (the value, for sorting), :data:`EVERY_FIGURE_COLUMNS`
        (value as the language writes it, ``15–25`` for a range; qualifier and unit in
        words; what; where; report; location in the report; quote as printed), shown
        (value and qualifier together, ``~600``) and quote_lang; in the order of the
        figures table (report, then place in the report).

    """
    sources = {r["source_id"]: r for r in data.sources.iter_rows(named=True)}
    rows = _shared.with_quote_language(data, _shared.readable(data, data.figures, lang))
    return rows.select(
        "figure_id",
        pl.col("value").alias("number"),
        pl.struct("value", "value_high", "unit", "qualifier")
        .map_elements(lambda r: _value(r, lang), return_dtype=pl.String)
        .alias("value"),
        pl.col("qualifier").map_elements(
            lambda q: text(f"qualifier.{q}", lang), return_dtype=pl.String
        ),
        pl.col("unit").map_elements(lambda u: _unit(u, lang), return_dtype=pl.String),
        pl.col("indicator")
        .map_elements(lambda i: indicator_label(i, lang), return_dtype=pl.String)
        .alias("what"),
        pl.col("subject")
        .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
        .fill_null("")
        .alias("where"),
        pl.col("source_id")
        .map_elements(lambda s: _report(sources[s], lang), return_dtype=pl.String)
        .alias("report"),
        pl.col("in_report").alias("location"),
        pl.col("quote").fill_null(""),
        pl.struct("value", "value_high", "unit", "qualifier")
        .map_elements(
            lambda r: qualified_label(r["value"], r["qualifier"], r["unit"], lang, r["value_high"]),
            return_dtype=pl.String,
        )
        .alias("shown"),
        "quote_lang",
    )


def _value(row: dict, lang: str) -> str:
    """Return the value as the language writes it, without its qualifier (a range whole)."""
    number = format_number(row["value"], row["unit"], lang)
    if row["qualifier"] == "range" and row["value_high"] is not None:
        return number + "–" + format_number(row["value_high"], row["unit"], lang)
    return number


def _unit(unit: str | None, lang: str) -> str:
    """Return a unit in words (``weapons`` / ``武器``); an unknown code as it is."""
    if not unit:
        return ""
    try:
        return text(f"unit.{unit}", lang)
    except KeyError:
        return unit


def _report(source: dict, lang: str) -> str:
    """Return a report as a short reference: its symbol, else its date and language."""
    date = date_label(source["date"], "day", lang)
    if source.get("symbol"):
        return text("figures.report.symbol", lang, symbol=source["symbol"], date=date)
    return text("figures.report", lang, date=date, language=language_name(source["language"], lang))


def every_figure_gt(data: ProcessedData, lang: str = "en") -> GT:
    """Return the compact "Every figure" table of the PDF: no quotes, one line a figure."""
    rows = every_figure(data, lang)
    return _shared.gt_table(
        rows,
        title=text("figures.title", lang),
        subtitle=text("figures.subtitle.compact", lang, n=rows.height),
        source=text("figures.source", lang),
        labels={
            "shown": text("figures.col.value", lang),
            "unit": text("figures.col.unit", lang),
            "what": text("field.what", lang),
            "where": text("field.where", lang),
            "location": text("figures.col.location", lang),
        },
        lang=lang,
        printed=["where", "location"],
    )
