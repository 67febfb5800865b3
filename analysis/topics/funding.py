"""Trust facility grants: amount and number of projects funded."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl
from great_tables import GT

from analysis import series
from analysis._memo import per_data
from analysis.labels import QUOTE_SEPARATOR, date_label, place_label, qualified_label
from analysis.native_charts import NativeChart, Series
from analysis.processed import JOINT_RULE_END, WORD_MISS_RULE_START, ProcessedData
from analysis.strings import text
from analysis.theme import Framed, brand, frame, marked
from analysis.topics import _shared

CHART_ID = "funding"
#: The amount axis counts US$ millions (en) or 万美元 (zh), as the language writes money
#: (the data drawn stay in dollars).
_UNIT = {"en": 1e6, "zh": 1e4}
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True
#: The tables it reads (see analysis.topics.scoped).
READS = ("figures[own]", "activities", "sources", "assignments")


#: Periods whose labels stay level under the bars.
_LEVEL_PERIODS = 6
#: Periods whose labels name both their dates; past them, a label names the period's end.
_TWO_DATE_PERIODS = 12
#: Bars that keep their amount and projects written above them.
_LABELLED_BARS = 8
#: Days a grant statement may span and still be one funding round's (a year and a
#: little): "since its launch in 2019, US$ 17.6 million" is a total, not a round.
_ONE_ROUND_DAYS = 400
#: Flags of a figure that is not a round's own amount (a part, a restated total, the
#: value a revision replaces, an average, a target).
_NOT_A_ROUND = "part_of_total|restates_total|superseded_value|per_unit|target"
#: The currency the chart adds up: grants in other currencies are not converted (no
#: exchange rate is a fact of the reports), so they stay in the figures table only.
_CURRENCY = "USD"


def _period_axis(periods: int) -> dict[str, object]:
    """Return the period axis: neighbours' labels never run together, however many.

    A period of two dates on two lines, level for a few periods, slanted past them; past
    a dozen (an archive of many reports), the period's end alone, slanted more.
    """
    if periods > _TWO_DATE_PERIODS:
        return {"labelAngle": -50, "labelExpr": "trim(peek(split(datum.label, '–')))"}
    return {
        "labelAngle": 0 if periods <= _LEVEL_PERIODS else -35,
        "labelExpr": "split(datum.label, '–')",
    }


def _figures(data: ProcessedData) -> pl.DataFrame:
    """Return the grants of funds, one funding round each, dated.

    A fund is an instrument (UNSCAR, the ATT Voluntary Trust Fund …), not a donor or a
    place; a range ("individual grants from US$ 50,000 to US$ 300,000"), a part of a
    total, a total over several years, money given to a fund or needed by it (the words
    the grants series keeps out, ``excludes`` in series.csv) and an amount in another
    currency than US dollars are no round's grants. A statement without a
    date of its own is dated to its report's reporting period.
    """
    data = series.quoted_versions(data)  # a report in two languages is one report
    rules = data.assignments
    joint = rules.filter(pl.col("rule").str.ends_with(JOINT_RULE_END))
    given_or_needed = rules.filter(pl.col("rule").str.starts_with(WORD_MISS_RULE_START))
    own = (
        data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))
        .join(joint, on="figure_id", how="anti")  # "UNSCAR and SALIENT together funded …"
        .filter(  # "Contributions to UNSCAR totalled …", 所需的资金: no grant made
            (pl.col("indicator") != "grant_amount")
            | ~pl.col("figure_id").is_in(given_or_needed["figure_id"].implode())
        )
    )
    reports = data.sources.select(
        "source_id", pl.col("period_start").alias("_start"), pl.col("period_end").alias("_end")
    )
    dated = (
        own.filter(
            (pl.col("subject_kind") == "instrument")
            & ((pl.col("indicator") != "grant_amount") | (pl.col("unit") == _CURRENCY))
            & (pl.col("qualifier") != "range")
            & ~pl.col("flags").fill_null("").str.contains(_NOT_A_ROUND)
        )
        .join(reports, on="source_id", how="left")
        .with_columns(
            pl.coalesce(pl.col("period_start").cast(pl.Date), "_start").alias("period_start"),
            pl.coalesce(pl.col("period_end").cast(pl.Date), "_end").alias("period_end"),
        )
        .drop("_start", "_end")
    )
    span = (pl.col("period_end") - pl.col("period_start")).dt.total_days()
    return dated.filter(span.is_null() | (span <= _ONE_ROUND_DAYS))


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return grants per funding mechanism and period, over every report.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of fund, period, amount and in_report.

    Returns
    -------
    pl.DataFrame
        subject (English, the key), fund, period_start, period_end, period (label),
        amount_usd, amount_qualifier, amount (label), projects, projects_qualifier,
        source_ids, locations (as printed), in_report; sorted by period_start.

    """
    figs = _shared.readable(data, _figures(data), lang).with_columns(
        pl.col("period_start").cast(pl.Date), pl.col("period_end").cast(pl.Date)
    )
    keys = ["subject", "period_start", "period_end"]
    parts = {}
    for ind in _shared.indicators_of(CHART_ID):
        part = _shared.aggregate(figs.filter(pl.col("indicator") == ind), [*keys, "unit"], lang)
        parts[ind] = part.select(
            *keys, "value", "qualifier", "label", "source_ids", "locations", "in_report"
        )
    amount = parts["grant_amount"].rename(
        {"value": "amount_usd", "qualifier": "amount_qualifier", "label": "amount"}
    )
    projects = parts["grant_projects"].select(
        *keys,
        pl.col("value").cast(pl.Int64).alias("projects"),
        pl.col("qualifier").alias("projects_qualifier"),
        pl.col("source_ids").alias("_s"),
        pl.col("locations").alias("_l"),
        pl.col("in_report").alias("_r"),
    )
    out = amount.join(projects, on=keys, how="full", coalesce=True, nulls_equal=True)
    periods = [
        _period(start, end, lang)
        for start, end in zip(out["period_start"], out["period_end"], strict=True)
    ]
    return (
        out.with_columns(
            pl.Series("period", periods, dtype=pl.String),
            pl.coalesce("source_ids", "_s").alias("source_ids"),
            pl.coalesce("locations", "_l").alias("locations"),
            pl.coalesce("in_report", "_r").alias("in_report"),
            pl.col("subject")
            .map_elements(lambda s: place_label(s, lang), return_dtype=pl.String)
            .alias("fund"),
        )
        .sort("period_start", nulls_last=True)
        .select(
            "subject",
            "fund",
            "period_start",
            "period_end",
            "period",
            "amount_usd",
            "amount_qualifier",
            "amount",
            "projects",
            "projects_qualifier",
            "source_ids",
            "locations",
            "in_report",
        )
    )


