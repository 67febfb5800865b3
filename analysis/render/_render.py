"""Orchestrate a project render: execute and convert per (document, format), publish."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._assemble import Assembler
from ._convert import EXTENSIONS, convert
from ._errors import RenderError
from ._execute import ExecutedDocument, execute, settled
from ._progress import ProgressCallback, Steps
from ._project import REQUEST_TO_QUARTO, SUPPORTED, Project, load_project
from ._qmd import Cell, QmdDocument, parse_qmd

log = logging.getLogger("analysis.render")

DEFAULT_FORMATS = ("html", "pdf", "pptx", "revealjs")

#: Seconds spent per phase in the last render ("execute:<doc>", "<fmt>:<doc>").
TIMINGS: dict[str, float] = {}


def _requested(formats: Sequence[str]) -> list[str]:
    """Map requested format names (``pdf`` ...) to Quarto format keys (``typst`` ...)."""
    out: list[str] = []
    for name in formats:
        if name not in REQUEST_TO_QUARTO:
            raise RenderError(f"unknown format {name!r}; use one of {sorted(REQUEST_TO_QUARTO)}")
        key = REQUEST_TO_QUARTO[name]
        if key not in out:
            out.append(key)
    return out


def output_name(qmd: Path, fmt: str, options: dict) -> str:
    """Return the output file name of ``qmd`` rendered to ``fmt``.

    ``output-file`` in the format options wins; otherwise ``<stem>.html``,
    ``<stem>.pdf``, ``<stem>.pptx`` and ``<stem>-slides.html`` for reveal.js (so that
    it does not collide with the HTML page).
    """
    if options.get("output-file"):
        return str(options["output-file"])
    if fmt == "revealjs":
        return f"{qmd.stem}-slides.html"
    return qmd.stem + EXTENSIONS[fmt]


#: Cell options that ``execute:`` in ``_quarto.yml`` or the front matter can default.
EXECUTE_OPTIONS = ("echo", "output", "include", "eval")


def _apply_execute_defaults(doc: QmdDocument, project: Project) -> None:
    """Fill cell options from ``execute:`` of ``_quarto.yml`` and the front matter."""
    defaults = {**(project.config.get("execute") or {}), **(doc.meta.get("execute") or {})}
    base = {k: defaults[k] for k in EXECUTE_OPTIONS if k in defaults}
    for block in doc.blocks:
        if isinstance(block, Cell):
            block.options = {**base, **block.options}


#: Quarto's ``fig-format`` per format when none is declared (quarto-cli src/format/).
DEFAULT_FIG_FORMAT = {"html": "retina", "revealjs": "retina", "typst": "svg", "pptx": "png"}
#: Pandoc writer per format, as Quarto reports it in ``format.pandoc.to``.
PANDOC_TO = {"html": "html", "revealjs": "revealjs", "typst": "typst", "pptx": "pptx"}
#: Quarto metadata keys applying to every document (``lang`` ...), read from _quarto.yml.
PROJECT_META_KEYS = ("lang", "language", "author", "date")


def execute_info(
    qmd: Path, fmt: str, options: dict[str, Any], images_ahead: Sequence[str] = ()
) -> dict[str, Any]:
    """Return what Quarto tells the kernel about rendering ``qmd`` to ``fmt``.

    The shape of Quarto's ``QUARTO_EXECUTE_INFO`` file, with the fields this project
    reads: ``document-path``, ``format.identifier`` (``target-format``,
    ``base-format``), ``format.execute.fig-format`` and ``format.pandoc.to``.

    Parameters
    ----------
    qmd : Path
        The document.
    fmt : str
        The Quarto format key.
    options : dict
        The document's merged options for ``fmt``.
    images_ahead : Sequence[str]
        Chart image kinds (``svg``, ``png``) the document's other formats in this
        render will need: ``salw-images-ahead``, a field of the built-in renderer only
        (cells may start converting them early; Quarto never sets it).

    Returns
    -------
    dict
        JSON-ready execution info.

    """
    fig_format = options.get("fig-format") or DEFAULT_FIG_FORMAT.get(fmt, "png")
    return {
        "document-path": str(qmd),
        "format": {
            "identifier": {"display-name": fmt, "target-format": fmt, "base-format": fmt},
            "execute": {"fig-format": str(fig_format)},
            "pandoc": {"to": PANDOC_TO.get(fmt, fmt)},
        },
        "salw-images-ahead": list(images_ahead),
    }


def _image_kind(fmt: str, options: dict[str, Any]) -> str | None:
    """Return the kind of chart image format ``fmt`` embeds (None for HTML formats)."""
    if fmt in ("html", "revealjs"):
        return None
    fig_format = options.get("fig-format") or DEFAULT_FIG_FORMAT.get(fmt, "png")
    return "svg" if fig_format == "svg" else "png"


def _check_self_contained(qmd: Path, fmt: str, options: dict[str, Any]) -> None:
    """Warn when an HTML format is not declared self-contained for Quarto.

    The built-in renderer always embeds everything; without ``embed-resources: true``
    real Quarto would write the page's libraries as separate files.
    """
    if fmt in ("html", "revealjs") and options.get("embed-resources") is not True:
        log.warning(
            "%s: format %s does not declare 'embed-resources: true'; Quarto would write "
            "its resources as separate files",
            qmd.name,
            fmt,
        )


def render_document(
    project: Project,
    qmd: Path,
    formats: Sequence[str],
    staging: Path,
    output_root: Path,
) -> list[Path]:
    """Execute one document once per requested, declared format and write each output.

    As Quarto does, the document is executed afresh for every format, with the format
    described to the kernel (``QUARTO_EXECUTE_INFO``), so cells can shape their output
    for it.

    Parameters
    ----------
    project : Project
        The loaded project.
    qmd : Path
        The document (absolute).
    formats : Sequence[str]
        Quarto format keys requested (``html``, ``typst``, ``pptx``, ``revealjs``).
    staging : Path
        Staging directory; files are written under it, mirroring the final layout.
    output_root : Path
        The final output directory (only used to compute the returned final paths).

    Returns
    -------
    list of Path
        Final paths (under ``output_root``) of the files written to ``staging``.

    """
    jobs = document_jobs(project, qmd, formats)
    return [render_job(project, job, staging, output_root) for job in jobs]


@dataclass(frozen=True)
class Job:
    """One document rendered to one format."""

    doc: QmdDocument
    fmt: str
    options: dict[str, Any]
    #: Chart image kinds the document's formats in this render embed (see execute_info).
    images_ahead: tuple[str, ...] = ()


def document_jobs(project: Project, qmd: Path, formats: Sequence[str]) -> list[Job]:
    """Return the formats to render ``qmd`` to: requested, declared and supported."""
    doc = parse_qmd(qmd)
    _apply_execute_defaults(doc, project)
    declared = project.format_options(doc.meta, qmd.parent)
    wanted = [f for f in formats if f in declared and f in SUPPORTED]
    if not wanted:
        log.info("%s: none of %s declared; skipped", qmd.name, list(formats))
    kinds = {_image_kind(fmt, declared[fmt]) for fmt in wanted} - {None}
    ahead = tuple(sorted(k for k in kinds if k))
    return [Job(doc, fmt, declared[fmt], ahead) for fmt in wanted]


def render_job(project: Project, job: Job, staging: Path, output_root: Path) -> Path:
    """Execute the document for one format, assemble and convert it into ``staging``.

    Returns
    -------
    Path
        The final path (under ``output_root``) of the file written.

    """
    return convert_job(project, job, execute_job(project, job), staging, output_root)


def execute_job(project: Project, job: Job) -> ExecutedDocument:
    """Execute the document for one format (the kernel learns the format)."""
    qmd, fmt = job.doc.path, job.fmt
    _check_self_contained(qmd, fmt, job.options)
    cwd = project.root if project.execute_dir == "project" else qmd.parent
    t0 = time.perf_counter()
    info = execute_info(qmd, fmt, job.options, job.images_ahead)
    executed = execute(job.doc, cwd=cwd, info=info)
    TIMINGS[f"execute:{fmt}:{qmd.name}"] = time.perf_counter() - t0
    return executed


def convert_job(
    project: Project, job: Job, executed: ExecutedDocument, staging: Path, output_root: Path
) -> Path:
    """Assemble an executed document and convert it to its format, into ``staging``."""
    qmd, fmt = job.doc.path, job.fmt
    t0 = time.perf_counter()
    rel_dir = qmd.parent.relative_to(project.root)
    name = output_name(qmd, fmt, job.options)
    target = staging / rel_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    defaults = {k: project.config[k] for k in PROJECT_META_KEYS if k in project.config}
    executed = settled(executed)
    with tempfile.TemporaryDirectory(prefix="sb-render-") as tmp:
        assembler = Assembler(executed, fmt, Path(tmp), defaults)
        markdown = assembler.markdown()
        convert(
            markdown, fmt, target, Path(tmp), job.options, str(qmd), head_html=assembler.head_html
        )
    TIMINGS[f"{fmt}:{qmd.name}"] = time.perf_counter() - t0
    return output_root / rel_dir / name


def _shown(project: Project, qmd: Path, fmt: str) -> tuple[str, str]:
    """Return the document and the format as a user names them (``pdf`` for ``typst``).

    The document is relative to the project root: ``reports/briefing.qmd``.
    """
    name = "pdf" if fmt == "typst" else fmt
    return qmd.relative_to(project.root).as_posix(), name


def _executing(steps: Steps, project: Project, job: Job) -> ExecutedDocument:
    """Report the execution of ``job`` as a step, then run it (:func:`execute_job`)."""
    doc, fmt = _shown(project, job.doc.path, job.fmt)
    steps.begin(f"executing {doc} ({fmt})")
    return execute_job(project, job)


def _converting(
    steps: Steps, project: Project, job: Job, executed: ExecutedDocument, staging: Path, out: Path
) -> Path:
    """Report the conversion of ``job`` as a step, then run it (:func:`convert_job`)."""
    doc, fmt = _shown(project, job.doc.path, job.fmt)
    steps.begin(f"converting {doc} → {fmt}")
    return convert_job(project, job, executed, staging, out)


def _render_with_quarto(
    project: Project,
    formats: list[str],
    output_dir: Path | None,
    progress: ProgressCallback | None = None,
) -> list[Path]:
    """Render with the ``quarto`` binary: ``quarto render <file> --to <fmt>``, one step each."""
    out_root = output_dir or project.output_dir
    todo: list[tuple[Path, str, dict[str, Any]]] = []
    for qmd in project.documents():
        declared = project.format_options(parse_qmd(qmd).meta, qmd.parent)
        todo += [(qmd, fmt, declared[fmt]) for fmt in formats if fmt in declared]
    steps = Steps(progress, total=len(todo))
    written: list[Path] = []
    for qmd, fmt, options in todo:
        doc, shown = _shown(project, qmd, fmt)
        steps.begin(f"rendering {doc} → {shown} (quarto)")
        _quarto_render(project, qmd, fmt, output_dir)
        rel_dir = qmd.parent.relative_to(project.root)
        written.append(out_root / rel_dir / output_name(qmd, fmt, options))
    return written


def _quarto_render(project: Project, qmd: Path, fmt: str, output_dir: Path | None) -> None:
    """Run ``quarto render <qmd> --to <fmt>``; raise :class:`RenderError` if it fails."""
    cmd = ["quarto", "render", str(qmd.relative_to(project.root)), "--to", fmt]
    if output_dir is not None:
        cmd += ["--output-dir", str(output_dir)]
    proc = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RenderError(f"{qmd}: quarto render --to {fmt} failed:\n{proc.stderr}")


def render_project(
    project_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path | None = None,
    use_quarto: bool | None = None,
    progress: ProgressCallback | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Path]:
    """Render a Quarto project's documents into the requested formats.

    Each listed ``.qmd`` is executed in a Jupyter kernel (working directory: the project
    root) once for every format the document (or ``_quarto.yml``) declares among
    ``formats``, as Quarto does. Files are rendered into a staging
    directory next to the output directory and moved in only when every document
    and format succeeded, so a failed render leaves earlier outputs untouched.

    Parameters
    ----------
    project_dir : Path
        Directory holding ``_quarto.yml``.
    formats : Sequence[str]
        Any of ``"html"``, ``"pdf"`` (via Typst), ``"pptx"``, ``"revealjs"``.
    output_dir : Path, optional
        Where to write; defaults to ``project.output-dir`` of ``_quarto.yml``
        (``_output``). The documents' directories below the project root are kept.
    use_quarto : bool, optional
        ``True`` to run the ``quarto`` binary, ``False`` for the built-in renderer,
        ``None`` (default) to use ``quarto`` only when it is on ``PATH``.
    progress : callable, optional
        Called with a :class:`RenderStep` as each execution and each conversion begins
        (with ``quarto``: each ``quarto render``), never by two threads at once.
    meanwhile : callable, optional
        Work of the caller's that does not read the outputs, called once on this
        thread: while the last conversions run (with ``quarto``: after the render).
        The render fails if it fails.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    RenderError
        If the project is invalid, a cell fails (the message names the ``.qmd``, the
        cell and the Python error) or a conversion fails.

    """
    project = load_project(Path(project_dir))
    wanted = _requested(formats)
    if use_quarto is None:
        use_quarto = shutil.which("quarto") is not None
    if use_quarto:
        out = Path(output_dir) if output_dir else None
        written = _render_with_quarto(project, wanted, out, progress)
        if meanwhile is not None:
            meanwhile()
        return written

    out_root = Path(output_dir).resolve() if output_dir else project.output_dir
    out_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_root.name}-staging-", dir=out_root.parent))
    TIMINGS.clear()
    try:
        # Every (document, format) is executed one after the other (in-process execution
        # changes the working directory); each conversion, which only runs Pandoc and
        # Typst on files of its own, starts as soon as its execution is done, two at a
        # time beside the next executions.
        jobs = [job for qmd in project.documents() for job in document_jobs(project, qmd, wanted)]
        steps = Steps(progress, total=2 * len(jobs))
        with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), 2))) as pool:
            futures = [
                pool.submit(
                    _converting,
                    steps,
                    project,
                    job,
                    _executing(steps, project, job),
                    staging,
                    out_root,
                )
                for job in jobs
            ]
            if meanwhile is not None:
                meanwhile()
            written = [future.result() for future in futures]
        for final in written:
            staged = staging / final.relative_to(out_root)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
