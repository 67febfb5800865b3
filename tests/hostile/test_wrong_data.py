"""Point 5 of #14: no wrong data with exit 0 (invisible characters, bad corrections)."""

from __future__ import annotations

import polars as pl
import pytest

from analysis.errors import BriefingError
from analysis.extract import extract_all
from analysis.readers import normalise_invisible

from . import corpus

HEADER = "figure_id,field,old_value,new_value,reason,who,date\n"


@pytest.mark.parametrize("variant", list(corpus.INVISIBLE_VARIANTS))
def test_invisible_characters_inside_a_number(tmp_path, variant):
    written = corpus.INVISIBLE_VARIANTS[variant]
    text = corpus.report_text().replace("9 824", written, 1)
    root = corpus.project_with(tmp_path, text.encode("utf-8"))
    tables = extract_all(root).tables
    cell = tables["figures"].filter(pl.col("figure_id").str.starts_with(corpus.BURUNDI_FIGURE[:-2]))
    weapons = cell.filter(pl.col("unit") == "weapons")
    assert weapons["value"].to_list() == [9824], f"{variant}: {cell.select('value', 'token')}"
    assert not cell.filter(pl.col("value").is_in([9.0, 824.0])).height, "no stray 9 or 824"
    normalised, _ = normalise_invisible(text)
    assert all(q in normalised for q in tables["figures"]["quote"]), "quotes stay verbatim"


def test_normalisation_keeps_lines_and_maps_columns_to_the_file(tmp_path):
    text = corpus.report_text()
    line_no = text[: text.index(corpus.BURUNDI_CELL)].count("\n") + 1
    hostile = text.replace("9 824", "\u200b\u200b9\u200b 824", 1)
    root = corpus.project_with(tmp_path, hostile.encode("utf-8"))
    tokens = extract_all(root).tables["tokens"]
    row = tokens.filter(pl.col("token").str.contains("824")).row(0, named=True)
    assert row["line"] == line_no
    file_line = hostile.split("\n")[line_no - 1]
    assert file_line[row["column"] - 1 :].startswith("9\u200b 824"), "column points into the file"
    normalised, removed = normalise_invisible(hostile)
    assert normalised.count("\n") == hostile.count("\n")
    assert removed.file_column(line_no, 1) == 1


@pytest.mark.parametrize(
    ("field", "old", "new", "says"),
    [
        ("period_start", "2014-08-01", "2014-13-45", "is not a date"),
        ("period_end", "2015-07-31", "31/07/2015", "is not a date"),
        ("value", "9824", "lots", "is not a number"),
        ("value", "9824", "nan", "is not a number"),
        ("value", "9824", "-5", "value|min"),
        ("indicator", "weapons_collected", "weapons_stolen", "indicator 'weapons_stolen'"),
        ("qualifier", "more_than", "roughly", "qualifier 'roughly'"),
        ("iso3", "BDI", "Burundi", "iso3|regex"),
        ("period_start", "2014-08-01", "2016-01-01", "period_in_order"),
    ],
)
def test_bad_correction_is_reported_on_its_line(tmp_path, field, old, new, says):
    root = corpus.real_project(tmp_path)
    (root / "data" / "curation").mkdir()
    good = f"{corpus.BURUNDI_FIGURE},qualifier,exact,more_than,checked,analyst,2026-11-25\n"
    bad = f"{corpus.BURUNDI_FIGURE},{field},{old},{new},checked,analyst,2026-11-25\n"
    (root / "data" / "curation" / "corrections.csv").write_text(HEADER + good + bad, "utf-8")
    with pytest.raises(BriefingError) as info:
        extract_all(root)
    message = str(info.value)
    assert "corrections.csv:3" in message, message
    assert says in message and "fix:" in message
    assert "figures.csv" not in message.split("fix:")[0]


def test_good_corrections_of_every_type_apply(tmp_path):
    root = corpus.real_project(tmp_path)
    (root / "data" / "curation").mkdir()
    rows = [
        "value,9824,9842",
        "period_start,2014-08-01,2014-09-01",
        "indicator,weapons_collected,weapons_destroyed",
        "qualifier,exact,approximately",
    ]
    body = "".join(f"{corpus.BURUNDI_FIGURE},{r},checked,analyst,2026-11-25\n" for r in rows)
    (root / "data" / "curation" / "corrections.csv").write_text(HEADER + body, "utf-8")
    figures = extract_all(root).tables["figures"]
    row = figures.filter(pl.col("figure_id") == corpus.BURUNDI_FIGURE).row(0, named=True)
    assert row["value"] == 9842 and str(row["period_start"]) == "2014-09-01"
    assert (row["indicator"], row["qualifier"]) == ("weapons_destroyed", "approximately")


def test_cli_reports_a_bad_correction_without_a_traceback(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from analysis.cli import app

    root = corpus.real_project(tmp_path)
    (root / "data" / "curation").mkdir()
    bad = f"{corpus.BURUNDI_FIGURE},value,9824,lots,checked,analyst,2026-11-25\n"
    (root / "data" / "curation" / "corrections.csv").write_text(HEADER + bad, "utf-8")
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "corrections.csv:2" in result.output and "Traceback" not in result.output
    assert len(result.output.splitlines()) <= 6
