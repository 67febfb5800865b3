"""Dated events: meetings, entries into force, adoptions, trainings with dates."""

from __future__ import annotations

import datetime as dt
import re

from analysis.extract._numbers import DateSpan
from analysis.reference import EventType

_PERIOD_WORDS = re.compile(r"本报告所述期间|reporting period|所述期间", re.I)
#: A date a count is stated at ("as at 30 June 2017, 92 States had ratified"): no event.
_AS_AT = re.compile(r"(?:\bas (?:at|of)|截至|截止)\s*$", re.I)
#: A deadline or a target ("by 2024", "by September 2021", 到 2030 年): no event.
_BY = re.compile(r"(?:\bby|到)\s*$", re.I)
#: A span named a period just after it ("在 2016 至 2017 年期间"): the time data cover.
_PERIOD_AFTER = re.compile(r"\s*年?\s*(?:期间|这段时间)")
#: The start of a time counted from ("since 2015", 自 2014 年…以来): an event only when
#: its own keyword follows at once ("自 2013 年设立以来" dates an establishment).
_SINCE = re.compile(r"\bsince\s*$", re.I)
_SINCE_ZH = (re.compile(r"自\s*$"), re.compile(r"[^，。；]{0,12}以来"))
_SINCE_KEYWORD_WITHIN = 3


def event_type(
    clause: str,
    span: DateSpan,
    clause_start: int,
    types: tuple[EventType, ...],
    *,
    annex: bool = False,
    period: tuple[dt.date, dt.date] | None = None,
) -> str | None:
    """Return the kind of event a dated clause reports, or None when it only dates a period.

    Parameters
    ----------
    clause
        The sentence around the date.
    span
        The date (positions in the line).
    clause_start
        Where the clause starts in the line.
    types
        The event types of ``data/reference/event_types.csv``, with their keywords.
    annex
        The clause is an annex cell: a dated cell is an activity even without a keyword.
    period
        The report's reporting period: a span that is the period itself is no event.

    Returns
    -------
    str or None
        The keyword nearest to the date decides; None for a period's
        dates, the date a count is stated at ("as at 30 June 2017", 截至), a deadline
        or a target ("by 2024", 到 2030 年) and the start of a time counted from
        ("since 2015").

    """
    at = span.start - clause_start
    before, after = clause[: max(0, at)], clause[span.end - clause_start :]
    if _only_dates_a_period(span, before, after, period):
        return None
    if not annex and (_AS_AT.search(before[-20:]) or _BY.search(before[-6:])):
        return None
    since = bool(
        _SINCE.search(before[-8:]) or _SINCE_ZH[0].search(before[-4:]) and _SINCE_ZH[1].match(after)
    )
    best: tuple[int, str] | None = None
    for kind in types:
        for m in kind.pattern.finditer(clause) if kind.pattern else ():
            distance = abs(m.start() - at)
            if since and not 0 <= m.start() - (at + len(span.text)) <= _SINCE_KEYWORD_WITHIN:
                continue
            if best is None or distance < best[0]:
                best = (distance, kind.event_type)
    if best is None:
        return "activity" if annex else None
    return best[1]


def _only_dates_a_period(
    span: DateSpan, before: str, after: str, period: tuple[dt.date, dt.date] | None
) -> bool:
    """Tell a span that dates a period (the reporting period, a period of data)."""
    if span.date_start == span.date_end:
        return False
    if period is not None and (span.date_start, span.date_end) == period:
        return True
    return bool(_PERIOD_WORDS.search(before[-40:]) or _PERIOD_AFTER.match(after))
