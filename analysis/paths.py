"""Where things live in a project checkout."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def project_root() -> Path:
    """Return the project root.

    The root is ``$SALW_PROJECT_ROOT`` when set, else the nearest parent of the
    current directory holding ``pyproject.toml`` and ``data/sources/``, else the
    checkout this package was installed from.

    Returns
    -------
    Path
        Absolute path of the project root.

    """
    return _root_of(os.environ.get("SALW_PROJECT_ROOT") or "", os.getcwd())


@lru_cache(maxsize=64)
def _root_of(env: str, cwd: str) -> Path:
    """Return the project root for ``$SALW_PROJECT_ROOT`` and the working directory.

    Cached: label lookups ask for the root once per row, and the answer only depends
    on these two (the folders it looks for are not created or removed mid-run).
    """
    if env:
        return Path(env).resolve()
    here = Path(cwd).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "data" / "sources").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    return Path(__file__).resolve().parent.parent


def sources_dir(root: Path) -> Path:
    """Return the folder holding one sub-folder per report."""
    return root / "data" / "sources"


def processed_dir(root: Path) -> Path:
    """Return the folder holding the regenerated tidy tables.

    ``$SALW_PROCESSED_DIR`` overrides it: a build renders the briefing from its
    staging tables before they replace ``data/processed/``.
    """
    env = os.environ.get("SALW_PROCESSED_DIR")
    if env:
        return Path(env)
    return root / "data" / "processed"


def reference_dir(root: Path) -> Path:
    """Return the folder holding reviewed reference data (vocabularies, places)."""
    return root / "data" / "reference"


def curation_dir(root: Path) -> Path:
    """Return the folder holding reviewed corrections."""
    return root / "data" / "curation"


def replaced_dir(root: Path) -> Path:
    """Return the folder keeping reports replaced by ``briefing add --replace``.

    It lies outside ``data/sources/``: extraction never reads it.
    """
    return root / "data" / "replaced"
