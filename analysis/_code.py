"""The package's own source files that a module needs, found by reading its imports."""

from __future__ import annotations

import ast
import json
from pathlib import Path

_PACKAGE = "analysis"
_ROOT = Path(__file__).resolve().parent


def _source(module: str) -> Path | None:
    """Return the file of a module of this package, None for a name that is no module."""
    base = _ROOT.joinpath(*module.split(".")[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _imported(path: Path, module: str) -> set[str]:
    """Return the ``analysis.*`` modules a source file imports (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {name for name in found if name.split(".")[0] == _PACKAGE}


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def module_files(*modules: str) -> list[Path]:
    """Return the source files of ``modules`` and of every package module they import.

    Imports are followed statically (any ``import`` statement, also inside functions),
    so the answer does not depend on what happens to be imported already.

    Parameters
    ----------
    modules
        Dotted names inside the ``analysis`` package.

    Returns
    -------
    list of Path
        Sorted source files.
    """
    from analysis._memo import remembered

    # Read once per version of the code (the key covers every file of the package):
    # parsing them all took a tenth of a second in every build.
    names = remembered(
        f"imports of {', '.join(modules)}",
        ("module-files", *modules),
        lambda: [str(p.relative_to(_ROOT)) for p in _followed(modules)],
        lambda files: json.dumps(files).encode("utf-8"),
        lambda raw: _names(json.loads(raw.decode("utf-8"))),
    )
    return [_ROOT / name for name in names]


def _names(value: object) -> list[str]:
    """Return ``value`` if it is a list of file names, else raise ValueError (a damaged file)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of module files")
    return value


def _followed(modules: tuple[str, ...]) -> list[Path]:
    """Return the source files of ``modules`` and what they import, following every import."""
    seen: dict[str, Path] = {}
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _source(name)
        if path is None:
            continue  # a name imported from a module, not a module
        seen[name] = path
        todo += [*_parents(name), *_imported(seen[name], name)]
    return sorted(set(seen.values()))
