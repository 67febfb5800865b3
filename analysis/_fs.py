"""Small file-system helpers: content hashes, staging folders, and swapping folders as one.

Several folders (``data/processed/`` and ``_output/``) are replaced as one
transaction. The new content is first written completely into staging folders
next to the folders it replaces; then a journal listing the renames is written
(atomically), the renames are done, the old folders deleted and the journal
removed. A process killed at any point leaves the journal behind, and
`recover_swap` (run by the next build, under the project lock) finishes the renames
it lists: each folder ends up in its new state, never one new and one old.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from analysis.errors import BriefingError

#: Called with a description of each rename just before it is done (tests kill there).
RenameHook = Callable[[str], None]


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


def file_hashes(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """Return the SHA-256 of each named file under ``folder`` (absent files are left out)."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in names
        if (folder / name).is_file()
    }


# --- staging ----------------------------------------------------------------------------


def staging_dir(final: Path) -> Path:
    """Create and return an empty staging folder for ``final``, named after its owner.

    The name ``.<final>-staging-<pid>-<random>`` says which process owns it, so
    leftovers are removed only once that process is gone (`remove_stale_staging`).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{final.name}-staging-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=final.parent))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(parent: Path, name: str) -> list[Path]:
    """Delete the staging folders next to ``name`` whose owner process is gone.

    A folder of a live process (another build, or the renderer of this one) is
    kept; so is one whose name does not say its owner.

    Returns
    -------
    list of Path
        The folders removed.
    """
    if not parent.is_dir():
        return []
    owned = re.compile(rf"^\.+{re.escape(name)}-staging-(\d+)-")
    removed = []
    for path in parent.iterdir():
        match = owned.match(path.name)
        if match and path.is_dir() and not _pid_alive(int(match.group(1))):
            remove_tree(path)
            removed.append(path)
    return removed


def remove_tree(path: Path) -> None:
    """Delete a folder, also where a read-only folder inside would stop ``rmtree``."""

    def writable_then_retry(function, target, _excinfo) -> None:  # noqa: ANN001
        parent = os.path.dirname(target)
        os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
        function(target)

    if path.exists():
        shutil.rmtree(path, onerror=writable_then_retry)  # onexc needs Python 3.12


# --- swapping folders as one ------------------------------------------------------------


def swap_dirs(
    moves: Sequence[tuple[Path, Path]], journal: Path, before_rename: RenameHook | None = None
) -> None:
    """Replace each ``final`` by its complete ``staged`` folder, all or nothing.

    Parameters
    ----------
    moves
        ``(staged, final)`` pairs; every staged folder is complete.
    journal
        Where the journal of the renames is written until they are all done.
    before_rename
        Called before each rename with what it does (for tests that kill there).
    """
    txn = uuid.uuid4().hex[:12]
    entries = [
        {"staged": str(staged), "final": str(final), "old": str(_old_name(final, txn))}
        for staged, final in moves
    ]
    _write_atomically(journal, {"transaction": txn, "pid": os.getpid(), "moves": entries})
    _finish(entries, before_rename)
    journal.unlink()


def recover_swap(journal: Path) -> bool:
    """Finish the swap an interrupted process left in ``journal`` (call under the lock).

    Returns
    -------
    bool
        Whether there was a swap to finish.

    Raises
    ------
    BriefingError
        When the journal cannot be read.
    """
    if not journal.is_file():
        return False
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["moves"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BriefingError(
            journal,
            "the journal of an interrupted build cannot be read",
            "look at data/processed/ and _output/ and at the folders the journal names, "
            "restore them by hand, then delete the journal",
        ) from exc
    _finish(entries, None)
    journal.unlink()
    return True


def _finish(entries: list[dict], before_rename: RenameHook | None) -> None:
    """Do the renames of a journal that are not done yet, then delete the old folders.

    Every step can be repeated: a staged folder still there has not been moved in; a
    final folder in its way is moved aside first.
    """
    for entry in entries:
        staged, final, old = (Path(entry[k]) for k in ("staged", "final", "old"))
        if not staged.exists():
            continue
        if final.exists() or final.is_symlink():
            _rename(final, old, before_rename)
        _rename(staged, final, before_rename)
    for entry in entries:
        remove_tree(Path(entry["old"]))


def _rename(source: Path, target: Path, before_rename: RenameHook | None) -> None:
    if before_rename is not None:
        before_rename(f"{source.name} -> {target.name}")
    os.rename(source, target)
    _sync_dir(target.parent)


def _old_name(final: Path, txn: str) -> Path:
    return final.parent / f".{final.name}-old-{txn}"


def _write_atomically(path: Path, content: dict) -> None:
    """Write JSON so that a reader sees the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as file:
        json.dump(content, file, indent=2)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)
    _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (ignored where folders cannot be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
