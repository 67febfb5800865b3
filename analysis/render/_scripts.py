"""Project scripts: ``project: post-render:`` of ``_quarto.yml``, run as Quarto runs them.

Quarto runs each entry after a project render (whole or single files) succeeded, in
the project directory, with ``QUARTO_PROJECT_OUTPUT_DIR`` (absolute),
``QUARTO_PROJECT_OUTPUT_FILES`` (the files written, one per line, relative to the
project directory) and ``QUARTO_PROJECT_RENDER_ALL`` (``1`` when every document was
rendered); a ``.py`` entry runs with Quarto's Python, any other entry as a command
(quarto-cli ``src/command/render/project.ts``, ``runScripts``). The built-in renderer
does the same, with the running interpreter, on the outputs before they are moved in:
a failing script fails the render and leaves earlier outputs untouched.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ._errors import RenderError
from ._progress import ProgressCallback, RenderStep
from ._project import Project, load_project
from ._render import DEFAULT_FORMATS
from ._render import render_project as _render_files

#: Script kinds Quarto runs with an interpreter of its own; only Python is supported here.
_UNSUPPORTED = (".r", ".ts", ".lua", ".jl")


def _kept(progress: ProgressCallback | None, seen: list[RenderStep]) -> ProgressCallback | None:
    """Return ``progress`` also keeping the last step it was given in ``seen``."""
    if progress is None:
        return None

    def report(step: RenderStep) -> None:
        seen[:] = [step]
        progress(step)

    return report


def post_render_scripts(project: Project) -> list[str]:
    """Return the ``project: post-render:`` entries of ``_quarto.yml`` (a string or a list)."""
    entries = (project.config.get("project") or {}).get("post-render") or []
    return [str(e) for e in ([entries] if isinstance(entries, str) else entries)]


def run_post_render(project: Project, output_dir: Path, files: Sequence[Path]) -> None:
    """Run every post-render entry on ``files`` (under ``output_dir``), as Quarto does.

    The built-in renderer renders every document of the project, so
    ``QUARTO_PROJECT_RENDER_ALL`` is always ``1``.

    Raises
    ------
    RenderError
        Naming the entry, its exit status and what it printed.

    """
    env = {
        **os.environ,
        "QUARTO_PROJECT_OUTPUT_DIR": str(output_dir),
        "QUARTO_PROJECT_OUTPUT_FILES": "\n".join(os.path.relpath(f, project.root) for f in files),
        "QUARTO_PROJECT_RENDER_ALL": "1",
    }
    for entry in post_render_scripts(project):
        args = shlex.split(entry)
        if args[0].lower().endswith(_UNSUPPORTED):
            raise RenderError(f"_quarto.yml post-render {entry!r}: only Python scripts run here")
        if args[0].endswith(".py"):
            args = [sys.executable, *args]
        proc = subprocess.run(args, cwd=project.root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RenderError(
                f"_quarto.yml post-render {entry!r} failed (exit {proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}"
            )


def render_project(
    project_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path | None = None,
    use_quarto: bool | None = None,
    progress: ProgressCallback | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Path]:
    """Render the project (:func:`analysis.render._render.render_project`), then post-render.

    With the ``quarto`` binary, Quarto runs the post-render scripts itself. The built-in
    renderer renders into a staging folder, runs them there, and moves the outputs in
    only when they succeeded. Parameters, return value and errors as the wrapped
    function's.
    """
    project = load_project(Path(project_dir))
    scripts = post_render_scripts(project)
    if use_quarto is None:
        use_quarto = shutil.which("quarto") is not None
    if use_quarto or not scripts:
        return _render_files(project_dir, formats, output_dir, use_quarto, progress, meanwhile)
    out_root = Path(output_dir).resolve() if output_dir else project.output_dir
    out_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_root.name}-post-", dir=out_root.parent))
    try:
        seen: list[RenderStep] = []
        staged = _render_files(
            project_dir,
            formats,
            staging,
            use_quarto=False,
            progress=_kept(progress, seen),
            meanwhile=meanwhile,
        )
        if progress is not None and seen:
            last = seen[-1]
            progress(RenderStep(last.done + 1, last.total + 1, "post-render " + ", ".join(scripts)))
        run_post_render(project, staging, staged)
        written = [out_root / f.relative_to(staging) for f in staged]
        for source, final in zip(staged, written, strict=True):
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
