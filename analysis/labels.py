"""Reader-facing text in English or Chinese: numbers, names, dates, locations, source lines.

Every chart and table takes its wording from here (and from :mod:`analysis.strings`),
so that "more than 100" is always ``100+`` in English and ``100 多`` in Chinese, and
every source line has the same shape. Names come from the reference data
(:func:`analysis.reference.vocabulary`, :func:`analysis.reference.chinese_names`),
never from code. Every function takes ``lang`` (``en`` or ``zh``); English is the default.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable, Sequence

import polars as pl

from analysis.reference import chinese_names, vocabulary
from analysis.strings import checked, text
from analysis.text_width import display_width, has_cjk

#: Between the sentences a figure summed from several statements quotes.
QUOTE_SEPARATOR = " … "

#: A no-break space: the thousands separator of Chinese UN documents (``9 824``).
NBSP = "\u00a0"
#: Characters that never start a line (closing punctuation) or end one (opening).
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】”’…%,.;:!?)]}")
_NO_LINE_END = frozenset("（「『《〈【“‘([{")


def _group(digits: str, lang: str) -> str:
    """Return ``9,824`` (en) or ``9 824`` with a no-break space (zh) for ``9,824``."""
    return digits.replace(",", NBSP) if lang == "zh" else digits


def format_number(value: float, unit: str | None = None, lang: str = "en") -> str:
    """Format a number as the language's UN documents write it.

    Parameters
    ----------
    value
        The number.
    unit
        Its unit; ``"USD"`` gives ``US$3.1 million`` (en) or ``310 万美元`` (zh).
    lang
        ``en`` (``9,824``) or ``zh`` (``9 824``, a no-break space between groups).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(3_100_000, "USD", "zh")
    '310 万美元'
    """
    if unit == "USD":
        return _money(value, checked(lang))
    digits = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return _group(digits, checked(lang))


def _money(value: float, lang: str) -> str:
    number, suffix = _money_parts(value, lang)
    return ("US$" + number + suffix) if lang == "en" else number + suffix


def _money_parts(value: float, lang: str) -> tuple[str, str]:
    """Return the number and the words after it: ``3.1``, `` million``; ``310``, `` 万美元``."""
    if lang == "zh":
        for size, word in ((1e8, "亿"), (1e4, "万")):
            if abs(value) >= size:
                return _group(f"{value / size:,.1f}".removesuffix(".0"), lang), f" {word}美元"
        return _group(f"{value:,.0f}", lang), " 美元"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f}".removesuffix(".0"), " million"
    return f"{value:,.0f}", ""


def qualified_label(
    value: float,
    qualifier: str | None,
    unit: str | None = None,
    lang: str = "en",
    high: float | None = None,
) -> str:
    """Return a number as a reader should see it, keeping its qualifier visible.

    Parameters
    ----------
    value
        The number (for a range, its lower bound).
    qualifier
        One of exact, approximately, more_than, less_than, at_least, at_most, range.
    unit
        Optional unit (``USD`` formats as money).
    lang
        ``en`` or ``zh`` (templates from ``qualifiers.csv``).
    high
        The upper bound of a range (the figure's ``value_high``).

    Returns
    -------
    str
        ``"100+"`` / ``"100 多"`` for more than 100, ``"~100"`` / ``"约 100"`` for about 100,
        ``"30–40"`` for a range.

    Examples
    --------
    >>> qualified_label(100, "more_than")
    '100+'
    >>> qualified_label(500, "approximately", lang="zh")
    '约 500'
    >>> qualified_label(30, "range", high=40)
    '30–40'

    """
    vocab = vocabulary()
    templates = vocab.qualifiers_zh if checked(lang) == "zh" else vocab.qualifiers
    template = templates.get(qualifier or "exact", "{n}")
    upper = format_number(high, unit, lang) if high is not None else "?"
    if lang == "zh" and unit == "USD":
        number, suffix = _money_parts(value, lang)
        upper = _money_parts(high, lang)[0] if high is not None else "?"
        # "310 万美元", "约 310 万美元", but "310 多万美元": words after the number join up.
        joined = suffix if template.endswith(("{n}", "{high}")) else suffix[1:]
        return template.format(n=number, high=upper) + joined
    return template.format(n=format_number(value, unit, lang), high=upper)


def combine_qualifiers(qualifiers: Iterable[str | None]) -> str:
    """Return the qualifier of a sum of qualified numbers.

    Parameters
    ----------
    qualifiers
        Qualifiers of the summed figures.

    Returns
    -------
    str
        The common qualifier when all agree; ``range`` for exact figures and ranges (the
        bounds add up); ``approximately`` otherwise.

    """
    found = {q or "exact" for q in qualifiers}
    if len(found) == 1:
        return found.pop()
    if found == {"exact", "range"}:
        return "range"  # lower bounds add up to the lower bound, upper ones to the upper
    if found <= {"exact", "more_than", "at_least"}:
        return "at_least" if "at_least" in found else "more_than"
    return "approximately"


def indicator_label(code: str, lang: str = "en") -> str:
    """Return the label of an indicator code in ``lang`` (``data/reference/indicators.csv``)."""
    ind = vocabulary().indicator(code)
    return ind.label_zh if checked(lang) == "zh" else ind.label_en


def series_label(code: str, lang: str = "en") -> str:
    """Return the label of a tracked series in ``lang`` (``data/reference/series.csv``)."""
    found = next(s for s in vocabulary().series if s.series == code)
    return found.label_zh if checked(lang) == "zh" else found.label_en


def category_codes() -> tuple[str, ...]:
    """Return the annex category codes in the order the report prints its columns."""
    return tuple(c.category for c in vocabulary().categories)


def category_label(code: str | None, lang: str = "en") -> str:
    """Return the label of an annex category code in ``lang`` (``categories.csv``)."""
    zh = checked(lang) == "zh"
    labels = {c.category: c.label_zh if zh else c.label_en for c in vocabulary().categories}
    return labels.get(code or "", text("category.none", lang))


def entity_label(name: str, lang: str = "en") -> str:
    """Return a UN entity's short name (``UNDP``) in ``lang`` (``开发署``; ``entities.csv``)."""
    if checked(lang) == "en":
        return name
    return chinese_names().entities.get(name, name)


def place_label(name: str | None, lang: str = "en") -> str:
    """Return a place, region, group or instrument named in English in ``lang``.

    A list (``Burkina Faso, Liberia``) or a project with its countries
    (``Regional project: Chad, Mali``) is named part by part.

    Examples
    --------
    >>> place_label("Regional project: Chad, Mali", "zh")
    '区域项目：乍得、马里'
    """
    if not name:
        return text("place.none", lang)
    if checked(lang) == "en":
        return name
    names = chinese_names().places
    if name in names:
        return names[name]
    head, sep, tail = name.partition(": ")
    if sep and head in names:
        return names[head] + "：" + _chinese_list(tail, names)
    return _chinese_list(name, names)


def _chinese_list(name: str, names: dict[str, str]) -> str:
    """Return ``a, b, c`` in Chinese, ``、``-separated, taking the longest known name first.

    A part no reference file names is kept as written (a test checks there is none).
    """
    parts = name.split(", ")
    out: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = ", ".join(parts[i:j])
            if candidate in names or j == i + 1:
                out.append(names.get(candidate, candidate))
                i = j
                break
    return "、".join(out)


def kind_label(kind: str | None, lang: str = "en") -> str:
    """Return the kind of a subject (``country``, ``region`` …) in ``lang``."""
    return text(f"kind.{kind}", lang) if kind else ""


def short_place(name: str | None, limit: int = 34, *, lang: str = "en") -> str:
    """Return a place or group name short enough for an axis label, in ``lang``.

    Parameters
    ----------
    name
        The English subject (country, region, group, organisation).
    limit
        Widest label kept as is (in Latin characters; a Chinese one counts two).
    lang
        ``en`` or ``zh``.

    Returns
    -------
    str
        Parenthesised abbreviations when the name has them (``"ECCAS, ECOWAS"``,
        ``"中非经共体、西非经共体"``), ``"Regional project (8 countries)"`` for a listed
        project, otherwise the name, cut with ``…`` when wider than ``limit``.

    """
    if not name:
        return text("place.none", lang)
    shown = place_label(name, lang)
    if display_width(shown) <= limit:
        return shown
    abbreviations = re.findall(r"[(（]([A-Z][A-Za-z]{1,9}|[^()（）]{2,6})[)）]", shown)
    if abbreviations and len(abbreviations) == len(re.findall(r"[(（]", shown)):
        return ("、" if lang == "zh" else ", ").join(abbreviations)
    head, sep, tail = name.partition(":")
    if sep and "," in tail:
        return text("place.countries", lang, head=place_label(head, lang), n=tail.count(",") + 1)
    return _cut(shown, limit)


def _cut(value: str, limit: int) -> str:
    """Return ``value`` cut to ``limit`` width (at a word in Latin text) with ``…``."""
    if not has_cjk(value):
        return value[:limit].rsplit(" ", 1)[0].rstrip(",;") + "…"
    out = ""
    for char in value:
        if display_width(out + char) > limit - 1:
            break
        out += char
    return out.rstrip("，、；") + "…"


def date_label(day: dt.date | None, precision: str = "day", lang: str = "en") -> str:
    """Return a date as a reader writes it: ``24 July 2015`` / ``2015 年 7 月 24 日``.

    Parameters
    ----------
    day
        The date (None: "undated").
    precision
        ``day``, ``month`` (``July 2015`` / ``2015 年 7 月``) or ``year``.
    lang
        ``en`` or ``zh``.
    """
    if day is None:
        return text("date.none", lang)
    if checked(lang) == "zh":
        parts = {"year": "{y} 年", "month": "{y} 年 {m} 月"}
        return parts.get(precision, "{y} 年 {m} 月 {d} 日").format(
            y=day.year, m=day.month, d=day.day
        )
    formats = {"year": "%Y", "month": "%B %Y"}
    return day.strftime(formats[precision]) if precision in formats else f"{day.day} {day:%B %Y}"


def period_label(start: dt.date | None, end: dt.date | None, lang: str = "en") -> str:
    """Return a reporting period: ``August 2014 to July 2015`` / ``2014 年 8 月至 2015 年 7 月``."""
    if start is None or end is None:
        return text("period.unknown", lang)
    return text(
        "period.range",
        lang,
        start=date_label(start, "month", lang),
        end=date_label(end, "month", lang),
    )


def signed_change(change: float | None, unit: str | None = None, lang: str = "en") -> str:
    """Return a change with its sign (``+3,750``, ``−2,395``, ``no change``); empty if none."""
    if change is None:
        return ""
    if change == 0:
        return text("change.none", lang)
    return ("+" if change > 0 else "−") + format_number(abs(change), unit, lang)


def language_name(code: str, lang: str = "en") -> str:
    """Return the name of a report's language (``zh``) in ``lang``: ``Chinese`` / ``中文``."""
    return text(f"language.{code}", lang)


def citation(source: dict, lang: str = "en") -> str:
    """Return the short citation of a report (a row of ``sources``) in ``lang``.

    English uses the report's own ``citation`` (``source.yml``); Chinese is built from
    the report's date, symbol and language.
    """
    if checked(lang) == "en" and source.get("citation"):
        return str(source["citation"])
    symbol = source.get("symbol") or ""
    return text(
        "citation",
        lang,
        symbol=(", " if lang == "en" else "，") + symbol if symbol else "",
        date=date_label(source["date"], "day", lang),
        language=language_name(source["language"], lang),
    )


_ANNEX = re.compile(r"^annex: (?P<entity>.+?) \| (?P<row>.*) \| (?P<category>[a-z_]+)$")
_NUMBERED = re.compile(r"^(?P<kind>para|footnote|summary|annex line)\s*(?P<n>\d*)$")


def location_label(location: str, place: str | None = None, lang: str = "en") -> str:
    """Return where in the report a figure is, as a reader of ``lang`` says it.

    Parameters
    ----------
    location
        The ``location`` column (``para 30``, ``annex: UNDP | 布隆迪 | training_awareness``).
    place
        The English place of the annex row (the row label as printed is used without).
    lang
        ``en`` or ``zh``.

    Returns
    -------
    str
        ``para 30`` / ``第 30 段``; ``Annex, UNDP, Burundi (training and awareness)`` /
        ``附件：开发署，布隆迪（培训/提高认识）``.
    """
    annex = _ANNEX.match(location)
    if annex:
        category = annex["category"]
        values = {
            "entity": entity_label(annex["entity"], lang),
            "place": place_label(place, lang) if place else annex["row"].rstrip("*"),
        }
        if category not in category_codes():
            return text("location.annex", lang, **values)
        label = category_label(category, lang)
        return text(
            "location.annex_category",
            lang,
            **values,
            category=label.lower() if lang == "en" else label,
        )
    numbered = _NUMBERED.match(location)
    if numbered:
        return text("location." + numbered["kind"].replace(" ", "_"), lang, n=numbered["n"])
    return location


def annex_row_label(location: str, place: str | None, lang: str = "en") -> str:
    """Return an annex row as a source line names it: ``UNDP, Burundi`` / ``开发署，布隆迪``."""
    annex = _ANNEX.match(location)
    if not annex:
        return location
    where = place_label(place, lang) if place else annex["row"].rstrip("*")
    return entity_label(annex["entity"], lang) + ("，" if lang == "zh" else ", ") + where


def listing(items: Sequence[str], lang: str = "en", *, limit: int = 6) -> str:
    """Return ``a, b and c`` / ``a、b 和 c`` (``… and N more`` beyond ``limit``)."""
    items = list(items)
    if len(items) > limit:
        items = [*items[:limit], text("listing.more", lang, n=len(items) - limit)]
    if len(items) <= 1:
        return "".join(items)
    return text(
        "listing.and", lang, head=text("listing.sep", lang).join(items[:-1]), last=items[-1]
    )


def wrap_text(value: str, width: int) -> list[str]:
    """Wrap ``value`` to lines of about ``width`` Latin characters.

    Latin text wraps at spaces (:func:`textwrap.wrap`); Chinese text may break between
    any two characters (a Chinese character counts two), but never before closing
    punctuation (``，。）``) nor after opening punctuation (``（《``).
    """
    if not has_cjk(value):
        return textwrap.wrap(value, width)
    lines: list[str] = []
    line = ""
    for unit in re.findall(r"[A-Za-z0-9$.,%/'’\-]+|\s|.", value):
        if unit.isspace() and not line:
            continue
        fits = display_width(line + unit) <= width or not line.strip()
        if fits or unit[0] in _NO_LINE_START:
            line += unit
            continue
        carried = ""
        while line and line[-1] in _NO_LINE_END:
            line, carried = line[:-1], line[-1] + carried
        lines.append(line.rstrip())
        line = (carried + unit).lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _paragraphs(texts: pl.DataFrame, lang: str) -> str:
    """Return ``para 23`` / ``paras 23, 30`` / ``第 23、30 段`` for text locations."""
    paras = sorted(set(texts["location"].to_list()), key=_para_key)
    numbers = [p.removeprefix("para ") for p in paras]
    if not all(n.isdigit() for n in numbers):
        return text("listing.sep_list", lang).join(location_label(p, None, lang) for p in paras)
    key = "source.para" if len(paras) == 1 else "source.paras"
    return text(key, lang, n=text("listing.sep", lang).join(numbers))


def _annex(annex: pl.DataFrame, lang: str, max_listed: int) -> str:
    """Return the annex rows of a source line: named one by one, or their numbers."""
    rows = annex.sort("annex_row").unique("location", keep="first", maintain_order=True)
    places = rows["place"] if "place" in rows.columns else pl.Series([None] * rows.height)
    labels = list(
        dict.fromkeys(
            annex_row_label(loc, place, lang)
            for loc, place in zip(rows["location"], places, strict=True)
        )
    )
    if len(labels) <= max_listed:
        return text("source.annex_named", lang, rows=text("listing.sep_list", lang).join(labels))
    numbers = [int(r) for r in annex["annex_row"].to_list()]
    return text("source.annex_rows", lang, rows=_compress_rows(numbers, lang))


def _compress_rows(rows: list[int], lang: str = "en") -> str:
    """Return ``1–5, 9`` (``1–5、9`` in Chinese) for row numbers [1, 2, 3, 4, 5, 9]."""
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
    return text("listing.sep", lang).join(spans)


def _para_key(location: str) -> tuple[int, str]:
    match = re.search(r"\d+", location)
    return (int(match.group()) if match else 10**6, location)


def source_line(
    sources: pl.DataFrame, locations: pl.DataFrame, *, max_listed: int = 6, lang: str = "en"
) -> str:
    """Return the source line of a chart or table in ``lang``.

    Parameters
    ----------
    sources
        The ``sources`` table.
    locations
        Rows with ``source_id``, ``location``, ``annex_row`` (null for text outside the
        annex) and, optionally, ``place`` (the English place of the annex row).
    max_listed
        Annex rows are named one by one up to this many; beyond, their row numbers.
    lang
        ``en`` or ``zh``.

    Returns
    -------
    str
        ``"Source: UN Secretary-General, … (24 July 2015, Chinese), para 23; annex rows
        UNDP, Burundi."`` / ``"资料来源：联合国秘书长…（2015 年 7 月 24 日，中文），第 23 段；
        附件：开发署，布隆迪。"``

    """
    cited = sources.join(locations.select("source_id").unique(), on="source_id", how="semi")
    if locations.is_empty():
        cited = sources
    parts: list[str] = []
    for source in cited.sort("source_id").iter_rows(named=True):
        mine = locations.filter(pl.col("source_id") == source["source_id"])
        pieces = []
        texts = mine.filter(pl.col("annex_row").is_null())
        if not texts.is_empty():
            pieces.append(_paragraphs(texts, lang))
        annex = mine.filter(pl.col("annex_row").is_not_null())
        if not annex.is_empty():
            pieces.append(_annex(annex, lang, max_listed))
        joined = text("listing.sep_list", lang).join(pieces)
        parts.append(citation(source, lang) + (text("source.sep", lang) + joined if joined else ""))
    return text("source.line", lang, parts=text("source.between", lang).join(parts))


def quote_marker(languages: Iterable[str], lang: str = "en") -> str:
    """Return the marker naming the language(s) quotes are in: `` (Chinese)`` / ``（中文）``."""
    names = [language_name(code, lang) for code in dict.fromkeys(languages) if code]
    return (
        text("quote.marker", lang, languages=text("listing.sep", lang).join(names)) if names else ""
    )
