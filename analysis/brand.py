"""The brand settings (colours, fonts, sizes) of ``analysis/brand.yml``, read once.

A module of its own, without Altair or great_tables, so that what only needs the
colours (the decks' post-render, :mod:`analysis.native_charts`) starts quickly;
:mod:`analysis.theme` builds the house style from it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

BRAND_FILE = Path(__file__).with_name("brand.yml")


@cache
def brand() -> dict[str, Any]:
    """Return the brand settings of ``analysis/brand.yml`` (read once).

    Returns
    -------
    dict
        Keys ``colours``, ``fonts``, ``sizes``, ``chart``.

    """
    return yaml.safe_load(BRAND_FILE.read_text(encoding="utf-8"))
