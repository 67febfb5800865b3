"""Read one candidate number in context: value, unit, qualifier, indicator, quote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.extract._numbers import CLASSIFIERS, Token, multiplier_after
from analysis.reference import Indicator, Reference

_ZH_QUALIFIERS_BEFORE = (
    ("将近", "approximately"),
    ("接近", "approximately"),
    ("近", "approximately"),
    ("大约", "approximately"),
    ("大概", "approximately"),
    ("约", "approximately"),
    ("超过", "more_than"),
    ("多于", "more_than"),
    ("逾", "more_than"),
    ("超出", "more_than"),
    ("不到", "less_than"),
    ("不足", "less_than"),
    ("少于", "less_than"),
    ("至少", "at_least"),
    ("不少于", "at_least"),
    ("多达", "at_most"),
    ("最多", "at_most"),
)
_ZH_QUALIFIERS_AFTER = (
    ("多", "more_than"),
    ("余", "more_than"),
    ("以上", "more_than"),
    ("左右", "approximately"),
    ("以下", "less_than"),
)
_EN_QUALIFIERS_BEFORE = (
    ("more than", "more_than"),
    ("over", "more_than"),
    ("in excess of", "more_than"),
    ("upwards of", "more_than"),
    ("some", "approximately"),
    ("about", "approximately"),
    ("approximately", "approximately"),
    ("around", "approximately"),
    ("nearly", "approximately"),
    ("almost", "approximately"),
    ("roughly", "approximately"),
    ("close to", "approximately"),
    ("an estimated", "approximately"),
    ("at least", "at_least"),
    ("fewer than", "less_than"),
    ("less than", "less_than"),
    ("under", "less_than"),
    ("up to", "at_most"),
)
_CURRENCY_AFTER = {
    "美元": "USD",
    "欧元": "EUR",
    "United States dollars": "USD",
    "US dollars": "USD",
    "dollars": "USD",
    "euros": "EUR",
}
_CURRENCY_BEFORE = re.compile(r"(US\$|USD|\$|EUR|€|£|GBP)\s*$")
_CURRENCY_CODES = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "EUR": "EUR",
    "€": "EUR",
    "£": "GBP",
    "GBP": "GBP",
}
_ZH_MEASURES = {"千克": "kg", "公斤": "kg", "吨": "tonnes"}
_CLASSIFIER_HINTS = {
    "件": ("weapons", "weapon_parts", "ammunition", "explosive_items"),
    "枚": ("ammunition", "explosive_items"),
    "发": ("ammunition",),
    "名": ("people",),
    "位": ("people",),
    "人": ("people",),
    "次": ("meetings", "workshops", "courses"),
    "场": ("meetings", "workshops"),
    "门": ("courses",),
    "道": ("security_doors", "gates"),
}
_CLASSIFIER_UNITS = {
    "名": "people",
    "位": "people",
    "人": "people",
    "国": "states",
    "年": "years",
    "个月": "months",
    "天": "days",
    "周": "weeks",
    "小时": "hours",
    "大类": "categories",
    "类": "categories",
}
_LOW_RANK = {"weapons", "ammunition", "explosive_items", "countries", "states"}
_CONNECTORS = re.compile(r"^[\s、和及与的或/]*(?:以及)?[\s、和及与的或/]*$")
_CLAUSE_END_ZH = "。；;！？!?\t"
_STOP_CANDIDATE = re.compile(r"[。；;！？!?\t.]")
_WINDOW_END = re.compile(r"[，。；;：:,\t(（)）]")


@dataclass(frozen=True)
class FigureReading:
    """What a number says, read in its context."""

    value: float
    unit: str
    qualifier: str
    indicator: str
    quote: str
    quote_start: int
    flags: tuple[str, ...]


def clause_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence (or annex cell) around ``line[start:end]``."""
    before = [i for i in _stop_candidates(line, 0, start) if _is_stop(line, i)]
    left = before[-1] + 1 if before else 0
    after = (i for i in _stop_candidates(line, end, len(line)) if _is_stop(line, i))
    right = next(after, len(line))
    if right < len(line) and line[right] in "。；;！？!?.":
        right += 1
    while left < right and line[left].isspace():
        left += 1
    while right > left and line[right - 1].isspace():
        right -= 1
    return left, right


def _stop_candidates(line: str, lo: int, hi: int) -> Iterator[int]:
    """Yield the positions in ``line[lo:hi]`` that may end a clause (found at C speed)."""
    return (m.start() for m in _STOP_CANDIDATE.finditer(line, lo, hi))


