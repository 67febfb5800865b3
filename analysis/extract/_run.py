"""Every registered report in, validated tables out (nothing written here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.curation import apply_corrections
from analysis.extract._assign import apply_reviews, assign_series
from analysis.extract._report import Extraction, ExtractionWarning, extract_source
from analysis.paths import processed_dir
from analysis.processed import TABLES, validate_table
from analysis.reference import load_reference
from analysis.sources import load_sources, sources_table

#: The tables one report yields (the rest are built over all reports).
_PER_REPORT = ("paragraphs", "activities", "figures", "events", "quality", "tokens")


@dataclass(frozen=True)
class ExtractionResult:
    """The validated tables of every report, and what a reviewer should look at."""

    tables: dict[str, pl.DataFrame]
    warnings: list[ExtractionWarning] = field(default_factory=list)


def extract_all(root: Path, progress: Callable[[str], None] | None = None) -> ExtractionResult:
    """Extract, correct and validate every registered report, without writing anything.

    Parameters
    ----------
    root
        Project root.
    progress
        Called with each source id as it is read, and with ``<id>: NN% read (line N)``
        every few seconds while a long report is read.

    Returns
    -------
    ExtractionResult
        Every table of :data:`analysis.processed.TABLES`, validated, and the warnings.

    Raises
    ------
    BriefingError
        On an unreadable report, a stale correction or a table that fails validation.
    """
    ref = load_reference(root)
    extractions: list[Extraction] = []
    sources = load_sources(root)
    for source in sources:
        if progress:
            progress(source.source_id)
        extractions.append(extract_source(source, ref, _progress_of(source.source_id, progress)))
    tables = {name: _concat(name, [getattr(e, name) for e in extractions]) for name in _PER_REPORT}
    tables["sources"] = sources_table(sources)
    tables["figures"], tables["corrections"] = apply_corrections(root, tables["figures"])
    assignments = assign_series(tables["figures"], ref)
    tables["assignments"], tables["reviews"] = apply_reviews(
        root, assignments, tables["figures"], ref
    )
    allowed = ref.vocabulary.allowed()
    out = processed_dir(root)
    validated = {
        name: validate_table(name, tables[name], out / f"{name}.csv", allowed) for name in TABLES
    }
    return ExtractionResult(validated, [w for e in extractions for w in e.warnings])


def _progress_of(
    source_id: str, progress: Callable[[str], None] | None
) -> Callable[[str], None] | None:
    """Return the progress callback of one report (its messages name the report)."""
    if progress is None:
        return None
    return lambda message: progress(f"{source_id}: {message}")


def _concat(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical") if frames else TABLES[name].create_empty()
