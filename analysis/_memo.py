"""Results kept by content across builds: what was made from the same inputs is reused.

A chart's Vega-Lite spec or a table's HTML is a pure function of the tables it is made
from, the code that makes it and the reference data that names things. Each result is
stored under the SHA-256 of all three (plus the library versions), outside the project
in ``$XDG_CACHE_HOME/salw-briefing/made/``: a later build, in another process, reuses it
when nothing it depends on changed, and makes it again the moment anything did. Nothing
is ever served from a key that does not cover its inputs, so a stale result cannot be
served; a cache that cannot be read or written is simply not used.

Every result made (a cache miss) is logged on the ``analysis.cache`` logger at INFO
level, so a build can show, and a test can check, what was made again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from functools import lru_cache, wraps
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from analysis.paths import project_root, reference_dir

if TYPE_CHECKING:  # the chart workers import this module, and need no polars
    import polars as pl

log = logging.getLogger("analysis.cache")

T = TypeVar("T")
D = TypeVar("D")
P = ParamSpec("P")

#: Libraries whose output is stored: a new version makes everything again.
_LIBRARIES = ("altair", "frictionless", "great_tables", "pillow", "polars", "vl-convert-python")
#: Package files that shape a result (code, vocabularies, the house style).
_CODE_SUFFIXES = {".py", ".csv", ".yml", ".yaml"}
#: Days a kept result or chart image stays after it was last used (:func:`prune`).
KEEP_DAYS = 30
#: Results read in this process, by key (the disk is read once per key).
_RECENT: dict[str, object] = {}
_RECENT_LIMIT = 512


def cache_dir() -> Path:
    """Return the folder of the caches (``$XDG_CACHE_HOME/salw-briefing``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "salw-briefing"


def frames_digest(frames: Mapping[str, pl.DataFrame]) -> str:
    """Return the SHA-256 of named tables: their names, schemas and every value.

    Parameters
    ----------
    frames
        Table name -> table.

    Returns
    -------
    str
        Hex digest; equal tables give equal digests (rows in the same order).

    """
    digest = hashlib.sha256()
    for name, frame in frames.items():
        buffer = io.BytesIO()
        frame.rechunk().write_ipc(buffer, compression="uncompressed")
        digest.update(f"{name}\0{frame.height}\0".encode())
        digest.update(buffer.getvalue())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """Return the SHA-256 of the package's code and style, the reference data, and versions.

    Read once per process and project root.
    """
    return _fingerprint(project_root())


@lru_cache(maxsize=8)
def _fingerprint(root: Path) -> str:
    package = Path(__file__).resolve().parent
    files = sorted(p for p in package.rglob("*") if p.suffix in _CODE_SUFFIXES)
    reference = reference_dir(root)
    if reference.is_dir():
        files += sorted(p for p in reference.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(path.parent.parent)).encode())
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)}".encode())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def remembered(
    what: str,
    key: Iterable[str],
    make: Callable[[], T],
    dump: Callable[[T], bytes],
    load: Callable[[bytes], T],
) -> T:
    """Return the result stored under ``key`` and the code fingerprint, or make and store it.

    Parameters
    ----------
    what
        What the result is, for the log (``"chart weapons (en)"``).
    key
        Strings that, with :func:`code_fingerprint`, determine the result entirely
        (its kind, its parameters, :func:`frames_digest` of its inputs).
    make
        Makes the result.
    dump, load
        Turn the result into bytes and back.

    Returns
    -------
    T
        The result (shared with later calls in this process: do not mutate it).

    """
    name = _name(key)
    if name in _RECENT:
        return _RECENT[name]  # type: ignore[return-value]
    path = cache_dir() / "made" / name
    try:
        value = load(read_kept(path))
    except (OSError, ValueError):
        log.info("made %s", what)
        value = make()
        write_atomically(path, dump(value))
    if len(_RECENT) >= _RECENT_LIMIT:
        _RECENT.clear()
    _RECENT[name] = value
    return value


def known(key: Iterable[str]) -> bool:
    """Return whether a result is stored under ``key`` (see :func:`remembered`)."""
    name = _name(key)
    return name in _RECENT or (cache_dir() / "made" / name).is_file()


def _name(key: Iterable[str]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in key:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def read_kept(path: Path) -> bytes:
    """Return a kept file's bytes, marking it used now (see :func:`prune`).

    Raises
    ------
    OSError
        When it is not there (or cannot be read).
    """
    data = path.read_bytes()
    with suppress(OSError):
        os.utime(path)
    return data


def prune(days: float = KEEP_DAYS) -> int:
    """Remove kept results and chart images not used for ``days`` days.

    A build calls it when it rendered, so the caches hold what recent builds used and
    do not grow with every correction ever made.

    Returns
    -------
    int
        How many files were removed.
    """
    cutoff = time.time() - days * 86_400
    removed = 0
    for folder in (cache_dir() / "made", cache_dir() / "charts"):
        for path in folder.glob("*") if folder.is_dir() else ():
            with suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
    return removed + _prune_fonts(cutoff)


def _prune_fonts(cutoff: float) -> int:
    """Remove the chart workers' font folders (and lists of faces) not used since ``cutoff``.

    A worker marks its folder's ``fonts.conf`` used when it starts; a folder left
    half-made (``.fonts-*``) goes too, once as old.
    """
    removed = 0
    for folder in (cache_dir() / "fonts").glob("*"):
        with suppress(OSError):
            if folder.name.endswith(".faces.json"):
                if folder.stat().st_mtime < cutoff:
                    folder.unlink()
                    removed += 1
                continue
            marker = folder if folder.name.startswith(".fonts-") else folder / "fonts.conf"
            if folder.is_dir() and marker.stat().st_mtime < cutoff:
                shutil.rmtree(folder)
                removed += 1
    return removed


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file through a temporary name; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A name of this thread's own: threads of one build may write the same file.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def per_data(function: Callable[Concatenate[D, P], T]) -> Callable[Concatenate[D, P], T]:
    """Make ``function(data, ...)`` once per data object and arguments in this process.

    For the pure functions of the processed tables that many others call with the same
    tables (a topic's ``table()``, the series): the first call's result is returned
    again (the data object is kept with it, so its id is not reused meanwhile).
    Results are shared: polars frames are never changed in place.
    """
    made: dict[tuple[object, ...], tuple[object, T]] = {}

    @wraps(function)
    def remembered_call(data: D, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (id(data), args, tuple(sorted(kwargs.items())))
        if key not in made:
            if len(made) >= _RECENT_LIMIT:
                made.clear()
            made[key] = (data, function(data, *args, **kwargs))
        return made[key][1]

    return remembered_call
