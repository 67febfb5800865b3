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

#: Options naming files, resolved against the file that declares them (``_quarto.yml``:
#: the project root; front matter: the document's folder), as Quarto does.
PATH_OPTIONS = (
    "css",
    "include-in-header",
    "include-before-body",
    "include-after-body",
    "reference-doc",
    "filters",
)
#: Options whose lists add up, project first, then the document (Quarto merges them).
LIST_OPTIONS = ("css", "include-in-header", "include-before-body", "include-after-body", "filters")
#: Options that may also be given at the top level, for every format.
TOP_LEVEL_OPTIONS = (*LIST_OPTIONS, "fig-format")


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

    def format_options(
        self, meta: dict[str, Any], doc_dir: Path | None = None
    ) -> dict[str, dict[str, Any]]:
        """Merge project and document options per format, as Quarto does.

        Parameters
        ----------
        meta : dict
            The document's front matter.
        doc_dir : Path, optional
            The document's folder (front-matter paths are relative to it); default the
            project root.

        Returns
        -------
        dict
            Quarto format key (``html``, ``typst``, ...) -> options, for the formats the
            document declares (or, if it declares none, the project's). File options
            (:data:`PATH_OPTIONS`) hold absolute paths; ``filters`` is a list of
            ``{"path": Path, "at": str}``.

        """
        project_formats = _normalise(self.config.get("format"))
        doc_formats = _normalise(meta.get("format"))
        declared = doc_formats or project_formats
        layers = [
            (self.config, project_formats, self.root),
            (meta, doc_formats, (doc_dir or self.root).resolve()),
        ]
        merged: dict[str, dict[str, Any]] = {}
        for name in declared:
            options: dict[str, Any] = {}
            for top, formats, base in layers:
                for level in (_top_level(top), formats.get(name, {})):
                    _merge(options, level, base)
            merged[name] = options
        return merged


def _top_level(config: dict[str, Any]) -> dict[str, Any]:
    """Return the options given at the top level of ``config`` for every format."""
    return {k: config[k] for k in TOP_LEVEL_OPTIONS if k in config}


def _merge(options: dict[str, Any], layer: dict[str, Any], base: Path) -> None:
    """Merge one layer of options into ``options``: lists add up, the rest overrides."""
    for key, value in layer.items():
        if key in PATH_OPTIONS:
            value = _resolve(key, value, base)
        if key in LIST_OPTIONS:
            options[key] = [*options.get(key, []), *value]
        else:
            options[key] = value


def _resolve(key: str, value: Any, base: Path) -> Any:
    """Resolve a file option against ``base``; lists stay lists, filters become mappings."""
    if key == "filters":
        entries = value if isinstance(value, list) else [value]
        return [_filter_entry(entry, base) for entry in entries]
    if key in LIST_OPTIONS:
        items = value if isinstance(value, list) else [value]
        return [(base / str(item)).resolve() for item in items]
    return (base / str(value)).resolve()


def _filter_entry(entry: Any, base: Path) -> dict[str, Any]:
    """Normalise a ``filters:`` entry (a path, or ``{path, at}``) with a resolved path."""
    if isinstance(entry, dict):
        if "path" not in entry:
            raise RenderError(f"filters: entry {entry!r} has no 'path'")
        return {"path": (base / str(entry["path"])).resolve(), "at": entry.get("at", "")}
    return {"path": (base / str(entry)).resolve(), "at": ""}


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
