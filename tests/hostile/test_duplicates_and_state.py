"""Points 3 and 4 of #14: the same report is noticed whatever its form; state is verified."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from analysis.add import add_report
from analysis.build import run_build
from analysis.cli import app
from analysis.errors import BriefingError
from analysis.extract import extract_all
from analysis.processed import load
from tests.conftest import SOURCE_ID, empty_project
from tests.test_pipeline import make

from . import corpus

ENGLISH_ID = "2016-a-71-50-en"


def _registered(tmp_path: Path) -> Path:
    root = empty_project(tmp_path / "project")
    received = tmp_path / "A-71-50.txt"
    received.write_text(corpus.english_text(), encoding="utf-8")
    assert add_report(root, received).name == ENGLISH_ID
    return root


@pytest.mark.parametrize("form", [*corpus.encodings("x"), "docx"])
def test_the_same_report_in_another_form_is_refused(tmp_path, form):
    root = corpus.real_project(tmp_path / "project")
    text = corpus.report_text()
    if form == "docx":
        copy = corpus.docx_of(text, tmp_path / "copy.docx")
    else:
        copy = tmp_path / "copy.txt"
        copy.write_bytes(corpus.encodings(text)[form])
    with pytest.raises(BriefingError) as info:
        add_report(root, copy, source_id="2015-copy-zh", date="2015-07-24")
    assert f"already registered as {SOURCE_ID}" in str(info.value)
    assert "another encoding or format" in str(info.value) and "--replace" in str(info.value)
    assert [p.name for p in (root / "data" / "sources").iterdir()] == [SOURCE_ID]


def test_another_report_for_the_same_period_and_language_needs_replace(tmp_path):
    root = _registered(tmp_path)
    revised = tmp_path / "A-71-50-Corr.1.txt"
    revised.write_text(corpus.english_text().replace("133 Member States", "134 Member States"))
    with pytest.raises(BriefingError, match="already registered as 2016-a-71-50-en") as info:
        add_report(root, revised, source_id="2016-a-71-50-corr-1-en")
    assert "2015-08-01..2016-07-31" in str(info.value) and "--replace" in str(info.value)
    folder = add_report(root, revised, source_id="2016-a-71-50-corr-1-en", replace=True)
    assert [p.name for p in (root / "data" / "sources").iterdir()] == [folder.name]
    kept = list((root / "data" / "replaced").iterdir())
    assert len(kept) == 1 and kept[0].name.startswith(ENGLISH_ID)
    assert (kept[0] / "source.yml").is_file(), "the old report is kept in history"
    tables = extract_all(root).tables
    assert tables["sources"]["source_id"].to_list() == [folder.name], "history is not read"
    assert 134 in tables["figures"]["value"].to_list()


def test_replace_with_the_same_id_keeps_the_old_one(tmp_path, monkeypatch):
    root = _registered(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(corpus.english_text().encode("utf-16"))
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = CliRunner().invoke(app, ["add", str(copy), "--replace"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (root / "data" / "sources").iterdir()] == [ENGLISH_ID]
    assert len(list((root / "data" / "replaced").iterdir())) == 1


@pytest.mark.slow
def test_a_hand_edited_output_is_rendered_again(tmp_path):
    root = make(tmp_path)
    run_build(root, ["html"])
    page = root / "_output" / "reports" / "mini.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"9,824", b"9,999"))
    report = run_build(root, ["html"])
    assert not report.extracted and report.rendered == ["html"]
    assert page.read_bytes() == original
    assert run_build(root, ["html"]).rendered == [], "and then it is current"


@pytest.mark.parametrize("damage", ["delete", "corrupt", "edit csv", "delete manifest"])
def test_tables_that_do_not_verify_are_extracted_again(tmp_path, damage):
    root = corpus.real_project(tmp_path)
    run_build(root, render=False)
    processed = root / "data" / "processed"
    good = (processed / "figures.parquet").read_bytes()
    if damage == "delete":
        (processed / "figures.parquet").unlink()
    elif damage == "corrupt":
        (processed / "figures.parquet").write_bytes(b"PAR1 this is not parquet")
    elif damage == "edit csv":
        path = processed / "figures.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("9824", "9999"), "utf-8")
    else:
        (processed / "manifest.json").unlink()
    said: list[str] = []
    report = run_build(root, render=False, progress=said.append)
    assert report.extracted, said
    assert any("does not verify" in s for s in said) or damage == "delete manifest"
    assert (processed / "figures.parquet").read_bytes() == good
    assert load(root).figures.filter(pl.col("value") == 9824).height == 1


@pytest.mark.parametrize("damage", ["corrupt", "changed", "delete"])
def test_a_damaged_table_is_a_message_not_a_traceback(tmp_path, monkeypatch, damage):
    root = corpus.real_project(tmp_path)
    run_build(root, render=False)
    path = root / "data" / "processed" / "figures.parquet"
    if damage == "corrupt":
        path.write_bytes(b"PAR1 this is not parquet")
    elif damage == "changed":
        shutil.copy(root / "data" / "processed" / "events.parquet", path)
    else:
        path.unlink()
    with pytest.raises(BriefingError) as info:
        load(root)
    assert "figures.parquet" in str(info.value) and "briefing build" in str(info.value)
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = CliRunner().invoke(app, ["figures"])
    assert result.exit_code == 2 and "figures.parquet" in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) <= 4
