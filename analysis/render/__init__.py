"""Render the briefing's Quarto project without the Quarto binary.

Public API::

    from analysis.render import render_project, RenderError

    written = render_project(Path("."), formats=("html", "pdf", "pptx", "revealjs"))

``progress`` (optional) is called with a :class:`RenderStep` (``done``, ``total``,
``label``) as each execution and each conversion begins.

See ``docs/rendering.md`` for the supported subset of Quarto. ``render_project`` runs
the project's ``post-render`` scripts after the documents, as Quarto does
(:mod:`analysis.render._scripts`).
"""

from ._errors import RenderError
from ._progress import RenderStep
from ._scripts import render_project

__all__ = ["RenderError", "RenderStep", "render_project"]
