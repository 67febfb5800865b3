"""Helpers shared by the topic modules (private)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl
from great_tables import GT

from analysis.labels import (
    NBSP,
    QUOTE_SEPARATOR,
    combine_qualifiers,
    location_label,
    qualified_label,
    quote_marker,
    source_line,
    wrap_text,
)
from analysis.native_charts import NativeChart, Series
from analysis.processed import ProcessedData
from analysis.reference import vocabulary
from analysis.strings import text
from analysis.text_width import CHINESE_RUN, display_width
from analysis.theme import brand, marked, style_table, text_lines

#: Plot-area budget (pixels) of a chart at the default 960 x 540 overall size.
DEFAULT_WIDTH = 720
DEFAULT_HEIGHT = 330


def indicators_of(topic: str) -> tuple[str, ...]:
    """Return the indicators a topic draws (``topic`` in indicators.csv), in file order."""
    return vocabulary().topic_indicators(topic)


def size(width: int | None, height: int | None) -> tuple[int, int]:
    """Return the plot-area budget, defaults filled in."""
    return (width or DEFAULT_WIDTH, height or DEFAULT_HEIGHT)


def annex_places(data: ProcessedData) -> pl.DataFrame:
    """Return ``source_id, location, place``: the English place of every annex location."""
    return (
        activity_locations(data.activities)
        .select("source_id", "location", "place")
        .unique(["source_id", "location"], keep="first", maintain_order=True)
    )


def figure_locations(data: ProcessedData, figures: pl.DataFrame) -> pl.DataFrame:
    """Return ``source_id, location, annex_row, place`` of figures (annex row via activity)."""
    rows = data.activities.select("activity_id", "annex_row", pl.col("subject").alias("place"))
    return (
        figures.select("source_id", "location", "activity_id")
        .join(rows.unique("activity_id"), on="activity_id", how="left")
        .select("source_id", "location", pl.col("annex_row").cast(pl.Int64), "place")
    )


def activity_locations(activities: pl.DataFrame) -> pl.DataFrame:
    """Return ``source_id, location, annex_row, place`` of annex activities."""
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
        pl.col("subject").alias("place"),
    )


def placed(figures: pl.DataFrame) -> pl.DataFrame:
    """Return ``figures`` with no place where their subject is an instrument, not a place.

    A figure read under a heading such as "Firearms Protocol" has the protocol for its
    subject: right for a count of its States parties, but weapons are not collected
    "in" a protocol.
    """
    instrument = pl.col("subject_kind") == "instrument"
    return figures.with_columns(
        pl.when(instrument).then(None).otherwise(pl.col(c)).alias(c) for c in ("subject", "iso3")
    )


def readable(data: ProcessedData, frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Return ``frame`` with ``in_report``: its ``location`` as a reader of ``lang`` says it.

    ``para 30`` / ``第 30 段``; ``Annex, UNDP, Burundi (training and awareness)`` /
    ``附件：开发署，布隆迪（培训/提高认识）``. ``location`` (as printed) is kept.
    """
    labelled = frame.join(annex_places(data), on=["source_id", "location"], how="left")
    labels = [
        location_label(loc, place, lang)
        for loc, place in zip(labelled["location"], labelled["place"], strict=True)
    ]
    return frame.with_columns(pl.Series("in_report", labels, dtype=pl.String))


def source_for(data: ProcessedData, locations: pl.DataFrame, lang: str = "en") -> str:
    """Return the source line for the given locations, in ``lang``."""
    return source_line(data.sources, locations, lang=lang)


def quote_title(data: ProcessedData, lang: str) -> str:
    """Return the title of a verbatim-quote field: ``As written (Chinese)`` / ``原文（中文）``."""
    return text("field.quote", lang) + quote_marker(data.sources["language"].to_list(), lang)


