"""Notebook-side helpers for the briefing documents.

A document's first (hidden) cell calls :func:`setup`. It enables an Altair renderer and a
display for great_tables tables whose output depends on the format being rendered, which
the kernel learns, under real Quarto and under the built-in renderer alike, from the JSON
file named by ``QUARTO_EXECUTE_INFO`` (see :func:`render_target`):

* HTML and reveal.js: ``text/markdown`` holding a raw HTML block. No ``text/html`` output
  at all: Quarto adds CDN ``<script>`` tags for require.js and jQuery to any page whose
  cells have ``text/html`` or ``application/javascript`` outputs
  (quarto-cli src/core/jupyter/widgets.ts). The block carries Quarto's opt-out comment
  for its HTML-table processing. A chart is drawn by vega-embed with its JavaScript
  **inlined** (no CDN), emitted with the first chart of a kernel session.
* Other formats: a chart as one image, in the form the format's ``fig-format`` names
  (``svg``, or PNG for anything else); a table as a Pandoc Markdown table.
* Outside a render (a plain Jupyter session): ``text/html`` plus SVG and PNG images, and
  great_tables' own HTML.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import uuid
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from analysis._memo import cache_dir, write_atomically
from analysis.chart_images import (
    KINDS,
    chart_image,
    javascript_bundle,
    prefetch,
    prefetch_javascript_bundle,
    start_workers,
    vl_version,
)
from analysis.markdown import html_table_to_markdown, raw_html_block

RENDERER_NAME = "salw_briefing"
#: Attribute marking the ``<script>`` that carries the vega-embed bundle.
BUNDLE_MARKER = "data-sb-vega-bundle"
#: Quarto base formats whose charts are interactive HTML.
HTML_FORMATS = ("html", "revealjs")

_state: dict[str, Any] = {"bundle_emitted": False, "bundle": None}
_TABLE_TAG = re.compile(r"<(/?)([Tt])([Aa][Bb][Ll][Ee])")


@dataclass(frozen=True)
class Target:
    """The format a render is producing, as far as cell outputs depend on it.

    Attributes
    ----------
    format : str or None
        Quarto's base format (``html``, ``revealjs``, ``typst``, ``pptx`` ...); ``None``
        outside a render.
    fig_format : str
        The format's ``fig-format`` option (``png``, ``svg``, ``retina`` ...).
    images_ahead : tuple of str
        Chart image kinds the document's other formats in this render will embed
        (``salw-images-ahead``, told by the built-in renderer only): converting them
        can start now (:func:`prefetch_for_target`).
    deferred : bool
        Whether an output may hold a value still being made (``salw-deferred-outputs``,
        told by the built-in renderer's in-process engine only): a chart image or a
        Markdown table is then given as a ``Future``, and the cell goes on at once.

    """

    format: str | None = None
    fig_format: str = "png"
    images_ahead: tuple[str, ...] = ()
    deferred: bool = False

    @property
    def is_html(self) -> bool:
        """Whether charts are drawn as interactive HTML."""
        return self.format in HTML_FORMATS

    @property
    def image_kinds(self) -> tuple[str, ...]:
        """Return the chart image kinds a chart's output holds (``svg``, ``png``).

        None for HTML formats (the browser draws the charts), the one ``fig-format``
        names for the others, both outside a render.
        """
        if self.format is None:
            return ("svg", "png")
        if self.is_html:
            return ()
        return ("svg",) if self.fig_format == "svg" else ("png",)


def render_target() -> Target:
    """Return the target of the current render from ``QUARTO_EXECUTE_INFO``.

    Quarto (and the built-in renderer, which follows it) names a JSON file describing the
    render in that variable: ``format.identifier.base-format`` and
    ``format.execute.fig-format`` are read.

    Returns
    -------
    Target
        ``Target()`` when the variable is unset or the file unreadable.

    """
    path = os.environ.get("QUARTO_EXECUTE_INFO")
    if not path:
        return Target()
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Target()
    fmt = info.get("format") or {}
    identifier = fmt.get("identifier") or {}
    name = identifier.get("base-format") or identifier.get("target-format")
    fig_format = (fmt.get("execute") or {}).get("fig-format") or "png"
    ahead = tuple(str(k) for k in info.get("salw-images-ahead") or () if k in KINDS)
    deferred = info.get("salw-deferred-outputs") is True
    return Target(name, str(fig_format), ahead, deferred)


#: Threads waiting for the outputs a cell gave as ``Future``: each mostly waits for a
#: chart worker or Pandoc.
_waiting = ThreadPoolExecutor(max_workers=4, thread_name_prefix="deferred-output")


def _value(target: Target, make: Callable[[], str]) -> str | Future[str]:
    """Return ``make()``, or a ``Future`` of it when ``target`` takes deferred outputs."""
    return _waiting.submit(make) if target.deferred else make()


def prefetch_for_target(spec: dict[str, Any], *, skip: Collection[str] = ()) -> None:
    """Start converting ``spec`` into every image this render will embed of it.

    The image this format embeds, and those the document's later formats will
    (:attr:`Target.images_ahead`), but for the kinds in ``skip``: the conversions run
    in the background (:func:`analysis.chart_images.prefetch`) while the cells go on.
    """
    target = render_target()
    kinds = set(target.images_ahead)
    if target.format is not None:
        kinds.update(target.image_kinds)
    for kind in sorted(kinds.difference(skip)):
        prefetch(spec, kind)


def _javascript_bundle() -> str:
    """Return the inline vega-embed bundle as a classic-script-safe string.

    Building the bundle takes about a second, so it is cached on disk per vl-convert
    and Vega-Lite version (failures to read or write the cache are ignored).

    Returns
    -------
    str
        The bundle wrapped in an IIFE (it assigns ``window.vegaEmbed`` etc.), made
        safe by :func:`_script_safe`.

    """
    if _state["bundle"] is not None:
        return _state["bundle"]
    cache = _bundle_file()
    try:
        bundle = cache.read_text(encoding="utf-8")
    except OSError:
        js = _script_safe(javascript_bundle())
        bundle = "(function(){\n" + js + "\n})();"
        write_atomically(cache, bundle.encode("utf-8"))
    _state["bundle"] = bundle
    return bundle


def _bundle_file() -> Path:
    """Return where the script-safe bundle is kept, per vl-convert and Vega-Lite version."""
    vlc_version = getattr(vlc, "__version__", "x")
    return cache_dir() / f"vega-bundle-safe-vlc{vlc_version}-vl{vl_version()}.js"


def _script_safe(js: str) -> str:
    r"""Return ``js`` safe inside an inline ``<script>`` that Quarto scans for tables.

    ``</script`` would end the element; ``<table`` (in vega-tooltip's HTML strings)
    makes Quarto try to parse a table out of the raw HTML block. Both only occur inside
    string literals, where ``\/`` and ``\x74`` mean ``/`` and ``t``.
    """
    js = js.replace("</script", "<\\/script")
    return _TABLE_TAG.sub(lambda m: f"<{m[1]}\\x{ord(m[2]):02x}{m[3]}", js)


def chart_html(spec: dict[str, Any], *, include_bundle: bool) -> str:
    """Return an HTML fragment that draws ``spec`` with vega-embed.

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification (as produced by ``Chart.to_dict()``).
    include_bundle : bool
        Whether to inline the vega-embed JavaScript bundle before the chart.

    Returns
    -------
    str
        A ``<div>`` plus ``<script>`` elements; no external URL is referenced.

    """
    div_id = "vega-" + uuid.uuid4().hex[:12]
    # "<" as a JSON escape: no "</script" and no "<table" inside the script.
    spec_json = json.dumps(spec).replace("<", "\\u003c")
    title = spec.get("description") or "chart"
    parts = ['<div class="vega-chart">']
    if include_bundle:
        parts.append(
            f'<script type="text/javascript" {BUNDLE_MARKER}>\n{_javascript_bundle()}\n</script>'
        )
    parts.append(
        f'<div id="{div_id}" class="vega-embed-target" role="img" '
        f'aria-label="{html.escape(str(title))}"></div>'
    )
    parts.append(
        '<script type="text/javascript">\n'
        "(function() {\n"
        f"  var spec = {spec_json};\n"
        "  function draw() {\n"
        f"    window.vegaEmbed('#{div_id}', spec, "
        '{"actions": false, "renderer": "svg"})'
        ".catch(function(err) { console.error(err); });\n"
        "  }\n"
        "  if (window.vegaEmbed) { draw(); }\n"
        "  else { window.addEventListener('load', draw); }\n"
        "})();\n"
        "</script>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def mimebundle(
    spec: dict[str, Any],
    *,
    finish: Callable[[bytes], bytes] | None = None,
    skip: Collection[str] = (),
    **_: Any,
) -> dict[str, Any]:
    """Render a Vega-Lite spec into the MIME bundle for the current render target.

    Parameters
    ----------
    spec : dict
        The Vega-Lite specification Altair passes to its renderer.
    finish : callable, optional
        Applied to the PNG's bytes before they are encoded (the deck adds its chart
        data to them).
    skip : collection of str, optional
        Image kinds not to start converting for the document's other formats (see
        :func:`prefetch_for_target`): those no format will embed of this chart.
    **_
        Renderer options Altair may pass; ignored.

    Returns
    -------
    dict
        HTML targets: ``text/markdown`` (a raw HTML block drawing the chart). Other
        targets: ``image/svg+xml`` if ``fig-format`` is ``svg``, else ``image/png``
        (base64), as a ``Future`` when the target takes deferred outputs. Outside a
        render: ``text/html``, ``image/svg+xml`` and ``image/png``. Always
        ``text/plain``.

    """
    target = render_target()
    bundle: dict[str, Any] = {"text/plain": f"<Altair chart: {spec.get('mark', 'layered')}>"}
    if target.is_html:
        prefetch_for_target(spec, skip=skip)
    if target.format is None or target.is_html:
        include_bundle = not _state["bundle_emitted"]
        fragment = chart_html(spec, include_bundle=include_bundle)
        _state["bundle_emitted"] = True
        if target.is_html:
            return {**bundle, "text/markdown": raw_html_block(fragment)}
        bundle["text/html"] = fragment
    if "svg" in target.image_kinds:
        bundle["image/svg+xml"] = _value(target, lambda: chart_image(spec, "svg").decode("utf-8"))
    if "png" in target.image_kinds:
        bundle["image/png"] = _value(target, lambda: _png_text(spec, finish))
    return bundle


def _png_text(spec: dict[str, Any], finish: Callable[[bytes], bytes] | None) -> str:
    """Return the chart's PNG, finished by ``finish`` if given, in base64."""
    png = chart_image(spec, "png")
    return base64.b64encode(finish(png) if finish else png).decode("ascii")


