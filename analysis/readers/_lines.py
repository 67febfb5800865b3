"""Shared by the PDF and DOCX readers: line shapes and joining wrapped lines."""

from __future__ import annotations

import re

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
ANNEX_HEADING = re.compile(r"^(?:附件[一二三四五六七八九十]*|Annex(?:\s+[IVX]+)?)\s*$")
PARAGRAPH_START = re.compile(r"^\d{1,3}\s*[.．]\s+\S")
SECTION_START = re.compile(r"^(?:[一二三四五六七八九十]+|[IVX]+)\s*[.．、]\s*\S")

_COMPOUND_FIRST = frozenset(
    [
        "non",
        "post",
        "pre",
        "anti",
        "self",
        "cross",
        "co",
        "ex",
        "multi",
        "sub",
        "semi",
        "counter",
        "well",
        "long",
        "short",
        "high",
        "low",
        "small",
        "large",
        "full",
        "part",
        "follow",
        "peace",
        "capacity",
        "decision",
        "record",
        "awareness",
        "state",
        "member",
        "end",
        "cost",
        "gender",
        "community",
        "country",
        "evidence",
        "results",
        "mine",
        "arms",
        "law",
    ]
)
_COMPOUND_SECOND = frozenset(
    [
        "keeping",
        "raising",
        "building",
        "making",
        "based",
        "related",
        "up",
        "term",
        "level",
        "scale",
        "led",
        "wide",
        "specific",
        "owned",
        "sensitive",
        "driven",
        "oriented",
        "free",
        "like",
        "making",
        "holders",
        "governmental",
        # a span of time after a number: "three-year project", "five-day course"
        "year",
        "day",
        "week",
        "month",
        "hour",
    ]
)


class Hyphens:
    """Decide whether a hyphen ending a line is a word break or part of a compound.

    A hyphen is kept when the hyphenated form occurs elsewhere in the document, or
    the parts look like a compound (``record-keeping``, ``non-governmental``, a part
    joined by a hyphen to another: ``two-and-a-half-year``); it is
    dropped when the joined word occurs elsewhere, or otherwise between two
    lower-case word parts (``disar-mament``).
    """

    def __init__(self, texts: list[str]) -> None:
        self.words = {w.lower() for t in texts for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", t)}
        self.dropped = 0

    def drop(self, before: str, after: str) -> bool:
        """Tell whether the hyphen at the end of ``before`` splits one word."""
        left = re.search(r"(-?)([A-Za-z]+)-$", before)
        right = re.match(r"([a-z]+)(-?)", after)
        if not left or not right or not left.group(2)[-1].islower():
            return False
        first, second = left.group(2).lower(), right.group(1)
        if f"{first}-{second}" in self.words:
            return False
        # a part joined by a hyphen to another ("two-and-|a-half-year") is of a compound
        chained = bool(left.group(1) or right.group(2))
        if f"{first}{second}" not in self.words and (
            first in _COMPOUND_FIRST or second in _COMPOUND_SECOND or chained
        ):
            return False
        self.dropped += 1
        return True


def _is_cjk(ch: str) -> bool:
    return (
        "\u2e80" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )


def join_lines(parts: list[str], hyphens: Hyphens | None = None) -> str:
    """Join wrapped lines into one: no space next to CJK, nor after a hyphen, slash or dash.

    Parameters
    ----------
    parts
        The lines, in order; empty ones are skipped.
    hyphens
        Decides whether an end-of-line hyphen is a word break (dropped); without
        it, every hyphen is kept.

    Returns
    -------
    str

    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and hyphens is not None and hyphens.drop(out, part):
            out = out[:-1] + part
        elif out.endswith(("-", "/", "–")) or _is_cjk(out[-1]) or _is_cjk(part[0]):
            out += part
        else:
            out += " " + part
    return out
