"""Corrections are reviewed data, applied after extraction; stale ones stop the build."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from analysis.errors import BriefingError
from analysis.extract import extract_all

from .conftest import ROOT, SOURCE_ID, empty_project

HEADER = "figure_id,field,old_value,new_value,reason,who,date\n"
BURUNDI = f"{SOURCE_ID}/annex-017-training_awareness/1"


@pytest.fixture
def project(tmp_path):
    root = empty_project(tmp_path)
    shutil.copytree(ROOT / "data" / "sources" / SOURCE_ID, root / "data" / "sources" / SOURCE_ID)
    (root / "data" / "curation").mkdir()
    return root


def write(root, body: str) -> None:
    (root / "data" / "curation" / "corrections.csv").write_text(HEADER + body, encoding="utf-8")


def test_a_correction_is_applied_and_reported(project):
    write(
        project,
        f"{BURUNDI},value,9824,9842,Checked against the English original,analyst,2026-11-25\n",
    )
    tables = extract_all(project).tables
    row = tables["figures"].filter(pl.col("figure_id") == BURUNDI).row(0, named=True)
    assert row["value"] == 9842 and "corrected" in row["flags"]
    assert row["quote"].count("9 824") == 1, "the quote stays verbatim"
    assert tables["corrections"]["reason"].to_list() == ["Checked against the English original"]


def test_correction_for_a_missing_figure_stops_the_build(project):
    write(project, f"{SOURCE_ID}/para-99/1,value,1,2,typo,analyst,2026-11-25\n")
    with pytest.raises(BriefingError) as info:
        extract_all(project)
    assert "corrections.csv:2" in str(info.value) and "no longer exists" in str(info.value)


def test_correction_whose_old_value_no_longer_matches(project):
    write(project, f"{BURUNDI},value,1000,9842,typo,analyst,2026-11-25\n")
    with pytest.raises(BriefingError) as info:
        extract_all(project)
    assert "9824" in str(info.value) and "old_value" in str(info.value)


def test_correction_without_a_reason(project):
    write(project, f"{BURUNDI},value,9824,9842,,analyst,2026-11-25\n")
    with pytest.raises(BriefingError, match="no reason"):
        extract_all(project)


def test_corrupt_corrections_file(project):
    (project / "data" / "curation" / "corrections.csv").write_text(
        "figure_id;value\n1;2\n", encoding="utf-8"
    )
    with pytest.raises(BriefingError, match="missing column"):
        extract_all(project)
