"""Helpers shared by the topic modules (private)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import combine_qualifiers, qualified_label, source_line
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.theme import brand, style_table

#: Plot-area budget (pixels) of a chart at the default 960 x 540 overall size.
DEFAULT_WIDTH = 720
DEFAULT_HEIGHT = 330


def indicators_of(topic: str) -> tuple[str, ...]:
    """Return the indicators a topic draws (``topic`` in indicators.csv), in file order."""
    return vocabulary().topic_indicators(topic)


def size(width: int | None, height: int | None) -> tuple[int, int]:
    """Return the plot-area budget, defaults filled in."""
    return (width or DEFAULT_WIDTH, height or DEFAULT_HEIGHT)


def figure_locations(data: ProcessedData, figures: pl.DataFrame) -> pl.DataFrame:
    """Return ``source_id, location, annex_row`` of figures (annex row via activity)."""
    rows = data.activities.select("activity_id", "annex_row").unique("activity_id")
    return (
        figures.select("source_id", "location", "activity_id")
        .join(rows, on="activity_id", how="left")
        .select("source_id", "location", pl.col("annex_row").cast(pl.Int64))
    )


def activity_locations(activities: pl.DataFrame) -> pl.DataFrame:
    """Return ``source_id, location, annex_row`` of annex activities."""
    return activities.select(
        "source_id",
        pl.concat_str(
            pl.lit("annex: "),
            pl.col("entity_en"),
            pl.lit(" | "),
            pl.col("row_label"),
            pl.lit(" | "),
            pl.col("category").fill_null("text"),
        ).alias("location"),
        pl.col("annex_row").cast(pl.Int64),
    )


def source_for(data: ProcessedData, locations: pl.DataFrame) -> str:
    """Return the source line for the given locations."""
    return source_line(data.sources, locations)


def aggregate(figures: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Sum figures over every report, keeping the combined qualifier and the locations.

    Parameters
    ----------
    figures
        Rows of ``ProcessedData.figures``.
    by
        Grouping columns.

    Returns
    -------
    pl.DataFrame
        ``by`` plus value, qualifier, label, n_figures, source_ids, locations.

    """
    grouped = figures.group_by(list(by), maintain_order=True).agg(
        pl.col("value").sum(),
        pl.col("qualifier"),
        pl.len().cast(pl.Int64).alias("n_figures"),
        pl.col("source_id").unique(maintain_order=True).str.join(";").alias("source_ids"),
        pl.col("location").unique(maintain_order=True).str.join("; ").alias("locations"),
        pl.col("quote").unique(maintain_order=True).str.join(" … ").alias("quotes"),
    )
    qualifiers = [combine_qualifiers(q) for q in grouped["qualifier"].to_list()]
    unit = grouped["unit"].to_list() if "unit" in grouped.columns else [None] * grouped.height
    labels = [
        qualified_label(v, q, u)
        for v, q, u in zip(grouped["value"].to_list(), qualifiers, unit, strict=True)
    ]
    return grouped.with_columns(
        pl.Series("qualifier", qualifiers, dtype=pl.String),
        pl.Series("label", labels, dtype=pl.String),
    )


