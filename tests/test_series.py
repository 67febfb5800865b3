"""Trends an analyst can quote: four yearly reports (five files, two languages, PDF and DOCX).

The expected values are those of ``tests/fixtures/synthetic/series/expected.md``, read
from the invented reports by hand.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import series
from analysis.add import add_report
from analysis.extract import extract_all
from analysis.processed import ProcessedData
from tests.conftest import SYNTHETIC, empty_project, report_data
from tests.documents import compile_typst, docx_report, report_typ

CORPUS = SYNTHETIC / "series"
#: id -> (file, how it is received, language)
REPORTS = {
    "2014-en": ("2014_en.txt", "pdf", "en"),
    "2015-zh": ("2015_zh.txt", "txt", "zh"),
    "2016-en": ("2016_en.txt", "txt", "en"),
    "2016-zh": ("2016_zh.txt", "txt", "zh"),
    "2017-en": ("2017_en.txt", "docx", "en"),
}
PERIODS = {
    2014: (dt.date(2013, 8, 1), dt.date(2014, 7, 31)),
    2015: (dt.date(2014, 8, 1), dt.date(2015, 7, 31)),
    2016: (dt.date(2015, 8, 1), dt.date(2016, 7, 31)),
    2017: (dt.date(2016, 8, 1), dt.date(2017, 7, 31)),
}


def _received(source_id: str, folder: Path) -> Path:
    name, form, _ = REPORTS[source_id]
    text = (CORPUS / name).read_text(encoding="utf-8")
    if form == "pdf":
        return compile_typst(report_typ(text), folder / f"{source_id}.pdf")
    if form == "docx":
        return docx_report(text, folder / f"{source_id}.docx")
    shutil.copyfile(CORPUS / name, folder / name)
    return folder / name


def build(tmp: Path, order: tuple[str, ...]) -> ProcessedData:
    root = empty_project(tmp / "project")
    (tmp / "inbox").mkdir()
    for source_id in order:
        year = int(source_id[:4])
        start, end = PERIODS[year]
        add_report(
            root,
            _received(source_id, tmp / "inbox"),
            source_id=source_id,
            lang=REPORTS[source_id][2],
            period_start=str(start),
            period_end=str(end),
        )
    return ProcessedData.from_tables(extract_all(root).tables)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> ProcessedData:
    return build(tmp_path_factory.mktemp("series"), tuple(REPORTS))


def test_periods_are_ordered_by_reporting_period_and_two_languages_are_one(data):
    expected = pl.DataFrame(
        {
            "rank": [1, 2, 3, 4],
            "period_end": [PERIODS[y][1] for y in (2014, 2015, 2016, 2017)],
            "source_id": ["2014-en", "2015-zh", "2016-en", "2017-en"],
            "source_ids": ["2014-en", "2015-zh", "2016-en;2016-zh", "2017-en"],
        }
    )
    got = series.periods(data.sources).select(expected.columns)
    assert_frame_equal(got, expected)


def _series(data: ProcessedData, name: str, subject: str) -> pl.DataFrame:
    return (
        series.trends(data)
        .filter((pl.col("series") == name) & (pl.col("subject") == subject))
        .select("period_end", "value", "qualifier", "source_id", "note")
    )


def test_att_states_parties_never_read_from_not_yet_ratified(data):
    # 2015/16 states only "133 signed, 48 of which have not yet ratified": 85 is derived.
    expected = pl.DataFrame(
        {
            "period_end": [PERIODS[y][1] for y in (2014, 2015, 2016, 2017)],
            "value": [41.0, 72.0, 85.0, 92.0],
            "source_id": ["2014-en", "2015-zh", "2016-en", "2017-en"],
        }
    )
    got = _series(data, "att_states_parties", "att")
    assert_frame_equal(got.select(expected.columns), expected)
    assert got["note"][2].startswith("derived: Arms Trade Treaty signatories minus")
    assert 48.0 not in got["value"].to_list()


def test_att_signatories_trend(data):
    expected = pl.DataFrame(
        {
            "period_end": [PERIODS[y][1] for y in (2014, 2015, 2016, 2017)],
            "value": [118.0, 130.0, 133.0, 135.0],
        }
    )
    assert_frame_equal(_series(data, "att_signatories", "att").select(expected.columns), expected)


def test_unscar_grants_under_every_name_and_not_the_att_fund(data):
    expected = pl.DataFrame(
        {
            "period_end": [PERIODS[y][1] for y in (2014, 2015, 2016, 2017)],
            "value": [1_900_000.0, 2_900_000.0, 2_400_000.0, 2_100_000.0],
            "source_id": ["2014-en", "2016-en", "2016-en", "2017-en"],
        }
    )
    got = _series(data, "unscar_grants_usd", "unscar")
    assert_frame_equal(got.select(expected.columns), expected)
    assert "revised from US$2.8 million in 2015-zh" in got["note"][1]
    projects = _series(data, "unscar_projects_funded", "unscar")["value"].to_list()
    assert projects == [13.0, 16.0, 14.0, 12.0]


def test_a_silent_report_is_a_gap_not_a_zero(data):
    got = _series(data, "weapons_collected", "BDI")
    expected = pl.DataFrame(
        {
            "period_end": [PERIODS[y][1] for y in (2014, 2015, 2016, 2017)],
            "value": [6540.0, None, 2480.0, 1800.0],
            "qualifier": ["exact", None, "exact", "more_than"],
            "source_id": ["2014-en", "2015-zh", "2017-en", "2017-en"],
        }
    )
    assert_frame_equal(got.select(expected.columns), expected)
    assert got["note"][1] == "not stated"


def test_two_language_versions_disagreeing_are_flagged_not_summed(data):
    got = _series(data, "weapons_destroyed", "LBR")
    row = got.filter(pl.col("period_end") == PERIODS[2016][1]).row(0, named=True)
    assert row["value"] == 1630.0
    assert row["source_id"] == "2016-en"
    assert row["note"] == "differs: 1,360 in 2016-zh"


def test_headlines_are_the_latest_period_with_the_previous_and_the_change(data):
    got = series.headlines(data).filter(
        pl.col("series").is_in(["weapons_collected", "weapons_destroyed", "att_states_parties"])
    )
    expected = pl.DataFrame(
        {
            "series": ["weapons_collected", "weapons_destroyed", "att_states_parties"],
            "subject": ["4 places", "3 places", "Arms Trade Treaty"],
            "value": [8210.0, 4915.0, 92.0],
            "source_id": ["2017-en", "2017-en", "2017-en"],
            "period_end": [PERIODS[2017][1]] * 3,
            "previous_value": [4460.0, 7310.0, 85.0],
            "change": [3750.0, -2395.0, 7.0],
        }
    )
    assert_frame_equal(got.select(expected.columns), expected)


def test_no_headline_mixes_reports_and_no_trend_sums_across_periods(data):
    assert not series.headlines(data)["source_id"].str.contains(";").any()
    per_period = series.trends(data).group_by("series", "subject", "period_end").len()
    assert per_period["len"].max() == 1


def test_since_the_previous_report(data):
    got = series.changes(data)
    statuses = dict(
        zip(
            got.select(pl.concat_str("series", pl.lit("/"), "subject")).to_series(),
            got["status"],
            strict=True,
        )
    )
    assert statuses["weapons_destroyed/MNE"] == "new"
    assert statuses["weapons_destroyed/BIH"] == "not restated"
    assert statuses["att_states_parties/att"] == "changed"
    assert "other_quantity" not in set(got["series"].to_list())


@pytest.mark.slow
@pytest.mark.parametrize(
    "order",
    [
        ("2017-en", "2014-en", "2016-zh", "2015-zh", "2016-en"),
        ("2016-zh", "2016-en", "2017-en", "2015-zh", "2014-en"),
    ],
)
def test_the_order_reports_are_added_in_does_not_matter(data, order, tmp_path):
    other = build(tmp_path, order)
    for table in (series.headlines, series.trends, series.changes):
        assert_frame_equal(table(other), table(data))


@pytest.mark.parametrize(("chart_id", "least"), [("trends", 0.8), ("weapons", 0.75)])
def test_a_slide_of_many_panels_is_shrunk_little(data, chart_id, least):
    """Nine trend panels in three rows, fourteen bars in four panels: the picture keeps
    most of its size when fitted to the slide's room."""
    import vl_convert as vlc

    from analysis import deck, topics

    width, height = deck.CHART_SIZE
    for lang in ("en", "zh"):
        drawn = vlc.vegalite_to_scenegraph(
            deck.slide_chart(topics.topic(chart_id), data, lang=lang)
        )
        scale = min(width / drawn["width"], height / drawn["height"])
        assert scale > least, (lang, drawn["width"], drawn["height"])


