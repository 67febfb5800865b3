"""The briefing's own wording in English and Chinese: one catalogue, ``strings.csv``.

Every title, subtitle, axis title, legend, tooltip title, table header and phrase that
code (not a ``.qmd``) puts in front of a reader has one row ``key,en,zh`` there, the two
languages side by side. Names (indicators, places, UN entities, categories) are not
here: they come from the reference data (:mod:`analysis.reference`).

A wording that counts ``{n}`` things may have a singular form, the row ``<key>.one``,
used when ``n`` is 1 ("1 dated event", not "1 dated events"); a language that does not
change its nouns with the number (Chinese) leaves it empty and keeps the key's.

In Chinese, the catalogue's space beside a filled-in field is kept only where a number
or Latin text meets Chinese text: ``共 {n} 件`` gives ``共 8 994 件`` but ``共约 8 994
件``. The values themselves are never changed.

>>> text("weapons.title", "zh")
'退出流通的武器、零部件和弹药'
"""

from __future__ import annotations

import csv
import string
from functools import cache
from pathlib import Path

#: The languages a briefing is written in.
LANGS = ("en", "zh")
CATALOGUE_FILE = Path(__file__).with_name("strings.csv")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Return key -> {language -> wording}, read once from ``strings.csv``.

    Returns
    -------
    dict
    """
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        return {row["key"]: {lang: row[lang] for lang in LANGS} for row in csv.DictReader(fh)}


def checked(lang: str) -> str:
    """Return ``lang`` if a briefing can be written in it.

    Raises
    ------
    ValueError
        Naming the languages there are.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str = "en", /, **values: object) -> str:
    """Return the wording of ``key`` in ``lang``, with ``{name}`` fields filled in.

    Parameters
    ----------
    key
        A key of ``strings.csv``.
    lang
        ``en`` or ``zh``.
    **values
        Values of the ``{name}`` fields; ``n`` (a count) chooses the singular form
        ``<key>.one`` where the catalogue has one and ``n`` is 1.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For a key that is not in the catalogue.
    """
    wordings = catalogue()
    wording = wordings[key][checked(lang)]
    if str(values.get("n", "")) == "1" and wordings.get(f"{key}.one", {}).get(lang):
        wording = wordings[f"{key}.one"][lang]
    if not values:
        return wording
    return _filled_zh(wording, values) if lang == "zh" else wording.format(**values)


def _is_cjk(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff"


def _filled_zh(wording: str, values: dict[str, object]) -> str:
    """Return a Chinese wording filled in, no space between two Chinese characters.

    Only at a field's edge: the catalogue spaces a field for the numbers it usually holds.
    """
    formatter = string.Formatter()
    out, after_field = "", False
    for literal, field, spec, conversion in formatter.parse(wording):
        if after_field and literal[:1] == " " and _is_cjk(out[-1:]) and _is_cjk(literal[1:2]):
            literal = literal[1:]
        out += literal
        if field is None:
            break
        value, _ = formatter.get_field(field, (), values)
        piece = formatter.format_field(formatter.convert_field(value, conversion), spec or "")
        if out[-1:] == " " and _is_cjk(out[-2:-1]) and _is_cjk(piece[:1]):
            out = out[:-1]
        out += piece
        after_field = True
    return out
