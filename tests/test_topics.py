from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.labels import qualified_label
from analysis.topics import capacity, entities, funding, headlines, treaties, weapons


def test_qualified_labels():
    assert qualified_label(100, "more_than") == "100+"
    assert qualified_label(100, "approximately") == "~100"
    assert qualified_label(2, "less_than") == "<2"
    assert qualified_label(3_100_000, "exact", "USD") == "US$3.1 million"
    assert qualified_label(9824, "exact") == "9,824"


def test_weapons_table(processed):
    got = weapons.table(processed).select(
        "subject", "iso3", "indicator", "unit", "value", "qualifier", "label"
    )
    expected = pl.DataFrame(
        {
            "subject": [
                "Burundi",
                "Bosnia and Herzegovina",
                "Kosovo",
                "Montenegro",
                "North Macedonia",
                "Kosovo",
                "Montenegro",
                "Serbia",
            ],
            "iso3": ["BDI", "BIH", "XKX", "MNE", "MKD", "XKX", "MNE", "SRB"],
            "indicator": [
                "weapons_collected",
                "weapons_disposed",
                "weapons_destroyed",
                "weapons_destroyed",
                "weapons_destroyed",
                "weapon_parts_destroyed",
                "ammunition_destroyed",
                "material_disposed_kg",
            ],
            "unit": ["weapons"] * 5 + ["weapon_parts", "ammunition", "kg"],
            "value": [9824.0, 4045.0, 3731.0, 1489.0, 782.0, 2705.0, 12867.0, 20367.0],
            "qualifier": ["exact"] * 8,
            "label": ["9,824", "4,045", "3,731", "1,489", "782", "2,705", "12,867", "20,367"],
        }
    )
    assert_frame_equal(got, expected)


def test_capacity_table(processed):
    got = capacity.table(processed).select(
        "subject", "indicator", "value", "qualifier", "label", "n_figures"
    )
    expected = pl.DataFrame(
        {
            "subject": [
                "Latin America and the Caribbean",
                "Kosovo",
                "Latin America and the Caribbean",
                "Kosovo",
                "United Arab Emirates",
            ],
            "indicator": [
                "people_trained",
                "people_trained",
                "people_convened",
                "workshops_held",
                "courses_held",
            ],
            "value": [600.0, 166.0, 25.0, 8.0, 2.0],
            "qualifier": ["approximately", "exact", "exact", "exact", "exact"],
            "label": ["~600", "166", "25", "8", "2"],
            "n_figures": [2, 1, 1, 1, 1],
        }
    )
    assert_frame_equal(got, expected)


def test_treaties_table(processed):
    got = treaties.table(processed).select("as_of", "indicator", "value", "of_members")
    expected = pl.DataFrame(
        {
            "as_of": [date(2015, 7, 24)] * 2,
            "indicator": ["att_signatories", "att_ratifications"],
            "value": [130.0, 69.0],
            "of_members": ["130 of 193", "69 of 193"],
        }
    )
    assert_frame_equal(got, expected)


def test_funding_table(processed):
    got = funding.table(processed).select("period", "amount_usd", "amount", "projects")
    expected = pl.DataFrame(
        {
            "period": ["2014"],
            "amount_usd": [3_100_000.0],
            "amount": ["US$3.1 million"],
            "projects": [18],
        }
    )
    assert_frame_equal(got, expected)


def test_funding_labels_put_projects_under_the_amount(processed, two_periods):
    """Each bar's label is two short lines, not one long one across its neighbours'."""
    for data in (processed, two_periods):
        spec = funding.chart(data).to_dict()
        layers = spec["vconcat"][0]["layer"]
        label = next(layer["mark"] for layer in layers if layer["mark"]["type"] == "text")
        assert label["lineBreak"] == "\n" and label["baseline"] == "top"
        rows = [row for rows in spec["datasets"].values() for row in rows if "caption" in row]
        table = funding.table(data)
        assert [row["caption"] for row in rows] == [
            f"{amount}\n{projects} projects" if projects is not None else f"\n{amount}"
            for amount, projects in zip(table["amount"], table["projects"], strict=True)
        ]


def test_entities_table(processed):
    got = entities.table(processed).select("entity_group", "total")
    # counted by hand from the annex: entries per entity group (cells with content)
    expected = pl.DataFrame(
        {
            "entity_group": ["UNICEF", "UNDP", "UNODA", "UNMAS", "UNIDIR"],
            "total": [63, 33, 29, 26, 4],
        }
    )
    assert_frame_equal(got, expected)


