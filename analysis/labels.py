"""Reader-facing text: qualified numbers, indicator and category labels, source lines.

Every chart and table takes its wording from here, so that "more than 100" is
always shown as ``100+`` and every source line has the same shape. Text from the
data that goes into a document's Markdown (inline values, captions) passes through
`markdown_text`, so it is read as text in every format, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from analysis.reference import vocabulary

#: Label of an annex activity outside the table's category columns.
_NO_CATEGORY = "Outside the table"
#: ASCII punctuation that Pandoc Markdown may read as markup, escaped by a backslash.
#: Left out: , ; ? / (never markup alone). Quotes are escaped: no smart quotes in data.
_MARKUP = re.compile(r"""([!"#$%&'()*+\-.:<=>@\[\\\]^_`{|}~])""")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]+")


def markdown_text(value: object) -> str:
    r"""Return ``value`` as Markdown that Pandoc reads back as exactly that text.

    Every ASCII punctuation character that could start markup (emphasis, links,
    images, raw HTML or code, math, citations, headings, lists, divs …) is
    backslash-escaped, and line breaks and control characters become one space, so
    a value can neither add a block nor leave the paragraph it is put in. Use it for
    every piece of data put into a document's Markdown.

    Parameters
    ----------
    value
        Any value; ``str()`` of it is escaped.

    Returns
    -------
    str
        One line of Markdown.

    Examples
    --------
    >>> print(markdown_text("A/70/1 ![x](/etc/passwd)"))
    A/70/1 \!\[x\]\(/etc/passwd\)
    """
    one_line = _CONTROL_OR_SPACE.sub(" ", str(value)).strip()
    return _MARKUP.sub(r"\\\1", one_line)


def format_number(value: float, unit: str | None = None) -> str:
    """Format a number for a reader: thousands separators, US$ millions.

    Parameters
    ----------
    value
        The number.
    unit
        Its unit; ``"USD"`` gives ``US$3.1 million`` style.

    Returns
    -------
    str

    """
    if unit == "USD":
        if abs(value) >= 1_000_000:
            return f"US${value / 1_000_000:,.1f} million".replace(".0 million", " million")
        return f"US${value:,.0f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def qualified_label(value: float, qualifier: str | None, unit: str | None = None) -> str:
    """Return a number as a reader should see it, keeping its qualifier visible.

    Parameters
    ----------
    value
        The number.
    qualifier
        One of exact, approximately, more_than, less_than, at_least, at_most.
    unit
        Optional unit (``USD`` formats as money).

    Returns
    -------
    str
        ``"100+"`` for more than 100, ``"~100"`` for about 100, ``"<2"`` for less than 2.

    Examples
    --------
    >>> qualified_label(100, "more_than")
    '100+'
    >>> qualified_label(500, "approximately")
    '~500'

    """
    template = vocabulary().qualifiers.get(qualifier or "exact", "{n}")
    return template.format(n=format_number(value, unit))


def combine_qualifiers(qualifiers: Iterable[str | None]) -> str:
    """Return the qualifier of a sum of qualified numbers.

    Parameters
    ----------
    qualifiers
        Qualifiers of the summed figures.

    Returns
    -------
    str
        The common qualifier when all agree; ``approximately`` otherwise.

    """
    found = {q or "exact" for q in qualifiers}
    if len(found) == 1:
        return found.pop()
    if found <= {"exact", "more_than", "at_least"}:
        return "at_least" if "at_least" in found else "more_than"
    return "approximately"


def indicator_label(code: str) -> str:
    """Return the English label of an indicator code (``data/reference/indicators.csv``).

    Parameters
    ----------
    code
        An indicator code.

    Returns
    -------
    str
    """
    return vocabulary().indicator(code).label_en


def category_codes() -> tuple[str, ...]:
    """Return the annex category codes in the order the report prints its columns."""
    return tuple(c.category for c in vocabulary().categories)


