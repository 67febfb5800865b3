"""The whole build: extract, validate, render; incremental, and one transaction.

Inputs are hashed. A rebuild with nothing changed extracts and executes nothing,
unless what it would keep does not verify: tables whose files differ from the
SHA-256 in their manifest are extracted again, outputs whose files differ from the
SHA-256 recorded at their render (a hand-edited HTML) are rendered again.

One build runs at a time (`analysis._lock`). New tables and outputs are written
into staging folders, and replace ``data/processed/`` and ``_output/`` together
(`analysis._fs.swap_dirs`) only when extraction, validation and every render
succeeded. A failed build leaves both as they were; a killed one leaves a journal
that the next build (or reader) finishes first, so both folders are always from
the same build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from analysis._code import module_files
from analysis._fs import (
    file_hashes,
    recover_swap,
    remove_stale_staging,
    remove_tree,
    staging_dir,
    swap_dirs,
    tree_hash,
)
from analysis._lock import project_lock, state_dir
from analysis._memo import prune
from analysis.errors import BriefingError
from analysis.extract import ExtractionWarning, extract_all
from analysis.paths import curation_dir, processed_dir, reference_dir, sources_dir
from analysis.processed import verify_tables, write_tables

if TYPE_CHECKING:
    from analysis.render import RenderStep

#: Folder of ``_output/`` holding the data package.
DATA_DIR = "data"
STATE_FILE = ".build-state.json"
_LEFT_AS_THEY_WERE = "data/processed/ and _output/ were left as they were"


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


def journal_path(root: Path) -> Path:
    """Return the journal a swap of ``data/processed/`` and ``_output/`` leaves while running."""
    return state_dir(root) / "journal.json"


def settle(root: Path, say: Callable[[str], None] | None = None) -> None:
    """Finish the swap of an interrupted build and remove dead builds' staging folders.

    Call it holding the project lock (`run_build` does); `settle_for_reading` takes
    the lock itself when there is something to finish.
    """
    if recover_swap(journal_path(root)) and say is not None:
        say("finished the swap of an interrupted build (data/processed/ and _output/)")
    for folder in (processed_dir(root), output_dir(root)):
        remove_stale_staging(folder.parent, folder.name)
    remove_stale_staging(sources_dir(root).parent, "add")  # a killed `briefing add`


def settle_for_reading(root: Path) -> None:
    """Before reading ``data/processed/``: finish an interrupted build's swap, if any."""
    if journal_path(root).is_file():
        with project_lock(root):
            settle(root)


def run_build(
    root: Path,
    formats: Sequence[str] = ("html", "pdf", "pptx", "revealjs"),
    *,
    render: bool = True,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    wait: bool = True,
    render_progress: Callable[[RenderStep], None] | None = None,
) -> BuildReport:
    """Extract, validate and render what changed, as one transaction.

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
    wait
        When another build is running, wait for it (else fail naming it).
    render_progress
        Called with each step of the render (an execution or a conversion) as it
        begins, never by two threads at once; without it, the step's label goes to
        ``progress``.

    Returns
    -------
    BuildReport

    Raises
    ------
    BriefingError, RenderError
        On bad input, a failing render, a folder that cannot be written, or (with
        ``wait=False``) another build running; ``data/processed/`` and ``_output/``
        are then left exactly as they were.
    """
    root = Path(root).resolve()  # a relative root would not compare with the paths written
    say = progress or (lambda _message: None)
    step = render_progress or (lambda s: say(s.label))
    with project_lock(root, wait=wait, say=say):
        settle(root, say)
        try:
            return _build(root, list(formats), render, force, say, step)
        except OSError as exc:
            raise BriefingError(
                exc.filename or root,
                f"cannot read or write it ({exc.strerror or exc})",
                "check the permissions of this file or folder (chmod u+w) and that the "
                f"disk is not full; {_LEFT_AS_THEY_WERE}",
            ) from exc


def _build(
    root: Path,
    formats: list[str],
    render: bool,
    force: bool,
    say: Callable[[str], None],
    step: Callable[[RenderStep], None],
) -> BuildReport:
    processed, out = processed_dir(root), output_dir(root)
    _check_folders(processed, out)
    staged: list[tuple[Path, Path]] = []
    try:
        warm = (lambda: _warm_charts(formats)) if render else None
        report = _extract_changed(root, processed, force, say, staged, warm)
        tables = staged[0][0] if staged else processed
        if render:
            staged_output = _render_changed(root, tables, formats, force, report, say, step)
            if staged_output is not None:
                staged.append((staged_output, out))
        if staged:
            swap_dirs(staged, journal_path(root))
        if report.rendered:
            prune()
        if report.extracted:
            report.written += sorted(processed.iterdir())
        return report
    except BaseException:
        if not journal_path(root).exists():  # not yet handed over to the journal
            for folder, _ in staged:
                remove_tree(folder)
        raise