def table_mimebundle(table: Any) -> dict[str, Any]:
    """Return the MIME bundle of a great_tables table for the current render target.

    Parameters
    ----------
    table : great_tables.GT or str
        The table, or the HTML great_tables made of it.

    Returns
    -------
    dict
        HTML targets: ``text/markdown`` holding the table's own HTML as a raw block
        (Quarto leaves it as it is). Other targets: ``text/markdown`` holding a Pandoc
        table (no CSS, so Typst gets no font names it does not know), as a ``Future``
        when the target takes deferred outputs. Always ``text/plain``.

    """
    html_table = table if isinstance(table, str) else table._repr_html_()
    target = render_target()
    if target.is_html:
        markdown: str | Future[str] = raw_html_block(html_table)
    else:
        markdown = _value(target, lambda: html_table_to_markdown(html_table))
    return {"text/markdown": markdown, "text/plain": "<great_tables table>"}


def _register_table_display() -> None:
    """Display great_tables tables through :func:`table_mimebundle` in a render.

    Outside a render (or outside IPython) tables keep great_tables' own HTML.
    """
    try:
        from great_tables import GT
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or render_target().format is None:
        return
    formatter = shell.display_formatter
    formatter.mimebundle_formatter.for_type(GT, table_mimebundle)
    formatter.formatters["text/html"].for_type(GT, lambda _table: None)


def warm_up(*, html: bool) -> None:
    """Start the chart workers, and building the vega-embed bundle if ``html`` and not kept.

    Called when a render is coming: both take a second or two, done beside other work.
    """
    start_workers()
    if html and _state["bundle"] is None and not _bundle_file().is_file():
        prefetch_javascript_bundle()


def setup() -> None:
    """Enable the house theme, the briefing's Altair renderer and table display in this kernel.

    Call this in the first (hidden) cell of a document. It is idempotent; the
    vega-embed bundle is inlined with the first chart displayed after this call (a
    document executed in a shared process starts its own page, as in a fresh kernel).
    """
    from analysis.theme import THEME_NAME

    _state["bundle_emitted"] = False
    if render_target().is_html:
        warm_up(html=True)  # the bundle built beside the first cells, if not kept
    alt.theme.enable(THEME_NAME)
    alt.renderers.register(RENDERER_NAME, mimebundle)
    alt.renderers.enable(RENDERER_NAME)
    _register_table_display()
