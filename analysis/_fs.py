"""Small file-system helpers: content hashes and atomic folder replacement."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path


def tree_hash(paths: Iterable[Path], base: Path) -> str:
    """Return one SHA-256 over the names and bytes of files (folders are walked).

    Parameters
    ----------
    paths
        Files or folders; missing ones count as absent (and change the hash when
        they appear).
    base
        Names are taken relative to this folder.

    Returns
    -------
    str
        Hex digest.
    """
    digest = hashlib.sha256()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            files.append(path)
        else:
            digest.update(f"missing:{path.relative_to(base)}\n".encode())
    for file in sorted(set(files)):
        digest.update(f"{file.relative_to(base)}\n".encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def replace_dir(staging: Path, final: Path) -> None:
    """Swap a fully written staging folder into place.

    The previous folder is moved aside, the staging folder renamed into its place,
    and only then is the previous one deleted, so at no moment is ``final`` half
    written.

    Parameters
    ----------
    staging
        The complete new content.
    final
        Where it must end up.
    """
    old = final.parent / f".{final.name}-old"
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)


def remove_stale_staging(parent: Path, name: str) -> None:
    """Delete staging folders an interrupted build left behind next to ``name``."""
    if not parent.is_dir():
        return
    for stale in parent.glob(f".{name}-staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
