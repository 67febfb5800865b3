"""Notebook-side helpers for the briefing documents.

A document's first (hidden) cell calls :func:`setup`. It registers and enables an
Altair renderer whose MIME bundle carries, for every chart:

* ``text/html``: the chart drawn by vega-embed, with the vega-embed / Vega-Lite /
  Vega JavaScript inlined (no CDN). The large bundle is emitted once per kernel
  session; later charts reuse ``window.vegaEmbed``.
* ``image/svg+xml`` and ``image/png``: static renderings made with vl-convert.

Real Quarto picks ``text/html`` for HTML and an image for Typst/PPTX; the built-in
renderer in :mod:`analysis.render` does the same.
"""

from __future__ import annotations

import base64
import html
import json
import os
import uuid
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

RENDERER_NAME = "salw_briefing"
#: Attribute marking the ``<script>`` that carries the vega-embed bundle.
BUNDLE_MARKER = "data-sb-vega-bundle"

_state: dict[str, Any] = {"bundle_emitted": False, "bundle": None}


def _vl_version() -> str:
    """Return the Vega-Lite version string Altair targets, in vl-convert's form.

    Returns
    -------
    str
        For example ``"6.4"``; falls back to vl-convert's latest if unknown.

    """
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    supported = vlc.get_vegalite_versions()
    return major_minor if major_minor in supported else supported[-1]


def _cache_dir() -> Path:
    """Return the directory caching the JavaScript bundle (``$XDG_CACHE_HOME``-aware)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "salw-briefing"


def _javascript_bundle() -> str:
    """Return the inline vega-embed bundle as a classic-script-safe string.

    Building the bundle takes about a second, so it is cached on disk per vl-convert
    and Vega-Lite version (failures to read or write the cache are ignored).

    Returns
    -------
    str
        The bundle wrapped in an IIFE (it assigns ``window.vegaEmbed`` etc.) with any
        ``</script`` sequence escaped.

    """
    if _state["bundle"] is not None:
        return _state["bundle"]
    version = _vl_version()
    cache = _cache_dir() / f"vega-bundle-vlc{getattr(vlc, '__version__', 'x')}-vl{version}.js"
    try:
        bundle = cache.read_text(encoding="utf-8")
    except OSError:
        js = vlc.javascript_bundle(vl_version=version).replace("</script", "<\\/script")
        bundle = "(function(){\n" + js + "\n})();"
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(bundle, encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            pass
    _state["bundle"] = bundle
    return bundle


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
    spec_json = json.dumps(spec).replace("</", "<\\/")
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


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Render a Vega-Lite spec into a multi-format MIME bundle.

    Parameters
    ----------
    spec : dict
        The Vega-Lite specification Altair passes to its renderer.
    **_
        Renderer options Altair may pass; ignored.

    Returns
    -------
    dict
        ``text/html``, ``image/svg+xml`` and ``image/png`` (base64) entries.

    """
    version = _vl_version()
    include_bundle = not _state["bundle_emitted"]
    html_fragment = chart_html(spec, include_bundle=include_bundle)
    _state["bundle_emitted"] = True
    svg = vlc.vegalite_to_svg(spec, vl_version=version)
    png = vlc.vegalite_to_png(spec, vl_version=version, scale=2)
    return {
        "text/html": html_fragment,
        "image/svg+xml": svg,
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": f"<Altair chart: {spec.get('mark', 'layered')}>",
    }


def setup() -> None:
    """Register and enable the briefing's Altair renderer in this kernel.

    Call this in the first (hidden) cell of a document. It is idempotent; the
    vega-embed bundle is inlined with the first chart displayed after the first call.
    """
    alt.renderers.register(RENDERER_NAME, mimebundle)
    alt.renderers.enable(RENDERER_NAME)
