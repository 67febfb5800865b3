"""The extraction pipeline: sources in, validated tidy tables in ``data/processed/`` out."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis._fs import remove_stale_staging, replace_dir, tree_hash
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


def write_tables(
    folder: Path, tables: dict[str, pl.DataFrame], inputs_hash: str = ""
) -> list[Path]:
    """Write every table as Parquet and UTF-8 CSV into ``folder``, plus ``manifest.json``.

    Parameters
    ----------
    folder
        An empty (staging) folder.
    tables
        Name to frame.
    inputs_hash
        Hash of everything the tables were built from (for incremental builds).

    Returns
    -------
    list of Path
        Files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        frame.write_parquet(folder / f"{name}.parquet")
        frame.write_csv(folder / f"{name}.csv")
        written += [folder / f"{name}.parquet", folder / f"{name}.csv"]
    manifest = {
        "inputs_hash": inputs_hash,
        "tables": {name: frame.height for name, frame in tables.items()},
        "sources": tables["sources"].select("source_id", "sha256").to_dicts(),
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [*written, folder / "manifest.json"]


def extraction_inputs_hash(root: Path) -> str:
    """Hash everything extraction reads: reports, reference data, corrections, its code."""
    code = Path(__file__).resolve().parent
    data = tree_hash(
        [root / "data" / "sources", root / "data" / "reference", root / "data" / "curation"],
        base=root,
    )
    modules = ("build", "schema", "curation", "reference", "sources")
    program = tree_hash([code / "extract", *(code / f"{m}.py" for m in modules)], base=code.parent)
    return hashlib.sha256(f"{data}{program}".encode()).hexdigest()


def build_processed(root: Path, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Extract, validate and write ``data/processed/``, replacing it atomically.

    The tables are written to a staging folder first; only when all are written is
    it swapped in, so a failure leaves the previous tables intact.

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
    out = processed_dir(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out.parent, out.name)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    try:
        write_tables(staging, result.tables, extraction_inputs_hash(root))
        replace_dir(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    result.written = sorted(out.iterdir())
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