def test_treaty_bars_last_stated_on_different_dates_name_their_dates(data):
    """Signatories as of 19 July 2017 beside states parties as of 30 June 2017."""
    from analysis.topics import treaties

    rows = treaties._bar_rows(data, "en")
    assert rows["what"].to_list() == [
        "Signatories (19 July 2017)",
        "Ratifications (states parties) (30 June 2017)",
    ]
    assert treaties._subtitle(data, "en").startswith("Each as the latest report states it")


def test_a_comparison_across_a_gap_names_the_earlier_period(two_periods):
    """2014/15 then 2017/18: the headline compares with a named period, not "the previous"."""
    import dataclasses

    from analysis.briefing import facts
    from analysis.topics import headlines

    assert series.earlier_period(two_periods.sources) is None
    later = pl.col("source_id") == "2016-synthetic-en"
    two_years = dt.timedelta(days=731)
    gap = dataclasses.replace(
        two_periods,
        sources=two_periods.sources.with_columns(
            pl.when(later).then(pl.col(c) + two_years).otherwise(pl.col(c)).alias(c)
            for c in ("period_start", "period_end")
        ),
    )
    assert series.earlier_period(gap.sources, "en") == "August 2014 to July 2015"
    assert series.earlier_period(gap.sources, "zh") == "2014 年 8 月至 2015 年 7 月"
    said = facts(gap, "en").top_headline
    assert "in August 2014 to July 2015, the last period reported before it" in said
    assert "previous period" not in said
    assert headlines._previous_column(gap, "en") == "Earlier report (August 2014 to July 2015)"
    assert headlines._previous_column(two_periods, "en") == "Previous period"


