"""Point 7 of #14: CSV files for people never carry a formula; Parquet keeps true values."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from typer.testing import CliRunner

from analysis.build import run_build
from analysis.cli import app
from analysis.processed import TABLES, spreadsheet_safe

from . import corpus

HEADER = "figure_id,field,old_value,new_value,reason,who,date\n"


def _formula_project(tmp_path):
    """The real report with annex cells and a correction that start like formulas."""
    text = corpus.report_text()
    starts = ("向国家常设委员会", "支持阿尔", "为阿尔巴", "在受冲突")
    for start, cell in zip(starts, corpus.FORMULA_CELLS, strict=False):
        text = text.replace(f"\t{start}", f"\t{cell} {start}", 1)
    text = text.replace("组织自愿交回", f"{corpus.FORMULA_CELLS[0]}组织自愿交回", 1)  # in a quote
    root = corpus.project_with(tmp_path, text.encode("utf-8"))
    (root / "data" / "curation").mkdir()
    reason = '=HYPERLINK(""http://x"";""y"")'
    row = f'{corpus.BURUNDI_FIGURE},qualifier,exact,more_than,"{reason}",@analyst,-\n'
    (root / "data" / "curation" / "corrections.csv").write_text(HEADER + row, "utf-8")
    return root


def _text_cells(path):
    with path.open(encoding="utf-8", newline="") as file:
        return [cell for row in list(csv.reader(file))[1:] for cell in row]


def test_processed_csvs_hold_no_formula_and_parquet_the_truth(tmp_path):
    root = _formula_project(tmp_path)
    run_build(root, render=False)
    processed = root / "data" / "processed"
    for name in TABLES:
        risky = [c for c in _text_cells(processed / f"{name}.csv") if c and c[0] in "=+-@\t\r"]
        assert risky == [], (name, risky[:3])
    corrections = pl.read_parquet(processed / "corrections.parquet").row(0, named=True)
    assert corrections["reason"].startswith("=HYPERLINK") and corrections["who"] == "@analyst"
    shown = pl.read_csv(processed / "corrections.csv").row(0, named=True)
    assert shown["reason"] == "'" + corrections["reason"] and shown["date"] == "'-"
    quotes = pl.read_parquet(processed / "activities.parquet")["text"]
    assert quotes.str.starts_with("=HYPERLINK").any(), "Parquet keeps the cell as written"


def test_figures_csv_on_the_command_line_is_neutralised(tmp_path, monkeypatch):
    root = _formula_project(tmp_path)
    run_build(root, render=False)
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = CliRunner().invoke(app, ["figures", "--csv"])
    assert result.exit_code == 0
    cells = [c for row in csv.reader(io.StringIO(result.output)) for c in row]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'+1+cmd") for c in cells)


@pytest.mark.parametrize("cell", corpus.FORMULA_CELLS)
def test_every_formula_start_is_neutralised_and_numbers_are_not(cell):
    frame = pl.DataFrame({"text": [cell, "plain", None], "value": [-1.0, 2.0, 3.0]})
    safe = spreadsheet_safe(frame)
    assert safe["text"].to_list() == ["'" + cell, "plain", None]
    assert safe["value"].to_list() == [-1.0, 2.0, 3.0]


@pytest.mark.slow
def test_chart_export_tables_are_neutralised(tmp_path):
    from analysis.charts import export_all

    root = _formula_project(tmp_path)
    run_build(root, render=False)
    written = export_all(root, formats=["svg"], size="16:9", scale=1.0, out=root / "charts")
    tables = [p for p in written if p.name.endswith("-table.csv")]
    assert tables, written
    cells = [c for path in tables for c in _text_cells(path)]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert any(c.startswith(("'=", "'+", "'@")) for c in cells), "a formula was neutralised"
