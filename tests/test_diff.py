"""A second report arrives: the diff says what was added, removed and changed."""

from __future__ import annotations

import polars as pl
import pytest

from analysis.diff import compare_figures, compare_reports, previous_and_latest
from analysis.extract import extract_all

from .conftest import synthetic_english_project


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    root = synthetic_english_project(tmp_path_factory.mktemp("two"), with_2015=True)
    return extract_all(root).tables


def status_of(diff: pl.DataFrame, indicator: str, subject: str) -> dict:
    rows = diff.filter((pl.col("indicator") == indicator) & (pl.col("subject") == subject))
    assert rows.height == 1, (indicator, subject)
    return rows.row(0, named=True)


def test_previous_and_latest_follow_the_reporting_period(two_reports):
    assert previous_and_latest(two_reports["sources"]) == ("2015-ga70-salw-zh", "2016-synthetic-en")
    assert previous_and_latest(two_reports["sources"].head(1)) is None


def test_report_diff(two_reports):
    diff = compare_reports(two_reports["figures"], "2015-ga70-salw-zh", "2016-synthetic-en")
    burundi = status_of(diff, "weapons_collected", "Burundi")
    assert (burundi["status"], burundi["old_value"], burundi["new_value"], burundi["change"]) == (
        "changed",
        9824,
        10200,
        376,
    )
    assert status_of(diff, "weapons_destroyed", "Kosovo")["new_value"] == 4100
    assert status_of(diff, "att_ratifications", "Arms Trade Treaty")["change"] == 13
    assert status_of(diff, "weapons_destroyed", "Liberia")["status"] == "added"
    assert status_of(diff, "weapons_destroyed", "Montenegro")["status"] == "removed"
    assert status_of(diff, "weapon_parts_destroyed", "Kosovo")["status"] == "unchanged"
    statuses = diff["status"].to_list()
    assert statuses == sorted(statuses, key=["changed", "added", "removed", "unchanged"].index)


def test_figure_level_data_diff(figures):
    changed = figures.with_columns(
        pl.when(pl.col("subject") == "Burundi")
        .then(9900.0)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    dropped = changed.filter(pl.col("subject").fill_null("") != "Serbia")
    diff = compare_figures(figures, dropped)
    assert diff.filter(pl.col("status") == "changed")["detail"].to_list() == [
        "value: 9824.0 -> 9900.0"
    ]
    assert diff.filter(pl.col("status") == "removed")["subject"].to_list() == ["Serbia"]
    assert compare_figures(figures, figures).is_empty()


def test_trend_rows_when_two_reports_cover_an_indicator(two_reports):
    from analysis.processed import ProcessedData
    from analysis.topics import trends

    data = ProcessedData.from_tables(two_reports)
    rows = trends.table(data).filter(
        (pl.col("series") == "weapons_collected") & (pl.col("subject") == "BDI")
    )
    assert rows["value"].to_list() == [9824, 10200]
    assert rows["period_end"].cast(pl.String).to_list() == ["2015-07-31", "2016-07-31"]
    assert trends.table(data).filter(pl.col("subject_label") == "Liberia").is_empty()
    assert trends.has_trends(data)
    changes = trends.changes(data)
    burundi = changes.filter(pl.col("subject") == "Burundi").row(0, named=True)
    assert (burundi["old"], burundi["new"], burundi["change"]) == ("9,824", "10,200", "+376")
    assert burundi["status"] == "changed"
    assert "Burundi" in trends.statement(data) or "changed" in trends.statement(data)


def test_single_report_gives_a_plain_statement(processed):
    from analysis.topics import trends

    assert not trends.has_trends(processed)
    assert "single report" in trends.statement(processed)
    assert trends.changes(processed).is_empty()
    assert trends.describe(processed) == trends.statement(processed)
