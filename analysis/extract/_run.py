"""Every registered report in, validated tables out (nothing written here)."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis._memo import remembered
from analysis.curation import apply_corrections
from analysis.extract._assign import apply_reviews, assign_series
from analysis.extract._report import Extraction, ExtractionWarning, extract_source
from analysis.paths import processed_dir
from analysis.processed import TABLES, validate_table
from analysis.reference import Reference, load_reference
from analysis.sources import Source, load_sources, sources_table

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
        extractions.append(_extracted(source, ref, _progress_of(source.source_id, progress)))
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


def _extracted(
    source: Source, ref: Reference, progress: Callable[[str], None] | None
) -> Extraction:
    """Return the tables of one report, read once per content and kept across builds.

    A correction, a review or a new report changes nothing a report yields by itself
    (they apply to all reports' tables together), so the other reports are not read
    again. The key covers where the file is, its ``source.yml`` (whose SHA-256 of the
    file :func:`analysis.sources.load_source` has checked) and (through
    :func:`analysis._memo.remembered`) the code and the reference data.
    """
    meta = json.dumps(source.meta, sort_keys=True, default=str)
    key = ("extraction", str(source.path), meta)
    return remembered(
        f"extraction {source.source_id}",
        key,
        lambda: extract_source(source, ref, progress),
        _extraction_bytes,
        _extraction_from,
    )


def _extraction_bytes(extraction: Extraction) -> bytes:
    """Return an extraction as bytes: a JSON header (warnings, table sizes), then the tables."""
    tables = []
    for name in _PER_REPORT:
        buffer = io.BytesIO()
        getattr(extraction, name).write_ipc(buffer)
        tables.append(buffer.getvalue())
    header = {
        "warnings": [dataclasses.asdict(w) for w in extraction.warnings],
        "sizes": [len(t) for t in tables],
    }
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return len(head).to_bytes(8, "big") + head + b"".join(tables)


def _extraction_from(raw: bytes) -> Extraction:
    """Return the extraction :func:`_extraction_bytes` wrote.

    Raises
    ------
    ValueError
        When the bytes are not such an extraction (a damaged cache file).
    """
    try:
        size = int.from_bytes(raw[:8], "big")
        header = json.loads(raw[8 : 8 + size].decode("utf-8"))
        tables, start = {}, 8 + size
        for name, length in zip(_PER_REPORT, header["sizes"], strict=True):
            tables[name] = pl.read_ipc(io.BytesIO(raw[start : start + length]))
            start += length
        warnings = [ExtractionWarning(**w) for w in header["warnings"]]
    except (KeyError, TypeError, UnicodeDecodeError, pl.exceptions.PolarsError) as exc:
        raise ValueError(f"not a kept extraction: {exc}") from exc
    if start != len(raw):
        raise ValueError("not a kept extraction: trailing bytes")
    return Extraction(**tables, warnings=warnings)


def _progress_of(
    source_id: str, progress: Callable[[str], None] | None
) -> Callable[[str], None] | None:
    """Return the progress callback of one report (its messages name the report)."""
    if progress is None:
        return None
    return lambda message: progress(f"{source_id}: {message}")


def _concat(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical") if frames else TABLES[name].create_empty()
