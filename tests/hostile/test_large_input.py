"""Point 6 of #14: large input is read in linear time, with progress, or refused at once.

Timing is measured by ``python -m benchmarks.large_input`` (not here: no timed tests).
"""

from __future__ import annotations

import polars as pl
import pytest

from analysis.add import add_report
from analysis.errors import BriefingError, ReportError
from analysis.extract import _report, extract_all
from analysis.readers import MAX_REPORT_BYTES
from tests.conftest import empty_project

from . import corpus


def _too_large(path):
    """Write a text file just above the size limit (a report copied many times)."""
    text = corpus.report_text().encode("utf-8")
    with path.open("wb") as file:
        for _ in range(MAX_REPORT_BYTES // len(text) + 1):
            file.write(text)
    return path


def test_a_file_above_the_limit_is_refused_by_add(tmp_path):
    root = empty_project(tmp_path / "project")
    with pytest.raises(BriefingError) as info:
        add_report(root, _too_large(tmp_path / "big.txt"), source_id="big-zh")
    assert "MB are refused" in str(info.value) and "one report" in str(info.value)


def test_a_registered_file_above_the_limit_is_refused_by_the_build(tmp_path):
    big = _too_large(tmp_path / "big.txt").read_bytes()
    root = corpus.project_with(tmp_path / "project", big)
    with pytest.raises(ReportError, match="MB are refused"):
        extract_all(root)


def test_copies_of_a_report_give_as_many_figures(tmp_path, figures):
    root = corpus.project_with(tmp_path, corpus.copies(corpus.report_text(), 5).encode())
    assert extract_all(root).tables["figures"].height == 5 * figures.height


def test_a_huge_line_of_numbers_is_read_whole(tmp_path):
    characters = 12 * _report._PIECE + 7 * _report._REACH
    text = corpus.huge_cell(corpus.report_text(), characters)
    root = corpus.project_with(tmp_path, text.encode("utf-8"))
    figures = extract_all(root).tables["figures"]
    cell = figures.filter(pl.col("location").str.contains("布隆迪 \\| training"))
    units = text.count("结果收回了9 824件武器和1 250发弹药")
    assert cell.filter(pl.col("value") == 9824).height == units, "no number lost at a cut"
    assert cell.filter(pl.col("value") == 1250).height == units
    longest = cell["quote"].str.len_chars().max()
    assert longest <= 2 * _report._REACH + 8, "a quote never grows with the line"
    assert cell["flags"].str.contains("quote_shortened").all()


def test_progress_is_reported_while_a_long_report_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(_report, "_PROGRESS_EVERY", 0.0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # read, not kept
    root = corpus.project_with(tmp_path, corpus.copies(corpus.report_text(), 2).encode())
    said: list[str] = []
    extract_all(root, said.append)
    assert any("% read (line " in s for s in said), said[:5]