def _period(start: dt.date | None, end: dt.date | None, lang: str) -> str:
    """Return ``2014`` for a calendar year's round, else ``Aug 2014–Jul 2015`` (in ``lang``)."""
    if start is None or end is None:
        return text("date.none", lang)
    if start.year == end.year:
        return date_label(start, "year", lang)
    return date_label(start, "month", lang) + "–" + date_label(end, "month", lang)


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)), lang)


def _caption(row: dict, lang: str) -> str:
    """Return a period's amount and projects (``US$3.1 million · 18 projects``)."""
    return " · ".join(b for b in _caption_lines(row, lang) if b)


def _caption_lines(row: dict, lang: str) -> tuple[str, str]:
    """Return a period's amount and its projects, as the two lines above its bar.

    One above the other, the labels of periods side by side stay within their bars'
    width. A period with one of them only has it on the second line, just above the bar.
    """
    projects = ""
    if row["projects"] is not None:
        count = qualified_label(row["projects"], row["projects_qualifier"], None, lang)
        projects = text("funding.projects", lang, n=count)
    amount = row["amount"] or ""
    return (amount, projects) if amount and projects else ("", amount or projects)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data, lang=lang)
    if rows.is_empty():
        return text("funding.alt.none", lang)
    items = [
        text(
            "funding.alt.item", lang, fund=r["fund"], period=r["period"], caption=_caption(r, lang)
        )
        for r in rows.iter_rows(named=True)
    ]
    return text("funding.alt", lang, items=text("listing.sep_list", lang).join(items))


