"""Reviewed reference data: vocabularies (indicators, categories, qualifiers), places, UN entities.

All of it lives as CSV under ``data/reference/`` so that a reviewer, not a
programmer, extends it when a new report names a new place or quantity.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

import polars as pl
import pycountry

from analysis.errors import BriefingError
from analysis.paths import project_root, reference_dir

_REQUIRED_COLUMNS = {
    "places.csv": ("name", "english", "kind", "iso3", "members"),
    "country_names.csv": ("iso3", "english"),
    "entities.csv": (
        "pattern",
        "entity_en",
        "entity_group",
        "name_en",
        "entity_zh",
        "group_zh",
        "name_zh",
    ),
    "place_names_zh.csv": ("english", "iso3", "label_zh"),
    "units.csv": ("term", "unit"),
    "indicators.csv": (
        "indicator",
        "label_en",
        "label_zh",
        "units",
        "keywords",
        "topic",
        "context",
    ),
    "categories.csv": ("category", "label_en", "label_zh", "column_pattern"),
    "qualifiers.csv": ("qualifier", "shown", "meaning_en", "shown_zh"),
    "qualifier_words.csv": ("word", "language", "position", "qualifier"),
    "currencies.csv": ("term", "position", "currency"),
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
        "derived_from",
        "headline_rank",
    ),
    "subjects.csv": ("subject_id", "english", "label_zh", "kind"),
    "event_types.csv": ("event_type", "label_en", "label_zh", "pattern"),
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
    """

    indicator: str
    label_en: str
    label_zh: str
    units: tuple[str, ...]
    keywords: re.Pattern[str] | None
    topic: str
    context: re.Pattern[str] | None


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
        ``stock`` (stated at a date) or ``flow``
        (over the reporting period).
    within_report
        ``sum`` (figures of one report are added up) or ``largest`` (the largest stated:
        a smaller count of a growing stock is a part of it).
    subject
        A subject id of ``subjects.csv`` (the ATT, UNSCAR, the world), or ``place``
        when the series is kept per country or region.
    excludes
        A pattern that, found in the words around a number, keeps the figure out
        (``not yet ratified``, ``proposals``): a near miss.
    derived_from
        Two indicators ``(a, b)``: when a report does not state the series but one
        sentence states both, the value is ``a - b`` (States parties = signatories less
        those yet to ratify), noted as derived.
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
    derived_from: tuple[str, str] | None
    headline_rank: int | None


@dataclass(frozen=True)
class SeriesSubject:
    """A canonical subject of a series that is not a place: an instrument, a fund, the world."""

    subject_id: str
    english: str
    label_zh: str
    kind: str


