"""The deck: one slide per topic that has something to draw, in :data:`TOPICS` order.

``reports/deck.qmd`` and ``reports/deck-zh.qmd`` call :func:`slides` in one cell with
``output: asis``; it displays each slide as Quarto Markdown, so the same cell makes the
PPTX (Pandoc) and the reveal.js deck, under real Quarto and the built-in renderer::

    ## <the chart's title>

    :::: {#fig-<chart id>}
    <the chart, without its title and source line: interactive in reveal.js,
     a picture in PPTX carrying its native-chart data (analysis.native_charts)>

    <the source line>
    ::::

    ::: {.notes}
    <the alt text; each figure drawn with its quote and location>
    :::

A topic whose chart draws nothing (the trends with one reporting period) gets no slide.
The first topic is the headline figures, so the deck opens with them.
"""

from __future__ import annotations

import base64
import dataclasses
import io
from typing import Any

import polars as pl

from analysis import notebook, topics
from analysis._memo import remembered
from analysis.chart_images import prefetch
from analysis.charts import FirstTry, fits_itself, fitted_spec
from analysis.labels import citation
from analysis.markdown import escape_markdown
from analysis.native_charts import with_chart_data
from analysis.processed import ProcessedData
from analysis.strings import checked, text
from analysis.text_width import display_width
from analysis.theme import ChartMeta, bare, chart_meta
from analysis.topics import TOPICS, Topic, scoped
from analysis.topics._shared import NOTHING_TO_DRAW

#: Size of a slide's chart (pixels at scale 1): a 16:9 slide less its title and caption.
CHART_SIZE = (900, 380)
#: The longest source line a slide shows whole (display width: about two lines of its
#: caption); a longer one names the reports only (:func:`slide_source`).
SOURCE_WIDTH = 300


def slides(data: ProcessedData, *, lang: str = "en") -> None:
    """Display every slide of the deck, in ``lang``.

    Call it in a cell with ``output: asis``.

    Parameters
    ----------
    data
        The processed tables of every report.
    lang
        ``en`` or ``zh``: every word of every slide, notes included.

    """
    lang = checked(lang)
    ts = shown(data)
    specs = slide_specs(ts, data, lang=lang)
    for t, spec in zip(ts, specs, strict=True):
        slide(t, data, spec, lang=lang)


def slide_specs(ts: list[Topic], data: ProcessedData, *, lang: str) -> list[dict[str, Any]]:
    """Return the slide charts' specs, their images for this render already under way.

    The charts not made before and that Vega cannot fit itself are measured first,
    all at once: each is the briefing's chart, bare (made already), laid out in the
    chart workers (:mod:`analysis.chart_images`) while the slides are fitted one by
    one; each slide's image starts as soon as it is fitted.
    """
    firsts = {
        t.CHART_ID: _first_try(t, data, lang)
        for t in ts
        if not topics.is_remembered(t, data, "slide-spec", lang=lang, params=CHART_SIZE)
    }
    return [_fitted(t, data, lang, firsts.get(t.CHART_ID)) for t in ts]


def _fitted(t: Topic, data: ProcessedData, lang: str, first: FirstTry | None) -> dict[str, Any]:
    """Return topic ``t``'s slide chart, its image for this render started at once.

    Not the PNG of a chart the PPTX draws natively: its picture is a stand-in
    (:func:`picture`).
    """
    spec = slide_chart(t, data, lang=lang, first=first)
    native = t.native(scoped(t, data), lang=lang) is not None
    notebook.prefetch_for_target(spec, skip=("png",) if native else ())
    return spec


def _first_try(t: Topic, data: ProcessedData, lang: str) -> FirstTry:
    """Return topic ``t``'s briefing chart, bare, to measure, its layout started.

    Not started for a chart Vega fits itself (:func:`analysis.charts.fits_itself`).
    """
    spec = bare(topics.spec(t.CHART_ID, data, lang=lang))
    if not fits_itself(spec, topics.DEFAULT_PLOT_SIZE):
        prefetch(spec, "size")
    return spec, topics.DEFAULT_PLOT_SIZE


def shown(data: ProcessedData) -> list[Topic]:
    """Return the topics that get a slide: those whose chart draws something."""
    return [t for t in TOPICS if draws_something(t, data)]


def draws_something(t: Topic, data: ProcessedData) -> bool:
    """Return whether topic ``t``'s chart of ``data`` draws something.

    Not when its table is empty, nor when its chart only says there is nothing to draw
    (a body named :data:`analysis.topics._shared.NOTHING_TO_DRAW`: the trends with one
    reporting period, a timeline without a dated event in the period).
    """
    if t.table(scoped(t, data)).is_empty():
        return False
    body = topics.spec(t.CHART_ID, data)["vconcat"][0]
    return body.get("name") != NOTHING_TO_DRAW


def slide(t: Topic, data: ProcessedData, spec: dict[str, Any], *, lang: str) -> None:
    """Display one slide of ``data`` (every report): title, chart, source line, notes.

    Every part is a display output (Markdown, then the chart, then Markdown), never
    printed text: display outputs keep their order under every execution engine, and
    with ``output: asis`` Quarto inserts their Markdown as it is.
    """
    from IPython.display import display

    meta = chart_meta(spec)
    scope = scoped(t, data)
    notes = notes_markdown(t, scope, lang=lang)
    head = f"## {escape_markdown(meta.title)}\n\n:::: {{#fig-{meta.chart_id}}}\n"
    tail = f"\n{escape_markdown(slide_source(meta.source, scope, lang))}\n\n::::\n\n{notes}\n"
    display(_markdown(head), raw=True)
    display(picture(t, scope, spec, meta, lang=lang), raw=True)
    display(_markdown(tail), raw=True)