def test_headlines_are_the_tracked_series_of_the_latest_period(processed):
    rows = headlines.table(processed)
    expected = pl.DataFrame(
        {
            "series": ["weapons_collected", "weapons_destroyed", "people_trained"],
            "shown": ["9,824", "6,002", "~766"],
            "where": ["Burundi", "3 places", "2 places"],
            "period": ["August 2014 to July 2015"] * 3,
        }
    )
    got = rows.filter(pl.col("series").is_in(expected["series"].to_list())).select(expected.columns)
    assert_frame_equal(got, expected)
    assert rows["locations"].str.len_chars().min() > 0
    assert rows["citation"].str.contains("70th General Assembly").all()


def test_timeline_labels_say_what_happened(processed):
    from analysis.topics import timeline

    labels = timeline.table(processed)["label"].to_list()
    assert "2014 · Meeting: Programme of Action on small…" in labels
    assert not any(" · meeting" in label or " · activity" in label for label in labels)
    assert all(": " in label or "(" in label for label in labels)


def test_a_map_without_regional_entries_has_a_finite_size(tmp_path, monkeypatch):
    """Regression: an empty layer made the map's projection fit infinite (PDF failed)."""
    import re

    import vl_convert as vlc

    from analysis.chart_images import vl_version
    from analysis.extract import extract_all
    from analysis.processed import ProcessedData
    from analysis.series import latest_report
    from analysis.topics import worldmap

    from .conftest import synthetic_english_project

    root = synthetic_english_project(tmp_path, with_2015=True)
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    data = latest_report(ProcessedData.from_tables(extract_all(root).tables))
    assert worldmap.table(data)["via_group"].sum() == 0
    svg = vlc.vegalite_to_svg(worldmap.chart(data).to_dict(), vl_version=vl_version())
    width, height = re.search(r'width="([^"]*)" height="([^"]*)"', svg).groups()
    assert float(width) < 2000 and float(height) < 2000


def test_a_timeline_with_no_event_in_the_period_says_so_at_a_finite_size(processed):
    """Regression: an empty timeline had an infinite size (the PDF failed)."""
    import dataclasses
    import re

    import vl_convert as vlc

    from analysis.chart_images import vl_version
    from analysis.topics import timeline

    old = pl.col("date_start").dt.offset_by("-20y"), pl.col("date_end").dt.offset_by("-20y")
    data = dataclasses.replace(processed, events=processed.events.with_columns(*old))
    spec = timeline.chart(data).to_dict()
    svg = vlc.vegalite_to_svg(spec, vl_version=vl_version())
    width, height = re.search(r'width="([^"]*)" height="([^"]*)"', svg).groups()
    assert float(width) < 2000 and float(height) < 2000
    assert "No dated event" in svg


def test_trend_axes_read_as_plain_numbers_in_both_languages(two_periods):
    """d3's "," would write 100 as "1e+2" on a Chinese axis (its precision follows the step)."""
    import re

    import vl_convert as vlc

    from analysis.topics import spec

    for lang in ("en", "zh"):
        svg = vlc.vegalite_to_svg(spec("trends", two_periods, lang=lang))
        labels = re.findall(r">([^<>]*)</text>", svg)
        assert labels and not [label for label in labels if re.search(r"\de[+-]\d", label)]


def test_trends_of_a_long_archive_name_four_periods_and_label_the_ends():
    from analysis.topics import trends

    periods = [f"{2010 + k}/{11 + k}" for k in range(10)]
    rows = pl.DataFrame(
        {
            "series": ["a"] * 10 + ["b"] * 10,
            "period": periods * 2,
            "period_end": [date(2011 + k, 7, 31) for k in range(10)] * 2,
            "value": [float(k) for k in range(10)] + [None, *map(float, range(8)), None],
            "label": [str(k) for k in range(10)] + ["", *map(str, range(8)), ""],
        }
    )
    assert trends._ticks(rows) == ["2010/11", "2013/14", "2016/17", "2019/20"]
    shown = trends._labelled(rows).filter(pl.col("shown_label") != "")
    assert shown.select("series", "period", "shown_label").rows() == [
        ("a", "2010/11", "0"),
        ("a", "2019/20", "9"),
        ("b", "2011/12", "0"),
        ("b", "2018/19", "7"),
    ]


def test_a_timeline_of_one_day_spans_the_reporting_period():
    """One event of one day does not fill the width: the axis shows the period's months."""
    from types import SimpleNamespace

    from analysis.topics import timeline

    sources = pl.DataFrame({"period_start": [date(2016, 8, 1)], "period_end": [date(2017, 7, 31)]})
    shown = pl.DataFrame({"date_start": [date(2016, 8, 22)], "end": [date(2016, 8, 23)]})
    assert timeline._time_domain(SimpleNamespace(sources=sources), shown) == [
        {"year": 2016, "month": 8, "date": 1},
        {"year": 2017, "month": 8, "date": 1},
    ]
    earlier = shown.with_columns(pl.lit(date(2016, 1, 1)).alias("date_start"))
    assert timeline._time_domain(SimpleNamespace(sources=sources), earlier)[0] == {
        "year": 2016,
        "month": 1,
        "date": 1,
    }


