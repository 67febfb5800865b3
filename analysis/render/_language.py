"""The words Quarto puts around floats and callouts, per document language.

From quarto-cli's language files (src/resources/language/_language.yml and
_language-zh.yml); a document's ``language:`` mapping overrides them, as in Quarto.
"""

from __future__ import annotations

from typing import Any

#: English, Quarto's default.
ENGLISH = {
    "crossref-fig-title": "Figure",
    "crossref-tbl-title": "Table",
    "callout-note-caption": "Note",
    "callout-tip-caption": "Tip",
    "callout-warning-caption": "Warning",
    "callout-important-caption": "Important",
    "callout-caution-caption": "Caution",
}

#: Other languages: only the words that differ from English.
LANGUAGES: dict[str, dict[str, str]] = {
    "zh": {
        "crossref-fig-title": "图",
        "crossref-tbl-title": "表格",
        "callout-note-caption": "注释",
        "callout-tip-caption": "提示",
        "callout-warning-caption": "警告",
        "callout-important-caption": "重要",
    },
}


def language(lang: Any, overrides: Any = None) -> dict[str, str]:
    """Return the float and callout words for ``lang`` (``zh``, ``zh-CN``, ``en`` ...).

    Parameters
    ----------
    lang : str or None
        The document's ``lang``; its primary subtag picks the language.
    overrides : dict, optional
        The document's ``language:`` mapping (Quarto's keys).

    Returns
    -------
    dict
        ``crossref-fig-title``, ``crossref-tbl-title`` and ``callout-*-caption``.

    """
    primary = str(lang or "en").split("-")[0].split("_")[0].lower()
    words = {**ENGLISH, **LANGUAGES.get(primary, {})}
    if isinstance(overrides, dict):
        words.update({k: str(v) for k, v in overrides.items() if k in ENGLISH})
    return words
