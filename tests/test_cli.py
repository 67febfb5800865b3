"""The `briefing` command line, as an analyst uses it."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from analysis.cli import app

from .conftest import ROOT, SOURCE_ID, empty_project

runner = CliRunner()


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = empty_project(tmp_path)
    shutil.copytree(ROOT / "data" / "sources" / SOURCE_ID, root / "data" / "sources" / SOURCE_ID)
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    return root


def test_extract_writes_every_table(project):
    names = {p.name for p in (project / "data" / "processed").iterdir()}
    for table in ("paragraphs", "activities", "figures", "events"):
        assert {f"{table}.csv", f"{table}.parquet"} <= names


def test_figures_by_indicator(project):
    result = runner.invoke(app, ["figures", "--indicator", "weapons_destroyed", "--csv"])
    assert result.exit_code == 0
    assert "3731.0" in result.output and "Kosovo" in result.output
    assert "Burundi" not in result.output


def test_figures_by_country_name_or_code(project):
    by_name = runner.invoke(app, ["figures", "--country", "kosovo", "--csv"])
    by_code = runner.invoke(app, ["figures", "--country", "XKX", "--csv"])
    assert by_name.output == by_code.output
    assert by_name.output.count(",Kosovo,") == 4
    assert ",Western Balkans," in by_name.output  # a region whose members include Kosovo


def test_unknown_country_is_a_clear_error(project):
    result = runner.invoke(app, ["figures", "--country", "Atlantis"])
    assert result.exit_code == 2
    assert "Atlantis" in result.output and "Kosovo" in result.output


def test_unknown_indicator_is_a_clear_error(project):
    result = runner.invoke(app, ["figures", "--indicator", "weapons_smashed"])
    assert result.exit_code == 2
    assert "weapons_destroyed" in result.output


def test_figures_before_extract_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(empty_project(tmp_path)))
    result = runner.invoke(app, ["figures"])
    assert result.exit_code == 2 and "briefing build" in result.output


def test_diff_with_one_report(project):
    result = runner.invoke(app, ["diff"])
    assert result.exit_code == 0 and "Only one report" in result.output


def test_figures_fit_an_80_column_terminal_with_numbers_as_written(project, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["figures", "--indicator", "weapons_collected"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "9,824" in result.output and "9824.0" not in result.output
    assert "Burundi" in result.output
    assert "figure_id" not in result.output and "figure" not in lines[2]


def test_figures_wide_shows_every_column(project, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["figures", "--wide", "--indicator", "grant_amount"])
    assert result.exit_code == 0, result.output
    assert "US$3.1 million" in result.output
    for column in ("figure", "unit", "qualifier", "period", "as written"):
        assert column in result.output
