"""Errors that tell the user which file, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """A problem with the project's inputs that the user can fix.

    Parameters
    ----------
    path
        The file the problem is in.
    problem
        What is wrong, in plain words.
    fix
        What the user should do about it.
    line
        1-based line number in ``path``, where one applies.

    """

    def __init__(self, path: Path | str, problem: str, fix: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        self.line = line
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {problem}\n  fix: {fix}")


class ReportError(BriefingError):
    """A report file that cannot be read or parsed."""
