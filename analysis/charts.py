"""Static export of every chart (PNG/SVG/PDF through vl-convert) and table (HTML/CSV)."""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.chart_images import chart_image, chart_size
from analysis.errors import BriefingError
from analysis.processed import ProcessedData, load, spreadsheet_safe
from analysis.strings import LANGS
from analysis.theme import chart_meta
from analysis.topics import TOPICS, Topic, chart_spec, expect_charts, scoped

FORMATS = ("png", "svg", "pdf")
SIZES = {"16:9": (960, 540), "4:3": (800, 600)}


def parse_size(size: str) -> tuple[int, int]:
    """Return ``(width, height)`` in pixels for ``16:9``, ``4:3`` or ``WxH``.

    Raises
    ------
    BriefingError
        For anything else.

    """
    if size in SIZES:
        return SIZES[size]
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", size)
    if not match:
        raise BriefingError(
            "--size",
            f"unknown chart size {size!r}",
            "use 16:9, 4:3 or WIDTHxHEIGHT in pixels, e.g. 1280x720",
        )
    return int(match.group(1)), int(match.group(2))


def _accessible_svg(svg: str, title: str, alt_text: str) -> str:
    """Return the SVG with ``role="img"``, ``aria-label`` and a ``<title>`` (alt text)."""
    label = html.escape(alt_text, quote=True)
    return re.sub(
        r"<svg\b([^>]*)>",
        lambda m: (
            f'<svg{m.group(1)} role="img" aria-label="{label}">'
            f"<title>{html.escape(title)}</title>"
            f"<desc>{html.escape(alt_text)}</desc>"
        ),
        svg,
        count=1,
    )


#: A spec made already, with the plot-area size (width, height) it was made with.
FirstTry = tuple[dict[str, Any], tuple[int, int]]


def fitted_spec(
    build: Callable[[ProcessedData, int, int], dict[str, Any]],
    data: ProcessedData,
    width: int,
    height: int,
    first: FirstTry | None = None,
) -> dict[str, Any]:
    """Return the spec ``build(data, plot_width, plot_height)`` sized to about width x height.

    A single or layered view that takes the size it is given is built at width x height
    and left to Vega to fit, titles, axes and legend included (``autosize: fit``): no
    conversion is needed to size it. Any other chart (a concatenation, a view that caps
    its own size) is measured: a first spec is laid out to find the space its titles,
    axes, legend and source line take (``first`` when one was made already, else a
    build at the overall size less the usual chrome), then the chart is built again
    with the plot area corrected by the difference.
    """
    if first is None or fits_itself(*first):
        whole = build(data, width, height)
        if fits_itself(whole, (width, height)):
            return {**whole, "autosize": {"type": "fit", "contains": "padding"}}
    if first is None:
        start = (max(200, width - 240), max(160, height - 210))
        first = (build(data, *start), start)
    spec, (w0, h0) = first
    got_w, got_h = chart_size(spec)
    return build(data, max(200, int(w0 + width - got_w)), max(120, int(h0 + height - got_h)))


def fits_itself(spec: dict[str, Any], plot_size: tuple[int, int]) -> bool:
    """Return whether Vega can fit ``spec`` to a size: one view that took ``plot_size``.

    Vega-Lite fits a single or layered view only (``autosize: fit``), and a view that
    caps its own width or height would be fitted to its cap, not to the size asked for.
    """
    one_view = "mark" in spec or "layer" in spec
    return one_view and (spec.get("width"), spec.get("height")) == tuple(plot_size)


