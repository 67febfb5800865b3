"""The 2015 report (70th General Assembly, Chinese) as tidy, sourced data."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.extract import EXCLUSION_REASONS

from .conftest import SOURCE_ID, only_row

REPORT = Path(__file__).resolve().parent.parent / "data" / "sources" / SOURCE_ID / "report.txt"


@pytest.mark.parametrize(
    ("subject", "indicator", "value", "unit"),
    [
        ("Burundi", "weapons_collected", 9824, "weapons"),
        ("Kosovo", "weapons_destroyed", 3731, "weapons"),
        ("Kosovo", "weapon_parts_destroyed", 2705, "weapon_parts"),
        ("Kosovo", "people_trained", 166, "people"),
        ("Kosovo", "workshops_held", 8, "workshops"),
        ("Montenegro", "weapons_destroyed", 1489, "weapons"),
        ("Montenegro", "ammunition_destroyed", 12867, "ammunition"),
        ("Serbia", "material_disposed_kg", 20367, "kg"),
        ("Bosnia and Herzegovina", "weapons_disposed", 4045, "weapons"),
        ("North Macedonia", "weapons_destroyed", 782, "weapons"),
    ],
)
def test_annex_headline_figures(figures, subject, indicator, value, unit):
    row = only_row(figures, subject=subject, indicator=indicator)
    assert row["value"] == value
    assert row["unit"] == unit
    assert row["qualifier"] == "exact"
    assert row["entity"] == "UNDP"
    assert row["location"].startswith("annex: UNDP |")
    assert row["period_start"].isoformat() == "2014-08-01"
    assert row["period_end"].isoformat() == "2015-07-31"


def test_kosovo_and_burundi_are_normalised(figures):
    assert only_row(figures, subject="Kosovo", indicator="weapons_destroyed")["iso3"] == "XKX"
    burundi = only_row(figures, subject="Burundi", indicator="weapons_collected")
    assert burundi["iso3"] == "BDI"
    assert burundi["category"] == "training_awareness"
    assert "9 824" in burundi["quote"]


def test_trust_facility_grants_in_2014(figures):
    amount = only_row(figures, indicator="grant_amount")
    projects = only_row(figures, indicator="grant_projects")
    assert (amount["value"], amount["unit"]) == (3_100_000, "USD")
    assert amount["token"] == "310"
    assert projects["value"] == 18
    for row in (amount, projects):
        assert row["location"] == "para 30"
        assert (row["period_start"].isoformat(), row["period_end"].isoformat()) == (
            "2014-01-01",
            "2014-12-31",
        )
        assert "UNSCAR" in row["subject"]


def test_arms_trade_treaty_status(figures):
    signed = only_row(figures, indicator="att_signatories")
    ratified = only_row(figures, indicator="att_ratifications")
    assert (signed["value"], ratified["value"]) == (130, 69)
    assert signed["subject"] == ratified["subject"] == "Arms Trade Treaty"
    assert signed["location"] == "para 23"


def test_qualifiers_are_kept(figures):
    explosions = only_row(figures, indicator="countries_affected_explosions")
    assert (explosions["value"], explosions["unit"], explosions["qualifier"]) == (
        100,
        "countries",
        "more_than",
    )
    trained = figures.filter(
        (pl.col("indicator") == "people_trained")
        & (pl.col("subject") == "Latin America and the Caribbean")
    )
    assert sorted(zip(trained["value"], trained["qualifier"], strict=True)) == [
        (100, "approximately"),
        (500, "approximately"),
    ]
    nearly = trained.filter(pl.col("value") == 100).row(0, named=True)
    assert "近 100" in nearly["quote"]
    assert only_row(figures, location="para 39")["qualifier"] == "more_than"
    assert only_row(figures, location="para 49")["qualifier"] == "more_than"


def test_chinese_numerals_are_read(figures):
    doors = only_row(figures, subject="Bosnia and Herzegovina", indicator="storage_sites_secured")
    assert (doors["value"], doors["token"]) == (4, "四")
    meetings = figures.filter(
        (pl.col("subject") == "Western Balkans") & (pl.col("indicator") == "meetings_held")
    )
    assert sorted(meetings["value"].to_list()) == [2, 2, 3]
    assert only_row(figures, indicator="register_categories")["value"] == 7


def test_every_quote_is_verbatim_in_the_source(figures):
    text = REPORT.read_text(encoding="utf-8")
    lines = text.split("\n")
    for row in figures.iter_rows(named=True):
        assert row["quote"] in text, row["figure_id"]
        assert row["token"] in lines[row["line"] - 1], row["figure_id"]
        assert row["token"] in row["quote"], row["figure_id"]


def test_figure_ids_are_unique_and_stable(tables, root):
    from analysis.extract import extract_all

    again = extract_all(root).tables["figures"]
    assert tables["figures"]["figure_id"].is_unique().all()
    assert again["figure_id"].to_list() == tables["figures"]["figure_id"].to_list()


def test_nothing_silently_missed(tables):
    """Every digit run in the report is a figure or excluded for a named reason."""
    tokens = tables["tokens"]
    assert set(tokens["status"].unique()) <= {"figure", "excluded"}
    reasons = set(tokens.filter(pl.col("status") == "excluded")["reason"].to_list())
    assert reasons <= set(EXCLUSION_REASONS)
    figure_ids = set(tables["figures"]["figure_id"])
    assert set(tokens.filter(pl.col("status") == "figure")["figure_id"]) == figure_ids
    covered: dict[int, list[tuple[int, int]]] = {}
    for row in tokens.iter_rows(named=True):
        start = row["column"] - 1
        covered.setdefault(row["line"], []).append((start, start + len(row["token"])))
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    missed = []
    for number, line in enumerate(lines, start=1):
        for m in re.finditer(r"\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+", line):
            spans = covered.get(number, [])
            if not any(a <= m.start() and m.end() <= b for a, b in spans):
                missed.append((number, m.group(0), line[max(0, m.start() - 10) : m.end() + 10]))
    assert not missed


@pytest.mark.parametrize(
    ("needle", "reason"),
    [
        ("69/33", "resolution_number"),
        ("2220", "resolution_number"),
        ("150", "document_symbol"),
        ("27", "paragraph_reference"),
        ("98", "agenda_item"),
        ("二十九", "ordinal"),
    ],
)
def test_excluded_for_the_right_reason(tables, needle, reason):
    tokens = tables["tokens"]
    first = needle.split("/")[0]
    hits = tokens.filter(pl.col("token") == first)
    assert hits.height >= 1
    assert reason in hits["reason"].to_list()


def test_structure(tables):
    paragraphs = tables["paragraphs"]
    numbered = paragraphs.filter(pl.col("kind") == "paragraph")
    assert numbered["number"].to_list() == list(range(1, 61))
    assert paragraphs.filter(pl.col("kind") == "summary").height == 2
    footnotes = paragraphs.filter(pl.col("kind") == "footnote")
    assert footnotes["number"].drop_nulls().to_list() == [1, 2, 3, 4, 5]
    para9 = numbered.filter(pl.col("number") == 9).row(0, named=True)
    assert para9["text"].endswith("要性。"), "page-break continuation joined"
    para30 = numbered.filter(pl.col("number") == 30).row(0, named=True)
    assert para30["subsection"] == "联合国支持军备管制合作信托基金"
    assert para30["section"].startswith("二.")
    para55 = numbered.filter(pl.col("number") == 55).row(0, named=True)
    assert para55["section"] == "三. 意见和结论"


def test_every_annex_cell_is_one_activity_verbatim(tables):
    activities = tables["activities"]
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    start = lines.index("附件")
    expected = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if "\t" not in line:
            continue
        cells = line.split("\t")
        if cells[0] == "国家":
            continue
        expected += [(number, c.strip()) for c in cells[1:] if c.strip()]
    got = [
        (r["line"], r["text"])
        for r in activities.filter(pl.col("category").is_not_null()).iter_rows(named=True)
    ]
    assert sorted(got) == sorted(expected)
    assert activities["activity_id"].is_unique().all()
    ohchr = activities.filter(pl.col("entity_en") == "OHCHR")
    assert ohchr.height == 1 and "outside_table" in ohchr["flags"][0]
    glob = activities.filter(pl.col("row_label") == "全球")
    assert glob.height == 1 and "split_across_pages" in glob["flags"][0]
    unidir = activities.filter(pl.col("entity_en") == "UNIDIR")
    assert unidir["row_label"].to_list()[0] == ""


def test_annex_rows_resolve_to_places(tables):
    activities = tables["activities"]
    sahel = activities.filter(pl.col("row_label").str.starts_with("萨赫勒")).row(0, named=True)
    assert sahel["subject"] == "Sahel"
    assert sahel["member_iso3"].split(";") == ["NER", "MLI", "CIV", "GNB", "SLE", "NGA"]
    typo = activities.filter(pl.col("row_label").str.contains("尼日尔河")).row(0, named=True)
    assert typo["member_iso3"].split(";") == ["BFA", "LBR", "NER", "SLE"]
    assert "row_label_typo:河" in typo["flags"]
    assert activities.filter(pl.col("subject_kind") == "unknown").is_empty()


def test_quality_flags_are_reported(tables):
    quality = tables["quality"]
    flags = set(quality["flag"])
    assert {
        "period_end_before_start",
        "row_label_typo",
        "foreign_language_text",
        "odd_digit_grouping",
    } <= flags
    period = quality.filter(pl.col("flag") == "period_end_before_start").row(0, named=True)
    assert period["location"] == "summary"
    assert period["quote"] == "2014 年 8 月至 2013 年 7 月"
    english = quality.filter(pl.col("flag") == "foreign_language_text").row(0, named=True)
    assert english["quote"] == "new development"


def test_events(tables):
    events = tables["events"]
    att = events.filter(pl.col("event_type") == "entry_into_force").row(0, named=True)
    assert att["date_start"].isoformat() == "2014-12-24"
    assert att["subject"] == "Arms Trade Treaty"
    meeting = events.filter(pl.col("location") == "para 13").row(0, named=True)
    assert (meeting["date_start"].isoformat(), meeting["date_end"].isoformat()) == (
        "2015-06-01",
        "2015-06-05",
    )
    training = events.filter(
        (pl.col("subject") == "Kosovo") & (pl.col("event_type") == "training")
    ).row(0, named=True)
    assert training["date_end"].isoformat() == "2014-11-28"


def test_every_table_carries_source_id(tables):
    for name in ("paragraphs", "activities", "figures", "events", "quality", "tokens", "sources"):
        assert "source_id" in tables[name].columns, name
        assert tables[name]["source_id"].null_count() == 0, name


def test_committed_processed_data_is_current(tables, root, tmp_path):
    """data/processed/ is what the code extracts now (review its diff before publishing)."""
    from analysis.processed import write_tables

    write_tables(tmp_path, tables, "")
    stale = [
        name
        for name in ("paragraphs", "activities", "figures", "events", "quality", "tokens")
        if (tmp_path / f"{name}.csv").read_bytes()
        != (root / "data" / "processed" / f"{name}.csv").read_bytes()
    ]
    assert not stale, f"run `briefing extract` and review `git diff data/processed` ({stale})"


def test_a_footnote_breaking_a_figure_down_measures_what_the_citing_sentence_measures(tmp_path):
    """Places in a footnote share out the weapons destroyed; an inventory is another thing."""
    from tests.conftest import report_data

    body = (
        "I. Destruction\n\n"
        "1. The Centre assisted in the destruction of 5,210 firearms in three States.¹ "
        "It also marked 900 weapons.²\n\n"
        "¹ Chile (3,000 firearms), Peru (1,410) and Bolivia (800).\n"
        "² The national inventory, estimated at 12,400 weapons, excludes private holdings.\n"
    )
    figures = report_data(tmp_path, body).figures
    got = figures.filter(pl.col("location").str.starts_with("footnote")).select(
        "location", "value", "unit", "indicator"
    )
    expected = pl.DataFrame(
        {
            "location": ["footnote 1", "footnote 1", "footnote 1", "footnote 2"],
            "value": [3000.0, 1410.0, 800.0, 12400.0],
            "unit": ["weapons"] * 4,
            "indicator": ["weapons_destroyed"] * 3 + ["other_quantity"],
        }
    )
    assert_frame_equal(got, expected)


def test_an_elliptical_count_counts_things_after_people_and_skips_sums_of_money(tmp_path):
    """'of which' after a count of people is of the things; 'a further' skips an amount."""
    from tests.conftest import report_data

    body = (
        "I. Collection\n\n"
        "1. In all, 3,100 weapons were handed in by some 2,600 former combatants, of which "
        "1,450 were destroyed.\n\n"
        "2. The Fund approved 21 projects. They received US$ 2.4 million. A further 6 were "
        "placed on a reserve list.\n\n"
        "3. The campaign aimed at 2,000 pistols; by June, 1,150 had been surrendered. "
        "Officials said 35 were trained.\n"
    )
    figures = report_data(tmp_path, body).figures
    got = figures.filter(pl.col("value").is_in([1450.0, 6.0, 1150.0, 35.0])).select("value", "unit")
    expected = pl.DataFrame(
        {
            "value": [1450.0, 6.0, 1150.0, 35.0],
            "unit": ["weapons", "projects", "weapons", "unspecified"],
        }
    )
    assert_frame_equal(got, expected)


def test_a_footnote_count_without_its_noun_takes_the_citing_sentence_s(tmp_path):
    """'¹ 包括布隆迪的 480 件和马里的 270 件' counts the weapons its citing sentence counts."""
    from analysis.add import add_report

    text = (
        "大 会\n\nA/71/999\n\n秘书长的报告\n\n一. 收缴\n\n"
        "1. 开发署在本报告所述期间协助收缴了武器 2 300 件。¹\n\n"
        "¹ 包括布隆迪的 480 件和马里的 270 件。\n"
    )
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    from analysis.extract import extract_all
    from tests.conftest import empty_project

    root = empty_project(tmp_path / "p")
    add_report(
        root,
        report,
        origin="synthetic",
        lang="zh",
        date="2016-07-15",
        period_start="2015-08-01",
        period_end="2016-07-31",
    )
    figures = extract_all(root).tables["figures"]
    got = figures.filter(pl.col("location") == "footnote 1").select("value", "unit", "indicator")
    expected = pl.DataFrame(
        {
            "value": [480.0, 270.0],
            "unit": ["weapons", "weapons"],
            "indicator": ["weapons_collected", "weapons_collected"],
        }
    )
    assert_frame_equal(got, expected)
