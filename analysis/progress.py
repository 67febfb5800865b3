"""What `briefing build` shows: its progress while it runs, a short summary when done.

In a terminal the render's steps drive a transient rich progress bar; elsewhere (a pipe,
a CI log) each step is one plain line. Library messages (Pandoc's warnings) reach the
``analysis`` loggers at INFO, shown only with ``--verbose``.

Everything goes through one console bound to the stream it was created with: cells run
in this process with ``sys.stdout`` captured, and a console that looked ``sys.stdout`` up
at each write (rich's default) would print the bar or a log line into a cell's output.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from analysis.build import DATA_DIR, BuildReport, output_dir
from analysis.paths import processed_dir

if TYPE_CHECKING:
    from analysis.render import RenderStep


class BuildProgress:
    """Show a build's messages and render steps on one console.

    Use it as a context manager: the bar, if any, is gone when the block ends, before
    a summary or an error is printed.

    Parameters
    ----------
    stream
        Where to write (the command's ``sys.stdout``); the bar is drawn only when it is
        a terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        self.console = Console(file=stream)
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def say(self, message: str) -> None:
        """Print a message on its own line (no markup read in it)."""
        self.console.print(escape(message), highlight=False, soft_wrap=True)

    def step(self, step: RenderStep) -> None:
        """Show a render step beginning: advance the bar, or print its label."""
        if not self.console.is_terminal:
            self.say(step.label)
            return
        if self._bar is None or self._task is None:
            self._bar, self._task = _start_bar(self.console, step)
        self._bar.update(
            self._task, completed=step.done, total=step.total, description=escape(step.label)
        )

    def close(self) -> None:
        """Remove the bar (it is transient)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = self._task = None


def _start_bar(console: Console, first: RenderStep) -> tuple[Progress, TaskID]:
    """Start a transient bar on ``console`` that leaves ``sys.stdout`` and ``sys.stderr`` be.

    The bar and the count come first, so that they stay put as the step's label changes.
    """
    bar = Progress(
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task(escape(first.label), total=first.total, completed=first.done)
    bar.start()
    return bar, task


class _ConsoleHandler(logging.Handler):
    """Print log records as ``warning: ...`` or ``info: ...`` lines on a console."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        """Print one record (above the bar, if one is shown)."""
        try:
            line = f"{record.levelname.lower()}: {record.getMessage()}"
            self.console.print(escape(line), highlight=False, soft_wrap=True)
        except Exception:  # a log line must never stop the build
            self.handleError(record)


@contextmanager
def logs_on(console: Console, verbose: bool) -> Iterator[None]:
    """Show the ``analysis`` loggers' records on ``console`` for the duration of a build.

    Warnings always; with ``verbose``, INFO too (Pandoc's messages, documents skipped).
    The logger's level and handlers are restored afterwards.
    """
    logger = logging.getLogger("analysis")
    handler = _ConsoleHandler(console)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def summary(report: BuildReport, root: Path, every_file: bool = False) -> list[str]:
    """Return what a build wrote, in a few lines.

    Parameters
    ----------
    report
        The build's report.
    root
        Project root; paths are shown relative to it.
    every_file
        One line per file written (``wrote _output/data/figures.csv`` ...) instead.

    Returns
    -------
    list of str
        One line per document written (``_output/reports/briefing.html``), one for the
        data package and one for the extracted tables, when written.
    """
    if every_file:
        return [f"wrote {_shown(p, root)}" for p in report.written]
    package, processed = output_dir(root) / DATA_DIR, processed_dir(root)
    documents = [
        p
        for p in report.written
        if p.is_relative_to(output_dir(root)) and not p.is_relative_to(package)
    ]
    lines = [_shown(p, root) for p in documents]
    files = [p for p in report.written if p.is_relative_to(package)]
    if files:
        lines.append(
            f"data package: {len(files)} files in {_shown(package, root)}/ (datapackage.json)"
        )
    if any(p.is_relative_to(processed) for p in report.written):
        lines.append(_tables_line(report, _shown(processed, root)))
    return lines


def _tables_line(report: BuildReport, folder: str) -> str:
    """Return ``tables: 10 in data/processed/ (Parquet and CSV), 41 figures from 1 report``."""
    line = f"tables: {len(report.tables)} in {folder}/ (Parquet and CSV)"
    figures, sources = report.tables.get("figures"), report.tables.get("sources")
    if figures is not None and sources is not None:
        reports = "report" if sources.height == 1 else "reports"
        line += f", {figures.height} figures from {sources.height} {reports}"
    return line


def _shown(path: Path, root: Path) -> str:
    """Return ``path`` relative to the project root when under it."""
    return str(path.relative_to(root) if path.is_relative_to(root) else path)
