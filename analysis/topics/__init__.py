"""Analysis topics: pure functions from the processed tables to tables, charts and GT tables.

Each topic is one module with a ``CHART_ID``, an ``ACROSS_REPORTS`` flag (does it
compare reporting periods, or describe the latest one?), the tables it ``READS`` and six
functions (see :class:`Topic`); :func:`scoped` gives it the reports it covers and only
the tables it reads, so what it makes depends on nothing else. :func:`spec` and
:func:`table_html` are therefore made once per content of those tables and kept
across builds (:mod:`analysis._memo`): a corrected figure makes again only the charts
and tables that read it. Every
function takes ``lang`` (``en`` or ``zh``, :data:`analysis.strings.LANGS`): the same
data, every word in that language.
:data:`TOPICS` lists them in briefing order; the chart export, the deck, the
benchmarks and the tests all read this one list. A new topic is one new module
plus one line here (see ``docs/architecture.md``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any, Protocol, TypeVar, cast, runtime_checkable

import polars as pl
from altair.utils.schemapi import debug_mode
from great_tables import GT

from analysis._memo import frames_digest, known, per_data, remembered
from analysis.native_charts import NativeChart
from analysis.processed import ProcessedData
from analysis.series import latest_report
from analysis.strings import LANGS, checked
from analysis.theme import Framed
from analysis.topics import (
    _shared,
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
    #: Names of the :class:`ProcessedData` tables it reads; ``figures[own]`` is the
    #: figures of its own indicators (``topic`` in indicators.csv) only.
    READS: tuple[str, ...]

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
    ) -> Framed:
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

#: The plot-area size (width, height) of a topic's chart when none is asked for.
DEFAULT_PLOT_SIZE = (_shared.DEFAULT_WIDTH, _shared.DEFAULT_HEIGHT)

#: Every topic, in briefing order.
TOPICS: tuple[Topic, ...] = tuple(cast(Topic, m) for m in _MODULES)


def scoped(t: Topic, data: ProcessedData) -> ProcessedData:
    """Return what a topic draws from: the reports it covers, the tables it reads.

    Every report, or the latest period's report only (``ACROSS_REPORTS``); the tables
    the topic does not read (``READS``) are left empty, and ``figures[own]`` keeps the
    figures of its own indicators. A topic given this sees nothing else, so its results
    are a function of these tables' content (see :func:`spec`).
    """
    return _narrowed(data if t.ACROSS_REPORTS else latest_report(data), t)


@per_data
def _narrowed(data: ProcessedData, t: Topic) -> ProcessedData:
    reads = _tables_read(t)
    tables = {name: frame if name in reads else frame.clear() for name, frame in vars(data).items()}
    if "figures[own]" in t.READS:
        own = _shared.indicators_of(t.CHART_ID)
        tables["figures"] = data.figures.filter(pl.col("indicator").is_in(own))
    return dataclasses.replace(data, **tables)


def _tables_read(t: Topic) -> set[str]:
    return {name.removesuffix("[own]") for name in t.READS}


R = TypeVar("R")


def remembered_for(
    t: Topic,
    data: ProcessedData,
    what: str,
    make: Callable[[ProcessedData], R],
    *,
    lang: str,
    params: tuple[object, ...] = (),
    codec: tuple[Callable[[R], bytes], Callable[[bytes], R]] | None = None,
) -> R:
    """Return ``make(scoped(t, data))``, made once per content and kept across builds.

    Parameters
    ----------
    t
        The topic.
    data
        The processed tables of every report.
    what
        The kind of result (``spec``, ``table-html``, ``slide-spec`` ...).
    make
        Makes it from the topic's scoped data.
    lang
        The language it is made in.
    params
        Anything else it depends on (a size).
    codec
        Bytes to and from the result; JSON by default.

    Returns
    -------
    R
        The result (shared: do not mutate it).

    """
    scope = scoped(t, data)
    dump, load = codec or (_json_dump, _json_load)
    key = _key(t, scope, what, lang, params)
    return remembered(f"{what} {t.CHART_ID} ({lang})", key, lambda: make(scope), dump, load)


def is_remembered(
    t: Topic, data: ProcessedData, what: str, *, lang: str, params: tuple[object, ...] = ()
) -> bool:
    """Return whether :func:`remembered_for` has this result already (nothing to make)."""
    return known(_key(t, scoped(t, data), what, lang, params))


def _key(
    t: Topic, scope: ProcessedData, what: str, lang: str, params: tuple[object, ...]
) -> tuple[str, ...]:
    """Return the key of a result: its kind, topic, language, parameters and inputs."""
    return (what, t.CHART_ID, lang, json.dumps(params), _digest(scope, t))


@per_data
def _digest(scope: ProcessedData, t: Topic) -> str:
    """Return the digest of the tables topic ``t`` reads in its scoped data."""
    return frames_digest({name: f for name, f in vars(scope).items() if name in _tables_read(t)})


def _json_dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _json_load(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))


def spec(
    chart_id: str,
    data: ProcessedData,
    *,
    lang: str = "en",
    width: int | None = None,
    height: int | None = None,
) -> dict[str, Any]:
    """Return the Vega-Lite spec of topic ``chart_id``'s chart (see :func:`chart`).

    Made once per content of the tables the topic reads (and code, size, language),
    then reused by every document, format and later build. Do not mutate it. The first
    spec of ``data`` asked for tells the chart workers every chart's text first
    (:func:`expect_charts`).
    """
    expect_charts(data)
    return _spec(chart_id, data, lang=lang, width=width, height=height)


def _spec(
    chart_id: str, data: ProcessedData, *, lang: str, width: int | None, height: int | None
) -> dict[str, Any]:
    t, lang = topic(chart_id), checked(lang)
    return remembered_for(
        t,
        data,
        "spec",
        lambda scope: chart_spec(t, scope, width=width, height=height, lang=lang),
        lang=lang,
        params=(width, height),
    )


def chart_spec(t: Topic, scope: ProcessedData, **options: Any) -> dict[str, Any]:
    """Return topic ``t``'s chart of ``scope`` (``options``: its size, language) as a spec.

    Made without Altair's checks against the Vega-Lite schema: of each schema object as
    it is made (its debug mode) and of the spec (``validate``). Together they cost about
    a third of a second per twenty charts, in every build; every topic's chart is
    validated in the tests instead, in both languages, on one report and on five
    (tests/test_topic_inputs.py).
    """
    with debug_mode(False):
        return t.chart(scope, **options).to_dict(validate=False)


def table_html(chart_id: str, data: ProcessedData, *, lang: str = "en") -> str:
    """Return the HTML of topic ``chart_id``'s great_tables table (see :func:`gt`).

    Made once per content of the tables the topic reads, like :func:`spec`.
    """
    t, lang = topic(chart_id), checked(lang)
    return remembered_for(
        t,
        data,
        "table-html",
        lambda scope: t.gt(scope, lang=lang)._repr_html_(),
        lang=lang,
        codec=(lambda html: html.encode("utf-8"), lambda raw: raw.decode("utf-8")),
    )


def chart(chart_id: str, data: ProcessedData, *, lang: str = "en") -> Framed:
    """Return the chart of topic ``chart_id`` over the reports it covers (see :func:`scoped`).

    Displayed in a notebook it draws itself; ``.altair()`` gives the Altair chart (to
    change or save it), ``.to_dict()`` its Vega-Lite spec.

    Parameters
    ----------
    chart_id
        A topic's ``CHART_ID``.
    data
        The processed tables of every report.
    lang
        ``en`` or ``zh``.
    """
    return _made(data, chart_id, "chart", checked(lang))


def gt(chart_id: str, data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the table of topic ``chart_id`` over the reports it covers (see :func:`scoped`)."""
    return _made(data, chart_id, "gt", checked(lang))


