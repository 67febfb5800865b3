"""Assemble a Pandoc markdown document for one output format from executed outputs.

Which of an output's MIME types is shown, and how an inline value is inserted, follow
Quarto (quarto-cli src/core/jupyter/display-data.ts and jupyter-inline.ts).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from analysis.markdown import escape_markdown, fence, html_table_to_markdown, raw_block

from ._execute import ExecutedDocument
from ._language import language
from ._qmd import Cell, substitute_inline

log = logging.getLogger("analysis.render")

#: Keys of the front matter passed on to Pandoc as metadata.
META_KEYS = ("title", "subtitle", "author", "date", "lang", "abstract", "keywords", "description")
#: Formats written by an HTML writer.
HTML_FORMATS = ("html", "revealjs")

_WIDGET = ("application/vnd.jupyter.widget-state+json", "application/vnd.jupyter.widget-view+json")
_IMAGES = ("image/svg+xml", "image/png", "image/jpeg")
#: Quarto's order of preference for HTML formats (``displayDataMimeType``).
HTML_PRIORITY = (*_WIDGET, "application/javascript", "text/html", "text/markdown", *_IMAGES)
#: Quarto's order for other formats; ``text/html`` only joins when it holds a table.
OTHER_PRIORITY = ("text/markdown", *_IMAGES)
_IMAGE_EXTENSIONS = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}

_BUNDLE = re.compile(r"<script[^>]*\bdata-sb-vega-bundle\b[^>]*>.*?</script>", re.S | re.I)
_HTML_TABLE = re.compile(r"<table", re.I)
_HTML_TABLE_END = re.compile(r"</table", re.I)


def _text(value: Any) -> str:
    """Join a notebook output field (a string or a list of lines) into one string."""
    return "".join(value) if isinstance(value, list) else str(value)


def display_mime(data: dict[str, Any], fmt: str) -> str | None:
    """Return the MIME type Quarto shows of a display output for format ``fmt``.

    Parameters
    ----------
    data : dict
        The output's MIME bundle.
    fmt : str
        ``html``, ``revealjs``, ``typst`` or ``pptx``.

    Returns
    -------
    str or None
        HTML formats prefer widgets, JavaScript and ``text/html``, then Markdown and
        images; other formats prefer Markdown, then SVG, PNG, JPEG, then an HTML table;
        all fall back to ``text/plain``. ``None`` if nothing is shown.

    """
    order: tuple[str, ...] = HTML_PRIORITY if fmt in HTML_FORMATS else OTHER_PRIORITY
    if fmt not in HTML_FORMATS and _has_html_table(data):
        order = (*order, "text/html")
    return next((mime for mime in (*order, "text/plain") if mime in data), None)


def _has_html_table(data: dict[str, Any]) -> bool:
    """Whether the bundle's ``text/html`` holds a table (Quarto then parses it)."""
    html = _text(data.get("text/html", ""))
    return bool(_HTML_TABLE.search(html) and _HTML_TABLE_END.search(html))


def inline_markdown(bundle: dict[str, Any], fmt: str) -> str:
    """Return the Markdown that replaces an inline expression, as Quarto inserts it.

    Parameters
    ----------
    bundle : dict
        The value's MIME bundle (a string value is ``{"text/plain": value}``).
    fmt : str
        The output format.

    Returns
    -------
    str
        ``text/html`` as raw inline HTML (HTML formats), ``text/markdown`` as is, and
        ``text/plain`` as literal text: Markdown characters are escaped, so a string
        holding ``|`` or ``*`` prints exactly once, as written.

    """
    mime = display_mime(bundle, fmt)
    if mime == "text/html" and fmt in HTML_FORMATS:
        return f"`{_text(bundle[mime])}`{{=html}}"
    if mime == "text/markdown":
        return _text(bundle[mime])
    return escape_markdown(_text(bundle.get("text/plain", "")))