def aggregate(figures: pl.DataFrame, by: Sequence[str], lang: str = "en") -> pl.DataFrame:
    """Sum figures over every report, keeping the combined qualifier and the locations.

    Parameters
    ----------
    figures
        Rows of ``ProcessedData.figures``.
    by
        Grouping columns.
    lang
        Language of ``label`` (``~100`` / ``约 100``).

    Returns
    -------
    pl.DataFrame
        ``by`` plus value, value_high (the sum of the upper bounds of ranges, else of the
        values), qualifier, label ("30–40" for a range), n_figures, source_ids, locations
        (as printed), quotes, and in_report (where the figures are, for a reader) when
        ``figures`` has it.

    """
    high = pl.col("value_high") if "value_high" in figures.columns else pl.lit(None)
    grouped = figures.group_by(list(by), maintain_order=True).agg(
        pl.col("value").sum(),
        high.fill_null(pl.col("value")).sum().alias("value_high"),
        pl.col("qualifier"),
        pl.len().cast(pl.Int64).alias("n_figures"),
        pl.col("source_id").unique(maintain_order=True).str.join(";").alias("source_ids"),
        pl.col("location").unique(maintain_order=True).str.join("; ").alias("locations"),
        pl.col("quote").unique(maintain_order=True).str.join(QUOTE_SEPARATOR).alias("quotes"),
        *(
            [pl.col("in_report").unique(maintain_order=True).str.join("; ")]
            if "in_report" in figures.columns
            else []
        ),
    )
    qualifiers = [combine_qualifiers(q) for q in grouped["qualifier"].to_list()]
    unit = grouped["unit"].to_list() if "unit" in grouped.columns else [None] * grouped.height
    labels = [
        qualified_label(v, q, u, lang, h)
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
    colour_scale: dict[str, Any],
    width: int,
    height: int,
    value_format: str = ",.0f",
    tooltip_titles: dict[str, str] | None = None,
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
    tooltip_titles
        Column -> tooltip title, in the chart's language (default: English).

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
        tooltip_titles=tooltip_titles or _tooltip_titles(y, colour, "en", "As written"),
    )
    charts = [
        _bar_panel(rows.filter(pl.col(panel_col) == key), title, style) for key, title in present
    ]
    independent = alt.ScaleResolveMap(x="independent", y="independent")
    return alt.VConcatChart(vconcat=charts, spacing=22, resolve=alt.Resolve(scale=independent))


@dataclass(frozen=True)
class _PanelStyle:
    """What every panel of :func:`bar_panels` shares."""

    y: str
    colour: str
    colour_scale: dict[str, Any]
    width: int
    #: Pixels per bar.
    per_bar: float
    #: Width of the y-axis labels, the same in every panel so the bars line up.
    extent: int
    value_format: str
    #: Column -> tooltip title.
    tooltip_titles: dict[str, str]


def _tooltip_titles(y: str, colour: str, lang: str, quote: str) -> dict[str, str]:
    return {
        y: text("field.where", lang),
        colour: text("field.what", lang),
        "label": text("field.value", lang),
        "in_report": text("field.source", lang),
        "locations": text("field.as_printed", lang),
        "quotes": quote,
    }


def panel_tooltips(data: ProcessedData, y: str, colour: str, lang: str) -> dict[str, str]:
    """Return the tooltip titles of :func:`bar_panels` in ``lang``."""
    return _tooltip_titles(y, colour, lang, quote_title(data, lang))


#: The thinnest a panel's bar is drawn (pixels): its label (11 px) still fits beside it.
#: Bars take the height they are given down to this, so that a slide's room
#: (:func:`analysis.charts.fitted_spec`) shrinks a chart of many bars little.
_MIN_BAR_HEIGHT = 12
#: The thickest: a panel of one or two bars is not drawn as a block.
_MAX_BAR_HEIGHT = 36