def test_a_total_since_a_year_and_a_restated_total_are_no_values_of_a_flow(tmp_path):
    """UNSCAR funded 14 projects this round: not 14 + 70 since 2013 + 14 restated.

    Its last paragraph ends with a footnote mark after the full stop (".¹"): a whole
    report, not a truncated one.
    """
    body = (
        "I. Trust Facility\n\n"
        "1. Since its establishment in 2013, the UN Trust Facility Supporting Cooperation on "
        "Arms Regulation has funded 70 projects. During the reporting period, the Trust "
        "Facility funded 14 projects totalling US$ 3.9 million.¹\n\n"
        "¹ Of the 14 projects, 6 are in Africa.\n"
    )
    data = report_data(tmp_path, body)
    got = series.values(data).filter(pl.col("series").str.starts_with("unscar"))
    assert got.select("series", "value").rows() == [
        ("unscar_grants_usd", 3_900_000.0),
        ("unscar_projects_funded", 14.0),
    ]
    rules = data.assignments.filter(pl.col("series").is_null())["rule"].to_list()
    assert any(r.startswith("near miss: a total since 2013") for r in rules), rules


def test_a_figure_s_clause_is_found_past_a_date_holding_the_same_digits():
    """9 signatories attending, after "30 August to 9 September": its clause says 出席."""
    from analysis.extract._assign import number_clause

    quote = (
        "会议于 2021 年 8 月 30 日至 9 月 3 日在日内瓦举行，89 个缔约国和 9 个签署国出席了会议。"
    )
    assert number_clause(quote, "9") == "89 个缔约国和 9 个签署国出席了会议"


