"""A render's progress: each execution and each conversion reported as it begins."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RenderStep:
    """One step of a render, reported as it begins.

    Attributes
    ----------
    done : int
        Steps begun before this one (0 for the first): this is step ``done + 1``.
    total : int
        Steps in the whole render: one execution and one conversion per (document,
        format).
    label : str
        What the step does, e.g. ``executing reports/briefing.qmd (html)`` or
        ``converting reports/briefing.qmd → pdf``.
    """

    done: int
    total: int
    label: str


#: Called with each step as it begins; never by two threads at once.
ProgressCallback = Callable[[RenderStep], None]


class Steps:
    """Number a render's steps and report each as it begins, one report at a time.

    Conversions run in threads: the count and the call happen under one lock, so the
    callback need not be thread-safe and sees ``done`` increase by one each call.

    Parameters
    ----------
    progress
        The callback, or None to report nothing.
    total
        The number of steps the render will take.
    """

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._begun = 0
        self._lock = threading.Lock()

    def begin(self, label: str) -> None:
        """Report that the step described by ``label`` begins."""
        if self._progress is None:
            return
        with self._lock:
            step = RenderStep(done=self._begun, total=self._total, label=label)
            self._begun += 1
            self._progress(step)
