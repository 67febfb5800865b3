"""Resolve place, organisation and instrument names to normalised subjects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.reference import Place, Reference

_SEPARATORS = re.compile(r"^[\s、,，;；/和及与以and]*$")


@dataclass(frozen=True)
class Subject:
    """Who or where a figure or activity is about."""

    written: str
    english: str | None
    kind: str
    iso3: str | None
    members: tuple[str, ...]
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceMatch:
    """A place name found in running text."""

    start: int
    end: int
    place: Place


@lru_cache(maxsize=4096)
def _place_spans(text: str, pattern: re.Pattern[str]) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group(0)) for m in pattern.finditer(text))


def find_places(text: str, ref: Reference) -> list[PlaceMatch]:
    """Return every known place name in ``text``, longest match first, left to right."""
    return [
        PlaceMatch(start, end, ref.places[name])
        for start, end, name in _place_spans(text, ref.place_pattern)
    ]


def resolve_label(label: str, ref: Reference) -> Subject:
    """Resolve an annex row label (a country, a region with members, a list).

    Parameters
    ----------
    label
        The row label as written, e.g. ``科索沃*``, ``萨赫勒: 尼日尔、马里``,
        ``布基纳法索、利比里亚、尼日尔河塞拉利昂``.
    ref
        Reference data.

    Returns
    -------
    Subject
        With flags for anything that could not be read (``unknown_place``,
        ``row_label_typo:...``); nothing is silently dropped.

    """
    flags: list[str] = []
    core = label.strip()
    if core.endswith("*"):
        core = core.rstrip("*").strip()
        flags.append("marked_with_asterisk")
    if not core:
        return Subject(label, None, "none", None, (), tuple(flags))
    if core in ref.places and ref.places[core].kind != "label_prefix":
        p = ref.places[core]
        return Subject(label, p.english, p.kind, p.iso3, p.members or _own(p), tuple(flags))
    prefix = None
    body = core
    split = re.split(r"\s*[:：]\s*", core, maxsplit=1)
    if len(split) == 2:
        prefix, body = split
    else:
        prefix, body = _word_then_places(core, ref)
    for paren in re.findall(r"[(（]([^()（）]*)[)）]", body):
        if paren in ref.places:
            body = body.replace(f"({paren})", "").replace(f"（{paren}）", "")
    matches = [m for m in find_places(body, ref) if m.place.kind != "label_prefix"]
    if not matches:
        known = library_place(core, ref)
        if known is not None:
            return Subject(label, known.english, known.kind, known.iso3, _own(known), tuple(flags))
        return Subject(label, core, "unknown", None, (), (*flags, "unknown_place"))
    cursor = 0
    for m in matches:
        gap = body[cursor : m.start]
        if not _SEPARATORS.match(gap):
            flags.append(
                f"row_label_typo:{gap.strip()}"
                if len(gap.strip()) <= 2
                else f"unparsed_label_text:{gap.strip()}"
            )
        cursor = m.end
    if body[cursor:].strip(" *"):
        flags.append(f"unparsed_label_text:{body[cursor:].strip()}")
    members = tuple(iso for m in matches for iso in (m.place.members or _own(m.place)))
    names = [m.place.english for m in matches]
    if prefix and prefix in ref.places:
        p = ref.places[prefix]
        if p.kind == "label_prefix":
            return Subject(
                label, f"{p.english}: {', '.join(names)}", "group", None, members, tuple(flags)
            )
        return Subject(label, p.english, p.kind, p.iso3, members, tuple(flags))
    if len(matches) == 1 and not prefix:
        p = matches[0].place
        return Subject(label, p.english, p.kind, p.iso3, members, tuple(flags))
    english = ", ".join(names)
    if prefix:
        english = f"{prefix}: {english}"
    return Subject(label, english, "group", None, members, tuple(flags))


#: A word, then places in brackets: "Regional (West Africa)", 区域（西非）.
_WORD_THEN_PLACES = re.compile(r"^(?P<word>[^()（）]+?)\s*[(（](?P<inner>[^()（）]+)[)）]$")


def _word_then_places(core: str, ref: Reference) -> tuple[str | None, str]:
    """Return a label's prefix and places when it is a word with places in brackets.

    "Regional (West Africa)" reads as "Regional: West Africa"; "Sudan (Abyei)", a place
    with a place in brackets, is left as it is.
    """
    m = _WORD_THEN_PLACES.match(core)
    if m is None or not find_places(m["inner"], ref):
        return None, core
    if any(found.place.kind != "label_prefix" for found in find_places(m["word"], ref)):
        return None, core
    return m["word"].strip(), m["inner"]


@lru_cache(maxsize=1)
def _converter() -> object:
    """Return country_converter's converter (loaded on first use: it brings in pandas)."""
    import logging

    import country_converter

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    return country_converter.CountryConverter()


