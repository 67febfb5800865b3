"""Analysis topics: pure functions from the processed tables to tables, charts and GT tables.

Each topic is one module with a ``CHART_ID``, an ``ACROSS_REPORTS`` flag (does it
compare reporting periods, or describe the latest one?) and six functions (see
:class:`Topic`); :func:`chart` and :func:`gt` give it the reports it covers. Every
function takes ``lang`` (``en`` or ``zh``, :data:`analysis.strings.LANGS`): the same
data, every word in that language.
:data:`TOPICS` lists them in briefing order; the chart export, the deck, the
benchmarks and the tests all read this one list. A new topic is one new module
plus one line here (see ``docs/architecture.md``).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Protocol, cast, runtime_checkable

import altair as alt
import polars as pl
from great_tables import GT

from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.series import latest_report
from analysis.strings import checked
from analysis.topics import (
    assistance,
    capacity,
    entities,
    funding,
    headlines,
    timeline,
    treaties,
    trends,
    weapons,
    worldmap,
)


@runtime_checkable
class Topic(Protocol):
    """What every topic module provides."""

    CHART_ID: str
    ACROSS_REPORTS: bool

    def table(self, data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
        """Return the topic's tidy table (reader-facing columns in ``lang``)."""
        ...

    def chart(
        self,
        data: ProcessedData,
        *,
        width: int | None = None,
        height: int | None = None,
        lang: str = "en",
    ) -> alt.TopLevelMixin:
        """Return the framed chart (title, subtitle, source line, alt text) in ``lang``."""
        ...

    def gt(self, data: ProcessedData, *, lang: str = "en") -> GT:
        """Return the house-styled table in ``lang``."""
        ...

    def describe(self, data: ProcessedData, *, lang: str = "en") -> str:
        """Return the chart's alt text in ``lang``, computed from the data."""
        ...

    def notes(self, data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
        """Return the figures the chart draws, with quotes and locations (speaker notes).

        Columns :data:`analysis.topics._shared.NOTE_COLUMNS`; no rows where the chart
        draws counts its alt text already says.
        """
        ...

    def native(self, data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
        """Return the chart as a native PowerPoint chart's data, or ``None``.

        Only a simple bar or line chart has one (one value axis); the deck draws the
        rest as pictures (:mod:`analysis.native_charts`).
        """
        ...


_MODULES: tuple[ModuleType, ...] = (
    headlines,
    weapons,
    worldmap,
    assistance,
    entities,
    capacity,
    treaties,
    funding,
    timeline,
    trends,
)

#: Every topic, in briefing order.
TOPICS: tuple[Topic, ...] = tuple(cast(Topic, m) for m in _MODULES)


def scoped(t: Topic, data: ProcessedData) -> ProcessedData:
    """Return the tables a topic draws: every report, or the latest period's report only."""
    return data if t.ACROSS_REPORTS else latest_report(data)


def chart(chart_id: str, data: ProcessedData, *, lang: str = "en") -> alt.TopLevelMixin:
    """Return the chart of topic ``chart_id`` over the reports it covers (see :func:`scoped`).

    Parameters
    ----------
    chart_id
        A topic's ``CHART_ID``.
    data
        The processed tables of every report.
    lang
        ``en`` or ``zh``.
    """
    return _made(chart_id, "chart", data, checked(lang))


def gt(chart_id: str, data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the table of topic ``chart_id`` over the reports it covers (see :func:`scoped`)."""
    return _made(chart_id, "gt", data, checked(lang))


#: Charts and tables made in this process: (topic, kind, language, data id) -> (data, made).
_MADE: dict[tuple[str, str, str, int], tuple[ProcessedData, Any]] = {}


def _made(chart_id: str, kind: str, data: ProcessedData, lang: str) -> Any:
    """Make a topic's chart or table once per data object and language.

    Every document (and every format of it) asks for the same charts: the second ask
    gets the object made first. The data object is kept with it, so its id is not
    reused while the entry lives.
    """
    key = (chart_id, kind, lang, id(data))
    if key not in _MADE:
        if len(_MADE) > 256:
            _MADE.clear()
        t = topic(chart_id)
        _MADE[key] = (data, getattr(t, kind)(scoped(t, data), lang=lang))
    return _MADE[key][1]


def topic(chart_id: str) -> Topic:
    """Return the topic whose ``CHART_ID`` is ``chart_id``.

    Raises
    ------
    KeyError
        Naming the known topics.
    """
    for t in TOPICS:
        if chart_id == t.CHART_ID:
            return t
    raise KeyError(f"unknown topic {chart_id!r}; known: {', '.join(t.CHART_ID for t in TOPICS)}")
