"""The processed tables, loaded once and passed to every analysis topic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis.paths import project_root

_NAMES = ("paragraphs", "activities", "figures", "events", "quality", "sources", "corrections")


@dataclass(frozen=True)
class ProcessedData:
    """All processed tables of a project (every registered report).

    Attributes
    ----------
    paragraphs, activities, figures, events, quality, sources, corrections
        The tables of ``data/processed/`` (see README for their columns).

    """

    paragraphs: pl.DataFrame
    activities: pl.DataFrame
    figures: pl.DataFrame
    events: pl.DataFrame
    quality: pl.DataFrame
    sources: pl.DataFrame
    corrections: pl.DataFrame

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame]) -> ProcessedData:
        """Build from a name-to-frame mapping (as returned by a build)."""
        return cls(**{name: tables[name] for name in _NAMES})


def load(root: Path | None = None) -> ProcessedData:
    """Read the processed tables from ``data/processed/``.

    Parameters
    ----------
    root
        Project root; found from the working directory when omitted.

    Returns
    -------
    ProcessedData

    Raises
    ------
    BriefingError
        When a table is missing (run ``briefing extract`` first).

    """
    from analysis.build import load_table

    root = root or project_root()
    return ProcessedData(**{name: load_table(root, name) for name in _NAMES})
