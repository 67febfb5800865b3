"""One writer at a time: the project lock, and who holds it.

``briefing build`` (and ``extract``, ``add``, ``charts``) take ``.build/lock`` at the
project root before they change ``data/`` or ``_output/``. The lock is an ``flock``
on that file, so it is released by the operating system when its holder dies, even
by ``kill -9``; the file itself only says who holds it (pid, command, start time).
A second writer waits for the first, or with ``wait=False`` says who holds it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.errors import BriefingError

#: The folder at the project root holding the lock and the swap journal (not committed).
STATE_DIR = ".build"


def state_dir(root: Path) -> Path:
    """Return the folder holding the lock and the journal of the build."""
    return root / STATE_DIR


def _holder_text(path: Path) -> str:
    """Return who holds the lock, as read from its file.

    The holder writes the file just after it takes the lock, so an empty or half-written
    file is read again, for up to a second, before the holder is called "another process".
    """
    for _ in range(_READ_TRIES):
        holder = _read_holder(path)
        if holder is not None:
            return f"pid {holder['pid']} ({holder['command']}), started {holder['started']}"
        time.sleep(_READ_PAUSE)
    return "another process"


#: How often, and how long apart, an unreadable lock file is read again.
_READ_TRIES = 20
_READ_PAUSE = 0.05


def _read_holder(path: Path) -> dict | None:
    """Return the holder record of the lock file, or None if it is not (yet) readable."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    fields = ("pid", "command", "started")
    return holder if isinstance(holder, dict) and all(k in holder for k in fields) else None


def _write_holder(fd: int) -> None:
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    program = "briefing" if program in ("briefing", "__main__.py") else program
    command = " ".join([program, *sys.argv[1:]])[:200]
    record = json.dumps({"pid": os.getpid(), "command": command, "started": started})
    data = record.encode("utf-8") + b"\n"
    os.pwrite(fd, data, 0)
    os.ftruncate(fd, len(data))


@contextmanager
def project_lock(
    root: Path, *, wait: bool = True, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the project lock for the duration of the ``with`` block.

    Parameters
    ----------
    root
        Project root.
    wait
        Wait for a running holder to finish (else raise at once).
    say
        Told once that we wait, and for whom.

    Raises
    ------
    BriefingError
        With ``wait=False`` when another process holds the lock (naming its pid,
        command and start time), or when the lock file cannot be created.
    """
    path = state_dir(root) / "lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BriefingError(
            path, f"cannot create the build lock ({exc.strerror})", "make the project writable"
        ) from exc
    try:
        _acquire(fd, path, wait, say)
        _write_holder(fd)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait: bool, say: Callable[[str], None] | None) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        holder = _holder_text(path)
    if not wait:
        raise BriefingError(
            path,
            f"another build is running: {holder}",
            "wait until it has finished, or run the command without --no-wait to wait for it",
        )
    if say is not None:
        say(f"waiting for the build running as {holder}")
    fcntl.flock(fd, fcntl.LOCK_EX)
