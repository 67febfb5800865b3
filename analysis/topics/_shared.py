"""Helpers shared by the topic modules (private)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
        ``by`` plus value, value_high (the sum of the upper bounds of ranges, else of the
        values), qualifier, label ("30–40" for a range), n_figures, source_ids, locations.

    """
    high = pl.col("value_high") if "value_high" in figures.columns else pl.lit(None)
    grouped = figures.group_by(list(by), maintain_order=True).agg(
        pl.col("value").sum(),
        high.fill_null(pl.col("value")).sum().alias("value_high"),
        pl.col("qualifier"),
        pl.len().cast(pl.Int64).alias("n_figures"),
        pl.col("source_id").unique(maintain_order=True).str.join(";").alias("source_ids"),
        pl.col("location").unique(maintain_order=True).str.join("; ").alias("locations"),
        pl.col("quote").unique(maintain_order=True).str.join(" … ").alias("quotes"),
    )
    qualifiers = [combine_qualifiers(q) for q in grouped["qualifier"].to_list()]
    unit = grouped["unit"].to_list() if "unit" in grouped.columns else [None] * grouped.height
    labels = [
        qualified_label(v, q, u, h)
        for v, q, u, h in zip(
            grouped["value"].to_list(),
            qualifiers,
            unit,
            grouped["value_high"].to_list(),
            strict=True,
        )
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
    rows = _row_labels(frame, panel_col=panel_col, y=y, colour=colour)
    style = _PanelStyle(
        y=y,
        colour=colour,
        colour_scale=colour_scale,
        width=width,
        per_bar=_bar_height(frame, panel_col, [key for key, _ in present], height),
        extent=_label_extent(rows),
        value_format=value_format,
    )
    charts = [
        _bar_panel(rows.filter(pl.col(panel_col) == key), title, style) for key, title in present
    ]
    return alt.vconcat(*charts, spacing=22).resolve_scale(x="independent", y="independent")


@dataclass(frozen=True)
class _PanelStyle:
    """What every panel of :func:`bar_panels` shares."""

    y: str
    colour: str
    colour_scale: alt.Scale
    width: int
    #: Pixels per bar.
    per_bar: float
    #: Width of the y-axis labels, the same in every panel so the bars line up.
    extent: int
    value_format: str


def _bar_height(frame: pl.DataFrame, panel_col: str, keys: Sequence[str], height: int) -> float:
    """Return the pixels per bar that fit every drawn panel (and their gaps) in ``height``."""
    bars_total = sum(frame.filter(pl.col(panel_col) == k).height for k in keys)
    gap = 40 * max(len(keys) - 1, 0)
    return max(16, (height - gap) / max(bars_total, 1))


def _row_labels(frame: pl.DataFrame, *, panel_col: str, y: str, colour: str) -> pl.DataFrame:
    """Return ``frame`` with ``_row``, the bar's axis label.

    A place with several kinds in one panel gets one labelled bar per kind.
    """
    repeated = pl.col(y).count().over([panel_col, y]) > 1
    return frame.with_columns(
        pl.when(repeated)
        .then(pl.concat_str(pl.col(y), pl.lit(" · "), pl.col(colour)))
        .otherwise(pl.col(y))
        .alias("_row")
    )


def _label_extent(rows: pl.DataFrame) -> int:
    """Return the y-axis label width (pixels) of the longest ``_row``, at most 320."""
    return min(320, 8 + 7 * max((len(r) for r in rows["_row"].to_list()), default=10))


def _bar_panel(part: pl.DataFrame, title: str, style: _PanelStyle) -> alt.LayerChart:
    """Return one titled panel: bars sorted by value, each with its label."""
    part = part.with_columns(
        pl.concat_str(pl.col("label"), pl.lit(" "), pl.col(style.colour).str.to_lowercase()).alias(
            "_caption"
        )
    )
    base = _panel_axes(part, style)
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        color=alt.Color(f"{style.colour}:N", scale=style.colour_scale, legend=None),
        tooltip=tooltip(
            part,
            [
                (style.y, "Where"),
                (style.colour, "What"),
                ("label", "Value"),
                ("locations", "Source"),
                ("quotes", "As written"),
            ],
        ),
    )
    # Where a panel mixes kinds, the bar label names the kind (no legend to look up).
    mixed = part[style.colour].n_unique() > 1
    text = base.mark_text(align="left", dx=4).encode(text="_caption:N" if mixed else "label:N")
    return (bars + text).properties(
        title=alt.Title(
            title, fontSize=brand()["sizes"]["axis_title"] + 1, subtitle="", anchor="start"
        ),
        width=style.width,
        height=max(24, style.per_bar * part.height),
    )


def _panel_axes(part: pl.DataFrame, style: _PanelStyle) -> alt.Chart:
    """Return the panel's chart with its y (rows by value) and x (own scale) encoded."""
    top = float(part["value"].max())
    order = part.sort("value", descending=True)["_row"].to_list()
    return alt.Chart(part).encode(
        y=alt.Y(
            "_row:N",
            sort=order,
            title=None,
            axis=alt.Axis(minExtent=style.extent, maxExtent=style.extent),
        ),
        x=alt.X(
            "value:Q",
            title=None,
            scale=alt.Scale(domain=[0, top * 1.4], nice=False),
            axis=alt.Axis(format=style.value_format, tickCount=4, tickMinStep=1),
        ),
    )


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
