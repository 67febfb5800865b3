"""The benchmarks `make bench` runs still run (they are not part of the test command)."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_the_chart_benchmark_prints_every_chart(capsys):
    from analysis.topics import TOPICS
    from benchmarks import charts

    charts.main(repeat=1)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == [
        t.__name__.rsplit(".", 1)[1] for t in TOPICS
    ]
    assert lines[-1].startswith("total")


def test_the_build_benchmark_copies_a_project_it_can_build(tmp_path):
    from benchmarks.build import _copies, _copy_project

    from .conftest import ROOT

    work = _copy_project(ROOT, tmp_path / "project", sources=False)
    _copies(ROOT, work, 3)
    folders = sorted(p.name for p in (work / "data" / "sources").iterdir())
    assert folders == ["copy-00", "copy-01", "copy-02"]
    assert (work / "_quarto.yml").is_file() and (work / "reports" / "briefing.qmd").is_file()