def _is_stop(line: str, i: int) -> bool:
    return line[i] in _CLAUSE_END_ZH or _en_stop(line, i)


def _en_stop(line: str, i: int) -> bool:
    return (
        line[i] == "."
        and i + 2 < len(line)
        and line[i + 1] in " \n"
        and line[i + 2].isupper()
        and not line[max(0, i - 3) : i].endswith(("No", "para"))
    )


def read_figure(
    line: str,
    token: Token,
    next_start: int,
    ref: Reference,
    lang: str,
    context: str,
    *,
    lookahead: str = "",
    unit_before: str | None = None,
) -> FigureReading:
    """Read the figure a candidate token states.

    Parameters
    ----------
    line
        The line of the report holding the token.
    token
        The candidate token.
    next_start
        Where the next number-like token starts (the unit is looked for before it).
    ref
        Reference data (units, indicators).
    lang
        The report's language (``zh`` or ``en``).
    context
        Text around the line (paragraph, headings) used for indicator context rules.
    lookahead
        The text that continues the line after a page break (read for the unit only).
    unit_before
        The unit of the previous figure in the same sentence, for elliptical counts
        ("130 States have signed, of which 69 have ratified").

    Returns
    -------
    FigureReading

    """
    assert token.value is not None
    flags = list(token.flags)
    multiplier, pos = multiplier_after(line, token.end)
    value = token.value * multiplier
    qualifier = _qualifier_before(line[: token.start], lang)
    unit, more_after, pos = _currency_or_measure(line, token.start, pos)
    if more_after and qualifier == "exact":
        qualifier = more_after
    if token.form == "chinese" and line[token.end : token.end + 1] in ("多", "余"):
        qualifier = "more_than"
    if unit is None:
        limit = next_start if next_start < len(line) else len(line) + len(lookahead)
        unit = _unit_after(line + lookahead, pos, limit, ref, lang)
    if unit is None and unit_before is not None:
        unit = unit_before
        flags.append("unit_from_previous_figure")
    if unit is None:
        unit = "unspecified"
        flags.append("unit_not_recognised")
    start, end = clause_bounds(line, token.start, token.end)
    quote = line[start:end]
    indicator = _indicator(unit, quote, token.start - start, token.end - start, ref, context, lang)
    return FigureReading(value, unit, qualifier, indicator, quote, start, tuple(flags))


def _qualifier_before(before: str, lang: str) -> str:
    tail = before.rstrip()
    if lang == "zh" or not tail.isascii():
        for word, qual in _ZH_QUALIFIERS_BEFORE:
            if tail.endswith(word):
                return qual
    low = re.sub(r"\s+", " ", tail.lower())
    for word, qual in _EN_QUALIFIERS_BEFORE:
        if re.search(rf"(?<![a-z]){re.escape(word)}$", low):
            return qual
    low = _CURRENCY_BEFORE.sub("", tail).rstrip().lower()
    for word, qual in _EN_QUALIFIERS_BEFORE:
        if re.search(rf"(?<![a-z]){re.escape(word)}$", low):
            return qual
    return "exact"


def _currency_or_measure(
    line: str, token_start: int, pos: int
) -> tuple[str | None, str | None, int]:
    """Return (unit, qualifier written after the number, position after them)."""
    before = _CURRENCY_BEFORE.search(line[:token_start])
    rest = line[pos:]
    more = None
    m = re.match(r"\s*(多|余|以上|左右|以下)", rest)
    if m and not rest.lstrip().startswith("多个月"):
        more = dict(_ZH_QUALIFIERS_AFTER)[m.group(1)]
        pos += m.end()
        rest = line[pos:]
    en_after = re.match(r"\s*(or more|plus|\+)", rest)
    if en_after:
        more = "at_least" if en_after.group(1) == "or more" else "more_than"
        pos += en_after.end()
        rest = line[pos:]
    if before:
        return _CURRENCY_CODES[before.group(1)], more, pos
    for word, code in _CURRENCY_AFTER.items():
        m = re.match(rf"\s*{word}", rest, re.IGNORECASE)
        if m:
            return code, more, pos + m.end()
    if re.match(r"\s*[%％]", rest) or re.match(r"\s*(?:per cent|percent)\b", rest):
        return "percent", more, pos + len(rest) - len(rest.lstrip()) + 1
    for word, unit in _ZH_MEASURES.items():
        m = re.match(rf"\s*{word}", rest)
        if m:
            return unit, more, pos + m.end()
    return None, more, pos


