"""Assemble a Pandoc markdown document for one output format from executed outputs."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pypandoc
import yaml

from ._execute import ExecutedDocument
from ._qmd import Cell, substitute_inline

#: Keys of the front matter passed on to Pandoc as metadata.
META_KEYS = ("title", "subtitle", "author", "date", "lang", "abstract", "keywords", "description")

_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S | re.I)
_BUNDLE = re.compile(r"<script[^>]*\bdata-sb-vega-bundle\b[^>]*>.*?</script>", re.S | re.I)
_TABLE = re.compile(r"<table\b.*</table>", re.S | re.I)
_GT_HEADING = re.compile(r"<tr[^>]*class=\"[^\"]*gt_heading[^\"]*\"[^>]*>.*?</tr>", re.S | re.I)


def _text(value: Any) -> str:
    """Join a notebook output field (a string or a list of lines) into one string."""
    return "".join(value) if isinstance(value, list) else str(value)


def _fence(body: str, info: str = "") -> str:
    """Return ``body`` as a fenced code block with a fence longer than any inside it."""
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}{info}\n{body.rstrip()}\n{ticks}"


def _raw(body: str, fmt: str) -> str:
    """Return ``body`` as a raw block for Pandoc format ``fmt``."""
    return _fence(body, "{=" + fmt + "}")


def html_table_to_markdown(table_html: str) -> str:
    """Convert an HTML table (e.g. from great_tables) to a Pandoc markdown table.

    The table's ``<style>`` and great_tables' title rows are dropped (the caption
    comes from ``tbl-cap``); the rest goes through Pandoc's HTML reader.

    Parameters
    ----------
    table_html : str
        HTML containing one ``<table>``.

    Returns
    -------
    str
        A Pandoc markdown (pipe or grid) table.

    """
    cleaned = _GT_HEADING.sub("", _STYLE.sub("", table_html))
    # Keep only the table itself: wrapper <div>s with ids (great_tables adds one) make
    # Pandoc's PPTX writer drop the table.
    match = _TABLE.search(cleaned)
    if match:
        cleaned = match.group(0)
    return pypandoc.convert_text(
        cleaned,
        "markdown-simple_tables-multiline_tables",
        format="html",
        extra_args=["--wrap=none"],
    ).strip()


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
        The executed document.
    fmt : str
        One of ``html``, ``revealjs``, ``typst``, ``pptx``.
    workdir : Path
        Directory where image files are written (relative paths are used).

    """

    def __init__(self, executed: ExecutedDocument, fmt: str, workdir: Path) -> None:
        self.executed = executed
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

    def _image(self, rel: str, cell: Cell) -> str:
        """Return a markdown image (empty alt text, so never an implicit figure)."""
        alt = str(cell.options.get("fig-alt", "") or "").replace('"', "'")
        return f'![]({rel}){{fig-alt="{alt}"}}' if alt else f"![]({rel})"

    def _hoist_bundle(self, html: str) -> str:
        """Move the inline vega-embed bundle from a chart's HTML into the page head.

        The bundle travels with the first chart of a kernel session; hoisting it makes
        every chart work even when that first chart is hidden for this format.
        """
        match = _BUNDLE.search(html)
        if match:
            self.head_html = self.head_html or match.group(0)
            html = html[: match.start()] + html[match.end() :]
        return html

    def _find_bundle(self) -> None:
        """Take the bundle from any executed output when no visible chart carried it."""
        for outputs in self.executed.cell_outputs.values():
            for out in outputs:
                html = out.get("data", {}).get("text/html")
                if html is not None:
                    match = _BUNDLE.search(_text(html))
                    if match:
                        self.head_html = match.group(0)
                        return

    def _display(self, data: dict[str, Any], cell: Cell) -> str | None:
        """Render one display/execute_result output for the current format."""
        stem = (cell.label or f"cell-{cell.line}").replace("/", "-")
        asis = cell.options.get("output") == "asis"
        if asis:
            if "text/markdown" in data:
                return _text(data["text/markdown"])
            if "text/html" in data and self.fmt in ("html", "revealjs"):
                return _raw(_text(data["text/html"]), "html")
            return _text(data.get("text/plain", ""))
        html = _text(data["text/html"]) if "text/html" in data else None
        svg = _text(data["image/svg+xml"]) if "image/svg+xml" in data else None
        png = base64.b64decode(_text(data["image/png"])) if "image/png" in data else None
        is_table = html is not None and "<table" in html.lower()
        if self.fmt in ("html", "revealjs"):
            if html is not None:
                return _raw(self._hoist_bundle(html), "html")
            if svg is not None:
                return self._image(self._write_image(svg, "svg", stem), cell)
            if png is not None:
                return self._image(self._write_image(png, "png", stem), cell)
        elif self.fmt == "typst":
            if svg is not None:
                return self._image(self._write_image(svg, "svg", stem), cell)
            if png is not None:
                return self._image(self._write_image(png, "png", stem), cell)
            if is_table:
                return html_table_to_markdown(html or "")
        else:  # pptx
            if png is not None:
                return self._image(self._write_image(png, "png", stem), cell)
            if is_table:
                return html_table_to_markdown(html or "")
            if svg is not None:
                return self._image(self._write_image(svg, "svg", stem), cell)
        if "text/markdown" in data:
            return _text(data["text/markdown"])
        if "text/plain" in data:
            return _fence(_text(data["text/plain"]))
        return None

    def _cell(self, cell: Cell) -> str:
        """Render a cell: optional echoed code, its outputs and figure/table wrapper."""
        opts = cell.options
        if opts.get("include", True) is False:
            return ""
        parts: list[str] = []
        if opts.get("echo", False) is True:
            parts.append(_fence(cell.code, "python"))
        if opts.get("output", True) is not False:
            for out in self.executed.cell_outputs.get(id(cell), []):
                kind = out.get("output_type")
                if kind == "stream":
                    if out.get("name") == "stdout":
                        text = _text(out.get("text", ""))
                        parts.append(text if opts.get("output") == "asis" else _fence(text))
                elif kind in ("display_data", "execute_result"):
                    rendered = self._display(out.get("data", {}), cell)
                    if rendered:
                        parts.append(rendered)
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

    # -- document ------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        """Return the front-matter keys passed to Pandoc."""
        meta = self.executed.doc.meta
        out = {k: meta[k] for k in META_KEYS if k in meta}
        if "date" in out:
            out["date"] = _date(out["date"])
        return out

    def markdown(self) -> str:
        """Return the full Pandoc markdown source for this format."""
        chunks: list[str] = []
        meta = self.metadata()
        if meta:
            chunks.append("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---")
        for block in self.executed.doc.blocks:
            if isinstance(block, Cell):
                chunks.append(self._cell(block))
            else:
                values = self.executed.inline_values.get(id(block), [])
                chunks.append(substitute_inline(block.text, values) if block.inline else block.text)
        body = "\n\n".join(c for c in chunks if c.strip()) + "\n"
        if (
            self.fmt in ("html", "revealjs")
            and self.head_html is None
            and "vega-embed-target" in body
        ):
            self._find_bundle()
        return body