def _bar_height(frame: pl.DataFrame, panel_col: str, keys: Sequence[str], height: int) -> float:
    """Return the pixels per bar that fit every drawn panel (and their gaps) in ``height``."""
    bars_total = sum(frame.filter(pl.col(panel_col) == k).height for k in keys)
    gap = 40 * max(len(keys) - 1, 0)
    return min(_MAX_BAR_HEIGHT, max(_MIN_BAR_HEIGHT, (height - gap) / max(bars_total, 1)))


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
    widths = (display_width(r) for r in rows["_row"].to_list())
    return min(320, 8 + 7 * max(widths, default=10))


def _bar_panel(part: pl.DataFrame, title: str, style: _PanelStyle) -> alt.LayerChart:
    """Return one titled panel: bars sorted by value, each with its label."""
    part = part.with_columns(
        pl.concat_str(pl.col("label"), pl.lit(" "), pl.col(style.colour).str.to_lowercase()).alias(
            "_caption"
        )
    )
    base = _panel_axes(part, style)
    bars = marked(base, "bar", cornerRadiusEnd=2).encode(
        color=alt.Color(f"{style.colour}:N", scale=style.colour_scale, legend=None),
        tooltip=tooltip(part, list(style.tooltip_titles.items())),
    )
    # Where a panel mixes kinds, the bar label names the kind (no legend to look up).
    mixed = part[style.colour].n_unique() > 1
    labels = marked(base, "text", align="left", dx=4).encode(
        text=alt.Text("_caption:N" if mixed else "label:N")
    )
    return alt.LayerChart(
        layer=[bars, labels],
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
            axis={"maxExtent": style.extent, "minExtent": style.extent},
        ),
        x=alt.X(
            "value:Q",
            title=None,
            scale={"domain": [0, top * 1.4], "nice": False},
            axis={"format": style.value_format, "tickCount": 4, "tickMinStep": 1},
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
    lang: str = "en",
    quotes: Sequence[str] = (),
    printed: Sequence[str] = (),
) -> GT:
    """Return a house-styled great_tables table of selected, relabelled columns.

    Numbers in ``number_cols`` are grouped as the language writes them (``9,824`` /
    ``9 824``). Cells of ``quotes`` are verbatim text of a report: in HTML each is
    marked with its language (``<span lang="zh">``, from the frame's ``quote_lang``).
    In cells of ``printed`` (a reader's text holding words as printed), each run of
    Chinese is marked ``lang="zh"``.
    """
    frame = frame.with_columns(
        *(
            pl.struct(col, "quote_lang")
            .map_elements(
                lambda r, c=col: _lang_span(r[c], r["quote_lang"]), return_dtype=pl.String
            )
            .alias(col)
            for col in quotes
        ),
        *(
            pl.col(col).map_elements(mark_chinese, return_dtype=pl.String).alias(col)
            for col in printed
        ),
    )
    shown = frame.select(list(labels))
    out = GT(shown).cols_label(**labels).sub_missing(missing_text="–")
    if quotes or printed:
        out = out.fmt(lambda html_text: html_text, columns=[*quotes, *printed])
    if number_cols:
        sep = NBSP if lang == "zh" else ","
        out = out.fmt_number(columns=list(number_cols), decimals=0, sep_mark=sep)
    return style_table(out, title=title, subtitle=subtitle, source_note=source)


def _lang_span(value: str | None, code: str | None) -> str:
    """Return ``value`` as escaped HTML, in a ``<span lang=…>`` when its language is known."""
    escaped = html.escape(value or "")
    return f'<span lang="{code}">{escaped}</span>' if code and escaped else escaped


def mark_chinese(value: str | None) -> str:
    """Return ``value`` as escaped HTML with each run of Chinese in ``<span lang="zh">``."""
    escaped = html.escape(value or "")
    return CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', escaped)


def with_quote_language(
    data: ProcessedData, frame: pl.DataFrame, source_col: str = "source_id"
) -> pl.DataFrame:
    """Return ``frame`` with ``quote_lang``: the language of the report its quotes are from.

    ``source_col`` holds a source id (or several, ``;``-separated: the first counts).
    """
    languages = dict(data.sources.select("source_id", "language").iter_rows())
    return frame.with_columns(
        pl.col(source_col)
        .str.split(";")
        .list.first()
        .replace_strict(languages, default=None, return_dtype=pl.String)
        .alias("quote_lang")
    )


