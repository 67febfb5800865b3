"""Every chart and table of the HTML briefing offers its data as a CSV download.

As Our World in Data's charts do: next to each chart and table, a link that saves the
table behind it (the topic's ``table()``, in the document's language) as a CSV file.
The file travels inside the page (an ``<a download>`` with a ``data:`` URI), so the
link works offline, in a saved copy, from an e-mail attachment. PDF and slides show
the chart or table alone.

The documents call :func:`chart` and :func:`table` (a topic's chart or table with its
data) or :func:`with_data` (any table with the frame it shows); each returns an object
that IPython displays through :mod:`analysis.notebook`'s per-format outputs.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl

from analysis import notebook, topics
from analysis.datapackage import for_people
from analysis.markdown import raw_html_block
from analysis.processed import ProcessedData
from analysis.strings import checked, text
from analysis.theme import Framed

#: Byte-order mark: spreadsheet programs then read the file as UTF-8 (Chinese intact).
_BOM = "\ufeff"


def csv_text(frame: pl.DataFrame) -> str:
    """Return ``frame`` as the CSV a person opens in a spreadsheet (UTF-8, BOM first).

    Whole numbers are written as integers and text a spreadsheet would run as a formula
    is neutralised (:func:`analysis.datapackage.for_people`); lists are joined by ``; ``.
    """
    flat = frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )
    return _BOM + for_people(flat).write_csv()


def csv_link(frame: pl.DataFrame, name: str, lang: str) -> str:
    """Return the HTML paragraph holding the download link of ``frame`` as ``name.csv``.

    Parameters
    ----------
    frame
        The data behind a chart or table.
    name
        The file's stem (a chart id); ``-zh`` is added in Chinese.
    lang
        The document's language: the link's words and the file name.

    Returns
    -------
    str
        ``<p class="sb-download"><a download="…" href="data:text/csv;…">…</a></p>``.

    """
    payload = base64.b64encode(csv_text(frame).encode("utf-8")).decode("ascii")
    filename = f"{name}{'' if checked(lang) == 'en' else '-' + lang}.csv"
    words = text("download.csv", lang, n=frame.height)
    return (
        f'<p class="sb-download"><a download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{payload}" type="text/csv">'
        f"{html.escape(words)}</a></p>"
    )


@dataclass(frozen=True)
class WithData:
    """A chart or table shown with the download link of its data (HTML renders only).

    Attributes
    ----------
    shown
        A chart (an Altair chart or its Vega-Lite spec) or a table (a great_tables
        table or its HTML).
    frame
        The data offered for download.
    name
        The CSV file's stem.
    lang
        The document's language.

    """

    shown: Any
    frame: pl.DataFrame
    name: str
    lang: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Return the shown object's bundle for this render, the link after it in HTML."""
        if isinstance(self.shown, (alt.TopLevelMixin, Framed)):
            bundle = notebook.mimebundle(self.shown.to_dict())
        elif isinstance(self.shown, dict):
            bundle = notebook.mimebundle(self.shown)
        else:
            bundle = notebook.table_mimebundle(self.shown)
        if not notebook.render_target().is_html:
            return bundle
        link = raw_html_block(csv_link(self.frame, self.name, self.lang))
        return {**bundle, "text/markdown": bundle["text/markdown"] + "\n\n" + link}


def chart(chart_id: str, data: ProcessedData, *, lang: str = "en") -> WithData:
    """Return topic ``chart_id``'s chart (:func:`analysis.topics.spec`) with its table as CSV."""
    shown = topics.spec(chart_id, data, lang=lang)
    return WithData(shown, _table(chart_id, data, lang), chart_id, lang)


def table(chart_id: str, data: ProcessedData, *, lang: str = "en") -> WithData:
    """Return topic ``chart_id``'s table (:func:`analysis.topics.table_html`) and its CSV."""
    return WithData(
        topics.table_html(chart_id, data, lang=lang), _table(chart_id, data, lang), chart_id, lang
    )


def _table(chart_id: str, data: ProcessedData, lang: str) -> pl.DataFrame:
    """Return the table behind topic ``chart_id``'s chart, over the reports it covers."""
    t = topics.topic(chart_id)
    return t.table(topics.scoped(t, data), lang=lang)


def with_data(shown: Any, frame: pl.DataFrame, name: str, *, lang: str = "en") -> WithData:
    """Return any chart or table with ``frame`` offered as ``name.csv``."""
    return WithData(shown, frame, name, lang)
