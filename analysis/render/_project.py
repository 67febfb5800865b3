"""Read ``_quarto.yml`` and work out which documents render to which formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._errors import RenderError

#: Requested format name -> Quarto format key used in ``format:``.
REQUEST_TO_QUARTO = {
    "html": "html",
    "pdf": "typst",
    "typst": "typst",
    "pptx": "pptx",
    "revealjs": "revealjs",
}
SUPPORTED = ("html", "typst", "pptx", "revealjs")


@dataclass
class Project:
    """A Quarto project as far as the built-in renderer needs it."""

    root: Path
    config: dict[str, Any]

    @property
    def output_dir(self) -> Path:
        """Return ``project.output-dir`` (default ``_output``) as an absolute path."""
        out = (self.config.get("project") or {}).get("output-dir", "_output")
        return (self.root / str(out)).resolve()

    @property
    def execute_dir(self) -> str:
        """Return ``project.execute-dir``; the built-in renderer defaults to ``project``."""
        return str((self.config.get("project") or {}).get("execute-dir", "project"))

    def documents(self) -> list[Path]:
        """Return the ``.qmd`` files to render, from ``project.render`` or all of them."""
        render = (self.config.get("project") or {}).get("render")
        found: list[Path] = []
        if render:
            for pattern in render:
                pattern = str(pattern)
                if pattern.startswith("!"):
                    continue
                matches = sorted(self.root.glob(pattern))
                if not matches:
                    raise RenderError(f"_quarto.yml: render entry {pattern!r} matches no file")
                found += [m for m in matches if m.suffix == ".qmd"]
        else:
            found = sorted(
                p
                for p in self.root.rglob("*.qmd")
                if not any(part.startswith(("_", ".")) for part in p.relative_to(self.root).parts)
            )
        return list(dict.fromkeys(p.resolve() for p in found))

    def format_options(self, meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Merge project and document ``format:`` options.

        Parameters
        ----------
        meta : dict
            The document's front matter.

        Returns
        -------
        dict
            Quarto format key (``html``, ``typst``, ...) -> options, for the formats the
            document declares (or, if it declares none, the project's).

        """
        project_formats = _normalise(self.config.get("format"))
        doc_formats = _normalise(meta.get("format"))
        declared = doc_formats or project_formats
        merged: dict[str, dict[str, Any]] = {}
        for name, opts in declared.items():
            merged[name] = {**project_formats.get(name, {}), **opts}
        return merged


def _normalise(formats: Any) -> dict[str, dict[str, Any]]:
    """Normalise a ``format:`` value (str, list or mapping) into name -> options."""
    if formats is None:
        return {}
    if isinstance(formats, str):
        return {formats: {}}
    if isinstance(formats, list):
        return {str(f): {} for f in formats}
    if isinstance(formats, dict):
        return {str(k): (v if isinstance(v, dict) else {}) for k, v in formats.items()}
    raise RenderError(f"unsupported 'format:' value {formats!r}")


def load_project(project_dir: Path) -> Project:
    """Load ``_quarto.yml`` from ``project_dir``.

    Parameters
    ----------
    project_dir : Path
        The directory holding ``_quarto.yml``.

    Returns
    -------
    Project
        The parsed project.

    Raises
    ------
    RenderError
        If ``_quarto.yml`` is missing or invalid.

    """
    root = Path(project_dir).resolve()
    path = root / "_quarto.yml"
    if not path.is_file():
        raise RenderError(f"{root}: no _quarto.yml")
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RenderError(f"{path}: invalid YAML: {exc}") from exc
    return Project(root=root, config=config)
