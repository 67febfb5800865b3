"""Native PowerPoint charts for the deck's simple bar and line charts.

A deck is made by Pandoc (under real Quarto and under the built-in renderer alike),
which can only place pictures. So each chart picture of a PPTX render carries what a
native chart needs, inside the PNG itself (an ``iTXt`` chunk, keyword
:data:`CHUNK_KEY`): the alt text and, for a simple bar or line chart, its categories,
series, colours and number format (:class:`NativeChart`). The project's post-render
step (:mod:`analysis.pptx_deck`) puts a PowerPoint chart the presenter can restyle
in place of each such picture (:func:`add_chart`).

The data travels in the picture, not in a file beside the document, because Quarto
and the built-in renderer write images and outputs to different places; Pandoc copies
a PNG into the PPTX byte for byte, chunk included.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from analysis.brand import brand

#: Keyword of the PNG ``iTXt`` chunk carrying a picture's chart data.
CHUNK_KEY = "salw-chart"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

Kind = Literal["bar", "stacked_bar", "column", "line"]


@dataclass(frozen=True)
class Series:
    """One series of a native chart.

    Attributes
    ----------
    name
        Its name, in the deck's language (the legend's words).
    values
        One value per category; ``None`` is a gap.
    colour
        ``#rrggbb``, from the house palette.

    """

    name: str
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class NativeChart:
    """What a native PowerPoint chart needs: the data and the house look.

    Attributes
    ----------
    kind
        ``bar`` (horizontal), ``stacked_bar``, ``column`` or ``line``.
    categories
        The category labels in reading order (top to bottom for bars).
    series
        One or more series.
    number_format
        Excel number format of the value labels and axis (``#,##0``).
    subtitle
        The chart's one muted line (the slide carries the title).
    axis_title
        Title of the value axis, or empty.
    axis_max
        Upper end of the value axis (``193`` member states), or ``None`` for automatic.
    labels
        Whether each bar or point is labelled with its value.

    """

    kind: Kind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "#,##0"
    subtitle: str = ""
    axis_title: str = ""
    axis_max: float | None = None
    labels: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Return the chart as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> NativeChart:
        """Return the chart described by :meth:`to_dict`'s output."""
        series = tuple(
            Series(s["name"], tuple(s["values"]), s["colour"]) for s in raw.get("series", ())
        )
        return cls(**{**raw, "categories": tuple(raw["categories"]), "series": series})


# -- the data in the picture ---------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def with_chart_data(png: bytes, payload: Mapping[str, Any]) -> bytes:
    """Return ``png`` with ``payload`` (JSON) in an ``iTXt`` chunk before its end.

    Parameters
    ----------
    png
        A PNG file's bytes.
    payload
        ``{"alt": str, "native": NativeChart.to_dict() or None}``.

    Returns
    -------
    bytes
        The same picture; image viewers ignore the chunk.

    Raises
    ------
    ValueError
        If ``png`` is not a PNG.

    """
    if not png.startswith(_PNG_SIGNATURE) or png[-12:-4] != b"\x00\x00\x00\x00IEND":
        raise ValueError("not a PNG file (no signature or IEND chunk)")
    text = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    body = CHUNK_KEY.encode("latin-1") + b"\x00\x00\x00" + b"\x00" + b"\x00" + text
    return png[:-12] + _chunk(b"iTXt", body) + png[-12:]


def chart_data(png: bytes) -> dict[str, Any] | None:
    """Return the payload :func:`with_chart_data` put in ``png``, or ``None``."""
    if not png.startswith(_PNG_SIGNATURE):
        return None
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"iTXt" and body.startswith(CHUNK_KEY.encode("latin-1") + b"\x00"):
            # keyword \0, compression flag, method, language \0, translated keyword \0, text
            rest = body[len(CHUNK_KEY) + 3 :]
            text = rest.split(b"\x00", 2)[2]
            return json.loads(text.decode("utf-8"))
    return None


# -- drawing a native chart ---------------------------------------------------------


def add_chart(slide: Any, native: NativeChart, box: Sequence[int]) -> Any:
    """Add ``native`` to ``slide`` in ``box`` (left, top, width, height in EMU).

    Returns
    -------
    pptx.shapes.graphfrm.GraphicFrame
        The chart's frame.

    """
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format=native.number_format)
    flip = native.kind in ("bar", "stacked_bar")  # PowerPoint draws the first bar lowest
    data.categories = list(reversed(native.categories) if flip else native.categories)
    for s in native.series:
        data.add_series(s.name, list(reversed(s.values)) if flip else list(s.values))
    frame = slide.shapes.add_chart(_chart_type(native.kind), *box, data)
    _style(frame.chart, native)
    return frame


def _chart_type(kind: Kind) -> Any:
    from pptx.enum.chart import XL_CHART_TYPE

    return {
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "stacked_bar": XL_CHART_TYPE.BAR_STACKED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "line": XL_CHART_TYPE.LINE_MARKERS,
    }[kind]


def _style(chart: Any, native: NativeChart) -> None:
    """Apply the house look: fonts, palette, grid, labels, legend, the muted subtitle."""
    from pptx.util import Pt

    b = brand()
    chart.font.size = Pt(12)
    chart.font.name = b["fonts"]["family"].split(",")[0].strip()
    _title(chart, native.subtitle, b["colours"]["muted"])
    chart.has_legend = len(native.series) > 1
    if chart.has_legend:
        from pptx.enum.chart import XL_LEGEND_POSITION

        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if native.kind != "line":
        plot.gap_width = 60
        plot.overlap = 100 if native.kind == "stacked_bar" else 0
    for series, spec in zip(plot.series, native.series, strict=True):
        _colour(series, spec.colour, native.kind)
    _axes(chart, native, b["colours"])
    if native.labels:
        _labels(plot, native)


def _title(chart: Any, subtitle: str, colour: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    chart.has_title = bool(subtitle)
    if not subtitle:
        return
    frame = chart.chart_title.text_frame
    frame.text = subtitle
    font = frame.paragraphs[0].font
    font.size, font.bold = Pt(12), False
    font.color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _colour(series: Any, colour: str, kind: Kind) -> None:
    from pptx.dml.color import RGBColor

    rgb = RGBColor.from_string(colour.lstrip("#"))
    if kind == "line":
        series.format.line.color.rgb = rgb
        series.smooth = False
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = rgb
        return
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = rgb


def _axes(chart: Any, native: NativeChart, colours: Mapping[str, Any]) -> None:
    from pptx.dml.color import RGBColor

    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor.from_string(colours["grid"].lstrip("#"))
    values.tick_labels.number_format = native.number_format
    values.tick_labels.number_format_is_linked = False
    if native.axis_max is not None:
        values.maximum_scale = native.axis_max
    values.minimum_scale = 0
    if native.axis_title:
        values.has_title = True
        values.axis_title.text_frame.text = native.axis_title
    chart.category_axis.has_major_gridlines = False


def _labels(plot: Any, native: NativeChart) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION

    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = native.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    if native.kind == "stacked_bar":
        labels.position = XL_LABEL_POSITION.CENTER
    elif native.kind == "line":
        labels.position = XL_LABEL_POSITION.ABOVE
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
