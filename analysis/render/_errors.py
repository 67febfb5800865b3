"""The renderer's single exception type."""

from __future__ import annotations


class RenderError(RuntimeError):
    """A document could not be rendered.

    The message names the ``.qmd`` file and, for execution failures, the cell (its
    label or its line number in the ``.qmd``) together with the Python error.
    """
