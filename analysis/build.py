"""The whole build: extract, validate, render; incremental and all-or-nothing.

Inputs are hashed. A rebuild with nothing changed extracts and executes nothing.
New tables and outputs are written into staging folders, and replace
``data/processed/`` and ``_output/`` only when extraction, validation and every
render succeeded; a failed or interrupted build leaves both as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis._code import module_files
from analysis._fs import remove_stale_staging, replace_dir, tree_hash
from analysis.extract import ExtractionWarning, extract_all
from analysis.paths import curation_dir, processed_dir, reference_dir, sources_dir
from analysis.processed import write_tables

STATE_FILE = ".build-state.json"


@dataclass
class BuildReport:
    """What a build did."""

    extracted: bool
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)


def output_dir(root: Path) -> Path:
    """Return the folder the briefing is rendered into (``_output/``)."""
    return root / "_output"


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def extraction_inputs_hash(root: Path) -> str:
    """Hash everything extraction reads: reports, reference data, corrections, its code.

    The code is every source file of the package that the extraction imports,
    found by following its imports (not a hand-kept list).
    """
    data = tree_hash([sources_dir(root), reference_dir(root), curation_dir(root)], base=root)
    code = module_files("analysis.extract", "analysis.curation", "analysis.processed")
    program = tree_hash(code, base=Path(__file__).resolve().parent)
    return hashlib.sha256(f"{data}{program}".encode()).hexdigest()


def render_inputs_hash(root: Path, tables: Path) -> str:
    """Hash everything a render reads: the tables, the analysis code, the Quarto project.

    Parameters
    ----------
    root
        Project root.
    tables
        The folder of processed tables the render will read.

    Returns
    -------
    str
    """
    code = Path(__file__).resolve().parent
    parts = [
        tree_hash(sorted(tables.glob("*.parquet")), base=tables),
        tree_hash([code], base=code.parent),
        tree_hash([root / "reports", root / "_quarto.yml", root / "data" / "reference"], base=root),
    ]
    return hashlib.sha256("".join(parts).encode()).hexdigest()


@contextmanager
def _processed_from(folder: Path) -> Iterator[None]:
    previous = os.environ.get("SALW_PROCESSED_DIR")
    os.environ["SALW_PROCESSED_DIR"] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SALW_PROCESSED_DIR", None)
        else:
            os.environ["SALW_PROCESSED_DIR"] = previous


def run_build(
    root: Path,
    formats: Sequence[str] = ("html", "pdf", "pptx", "revealjs"),
    *,
    render: bool = True,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Extract, validate and render what changed.

    Parameters
    ----------
    root
        Project root.
    formats
        Output formats to render.
    render
        Render the briefing (else extraction only).
    force
        Redo everything, whatever the hashes say.
    progress
        Called with a short message at each step.

    Returns
    -------
    BuildReport

    Raises
    ------
    BriefingError, RenderError
        On bad input or a failing render; ``data/processed/`` and ``_output/`` are
        then left exactly as they were.
    """
    say = progress or (lambda _message: None)
    processed = processed_dir(root)
    out = output_dir(root)
    for folder in (processed, out):
        remove_stale_staging(folder.parent, folder.name)
    staged_tables: Path | None = None
    staged_output: Path | None = None
    try:
        wanted = extraction_inputs_hash(root)
        current = _read_json(processed / "manifest.json").get("inputs_hash")
        report = BuildReport(extracted=force or current != wanted)
        if report.extracted:
            say("extracting and validating")
            result = extract_all(root, lambda sid: say(f"reading {sid}"))
            report.warnings, report.tables = result.warnings, result.tables
            processed.parent.mkdir(parents=True, exist_ok=True)
            staged_tables = Path(
                tempfile.mkdtemp(prefix=f".{processed.name}-staging-", dir=processed.parent)
            )
            write_tables(staged_tables, result.tables, wanted)
        else:
            say("data unchanged: extraction skipped")
        tables = staged_tables or processed
        if render:
            staged_output = _render_changed(root, tables, list(formats), force, report, say)
        if staged_tables is not None:
            replace_dir(staged_tables, processed)
            staged_tables = None
            report.written += sorted(processed.iterdir())
        if staged_output is not None:
            replace_dir(staged_output, out)
            staged_output = None
        return report
    finally:
        for leftover in (staged_tables, staged_output):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)


def _render_changed(
    root: Path,
    tables: Path,
    formats: list[str],
    force: bool,
    report: BuildReport,
    say: Callable[[str], None],
) -> Path | None:
    from analysis.render import render_project

    out = output_dir(root)
    state = _read_json(out / STATE_FILE)
    wanted = render_inputs_hash(root, tables)
    done = state.get("formats", {})
    todo = [
        f
        for f in formats
        if force
        or done.get(f, {}).get("hash") != wanted
        or not all((out / p).exists() for p in done.get(f, {}).get("files", []))
    ]
    report.skipped = [f for f in formats if f not in todo]
    if not todo:
        say("briefing unchanged: rendering skipped")
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    if out.is_dir():
        shutil.copytree(out, staging, dirs_exist_ok=True)
    say(f"rendering {', '.join(todo)}")
    with _processed_from(tables):
        written = render_project(root, formats=todo, output_dir=staging)
    files = sorted(str(p.relative_to(staging)) for p in written)
    for fmt in todo:
        done[fmt] = {"hash": wanted, "files": files}
    report.written += [out / f for f in files]
    report.rendered = todo
    (staging / STATE_FILE).write_text(
        json.dumps({"formats": done}, indent=2) + "\n", encoding="utf-8"
    )
    return staging