@dataclass(frozen=True)
class EventType:
    """A kind of dated event (``data/reference/event_types.csv``), in the order tried."""

    event_type: str
    label_en: str
    label_zh: str
    pattern: re.Pattern[str] | None


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabularies: indicators, annex categories, qualifiers (in file order).

    Attributes
    ----------
    qualifiers, qualifiers_zh
        How a qualified number is shown in English (``{n}+``) and in Chinese (``{n} 多``).
    """

    indicators: tuple[Indicator, ...]
    categories: tuple[Category, ...]
    qualifiers: dict[str, str]
    series: tuple[Series, ...]
    subjects: tuple[SeriesSubject, ...]
    qualifiers_zh: dict[str, str]
    event_types: tuple[EventType, ...]

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
    qualifier_words: tuple[QualifierWord, ...] = ()
    #: (term, ``before`` or ``after`` the number, ISO 4217 code), longest term first.
    currencies: tuple[tuple[str, str, str], ...] = ()

    @cached_property
    def place_pattern(self) -> re.Pattern[str]:
        """Any place name of more than one character, longest first, a Latin one not in a word.

        Compiled when a report is first read (a build whose reports were all read
        before does not need it): about a tenth of a second for the world's places.
        """
        return re.compile(_alternation([n for n in self.places if len(n) > 1]))

    @cached_property
    def unit_pattern(self) -> re.Pattern[str]:
        """Any unit term of ``units.csv``, longest first."""
        return re.compile(_alternation(list(self.units)))

    @cached_property
    def currency_before(self) -> re.Pattern[str]:
        """A currency written just before a number (``US$``, ``€``), its term as group 1."""
        terms = [re.escape(t) for t, position, _ in self.currencies if position == "before"]
        return re.compile(rf"({'|'.join(terms)})\s*$" if terms else r"(?!)")

    @property
    def currencies_after(self) -> tuple[tuple[str, str], ...]:
        """(term, ISO 4217 code) of the currencies written after a number, longest first."""
        return tuple((t, code) for t, position, code in self.currencies if position == "after")

    def currency_of(self, term: str) -> str:
        """Return the ISO 4217 code of a currency term of ``currencies.csv``."""
        return next(code for t, _, code in self.currencies if t == term)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The indicator vocabulary, in file order."""
        return self.vocabulary.indicators

    def entity_names(self) -> tuple[str, ...]:
        """Return the entity name patterns (verbatim prefixes)."""
        return tuple(p for p, *_ in self.entities)

    def entity(self, written: str) -> tuple[str, str]:
        """Return (short English name, group) for an entity as written, or the text itself.

        Spaces and hyphens aside: a PDF line break may keep "Peace-keeping" hyphenated.
        """
        flat = flat_name(written)
        for pattern, entity_en, group, _ in self.entities:
            if written.startswith(pattern) or flat.startswith(flat_name(pattern)):
                return entity_en, group
        return written, written


def flat_name(name: str) -> str:
    """Return a name without spaces and hyphens, lower case (to compare names as written)."""
    return re.sub(r"[\s\-‐‑]+", "", name).lower()


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


def _one_english_name(places: dict[str, Place], curated: dict[str, str]) -> dict[str, Place]:
    """Return ``places`` with each country of ``curated`` (ISO3 -> English) under that name.

    ``country_names.csv`` names a country as the United Nations does ("Venezuela
    (Bolivarian Republic of)", "Syrian Arab Republic") where pycountry's common name
    differs; every name of that country (pycountry's, its Chinese, ``places.csv``'s)
    takes it, so a country is one subject in every report and language. A country not
    in the file keeps each name's English (``places.csv``: "Sudan (Darfur)").
    """
    return {
        name: replace(place, english=curated[place.iso3])
        if place.kind == "country" and place.iso3 in curated
        else place
        for name, place in places.items()
    }


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
    parsed = ("excludes", "derived_from", "headline_rank")
    operands = tuple(x.strip() for x in row["derived_from"].split(" - "))
    return Series(
        **{k: row[k] for k in Series.__dataclass_fields__ if k not in parsed},
        excludes=re.compile(row["excludes"], re.IGNORECASE) if row["excludes"] else None,
        derived_from=(operands[0], operands[1]) if len(operands) == 2 else None,
        headline_rank=int(row["headline_rank"]) if row["headline_rank"] else None,
    )