def category_label(code: str | None) -> str:
    """Return the English label of an annex category code (``categories.csv``)."""
    labels = {c.category: c.label_en for c in vocabulary().categories}
    return labels.get(code or "", _NO_CATEGORY)


def _compress_rows(rows: list[int]) -> str:
    """Return ``1–5, 9`` for row numbers [1, 2, 3, 4, 5, 9]."""
    rows = sorted(set(rows))
    spans: list[str] = []
    start = prev = rows[0]
    for row in [*rows[1:], None]:
        if row is not None and row == prev + 1:
            prev = row
            continue
        spans.append(str(start) if start == prev else f"{start}–{prev}")
        if row is not None:
            start = prev = row
    return ", ".join(spans)


def _para_key(location: str) -> tuple[int, str]:
    match = re.search(r"\d+", location)
    return (int(match.group()) if match else 10**6, location)


def source_line(sources: pl.DataFrame, locations: pl.DataFrame, *, max_listed: int = 6) -> str:
    """Return the source line of a chart or table.

    Parameters
    ----------
    sources
        The ``sources`` table (``source_id``, ``citation``).
    locations
        Rows with ``source_id``, ``location`` and ``annex_row`` (null for text
        outside the annex) of the figures, activities or events drawn.
    max_listed
        Annex rows are named one by one up to this many; beyond, their row numbers.

    Returns
    -------
    str
        ``"Source: UN Secretary-General, A/71/438 (2016, English), para 23; annex
        rows UNDP | 布隆迪."``

    """
    if locations.is_empty():
        return "Source: " + "; ".join(sources["citation"].to_list()) + "."
    parts: list[str] = []
    cited = (
        sources.select("source_id", "citation")
        .join(locations.select("source_id").unique(), on="source_id", how="semi")
        .sort("source_id")
    )
    for source_id, citation in cited.iter_rows():
        mine = locations.filter(pl.col("source_id") == source_id)
        texts = mine.filter(pl.col("annex_row").is_null())
        annex = mine.filter(pl.col("annex_row").is_not_null())
        pieces: list[str] = []
        paras = sorted(set(texts["location"].to_list()), key=_para_key)
        if paras:
            numbers = [p.removeprefix("para ") for p in paras]
            plain = all(n.isdigit() for n in numbers)
            pieces.append(
                ("para " if len(paras) == 1 else "paras ") + ", ".join(numbers)
                if plain
                else ", ".join(paras)
            )
        if not annex.is_empty():
            labels = (
                annex.sort("annex_row")
                .unique("location", keep="first", maintain_order=True)["location"]
                .str.replace(r"^annex: ", "")
                .str.replace(r" \| [a-z_]+$", "")
                .unique(maintain_order=True)
                .to_list()
            )
            rows = [int(r) for r in annex["annex_row"].to_list()]
            if len(labels) <= max_listed:
                pieces.append("annex rows " + "; ".join(labels))
            else:
                pieces.append("annex rows " + _compress_rows(rows))
        parts.append(citation + (", " + "; ".join(pieces) if pieces else ""))
    return "Source: " + " · ".join(parts) + "."


def short_place(name: str | None, limit: int = 34) -> str:
    """Return a place or group name short enough for an axis label.

    Parameters
    ----------
    name
        The English subject (country, region, group, organisation).
    limit
        Longest label kept as is.

    Returns
    -------
    str
        Parenthesised abbreviations when the name has them (``"ECCAS, ECOWAS"``),
        ``"Regional project (8 countries)"`` for a listed project, otherwise the name,
        cut at a word with ``…`` when longer than ``limit``.

    """
    if not name:
        return "(no place named)"
    if len(name) <= limit:
        return name
    abbreviations = re.findall(r"\(([A-Z][A-Za-z]{1,9})\)", name)
    if abbreviations:
        return ", ".join(abbreviations)
    head, sep, tail = name.partition(":")
    if sep and "," in tail:
        return f"{head.strip()} ({tail.count(',') + 1} countries)"
    cut = name[:limit].rsplit(" ", 1)[0].rstrip(",;")
    return cut + "…"