def bar_panels(
    frame: pl.DataFrame,
    *,
    panels: Sequence[tuple[str, str]],
    panel_col: str,
    y: str,
    colour: str,
    colour_scale: alt.Scale,
    width: int,
    height: int,
    value_format: str = ",.0f",
) -> alt.VConcatChart:
    """Return horizontal bar panels, one per unit, each with its own x scale.

    Parameters
    ----------
    frame
        Rows with ``value``, ``label`` and the named columns.
    panels
        ``(panel value, panel title)`` in drawing order; empty panels are skipped.
    panel_col, y, colour
        Columns for the panel, the bar category and the bar colour.
    colour_scale
        Shared colour scale (same colour means the same thing in every panel).
    width, height
        Plot-area budget; panel heights are proportional to their bar counts.
    value_format
        d3 format of the x axis.

    Returns
    -------
    alt.VConcatChart

    """
    present = [
        (key, title) for key, title in panels if frame.filter(pl.col(panel_col) == key).height
    ]
    bars_total = sum(frame.filter(pl.col(panel_col) == k).height for k, _ in present)
    gap = 40 * max(len(present) - 1, 0)
    per_bar = max(16, (height - gap) / max(bars_total, 1))
    # A place with several kinds in one panel gets one labelled bar per kind.
    repeated = pl.col(y).count().over([panel_col, y]) > 1
    rows = frame.with_columns(
        pl.when(repeated)
        .then(pl.concat_str(pl.col(y), pl.lit(" · "), pl.col(colour)))
        .otherwise(pl.col(y))
        .alias("_row")
    )
    extent = min(320, 8 + 7 * max((len(r) for r in rows["_row"].to_list()), default=10))
    charts = []
    for key, title in present:
        part = rows.filter(pl.col(panel_col) == key).with_columns(
            pl.concat_str(pl.col("label"), pl.lit(" "), pl.col(colour).str.to_lowercase()).alias(
                "_caption"
            )
        )
        top = float(part["value"].max())
        order = part.sort("value", descending=True)["_row"].to_list()
        base = alt.Chart(part).encode(
            y=alt.Y(
                "_row:N", sort=order, title=None, axis=alt.Axis(minExtent=extent, maxExtent=extent)
            ),
            x=alt.X(
                "value:Q",
                title=None,
                scale=alt.Scale(domain=[0, top * 1.4], nice=False),
                axis=alt.Axis(format=value_format, tickCount=4, tickMinStep=1),
            ),
        )
        bars = base.mark_bar(cornerRadiusEnd=2).encode(
            color=alt.Color(f"{colour}:N", scale=colour_scale, legend=None),
            tooltip=tooltip(
                part,
                [
                    (y, "Where"),
                    (colour, "What"),
                    ("label", "Value"),
                    ("locations", "Source"),
                    ("quotes", "As written"),
                ],
            ),
        )
        # Where a panel mixes kinds, the bar label names the kind (no legend to look up).
        mixed = part[colour].n_unique() > 1
        text = base.mark_text(align="left", dx=4).encode(text="_caption:N" if mixed else "label:N")
        charts.append(
            (bars + text).properties(
                title=alt.Title(
                    title, fontSize=brand()["sizes"]["axis_title"] + 1, subtitle="", anchor="start"
                ),
                width=width,
                height=max(24, per_bar * part.height),
            )
        )
    return alt.vconcat(*charts, spacing=22).resolve_scale(x="independent", y="independent")


def gt_table(
    frame: pl.DataFrame,
    *,
    title: str,
    subtitle: str,
    source: str,
    labels: dict[str, str],
    number_cols: Sequence[str] = (),
) -> GT:
    """Return a house-styled great_tables table of selected, relabelled columns."""
    shown = frame.select(list(labels))
    out = GT(shown).cols_label(**labels)
    if number_cols:
        out = out.fmt_number(columns=list(number_cols), decimals=0)
    return style_table(out, title=title, subtitle=subtitle, source_note=source)


def tooltip(frame: pl.DataFrame, fields: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    """Return tooltips for the ``(column, title)`` pairs present in ``frame``.

    Every chart's tooltip names where a number comes from (report location) and, where
    the rows carry it, the verbatim quote.
    """
    return [alt.Tooltip(f"{col}:N", title=title) for col, title in fields if col in frame.columns]


def colour_scale(domain: Sequence[str]) -> alt.Scale:
    """Return an Okabe-Ito scale over ``domain`` (stable order)."""
    palette = brand()["colours"]["palette"]
    return alt.Scale(
        domain=list(domain), range=[palette[i % len(palette)] for i in range(len(domain))]
    )


def listing(items: Sequence[str], *, limit: int = 6) -> str:
    """Return ``a, b and c`` (``…and N more`` beyond ``limit``)."""
    items = list(items)
    if len(items) > limit:
        items = [*items[:limit], f"{len(items) - limit} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