@per_data
def _made(data: ProcessedData, chart_id: str, kind: str, lang: str) -> Any:
    """Make a topic's chart or table once per data object and language.

    Every document (and every format of it) asks for the same charts: the second ask
    gets the object made first.
    """
    if kind == "chart":
        expect_charts(data)
    t = topic(chart_id)
    return getattr(t, kind)(scoped(t, data), lang=lang)


def expect_charts(data: ProcessedData, langs: Iterable[str] = LANGS) -> None:
    """Tell the chart workers what text every chart of ``data`` draws, in ``langs``.

    Before the first chart is converted (the first spec asked for, a notebook's first
    chart, an export), so that the workers' faces are cut down once, to every character
    the charts draw (:func:`analysis.chart_images.expect_text`). Each chart's spec is
    made now rather than when shown: it is made once either way (:func:`spec`).
    """
    from analysis.chart_images import expect_text

    expect_text(_chart_characters(data, tuple(langs)))


@per_data
def _chart_characters(data: ProcessedData, langs: tuple[str, ...]) -> list[str]:
    """Return the characters of every chart spec of ``data`` in ``langs``, one string each."""
    specs = (
        _spec(t.CHART_ID, data, lang=lang, width=None, height=None)
        for lang in langs
        for t in TOPICS
    )
    return ["".join(set(json.dumps(s, ensure_ascii=False))) for s in specs]


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