def chart(
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return bars of grant amounts (US$ million) per period, labelled with projects.

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
    rows = table(data, lang=lang)
    captions = ["\n".join(_caption_lines(r, lang)) for r in rows.iter_rows(named=True)]
    rows = rows.with_columns(
        pl.Series("caption", captions, dtype=pl.String),
        # a round with projects but no amount keeps its label, on the axis
        pl.col("amount_usd").fill_null(0.0).alias("drawn_usd"),
    )
    top = float(rows["amount_usd"].max() or 1)
    band = min(110, max(40, w // max(rows.height * 3, 1)))
    base = alt.Chart(rows).encode(
        x=alt.X(
            "period:N",
            sort=rows["period"].to_list(),
            title=None,
            axis=_period_axis(rows["period"].n_unique()),
        ),
        y=alt.Y(
            "drawn_usd:Q",
            title=text("funding.axis", lang),
            scale={"domain": [0, top * 1.25], "nice": False},
            axis={"labelExpr": f"format(datum.value / {_UNIT[lang]:g}, ',.2~f')"},
        ),
    )
    funds = rows["fund"].unique(maintain_order=True).to_list()
    several = len(funds) > 1
    by_fund = {"xOffset": alt.XOffset("fund:N", sort=funds)} if several else {}
    bars = marked(
        base, "bar", **({} if several else {"size": band}), color=brand()["colours"]["palette"][2]
    ).encode(
        **by_fund,
        **(
            {
                "color": alt.Color(
                    "fund:N",
                    scale=_shared.colour_scale(funds),
                    legend=alt.Legend(title=None, orient="top", direction="vertical", labelLimit=w),
                )
            }
            if several
            else {}
        ),
        tooltip=_shared.tooltip(
            rows,
            [
                ("fund", text("funding.col.fund", lang)),
                ("period", text("col.period", lang)),
                ("amount", text("funding.col.amount", lang)),
                ("projects", text("funding.col.projects", lang)),
                ("in_report", text("field.source", lang)),
                ("locations", text("field.as_printed", lang)),
            ],
        ),
    )
    line = round(brand()["sizes"]["mark_label"] * 1.25)
    captions = marked(  # two lines from their top: Vega lifts a block "bottom" by one only
        base,
        "text",
        baseline="top",
        dy=-(2 * line + 4),
        lineHeight=line,
        fontWeight="bold",
        lineBreak="\n",
    ).encode(text=alt.Text("caption:N"), **by_fund)
    names = sorted(set(rows["fund"].drop_nulls().to_list()))
    # past a few bars the labels run into each other: the axis and the table say it
    layers = [bars, captions] if rows.height <= _LABELLED_BARS else [bars]
    body = alt.LayerChart(layer=layers, width=min(w, 180 + 160 * rows.height), height=h)
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("funding.title", lang),
        subtitle=text("listing.sep_list", lang).join(names) or text("funding.subtitle.none", lang),
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    return _shared.gt_table(
        table(data, lang=lang),
        title=text("funding.title", lang),
        subtitle=text("funding.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "fund": text("funding.col.fund", lang),
            "period": text("col.period", lang),
            "amount": text("funding.col.amount", lang),
            "projects": text("funding.col.projects", lang),
            "in_report": text("col.in_report", lang),
        },
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return the grants drawn with their quotes and locations, for speaker notes."""
    keys = ["subject", "period_start", "period_end"]
    quotes = (
        _figures(data)
        .with_columns(pl.col("period_start").cast(pl.Date), pl.col("period_end").cast(pl.Date))
        .group_by(keys, maintain_order=True)
        .agg(pl.col("quote").unique(maintain_order=True).str.join(QUOTE_SEPARATOR))
    )
    rows = table(data, lang=lang)
    captions = [_caption(r, lang) for r in rows.iter_rows(named=True)]
    return _shared.notes(
        rows.with_columns(pl.Series("caption", captions, dtype=pl.String)).join(
            quotes, on=keys, how="left", nulls_equal=True
        ),
        figure="caption",
        what="fund",
        when="period",
        location="in_report",
        quote="quote",
    )


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return the grants per period as a native column chart, one series per fund.

    Amounts are in the axis's unit; a fund without grants in a period leaves a gap.
    """
    rows = table(data, lang=lang).filter(pl.col("amount_usd").is_not_null())
    if rows.is_empty():
        return None
    periods = rows["period"].unique(maintain_order=True).to_list()
    funds = rows["fund"].unique(maintain_order=True).to_list()
    palette = brand()["colours"]["palette"]
    colours = [palette[2]] if len(funds) == 1 else _shared.colour_scale(funds)["range"]
    amounts = {
        (r["fund"], r["period"]): r["amount_usd"] / _UNIT[lang] for r in rows.iter_rows(named=True)
    }
    series = tuple(
        Series(
            text("funding.axis", lang) if len(funds) == 1 else fund,
            tuple(amounts.get((fund, period)) for period in periods),
            colour,
        )
        for fund, colour in zip(funds, colours, strict=True)
    )
    whole = all(float(v).is_integer() for v in amounts.values())
    return NativeChart(
        kind="column",
        categories=tuple(periods),
        series=series,
        number_format="#,##0" if whole else "#,##0.0",
        axis_title=text("funding.axis", lang),
    )
