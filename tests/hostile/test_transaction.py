"""Point 2 of #14: the build is one transaction (lock, journaled swap, recovery)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis._fs import remove_stale_staging
from analysis._lock import project_lock
from analysis.build import journal_path, output_dir, render_inputs_hash, run_build, settle
from analysis.cli import app
from analysis.render import RenderError
from tests.conftest import SYNTHETIC, add_source
from tests.test_pipeline import make, snapshot, write_qmd

#: The renames of a build that replaces both folders: each moved aside, then in.
RENAMES = 4
#: Runs a build that kills itself (SIGKILL, no clean-up) just before rename number K.
KILLED_BUILD = textwrap.dedent(
    """
    import functools, os, signal, sys
    from pathlib import Path
    import analysis.build as build
    from analysis._fs import swap_dirs

    kill_at, seen = int(sys.argv[2]), []

    def before_rename(step):
        seen.append(step)
        if len(seen) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    build.swap_dirs = functools.partial(swap_dirs, before_rename=before_rename)
    build.run_build(Path(sys.argv[1]), ["html"])
    """
)


def _env(root: Path) -> dict[str, str]:
    return dict(os.environ, SALW_PROJECT_ROOT=str(root))


def _consistent(root: Path) -> dict:
    """Assert that _output/ was rendered from data/processed/; return the manifest."""
    processed = root / "data" / "processed"
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    state = json.loads((output_dir(root) / ".build-state.json").read_text(encoding="utf-8"))
    assert state["formats"]["html"]["hash"] == render_inputs_hash(root, processed)
    return manifest


def _leftovers(root: Path) -> list[str]:
    names = [p.name for p in [*root.iterdir(), *(root / "data").iterdir()]]
    return [n for n in names if "-staging-" in n or "-old-" in n] + (
        ["journal"] if journal_path(root).exists() else []
    )


@pytest.mark.slow
def test_build_killed_at_every_rename_is_finished_by_the_next_start(tmp_path):
    pristine = make(tmp_path / "pristine")
    run_build(pristine, ["html"])
    before = _consistent(pristine)["inputs_hash"]
    for kill_at in range(1, RENAMES + 1):
        root = tmp_path / f"killed-{kill_at}"
        shutil.copytree(pristine, root)
        add_source(root, "2016-synthetic-en", (SYNTHETIC / "synthetic_2016_en.txt").read_bytes())
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_BUILD, str(root), str(kill_at)],
            env=_env(root),
            capture_output=True,
        )
        assert killed.returncode == -9, killed.stderr.decode()[-2000:]
        assert journal_path(root).exists(), "the kill left the swap half done"
        settle(root)  # what the next start does first
        after = _consistent(root)["inputs_hash"]
        assert after != before, f"rename {kill_at}: the complete new state is in place"
        assert _leftovers(root) == []
        report = run_build(root, ["html"])
        assert not report.extracted and report.rendered == [], "nothing left to redo"
        html = (root / "_output" / "reports" / "mini.html").read_text(encoding="utf-8")
        assert "20,024" in html


@pytest.mark.slow
def test_killed_before_the_swap_leaves_the_old_state(tmp_path):
    root = make(tmp_path)
    run_build(root, ["html"])
    output, processed = snapshot(root / "_output"), snapshot(root / "data" / "processed")
    add_source(root, "2016-synthetic-en", (SYNTHETIC / "synthetic_2016_en.txt").read_bytes())
    script = KILLED_BUILD.replace("build.swap_dirs = ", "build.swap_dirs = lambda *a: os.kill(")
    script = script.replace(
        "functools.partial(swap_dirs, before_rename=before_rename)",
        "os.getpid(), signal.SIGKILL)",
    )
    killed = subprocess.run([sys.executable, "-c", script, str(root), "1"], env=_env(root))
    assert killed.returncode == -9
    run_build(root, ["html"], render=False)  # the next start: settles, then extracts
    assert snapshot(root / "_output") == output
    assert snapshot(root / "data" / "processed") != processed
    assert _leftovers(root) == []


@pytest.mark.slow
def test_render_failing_after_a_new_extraction_changes_neither_folder(tmp_path):
    root = make(tmp_path)
    run_build(root, ["html"])
    output, processed = snapshot(root / "_output"), snapshot(root / "data" / "processed")
    add_source(root, "2016-synthetic-en", (SYNTHETIC / "synthetic_2016_en.txt").read_bytes())
    write_qmd(root, "assert data.sources.height == 1, 'two reports'")
    with pytest.raises(RenderError, match="two reports"):
        run_build(root, ["html"])
    assert snapshot(root / "data" / "processed") == processed, "new tables were not swapped in"
    assert snapshot(root / "_output") == output
    assert _leftovers(root) == []


@pytest.mark.slow
def test_two_concurrent_builds_give_one_consistent_result(tmp_path):
    root = make(tmp_path)
    run_build(root, ["html"])
    add_source(root, "2016-synthetic-en", (SYNTHETIC / "synthetic_2016_en.txt").read_bytes())
    command = [sys.executable, "-m", "analysis", "build", "--to", "html"]
    builds = [
        subprocess.Popen(command, cwd=root, env=_env(root), stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [b.communicate(timeout=600)[0] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert any("waiting for the build running as pid" in out for out in outputs), outputs
    assert any("rendering skipped" in out for out in outputs), "the second found it done"
    _consistent(root)
    assert "20,024" in (root / "_output" / "reports" / "mini.html").read_text(encoding="utf-8")
    assert _leftovers(root) == []


def test_no_wait_names_the_build_holding_the_lock(tmp_path, monkeypatch):
    root = make(tmp_path)
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    with project_lock(root):
        result = CliRunner().invoke(app, ["build", "--no-render", "--no-wait"])
    assert result.exit_code == 2
    assert f"another build is running: pid {os.getpid()}" in result.output
    assert "started" in result.output and "Traceback" not in result.output


def test_a_waiting_build_names_a_holder_that_has_not_written_itself_yet(tmp_path):
    """The holder takes the lock, then writes who it is: a build arriving in between
    must still name it (this race once made the concurrent-builds test flaky)."""
    import fcntl
    import threading

    from analysis._lock import _write_holder, state_dir

    root = make(tmp_path)
    path = state_dir(root) / "lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held, the file still empty
    said: list[str] = []
    threading.Timer(0.3, _write_holder, args=(fd,)).start()
    threading.Timer(0.6, fcntl.flock, args=(fd, fcntl.LOCK_UN)).start()
    try:
        with project_lock(root, say=said.append):
            pass
    finally:
        os.close(fd)
    assert said == [said[0]] and said[0].startswith(
        f"waiting for the build running as pid {os.getpid()} "
    )


def test_staging_is_removed_only_when_its_owner_is_gone(tmp_path):
    root = make(tmp_path)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        mine = root / f"._output-staging-{live.pid}-abc"
        gone = root / f"._output-staging-{dead.pid}-def"
        for folder in (mine, gone):
            (folder / "reports").mkdir(parents=True)
        removed = remove_stale_staging(root, "_output")
        assert removed == [gone] and mine.exists() and not gone.exists()
    finally:
        live.kill()
        live.wait()
    settle(root)
    assert not mine.exists(), "removed once its owner has ended"
