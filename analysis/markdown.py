"""Pandoc Markdown pieces shared by the notebook side and the built-in renderer.

Cells hand Markdown to both renderers (``text/markdown`` outputs) and the built-in
renderer assembles Markdown from outputs; the fences, raw blocks, escaping and HTML-table
conversion they use live here, once.
"""

from __future__ import annotations

import re

import pypandoc

from analysis._memo import remembered

#: Quarto's documented opt-out: a raw HTML block holding this comment is not parsed into
#: Pandoc tables (quarto-cli src/resources/filters/normalize/astpipeline.lua).
NO_TABLE_PROCESSING = "<!--| quarto-html-table-processing: none -->"

#: ASCII punctuation Pandoc's Markdown may read as markup (emphasis, links, images, raw
#: HTML or code, math, citations, smart quotes, entities …), escaped by a backslash.
_MARKDOWN_SPECIAL = re.compile(r"""([!"#$%&'()*+\-.:<=>@\[\\\]^_`{|}~])""")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]+")

_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S | re.I)
_TABLE = re.compile(r"<table\b.*</table>", re.S | re.I)
_GT_HEADING = re.compile(r"<tr[^>]*class=\"[^\"]*gt_heading[^\"]*\"[^>]*>.*?</tr>", re.S | re.I)
_TFOOT = re.compile(r"<tfoot\b.*?</tfoot>", re.S | re.I)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S | re.I)
#: The class of a table's note (its footer, after it in Markdown).
TABLE_NOTE = "sb-table-note"


def fence(body: str, info: str = "") -> str:
    """Return ``body`` as a fenced block with a fence longer than any backtick run in it.

    Parameters
    ----------
    body : str
        The block's content.
    info : str
        The info string after the opening fence (``python``, ``{=html}`` ...).

    Returns
    -------
    str
        The fenced block.

    """
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}{info}\n{body.rstrip()}\n{ticks}"


def raw_block(body: str, fmt: str) -> str:
    """Return ``body`` as a raw block for Pandoc output format ``fmt``."""
    return fence(body, "{=" + fmt + "}")


def raw_html_block(html: str) -> str:
    """Return ``html`` as a raw HTML block that Quarto will not parse for tables.

    Parameters
    ----------
    html : str
        An HTML fragment (a chart, a styled table).

    Returns
    -------
    str
        A ```` ```{=html} ```` block starting with :data:`NO_TABLE_PROCESSING`.

    """
    return raw_block(f"{NO_TABLE_PROCESSING}\n{html}", "html")


def escape_markdown(text: str) -> str:
    """Return ``text`` with Markdown syntax characters backslash-escaped.

    Parameters
    ----------
    text : str
        Plain text (for example an inline expression's string value).

    Returns
    -------
    str
        One line of Markdown that reads as ``text`` literally: ``|``, ``*``, ``_``, ``@``,
        quotes, ``&lt;`` ... print as themselves; line breaks and control characters
        become one space, so a value can neither add a block nor leave its paragraph.

    """
    one_line = _CONTROL_OR_SPACE.sub(" ", text).strip()
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def html_table_to_markdown(table_html: str) -> str:
    """Convert an HTML table (e.g. from great_tables) to a Pandoc Markdown table.

    The table's ``<style>`` and great_tables' title rows are dropped (the caption comes
    from ``tbl-cap``); the rest goes through Pandoc's HTML reader. The table's footer
    (great_tables' source notes) follows the table as a ``.sb-table-note`` div, which
    the project's filter ``reports/_style/table-notes.lua`` makes the table's footer
    again: a pipe table cannot hold a row spanning every column, and as a grid table
    every row would be padded to the note's width (Pandoc then reads ten times the
    text; the appendix of ten reports took it 0.4 s).

    Parameters
    ----------
    table_html : str
        HTML containing one ``<table>``.

    Returns
    -------
    str
        A Pandoc Markdown table (pipe, or grid if a cell holds more than a line), and
        its notes.

    """
    table = _table_only(table_html)
    return remembered(
        "a Markdown table",
        ("markdown-table", table),
        lambda: _converted(table),
        lambda text: text.encode("utf-8"),
        lambda raw: raw.decode("utf-8"),
    )


def _notes_after(table: str) -> str:
    """Return ``table`` with its footer's notes in divs after it.

    Only a footer whose every row is one cell (a note, as great_tables writes its
    source notes) moves; a footer with columns (totals) stays in the table.
    """
    rows = [
        _CELL.findall(row)
        for foot in _TFOOT.findall(table)
        for row in re.findall(r"<tr\b.*?</tr>", foot, re.S | re.I)
    ]
    if not rows or any(len(cells) != 1 for cells in rows):
        return table
    notes = "".join(f'<div class="{TABLE_NOTE}">{cells[0]}</div>' for cells in rows)
    return _TFOOT.sub("", table) + notes


def _table_only(table_html: str) -> str:
    """Return the ``<table>`` of ``table_html`` without its style and title rows.

    Wrapper ``<div>``s with ids make Pandoc's PPTX writer drop the table, and the id
    great_tables gives a table (in its wrapper and style) is drawn at random each time a
    table is made: without them, a table made again the same is converted once.
    """
    cleaned = _GT_HEADING.sub("", _STYLE.sub("", table_html))
    match = _TABLE.search(cleaned)
    return _notes_after(match.group(0)) if match else cleaned


def _converted(table: str) -> str:
    """Convert with Pandoc (once per table: :func:`html_table_to_markdown` keeps it)."""
    return pypandoc.convert_text(
        table,
        "markdown-simple_tables-multiline_tables",
        format="html",
        extra_args=["--wrap=none"],
        verify_format=False,  # both are Pandoc's own: no two runs listing its formats
    ).strip()