def export_all(
    root: Path, formats: list[str], size: str, scale: float, out: Path, lang: str = "en"
) -> list[Path]:
    """Export every chart and table of the project, with a ``manifest.json``.

    Parameters
    ----------
    root
        Project root (its ``data/processed/`` is read).
    formats
        Chart formats among png, svg, pdf.
    size
        ``16:9`` (960 x 540), ``4:3`` (800 x 600) or ``WxH`` in pixels (at scale 1).
    scale
        Pixel density of PNG files.
    out
        Folder to write into; files are written to a staging folder first and moved
        in only when every export succeeded.
    lang
        ``en`` or ``zh``: the language of every chart, table and manifest entry.

    Returns
    -------
    list[Path]
        The files written, manifest last.

    Raises
    ------
    BriefingError
        On an unknown format or size, or a failed conversion.

    """
    wanted = _checked_formats(formats, scale)
    width, height = parse_size(size)
    if lang not in LANGS:
        raise BriefingError("--lang", f"unknown language {lang!r}", f"use {' or '.join(LANGS)}")
    data = load(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".charts-", dir=out.parent))
    try:
        job = _Export(staging, wanted, (width, height), scale, lang)
        expect_charts(data, [lang])
        charts = [_export_topic(t, data, job) for t in TOPICS]
        manifest = {"size": [width, height], "scale": scale, "lang": lang, "charts": charts}
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return _move_into(staging, out)
    except (ValueError, RuntimeError) as exc:
        raise BriefingError(
            out,
            f"chart export failed: {exc}",
            "run `briefing extract` and retry; report the chart id",
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _checked_formats(formats: list[str], scale: float) -> list[str]:
    wanted = [f.lower() for f in formats]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise BriefingError(
            "--format",
            f"unknown chart format(s) {', '.join(bad) or '(none)'}",
            f"use a comma-separated list of {', '.join(FORMATS)}",
        )
    if scale <= 0 or scale > 8:
        raise BriefingError(
            "--scale", f"scale {scale} is out of range", "use a number between 0.5 and 8, e.g. 2"
        )
    return wanted


def _chart_file(spec: dict[str, Any], fmt: str, scale: float, title: str, alt_text: str) -> bytes:
    image = chart_image(spec, fmt, scale)  # converted once, cached by spec
    if fmt == "svg":
        return _accessible_svg(image.decode("utf-8"), title, alt_text).encode("utf-8")
    return image


@dataclass(frozen=True)
class _Export:
    """Where and how the charts of one export are written."""

    staging: Path
    formats: list[str]
    size: tuple[int, int]
    scale: float
    lang: str


def _export_topic(topic: Topic, data: ProcessedData, job: _Export) -> dict[str, Any]:
    """Write one topic's chart files, spec and table; return its manifest entry."""
    data = scoped(topic, data)

    def build(scope: ProcessedData, width: int, height: int) -> dict[str, Any]:
        return chart_spec(topic, scope, width=width, height=height, lang=job.lang)

    spec = fitted_spec(build, data, *job.size)
    meta = chart_meta(spec)
    staging = job.staging
    files = [f"{meta.chart_id}.{fmt}" for fmt in job.formats]
    for fmt, name in zip(job.formats, files, strict=True):
        (staging / name).write_bytes(_chart_file(spec, fmt, job.scale, meta.title, meta.alt))
    (staging / f"{meta.chart_id}.vl.json").write_text(
        json.dumps(spec, ensure_ascii=False), encoding="utf-8"
    )
    table = topic.table(data, lang=job.lang)
    csv_name, html_name = f"{meta.chart_id}-table.csv", f"{meta.chart_id}-table.html"
    (staging / csv_name).write_text(spreadsheet_safe(table).write_csv(), encoding="utf-8")
    (staging / html_name).write_text(topic.gt(data, lang=job.lang).as_raw_html(), encoding="utf-8")
    return {
        "id": meta.chart_id,
        "title": meta.title,
        "subtitle": meta.subtitle,
        "source": meta.source,
        "alt": meta.alt,
        "files": [*files, f"{meta.chart_id}.vl.json"],
        "table": {"csv": csv_name, "html": html_name, "rows": table.height},
    }


def _move_into(staging: Path, out: Path) -> list[Path]:
    """Move the staged files into ``out``, the manifest last."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(staging.iterdir(), key=lambda p: p.name == "manifest.json"):
        target = out / path.name
        shutil.move(str(path), str(target))
        written.append(target)
    return written