def _check_folders(*folders: Path) -> None:
    """Refuse now, before any work, a folder the build cannot replace."""
    for folder in folders:
        if folder.exists() and not folder.is_dir():
            raise BriefingError(
                folder,
                "is a file, not a folder",
                f"move or remove it: the build writes a folder there; {_LEFT_AS_THEY_WERE}",
            )
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            raise BriefingError(
                folder,
                "the folder is not writable",
                f"make it writable (chmod -R u+w {folder}) or remove it",
            )


def _extract_changed(
    root: Path,
    processed: Path,
    force: bool,
    say: Callable[[str], None],
    staged: list[tuple[Path, Path]],
    warm: Callable[[], None] | None = None,
) -> BuildReport:
    """Extract into a staging folder when the inputs changed or the tables do not verify.

    ``warm`` is called before extracting: what the render will need can get ready
    meanwhile.
    """
    wanted = extraction_inputs_hash(root)
    changed = _read_json(processed / "manifest.json").get("inputs_hash") != wanted
    problem = verify_tables(processed) if processed.is_dir() else None
    report = BuildReport(extracted=force or changed or problem is not None)
    if not report.extracted:
        say("data unchanged: extraction skipped")
        return report
    if problem is not None and not changed and not force:
        say(f"data/processed/ does not verify ({problem}): extracting again")
    say("extracting and validating")
    if warm is not None:
        warm()
    result = extract_all(root, lambda sid: say(f"reading {sid}"))
    report.warnings, report.tables = result.warnings, result.tables
    folder = staging_dir(processed)
    staged.append((folder, processed))
    write_tables(folder, result.tables, wanted)
    return report


def _warm_charts(formats: list[str]) -> None:
    """Start the chart workers (and the vega-embed bundle for HTML) while extracting."""
    from analysis.notebook import warm_up

    warm_up(html=any(f in ("html", "revealjs") for f in formats))


def _render_todo(out: Path, formats: list[str], wanted: str, force: bool) -> list[str]:
    """Return the formats whose outputs are missing, stale or changed since their render."""
    done = _read_json(out / STATE_FILE).get("formats", {})

    def current(fmt: str) -> bool:
        state = done.get(fmt, {})
        files = state.get("files")
        return (
            state.get("hash") == wanted
            and isinstance(files, dict)
            and file_hashes(out, files) == files
        )

    return [f for f in formats if force or not current(f)]


def _render_changed(
    root: Path,
    tables: Path,
    formats: list[str],
    force: bool,
    report: BuildReport,
    say: Callable[[str], None],
    step: Callable[[RenderStep], None],
) -> Path | None:
    from analysis.render import render_project

    out = output_dir(root)
    wanted = render_inputs_hash(root, tables)
    todo = _render_todo(out, formats, wanted, force)
    report.skipped = [f for f in formats if f not in todo]
    if not todo:
        say("briefing unchanged: rendering skipped")
        return None
    staging = staging_dir(out)
    try:
        if out.is_dir():
            shutil.copytree(out, staging, dirs_exist_ok=True)
        say(f"rendering {', '.join(todo)}")
        package: list[Path] = []
        with _processed_from(tables):
            # The data package on this thread once the documents' cells have run, while
            # the last conversions (Pandoc, Typst) run: never beside the cells (polars
            # reading the tables in a second thread while they ran crashed the process
            # once, a segmentation fault inside polars 2.1's parquet reader).
            written = render_project(
                root,
                formats=todo,
                output_dir=staging,
                progress=step,
                meanwhile=lambda: package.extend(_data_package(tables, staging / DATA_DIR)),
            )
        written += package
        _record_render(staging, written, todo, wanted)
    except BaseException:
        remove_tree(staging)
        raise
    report.written += [out / p.relative_to(staging) for p in written]
    report.rendered = todo
    return staging


def _data_package(tables: Path, folder: Path) -> list[Path]:
    """Write the data package for researchers (``_output/data/``) from the tables rendered."""
    from analysis.datapackage import write_data_package
    from analysis.processed import TABLES
    from analysis.strings import text

    frames = {name: pl.read_parquet(tables / f"{name}.parquet") for name in TABLES}
    if folder.exists():
        shutil.rmtree(folder)
    return write_data_package(frames, folder, text("datapackage.title", "en"))


def _record_render(staging: Path, written: list[Path], todo: list[str], wanted: str) -> None:
    """Record, per format rendered, the inputs hash and the SHA-256 of every file written."""
    done = _read_json(staging / STATE_FILE).get("formats", {})
    files = file_hashes(staging, sorted(str(p.relative_to(staging)) for p in written))
    for fmt in todo:
        done[fmt] = {"hash": wanted, "files": files}
    (staging / STATE_FILE).write_text(
        json.dumps({"formats": done}, indent=2) + "\n", encoding="utf-8"
    )