def _markdown(text: str) -> dict[str, str]:
    """Return a display bundle of raw Markdown."""
    return {"text/markdown": text, "text/plain": text}


def slide_chart(
    t: Topic, data: ProcessedData, *, lang: str, first: FirstTry | None = None
) -> dict[str, Any]:
    """Return the Vega-Lite spec of a slide's chart: bare, sized to :data:`CHART_SIZE`.

    Fitting a chart Vega cannot fit itself converts it once to measure it
    (:func:`analysis.charts.fitted_spec`; ``first`` is the spec to measure, when made
    already), so it is made once per content of the tables the topic reads and kept
    across builds (:func:`analysis.topics.remembered_for`): the PPTX and reveal.js
    decks, and every later build where they did not change, share it.
    """

    def build(scope: ProcessedData, width: int, height: int) -> dict[str, Any]:
        return bare(topics.chart_spec(t, scope, width=width, height=height, lang=lang))

    return topics.remembered_for(
        t,
        data,
        "slide-spec",
        lambda scope: fitted_spec(build, scope, *CHART_SIZE, first=first),
        lang=lang,
        params=CHART_SIZE,
    )


def picture(
    t: Topic, data: ProcessedData, spec: dict[str, Any], meta: ChartMeta, *, lang: str
) -> dict[str, Any]:
    """Return the chart's display bundle for this render, its PNG carrying the chart data.

    The PNG (PPTX renders) holds the alt text and, for a simple bar or line chart, the
    native chart the post-render step puts in its place (:mod:`analysis.native_charts`);
    that PNG is a blank stand-in, and no other format starts converting the chart to
    PNG for it.
    """
    native = t.native(data, lang=lang)
    payload = {"alt": meta.alt, "native": None}
    if native is not None:
        payload["native"] = dataclasses.replace(native, subtitle=meta.subtitle).to_dict()
        if notebook.render_target().format == "pptx":
            return _stand_in(with_chart_data(_blank_png(), payload))
    return notebook.mimebundle(
        spec,
        finish=lambda png: with_chart_data(png, payload),
        skip=("png",) if native is not None else (),
    )


def _stand_in(png: bytes) -> dict[str, str]:
    """Return the display bundle of a PPTX picture the post-render replaces."""
    return {
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": "<a chart drawn natively in the PPTX>",
    }


def _blank_png() -> bytes:
    """Return a blank picture of a slide chart's size, as the chart's PNG would be.

    It stands in for a chart the PPTX post-render draws as a native chart in the whole
    room under the title: that picture is never seen, so the chart is not converted.
    Its size (2x :data:`CHART_SIZE`, 72 dpi, as vl-convert writes a chart) keeps
    Pandoc's layout of the slide the same. Made once, then kept (a build does not load
    Pillow for it).
    """

    def make() -> bytes:
        from PIL import Image

        picture = io.BytesIO()
        size = (2 * CHART_SIZE[0], 2 * CHART_SIZE[1])
        Image.new("L", size, 255).save(picture, "PNG", dpi=(72, 72))
        return picture.getvalue()

    return remembered("a blank slide picture", ["blank-png", repr(CHART_SIZE)], make, bytes, bytes)


def slide_source(source: str, scope: ProcessedData, lang: str) -> str:
    """Return the source line under a slide's chart: the chart's, or the reports only.

    A chart drawn from several reports names every paragraph and annex row of each: on
    a slide, beyond :data:`SOURCE_WIDTH`, that line would take the chart's room. It is
    then the reports the chart draws from, the places being in the speaker notes.
    """
    if display_width(source) <= SOURCE_WIDTH:
        return source
    cited = set()
    for name in ("figures", "activities", "events"):
        cited |= set(getattr(scope, name)["source_id"].to_list())
    reports = scope.sources.filter(pl.col("source_id").is_in(sorted(cited))).sort("source_id")
    if reports.is_empty():
        return source
    parts = text("source.between", lang).join(
        citation(report, lang) for report in reports.iter_rows(named=True)
    )
    return text("deck.source.reports", lang, parts=parts)


def notes_markdown(t: Topic, data: ProcessedData, *, lang: str) -> str:
    """Return the slide's speaker notes as a ``.notes`` div, in ``lang``.

    The chart's alt text (every figure drawn, in words), then each figure with where it
    is in the report and the sentence it comes from, verbatim.
    """
    lines = [note_line(row, lang) for row in t.notes(data, lang=lang).iter_rows(named=True)]
    body = escape_markdown(t.describe(data, lang=lang))
    if lines:
        body += "\n\n" + "\n".join(f"- {line}" for line in lines)
    return f"::: {{.notes}}\n{body}\n:::"


def note_line(row: dict[str, str], lang: str) -> str:
    """Return one figure of the notes: ``**9,824** weapons collected — Burundi. Annex …: “…”``."""
    said = f"**{escape_markdown(row['figure'])}** {escape_markdown(row['what'])}"
    for key in ("where", "when"):
        if row[key]:
            said += escape_markdown(text(f"deck.note.{key}", lang, value=row[key]))
    source = row["location"]
    if row["quote"]:
        source = text("deck.note.quote", lang, location=row["location"], quote=row["quote"])
    return said + text("deck.note.end", lang) + escape_markdown(source)