def test_funding_and_stock_statements_that_are_no_value_of_their_series(tmp_path):
    """Two funds together, a breakdown, proposals that were funded, a year's explosions."""
    body = (
        "I. Funding\n\n"
        "1. The 2024 call for proposals of UNSCAR attracted 118 proposals, of which 17 were "
        "funded for a total of US$ 1.6 million. The 17 projects break down as follows: "
        "9 in Africa and 8 in Asia.\n\n"
        "2. During the reporting period, UNSCAR and SALIENT together funded 25 projects, for "
        "a total of US$ 8.4 million.\n\n"
        "3. To date, 108 countries have been affected by unplanned explosions at munitions "
        "sites; explosions were recorded in 9 countries during the reporting period.\n"
    )
    data = report_data(tmp_path, body)
    got = series.values(data).select("series", "value").sort("series")
    assert got.rows() == [
        ("countries_affected_explosions", 108.0),
        ("unscar_grants_usd", 1_600_000.0),
        ("unscar_projects_funded", 17.0),
    ]


def test_a_whole_an_opening_names_first_still_counts(tmp_path):
    """ "Of the 5,000 weapons collected, 3,000 were destroyed": 5,000 is stated only here."""
    body = "I. Weapons\n\n1. Of the 5,000 weapons collected in Burundi, 3,000 were destroyed.\n"
    data = report_data(tmp_path, body)
    got = series.values(data).filter(pl.col("series") == "weapons_collected")
    assert got["value"].to_list() == [5000.0]


def test_a_place_s_figure_is_counted_once_and_a_count_over_several_countries_is_no_place_s(
    tmp_path,
):
    """The narrative and the annex state one destruction in Chile; a footnote shares a
    total out place by place; 6,000 firearms "in three countries" belong to none."""
    body = (
        "I. Destruction\n\n"
        "1. The Centre assisted the destruction of 6,000 firearms in three countries of "
        "South America and trained 240 officials (100 women and 140 men) in Chile.¹\n\n"
        "¹ Chile (3,100 firearms), Peru (1,700) and Bolivia (1,200).\n\n"
        "Annex\n\n"
        "Country\tLegislation and procedures\tStockpile management, marking, record-keeping, "
        "collection/destruction\tTraining/awareness-raising\tOther\n"
        "United Nations Development Programme\n"
        "Chile\t\tDestroyed 3,100 firearms\tTrained 240 officials\t\n"
    )
    data = report_data(tmp_path, body)
    got = (
        series.values(data)
        .filter(pl.col("series").is_in(["weapons_destroyed", "people_trained"]))
        .select("series", "subject", "value")
        .sort("series", "subject")
    )
    expected = pl.DataFrame(
        {
            "series": ["people_trained"] + ["weapons_destroyed"] * 3,
            "subject": ["CHL", "BOL", "CHL", "PER"],
            "value": [240.0, 1200.0, 3100.0, 1700.0],
        }
    )
    assert_frame_equal(got, expected)


def test_the_treaty_s_states_parties_are_its_world_count_not_attendance_or_a_region(tmp_path):
    """113 States parties; not the 101 attending, the 94 parties among them, the 5
    signatories attending, or the 8 Pacific island States that are parties."""
    body = (
        "I. Arms Trade Treaty\n\n"
        "1. As at 31 July 2016, the Arms Trade Treaty had 113 States parties.\n\n"
        "2. The Second Conference of States Parties to the Arms Trade Treaty was attended by "
        "101 States. Among them were 94 States parties, 5 signatory States and 2 observer "
        "States.\n\n"
        "3. Among the 14 Pacific island States, 8 are parties to the Arms Trade Treaty.\n"
    )
    data = report_data(tmp_path, body)
    got = series.values(data).filter(pl.col("subject") == "att").select("series", "value")
    assert_frame_equal(got, pl.DataFrame({"series": ["att_states_parties"], "value": [113.0]}))