def _date(value: Any) -> Any:
    """Resolve Quarto's special dates (``today``, ``now``, ``last-modified``)."""
    if isinstance(value, str) and value in ("today", "now", "last-modified"):
        return dt.date.today().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Assembler:
    """Build the markdown of one document for one format.

    Parameters
    ----------
    executed : ExecutedDocument
        The document executed for this format.
    fmt : str
        One of ``html``, ``revealjs``, ``typst``, ``pptx``.
    workdir : Path
        Directory where image files are written (relative paths are used).
    defaults : dict, optional
        Project-level metadata (``_quarto.yml``): the front matter overrides it.

    """

    def __init__(
        self,
        executed: ExecutedDocument,
        fmt: str,
        workdir: Path,
        defaults: dict[str, Any] | None = None,
    ) -> None:
        self.executed = executed
        self.defaults = defaults or {}
        self.fmt = fmt
        self.workdir = workdir
        self._image_count = 0
        #: HTML for the document head: the vega-embed bundle, moved out of chart outputs.
        self.head_html: str | None = None

    # -- outputs -------------------------------------------------------------
    def _write_image(self, data: str | bytes, ext: str, stem: str) -> str:
        """Write an image file into the work dir and return its relative path."""
        self._image_count += 1
        rel = f"{stem}-{self._image_count}.{ext}"
        path = self.workdir / rel
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return rel

    def _image(self, data: dict[str, Any], mime: str, cell: Cell) -> str:
        """Write an image output and return a markdown image (never an implicit figure)."""
        stem = (cell.label or f"cell-{cell.line}").replace("/", "-")
        raw = _text(data[mime])
        content: str | bytes = raw if mime == "image/svg+xml" else base64.b64decode(raw)
        rel = self._write_image(content, _IMAGE_EXTENSIONS[mime], stem)
        alt = str(cell.options.get("fig-alt", "") or "").replace('"', "'")
        return f'![]({rel}){{fig-alt="{alt}"}}' if alt else f"![]({rel})"

    def _hoist_bundle(self, text: str) -> str:
        """Move the inline vega-embed bundle from a chart's HTML into the page head.

        The bundle travels with the first chart of a kernel session; hoisting it makes
        every chart work even when that first chart is hidden for this format.
        """
        match = _BUNDLE.search(text)
        if match:
            self.head_html = self.head_html or match.group(0)
            text = text[: match.start()] + text[match.end() :]
        return text

    def _find_bundle(self) -> None:
        """Take the bundle from any executed output when no visible chart carried it."""
        for outputs in self.executed.cell_outputs.values():
            for out in outputs:
                data = out.get("data", {})
                for mime in ("text/markdown", "text/html"):
                    match = _BUNDLE.search(_text(data.get(mime, "")))
                    if match:
                        self.head_html = match.group(0)
                        return

    def _display(self, data: dict[str, Any], cell: Cell) -> str | None:
        """Render one display/execute_result output for the current format."""
        mime = display_mime(data, self.fmt)
        if mime is None:
            return None
        html_out = self.fmt in HTML_FORMATS
        if mime in _IMAGE_EXTENSIONS:
            return self._image(data, mime, cell)
        text = _text(data[mime])
        if mime == "text/markdown":
            return self._hoist_bundle(text) if html_out else text
        if mime == "text/html":
            return (
                raw_block(self._hoist_bundle(text), "html")
                if html_out
                else (html_table_to_markdown(text))
            )
        if mime == "application/javascript":
            return raw_block(f'<script type="application/javascript">\n{text}\n</script>', "html")
        if mime in _WIDGET:
            log.warning("%s: Jupyter widgets are not supported; output skipped", cell.describe())
            return None
        return fence(text)

    def _cell(self, cell: Cell) -> str:
        """Render a cell: optional echoed code, its outputs and figure/table wrapper."""
        opts = cell.options
        if opts.get("include", True) is False:
            return ""
        parts: list[str] = []
        if opts.get("echo", False) is True:
            parts.append(fence(cell.code, "python"))
        if opts.get("output", True) is not False:
            parts += self._outputs(cell)
        body = "\n\n".join(p for p in parts if p.strip())
        label = cell.label or ""
        kind = label.split("-", 1)[0] if "-" in label else ""
        if kind in ("fig", "tbl") and body:
            caption = str(opts.get(f"{kind}-cap", "") or "")
            return (
                f"::::: {{#{label} .sb-float kind={kind}}}\n\n{body}\n\n"
                f"::: sb-caption\n{caption}\n:::\n\n:::::"
            )
        return body

    def _outputs(self, cell: Cell) -> list[str]:
        """Render a cell's outputs: stdout as code (raw with ``output: asis``), displays."""
        parts: list[str] = []
        for out in self.executed.cell_outputs.get(id(cell), []):
            kind = out.get("output_type")
            if kind == "stream" and out.get("name") == "stdout":
                text = _text(out.get("text", ""))
                parts.append(text if cell.options.get("output") == "asis" else fence(text))
            elif kind in ("display_data", "execute_result"):
                rendered = self._display(out.get("data", {}), cell)
                if rendered:
                    parts.append(rendered)
        return parts

    # -- document ------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        """Return the metadata passed to Pandoc: front-matter keys and Quarto's words.

        Without a ``title`` the page title is the file name (Pandoc needs one); with one,
        Pandoc uses the title, as Quarto does. ``sb-language`` holds the crossref and
        callout words for the document's ``lang`` (and its ``language:`` overrides).
        """
        meta = {**self.defaults, **self.executed.doc.meta}
        out = {k: meta[k] for k in META_KEYS if k in meta}
        if "date" in out:
            out["date"] = _date(out["date"])
        if "title" not in out:
            out["pagetitle"] = self.executed.doc.path.stem
        out["sb-language"] = language(meta.get("lang"), meta.get("language"))
        return out

    def markdown(self) -> str:
        """Return the full Pandoc markdown source for this format."""
        chunks: list[str] = ["---\n" + yaml.safe_dump(self.metadata(), allow_unicode=True) + "---"]
        for block in self.executed.doc.blocks:
            if isinstance(block, Cell):
                chunks.append(self._cell(block))
            elif block.inline:
                bundles = self.executed.inline_values.get(id(block), [])
                values = [inline_markdown(b, self.fmt) for b in bundles]
                chunks.append(substitute_inline(block.text, values))
            else:
                chunks.append(block.text)
        body = "\n\n".join(c for c in chunks if c.strip()) + "\n"
        if self.fmt in HTML_FORMATS and self.head_html is None and "vega-embed-target" in body:
            self._find_bundle()
        return body
