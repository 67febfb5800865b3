"""Trust facility grants: amount and number of projects funded."""

from __future__ import annotations

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import qualified_label
from analysis.processed import ProcessedData
from analysis.theme import brand, frame
from analysis.topics import _shared

CHART_ID = "funding"
#: Drawn from every report (a comparison across periods), not the latest report only.
ACROSS_REPORTS = True


def _figures(data: ProcessedData) -> pl.DataFrame:
    return data.figures.filter(pl.col("indicator").is_in(_shared.indicators_of(CHART_ID)))


def table(data: ProcessedData) -> pl.DataFrame:
    """Return grants per funding mechanism and period, over every report.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        subject, period_start, period_end, period (label), amount_usd,
        amount_qualifier, amount (label), projects, projects_qualifier, source_ids,
        locations; sorted by period_start.

    """
    figs = _figures(data).with_columns(
        pl.col("period_start").cast(pl.Date), pl.col("period_end").cast(pl.Date)
    )
    keys = ["subject", "period_start", "period_end"]
    parts = {}
    for ind in _shared.indicators_of(CHART_ID):
        part = _shared.aggregate(figs.filter(pl.col("indicator") == ind), [*keys, "unit"])
        parts[ind] = part.select(*keys, "value", "qualifier", "label", "source_ids", "locations")
    amount = parts["grant_amount"].rename(
        {"value": "amount_usd", "qualifier": "amount_qualifier", "label": "amount"}
    )
    projects = parts["grant_projects"].select(
        *keys,
        pl.col("value").cast(pl.Int64).alias("projects"),
        pl.col("qualifier").alias("projects_qualifier"),
        pl.col("source_ids").alias("_s"),
        pl.col("locations").alias("_l"),
    )
    out = amount.join(projects, on=keys, how="full", coalesce=True, nulls_equal=True)
    period = (
        pl.when(pl.col("period_start").dt.year() == pl.col("period_end").dt.year())
        .then(pl.col("period_start").dt.year().cast(pl.String))
        .otherwise(
            pl.concat_str(
                pl.col("period_start").dt.strftime("%b %Y"),
                pl.lit("–"),
                pl.col("period_end").dt.strftime("%b %Y"),
            )
        )
    )
    return (
        out.with_columns(
            period.fill_null("undated").alias("period"),
            pl.coalesce("source_ids", "_s").alias("source_ids"),
            pl.coalesce("locations", "_l").alias("locations"),
        )
        .sort("period_start", nulls_last=True)
        .select(
            "subject",
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
        )
    )


def _source(data: ProcessedData) -> str:
    return _shared.source_for(data, _shared.figure_locations(data, _figures(data)))


def _caption(row: dict) -> str:
    bits = [row["amount"] or ""]
    if row["projects"] is not None:
        bits.append(qualified_label(row["projects"], row["projects_qualifier"]) + " projects")
    return " · ".join(b for b in bits if b)


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data)
    if rows.is_empty():
        return "No grant figures in the reports."
    return (
        "Bar chart of grants per period. "
        + "; ".join(
            f"{r['subject']}, {r['period']}: {_caption(r)}" for r in rows.iter_rows(named=True)
        )
        + "."
    )


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return bars of grant amounts (US$ million) per period, labelled with projects.

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
    rows = table(data)
    rows = rows.with_columns(
        (pl.col("amount_usd") / 1e6).alias("usd_million"),
        pl.Series("caption", [_caption(r) for r in rows.iter_rows(named=True)], dtype=pl.String),
    )
    top = float(rows["usd_million"].max() or 1)
    band = min(110, max(40, w // max(rows.height * 3, 1)))
    base = alt.Chart(rows).encode(
        x=alt.X("period:N", sort=rows["period"].to_list(), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "usd_million:Q",
            title="US$ million",
            scale=alt.Scale(domain=[0, top * 1.25], nice=False),
        ),
    )
    bars = base.mark_bar(size=band, color=brand()["colours"]["palette"][2]).encode(
        tooltip=_shared.tooltip(
            rows,
            [
                ("subject", "Fund"),
                ("period", "Period"),
                ("amount", "Amount"),
                ("projects", "Projects"),
                ("locations", "Source"),
            ],
        )
    )
    text = base.mark_text(dy=-10, fontWeight="bold").encode(text="caption:N")
    names = sorted(set(rows["subject"].drop_nulls().to_list()))
    body = (bars + text).properties(width=min(w, 180 + 160 * rows.height), height=h)
    return frame(
        body,
        chart_id=CHART_ID,
        title="Trust facility grants",
        subtitle="; ".join(names) if names else "Grant funding",
        source=_source(data),
        description=describe(data),
        width=w,
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    return _shared.gt_table(
        table(data),
        title="Trust facility grants",
        subtitle="Amount and projects funded",
        source=_source(data),
        labels={
            "subject": "Fund",
            "period": "Period",
            "amount": "Amount",
            "projects": "Projects",
            "locations": "Where in the report",
        },
    )
