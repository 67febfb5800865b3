"""English reports: the next report may be in English (synthetic fixture, invented figures)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.extract import extract_all

from .conftest import only_row, synthetic_english_project


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    root = synthetic_english_project(tmp_path_factory.mktemp("en"))
    return extract_all(root).tables


@pytest.mark.parametrize(
    ("subject", "indicator", "value", "token"),
    [
        ("Burundi", "weapons_collected", 10200, "10,200"),
        ("Kosovo", "weapons_destroyed", 4100, "4,100"),
        ("Kosovo", "weapon_parts_destroyed", 2705, "2,705"),
        ("Kosovo", "people_trained", 166, "166"),
        ("Kosovo", "workshops_held", 8, "8"),
        ("Liberia", "weapons_destroyed", 1250, "1,250"),
        ("Serbia", "material_disposed_kg", 20367, "20,367"),
    ],
)
def test_english_annex_figures(english, subject, indicator, value, token):
    row = only_row(english["figures"], subject=subject, indicator=indicator)
    assert (row["value"], row["token"], row["qualifier"]) == (value, token, "exact")


def test_english_number_forms(english):
    figures = english["figures"]
    amount = only_row(figures, indicator="grant_amount")
    assert (amount["value"], amount["unit"]) == (2_800_000, "USD")
    assert amount["period_start"].year == 2015
    assert only_row(figures, indicator="countries_affected_explosions")["qualifier"] == "more_than"
    trained = figures.filter(pl.col("subject") == "Latin America and the Caribbean")
    assert sorted(zip(trained["value"], trained["qualifier"], strict=True)) == [
        (100, "approximately"),
        (500, "approximately"),
    ]
    assert only_row(figures, location="para 2")["value"] == 2  # "those two resolutions"
    assert only_row(figures, indicator="att_signatories")["value"] == 133
    ratified = only_row(figures, indicator="att_ratifications")
    assert ratified["value"] == 82 and "unit_from_previous_figure" in ratified["flags"]


def test_english_exclusions(english):
    tokens = english["tokens"]
    reasons = dict(zip(tokens["token"], tokens["reason"], strict=False))
    assert reasons["99"] == "agenda_item"
    assert set(tokens.filter(pl.col("token") == "70")["reason"]) == {"resolution_number"}
    assert "12" in tokens.filter(pl.col("reason") == "paragraph_reference")["token"].to_list()


def test_english_structure_and_events(english):
    paragraphs = english["paragraphs"]
    assert paragraphs.filter(pl.col("kind") == "paragraph")["number"].to_list() == list(range(1, 8))
    assert paragraphs.filter(pl.col("kind") == "footnote").height == 3
    events = english["events"]
    meeting = events.filter(pl.col("event_type") == "meeting").sort("date_start")
    assert meeting["date_start"].cast(pl.String).to_list() == ["2015-08-24", "2016-06-06"]
    unlirec = english["activities"].filter(pl.col("entity_en") == "UNODA/UNLIREC")
    assert unlirec.height == 1


def test_hard_wrapped_text_reads_the_same(tmp_path, english):
    """Text extracted from a PDF is often hard-wrapped: same figures, quotes still verbatim."""
    import textwrap

    from .conftest import SYNTHETIC, add_source, empty_project

    text = (SYNTHETIC / "synthetic_2016_en.txt").read_text(encoding="utf-8")
    body, annex = text.split("\nAnnex\n")
    lines = []
    for line in body.split("\n"):
        lines.extend([line] if len(line) <= 80 else textwrap.wrap(line, 60))
    wrapped = "\n".join(lines) + "\nAnnex\n" + annex
    root = empty_project(tmp_path)
    add_source(root, "2016-synthetic-en", wrapped.encode("utf-8"))
    tables = extract_all(root).tables
    columns = ["figure_id", "indicator", "value", "unit", "qualifier", "subject"]
    got = tables["figures"].select(columns).sort("figure_id")
    assert_frame_equal(got, english["figures"].select(columns).sort("figure_id"))
    for quote in tables["figures"]["quote"]:
        assert quote in wrapped
    assert tables["events"]["date_start"].equals(english["events"]["date_start"])


def test_a_share_in_brackets_is_not_what_the_next_count_counts(tmp_path):
    """'41 (69 per cent) …, and 17 reported …': the 17 are States, like the 41."""
    from .conftest import report_data

    body = (
        "1. Reports were received from 59 States. Of those 59 States, 41 (69 per cent) "
        "reported on marking at import, and 17 reported having received tracing requests.\n"
    )
    got = report_data(tmp_path, body).figures.select("value", "unit", "indicator")
    expected = pl.DataFrame(
        {
            "value": [59.0, 59.0, 41.0, 69.0, 17.0],
            "unit": ["states", "states", "states", "percent", "states"],
            "indicator": [
                "states_reporting",
                "states_reporting",
                "states_reporting",
                "percentage",
                "states_reporting",
            ],
        }
    )
    assert_frame_equal(got, expected)


def test_a_bare_year_and_a_share_in_apposition_are_no_counts_of_their_own(tmp_path):
    """'its 2017 small arms law' is a year; '42 States, or 22 per cent of the membership,
    …, against 63 in 2020': the 63 are States, not per cent."""
    from .conftest import report_data

    body = (
        "1. UNDP advised on the revision of its 2017 small arms law, and 1,200 weapons were "
        "destroyed.\n\n"
        "2. Forty-two States, or 22 per cent of the membership, submitted national reports in "
        "2022, against 63 in 2020.\n"
    )
    got = report_data(tmp_path, body).figures.select("value", "unit", "indicator")
    expected = pl.DataFrame(
        {
            "value": [1200.0, 42.0, 22.0, 63.0],
            "unit": ["weapons", "states", "percent", "states"],
            "indicator": [
                "weapons_destroyed",
                "states_reporting",
                "percentage",
                "states_reporting",
            ],
        }
    )
    assert_frame_equal(got, expected)


def test_a_further_count_refers_to_the_things_counted_in_the_sentence_before(tmp_path):
    """'… 17 States said …. A further 12 reported …': the 12 are States too."""
    from .conftest import report_data

    body = (
        "1. Among the States that reported, 17 said that they had marked weapons at import. "
        "A further 12 reported the destruction of surplus weapons. Officials said 40 had "
        "been trained.\n"
    )
    got = report_data(tmp_path, body).figures.select("value", "unit")
    expected = pl.DataFrame(
        {"value": [17.0, 12.0, 40.0], "unit": ["states", "states", "unspecified"]}
    )
    assert_frame_equal(got, expected)
