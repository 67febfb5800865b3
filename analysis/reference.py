"""Reviewed reference data: vocabularies (indicators, categories, qualifiers), places, UN entities.

All of it lives as CSV under ``data/reference/`` so that a reviewer, not a
programmer, extends it when a new report names a new place or quantity.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import pycountry

from analysis.errors import BriefingError
from analysis.paths import project_root, reference_dir

_REQUIRED_COLUMNS = {
    "places.csv": ("name", "english", "kind", "iso3", "members"),
    "entities.csv": ("pattern", "entity_en", "entity_group", "name_en"),
    "units.csv": ("term", "unit"),
    "indicators.csv": (
        "indicator",
        "label_en",
        "label_zh",
        "units",
        "keywords",
        "topic",
        "context",
        "kind",
        "headline_rank",
    ),
    "categories.csv": ("category", "label_en", "label_zh", "column_pattern"),
    "qualifiers.csv": ("qualifier", "shown", "meaning_en"),
    "qualifier_words.csv": ("word", "language", "position", "qualifier"),
    "series.csv": (
        "series",
        "label_en",
        "label_zh",
        "definition",
        "indicator",
        "unit",
        "kind",
        "within_report",
        "subject",
        "excludes",
        "headline_rank",
    ),
    "subjects.csv": ("subject_id", "english", "label_zh", "kind"),
}


@dataclass(frozen=True)
class Place:
    """A place, grouping, organisation or instrument a report names."""

    name: str
    english: str
    kind: str
    iso3: str | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    """One entry of the controlled indicator vocabulary.

    Attributes
    ----------
    topic
        The topic whose chart draws it (empty when no chart does).
    kind
        ``flow`` (over the reporting period), ``stock`` (stated at a date) or
        ``descriptive`` (describes the text, never trended).
    headline_rank
        Order in which headlines are chosen (None: never a headline).
    """

    indicator: str
    label_en: str
    label_zh: str
    units: tuple[str, ...]
    keywords: re.Pattern[str] | None
    topic: str
    context: re.Pattern[str] | None
    kind: str
    headline_rank: int | None


@dataclass(frozen=True)
class Category:
    """One column of the annex table of UN activities."""

    category: str
    label_en: str
    label_zh: str
    column_pattern: str


@dataclass(frozen=True)
class Series:
    """A measure the briefing tracks across reports (``data/reference/series.csv``).

    Attributes
    ----------
    series
        Stable id.
    indicator, unit
        The figures it is drawn from.
    kind
        ``stock`` (stated at a date: the latest statement counts) or ``flow``
        (over the reporting period).
    within_report
        ``sum`` (figures of one report are added up) or ``latest`` (the last stated).
    subject
        A subject id of ``subjects.csv`` (the ATT, UNSCAR, the world), or ``place``
        when the series is kept per country or region.
    excludes
        A pattern that, found in the words around a number, keeps the figure out
        (``not yet ratified``, ``proposals``): a near miss.
    headline_rank
        Order among the headlines (None: never a headline).
    """

    series: str
    label_en: str
    label_zh: str
    definition: str
    indicator: str
    unit: str
    kind: str
    within_report: str
    subject: str
    excludes: re.Pattern[str] | None
    headline_rank: int | None


@dataclass(frozen=True)
class SeriesSubject:
    """A canonical subject of a series that is not a place: an instrument, a fund, the world."""

    subject_id: str
    english: str
    label_zh: str
    kind: str


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabularies: indicators, annex categories, qualifiers (in file order)."""

    indicators: tuple[Indicator, ...]
    categories: tuple[Category, ...]
    qualifiers: dict[str, str]
    series: tuple[Series, ...]
    subjects: tuple[SeriesSubject, ...]

    def indicator(self, code: str) -> Indicator:
        """Return the vocabulary entry for an indicator code.

        Raises
        ------
        KeyError
            For a code that is not in ``indicators.csv``.
        """
        for ind in self.indicators:
            if ind.indicator == code:
                return ind
        raise KeyError(code)

    def topic_indicators(self, topic: str) -> tuple[str, ...]:
        """Return the indicators a topic draws, in file order."""
        return tuple(i.indicator for i in self.indicators if i.topic == topic)

    def allowed(self) -> dict[str, set[str]]:
        """Return column name to allowed values, for validating the processed tables."""
        return {
            "indicator": {i.indicator for i in self.indicators},
            "qualifier": set(self.qualifiers),
        }


@dataclass(frozen=True)
class QualifierWord:
    """A word that qualifies a number (``more than``, ``约``, ``左右``).

    One row of ``qualifier_words.csv``.

    Attributes
    ----------
    word
        As written.
    language
        ``zh`` or ``en``.
    position
        ``before`` or ``after`` the number.
    qualifier
        A qualifier of ``qualifiers.csv``.
    """

    word: str
    language: str
    position: str
    qualifier: str


