"""Reviewed reference data: places, UN entities, units and the indicator vocabulary.

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
from analysis.paths import reference_dir

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
    ),
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
    """One entry of the controlled indicator vocabulary."""

    indicator: str
    label_en: str
    label_zh: str
    units: tuple[str, ...]
    keywords: re.Pattern[str] | None
    topic: str
    context: re.Pattern[str] | None


@dataclass(frozen=True)
class Reference:
    """All reference data, loaded once."""

    places: dict[str, Place]
    entities: tuple[tuple[str, str, str, str], ...]
    units: dict[str, str]
    indicators: tuple[Indicator, ...]
    place_pattern: re.Pattern[str]
    unit_pattern: re.Pattern[str]

    def entity_names(self) -> tuple[str, ...]:
        """Return the entity name patterns (verbatim prefixes)."""
        return tuple(p for p, *_ in self.entities)

    def entity(self, written: str) -> tuple[str, str]:
        """Return (short English name, group) for an entity as written, or the text itself."""
        for pattern, entity_en, group, _ in self.entities:
            if written.startswith(pattern):
                return entity_en, group
        return written, written

    def indicator(self, code: str) -> Indicator:
        """Return the vocabulary entry for an indicator code."""
        for ind in self.indicators:
            if ind.indicator == code:
                return ind
        raise KeyError(code)


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


@cache
def load_reference(root: Path) -> Reference:
    """Load the reference data under ``data/reference``.

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
    indicators = []
    for r in _read_csv(folder / "indicators.csv").iter_rows(named=True):
        keywords = re.compile(r["keywords"], re.IGNORECASE) if r["keywords"] else None
        context = re.compile(r["context"]) if r.get("context") else None
        indicators.append(
            Indicator(
                r["indicator"],
                r["label_en"],
                r["label_zh"],
                tuple(r["units"].split("|")),
                keywords,
                r["topic"],
                context,
            )
        )
    place_pattern = re.compile(_alternation([n for n in places if len(n) > 1]))
    unit_pattern = re.compile(_alternation(list(units)))
    return Reference(places, entities, units, tuple(indicators), place_pattern, unit_pattern)
