"""Orchestrate a project render: execute once per document, convert per format, publish."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ._assemble import Assembler
from ._convert import EXTENSIONS, convert
from ._errors import RenderError
from ._execute import ExecutedDocument, execute
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


def render_document(
    project: Project,
    qmd: Path,
    formats: Sequence[str],
    staging: Path,
    output_root: Path,
) -> list[Path]:
    """Execute one document once and write every requested, declared format.

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
    doc = parse_qmd(qmd)
    _apply_execute_defaults(doc, project)
    declared = project.format_options(doc.meta)
    wanted = [f for f in formats if f in declared and f in SUPPORTED]
    if not wanted:
        log.info("%s: none of %s declared; skipped", qmd.name, list(formats))
        return []
    cwd = project.root if project.execute_dir == "project" else qmd.parent
    t0 = time.perf_counter()
    executed: ExecutedDocument = execute(doc, cwd=cwd)
    TIMINGS[f"execute:{qmd.name}"] = time.perf_counter() - t0
    rel_dir = qmd.parent.relative_to(project.root)

    def one_format(fmt: str) -> Path:
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="sb-render-") as tmp:
            workdir = Path(tmp)
            assembler = Assembler(executed, fmt, workdir)
            markdown = assembler.markdown()
            name = output_name(qmd, fmt, declared[fmt])
            target = staging / rel_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            convert(
                markdown,
                fmt,
                target,
                workdir,
                declared[fmt],
                project.root,
                str(qmd),
                head_html=assembler.head_html,
            )
        TIMINGS[f"{fmt}:{qmd.name}"] = time.perf_counter() - t0
        return output_root / rel_dir / name

    # Pandoc and Typst do the work outside the GIL: convert the formats in parallel.
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        futures = [pool.submit(one_format, fmt) for fmt in wanted]
        written = [f.result() for f in futures]
    return written


def _render_with_quarto(
    project: Project, formats: list[str], output_dir: Path | None
) -> list[Path]:
    """Render with the ``quarto`` binary: ``quarto render <file> --to <fmt>``."""
    written: list[Path] = []
    out_root = output_dir or project.output_dir
    for qmd in project.documents():
        declared = project.format_options(parse_qmd(qmd).meta)
        for fmt in formats:
            if fmt not in declared:
                continue
            cmd = ["quarto", "render", str(qmd.relative_to(project.root)), "--to", fmt]
            if output_dir is not None:
                cmd += ["--output-dir", str(output_dir)]
            proc = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RenderError(f"{qmd}: quarto render --to {fmt} failed:\n{proc.stderr}")
            rel_dir = qmd.parent.relative_to(project.root)
            written.append(out_root / rel_dir / output_name(qmd, fmt, declared[fmt]))
    return written


def render_project(
    project_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path | None = None,
    use_quarto: bool | None = None,
) -> list[Path]:
    """Render a Quarto project's documents into the requested formats.

    Each listed ``.qmd`` is executed once in a Jupyter kernel (working directory:
    the project root); the outputs are reused for every format the document (or
    ``_quarto.yml``) declares among ``formats``. Files are rendered into a staging
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
        return _render_with_quarto(project, wanted, Path(output_dir) if output_dir else None)

    out_root = Path(output_dir).resolve() if output_dir else project.output_dir
    out_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_root.name}-staging-", dir=out_root.parent))
    TIMINGS.clear()
    try:
        # Documents run in their own kernels, side by side (the kernels are separate
        # processes; this thread only waits on them and on Pandoc/Typst).
        documents = project.documents()
        with ThreadPoolExecutor(max_workers=max(1, min(len(documents), 2))) as pool:
            results = list(
                pool.map(
                    lambda qmd: render_document(project, qmd, wanted, staging, out_root),
                    documents,
                )
            )
        written: list[Path] = [path for paths in results for path in paths]
        for final in written:
            staged = staging / final.relative_to(out_root)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
