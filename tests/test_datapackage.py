"""The data package: every table as CSV and Parquet, described for Frictionless."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.datapackage import for_people, write_data_package
from analysis.processed import TABLES

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def package(tables, tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    write_data_package(tables, folder, "Small arms briefing data")
    return folder


def test_the_package_validates(package):
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_descriptor_names_sources_licences_keys_and_descriptions(package, processed):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [*TABLES, "headlines", "trends"]
    source = descriptor["sources"][0]
    assert source["sha256"] == processed.sources["sha256"][0]
    assert source["title"] == processed.sources["citation"][0]
    assert descriptor["licenses"]
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    assert figures["schema"]["primaryKey"] == ["figure_id"]
    assert {
        "fields": ["source_id"],
        "reference": {"resource": "sources", "fields": ["source_id"]},
    } in figures["schema"]["foreignKeys"]
    assert all(f.get("description") for f in figures["schema"]["fields"])


def test_a_kept_descriptor_is_reused_only_for_the_same_tables_and_title(
    tables, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    write_data_package(tables, tmp_path / "first", "First title")

    def not_again(*args, **kwargs):
        raise AssertionError("Frictionless asked again for a descriptor it made")

    with monkeypatch.context() as patched:
        patched.setattr(frictionless.Package, "from_descriptor", not_again)
        write_data_package(tables, tmp_path / "again", "First title")
    write_data_package(tables, tmp_path / "retitled", "Second title")
    first, again, retitled = (
        json.loads((tmp_path / name / "datapackage.json").read_text(encoding="utf-8"))
        for name in ("first", "again", "retitled")
    )
    assert again == first
    assert retitled["title"] == "Second title"
    assert {**retitled, "title": "First title"} == first
    assert frictionless.validate(str(tmp_path / "retitled" / "datapackage.json")).valid


def test_integers_are_written_as_integers(package):
    text = (package / "figures.csv").read_text(encoding="utf-8")
    assert ",9824," in text
    assert "9824.0" not in text


def test_a_broken_reference_fails_validation(package, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(package, copy)
    figures = (copy / "figures.csv").read_text(encoding="utf-8")
    source_id = figures.splitlines()[1].split(",")[1]
    (copy / "figures.csv").write_text(
        figures.replace(f",{source_id},", ",no-such-report,", 1), encoding="utf-8"
    )
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e["type"] for e in report.flatten(["type"]) for e in [{"type": e[0]}]}


def test_cells_a_spreadsheet_would_run_are_neutralised():
    table = pl.DataFrame(
        {
            "quote": ['=HYPERLINK("x")', "+1", "-2 weapons", "@SUM(A1)", "plain"],
            "value": [1.0, 2.5, -3.0, 4.0, 9842.0],
        }
    )
    expected = pl.DataFrame(
        {
            "quote": ['\'=HYPERLINK("x")', "'+1", "'-2 weapons", "'@SUM(A1)", "plain"],
            "value": ["1", "2.5", "-3", "4", "9842"],
        }
    )
    assert_frame_equal(for_people(table), expected)
