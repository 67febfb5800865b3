"""The all-or-nothing, incremental build (`briefing build`)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.build import run_build
from analysis.cli import app
from analysis.errors import ReportError

from .conftest import ROOT, SOURCE_ID, SYNTHETIC, add_source, empty_project

QUARTO = """project:
  type: default
  output-dir: _output
  execute-dir: project
  render:
    - reports/mini.qmd
format:
  html:
    embed-resources: true
execute:
  echo: false
"""

MINI = """---
title: "Mini briefing"
format:
  html: default
---

```{{python}}
#| include: false
from analysis.processed import load
data = load()
burundi = data.figures.filter(data.figures["subject"] == "Burundi")["value"].sum()
{extra}
```

Weapons collected in Burundi: `{{python}} f"{{burundi:,.0f}}"`.
Reports: `{{python}} data.sources.height`.
"""


def make(tmp_path: Path, extra: str = "") -> Path:
    root = empty_project(tmp_path)
    shutil.copytree(ROOT / "data" / "sources" / SOURCE_ID, root / "data" / "sources" / SOURCE_ID)
    (root / "_quarto.yml").write_text(QUARTO, encoding="utf-8")
    (root / "reports").mkdir()
    write_qmd(root, extra)
    return root


def write_qmd(root: Path, extra: str = "") -> None:
    (root / "reports" / "mini.qmd").write_text(MINI.format(extra=extra), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.slow
def test_incremental_build(tmp_path):
    root = make(tmp_path)
    first = run_build(root, ["html"])
    assert first.extracted and first.rendered == ["html"]
    html = (root / "_output" / "reports" / "mini.html").read_text(encoding="utf-8")
    assert "9,824" in html
    _assert_data_package(root, "weapons_collected,Weapons collected,Burundi,1,9824")
    again = run_build(root, ["html"])
    assert not again.extracted and again.rendered == [] and again.skipped == ["html"]
    write_qmd(root, "# a comment changes the document")
    changed = run_build(root, ["html"])
    assert not changed.extracted and changed.rendered == ["html"]
    add_source(root, "2016-synthetic-en", (SYNTHETIC / "synthetic_2016_en.txt").read_bytes())
    added = run_build(root, ["html"])
    assert added.extracted and added.rendered == ["html"]
    html = (root / "_output" / "reports" / "mini.html").read_text(encoding="utf-8")
    assert "20,024" in html  # 9,824 (2015) + 10,200 (synthetic 2016)
    _assert_data_package(root, "weapons_collected,Weapons collected,Burundi,1,10200")


def _assert_data_package(root, headline: str) -> None:
    """The build writes the data package beside the briefing; it validates."""
    frictionless = pytest.importorskip("frictionless")
    package = root / "_output" / "data" / "datapackage.json"
    assert frictionless.validate(str(package)).valid
    assert headline in (package.parent / "headlines.csv").read_text(encoding="utf-8")


@pytest.mark.slow
def test_corrupted_report_leaves_everything_as_it_was(tmp_path):
    root = make(tmp_path)
    run_build(root, ["html"])
    output, processed = snapshot(root / "_output"), snapshot(root / "data" / "processed")
    text = (ROOT / "data" / "sources" / SOURCE_ID / "report.txt").read_text(encoding="utf-8")
    add_source(
        root, "2016-broken", text.replace("布隆迪\t\t\t", "布隆迪\t\t", 1).encode(), language="zh"
    )
    with pytest.raises(ReportError):
        run_build(root, ["html"])
    assert snapshot(root / "_output") == output
    assert snapshot(root / "data" / "processed") == processed


def test_the_build_command_ends_with_its_exit_status_and_its_output_whole(tmp_path):
    """`python -m analysis build` skips the interpreter's teardown at the end: its
    summary is still printed in full, its exit status is the command's, no chart worker
    outlives it (its pipes close) and nothing warns of leaked resources."""
    root = make(tmp_path)
    env = dict(os.environ, SALW_PROJECT_ROOT=str(root))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "analysis", *args]
        return subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=120
        )

    built = run("build", "--to", "html")
    assert built.returncode == 0, built.stderr
    assert re.search(r"done in \d", built.stdout) and built.stdout.endswith("\n")
    assert "_output/reports/mini.html" in built.stdout
    assert built.stderr == ""
    refused = run("build", "--to", "odt")
    assert refused.returncode == 2
    assert "odt" in refused.stderr


@pytest.mark.slow
def test_build_killed_mid_render_leaves_output_as_it_was(tmp_path):
    root = make(tmp_path)
    run_build(root, ["html"])
    output, processed = snapshot(root / "_output"), snapshot(root / "data" / "processed")
    marker = tmp_path / "rendering"
    write_qmd(root, f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(60)")
    env = dict(os.environ, SALW_PROJECT_ROOT=str(root))
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--to", "html"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "build ended before the render started"
            assert time.monotonic() < deadline, "render never started"
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert snapshot(root / "_output") == output
    assert snapshot(root / "data" / "processed") == processed
    write_qmd(root)
    report = run_build(root, ["html"])
    assert report.skipped == ["html"], "back to the built state: nothing to redo"
    assert not list(root.glob("._output-staging-*")), "the killed build's staging is cleaned"


@pytest.mark.slow
def test_build_output_shows_steps_and_a_summary(tmp_path, monkeypatch):
    """Outside a terminal: one line per render step, then a few lines, no Pandoc noise.

    The document says ``lang: zh``, for which Pandoc has no translations and warns: the
    warning is for ``--verbose`` only.
    """
    root = make(tmp_path)
    qmd = root / "reports" / "mini.qmd"
    qmd.write_text(qmd.read_text(encoding="utf-8").replace("format:", "lang: zh\nformat:", 1))
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = CliRunner().invoke(app, ["build", "--to", "html"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:5] == [
        "extracting and validating",
        f"reading {SOURCE_ID}",
        "rendering html",
        "executing reports/mini.qmd (html)",
        "converting reports/mini.qmd → html",
    ]
    assert re.fullmatch(r"done in \d+\.\d s", lines[5])
    assert lines[6] == "  _output/reports/mini.html"
    assert re.fullmatch(
        r"  data package: \d+ files in _output/data/ \(datapackage.json\)", lines[7]
    )
    assert lines[8:] == [
        "  tables: 10 in data/processed/ (Parquet and CSV), 41 figures from 1 report"
    ]
    assert "WARNING" not in result.output

    verbose = CliRunner().invoke(app, ["build", "--to", "html", "--force", "-v"])
    assert verbose.exit_code == 0, verbose.output
    assert "  wrote _output/data/datapackage.json" in verbose.output.splitlines()
    assert "  wrote data/processed/figures.csv" in verbose.output.splitlines()
    assert "info: pandoc (html5, mini.html): [WARNING] Could not load translations for zh" in (
        verbose.output
    )


def test_a_build_given_a_relative_root_builds(tmp_path, monkeypatch):
    root = make(tmp_path)
    monkeypatch.chdir(root.parent)
    monkeypatch.delenv("SALW_PROJECT_ROOT", raising=False)
    report = run_build(Path(root.name), ["html"])
    assert report.rendered == ["html"]
    assert (root / "_output" / "reports" / "mini.html").is_file()