def _unit_after(line: str, pos: int, limit: int, ref: Reference, lang: str) -> str | None:
    rest = line[pos:limit]
    stripped = rest.lstrip()
    pos += len(rest) - len(stripped)
    cls = next((c for c in CLASSIFIERS if stripped.startswith(c)), None)
    window_from = pos + (len(cls) if cls else 0)
    window = line[window_from:limit]
    cut = _WINDOW_END.search(window)
    if cut:
        window = window[: cut.start()]
    if lang == "en" or window[:1].isascii() and not cls:
        return _english_unit(window[:80], ref)
    window = window[:40]
    matches = [
        (m.start(), m.end(), ref.units[m.group(0)])
        for m in ref.unit_pattern.finditer(window)
        if len(m.group(0)) > 1 or m.start() == 0
    ]
    hints = _CLASSIFIER_HINTS.get(cls or "")
    if hints:
        hinted = [m for m in matches if m[2] in hints]
        if hinted:
            return hinted[-1][2]
        return _CLASSIFIER_UNITS.get(cls or "")
    if cls in ("国", "年", "个月", "天", "周", "小时", "大类", "类") and (
        not matches or matches[0][0] > 0
    ):
        return _CLASSIFIER_UNITS[cls]
    if re.match(r"\s*(关于|有关|就|对)", window):
        de = window.find("的")
        if de >= 0:
            matches = [m for m in matches if m[0] > de] or matches
    if not matches:
        return _CLASSIFIER_UNITS.get(cls or "")
    places = [(m.start(), m.end()) for m in ref.place_pattern.finditer(window)]
    chain = [matches[0]]
    for m in matches[1:]:
        prev = chain[-1]
        if m[0] < prev[1]:
            continue
        gap = "".join(
            ch
            for i, ch in enumerate(window[prev[1] : m[0]], prev[1])
            if not any(a <= i < b for a, b in places)
        )
        if m[2] in _LOW_RANK and prev[2] not in _LOW_RANK:
            break
        # a noun directly modifying a higher-ranked head (轻武器储存地点), not 国家武器出口
        compound = gap == "" and (m[2] not in _LOW_RANK or m[2] == prev[2])
        if not (compound or (gap and _CONNECTORS.match(gap))):
            break
        chain.append(m)
    return chain[-1][2]


_EN_COORDINATION = re.compile(r"^\s*(?:,\s*)?(?:and|or|and/or)?\s*$")


def _english_unit(window: str, ref: Reference) -> str | None:
    """Return the unit of an English noun phrase: its first noun, unless a compound head.

    "9,824 weapons and ammunition" counts weapons; "four ammunition and small arms
    storage locations" counts storage locations (a higher-ranked noun closing the phrase).
    """
    matches = [
        (m.start(), m.end(), ref.units[m.group(0)]) for m in ref.unit_pattern.finditer(window)
    ]
    if not matches:
        return None
    unit = matches[0][2]
    previous = matches[0]
    for m in matches[1:]:
        gap = window[previous[1] : m[0]]
        if gap.strip() == "" and m[2] not in _LOW_RANK and m[2] != previous[2]:
            unit = m[2]  # compound: "... weapons storage locations"
        elif not _EN_COORDINATION.match(gap):
            break
        previous = m
    return unit


def _indicator(
    unit: str, quote: str, tok_start: int, tok_end: int, ref: Reference, context: str, lang: str
) -> str:
    # Chinese puts most verbs before the number but some after (69 国已予批准); English
    # puts them before, and a participle right after the number is an adjective
    # ("782 confiscated weapons"), not what happened to them.
    after_weight = 1.5 if lang == "zh" else 2.5
    best: tuple[float, int, Indicator] | None = None
    fallback: Indicator | None = None
    for order, ind in enumerate(ref.indicators):
        if unit not in ind.units and "*" not in ind.units:
            continue
        if ind.context is not None and not ind.context.search(context + quote):
            continue
        if ind.keywords is None:
            if fallback is None and "*" not in ind.units:
                fallback = ind
            continue
        for m in ind.keywords.finditer(quote):
            if m.end() <= tok_start:
                distance = _distance(quote[m.end() : tok_start], lang)
            elif m.start() >= tok_end:
                if lang != "zh" and m.start() - tok_end <= 2:
                    continue
                distance = _distance(quote[tok_end : m.start()], lang) * after_weight
            else:
                distance = 0.0
            if best is None or (distance, order) < (best[0], best[1]):
                best = (distance, order, ind)
    if best is not None:
        return best[2].indicator
    if fallback is not None:
        return fallback.indicator
    return "other_quantity"


def _distance(between: str, lang: str) -> float:
    """Characters between a keyword and a number in Chinese, words in English."""
    if lang == "zh":
        return float(len(between))
    return float(len(between.split()))