def tooltip(frame: pl.DataFrame, fields: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    """Return tooltips for the ``(column, title)`` pairs present in ``frame``.

    Every chart's tooltip names where a number comes from (report location) and, where
    the rows carry it, the verbatim quote.
    """
    return [alt.Tooltip(f"{col}:N", title=title) for col, title in fields if col in frame.columns]


def colour_scale(domain: Sequence[str]) -> dict[str, Any]:
    """Return an Okabe-Ito scale over ``domain`` (stable order), as a Vega-Lite dict."""
    palette = brand()["colours"]["palette"]
    return {
        "domain": list(domain),
        "range": [palette[i % len(palette)] for i in range(len(domain))],
    }


#: Name of the chart body that says a topic has nothing to draw (the deck skips it).
NOTHING_TO_DRAW = "nothing_to_draw"


def message_chart(message: str, width: int) -> alt.Chart:
    """Return a chart that only says ``message`` (wrapped): for a topic with nothing to draw.

    An empty mark layer would give the chart an infinite size (and the PDF would fail).
    It is named :data:`NOTHING_TO_DRAW`, so a deck can leave its slide out.
    """
    lines = wrap_text(message, max(40, width // 8))
    return text_lines(lines, size=14, line_height=20, name=NOTHING_TO_DRAW).properties(
        width=width, height=20 * len(lines) + 10
    )


#: Columns of a topic's ``notes()``: what a presenter reads out about each figure drawn.
NOTE_COLUMNS = ("figure", "what", "where", "when", "location", "quote")


def notes(frame: pl.DataFrame, **columns: str | None) -> pl.DataFrame:
    """Return the figures a chart draws as speaker notes read them (:data:`NOTE_COLUMNS`).

    Parameters
    ----------
    frame
        The rows the chart draws (a topic's table, in the reader's language).
    **columns
        For each note column, the column of ``frame`` holding it (``figure="label"``);
        a note column not given, or given ``None``, is empty.

    Returns
    -------
    pl.DataFrame
        One row per figure drawn; every column a string, never null.

    """
    unknown = set(columns) - set(NOTE_COLUMNS)
    if unknown:
        raise ValueError(f"unknown note columns {sorted(unknown)}; use {NOTE_COLUMNS}")
    return frame.select(
        (
            pl.col(columns[name]).cast(pl.String)
            if columns.get(name)
            else pl.lit("", dtype=pl.String)
        )
        .fill_null("")
        .alias(name)
        for name in NOTE_COLUMNS
    )


def no_notes() -> pl.DataFrame:
    """Return notes without rows: the chart draws counts its alt text already says."""
    return pl.DataFrame(schema=dict.fromkeys(NOTE_COLUMNS, pl.String))


def panel_native(frame: pl.DataFrame, *, panel_col: str, y: str, colour: str) -> NativeChart | None:
    """Return bar panels (:func:`bar_panels`) as a native bar chart when there is one panel.

    Several panels each have their own scale (weapons and kilograms): no single value
    axis draws them, so the picture stays.
    """
    if frame.is_empty() or frame[panel_col].n_unique() != 1:
        return None
    rows = _row_labels(frame, panel_col=panel_col, y=y, colour=colour).sort(
        "value", descending=True
    )
    kinds = rows[colour].unique(maintain_order=True).to_list()
    scale = colour_scale(kinds)
    pairs = list(zip(rows["value"], rows[colour], strict=True))
    series = [
        Series(kind, tuple(v if c == kind else None for v, c in pairs), str(scale["range"][i]))
        for i, kind in enumerate(kinds)
    ]
    return NativeChart(
        kind="stacked_bar" if len(series) > 1 else "bar",
        categories=tuple(rows["_row"].to_list()),
        series=tuple(series),
    )