@lru_cache(maxsize=1024)
def _iso3_of(name: str) -> str | None:
    code = _converter().convert(name, to="ISO3", not_found=None)  # type: ignore[attr-defined]
    return code if isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code) else None


def library_place(name: str, ref: Reference) -> Place | None:
    """Return the country a library knows under a name the reference data lacks.

    country_converter's regular expressions cover UN, short and historical names and
    spellings ("Côte d’Ivoire" with a typographic apostrophe, "The former Yugoslav
    Republic of Macedonia", "Swaziland"); the English name is the reference's own for
    that ISO3 code (pycountry's, or ``places.csv``'s for Kosovo).
    """
    iso3 = _iso3_of(name)
    if iso3 is None:
        return None
    for place in ref.places.values():
        if place.iso3 == iso3 and place.kind in ("country", "territory"):
            return Place(name, place.english, place.kind, iso3, place.members)
    return None


def _own(place: Place) -> tuple[str, ...]:
    return (place.iso3,) if place.iso3 else ()


def figure_subject(
    quote: str, at: int, end: int, texts: list[str], ref: Reference
) -> Subject | None:
    """Pick the subject of the figure at ``quote[at:end]``.

    A number in brackets right after a place is that place's ("destroyed in Peru
    (5,616), Colombia (1,900)": 1,900 is Colombia's). A count stated across several
    countries ("8,716 firearms in three countries", 在 3 个国家, "in Paraguay and Peru")
    is no one country's: only an instrument or organisation may be its subject. A count
    said to be in one place ("6,220 in Paraguay") is that place's; else the nearest
    place named before it in the sentence, unless it ends a list ("In A, B and C, …");
    a count "in the region" is no country's; else as :func:`subject_from_text` reads the
    quote, then those of ``texts`` (the paragraph, its headings) that name one place at
    most.
    """
    places = [m for m in find_places(quote, ref) if m.place.kind in _LOCAL]
    bracketed = [m for m in places if _BRACKET_TO_NUMBER.fullmatch(quote, m.end, at)]
    if bracketed:
        return _subject(bracketed[-1].place, _OWN_PLACE)
    if (
        _several_countries(quote, at, end)
        or _total_of_places(quote, at, ref)
        or _LIST_FOLLOWS.search(quote)  # "marked a total of 6,000 weapons, as follows:"
    ):
        return subject_from_text([quote, *texts], ref, local=False)
    after = _places_after(quote, end, places)
    if len(after) > 1:  # "18,620 firearms in Paraguay and Peru": no one place's
        return subject_from_text([quote, *texts], ref, local=False)
    if after:  # "… and 6,220 in Paraguay"
        return _subject(after[0].place, _OWN_PLACE)
    before = [m for m in places if m.end <= at]
    if before and _listed_with_another(quote, before):
        return subject_from_text([quote, *texts], ref, local=False)  # "In A, B and C, …"
    if before:  # "… assisted the Dominican Republic in destroying a further 4,300"
        return _subject(before[-1].place)
    if places or _IN_A_REGION.match(quote, end):
        # a place of its own neither before nor just after it: the sentence's only place
        one = len({m.place.english for m in places}) == 1 and not _IN_A_REGION.match(quote, end)
        return subject_from_text([quote, *texts], ref, local=one)
    return subject_from_text([quote, *(t for t in texts if _one_place(t, ref))], ref) or (
        subject_from_text([quote, *texts], ref, local=False)
    )


#: A count said to be of a whole region ("destroyed in the region", 在该区域).
_IN_A_REGION = re.compile(
    r"(?:[^.;:。；，,()（）]|[.,](?=\d)){0,60}?"
    r"(?:\bin (?:the|that|this) (?:sub)?region\b|在该(?:次)?区域)"
)


def _listed_with_another(quote: str, before: list[PlaceMatch]) -> bool:
    """Tell whether the place nearest before a count ends a list of places ("A, B and C")."""
    return len(before) > 1 and bool(
        _PLACE_LIST_JOIN.fullmatch(quote, before[-2].end, before[-1].start)
    )


def _one_place(text: str, ref: Reference) -> bool:
    """Tell whether a text (a paragraph) names at most one country, territory or area."""
    return len({m.place.english for m in find_places(text, ref) if m.place.kind in _LOCAL}) <= 1