def test_a_trend_panel_title_is_wrapped_never_cut():
    from analysis.topics import trends

    assert (
        trends._panel_title("Weapons collected — Central African Republic", 230, "en")
        == "Weapons collected\nCentral African Republic"
    )
    long = "Countries affected by ammunition explosions"
    lines = trends._panel_title(long, 230, "en").split("\n")
    assert len(lines) == 2 and " ".join(lines) == long
    assert trends._panel_title("收缴的武器——中非共和国", 230, "zh") == "收缴的武器\n中非共和国"


@pytest.mark.parametrize("chart_id", ["assistance", "entities", "worldmap"])
def test_an_annex_chart_without_annex_entries_says_so(processed, chart_id):
    """A latest report without an annex: a sentence, not an empty grid or axis."""
    import dataclasses

    from analysis.topics import spec
    from analysis.topics._shared import NOTHING_TO_DRAW

    no_annex = dataclasses.replace(processed, activities=processed.activities.clear())
    for lang in ("en", "zh"):
        drawn = spec(chart_id, no_annex, lang=lang)
        assert drawn["vconcat"][0]["name"] == NOTHING_TO_DRAW
        assert "0" not in drawn["title"]["subtitle"]


def test_training_without_a_place_is_named_as_such_in_every_language(processed):
    """A figure that names no place is '(no place named)', never a code, in the chart."""
    import dataclasses

    from analysis.strings import text
    from analysis.topics import spec

    figures = processed.figures.with_columns(
        pl.when(pl.col("indicator") == "people_trained")
        .then(None)
        .otherwise(pl.col("subject"))
        .alias("subject")
    )
    unnamed = dataclasses.replace(processed, figures=figures)
    for lang in ("en", "zh"):
        rows = [
            r for rows in spec("capacity", unnamed, lang=lang)["datasets"].values() for r in rows
        ]
        places = {r.get("place") for r in rows if r.get("indicator") == "people_trained"}
        assert places == {text("place.none", lang)}


def test_treaty_counts_are_the_last_stock_stated_not_a_sum_with_new_ratifications(tmp_path):
    """97 States parties, then "5 States deposited instruments": the bar is 97, not 102 or 5."""
    from tests.conftest import report_data

    body = (
        "I. Arms Trade Treaty\n\n"
        "1. As at 30 June 2018, the Arms Trade Treaty counted 97 States parties and "
        "130 signatories. During the reporting period, 5 States deposited instruments of "
        "ratification or accession.\n"
    )
    data = report_data(tmp_path, body)
    got = treaties.table(data).select("as_of", "indicator", "value")
    expected = pl.DataFrame(
        {
            "as_of": [date(2018, 6, 30)] * 2,
            "indicator": ["att_signatories", "att_ratifications"],
            "value": [130.0, 97.0],
        }
    )
    assert_frame_equal(got, expected)


def test_weapons_are_never_placed_in_an_instrument(processed):
    """A count read under a "Firearms Protocol" heading has no place, not the protocol."""
    import dataclasses

    from analysis.briefing import facts

    figures = processed.figures.with_columns(
        pl.when(pl.col("value") == 9824.0).then(pl.lit(v)).otherwise(pl.col(c)).alias(c)
        for c, v in [
            ("subject", "Firearms Protocol"),
            ("subject_kind", "instrument"),
            ("iso3", None),
        ]
    )
    data = dataclasses.replace(processed, figures=figures)
    row = weapons.table(data).filter(pl.col("value") == 9824.0).row(0, named=True)
    assert (row["subject"], row["place"]) == (None, "(no place named)")
    assert facts(data, "en").top_weapons == (
        "The largest single count is 9,824 weapons collected, in no place named"
    )


