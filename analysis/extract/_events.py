"""Dated events: meetings, entries into force, adoptions, trainings with dates."""

from __future__ import annotations

import re

from analysis.extract._numbers import DateSpan

_EVENT_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("entry_into_force", re.compile(r"生效|entered into force|entry into force", re.I)),
    ("adoption", re.compile(r"通过了|通过|adopted|adoption", re.I)),
    ("training", re.compile(r"培训|讲习班|课程|研讨会|training|workshop|course|seminar", re.I)),
    ("meeting", re.compile(r"会议|辩论|磋商|meeting|debate|conference|session", re.I)),
    # 建立 alone is left out: 建立伙伴关系 ("in partnership with") is not a founding.
    ("establishment", re.compile(r"设立|成立|established|created|set up", re.I)),
    ("launch", re.compile(r"出台|推出|启动|launch(?:ed)?|introduced|rolled out", re.I)),
    ("assessment", re.compile(r"评估|assessment", re.I)),
    ("publication", re.compile(r"印发|发表|出版|published|issued", re.I)),
    ("visit", re.compile(r"访问|visit|mission", re.I)),
)
_PERIOD_WORDS = re.compile(r"本报告所述期间|reporting period|所述期间", re.I)


def event_type(
    clause: str, span: DateSpan, clause_start: int, *, annex: bool = False
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
    annex
        The clause is an annex cell: a dated cell is an activity even without a keyword.

    Returns
    -------
    str or None
        The keyword nearest to the date decides.

    """
    before = clause[: max(0, span.start - clause_start)]
    if span.date_start != span.date_end and _PERIOD_WORDS.search(before[-40:]):
        return None
    best: tuple[int, str] | None = None
    for kind, pattern in _EVENT_TYPES:
        for m in pattern.finditer(clause):
            distance = abs(m.start() - (span.start - clause_start))
            if best is None or distance < best[0]:
                best = (distance, kind)
    if best is None:
        return "activity" if annex else None
    return best[1]