#: From a count and its noun to a place it is said to be in ("firearms in ", 在).
_IN_A_PLACE = re.compile(
    r"(?:[^.;:。；，,()（）]|[.,](?=\d)){0,60}?\b(?:in|at|inside)\s+(?:the\s+)?"
)
#: Between the places of a list ("Paraguay and Peru", "Chad, Mali and the Niger").
_PLACE_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?:the\s+)?")


def _places_after(quote: str, end: int, places: list[PlaceMatch]) -> list[PlaceMatch]:
    """Return the place (or list of places) a count is said to be in, just after it."""
    lead = _IN_A_PLACE.match(quote, end)
    first = next((m for m in places if lead and m.start == lead.end()), None)
    if first is None:
        return []
    listed = [first]
    for m in places:
        if m.start > listed[-1].end and _PLACE_LIST_JOIN.fullmatch(quote, listed[-1].end, m.start):
            listed.append(m)
    return listed


#: Kinds of place a figure can be located in.
_LOCAL = ("country", "territory", "area")
#: From a place to the number in brackets after it: "Peru (5,616", "马里（约 850".
_BRACKET_TO_NUMBER = re.compile(r"\s*[(（]\s*(?:about|some|over|nearly|约|近|逾)?\s*")
_SEVERAL_AFTER = re.compile(
    r"(?:[^\d.;。；()（）]|[(（][^()（）]*[)）]){0,60}?"
    r"\b(?:in|across|throughout|from)\s+(?:the\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|various)\s+"
    r"(?:[A-Za-z\-]+\s+){0,2}(?:countries|States)\b"
)
_SEVERAL_BEFORE = re.compile(
    r"(?:\d+|[两二三四五六七八九十]+)\s*个(?:国家|会员国|缔约国)[^\d。；]{0,20}$"
    r"|(?:其他|其余)(?:国家|会员国)[^\d。；]{0,20}$"  # 其他国家合计：308 件
    r"|\b(?:the\s+)?other\s+(?:countries|States)\b[^\d.;]{0,40}$"
    r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:other\s+)?"
    r"(?:countries|States)\b[^\d.;]{0,40}$"
)


#: A sentence that announces the list of its count's places: "…, as follows:", 如下：.
LIST_LEAD = r"(?:as follows|the following|如下|以下)\s*(?:[(（][^()（）]{1,20}[)）]\s*)?[:：]"
_LIST_FOLLOWS = re.compile(LIST_LEAD, re.IGNORECASE)
#: Words that make a count the total of what the sentence lists ("for a total of some").
_A_TOTAL = re.compile(
    r"(?:\btotal(?:ling)?(?: of)?|\bin (?:all|total)|\baltogether|总计|合计|共计|总数为?|共)"
    r"\s*[:：]?\s*(?:some|about|approximately|nearly|over|约|近|逾)?\s*$",
    re.IGNORECASE,
)


def _total_of_places(quote: str, at: int, ref: Reference) -> bool:
    """Tell a total over the places a sentence lists ("Mali (1,200), … for a total of 4,650")."""
    if not _A_TOTAL.search(quote, max(0, at - 30), at):
        return False
    return len({m.place.english for m in find_places(quote, ref) if m.place.kind in _LOCAL}) > 1


def _several_countries(quote: str, at: int, end: int) -> bool:
    """Tell a count stated across several countries, named after it or before it."""
    return bool(_SEVERAL_AFTER.match(quote, end) or _SEVERAL_BEFORE.search(quote, 0, at))


#: Flag of a subject the number itself is located in ("Peru (5,616)", "6,220 in Paraguay").
_OWN_PLACE = ("place_of_its_own",)


def _subject(p: Place, flags: tuple[str, ...] = ()) -> Subject:
    return Subject(p.name, p.english, p.kind, p.iso3, p.members or _own(p), flags)


def subject_from_text(texts: list[str], ref: Reference, *, local: bool = True) -> Subject | None:
    """Pick the subject of a sentence.

    The sentence itself is read first (a country before an instrument or
    organisation), then the surrounding texts (an instrument or organisation
    before a country, since a paragraph or heading names what it is about).

    Parameters
    ----------
    texts
        Candidate texts, most specific first: the sentence, then paragraph and headings.
    ref
        Reference data.
    local
        Whether a country, territory or area may be the subject.

    Returns
    -------
    Subject or None

    """
    named = ("instrument", "organisation")
    places = _LOCAL if local else ()
    for i, text in enumerate(texts):
        matches = find_places(text, ref)
        for kinds in (places, named) if i == 0 else (named, places):
            for m in matches:
                if m.place.kind in kinds:
                    return _subject(m.place)
    return None