def test_a_total_over_listed_places_is_no_place_s_and_the_61_are_the_states_counted_before(
    tmp_path,
):
    """'Chad (1,310), Mali (900) …, for a total of 2,600' adds nothing to Chad; 'Of the 61,
    44 reported' counts States."""
    body = (
        "I. Collection\n\n"
        "1. In the Sahel, weapons were collected in Chad (1,310), Mali (900) and the Niger "
        "(390), for a total of some 2,600.\n\n"
        "2. By May, 61 States had submitted national reports. Of the 61, 44 reported on "
        "marking.\n"
    )
    data = report_data(tmp_path, body)
    got = (
        series.values(data)
        .filter(pl.col("series") == "weapons_collected")
        .select("subject", "value")
        .sort("subject")
    )
    expected = pl.DataFrame({"subject": ["MLI", "NER", "TCD"], "value": [900.0, 390.0, 1310.0]})
    assert_frame_equal(got, expected)
    units = data.figures.filter(pl.col("value").is_in([61.0, 44.0]))["unit"].to_list()
    assert units == ["states", "states", "states"]


def test_a_count_over_a_list_of_places_or_a_region_is_no_place_s_and_one_in_a_place_is_its(
    tmp_path,
):
    """'In Chad, Mali and the Niger, … 8,350' and 'in the region' are no one country's;
    '… and 2,100 in Mali' is Mali's; 'assisted Ghana in destroying a further 900' is Ghana's."""
    body = (
        "I. Destruction\n\n"
        "1. In Chad, Mali and the Niger, UNDP assisted in the destruction of 8,350 weapons.\n\n"
        "2. A total of 5,400 weapons were destroyed in the region.\n\n"
        "3. Of the 4,000 weapons destroyed, 1,900 were destroyed in Chad and 2,100 in Mali. "
        "UNREC also assisted Ghana in destroying a further 900 weapons.\n"
    )
    data = report_data(tmp_path, body)
    got = (
        series.values(data)
        .filter(pl.col("series") == "weapons_destroyed")
        .select("subject", "value")
        .sort("subject")
    )
    expected = pl.DataFrame({"subject": ["GHA", "MLI", "TCD"], "value": [900.0, 2100.0, 1900.0]})
    assert_frame_equal(got, expected)


def test_a_part_of_a_place_s_whole_and_a_count_for_several_countries_add_nothing(tmp_path):
    """'assisted 6 countries in destroying 28,600' is no country's; 'Nearly 700 of the
    weapons collected in Chad' is a part of Chad's 4,100, not more of them."""
    body = (
        "I. Collection\n\n"
        "1. UNREC assisted 6 countries in destroying 28,600 firearms.\n\n"
        "2. UNDP supported the collection of 4,100 weapons in Chad. Nearly 700 of the "
        "weapons collected in Chad were surrendered voluntarily.\n"
    )
    data = report_data(tmp_path, body)
    got = (
        series.values(data)
        .filter(pl.col("series").is_in(["weapons_collected", "weapons_destroyed"]))
        .select("series", "subject", "value")
    )
    expected = pl.DataFrame(
        {"series": ["weapons_collected"], "subject": ["TCD"], "value": [4100.0]}
    )
    assert_frame_equal(got, expected)


def test_money_given_to_or_needed_by_the_facility_and_amounts_each_are_no_grants(tmp_path):
    """Contributions, pledges and needs are not grants awarded; "each with a grant of up to"
    and "the smallest grant" are amounts each; a part after "；" of an opening's whole."""
    body = (
        "I. Funding\n\n"
        "1. UNSCAR selected 12 projects in its 2024 call, each with a grant of up to "
        "US$ 200,000, for a total of US$ 1.9 million. Contributions to UNSCAR totalled "
        "US$ 5.1 million, and Member States pledged a further US$ 2 million.\n\n"
        "2. An estimated US$ 40 million is needed to meet all requests.\n"
    )
    data = report_data(tmp_path, body)
    got = series.values(data).select("series", "value").sort("series")
    assert got.rows() == [("unscar_grants_usd", 1_900_000.0), ("unscar_projects_funded", 12.0)]