@cache
def _vocabulary(root: Path) -> Vocabulary:
    folder = reference_dir(root)
    rows = _read_csv(folder / "categories.csv").iter_rows(named=True)
    qualifiers = _read_csv(folder / "qualifiers.csv")
    return Vocabulary(
        indicators=tuple(
            _indicator(r) for r in _read_csv(folder / "indicators.csv").iter_rows(named=True)
        ),
        categories=tuple(
            Category(**{k: r[k] for k in Category.__dataclass_fields__}) for r in rows
        ),
        qualifiers=dict(qualifiers.select("qualifier", "shown").iter_rows()),
        series=tuple(_series(r) for r in _read_csv(folder / "series.csv").iter_rows(named=True)),
        subjects=tuple(
            SeriesSubject(**{k: r[k] for k in SeriesSubject.__dataclass_fields__})
            for r in _read_csv(folder / "subjects.csv").iter_rows(named=True)
        ),
        qualifiers_zh=dict(qualifiers.select("qualifier", "shown_zh").iter_rows()),
        event_types=tuple(
            EventType(
                r["event_type"],
                r["label_en"],
                r["label_zh"],
                re.compile(r["pattern"], re.IGNORECASE) if r["pattern"] else None,
            )
            for r in _read_csv(folder / "event_types.csv").iter_rows(named=True)
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
    curated = {
        r["iso3"]: r["english"]
        for r in _read_csv(folder / "country_names.csv").iter_rows(named=True)
    }
    entities = tuple(
        (r["pattern"], r["entity_en"], r["entity_group"], r["name_en"])
        for r in _read_csv(folder / "entities.csv").iter_rows(named=True)
    )
    entities = tuple(sorted(entities, key=lambda e: len(e[0]), reverse=True))
    units = {r["term"]: r["unit"] for r in _read_csv(folder / "units.csv").iter_rows(named=True)}
    places = _one_english_name(places, curated)
    for name in [n for n in places if "'" in n]:  # Côte d’Ivoire as typeset
        places.setdefault(name.replace("'", "\u2019"), places[name])
    words = tuple(
        sorted(
            (
                QualifierWord(r["word"], r["language"], r["position"], r["qualifier"])
                for r in _read_csv(folder / "qualifier_words.csv").iter_rows(named=True)
            ),
            key=lambda w: -len(w.word),
        )
    )
    currencies = tuple(
        sorted(
            (
                (r["term"], r["position"], r["currency"])
                for r in _read_csv(folder / "currencies.csv").iter_rows(named=True)
            ),
            key=lambda c: -len(c[0]),
        )
    )
    return Reference(vocabulary(root), places, entities, units, words, currencies)


@dataclass(frozen=True)
class ChineseNames:
    """Chinese names of places and UN entities, keyed by the English names the tables hold.

    Attributes
    ----------
    places
        English place, region, group or instrument name -> Chinese name: pycountry's
        ``zh_CN`` locale for countries, ``subjects.csv`` for series subjects, and
        ``place_names_zh.csv`` for what those lack or name otherwise than the UN does.
    entities
        Short English name of a UN entity or entity group (``UNDP``, ``DPKO/UNMAS``) ->
        its Chinese abbreviation (``开发署``), from ``entities.csv``.
    """

    places: dict[str, str]
    entities: dict[str, str]


def chinese_names(root: Path | None = None) -> ChineseNames:
    """Return the Chinese names of places and UN entities (cached).

    Parameters
    ----------
    root
        Project root; found from the working directory when omitted.

    Returns
    -------
    ChineseNames
    """
    return _chinese_names(root or project_root())


def _pycountry_zh() -> tuple[dict[str, str], dict[str, str]]:
    """Return (English name -> ISO3, ISO3 -> Chinese name) from pycountry's locale files."""
    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return {}, {}
    iso3 = {}
    chinese = {}
    for country in pycountry.countries:
        for name in (country.name, _display_name(country)):
            iso3[name] = country.alpha_3
        chinese[country.alpha_3] = zh.gettext(country.name)
    return iso3, chinese


@cache
def _chinese_names(root: Path) -> ChineseNames:
    folder = reference_dir(root)
    iso3_of, by_iso3 = _pycountry_zh()
    for row in _read_csv(folder / "places.csv").iter_rows(named=True):
        if row["iso3"]:
            iso3_of.setdefault(row["english"], row["iso3"])
    overrides = _read_csv(folder / "place_names_zh.csv")
    by_iso3.update(
        dict(overrides.filter(pl.col("iso3") != "").select("iso3", "label_zh").iter_rows())
    )
    places = {name: by_iso3[code] for name, code in iso3_of.items() if code in by_iso3}
    places.update({s.english: s.label_zh for s in vocabulary(root).subjects})
    places.update(dict(overrides.select("english", "label_zh").iter_rows()))
    entities = _read_csv(folder / "entities.csv")
    names = dict(entities.select("entity_group", "group_zh").iter_rows())
    names.update(dict(entities.select("entity_en", "entity_zh").iter_rows()))
    return ChineseNames(places=places, entities=names)