@dataclass(frozen=True)
class Reference:
    """All reference data, loaded once.

    ``qualifier_words`` are longest first, so that 不少于 (at least) wins over 少于.
    """

    vocabulary: Vocabulary
    places: dict[str, Place]
    entities: tuple[tuple[str, str, str, str], ...]
    units: dict[str, str]
    place_pattern: re.Pattern[str]
    unit_pattern: re.Pattern[str]
    qualifier_words: tuple[QualifierWord, ...] = ()

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The indicator vocabulary, in file order."""
        return self.vocabulary.indicators

    def entity_names(self) -> tuple[str, ...]:
        """Return the entity name patterns (verbatim prefixes)."""
        return tuple(p for p, *_ in self.entities)

    def entity(self, written: str) -> tuple[str, str]:
        """Return (short English name, group) for an entity as written, or the text itself."""
        for pattern, entity_en, group, _ in self.entities:
            if written.startswith(pattern):
                return entity_en, group
        return written, written


def _read_csv(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise BriefingError(path, "reference file is missing", "restore it from git")
    try:
        frame = pl.read_csv(path, infer_schema=False).fill_null("")
    except pl.exceptions.PolarsError as exc:
        raise BriefingError(
            path,
            f"not a readable CSV ({exc})",
            "fix the CSV syntax (quote fields that contain commas)",
        ) from exc
    missing = [c for c in _REQUIRED_COLUMNS[path.name] if c not in frame.columns]
    if missing:
        raise BriefingError(
            path,
            f"missing column(s): {', '.join(missing)}",
            f"the header must include {', '.join(_REQUIRED_COLUMNS[path.name])}",
        )
    return frame


def _display_name(country: object) -> str:
    common = getattr(country, "common_name", None)
    if common:
        return str(common)
    name = str(country.name)  # type: ignore[attr-defined]
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
        name = name[4:] if name.startswith("The ") else name
    return name


def _pycountry_places() -> dict[str, Place]:
    places: dict[str, Place] = {}
    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        zh = None
    for country in pycountry.countries:
        english = _display_name(country)
        place = Place(english, english, "country", country.alpha_3, ())
        names = {country.name, english, getattr(country, "official_name", country.name)}
        if zh is not None:
            names.add(zh.gettext(country.name))
        for name in names:
            places[name] = Place(name, place.english, "country", place.iso3, ())
    return places


def _alternation(names: list[str]) -> str:
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        escaped = re.escape(name)
        if name.isascii():
            escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
        parts.append(escaped)
    return "|".join(parts)


def _indicator(row: dict[str, str]) -> Indicator:
    return Indicator(
        indicator=row["indicator"],
        label_en=row["label_en"],
        label_zh=row["label_zh"],
        units=tuple(row["units"].split("|")),
        keywords=re.compile(row["keywords"], re.IGNORECASE) if row["keywords"] else None,
        topic=row["topic"],
        context=re.compile(row["context"]) if row["context"] else None,
        kind=row["kind"],
        headline_rank=int(row["headline_rank"]) if row["headline_rank"] else None,
    )


def vocabulary(root: Path | None = None) -> Vocabulary:
    """Load the controlled vocabularies of ``data/reference/`` (cheap; cached).

    Parameters
    ----------
    root
        Project root; found from the working directory when omitted.

    Returns
    -------
    Vocabulary
    """
    return _vocabulary(root or project_root())


def _series(row: dict[str, str]) -> Series:
    return Series(
        **{
            k: row[k] for k in Series.__dataclass_fields__ if k not in ("excludes", "headline_rank")
        },
        excludes=re.compile(row["excludes"], re.IGNORECASE) if row["excludes"] else None,
        headline_rank=int(row["headline_rank"]) if row["headline_rank"] else None,
    )


@cache
def _vocabulary(root: Path) -> Vocabulary:
    folder = reference_dir(root)
    rows = _read_csv(folder / "categories.csv").iter_rows(named=True)
    return Vocabulary(
        indicators=tuple(
            _indicator(r) for r in _read_csv(folder / "indicators.csv").iter_rows(named=True)
        ),
        categories=tuple(
            Category(**{k: r[k] for k in Category.__dataclass_fields__}) for r in rows
        ),
        qualifiers={
            r["qualifier"]: r["shown"]
            for r in _read_csv(folder / "qualifiers.csv").iter_rows(named=True)
        },
        series=tuple(_series(r) for r in _read_csv(folder / "series.csv").iter_rows(named=True)),
        subjects=tuple(
            SeriesSubject(**{k: r[k] for k in SeriesSubject.__dataclass_fields__})
            for r in _read_csv(folder / "subjects.csv").iter_rows(named=True)
        ),
    )


@cache
def load_reference(root: Path) -> Reference:
    """Load all reference data under ``data/reference`` (vocabularies, places, entities, units).

    Parameters
    ----------
    root
        Project root.

    Returns
    -------
    Reference
    """
    folder = reference_dir(root)
    places = _pycountry_places()
    for row in _read_csv(folder / "places.csv").iter_rows(named=True):
        members = tuple(m for m in row["members"].split(";") if m)
        places[row["name"]] = Place(
            row["name"], row["english"], row["kind"], row["iso3"] or None, members
        )
    entities = tuple(
        (r["pattern"], r["entity_en"], r["entity_group"], r["name_en"])
        for r in _read_csv(folder / "entities.csv").iter_rows(named=True)
    )
    entities = tuple(sorted(entities, key=lambda e: len(e[0]), reverse=True))
    units = {r["term"]: r["unit"] for r in _read_csv(folder / "units.csv").iter_rows(named=True)}
    for name in [n for n in places if "'" in n]:  # Côte d’Ivoire as typeset
        places.setdefault(name.replace("'", "\u2019"), places[name])
    place_pattern = re.compile(_alternation([n for n in places if len(n) > 1]))
    unit_pattern = re.compile(_alternation(list(units)))
    words = tuple(
        sorted(
            (
                QualifierWord(r["word"], r["language"], r["position"], r["qualifier"])
                for r in _read_csv(folder / "qualifier_words.csv").iter_rows(named=True)
            ),
            key=lambda w: -len(w.word),
        )
    )
    return Reference(vocabulary(root), places, entities, units, place_pattern, unit_pattern, words)
