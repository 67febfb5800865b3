"""Dated events: meetings, entries into force, adoptions, trainings with dates."""

from __future__ import annotations

import re

from analysis.extract._numbers import DateSpan
from analysis.reference import EventType

_PERIOD_WORDS = re.compile(r"本报告所述期间|reporting period|所述期间", re.I)
#: A date a count is stated at ("as at 30 June 2017, 92 States had ratified"): no event.
_AS_AT = re.compile(r"(?:\bas (?:at|of)|截至|截止)\s*$", re.I)


def event_type(
    clause: str,
    span: DateSpan,
    clause_start: int,
    types: tuple[EventType, ...],
    *,
    annex: bool = False,
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

    Returns
    -------
    str or None
        The keyword nearest to the date decides; None for a period's dates and for the
        date a count is stated at ("as at 30 June 2017", 截至).

    """
    before = clause[: max(0, span.start - clause_start)]
    if span.date_start != span.date_end and _PERIOD_WORDS.search(before[-40:]):
        return None
    if not annex and _AS_AT.search(before[-20:]):
        return None
    best: tuple[int, str] | None = None
    for kind in types:
        for m in kind.pattern.finditer(clause) if kind.pattern else ():
            distance = abs(m.start() - (span.start - clause_start))
            if best is None or distance < best[0]:
                best = (distance, kind.event_type)
    if best is None:
        return "activity" if annex else None
    return best[1]
