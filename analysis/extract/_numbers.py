"""Find every number-like token in a line of text and say what it is.

A token is either a candidate figure (a stated quantity) or excluded for a named
reason: a date, a resolution number, a document symbol, an ordinal, and so on.
Chinese and English number forms are both read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
#: Chinese measure words (classifiers) that follow a counted number, longest first.
CLASSIFIERS = (
    "个月",
    "大类",
    "个",
    "名",
    "件",
    "项",
    "次",
    "道",
    "门",
    "类",
    "国",
    "届",
    "种",
    "级",
    "批",
    "所",
    "座",
    "枚",
    "发",
    "年",
    "天",
    "周",
    "位",
    "人",
    "份",
    "起",
    "家",
    "场",
    "轮",
    "组",
    "支",
    "期",
    "小时",
)
_EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_EN_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MULTIPLIERS = {
    "万": 10_000,
    "亿": 100_000_000,
    "千万": 10_000_000,
    "百万": 1_000_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "thousand": 1000,
}

EXCLUSION_REASONS = {
    "url": "part of a web address",
    "document_symbol": "part of a UN document symbol (A/70/150, S/2015/289, ...)",
    "resolution_number": "a resolution number (69/33, 2220 (2015), ...)",
    "paragraph_reference": "a reference to a paragraph, article or footnote of a document",
    "agenda_item": "an agenda item number",
    "ordinal": "an ordinal (第二次会议, second meeting, 70th session)",
    "date": "a date or year, used as a date (periods and events are recorded separately)",
    "paragraph_number": "the report's own paragraph number",
    "footnote_marker": "a footnote marker",
    "indefinite_article": "一 + classifier used as the indefinite article ('a', 'an')",
    "term_adjective": "part of an adjective such as 三年期 ('triennial')",
    "frequency": "a frequency such as 每两年 ('every two years')",
}


@dataclass(frozen=True)
class DateSpan:
    """A date or date range stated in the text."""

    start: int
    end: int
    text: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Token:
    """A number-like token in a line."""

    start: int
    end: int
    text: str
    value: float | None
    form: str
    excluded: str | None
    flags: tuple[str, ...] = ()


_ARABIC_RE = re.compile(
    r"(?<![0-9A-Za-z])("
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"  # 9,824
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"  # 9 824
    r"|\d{1,3}[ \u00a0\u202f]\d{4,}(?=\s*[件个名道项次千万])"  # 1 2867 件 (odd grouping)
    r"|\d+(?:\.\d+)?"
    r")"
)
_ZH_NUM_RE = re.compile(
    rf"(?P<num>[{_ZH_NUMERAL}]+)(?P<more>多|余)?(?P<cls>{'|'.join(CLASSIFIERS)})"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_NUM_RE = re.compile(
    rf"\b(?P<num>(?:{_TENS})-(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(_EN_WORDS)
    + r")\b",
    re.IGNORECASE,
)
#: Full-width digits and signs (same length as ASCII, so positions hold).
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
_SUPER_RE = re.compile(rf"[{SUPERSCRIPTS}]+")

_EXCLUSION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("url", re.compile(r"(?:https?://|www\.)[^\s，。；、)）\]]+")),
    ("document_symbol", re.compile(r"\b[A-Z]{1,6}(?:/[A-Za-z0-9.\-()]+)+")),
    (
        "resolution_number",
        re.compile(r"\d{3,4}\s*\(\s*\d{4}\s*\)|(?<![\d/])\d{1,3}/\d{1,4}(?![\d/])"),
    ),
    (
        "paragraph_reference",
        re.compile(
            r"第\s*\d+\s*(?:段|条|款)|\b(?:paras?\.|paragraphs?|art\.|articles?|footnotes?)"
            r"\s*\d+(?:\s*(?:\([a-z]\))+)?(?:\s*(?:,|and|-|–)\s*\d+)*",
            re.IGNORECASE,
        ),
    ),
    ("agenda_item", re.compile(r"项目\s*\d+|\bitems?\s+\d+", re.IGNORECASE)),
    ("ordinal", re.compile(rf"第\s*(?:\d+|[{_ZH_NUMERAL}]+)|\b\d+(?:st|nd|rd|th)\b")),
]

_ZH_DATE_PART = re.compile(
    r"(?P<y>\d{4})\s*年|(?P<m>\d{1,2})\s*月|(?P<d>\d{1,2})\s*日"
    r"|(?P<yr>\d{4})(?=\s*(?:至|到|-|–|—)\s*\d{4}\s*年)"
)
_EN_DATE_RE = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:\s*(?:-|–|to|and)\s*(?P<d2>\d{1,2}))?\s+)?"
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+(?P<y>\d{4}))?"
    r"|(?P<yr>(?:19|20)\d{2})(?:\s*(?:-|–)\s*(?P<yr2>(?:19|20)?\d{2}))?",
)
_RANGE_SEP = re.compile(r"^\s*(?:至|到|-|–|—|to|until)\s*$")


def chinese_numeral_value(text: str) -> int:
    """Return the value of a Chinese numeral such as ``两``, ``十``, ``二十三``, ``一百``.

    Parameters
    ----------
    text
        The numeral, without classifier.

    Returns
    -------
    int

    """
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in ("万", "亿"):
            section = (section + digit) * _ZH_UNITS[ch]
            total += section
            section, digit = 0, 0
        else:
            section += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
    return total + section + digit


def arabic_value(text: str) -> float:
    """Return the value of a digit string with optional grouping (``9 824``, ``9,824``)."""
    return float(re.sub(r"[ ,\u00a0\u202f]", "", text))


def find_dates(line: str) -> list[DateSpan]:
    """Find dates and date ranges in a line (Chinese and English forms).

    Parameters
    ----------
    line
        One line of report text.

    Returns
    -------
    list of DateSpan
        Non-overlapping, in order of position.

    """
    spans = _zh_dates(line)
    taken = [(s.start, s.end) for s in spans]
    for m in _EN_DATE_RE.finditer(line):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.group("mon"):
            month = _EN_MONTHS[m.group("mon").lower()]
            year = int(m.group("y")) if m.group("y") else None
            if year is None:
                continue
            try:
                if m.group("d1"):
                    d1 = int(m.group("d1"))
                    d2 = int(m.group("d2")) if m.group("d2") else d1
                    span = _span(m, dt.date(year, month, d1), dt.date(year, month, d2), "day")
                else:
                    span = _span(m, dt.date(year, month, 1), _month_end(year, month), "month")
            except ValueError:  # "31 June 2015": still a date, not a figure
                span = _span(m, None, None, "invalid", ("invalid_date",))
            spans.append(span)
        else:
            after = line[m.end() : m.end() + 30].lower()
            if _followed_by_quantity_noun(after):
                continue
            y1 = int(m.group("yr"))
            y2 = y1
            if m.group("yr2"):
                tail = m.group("yr2")
                y2 = int(tail) if len(tail) == 4 else y1 // 100 * 100 + int(tail)
            spans.append(_span(m, dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"))
        taken.append((m.start(), m.end()))
    return _merge_en_ranges(line, sorted(spans, key=lambda s: s.start))


def _followed_by_quantity_noun(after: str) -> bool:
    return bool(
        re.match(
            r"\s*(?:small arms|weapons|firearms|rounds|pieces|people|persons|"
            r"officers|officials|countries|states|projects|kg|items)\b",
            after,
        )
    )


def _span(
    m: re.Match[str],
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    flags: tuple[str, ...] = (),
) -> DateSpan:
    return DateSpan(m.start(), m.end(), m.group(0), start, end, precision, flags)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _point_bounds(y: int | None, m: int | None, d: int | None) -> tuple[dt.date, dt.date, str]:
    assert y is not None
    if m is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    if d is None:
        return dt.date(y, m, 1), _month_end(y, m), "month"
    return dt.date(y, m, d), dt.date(y, m, d), "day"


def _zh_dates(line: str) -> list[DateSpan]:
    parts = list(_ZH_DATE_PART.finditer(line))
    points: list[dict] = []
    for part in parts:
        kind = "y" if part.group("y") or part.group("yr") else ("m" if part.group("m") else "d")
        value = int(part.group(kind if kind != "y" else ("y" if part.group("y") else "yr")))
        prev = points[-1] if points else None
        order = {"y": 0, "m": 1, "d": 2}
        if (
            prev is not None
            and not line[prev["end"] : part.start()].strip()
            and order[kind] > prev["last"]
            and not prev.get("open")
        ):
            prev[kind] = value
            prev["end"] = part.end()
            prev["last"] = order[kind]
            if part.group("yr"):
                prev["open"] = True
            continue
        points.append(
            {
                "start": part.start(),
                "end": part.end(),
                kind: value,
                "last": order[kind],
                "open": bool(part.group("yr")),
            }
        )
    spans: list[DateSpan] = []
    i = 0
    while i < len(points):
        try:
            i = _zh_span(line, points, i, spans)
        except ValueError:  # 2 月 30 日: still a date, not a figure
            p = points[i]
            spans.append(
                DateSpan(
                    p["start"],
                    p["end"],
                    line[p["start"] : p["end"]],
                    None,
                    None,
                    "invalid",
                    ("invalid_date",),
                )
            )
            i += 1
    return spans


def _zh_span(line: str, points: list[dict], i: int, spans: list[DateSpan]) -> int:
    """Append the date (or range) starting at ``points[i]``; return the next index."""
    p = points[i]
    q = points[i + 1] if i + 1 < len(points) else None
    if q is not None and _RANGE_SEP.match(line[p["end"] : q["start"]]):
        y1 = p.get("y", q.get("y"))
        y2 = q.get("y", y1)
        m2 = q.get("m", p.get("m") if "d" in q else None)
        if y1 is None or y2 is None:
            return i + 2
        s, _, prec = _point_bounds(y1, p.get("m"), p.get("d"))
        _, e, _ = _point_bounds(y2, m2, q.get("d"))
        flags = ("period_end_before_start",) if e < s else ()
        spans.append(DateSpan(p["start"], q["end"], line[p["start"] : q["end"]], s, e, prec, flags))
        return i + 2
    text = line[p["start"] : p["end"]]
    if p.get("y") is not None:
        s, e, prec = _point_bounds(p["y"], p.get("m"), p.get("d"))
        spans.append(DateSpan(p["start"], p["end"], text, s, e, prec))
    else:
        spans.append(DateSpan(p["start"], p["end"], text, None, None, "partial"))
    return i + 1


def _merge_en_ranges(line: str, spans: list[DateSpan]) -> list[DateSpan]:
    merged: list[DateSpan] = []
    for span in spans:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.date_start
            and span.date_end
            and re.fullmatch(r"\s*(?:-|–|to|until)\s*", line[prev.end : span.start])
            and re.search(r"(?:from|between)\s*$", line[: prev.start]) is not None
        ):
            flags = ("period_end_before_start",) if span.date_end < prev.date_start else ()
            merged[-1] = DateSpan(
                prev.start,
                span.end,
                line[prev.start : span.end],
                prev.date_start,
                span.date_end,
                prev.precision,
                flags,
            )
        else:
            merged.append(span)
    return merged


def scan_line(
    line: str, *, line_is_paragraph_start: bool = False, line_is_footnote: bool = False
) -> tuple[list[Token], list[DateSpan]]:
    """Find every number-like token in a line and classify it.

    Parameters
    ----------
    line
        One line of report text.
    line_is_paragraph_start
        The line begins with the report's own paragraph number (``12. ...``).
    line_is_footnote
        The line is a footnote (its leading marker is not a figure).

    Returns
    -------
    tokens, dates
        Tokens in order of position, with ``excluded`` set to a reason from
        ``EXCLUSION_REASONS`` or ``None`` for a candidate figure; and the dates found.

    """
    original = line
    line = line.translate(_FULLWIDTH)
    excluded, dates = _exclusions(
        line, paragraph_start=line_is_paragraph_start, footnote=line_is_footnote
    )
    tokens = [
        *_arabic_tokens(line, excluded),
        *_superscript_tokens(line),
        *_chinese_tokens(line, excluded),
        *_english_tokens(line),
    ]
    tokens.sort(key=lambda t: t.start)
    if line != original:  # full-width digits: values from ASCII, texts as written
        tokens = [replace(t, text=original[t.start : t.end]) for t in tokens]
        dates = [replace(d, text=original[d.start : d.end]) for d in dates]
    return tokens, dates


@dataclass(frozen=True)
class _Excluded:
    """Stretches of a line that hold no figure, each with its reason (first listed wins)."""

    spans: tuple[tuple[int, int, str], ...]

    def reason_at(self, start: int, end: int) -> str | None:
        """Return why ``line[start:end]`` is not a figure, or ``None`` if it may be one.

        A token inside an excluded stretch takes its reason; one that merely overlaps
        takes it too, unless the stretch is a date (a date's digits may touch a count).
        """
        for a, b, why in self.spans:
            if a <= start and end <= b or (a < end and start < b and why != "date"):
                return why
        return None


def _exclusions(
    line: str, *, paragraph_start: bool, footnote: bool
) -> tuple[_Excluded, list[DateSpan]]:
    """Return the excluded stretches of ``line`` and the dates outside the other exclusions."""
    excluded: list[tuple[int, int, str]] = []
    for reason, pattern in _EXCLUSION_PATTERNS:
        excluded.extend((m.start(), m.end(), reason) for m in pattern.finditer(line))
    dates = [
        d for d in find_dates(line) if not any(a <= d.start and d.end <= b for a, b, _ in excluded)
    ]
    excluded.extend((d.start, d.end, "date") for d in dates)
    if footnote:
        m = re.match(r"\s*\d{1,2}(?=\s)", line)
        if m:
            excluded.append((m.start(), m.end(), "footnote_marker"))
    if paragraph_start:
        m = re.match(r"\s*\d{1,3}\s*[.．]", line)
        if m:
            excluded.append((m.start(), m.end(), "paragraph_number"))
    return _Excluded(tuple(excluded)), dates


def _arabic_tokens(line: str, excluded: _Excluded) -> list[Token]:
    """Return the numbers written in digits (``9,824``, ``9 824``, ``12.5``)."""
    tokens: list[Token] = []
    for m in _ARABIC_RE.finditer(line):
        text = m.group(1)
        flags: tuple[str, ...] = ()
        digits = re.sub(r"[ ,\u00a0\u202f]", "", text)
        if re.fullmatch(r"\d{1,3}[ \u00a0\u202f]\d{4,}", text):
            flags = ("odd_digit_grouping",)
        form = "grouped" if digits != text else "digits"
        why = excluded.reason_at(m.start(1), m.end(1))
        if why is None and line[m.end(1) : m.end(1) + 1] == "." and m.start(1) == 0:
            why = "paragraph_number"
        tokens.append(Token(m.start(1), m.end(1), text, arabic_value(text), form, why, flags))
    return tokens


def _superscript_tokens(line: str) -> list[Token]:
    """Return the superscript digits (always footnote markers)."""
    return [
        Token(m.start(), m.end(), m.group(0), None, "superscript", "footnote_marker")
        for m in _SUPER_RE.finditer(line)
    ]


def _chinese_tokens(line: str, excluded: _Excluded) -> list[Token]:
    """Return the Chinese numerals followed by a measure word (``三名``, ``十二个``)."""
    tokens: list[Token] = []
    for m in _ZH_NUM_RE.finditer(line):
        num = m.group("num")
        if not any(ch in _ZH_DIGITS for ch in num) and num != "十":
            continue  # 千年 (millennium), 百年, 万: not a count without a digit
        value = chinese_numeral_value(num)
        why = excluded.reason_at(m.start("num"), m.end("num")) or _chinese_reason(line, m)
        tokens.append(Token(m.start("num"), m.end("num"), num, float(value), "chinese", why))
    return tokens


def _chinese_reason(line: str, m: re.Match[str]) -> str | None:
    """Return why a Chinese numeral is not a count (ordinal, 三年期, 每两年, 一个), if so."""
    before = line[max(0, m.start() - 1) : m.start()]
    if before == "第":
        return "ordinal"
    if m.group("cls") == "年" and line[m.end() : m.end() + 1] == "期":
        return "term_adjective"
    if before == "每":
        return "frequency"
    if m.group("num") == "一" and m.group("cls") not in ("年", "个月", "天", "周"):
        return "indefinite_article"
    return None


#: What an English number word must count (within three words) to be read as a figure.
_EN_COUNTED_RE = re.compile(
    r"\s+(?:[a-z\-]+\s+){0,3}?(?:small arms|weapons|firearms|rounds|pieces|"
    r"people|persons|officers|officials|experts|participants|countries|"
    r"States|projects|workshops|courses|meetings|seminars|entities|"
    r"organizations|partners|resolutions|years|months|days|weeks|"
    r"categories|levels|grants|sites|doors|gates)\b"
)


def _english_tokens(line: str) -> list[Token]:
    """Return the English number words that count something (``three workshops``)."""
    tokens: list[Token] = []
    for m in _EN_NUM_RE.finditer(line):
        if not _EN_COUNTED_RE.match(line[m.end() : m.end() + 40]):
            continue
        word = m.group("num").lower()
        why = "indefinite_article" if word == "one" else None
        value = sum(_EN_WORDS[part] for part in word.split("-"))
        tokens.append(Token(m.start(), m.end(), m.group("num"), float(value), "english_word", why))
    return tokens


def multiplier_after(line: str, end: int) -> tuple[float, int]:
    """Return the multiplier written after a number (``万``, ``million``) and its end."""
    m = re.match(r"\s*(千万|百万|万|亿|million|billion|thousand)(?!克)", line[end:], re.IGNORECASE)
    if not m:
        return 1.0, end
    return float(_MULTIPLIERS[m.group(1).lower()]), end + m.end()