def test_funding_draws_each_fund_by_round_not_ranges_totals_or_donors(tmp_path):
    """Grants per fund and round: a grant-size range, a total since launch and a donor's
    contribution are no round's grants; an undated round is the report's period."""
    from tests.conftest import report_data

    body = (
        "I. Funding\n\n"
        "1. In 2017, the UN Trust Facility Supporting Cooperation on Arms Regulation funded "
        "14 projects totalling US$ 3.9 million, with individual grants ranging from "
        "US$ 50,000 to US$ 300,000.\n\n"
        "2. The Arms Trade Treaty Voluntary Trust Fund funded 11 projects totalling "
        "US$ 850,000.\n\n"
        "3. Since its launch in 2013, the Trust Facility has granted US$ 20 million.\n\n"
        "4. Japan contributed US$ 1.35 million for projects in West Africa.\n"
    )
    data = report_data(tmp_path, body)
    got = funding.table(data).select("fund", "period", "amount_usd", "projects")
    expected = pl.DataFrame(
        {
            "fund": [
                "Arms Trade Treaty Voluntary Trust Fund",
                "UN Trust Facility Supporting Cooperation on Arms Regulation (UNSCAR)",
            ],
            "period": ["August 2015–July 2016", "2017"],
            "amount_usd": [850_000.0, 3_900_000.0],
            "projects": [11, 14],
        }
    )
    assert_frame_equal(got, expected)
    spec = funding.chart(data).to_dict()
    bars = next(layer for layer in spec["vconcat"][0]["layer"] if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["color"]["field"] == "fund"
    native = funding.native(data)
    assert [s.name for s in native.series] == expected["fund"].to_list()
    assert [s.values for s in native.series] == [(0.85, None), (None, 3.9)]


def test_funding_adds_up_dollars_only_and_keeps_a_euro_grant_as_a_figure(tmp_path):
    """A grant in euros is a grant (the figures table says so) but no dollar amount."""
    from tests.conftest import report_data

    body = (
        "I. Funding\n\n"
        "1. The Arms Trade Treaty Voluntary Trust Fund funded 9 projects totalling "
        "US$ 640,000.\n\n"
        "2. The Saving Lives Entity fund allocated EUR 2.5 million to 6 projects.\n"
    )
    data = report_data(tmp_path, body)
    grants = data.figures.filter(pl.col("indicator") == "grant_amount").select("value", "unit")
    assert_frame_equal(
        grants.sort("unit"),
        pl.DataFrame({"value": [2_500_000.0, 640_000.0], "unit": ["EUR", "USD"]}),
    )
    got = funding.table(data).filter(pl.col("amount_usd").is_not_null())
    assert_frame_equal(
        got.select("fund", "amount_usd"),
        pl.DataFrame(
            {"fund": ["Arms Trade Treaty Voluntary Trust Fund"], "amount_usd": [640_000.0]}
        ),
    )


def test_a_headline_summed_over_many_places_quotes_its_first_statements_only(processed):
    """A sum over twenty places would quote twenty sentences in one cell of the table."""
    from analysis.topics.headlines import _first_quotes

    assert _first_quotes("a … b", "en") == "a … b"
    assert _first_quotes("a … b … c … d", "en") == "a … b … and 2 more (see Every figure)"
    assert _first_quotes("甲 … 乙 … 丙", "zh") == "甲 … 乙……另有 1 处（见“所有数字”）"
    shown = headlines.gt(processed)._tbl_data["quote"].to_list()
    assert all(q.count(" … ") <= 2 for q in shown)


def test_a_headline_summed_over_many_places_lists_its_first_places_only():
    """A sum over eighteen annex rows would list eighteen locations in one cell."""
    from analysis.topics.headlines import _first_places

    assert _first_places("para 3; para 4", "en") == "para 3; para 4"
    assert _first_places("para 3; para 4; para 5", "en") == (
        "para 3; para 4 … and 1 more (see Every figure)"
    )
    assert _first_places("第 3 段；第 4 段；第 5 段；第 6 段", "zh") == (
        "第 3 段；第 4 段……另有 2 处（见“所有数字”）"
    )


def test_a_report_in_two_languages_is_counted_once_by_funding_and_treaties(processed):
    """The English version of the 2015 report beside the Chinese one: not US$ 6.2 million."""
    import dataclasses

    copy = {"source_id": pl.lit("2015-copy-en")}
    renamed = pl.concat_str(pl.lit("2015-copy-en/"), pl.col("figure_id"))
    data = dataclasses.replace(
        processed,
        sources=pl.concat(
            [
                processed.sources,
                processed.sources.with_columns(pl.lit("en").alias("language"), **copy),
            ]
        ),
        figures=pl.concat(
            [processed.figures, processed.figures.with_columns(renamed.alias("figure_id"), **copy)]
        ),
        assignments=pl.concat(
            [
                processed.assignments,
                processed.assignments.with_columns(renamed.alias("figure_id"), **copy),
            ]
        ),
    )
    assert funding.table(data)["amount_usd"].to_list() == [3_100_000.0]
    assert treaties.table(data)["value"].to_list() == [130.0, 69.0]


def test_a_target_or_a_pledge_is_no_grant(tmp_path):
    from tests.test_reading_rules import readings

    for sentence, lang in [
        ("SALIENT set a funding target of US$ 100 million.", "en"),
        ("Donors pledged US$ 28 million to SALIENT.", "en"),
        ("挽救生命实体提出 1 亿美元筹资目标。", "zh"),
    ]:
        (reading,) = readings(sentence, lang)
        assert "target" in reading.flags, sentence
