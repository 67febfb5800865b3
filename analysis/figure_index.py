"""The "Every figure" appendix: one table of every figure, searchable and sortable offline.

In HTML the table comes with a search box, sort buttons on every column header and
its CSV download; a small hand-written script (``assets/figure-index.js``, inlined,
no library and no network) does the searching and sorting. In PDF (and anywhere else)
the compact table of :func:`analysis.briefing.every_figure_gt` stands in its place.
The rows are :func:`analysis.briefing.every_figure`, in the document's language.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from analysis import notebook
from analysis.briefing import EVERY_FIGURE_COLUMNS, every_figure, every_figure_gt
from analysis.downloads import csv_link
from analysis.markdown import raw_html_block
from analysis.processed import ProcessedData
from analysis.strings import checked, text
from analysis.topics import _shared

SCRIPT_FILE = Path(__file__).with_name("assets") / "figure-index.js"
#: Columns holding a reader's text that may quote Chinese as printed.
_PRINTED = ("where", "location")


@cache
def script() -> str:
    """Return the table's script (read once)."""
    return SCRIPT_FILE.read_text(encoding="utf-8")


def headers(data: ProcessedData, lang: str) -> dict[str, str]:
    """Return column -> header of the appendix, in ``lang``."""
    return {
        "value": text("figures.col.value", lang),
        "qualifier": text("figures.col.qualifier", lang),
        "unit": text("figures.col.unit", lang),
        "what": text("field.what", lang),
        "where": text("field.where", lang),
        "report": text("figures.col.report", lang),
        "location": text("figures.col.location", lang),
        "quote": _shared.quote_title(data, lang),
    }


def html_table(data: ProcessedData, rows: pl.DataFrame, lang: str) -> str:
    """Return the searchable, sortable table of ``rows`` (from ``every_figure``) as HTML."""
    head = "".join(
        f'<th scope="col" aria-sort="none"><button type="button" '
        f'title="{html.escape(text("figures.sort", lang))}">{html.escape(title)}</button></th>'
        for title in headers(data, lang).values()
    )
    body = "\n".join(_row(r, lang) for r in rows.iter_rows(named=True))
    search = html.escape(text("figures.search", lang))
    count = html.escape(text("figures.count", lang, shown="{shown}", total="{total}"))
    return (
        f'<div class="sb-figure-index" data-sb-figure-index lang="{lang}">\n'
        f'<p class="sb-figure-search"><label>{search} '
        f'<input type="search" autocomplete="off"></label> '
        f'<span data-sb-count data-template="{count}" aria-live="polite"></span></p>\n'
        f'<div class="sb-figure-scroll"><table class="sb-figure-table">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>\n</div>"
    )


def _row(row: dict[str, Any], lang: str) -> str:
    """Return one figure as a table row: the value sorts by its number, quotes marked.

    "exact" is muted: the qualifiers that matter stand out.
    """
    cells = [f'<td data-sort="{row["number"]:g}">{html.escape(row["value"])}</td>']
    for column in EVERY_FIGURE_COLUMNS[1:]:
        if column == "quote":
            value = _shared._lang_span(row["quote"], row["quote_lang"])
        elif column in _PRINTED:
            value = _shared.mark_chinese(row[column])
        else:
            value = html.escape(row[column] or "")
        muted = column == "qualifier" and row[column] == text("qualifier.exact", lang)
        cells.append(f'<td class="sb-exact">{value}</td>' if muted else f"<td>{value}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


@dataclass(frozen=True)
class FigureIndex:
    """The appendix as a cell shows it: interactive in HTML, compact elsewhere."""

    data: ProcessedData
    lang: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Return the table for this render (see the module doc)."""
        if not notebook.render_target().is_html:
            return notebook.table_mimebundle(every_figure_gt(self.data, self.lang))
        rows = every_figure(self.data, self.lang)
        page = (
            html_table(self.data, rows, self.lang)
            + "\n"
            + csv_link(rows.drop("quote_lang"), "figures", self.lang)
            + f'\n<script type="text/javascript">\n{script()}\n</script>'
        )
        return {"text/markdown": raw_html_block(page), "text/plain": "<every figure>"}


def figure_index(data: ProcessedData, *, lang: str = "en") -> FigureIndex:
    """Return the "Every figure" table of ``data`` for a document in ``lang``."""
    return FigureIndex(data, checked(lang))
