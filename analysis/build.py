"""The extraction pipeline: sources in, validated tidy tables in ``data/processed/`` out."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.extract import Extraction, Warning, extract_source
from analysis.paths import processed_dir
from analysis.reference import load_reference
from analysis.schema import validate_table
from analysis.sources import Source, load_sources

TABLES = ("paragraphs", "activities", "figures", "events", "quality", "tokens", "sources")


@dataclass
class BuildResult:
    """What a build produced."""

    tables: dict[str, pl.DataFrame]
    written: list[Path] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


def sources_table(sources: list[Source]) -> pl.DataFrame:
    """Return one row per registered report with its provenance."""
    rows = [
        dict(
            source_id=s.source_id,
            symbol=s.symbol,
            title=str(s.meta.get("title", "")),
            title_en=str(s.meta.get("title_en", "")),
            language=s.language,
            original_language=str(s.meta.get("original_language", "")),
            date=s.date,
            period_start=s.period_start,
            period_end=s.period_end,
            period_as_printed=str(s.meta["reporting_period"].get("as_printed", "")),
            sha256=str(s.meta["sha256"]),
            origin=str(s.meta.get("origin", "")).strip(),
            licence=str(s.meta.get("licence", "")).strip(),
            citation=s.citation,
            file=str(s.path.relative_to(s.folder.parent.parent.parent)),
        )
        for s in sources
    ]
    return pl.DataFrame(rows)


def extract_all(root: Path, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Extract and validate every registered report, without writing anything.

    Parameters
    ----------
    root
        Project root.
    progress
        Called with each source id as it is read.

    Returns
    -------
    BuildResult
        The validated tables and warnings.

    """
    ref = load_reference(root)
    sources = load_sources(root)
    extractions: list[Extraction] = []
    for source in sources:
        if progress:
            progress(source.source_id)
        extractions.append(extract_source(source, ref))
    tables: dict[str, pl.DataFrame] = {}
    for name in TABLES[:-1]:
        frames = [getattr(e, name) for e in extractions]
        tables[name] = pl.concat(frames, how="vertical") if frames else pl.DataFrame()
    tables["sources"] = sources_table(sources)
    from analysis.curation import apply_corrections

    tables["figures"], tables["corrections"] = apply_corrections(root, tables["figures"])
    vocabulary = {i.indicator for i in ref.indicators}
    out = processed_dir(root)
    for name in ("paragraphs", "activities", "figures", "events"):
        tables[name] = validate_table(name, tables[name], vocabulary, out / f"{name}.csv")
    warnings = [w for e in extractions for w in e.warnings]
    return BuildResult(tables=tables, warnings=warnings)


def write_tables(root: Path, tables: dict[str, pl.DataFrame]) -> list[Path]:
    """Write every table as Parquet and UTF-8 CSV, replacing ``data/processed/`` atomically.

    The tables go to a staging folder first; only when all are written is the
    staging folder swapped in, so a failure leaves the previous tables intact.

    Parameters
    ----------
    root
        Project root.
    tables
        Name to frame.

    Returns
    -------
    list of Path
        Files written (at their final place).

    """
    out = processed_dir(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".processed-staging-", dir=out.parent))
    try:
        names = []
        for name, frame in tables.items():
            frame.write_parquet(staging / f"{name}.parquet")
            frame.write_csv(staging / f"{name}.csv")
            names += [f"{name}.parquet", f"{name}.csv"]
        counts = {name: frame.height for name, frame in tables.items()}
        (staging / "manifest.json").write_text(
            json.dumps(
                {
                    "tables": counts,
                    "sources": tables["sources"].select("source_id", "sha256").to_dicts(),
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        names.append("manifest.json")
        old = out.parent / ".processed-old"
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [out / n for n in names]


def build_processed(root: Path, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Extract, validate and write ``data/processed/``.

    Parameters
    ----------
    root
        Project root.
    progress
        Called with each source id as it is read.

    Returns
    -------
    BuildResult

    """
    result = extract_all(root, progress)
    result.written = write_tables(root, result.tables)
    return result


def load_table(root: Path, name: str) -> pl.DataFrame:
    """Read one processed table (Parquet).

    Parameters
    ----------
    root
        Project root.
    name
        One of ``paragraphs``, ``activities``, ``figures``, ``events``, ``quality``,
        ``tokens``, ``sources``, ``corrections``.

    Returns
    -------
    polars.DataFrame

    """
    from analysis.errors import BriefingError

    path = processed_dir(root) / f"{name}.parquet"
    if not path.is_file():
        raise BriefingError(path, "processed table is missing", "run `briefing build` first")
    return pl.read_parquet(path)
