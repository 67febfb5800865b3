"""Run notebook cells in an IPython shell inside this process, collecting kernel-like outputs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config


class _ResultHook:
    """A display hook that records the value of a cell's last expression (``execute_result``)."""

    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell
        self.outputs: list[dict[str, Any]] = []

    def __call__(self, value: object) -> None:
        if value is None:
            return
        data, metadata = self.shell.display_formatter.format(value)
        self.outputs.append({"output_type": "execute_result", "data": data, "metadata": metadata})


def _shell() -> InteractiveShell:
    # No output cache (``_``, ``_1``, ``Out``): results are collected by _ResultHook, and
    # without it IPython's reset does not flush the cache with a full garbage collection
    # (a few tenths of a second per run). No history: a build opens no database in the
    # user's ~/.ipython (it wrote a session there per document and format).
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config, cache_size=0)
    shell._sb_render_shell = True  # type: ignore[attr-defined]
    return shell


@contextlib.contextmanager
def _session(cwd: Path, env: dict[str, str]) -> Iterator[InteractiveShell]:
    """Give a fresh namespace, the working directory and Quarto's variables for one run.

    The namespace is emptied when the next run starts.
    """
    shell = _shell()
    shell.reset(new_session=True)
    _fresh_altair()
    saved_env = {k: os.environ.get(k) for k in env}
    saved_cwd = Path.cwd()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        yield shell
    finally:
        os.chdir(saved_cwd)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _fresh_altair() -> None:
    """Give Altair the theme and renderer a fresh kernel starts with (process-wide state)."""
    try:
        import altair as alt
    except ImportError:
        return
    alt.theme.enable("default")
    alt.renderers.enable("default")


def _run(shell: InteractiveShell, code: str) -> tuple[list[dict[str, Any]], BaseException | None]:
    """Run one cell; return its outputs in nbformat's shape and its error, if any."""
    hook = _ResultHook(shell)
    previous, shell.display_trap.hook = shell.display_trap.hook, hook
    try:
        with capture_output(display=True) as captured:
            result = shell.run_cell(code, store_history=False)
    finally:
        shell.display_trap.hook = previous
    outputs: list[dict[str, Any]] = []
    for name in ("stdout", "stderr"):
        text = getattr(captured, name)
        if text:
            outputs.append({"output_type": "stream", "name": name, "text": text})
    outputs += [
        {"output_type": "display_data", "data": o.data, "metadata": o.metadata}
        for o in captured.outputs
    ]
    outputs += hook.outputs
    error = result.error_before_exec or result.error_in_exec
    return outputs, error


def run_cells(
    cells: list[Any], cwd: Path, env: dict[str, str]
) -> Iterator[tuple[list[dict[str, Any]], BaseException | None]]:
    """Run notebook code cells in order in a fresh namespace, yielding (outputs, error) each.

    Parameters
    ----------
    cells
        nbformat code cells.
    cwd
        Working directory for the run.
    env
        Environment variables set for the run (Quarto's).

    Yields
    ------
    tuple
        The cell's outputs (nbformat dicts) and the exception it raised (None if none).
        The caller stops at the first error.
    """
    with _session(cwd, env) as shell:
        for cell in cells:
            yield _run(shell, cell.source)
