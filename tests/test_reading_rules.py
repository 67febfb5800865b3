"""Reading rules that hold beyond one report: one named rule, one sentence of its kind each.

The sentences are written for these tests (invented figures), in the wording classes that
the Secretary-General's reports use in either language; none is copied from a report.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.extract._figures import FigureReading, read_figure
from analysis.extract._numbers import EXCLUSION_REASONS, find_dates, scan_line
from analysis.extract._report import previous_period
from analysis.reference import load_reference

from .conftest import ROOT, report_data


def readings(sentence: str, lang: str, context: str = "") -> list[FigureReading]:
    ref = load_reference(ROOT)
    tokens, _ = scan_line(sentence)
    figures = [t for t in tokens if t.excluded is None]
    out = []
    unit = None
    for i, token in enumerate(figures):
        following = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        r = read_figure(sentence, token, following, ref, lang, context, unit_before=unit)
        unit = r.unit
        out.append(r)
    return out


def read(sentence: str, lang: str, context: str = "") -> list[tuple]:
    return [(r.value, r.unit, r.qualifier, r.indicator) for r in readings(sentence, lang, context)]


def excluded(sentence: str) -> dict[str, str | None]:
    tokens, _ = scan_line(sentence)
    return {t.text: t.excluded for t in tokens}


# --- numbers written in words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The Office deployed seven assessment missions to the subregion.", 7, "unspecified"),
        ("In all, thirty-one States submitted national reports.", 31, "states"),
        ("Replies were received from thirty one States.", 31, "states"),
        ("The course brought together two hundred and fifty police officers.", 250, "people"),
    ],
)
def test_english_number_words_in_running_text(sentence, value, unit):
    (reading,) = readings(sentence, "en")
    assert (reading.value, reading.unit) == (value, unit)


def test_chinese_percent_in_words():
    assert read("上缴的武器中约有百分之二十无法使用。", "zh")[0][:3] == (
        20,
        "percent",
        "approximately",
    )


def test_number_then_more_then_multiplier():
    assert read("该方案惠及 70 多万人。", "zh") == [
        (700_000, "people", "more_than", "other_quantity")
    ]
    assert read("该方案惠及七十多万人。", "zh")[0][:3] == (700_000, "people", "more_than")


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("全球军费开支达 1.7 万亿美元。", "zh"),
        ("World military spending reached $1.7 trillion.", "en"),
    ],
)
def test_a_trillion_is_read_whole(sentence, lang):
    assert read(sentence, lang)[0][:2] == (1_700_000_000_000, "USD")


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "unit"),
    [
        ("The 12-month project ended in June 2017.", "en", 12, "months"),
        ("A 3-day workshop was held.", "en", 3, "days"),
        ("为期 12 个月的项目于 2017 年 6 月结束。", "zh", 12, "months"),
        ("Phase II of the project covered 14 municipalities.", "en", 14, "localities"),
        ("第二阶段项目覆盖 14 个城市。", "zh", 14, "localities"),
    ],
)
def test_a_duration_joined_to_its_noun_and_localities_are_counted_as_such(
    sentence, lang, value, unit
):
    assert read(sentence, lang)[0][:2] == (value, unit)


def test_people_who_received_training_were_trained():
    assert read("共有 5 000 多名人员受训。", "zh") == [
        (5000, "people", "more_than", "people_trained")
    ]


@pytest.mark.parametrize(
    ("sentence", "lang", "qualifier"),
    [
        ("培训了不少于 20 名海关官员。", "zh", "at_least"),
        ("培训了少于 20 名海关官员。", "zh", "less_than"),
        ("每期课程不超过 30 名学员。", "zh", "at_most"),
        ("No fewer than 12 States reported seizures.", "en", "at_least"),
        ("Not more than 40 participants may attend.", "en", "at_most"),
        ("赠款总额约为 220 万美元。", "zh", "approximately"),
        ("估计有 50 万件非法武器在流通。", "zh", "approximately"),
        ("该条约为 105 个国家提供了框架。", "zh", "exact"),
        ("在纽约为 25 名外交官举办了培训。", "zh", "exact"),
    ],
)
def test_the_longest_qualifier_word_wins(sentence, lang, qualifier):
    assert readings(sentence, lang)[0].qualifier == qualifier


@pytest.mark.parametrize(
    ("sentence", "vague"),
    [
        ("数十名警察参加了培训。", "数十"),
        ("收缴了数百件武器。", "数百"),
        ("Dozens of weapons were handed in.", "Dozens of"),
        ("Several hundred rounds were found.", "Several hundred"),
    ],
)
def test_vague_quantities_are_no_figure(sentence, vague):
    tokens, _ = scan_line(sentence)
    assert [(t.text, t.excluded) for t in tokens] == [(vague, "vague_quantity")]


# --- ranges ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "low", "high", "unit"),
    [
        ("Each course trained between 15 and 25 officers.", "en", 15, 25, "people"),
        ("Between 2,000 and 3,000 weapons are thought to circulate.", "en", 2000, 3000, "weapons"),
        ("The meetings drew from 200 to 260 participants.", "en", 200, 260, "people"),
        ("每期培训 15 至 25 名边防人员。", "zh", 15, 25, "people"),
        ("Grants ranged from US$ 40,000 to US$ 180,000.", "en", 40_000, 180_000, "USD"),
        ("Grants ranged from US$ 1.2 to 1.5 million.", "en", 1_200_000, 1_500_000, "USD"),
        ("销毁了 120 万至 150 万发弹药。", "zh", 1_200_000, 1_500_000, "ammunition"),
    ],
)
def test_a_range_is_one_figure_with_two_bounds(sentence, lang, low, high, unit):
    (reading,) = readings(sentence, lang)
    assert (reading.value, reading.value_high, reading.qualifier, reading.unit) == (
        low,
        high,
        "range",
        unit,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Attendance increased from 200 to 260 participants.",
        "The number fell from 260 to 200 participants.",
        "It trained 15 and 25 officers respectively.",
    ],
)
def test_a_change_or_a_pair_is_not_a_range(sentence):
    assert [r.qualifier for r in readings(sentence, "en")] == ["exact", "exact"]


# --- numbers that are no figure --------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "token", "reason"),
    [
        ("progress towards Goal 16 and target 16.4", "16", "goal_number"),
        ("progress towards Goal 16 and target 16.4", "16.4", "goal_number"),
        ("data for indicator 16.4.2 were collected", "16.4", "goal_number"),
        ("data for indicator 16.4.2 were collected", "2", "goal_number"),
        ("可持续发展目标具体目标 16.4 的进展", "16.4", "goal_number"),
        ("在指标 16.4.2 方面", "16.4", "goal_number"),
        ("in line with ISACS 05.30 and IATG 01.10", "05.30", "standard_number"),
        ("in line with ISACS 05.30 and IATG 01.10", "01.10", "standard_number"),
        ("a laboratory accredited under ISO 17025", "17025", "standard_number"),
        ("the hotline is staffed around the clock, 24 hours a day", "24", "time_of_day"),
        ("the meeting opened at 10 a.m. on Monday", "10", "time_of_day"),
        ("the depot is guarded 24/7", "24", "time_of_day"),
        ("United Nations, Treaty Series, vol. 2189, No. 38544", "2189", "citation_number"),
        ("United Nations, Treaty Series, vol. 2189, No. 38544", "38544", "citation_number"),
        ("see the study, pp. 45-47", "45", "citation_number"),
        ("见该研究第 45 页", "45", "citation_number"),
        ("under article 7 (4) of the Treaty", "7", "paragraph_reference"),
        ("as set out in paragraphs 8 to 10 of the resolution", "10", "paragraph_reference"),
        ("a contribution to aspiration 4 of Agenda 2063", "4", "goal_number"),
        ("seizures of 3D-printed weapons rose", "3", "name_number"),
        ("young people aged 15 to 29 are most affected", "29", "age"),
        ("children under the age of 18", "18", "age"),
        ("15 至 24 岁的青年", "15", "age"),
    ],
)
def test_numbering_is_excluded_for_its_reason(sentence, token, reason):
    assert excluded(sentence)[token] == reason
    assert reason in EXCLUSION_REASONS


def test_a_count_near_a_goal_number_is_still_a_figure():
    tokens = excluded("Under target 16.4, 45 countries reported seizures.")
    assert tokens == {"16.4": "goal_number", "45": None}


# --- units and indicators --------------------------------------------------------------


def test_a_label_and_colon_name_the_unit():
    assert read("Rifles collected: 420; ammunition destroyed: 9,000", "en") == [
        (420, "weapons", "exact", "weapons_collected"),
        (9000, "ammunition", "exact", "ammunition_destroyed"),
    ]


def test_the_number_of_names_the_unit():
    sentence = "The number of firearms seized at the border, reported earlier as 310, stands."
    assert read(sentence, "en")[0][:2] == (310, "weapons")


def test_the_head_of_a_compound_noun_is_its_last_noun():
    assert read("The centre trained 25 weapons management officials.", "en") == [
        (25, "people", "exact", "people_trained")
    ]


def test_a_noun_of_its_own_stops_the_previous_unit():
    units = [r.unit for r in readings("Collected 900 weapons in 4 districts.", "en")]
    assert units == ["weapons", "localities"]
    units = [r.unit for r in readings("Collected 900 weapons in 4 zones.", "en")]
    assert units == ["weapons", "unspecified"]
    elliptical = readings("95 States have signed, of which 60 have ratified.", "en")
    assert elliptical[1].unit == "states"


def test_countries_that_sign_a_treaty_are_states():
    sentence = "迄今已有 95 个国家批准了该条约。"
    assert read(sentence, "zh", "《武器贸易条约》") == [
        (95, "states", "exact", "att_ratifications")
    ]


def test_states_parties_and_yet_to_ratify():
    context = "Arms Trade Treaty"
    assert read("The Treaty now has 110 States parties.", "en", context)[0][3] == (
        "att_ratifications"
    )
    got = read("Some 140 States have signed it, 30 of which have yet to ratify it.", "en", context)
    assert [g[3] for g in got] == ["att_signatories", "att_pending_ratification"]


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("He encouraged the 52 Member States that are not yet parties to the Treaty.", "en"),
        ("He urged the 60 States that have yet to join the Arms Trade Treaty to do so.", "en"),
        ("Some 70 States remain outside the Arms Trade Treaty.", "en"),
        ("秘书长鼓励其余 70 个尚未加入《武器贸易条约》的会员国考虑加入。", "zh"),
        ("目前仍有 70 个国家不是《武器贸易条约》缔约国。", "zh"),
    ],
)
def test_states_not_yet_parties_are_no_ratifications(sentence, lang):
    ((_, unit, _, indicator),) = read(sentence, lang, "Arms Trade Treaty 武器贸易条约")
    assert (unit, indicator) == ("states", "att_non_parties")


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("举办了 3 次《武器贸易条约》讲习班。", "workshops"),
        ("其余 70 个尚未加入《武器贸易条约》的会员国", "states"),
        ("发布了 2 份《小武器和轻武器》报告。", "unspecified"),
    ],
)
def test_a_counts_noun_after_a_title_is_read_but_none_inside_it(sentence, unit):
    assert read(sentence, "zh")[0][1] == unit


@pytest.mark.parametrize(
    ("sentence", "lang", "indicators"),
    [
        (
            "104 States had become parties to the Treaty, and a further 33 States had "
            "signed but not yet ratified it.",
            "en",
            ["att_ratifications", "att_pending_ratification"],
        ),
        (
            "已有 104 个国家成为该条约缔约方，另有 33 个国家已签署但尚未批准该条约。",
            "zh",
            ["att_ratifications", "att_pending_ratification"],
        ),
    ],
)
def test_parties_to_a_treaty_and_signed_but_not_ratified(sentence, lang, indicators):
    """Became parties to is a ratification; "signed but not yet ratified" is not signing."""
    assert [g[3] for g in read(sentence, lang, "Arms Trade Treaty")] == indicators


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Former combatants handed over some 8,994 weapons to the mission.", "en"),
        ("前战斗人员向特派团交出了约 8 994 件武器。", "zh"),
    ],
)
def test_weapons_handed_over_are_collected(sentence, lang):
    assert read(sentence, lang) == [(8994, "weapons", "approximately", "weapons_collected")]


def test_ammunition_by_weight_is_material_disposed_of_however_worded():
    for sentence, lang in [
        ("The mission supported the destruction of 45 tons of ammunition.", "en"),
        ("The mission destroyed 45 tonnes of obsolete ammunition.", "en"),
        ("特派团协助销毁了 45 吨弹药。", "zh"),
    ]:
        assert read(sentence, lang) == [(45, "tonnes", "exact", "material_disposed_kg")]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (
            "The Centre provided 3 marking machines to the national commission.",
            "en",
            [(3, "marking_machines", "exact", "marking_machines_provided")],
        ),
        (
            "裁军事务厅向该国提供了 3 台标识机。",
            "zh",
            [(3, "marking_machines", "exact", "marking_machines_provided")],
        ),
        (
            "UNDP secured 4 storage facilities and rehabilitated 5 depots.",
            "en",
            [
                (4, "storage_sites", "exact", "storage_sites_secured"),
                (5, "storage_sites", "exact", "storage_sites_secured"),
            ],
        ),
        (
            "裁军事务厅在 15 个国家开展了 40 多项活动。",
            "zh",
            [
                (15, "countries", "exact", "countries"),
                (40, "activities", "more_than", "other_quantity"),
            ],
        ),
    ],
)
def test_machines_depots_and_activities_are_counted_as_such(sentence, lang, expected):
    assert read(sentence, lang) == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "currency"),
    [
        ("Switzerland pledged CHF 200,000 to the project.", "en", 200_000, "CHF"),
        ("Switzerland pledged 200,000 Swiss francs to the project.", "en", 200_000, "CHF"),
        ("瑞士认捐 20 万瑞士法郎。", "zh", 200_000, "CHF"),
        ("Canada gave 1.5 million Canadian dollars.", "en", 1_500_000, "CAD"),
        ("The project received $1.2 million from Japan.", "en", 1_200_000, "USD"),
        ("挪威向该基金捐款 100 万欧元。", "zh", 1_000_000, "EUR"),
    ],
)
def test_money_is_read_in_its_currency(sentence, lang, value, currency):
    assert read(sentence, lang)[0][:2] == (value, currency)


def test_a_request_for_assistance_is_not_assistance():
    got = read("It received requests for assistance from 14 countries.", "en")
    assert got[0][3] == "countries_requesting"
    got = read("已收到 14 个国家的援助请求，并向其中 9 个国家派遣了专家。", "zh")
    assert [g[3] for g in got] == ["countries_requesting", "countries_assisted"]


def test_proposals_are_counted_as_proposals():
    assert read("The call attracted 210 proposals from civil society organizations.", "en") == [
        (210, "proposals", "exact", "proposals_received")
    ]


# --- parts, revisions and sentences ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "flagged"),
    [
        ("Destroyed 1,200 weapons (including 75 mortars).", "en", [False, True]),
        ("Of the 20 projects, 11 are in Asia.", "en", [False, True]),
        ("5 of the 20 projects are in Asia.", "en", [True, False]),
        ("其中 6 个项目在亚洲实施，赠款合计 90 万美元。", "zh", [True, True]),
    ],
)
def test_a_part_of_a_total_is_flagged(sentence, lang, flagged):
    got = ["part_of_total" in r.flags for r in readings(sentence, lang)]
    assert got == flagged


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("The total, given earlier as 1,400 weapons, has been revised to 1,520 weapons.", "en"),
        ("The figure was revised from 1,400 to 1,520 weapons.", "en"),
        ("上一份报告所载数字为 1 400 件武器，现已修订为 1 520 件武器。", "zh"),
    ],
)
def test_the_value_a_revision_replaces_is_flagged(sentence, lang):
    got = ["superseded_value" in r.flags for r in readings(sentence, lang)]
    assert got == [True, False]


def test_a_footnote_mark_after_a_full_stop_ends_the_sentence():
    line = "Grants totalled US$ 1.1 million.³ The remaining US$ 0.4 million was returned."
    quotes = [r.quote for r in readings(line, "en")]
    assert quotes == [
        "Grants totalled US$ 1.1 million.",
        "The remaining US$ 0.4 million was returned.",
    ]


def test_a_revision_restates_the_measure_of_the_sentence_before():
    line = (
        "In 2019, the fund awarded grants totalling US$ 3 million. The total for 2018, "
        "given earlier as US$ 2.5 million, has since been revised to US$ 2.6 million."
    )
    assert [r.indicator for r in readings(line, "en")] == ["grant_amount"] * 3


# --- periods -------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["August 2018–July 2019", "August 2018 to July 2019"])
def test_an_annex_title_period_is_one_period(title):
    (span,) = find_dates(f"Activities carried out, {title}")
    assert (span.date_start, span.date_end) == (dt.date(2018, 8, 1), dt.date(2019, 7, 31))


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("The courses ran from 1 March to 30 April 2017.", (2017, 3, 1), (2017, 4, 30)),
        ("Between 1 March and 30 April 2017, courses ran.", (2017, 3, 1), (2017, 4, 30)),
        ("The campaign ran from March to June 2017.", (2017, 3, 1), (2017, 6, 30)),
        ("It ran between 1 March 2016 and 30 April 2017.", (2016, 3, 1), (2017, 4, 30)),
        ("From December to March 2017, it ran.", (2016, 12, 1), (2017, 3, 31)),
        ("课程于 3 月 1 日至 2017 年 4 月 30 日举办。", (2017, 3, 1), (2017, 4, 30)),
    ],
)
def test_a_range_whose_start_has_no_year_takes_the_year_of_its_end(sentence, start, end):
    (span,) = find_dates(sentence)
    assert (span.date_start, span.date_end) == (dt.date(*start), dt.date(*end))


def test_a_month_without_a_year_that_opens_no_range_is_no_date():
    assert [s.text for s in find_dates("In March and on 5 April 2017 it met.")] == ["5 April 2017"]


@pytest.mark.parametrize(
    ("sentence", "lang", "figures"),
    [
        ("The workshop, held on 12 May, trained 40 officers.", "en", [40]),
        ("By 31 July, 110 States had joined the Treaty.", "en", [110]),
        ("From 3 to 5 June, 45 officers were trained.", "en", [45]),
        ("会议于 8 月 31 日至 9 月 4 日举行，30 名专家出席。", "zh", [30]),
    ],
)
def test_a_day_of_a_month_without_its_year_is_no_figure_and_dates_nothing(sentence, lang, figures):
    assert [r[0] for r in read(sentence, lang)] == figures
    assert all(span.date_start is None for span in find_dates(sentence))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("From 1 March to 30 April 2019, the Centre trained 120 police officers.", "training"),
        (
            "In its resolution 73/69 of 5 December 2018, the Assembly requested a report.",
            "adoption",
        ),
        ("大会在 2018 年 12 月 5 日第 73/69 号决议中请秘书长提交报告。", "adoption"),
        ("The Review Conference was held in New York from 18 to 29 June 2018.", "meeting"),
        ("2015 年 6 月，该中心发布了一份关于武器标识的手册。", "publication"),
        ("In May 2015, UNDP signed an agreement with the Government.", "signature"),
        ("In June 2015, 15 States ratified the Treaty.", "ratification"),
        ("As at 30 June 2017, 130 States had signed the Treaty.", None),
        ("截至 2015 年 7 月 31 日，已有 130 个国家签署《武器贸易条约》。", None),
        # a start counted from, a deadline or target, a period of data: no event
        ("No fewer than 220 officers have been trained since 2015.", None),
        ("自 2013 年设立以来，信托基金已资助 70 余个项目。", "establishment"),
        ("自 2014 年以来，该中心培训了 300 名官员。", None),
        ("A roadmap to reduce trafficking was adopted, with targets to be met by 2024.", None),
        ("该报告介绍了各国在 2016 至 2017 年期间收缴枪支的情况。", None),
        ("会议自 2018 年 3 月 19 日至 23 日举行。", "meeting"),
    ],
)
def test_a_dated_clause_is_typed_by_its_nearest_event_word(sentence, kind):
    from analysis.extract._events import event_type

    (span,) = find_dates(sentence)
    types = load_reference(ROOT).vocabulary.event_types
    assert event_type(sentence, span, 0, types) == kind


def test_the_reporting_period_itself_is_no_event():
    from analysis.extract._events import event_type

    sentence = "大会通过第 72/57 号决议后，2017 年 8 月至 2018 年 7 月的执行情况如下。"
    (span,) = find_dates(sentence)
    types = load_reference(ROOT).vocabulary.event_types
    assert event_type(sentence, span, 0, types) == "adoption"
    period = (dt.date(2017, 8, 1), dt.date(2018, 7, 31))
    assert event_type(sentence, span, 0, types, period=period) is None


def test_a_restatement_is_dated_to_the_previous_period():
    assert previous_period(dt.date(2018, 8, 1), dt.date(2019, 7, 31)) == (
        dt.date(2017, 8, 1),
        dt.date(2018, 7, 31),
    )
    assert previous_period(dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == (
        dt.date(2018, 1, 1),
        dt.date(2018, 12, 31),
    )


# --- places ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "english", "iso3"),
    [
        ("Côte d’Ivoire", "Côte d'Ivoire", "CIV"),
        ("The former Yugoslav Republic of Macedonia*", "North Macedonia", "MKD"),
        ("Swaziland", "Eswatini", "SWZ"),
        ("Economic Community of West African States", None, None),
    ],
)
def test_row_labels_a_library_knows_resolve(label, english, iso3):
    from analysis.extract._places import resolve_label

    subject = resolve_label(label, load_reference(ROOT))
    assert "unknown_place" not in subject.flags
    if iso3:
        assert (subject.english, subject.iso3) == (english, iso3)
    else:
        assert subject.kind == "organisation"


def test_a_typographic_apostrophe_is_found_in_running_text():
    from analysis.extract._places import subject_from_text

    subject = subject_from_text(["Collected 30 weapons in Côte d’Ivoire."], load_reference(ROOT))
    assert subject is not None and subject.iso3 == "CIV"


@pytest.mark.parametrize(
    ("header", "category"),
    [
        ("Legislation and procedures", "legislation_procedures"),
        ("Policy and normative frameworks", "legislation_procedures"),
        ("立法和程序", "legislation_procedures"),
        (
            "Stockpile management, marking, record-keeping, collection/destruction",
            "stockpile_management",
        ),
        ("Weapons and ammunition management", "stockpile_management"),
        ("储存管理、标识、记录保存、收集/销毁", "stockpile_management"),
        ("Training/awareness-raising", "training_awareness"),
        ("Capacity-building", "training_awareness"),
        ("能力建设", "training_awareness"),
        ("Other", "other"),
    ],
)
def test_an_annex_column_worded_another_way_keeps_its_category(header, category):
    from analysis.extract._report import _category_code

    assert _category_code(load_reference(ROOT), header, 1) == category


@pytest.mark.parametrize(
    ("written", "entity", "group"),
    [
        ("Department of Peace Operations/United Nations Mine Action Service", "DPO/UNMAS", "UNMAS"),
        ("和平行动部/联合国地雷行动处", "DPO/UNMAS", "UNMAS"),
        ("Department of Peacekeeping Operations", "DPKO", "DPKO"),
        ("International Organization for Migration", "IOM", "IOM"),
        ("政治和建设和平事务部", "DPPA", "DPPA"),
    ],
)
def test_un_entities_under_their_current_and_former_names(written, entity, group):
    """The 2019 reform renamed departments (DPKO to DPO): both names are known."""
    assert load_reference(ROOT).entity(written) == (entity, group)


@pytest.mark.parametrize(
    ("written", "english"),
    [
        ("Venezuela", "Venezuela (Bolivarian Republic of)"),
        ("委内瑞拉玻利瓦尔共和国", "Venezuela (Bolivarian Republic of)"),
        ("Syria", "Syrian Arab Republic"),
        ("阿拉伯叙利亚共和国", "Syrian Arab Republic"),
        ("Laos", "Lao People's Democratic Republic"),
        ("Viet Nam", "Viet Nam"),
        ("越南", "Viet Nam"),
        ("苏丹(达尔富尔)", "Sudan (Darfur)"),
        ("苏丹", "Sudan"),
    ],
)
def test_a_country_has_one_english_name_however_it_is_written(written, english):
    """Every name of a country gives its UN name, so a country is one subject across reports."""
    from analysis.extract._places import resolve_label

    assert resolve_label(written, load_reference(ROOT)).english == english


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("萨赫勒区域", "Sahel"),
        ("Sahel region", "Sahel"),
        ("大湖区域", "Great Lakes region"),
        ("巴尔干", "Balkans"),
    ],
)
def test_a_region_with_its_region_word_reads_whole(label, english):
    from analysis.extract._places import resolve_label

    subject = resolve_label(label, load_reference(ROOT))
    assert (subject.english, subject.kind, subject.flags) == (english, "region", ())


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (
            "UNMAS disposed of 1,200 items of unexploded ordnance.",
            "en",
            (1200, "explosive_items", "exact", "explosives_destroyed"),
        ),
        (
            "处置了 1 200 件未爆弹药。",
            "zh",
            (1200, "explosive_items", "exact", "explosives_destroyed"),
        ),
        (
            "The police seized 340 illegal firearms.",
            "en",
            (340, "weapons", "exact", "weapons_collected"),
        ),
        ("警方缴获 340 件非法枪支。", "zh", (340, "weapons", "exact", "weapons_collected")),
        (
            "The programme reached 3,000 ex-combatants.",
            "en",
            (3000, "people", "exact", "other_quantity"),
        ),
        (
            "Eight police stations were equipped.",
            "en",
            (8, "facilities", "exact", "other_quantity"),
        ),
    ],
)
def test_ordnance_seizures_combatants_and_facilities(sentence, lang, expected):
    assert read(sentence, lang)[0] == expected


_ATT = "《武器贸易条约》 Arms Trade Treaty"


@pytest.mark.parametrize(
    ("sentence", "lang", "context", "expected"),
    [
        # the number's own noun names what it counts, before a keyword earlier in the clause
        (
            "该条约已有 97 个缔约国和 130 个签署国，另有 41 个国家已签署但尚未批准该条约。",
            "zh",
            _ATT,
            [
                (97, "states", "exact", "att_ratifications"),
                (130, "states", "exact", "att_signatories"),
                (41, "states", "exact", "att_pending_ratification"),
            ],
        ),
        (
            "The Treaty had 110 States parties, 130 signatories and 31 signatories that have "
            "yet to ratify it.",
            "en",
            _ATT,
            [
                (110, "states", "exact", "att_ratifications"),
                (130, "states", "exact", "att_signatories"),
                (31, "states", "exact", "att_pending_ratification"),
            ],
        ),
        # ... but not beyond its predicate, nor as a modifier of another noun
        (
            "另有 43 个签署国尚未批准该条约。",
            "zh",
            _ATT,
            [(43, "states", "exact", "att_pending_ratification")],
        ),
        (
            "A further 43 signatory States have yet to ratify it.",
            "en",
            _ATT,
            [(43, "states", "exact", "att_pending_ratification")],
        ),
        # ... unless it only describes the noun: 没收的 (confiscated) weapons were destroyed
        ("支持销毁 900 件没收的武器。", "zh", "", [(900, "weapons", "exact", "weapons_destroyed")]),
        # States parties that reported are not a count of States parties
        (
            "共有 54 个缔约国提交了 2017 年度报告。",
            "zh",
            _ATT,
            [(54, "states", "exact", "states_reporting")],
        ),
        (
            "In 2018, 54 States parties submitted their annual reports.",
            "en",
            _ATT,
            [(54, "states", "exact", "states_reporting")],
        ),
        # a Chinese count after its noun: 武器 640 件, 枪支逾 55 万件, 受益国家逾 80 个
        ("回收武器 640 件", "zh", "", [(640, "weapons", "exact", "weapons_collected")]),
        (
            "共收缴枪支逾 55 万件。",
            "zh",
            "",
            [(550_000, "weapons", "more_than", "weapons_collected")],
        ),
        (
            "被销毁的小武器达 1.2 万件。",
            "zh",
            "",
            [(12_000, "weapons", "exact", "weapons_destroyed")],
        ),
        ("受益国家逾 80 个。", "zh", "", [(80, "countries", "more_than", "countries_assisted")]),
        ("培训分十期举行。", "zh", "", [(10, "courses", "exact", "courses_held")]),
        ("项目分两期实施。", "zh", "", [(2, "unspecified", "exact", "other_quantity")]),
        ("举行了十二次非正式磋商。", "zh", "", [(12, "meetings", "exact", "meetings_held")]),
        # numbers that are no quantity: in a title, a decision number, a name, a version
        ("发布了题为《到 2030 年将武装暴力减少 50%》的政策简报。", "zh", "", []),
        (
            "根据理事会第 2017/2399 号决定提供了 120 万欧元。",
            "zh",
            "",
            [(1_200_000, "EUR", "exact", "grant_amount")],
        ),
        (
            "During the COVID-19 pandemic, 12 meetings were held online.",
            "en",
            "",
            [(12, "meetings", "exact", "meetings_held")],
        ),
        ("The third edition of the guidelines is available (version 3).", "en", "", []),
        # English number words: dozens, spans of time made adjectives; "handed over"
        (
            "Some two dozen experts took part.",
            "en",
            "",
            [(24, "people", "approximately", "people_convened")],
        ),
        (
            "UNREC continued a three-year project.",
            "en",
            "",
            [(3, "years", "exact", "duration_years")],
        ),
        (
            "The Government handed over 1,020 weapons.",
            "en",
            "",
            [(1020, "weapons", "exact", "weapons_collected")],
        ),
        # a verb after the number: no noun of its own, the previous figure's unit
        (
            "Some 12,500 weapons were collected, of which 4,300 were handed in by former members.",
            "en",
            "",
            [
                (12_500, "weapons", "approximately", "weapons_collected"),
                (4300, "weapons", "exact", "weapons_collected"),
            ],
        ),
        ("UNODC trained 85 prosecutors.", "en", "", [(85, "people", "exact", "people_trained")]),
        # round two: bare 千/万 with 余 or 逾, shares, changes, lists, money then a count
        ("共培训千余名执法人员。", "zh", "", [(1000, "people", "more_than", "people_trained")]),
        (
            "当局共收缴各类武器逾千件、弹药 4.5 万发。",
            "zh",
            "",
            [
                (1000, "weapons", "more_than", "weapons_collected"),
                (45_000, "ammunition", "exact", "ammunition_collected"),
            ],
        ),
        ("共收缴武器万余件。", "zh", "", [(10_000, "weapons", "more_than", "weapons_collected")]),
        (
            "各国销毁了 1.5 万余件武器。",
            "zh",
            "",
            [(15_000, "weapons", "more_than", "weapons_destroyed")],
        ),
        (
            "就 2010 日历年提交了 40 份报告。",
            "zh",
            "",
            [(40, "unspecified", "exact", "other_quantity")],
        ),
        ("在 2 个省收缴了武器。", "zh", "", [(2, "localities", "exact", "other_quantity")]),
        (
            "根据第 2010/336/CFSP 号决定举办了 6 次研讨会。",
            "zh",
            "",
            [(6, "workshops", "exact", "workshops_held")],
        ),
        ("三分之一的国家已完成评估。", "zh", "", [(33.33, "percent", "exact", "percentage")]),
        ("其中女性占两成。", "zh", "", [(20, "percent", "exact", "percentage")]),
        (
            "Roughly one in ten weapons seized had been diverted.",
            "en",
            "",
            [(10, "percent", "approximately", "percentage")],
        ),
        (
            "Replies came from eleven regional and subregional organizations.",
            "en",
            "",
            [(11, "organisations", "exact", "organisations")],
        ),
        (
            "Two thirds of the reports mentioned marking.",
            "en",
            "",
            [(66.67, "percent", "exact", "percentage")],
        ),
        (
            "Almost half of them were women.",
            "en",
            "",
            [(50, "percent", "approximately", "percentage")],
        ),
        (
            "提交了国家报告的国家从 2018 年的 120 个增至 150 个。",
            "zh",
            "",
            [
                (120, "countries", "exact", "states_reporting"),
                (150, "countries", "exact", "states_reporting"),
            ],
        ),
        (
            "协调行动机制的成员实体增至 25 个。",
            "zh",
            "",
            [(25, "entities", "exact", "un_entities")],
        ),
        (
            "金额在 50 万美元以上的有 3 个。",
            "zh",
            "",
            [
                (500_000, "USD", "more_than", "other_quantity"),
                (3, "unspecified", "exact", "other_quantity"),
            ],
        ),
        (
            "举办了 3 期为期三天的讲习班。",
            "zh",
            "",
            [(3, "workshops", "exact", "workshops_held"), (3, "days", "exact", "duration_years")],
        ),
        (
            "完成了 5 项国家武器和弹药管理基线评估。",
            "zh",
            "",
            [(5, "activities", "exact", "other_quantity")],
        ),
        (
            "向 9 个受冲突影响社区的妇女团体提供赠款。",
            "zh",
            "",
            [(9, "localities", "exact", "other_quantity")],
        ),
        (
            "另有 31 个国家签署了条约，但尚未批准。",
            "zh",
            _ATT,
            [(31, "states", "exact", "att_pending_ratification")],
        ),
        ("汇总情况见表 1，致电 (+43-1) 2606-5555。", "zh", "", []),
        (
            "As at 31 July 2024, 116 States had joined the Arms Trade Treaty, and 25 had signed "
            "the Treaty but had not yet ratified it.",
            "en",
            _ATT,
            [
                (116, "states", "exact", "att_ratifications"),
                (25, "states", "exact", "att_pending_ratification"),
            ],
        ),
        (
            "Representatives of 40 States joined the meeting.",
            "en",
            _ATT,
            [(40, "states", "exact", "countries")],
        ),
        (
            "The working group held 4 rounds of meetings.",
            "en",
            "",
            [(4, "meetings", "exact", "meetings_held")],
        ),
        (
            "It approved 11 projects, bringing to 109 the number of projects it has supported.",
            "en",
            "",
            [(11, "projects", "exact", "projects"), (109, "projects", "exact", "projects")],
        ),
        (
            "平民保护点收缴的 260 件武器已全部销毁。",
            "zh",
            "",
            [(260, "weapons", "exact", "weapons_destroyed")],
        ),
        (
            "受弹药库意外爆炸影响的国家已达 108 个。",
            "zh",
            "",
            [(108, "countries", "exact", "countries_affected_explosions")],
        ),
        # the same report in both languages: the same reading
        (
            "All 260 weapons collected at the sites have been destroyed.",
            "en",
            "",
            [(260, "weapons", "exact", "weapons_destroyed")],
        ),
        (
            "加勒比共同体 15 个成员国中已有 13 个任命了国家协调员。",
            "zh",
            "",
            [(15, "states", "exact", "countries"), (13, "states", "exact", "countries")],
        ),
        (
            "They marked 5,000 police weapons.",
            "en",
            "",
            [(5000, "weapons", "exact", "weapons_marked")],
        ),
        (
            "UNMAS built 1 ammunition depot.",
            "en",
            "",
            [(1, "storage_sites", "exact", "storage_sites_secured")],
        ),
        (
            "By May, 52 States parties had submitted their annual reports.",
            "en",
            _ATT,
            [(52, "states", "exact", "states_reporting")],
        ),
        # round three: a ^{n} footnote mark, a range of paragraphs, 项目 that is no agenda
        # item, 近四成
        (
            "累计金额约 2 600 万美元^{4}。",
            "zh",
            "",
            [(26_000_000, "USD", "approximately", "other_quantity")],
        ),
        ("另见第 41 至 45 段。", "zh", "", []),
        ("其中近四成为工艺枪支。", "zh", "", [(40, "percent", "approximately", "percentage")]),
        # a page's foot left in the text (a job number and the page)
        ("weapons were collected 21-10234\t3/30 in the provinces", "en", "", []),
        (
            "97 national reports were submitted, up from 80 the previous year.",
            "en",
            "",
            [
                (97, "unspecified", "exact", "other_quantity"),
                (80, "unspecified", "exact", "other_quantity"),
            ],
        ),
        (
            "Consultations with 100-plus Member States.",
            "en",
            "",
            [(100, "states", "more_than", "countries")],
        ),
        (
            "Supported 8 women's civil society organizations.",
            "en",
            "",
            [(8, "organisations", "exact", "organisations")],
        ),
        (
            "Weapons recovered from former combatants: 6,500+",
            "en",
            "",
            [(6500, "weapons", "more_than", "weapons_collected")],
        ),
    ],
)
def test_wordings_of_later_reports(sentence, lang, context, expected):
    assert read(sentence, lang, context) == expected


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Of the 14 projects, 6 are being implemented in Africa.", "en"),
        ("在 14 个获资助项目中，有 6 个在非洲实施。", "zh"),
    ],
)
def test_the_whole_an_opening_restates_is_flagged_and_the_rest_are_parts(sentence, lang):
    whole, part = readings(sentence, lang)
    assert (whole.value, whole.flags) == (14, ("restates_total",))
    assert part.value == 6 and "part_of_total" in part.flags


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Of the 193 Member States, 102 submitted national reports in 2016.", "en"),
        ("在 193 个会员国中，有 102 个在 2016 年提交了国家报告。", "zh"),
    ],
)
def test_what_the_part_did_is_not_said_of_the_whole(sentence, lang):
    assert read(sentence, lang) == [
        (193, "states", "exact", "countries"),
        (102, "states", "exact", "states_reporting"),
    ]


def test_a_past_verb_after_a_number_is_its_predicate_not_its_noun():
    got = read("Some 30 States signed, and 25 deposited instruments of ratification.", "en")
    assert got[1][1] == "states"
    assert read("Police recovered 782 confiscated weapons.", "en")[0][1] == "weapons"


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("Trained 28 personnel in ammunition management over 2 weeks.", "exact"),
        ("The project was implemented over 18 months.", "exact"),
        ("The conflict lasted over 10 years.", "more_than"),
        ("It has run for over 2 years.", "more_than"),
        ("The armed violence of over 20 years had taken its toll.", "more_than"),
        ("Courses lasting more than 2 weeks were held.", "more_than"),
    ],
)
def test_over_before_a_span_of_time_says_when_unless_asked_how_long(sentence, qualifier):
    assert read(sentence, "en")[-1][2] == qualifier


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        (
            "Of those, 1,200 weapons, which had been collected in two towns and kept for "
            "months in temporary storage, were subsequently destroyed in public.",
            "weapons_destroyed",
        ),
        ("The Mission collected 300 weapons, which were destroyed.", "weapons_collected"),
    ],
)
def test_an_aside_between_commas_describes_the_things_counted(sentence, indicator):
    assert read(sentence, "en")[0][3] == indicator


@pytest.mark.parametrize(
    ("sentence", "context", "expected"),
    [
        (
            "收回各类武器 3.5 万件左右。",
            "",
            [(35_000, "weapons", "approximately", "weapons_collected")],
        ),
        ("至少有 60 个国家提交了报告。", "", [(60, "countries", "at_least", "states_reporting")]),
        ("妇女约占百分之十八。", "", [(18, "percent", "approximately", "percentage")]),
        (
            "协助收回武器 3 200 余件和手榴弹 1 100 枚。",
            "",
            [
                (3200, "weapons", "more_than", "weapons_collected"),
                (1100, "ammunition", "exact", "ammunition_collected"),
            ],
        ),
        ("收缴了 300 件和平时期的武器。", "", [(300, "weapons", "exact", "weapons_collected")]),
        ("资助了 9 个与小武器有关的项目。", "", [(9, "projects", "exact", "grant_projects")]),
        ("协助 4 个国家评估其枪支立法。", "", [(4, "countries", "exact", "countries_assisted")]),
        ("在 56 个参与国中实施。", "", [(56, "states", "exact", "countries")]),
        (
            "《禁止非法制造和贩运火器、弹药、爆炸物公约》目前已有 30 个缔约国。",
            "",
            [(30, "states", "exact", "countries")],
        ),
    ],
)
def test_chinese_counts_of_older_reports(sentence, context, expected):
    assert read(sentence, "zh", context) == expected


@pytest.mark.parametrize(
    ("label", "english", "zh"),
    [
        ("区域（西非）", "Regional: West Africa", "区域：西非"),
        ("Regional (West Africa)", "Regional: West Africa", "区域：西非"),
        (
            "Regional (Burkina Faso, Mali and Niger)",
            "Regional: Burkina Faso, Mali, Niger",
            "区域：布基纳法索、马里、尼日尔",
        ),
        ("Sudan (Abyei)", "Sudan", "苏丹"),
    ],
)
def test_a_word_with_places_in_brackets_reads_as_a_prefix(label, english, zh):
    from analysis.extract._places import resolve_label
    from analysis.labels import place_label

    subject = resolve_label(label, load_reference(ROOT))
    assert (subject.english, subject.flags) == (english, ())
    assert place_label(subject.english, "zh") == zh


def test_a_bare_prefix_word_is_still_an_unknown_place():
    from analysis.extract._places import resolve_label

    assert resolve_label("Regional", load_reference(ROOT)).flags == ("unknown_place",)


@pytest.mark.parametrize(
    ("sentence", "lang", "each"),
    [
        ("资助总额 248 万美元，平均每个项目 31 万美元。", "zh", [False, True]),
        ("Grants averaged US$ 150,000 per project.", "en", [True]),
        ("The Centre held 4 workshops with 25 participants each.", "en", [False, True]),
    ],
)
def test_an_average_or_an_amount_each_is_flagged_and_never_summed(sentence, lang, each):
    assert ["per_unit" in r.flags for r in readings(sentence, lang)] == each


@pytest.mark.parametrize(
    ("sentence", "lang", "earlier"),
    [
        ("116 States had joined the Treaty, up from 113 a year earlier.", "en", [False, True]),
        ("The number of courses increased from 120 in 2021 to 150.", "en", [True, False]),
        ("提交了国家报告的国家从 2018 年的 120 个增至 150 个。", "zh", [True, False]),
        ("Between 15 and 20 countries took part.", "en", [False]),
    ],
)
def test_the_value_a_change_starts_from_is_flagged_an_earlier_value(sentence, lang, earlier):
    """It is no value of this period's series (a stock's "largest" would otherwise take it)."""
    assert ["earlier_value" in r.flags for r in readings(sentence, lang)] == earlier


def test_a_list_after_a_colon_is_a_breakdown_only_after_a_total():
    parts = readings("获资助的 16 个项目按区域分布如下：非洲 9 个、亚洲 3 个。", "zh")
    assert [r.flags[-1] for r in parts] == ["restates_total", "part_of_total", "part_of_total"]
    (listed,) = readings("本报告所述期间的主要活动如下：销毁了 3 000 件武器。", "zh")
    assert "part_of_total" not in listed.flags


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the comma of 2,000 is no clause mark, and "and" joins the verb's second object
        (
            "The authorities destroyed 2,000 weapons and 150,000 rounds of ammunition that "
            "had been seized.",
            [
                (2000, "weapons", "exact", "weapons_destroyed"),
                (150_000, "ammunition", "exact", "ammunition_destroyed"),
            ],
        ),
        # two verbs joined by "and": the second says what became of them
        (
            "In all, 1,350 weapons and 62,000 rounds of ammunition were recovered and destroyed.",
            [
                (1350, "weapons", "exact", "weapons_destroyed"),
                (62_000, "ammunition", "exact", "ammunition_destroyed"),
            ],
        ),
        (
            "500 weapons were collected and then destroyed.",
            [(500, "weapons", "exact", "weapons_destroyed")],
        ),
        (
            "UNDP collected 300 weapons and destroyed 200 rounds.",
            [
                (300, "weapons", "exact", "weapons_collected"),
                (200, "ammunition", "exact", "ammunition_destroyed"),
            ],
        ),
    ],
)
def test_a_verb_governs_both_objects_and_a_relative_clause_only_describes(sentence, expected):
    assert read(sentence, "en") == expected


# --- what a count's noun is, and what a part counts -------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a series of modifiers between commas is one noun phrase
        (
            "The database held records of over 430,000 lost, stolen or illicitly trafficked "
            "firearms.",
            "en",
            [(430_000, "weapons", "more_than", "other_quantity")],
        ),
        (
            "The Centre delivered 12 national, regional and subregional training workshops.",
            "en",
            [(12, "workshops", "exact", "workshops_held")],
        ),
        # whom are people, whatever was counted just before
        (
            "The Centre trained 1,130 officials in 9 States, of whom 214 were women.",
            "en",
            [
                (1130, "people", "exact", "people_trained"),
                (9, "states", "exact", "countries"),
                (214, "people", "exact", "people_trained"),
            ],
        ),
        # a part said to be in one country is not a count of countries
        (
            "Some 7,400 weapons were marked in the 3 countries, including 2,150 in Togo.",
            "en",
            [
                (7400, "weapons", "approximately", "weapons_marked"),
                (3, "countries", "exact", "countries"),
                (2150, "unspecified", "exact", "other_quantity"),
            ],
        ),
        (
            "The Office worked in 30 countries, including 12 in Africa.",
            "en",
            [(30, "countries", "exact", "countries"), (12, "countries", "exact", "countries")],
        ),
        # "a year earlier" says when; the count's noun came before it
        (
            "Replies came from 27 States and 6 organizations a year earlier.",
            "en",
            [
                (27, "states", "exact", "states_reporting"),
                (6, "organisations", "exact", "organisations"),
            ],
        ),
        (
            "The project trained 248 women and 364 men.",
            "en",
            [
                (248, "people", "exact", "people_trained"),
                (364, "people", "exact", "people_trained"),
            ],
        ),
    ],
)
def test_what_a_count_counts(sentence, lang, expected):
    assert read(sentence, lang) == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # 没收的, 所收缴: a verb describing the noun; the verb of the sentence says what happened
        (
            "销毁了 1 480 件没收的武器（其中 310 件为轻武器）。",
            "zh",
            [
                (1480, "weapons", "exact", "weapons_destroyed"),
                (310, "weapons", "exact", "weapons_destroyed"),
            ],
        ),
        (
            "所收缴弹药中有 8 400 发因无法安全储存而被销毁。",
            "zh",
            [(8400, "ammunition", "exact", "ammunition_destroyed")],
        ),
        (
            "销毁了在平民保护点收缴的 2 960 件武器和 3.1 万发弹药。",
            "zh",
            [
                (2960, "weapons", "exact", "weapons_destroyed"),
                (31_000, "ammunition", "exact", "ammunition_destroyed"),
            ],
        ),
        # States that reply, or whose reports or data arrive, are States reporting
        (
            "Reports were received from thirty-one Member States and from 14 United Nations "
            "entities.",
            "en",
            [(31, "states", "exact", "states_reporting"), (14, "entities", "exact", "un_entities")],
        ),
        (
            "The study used data reported by 26 States.",
            "en",
            [(26, "states", "exact", "states_reporting")],
        ),
        (
            "本报告借鉴了二十七个会员国提交的资料。",
            "zh",
            [(27, "states", "exact", "states_reporting")],
        ),
    ],
)
def test_what_a_count_measures(sentence, lang, expected):
    assert read(sentence, lang) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a clause after "and" with its own subject: its own verb says what the States did
        (
            "In all, 113 States ratified the Arms Trade Treaty, while a further 28 States had "
            "signed it but not yet ratified it and 52 Member States remained outside the Treaty.",
            [
                (113, "states", "exact", "att_ratifications"),
                (28, "states", "exact", "att_pending_ratification"),
                (52, "states", "exact", "att_non_parties"),
            ],
        ),
        # "States parties" is the count's own noun, nearer than the keyword before it
        (
            "The Arms Trade Treaty has 130 signatories and 89 States parties.",
            [
                (130, "states", "exact", "att_signatories"),
                (89, "states", "exact", "att_ratifications"),
            ],
        ),
        # an opening that names the group, with no number: the counts after it are of it
        (
            "Among the States that reported, 29 indicated that a national body was in place.",
            [(29, "states", "exact", "countries")],
        ),
        # a ratio in words is a share
        (
            "One in every four firearms traced had been diverted.",
            [(25, "percent", "exact", "percentage")],
        ),
    ],
)
def test_what_states_did_and_what_was_counted(sentence, expected):
    assert read(sentence, "en") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 次 counts activities too
        ("原定举办的 48 次活动中，有 29 次被推迟。", [(48, "activities"), (29, "activities")]),
        # a preposition after the measure word: the count's noun is the whole's
        ("在 125 个项目中，有 37 个由区域组织实施。", [(125, "projects"), (37, "projects")]),
        # the noun's 总数 or 数 before the count
        ("使接受此类评估的国家总数达到 15 个。", [(15, "countries")]),
        ("获资助的项目数为 12 个。", [(12, "projects")]),
        # 起 counts incidents, none of the vocabulary's nouns
        ("有 14 个国家发生了 19 起弹药库意外爆炸。", [(14, "countries"), (19, "unspecified")]),
        # a part named after 为: 手枪 are weapons
        (
            "协助标识了 37 600 件武器，其中 9 800 支为手枪。",
            [(37_600, "weapons"), (9800, "weapons")],
        ),
        # 两个经济共同体: 经 begins a noun here, no preposition
        ("与两个经济共同体合作。", [(2, "organisations")]),
    ],
)
def test_what_a_chinese_count_counts(sentence, expected):
    assert [(v, u) for v, u, _, _ in read(sentence, "zh")] == expected


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("The Office sponsored the participation of 64 delegates.", "people_convened"),
        (
            "Provision of 4 marking machines to the national commission.",
            "marking_machines_provided",
        ),
        (
            "Reports covering the International Tracing Instrument were received from 59 States.",
            "states_reporting",
        ),
    ],
)
def test_what_a_count_measures_by_its_noun_or_its_verb(sentence, indicator):
    ((_, _, _, got),) = read(sentence, "en")
    assert got == indicator


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        # counts place by place in brackets count the noun before the list
        (
            "National authorities recovered weapons in Burkina Faso (1,200), Mali (850) and "
            "the Niger (430).",
            ["weapons", "weapons", "weapons"],
        ),
        # "ones" stands for the noun of the count before
        (
            "The mission supported marking 6,800 police weapons and destroying 2,145 obsolete "
            "ones.",
            ["weapons", "weapons"],
        ),
        # a count in brackets right after a noun counts that noun
        (
            "In most of the assessed States (14 of 17), a road map has been adopted.",
            ["states", "states"],
        ),
        # a part with a verb of its own and no noun: the whole's noun
        (
            "The Council adopted 21 resolutions, of which 11 contain arms embargoes.",
            ["resolutions", "resolutions"],
        ),
    ],
)
def test_a_count_without_a_noun_of_its_own(sentence, units):
    assert [u for _, u, _, _ in read(sentence, "en")] == units


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the verb after a share in brackets is the count's own
        (
            "在应提交年度报告的缔约国中，有 58 个（百分之五十五）按时提交了报告。",
            [(58, "states", "exact", "states_reporting"), (55, "percent", "exact", "percentage")],
        ),
        # countries that people came from are counted as countries, whatever the people did
        (
            "来自 21 个国家的 73 名专家出席了会议。",
            [(21, "countries", "exact", "countries"), (73, "people", "exact", "people_convened")],
        ),
    ],
)
def test_what_a_chinese_count_measures(sentence, expected):
    assert read(sentence, "zh") == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a measure word that names its noun counts it before 和 (分别为 40 名和 18 名)
        ("讲习班的学员分别为 40 名和 18 名。", "zh", [(40, "people"), (18, "people")]),
        # linking and qualifying words between a noun and its count (约有, 至少有)
        ("登记在册的枪支约有 3.2 亿件。", "zh", [(320_000_000, "weapons")]),
        ("有 80 人受伤，受影响的国家至少有 6 个。", "zh", [(80, "people"), (6, "countries")]),
        # a measure word that cannot count the previous figure's noun: not carried
        ("共有 210 人伤亡，此类事件计有 17 起。", "zh", [(210, "people"), (17, "unspecified")]),
        (
            "该署为 3 个国家提供了援助，涉及诊所约 40 家。",
            "zh",
            [(3, "countries"), (40, "unspecified")],
        ),
        # nouns joined as modifiers before the head ("customs and border officers")
        ("It marked 5,100 customs and army weapons.", "en", [(5100, "weapons")]),
        # a singular noun modifying a head outside the vocabulary counts that head
        ("It handed over 6 ammunition storage containers.", "en", [(6, "unspecified")]),
        # a span of time written as one modifier between a count and its noun
        (
            "The Centre ran 3 ten-day courses for customs officers.",
            "en",
            [(3, "courses"), (10, "days")],
        ),
    ],
)
def test_the_noun_a_count_counts_past_links_modifiers_and_measure_words(sentence, lang, expected):
    assert [(r.value, r.unit) for r in readings(sentence, lang)] == expected


@pytest.mark.parametrize(
    ("sentence", "calibre"),
    [
        ("The rifles were chambered for 7.62 x 39 mm rounds.", "7.62"),
        ("缴获了口径为 12.7 毫米的机枪。", "12.7"),
        ("It seized pistols in 9mm calibre.", "9"),
    ],
)
def test_a_calibre_is_not_a_figure(sentence, calibre):
    assert excluded(sentence)[calibre] == "calibre"


def test_a_qualifier_before_a_pronoun_still_qualifies_the_share():
    assert read("已认捐的资金不到其百分之十五。", "zh")[0][:3] == (15, "percent", "less_than")


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("The Government of Japan allocated EUR 1.2 million to the fund.", "en"),
        ("瑞士向该基金提供了 90 万瑞士法郎。", "zh"),
    ],
)
def test_a_grant_in_another_currency_is_a_grant_in_that_currency(sentence, lang):
    (reading,) = readings(sentence, lang)
    assert (reading.unit != "USD", reading.indicator) == (True, "grant_amount")


def test_reports_submitted_by_states_count_states_reporting_and_the_elliptical_count_after():
    sentence = (
        "Annual reports on the Register were submitted by 88 States in 2019, against 64 in 2018."
    )
    assert [(r.value, r.indicator) for r in readings(sentence, "en")] == [
        (88, "states_reporting"),
        (64, "states_reporting"),
    ]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a share with decimals in Chinese numerals
        ("学员人数增加了百分之八点七五。", "zh", [(8.75, "percent", "exact")]),
        # 约 before 占 … 的 qualifies the share
        ("提交报告的国家约占成员总数的百分之六十。", "zh", [(60, "percent", "approximately")]),
        # "within" a span is at most that span
        ("States are to reply within 30 days.", "en", [(30, "days", "at_most")]),
        # a head noun of another kind closes the phrase (武器登记系统, arms embargo regimes)
        ("该中心交付了 4 套弹药管理系统。", "zh", [(4, "unspecified", "exact")]),
        ("The Council oversaw 11 arms embargo regimes.", "en", [(11, "unspecified", "exact")]),
        # a copula or passive after a measure word: no noun follows (份是…发出的)
        (
            "共发出请求 410 份，其中 300 份是通过该系统发出的。",
            "zh",
            [(410, "unspecified", "exact"), (300, "unspecified", "exact")],
        ),
    ],
)
def test_shares_qualifiers_and_heads_of_other_kinds(sentence, lang, expected):
    assert [r[:3] for r in read(sentence, lang)] == expected


def test_a_time_of_day_in_chinese_is_not_a_figure():
    assert excluded("会议于 5 月 3 日下午 3 时开幕。")["3"] == "time_of_day"


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("尚未提交国家报告的 31 个会员国。", "zh"),
        ("Some 31 States have never submitted a national report.", "en"),
    ],
)
def test_a_negated_keyword_does_not_say_what_happened(sentence, lang):
    assert [r.indicator for r in readings(sentence, lang)] == ["countries"]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # batches and incidents count none of the vocabulary's nouns
        ("该处移交了 4 批弹药储存箱。", "zh", [(4, "unspecified")]),
        # 万 with decimals is exact (2.26 万 is 22 600)
        ("共销毁枪支 3.47 万件。", "zh", [(34_700, "weapons")]),
        # the first noun of a list after a measure word counts (as in English)
        ("该处销毁了 2 300 件武器和弹药。", "zh", [(2300, "weapons")]),
        # 场 counts activities too
        ("共举办宣传活动 12 场。", "zh", [(12, "activities")]),
        # "N and M nouns": both numbers count the noun after the second
        (
            "It marked 1,240 and 3,015 weapons in Chad and the Niger, respectively.",
            "en",
            [(1240, "weapons"), (3015, "weapons")],
        ),
        # a model designation inside the noun phrase ("Type 56") is no figure
        ("It seized 14 Type 81 assault rifles.", "en", [(14, "weapons")]),
        # a hyphenated compound modifies the noun after it
        ("Nine women-led organizations took part.", "en", [(9, "organisations")]),
        # "more", "additional" between a count and its noun
        ("The project reached 3 additional countries.", "en", [(3, "countries")]),
    ],
)
def test_what_a_count_counts_past_batches_lists_models_and_modifiers(sentence, lang, expected):
    assert [(r.value, r.unit) for r in readings(sentence, lang)] == expected


@pytest.mark.parametrize(
    ("sentence", "number", "reason"),
    [
        ("核可了《国际小武器管制标准》04.20 模块。", "04.20", "standard_number"),
        ("The guidelines 02.10 were revised.", "02.10", "standard_number"),
        ("This responds to action 14 of the agenda.", "14", "goal_number"),
    ],
)
def test_module_and_action_numbers_are_not_figures(sentence, number, reason):
    assert excluded(sentence)[number] == reason


def test_a_qualifier_before_already_and_a_linking_verb():
    assert read("至少已有 48 个国家采用了该标准。", "zh")[0][:3] == (48, "countries", "at_least")


@pytest.mark.parametrize(
    ("sentence", "flags"),
    [
        (
            "The smallest grant was US$ 40,000 and the largest US$ 210,000.",
            [("per_unit",), ("per_unit",)],
        ),
        (
            "Asia accounts for 5 of the 12 projects, Africa for 4 and Europe for 3.",
            [("part_of_total",), ("restates_total",), ("part_of_total",), ("part_of_total",)],
        ),
    ],
)
def test_extremes_are_amounts_each_and_a_breakdown_of_the_whole_is_parts(sentence, flags):
    got = [
        tuple(f for f in r.flags if f != "unit_from_previous_figure")
        for r in readings(sentence, "en")
    ]
    assert got == flags


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a span of time is never carried to the next count
        ("辩论持续 6 个小时，共有 58 个代表团发言。", [(6, "hours"), (58, "unspecified")]),
        # 国际 is not 国
        ("出席会议的有 5 个国际和区域组织。", [(5, "organisations")]),
        # adverbs between the noun and its count (仍有, 现已超过)
        ("尚未加入条约的会员国仍有 41 个。", [(41, "states")]),
        # counts place by place in brackets take the noun named before the places
        (
            "销毁武器较多的是乍得（1 320 件）和尼日尔（880 件）。",
            [(1320, "weapons"), (880, "weapons")],
        ),
        # 处 counts sites
        ("该中心评估了 75 处弹药储存设施。", [(75, "storage_sites")]),
        # a count in brackets after its noun
        ("从未提交报告的会员国（共 23 个）。", [(23, "states")]),
    ],
)
def test_what_a_chinese_count_counts_past_adverbs_brackets_and_times(sentence, expected):
    assert [(r.value, r.unit) for r in readings(sentence, "zh")] == expected


def test_a_noun_keyword_that_is_another_verb_s_subject_says_nothing_of_the_count():
    got = read("缔约国还决定设立一个信托基金，迄今已有 9 个国家认捐。", "zh", "《武器贸易条约》")
    assert got == [(9, "countries", "exact", "countries")]


def test_a_figure_the_rest_of_its_sentence_says_was_revised_is_superseded():
    first, second = readings("所报收缴武器数量为 8 200 件；该数字已修订为 8 650 件。", "zh")
    assert ("superseded_value" in first.flags, "superseded_value" in second.flags) == (True, False)


@pytest.mark.parametrize(
    ("sentence", "lang", "flags"),
    [
        ("14 projects were selected, with grants averaging US$ 120,000.", "en", ("per_unit",)),
        (
            "It selected 16 projects, with individual grants of up to US$ 200,000.",
            "en",
            ("per_unit",),
        ),
        ("在获资助的项目中，有 7 个在非洲实施。", "zh", ("part_of_total",)),
    ],
)
def test_averages_caps_and_counts_of_a_named_group_are_not_added(sentence, lang, flags):
    assert readings(sentence, lang)[-1].flags == flags


def test_a_verb_stem_is_as_near_as_its_word():
    """'attended by 29' is nearer than 'workshop': the 29 attended, they were not trained."""
    got = readings("It held a validation workshop attended by 29 national officials.", "en")
    assert [(r.value, r.indicator) for r in got] == [(29, "people_convened")]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("辩论持续约五个半小时。", "zh", [(5.5, "hours", ())]),
        (
            "标识的武器分别为 3 100 件和 2 400 件。",
            "zh",
            [(3100, "weapons", ()), (2400, "weapons", ())],
        ),
        (
            "8 个获资助项目中由民间社会组织执行的 5 个。",
            "zh",
            [(8, "projects", ("restates_total",)), (5, "projects", ("part_of_total",))],
        ),
        (
            "妇女组织所执行项目的赠款合计 41 万美元，相当于赠款总额的百分之十九。",
            "zh",
            [(410_000, "USD", ("part_of_total",)), (19, "percent", ())],
        ),
        ("A third call is planned for the second half of 2015.", "en", []),
        (
            "Of the 12 projects, 7 support the Treaty and the remaining 5 cover both instruments.",
            "en",
            [
                (12, "projects", ("restates_total",)),
                (7, "projects", ("part_of_total",)),
                (5, "projects", ("part_of_total",)),
            ],
        ),
    ],
)
def test_halves_lists_wholes_shares_of_a_total_and_verbs_before_objects(sentence, lang, expected):
    got = [
        (r.value, r.unit, tuple(f for f in r.flags if f != "unit_from_previous_figure"))
        for r in readings(sentence, lang)
    ]
    assert got == expected


def test_a_vocabulary_term_with_of_keeps_its_unit_past_modifiers():
    """'rounds of informal consultations' are meetings; 'rounds of small-calibre
    ammunition' are still ammunition."""
    meetings = readings("The Group convened 4 rounds of informal consultations.", "en")
    rounds = readings("It destroyed 2,000 rounds of small-calibre ammunition.", "en")
    assert [(r.value, r.unit) for r in meetings + rounds] == [(4, "meetings"), (2000, "ammunition")]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a share in words, an aside in brackets before its "of"; 半数 (half the number)
        (
            "Over half (61 per cent) of the replies covered marking.",
            "en",
            [(50, None, "percent", "more_than"), (61, None, "percent", "exact")],
        ),
        ("其中半数以上涉及弹药。", "zh", [(50, None, "percent", "more_than")]),
        # 十几 (ten-odd) is more than ten, 几十 (some tens) has no value
        ("另有十几个民间组织和几十个社区参加。", "zh", [(10, None, "organisations", "more_than")]),
        # "N of its M days": the part counts what the whole counts
        (
            "The seminar gave 2 of its 4 days to tracing.",
            "en",
            [(2, None, "days", "exact"), (4, None, "days", "exact")],
        ),
        # a span of time then 内 is a deadline; the next span is a period; 内 of a word is not
        (
            "各国须在 6 个月内答复，并在未来 3 年内执行。",
            "zh",
            [(6, None, "months", "at_most"), (3, None, "years", "exact")],
        ),
        ("共有 7 名内政部官员参加。", "zh", [(7, None, "people", "exact")]),
        # 介于 … 和 … 之间 is a range, as "between … and …"
        ("每笔赠款介于 4 万美元和 8.5 万美元之间。", "zh", [(40_000, 85_000, "USD", "range")]),
        # "the figure of N" restates the measure its sentence named; "should read" corrects it
        (
            "For rounds of ammunition seized in 2012, the figure of 9,100 given last year "
            "should read 9,700.",
            "en",
            [(9_100, None, "ammunition", "exact"), (9_700, None, "ammunition", "exact")],
        ),
        # 份 counts documents, never the weapons a verb after it names
        (
            "在收到的 40 份答复中，有 25 份载有武器销毁数据。",
            "zh",
            [(40, None, "unspecified", "exact"), (25, None, "unspecified", "exact")],
        ),
        # 从未 (never) is no "from": the noun before the count still names it
        ("从未提交报告的缔约国不足 12 个。", "zh", [(12, None, "states", "less_than")]),
        # a code or a chapter of the laws is no figure
        ("Write to room B-2410, or see the Arms Act (Cap. 97).", "en", []),
    ],
)
def test_shares_deadlines_ranges_restated_figures_and_codes(sentence, lang, expected):
    got = [(r.value, r.value_high, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


def test_a_corrected_figure_supersedes_the_one_it_corrects():
    first, second = readings("For weapons destroyed, the figure of 800 should read 880.", "en")
    assert "superseded_value" in first.flags and "superseded_value" not in second.flags


@pytest.mark.parametrize(
    ("sentence", "lang", "unit"),
    [
        ("其余 31 个国家均已提交过国家报告。", "zh", "countries"),
        ("Data on seized weapons were provided by 45 countries.", "en", "countries"),
        ("Reports were submitted by 102 States.", "en", "states"),
    ],
)
def test_reporting_keeps_the_countries_or_states_it_names(sentence, lang, unit):
    (reading,) = readings(sentence, lang)
    assert (reading.unit, reading.indicator) == (unit, "states_reporting")


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # items of a list after a label, a colon or "as follows:" count what the label names
        (
            "Attendance: States represented, 40; participants, 96.",
            "en",
            [(40, "states", "exact"), (96, "people", "exact")],
        ),
        (
            "UNDP supported the destruction of surplus weapons as follows: in Chad, 700; "
            "in the Niger, 300.",
            "en",
            [(700, "weapons", "exact"), (300, "weapons", "exact")],
        ),
        (
            "按国家分列的收缴武器数量为：乍得 700 件；尼日尔 300 件。",
            "zh",
            [(700, "weapons", "exact"), (300, "weapons", "exact")],
        ),
        # an amount's multiplier abbreviated after a currency; not metres
        (
            "It was funded with US$ 2.5m and EUR 1.2bn.",
            "en",
            [(2_500_000, "USD", "exact"), (1_200_000_000, "EUR", "exact")],
        ),
        # shares and ratios in words
        (
            "A majority of the 30 States replied.",
            "en",
            [(50, "percent", "more_than"), (30, "states", "exact")],
        ),
        ("In 1 of every 5 cases the record was lost.", "en", [(20, "percent", "exact")]),
        (
            "其中约 1/4 以线上方式参加，过半数为女性。",
            "zh",
            [(25, "percent", "approximately"), (50, "percent", "more_than")],
        ),
        # number words: "a hundred and …"; a one-week session lasts a week
        ("A hundred and ten officers were trained.", "en", [(110, "people", "exact")]),
        (
            "It may meet for up to four one-week sessions.",
            "en",
            [(4, "unspecified", "at_most"), (1, "weeks", "exact")],
        ),
        # work counted in person-days is no span of time; "15 or so" is about 15
        (
            "Assessments took 90 man-days, with 15 or so staff.",
            "en",
            [(90, "unspecified", "exact"), (15, "people", "approximately")],
        ),
        # 人次 counts attendances, 个批次 batches: none of the vocabulary's nouns
        (
            "累计 800 人次参加，移交了 3 个批次的武器储存设备。",
            "zh",
            [(800, "unspecified", "exact"), (3, "unspecified", "exact")],
        ),
        # an adverb of bound before its verb qualifies the count
        (
            "每个国家至多资助 3 名代表，其中最少 1 名为女性。",
            "zh",
            [(3, "people", "at_most"), (1, "people", "at_least")],
        ),
        ("单个项目的赠款上限为 15 万美元。", "zh", [(150_000, "USD", "at_most")]),
        # 成 of a verb (造成) is no vague 成千; a year in numerals is a date
        ("冲突造成千余名平民受伤。", "zh", [(1000, "people", "more_than")]),
        ("在二〇一九年十月的活动中，支持 4 个国家。", "zh", [(4, "countries", "exact")]),
        # a name with a count in it (五国集团) is no count of States
        ("在萨赫勒五国集团成员国实施了 6 个项目。", "zh", [(6, "projects", "exact")]),
        # a figure restated ("该数字") takes the noun the sentence before counted
        (
            "上一份报告所载销毁的武器数量有误。"
            "经核实，该数字应为 2 100 件，而非此前报告的 1 200 件。",
            "zh",
            [(2100, "weapons", "exact"), (1200, "weapons", "exact")],
        ),
    ],
)
def test_lists_labels_multipliers_shares_and_measure_words(sentence, lang, expected):
    got = [(r.value, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


def test_rather_than_names_the_value_a_correction_replaces():
    sentence = "经核实，该数字应为 2 100 件，而非此前报告的 1 200 件。"
    new, old = readings(sentence, "zh")
    assert "superseded_value" in old.flags and "superseded_value" not in new.flags


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # the base of a rate is no count; the rate is a number of its own
        (
            "The rate fell from 12.4 to 9.8 per 100,000 inhabitants.",
            "en",
            [(12.4, "unspecified"), (9.8, "unspecified")],
        ),
        ("凶杀率为每 10 万人 6.8 起。", "zh", [(6.8, "unspecified")]),
        # a count in brackets after a percentage is the count, not a share
        (
            "Firearms were used in 38 per cent (9,120) of the homicides.",
            "en",
            [(38, "percent"), (9120, "unspecified")],
        ),
        # said to be women: people, even past a bracketed share
        (
            "It trained 500 officers; 210 (42 per cent) were women.",
            "en",
            [(500, "people"), (210, "people"), (42, "percent")],
        ),
        # a plural noun then a verb form ends the noun phrase: the plural is counted
        ("Analysts found 1,450 listings offering firearms.", "en", [(1450, "unspecified")]),
        # a share before a comparative; a tenth
        ("Replies rose by a third more than before.", "en", [(33.33, "percent")]),
        # N年期 of a programme lasts N years; of the Biennial Meeting it is a name
        ("商定了五年期安全部门支助方案，并筹备两年期会议。", "zh", [(5, "years")]),
    ],
)
def test_rates_counts_of_shares_and_spans_of_programmes(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "flag_of_each"),
    [
        # an amount each is never part of a sum
        (
            "It selected 9 projects, each with a grant of up to US$ 150,000.",
            "en",
            [(), ("per_unit",)],
        ),
        ("单个项目最少的一笔赠款为 4.5 万美元。", "zh", [("per_unit",)]),
        # after "；" the counts are still parts of the whole the sentence opened with
        (
            "在 12 个获资助项目中，由民间组织执行的有 5 个；以妇女组织为伙伴的项目共 2 个。",
            "zh",
            [("restates_total",), ("part_of_total",), ("part_of_total",)],
        ),
    ],
)
def test_amounts_each_and_parts_past_a_semicolon(sentence, lang, flag_of_each):
    got = [
        tuple(f for f in r.flags if f in ("per_unit", "part_of_total", "restates_total"))
        for r in readings(sentence, lang)
    ]
    assert got == flag_of_each


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # measure words of arms, and the arms they count
        (
            "协助销毁了 35 门迫击炮、60 具火箭榴弹发射器和 1 300 支枪。",
            "zh",
            [(35, "weapons", "exact"), (60, "weapons", "exact"), (1300, "weapons", "exact")],
        ),
        ("市场上每月交易的步枪在 800 支上下。", "zh", [(800, "weapons", "approximately")]),
        ("销毁弹药 40 公吨。", "zh", [(40, "tonnes", "exact")]),
        # a noun named long before its count, which the measure word can count
        ("交出的武器，包括自动步枪和自制枪支，共 470 件。", "zh", [(470, "weapons", "exact")]),
        # a number of days after 会期/为期 is no date
        ("会议于 2008 年 7 月 14 日开幕，会期 5 日。", "zh", [(5, "days", "exact")]),
        # shares: 一成半, 一半以上; percentage points; a multiple
        (
            "其中约一成半使用了标准表格，一半以上来自非洲。",
            "zh",
            [(15, "percent", "approximately"), (50, "percent", "more_than")],
        ),
        (
            "较上年下降 12 个百分点，交出的武器增加到三倍。",
            "zh",
            [(12, "percent", "exact"), (3, "unspecified", "exact")],
        ),
        ("比例为百分之二十七至百分之三十四。", "zh", [(27, "percent", "range")]),
        # English: a topic opening, "respectively" after the places, a list sharing its noun
        (
            "As to weapons, the Mission collected 3,200 and destroyed 2,950.",
            "en",
            [(3200, "weapons", "exact"), (2950, "weapons", "exact")],
        ),
        (
            "It supported the disposal of small arms in Serbia and Montenegro — 4,120 and 1,530, "
            "respectively.",
            "en",
            [(4120, "weapons", "exact"), (1530, "weapons", "exact")],
        ),
        (
            "Agencies seized 1,200, 860 and 410 weapons respectively.",
            "en",
            [(1200, "weapons", "exact"), (860, "weapons", "exact"), (410, "weapons", "exact")],
        ),
        # shares in words: every third, by half, fewer than half; one year; an estimate of
        (
            "Every third reply arrived late, and the toll fell by half.",
            "en",
            [(33.33, "percent", "exact"), (50, "percent", "exact")],
        ),
        (
            "Of the 2,100 weapons, fewer than half were serviceable.",
            "en",
            [(2100, "weapons", "exact"), (50, "percent", "less_than")],
        ),
        ("Reports are due within one year.", "en", [(1, "years", "at_most")]),
        (
            "An earlier estimate of 7,500 weapons was revised.",
            "en",
            [(7500, "weapons", "approximately")],
        ),
        (
            "It trained 38 officials from 15 States members of ECOWAS.",
            "en",
            [(38, "people", "exact"), (15, "states", "exact")],
        ),
        ("Violent deaths numbered some 490,000.", "en", [(490_000, "people", "approximately")]),
    ],
)
def test_arms_measure_words_sentence_topics_and_more_shares(sentence, lang, expected):
    got = [(r.value, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a frequency is no count; the meetings held are
        ("协调会议每月举行 1 次，本期共举行了 9 次。", "zh", [(9, "meetings")]),
        ("The Board meets 3 times a year and held 4 meetings.", "en", [(4, "meetings")]),
        # 宗 and 例 count cases, none of the vocabulary's nouns
        (
            "查获枪支 5.4 万件和涉枪案件 3 100 宗。",
            "zh",
            [(54_000, "weapons"), (3100, "unspecified")],
        ),
        # N 个 A 以及 B: "as well as" B, which the count does not count
        ("出席会议的有 120 个会员国以及国际组织的代表。", "zh", [(120, "states")]),
        # lines of a list after 如下： count what the sentence before named
        (
            "共查获非法枪支 1 800 件。按国家分列的查获数量如下：\n甲国：1 100 件\n乙国：700 件",
            "zh",
            [(1800, "weapons"), (1100, "weapons"), (700, "weapons")],
        ),
        # a ratio in words
        ("Nine in ten replying States described assistance.", "en", [(90, "percent")]),
    ],
)
def test_frequencies_cases_as_well_as_and_list_lines(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # shares: plural thirds anywhere, "by a third", "below half"
        (
            "Of 600 events, roughly two thirds occurred in towns.",
            "en",
            [(600, "unspecified", "exact"), (66.67, "percent", "approximately")],
        ),
        (
            "Incidents fell to 900, down by a third.",
            "en",
            [(900, "unspecified", "exact"), (33.33, "percent", "exact")],
        ),
        (
            "Of the 80 States, well below half said so.",
            "en",
            [(80, "states", "exact"), (50, "percent", "less_than")],
        ),
        ("其中女性略高于三分之一。", "zh", [(33.33, "percent", "more_than")]),
        # the first of a pair shares the second's per cent, or its noun
        (
            "The share rose from 38 to 52 per cent.",
            "en",
            [(38, "percent", "exact"), (52, "percent", "exact")],
        ),
        (
            "分别有 70 个和 65 个会员国参加。",
            "zh",
            [(70, "states", "exact"), (65, "states", "exact")],
        ),
        # a footnote's mark does not end a list: 件³和弹药
        (
            "缴获枪支 900 件³和弹药 3 万发。",
            "zh",
            [(900, "weapons", "exact"), (30_000, "ammunition", "exact")],
        ),
        # a count in brackets after a noun of no vocabulary is that noun's
        (
            "It provided marking machines (3) and computer sets (12).",
            "en",
            [(3, "marking_machines", "exact"), (12, "unspecified", "exact")],
        ),
        # another measure word than the count before's: not what it counted
        (
            "行动涉及 30 个国家，共识别出网上广告 1 500 条。",
            "zh",
            [(30, "countries", "exact"), (1500, "unspecified", "exact")],
        ),
    ],
)
def test_shares_pairs_marks_and_measure_words_of_their_own(sentence, lang, expected):
    got = [(r.value, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # comparisons, multiples in one word, shares before a verb
        (
            "Reports rose to 114, three times as many as the 38 of 2017.",
            "en",
            [
                (114, "unspecified", "exact"),
                (3, "unspecified", "exact"),
                (38, "unspecified", "exact"),
            ],
        ),
        (
            "It trained 150 women, a tenfold increase.",
            "en",
            [(150, "people", "exact"), (10, "unspecified", "exact")],
        ),
        (
            "Of the 95 States parties, a fifth had not reported.",
            "en",
            [(95, "states", "exact"), (20, "percent", "exact")],
        ),
        ("The agenda is built around 7 goals.", "en", [(7, "unspecified", "exact")]),
        (
            "UNSCAR could fund only 16 of the 148 proposals.",
            "en",
            [(16, "projects", "exact"), (148, "proposals", "exact")],
        ),
        # 大多数 is more than half; a relative clause after 由 ends in the count's noun
        ("其中大多数附有分类数据。", "zh", [(50, "percent", "more_than")]),
        ("12 个由开发署支助的社区项目开展了活动。", "zh", [(12, "projects", "exact")]),
        ("又有 830 余人被杀。", "zh", [(830, "people", "more_than")]),
    ],
)
def test_comparisons_multiples_and_relative_clauses(sentence, lang, expected):
    got = [(r.value, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # halves and pairs of spans and things; zero is a count
        ("The course lasted two and a half months.", "en", [(2.5, "months")]),
        ("It took a year and a half to agree.", "en", [(1.5, "years")]),
        ("The courses were postponed by half a year.", "en", [(0.5, "years")]),
        ("It delivered a pair of marking machines.", "en", [(2, "marking_machines")]),
        ("There were zero firearm seizures.", "en", [(0, "unspecified")]),
        ("持续了两个半月，培训班被推迟半年。", "zh", [(2.5, "months"), (0.5, "years")]),
        # frequencies are no counts; a multiple counts nothing
        ("The strategy is reviewed every three years.", "en", []),
        ("战略每 3 年审查一次，评价则 2 年一次。", "zh", []),
        (
            "51 did so, 1.5 times as many as in 2020.",
            "en",
            [(51, "unspecified"), (1.5, "unspecified")],
        ),
        # a range with the measure word or the sign after each bound
        (
            "执行期为 12 个月至 18 个月，比例在 60% 到 70% 之间。",
            "zh",
            [(12, "months"), (60, "percent")],
        ),
        # the noun before "numbering"
        ("Replies came from Member States numbering 41.", "en", [(41, "states")]),
    ],
)
def test_halves_pairs_frequencies_and_numbering(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a list's items: the label's noun, the item before's, the lead's
        (
            "Replies by kind — Member States — 41; observer States — 3; organizations — 12.",
            "en",
            [(41, "states"), (3, "states"), (12, "organisations")],
        ),
        (
            "Attendance was as follows: Nairobi – 28 officers; Dakar – 35; Accra – 19.",
            "en",
            [(28, "people"), (35, "people"), (19, "people")],
        ),
        (
            "Grants approved by region: Africa, 7; Asia and the Pacific, 5.",
            "en",
            [(7, "grants"), (5, "grants")],  # the lead's noun, capital and all
        ),
        (
            "The survey counted 210 trainees in all: Fiji 70; Samoa 80; Tonga 60.",
            "en",
            [(210, "people"), (70, "people"), (80, "people"), (60, "people")],
        ),
        (
            "Surrendered weapons by province — North: 1,200; South: 950; the rest, 400 in all.",
            "en",
            [(1200, "weapons"), (950, "weapons"), (400, "weapons")],
        ),
        # not a list: a clause after a semicolon keeps its own reading
        (
            "It trained 45 officers; the Office welcomed 12 of them.",
            "en",
            [(45, "people"), (12, "people")],
        ),
        # half a dozen; a part of a million
        ("It held half a dozen meetings.", "en", [(6, "meetings")]),
        (
            "It destroyed a quarter of a million rounds and half a million cartridges.",
            "en",
            [(250_000, "ammunition"), (500_000, "ammunition")],
        ),
        # ranges: the measure word after each bound, 百分之 written once
        ("课程长度从 3 天到 6 天不等。", "zh", [(3, "days")]),
        ("其中百分之二十至二十五来自区域外。", "zh", [(20, "percent")]),
        ("会期为 4 个工作日。", "zh", [(4, "days")]),
    ],
)
def test_list_items_halves_of_a_dozen_or_a_million_and_ranges(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "qualifier"),
    [
        ("Eleven sessions were held, none lasting more than two hours.", "en", "at_most"),
        ("No course was shorter than four days.", "en", "at_least"),
        ("Pledges exceeded US$ 900,000.", "en", "more_than"),
        ("Each grant runs for a period not exceeding two years.", "en", "at_most"),
        ("Debts older than five years remain.", "en", "more_than"),
        ("The stock is in the region of 40,000 rifles.", "en", "approximately"),
        ("Sixty-odd delegations spoke.", "en", "more_than"),
        ("女性代表略超半数。", "zh", "more_than"),
        ("销毁量约为收缴量的 64%。", "zh", "approximately"),
        ("不足缔约国总数（110 个）的三成。", "zh", "less_than"),
    ],
)
def test_bounds_turned_by_a_negation_and_qualifiers_apart_from_their_number(
    sentence, lang, qualifier
):
    assert readings(sentence, lang)[-1].qualifier == qualifier


def test_the_correct_figure_counts_what_the_corrected_one_counted():
    sentence = (
        "The number of States trained in 2021, shown as 12 in the last report "
        "(A/77/135, para. 9), was too low; the correct figure is 14."
    )
    assert [(r.value, r.unit) for r in readings(sentence, "en")] == [
        (12, "states"),
        (14, "states"),
    ]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # one noun for two counts, each with its adjective
        (
            "Delegates came from 9 regional and 31 national organizations.",
            "en",
            [(9, "organisations"), (31, "organisations")],
        ),
        # the level a subject came to; the stock a count is of
        ("Total attendance came to 415.", "en", [(415, "people")]),
        ("The national stock of firearms stood at about 52,000.", "en", [(52_000, "weapons")]),
        # points after a percentage are percentage points
        (
            "Women were 41 per cent of the trainees, 6 points higher than in 2022.",
            "en",
            [(41, "percent"), (6, "percent")],
        ),
        # a count the "number of" before it does not name
        (
            "It raised to 23 the number of States visited and wrote 4 field guides.",
            "en",
            [(23, "states"), (4, "unspecified")],
        ),
        # a quarter before a verb is a share
        ("Just over a quarter declined to answer.", "en", [(25, "percent")]),
        # a pair of counts with one measure word, after a lead with a bracketed note
        (
            "收缴和销毁武器的情况如下（收缴/销毁）：乍得 1 300/900 件；马里 700/650 件。",
            "zh",
            [(1300, "weapons"), (900, "weapons"), (700, "weapons"), (650, "weapons")],
        ),
        # … but a resolution's number stays a number
        ("大会第 78/58 号决议。", "zh", []),
    ],
)
def test_shared_nouns_levels_points_and_pairs(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # counts place by place after a participle count what the total counted
        (
            "A total of 3,500 weapons were destroyed (2,000 in Gao, 1,500 in Mopti).",
            "en",
            [(3500, "weapons"), (2000, "weapons"), (1500, "weapons")],
        ),
        # from one count to another: the noun after the second
        ("Membership grew from 21 to 24 States.", "en", [(21, "states"), (24, "states")]),
        # a list of modifiers before the noun
        (
            "It trained 640 police, customs and border officials.",
            "en",
            [(640, "people")],
        ),
        # … but not a clause after "and"
        (
            "It checked 800 containers and seized 95 firearms.",
            "en",
            [(800, "unspecified"), (95, "weapons")],
        ),
        # a part in words after "of which"
        ("It advised eight States, of which five in Asia.", "en", [(8, "states"), (5, "states")]),
        # so many of every so many; half a month; a little more than
        ("每 4 名学员中有 1 名来自地方政府。", "zh", [(25, "percent")]),
        ("培训历时半个月。", "zh", [(0.5, "months")]),
    ],
)
def test_counts_by_place_spans_of_counts_modifier_lists_and_zh_shares(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("处置的弹药占三分之二强。", "more_than"),
        ("所需资金约为现有资金的 5 倍。", "approximately"),
        ("捐款折合约 60 万美元。", "approximately"),
    ],
)
def test_a_little_more_than_a_share_and_qualifiers_before_a_linking_verb(sentence, qualifier):
    assert [r.qualifier for r in readings(sentence, "zh")] == [qualifier]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a list after a sentence opening: each place's count, the noun given once
        (
            "It helped destroy 9,000 weapons. In Chad, 5,000 rifles were destroyed; "
            "in Mali, 2,500; and in the Niger, 1,500.",
            "en",
            [(9000, "weapons"), (5000, "weapons"), (2500, "weapons"), (1500, "weapons")],
        ),
        # a table in brackets, the noun first
        (
            "It rebuilt the stores (armouries, 4; ammunition depots, 2).",
            "en",
            [(4, "storage_sites"), (2, "storage_sites")],
        ),
        # spans: a range with the first hyphen hanging, half a tonne, a half-day
        ("It ran two- to four-week courses.", "en", [(2, "weeks")]),
        ("It burned half a tonne of propellant.", "en", [(0.5, "tonnes")]),
        ("It held a half-day briefing.", "en", [(0.5, "days")]),
        # a hyphenated head noun, but not a measure of work
        ("It funded 12 community micro-projects.", "en", [(12, "projects")]),
        ("It took 40 man-days.", "en", [(40, "unspecified")]),
        # proposals chosen for funding are projects; the whole stays proposals
        (
            "The board chose 9 of the 70 proposals for funding.",
            "en",
            [(9, "projects"), (70, "proposals")],
        ),
        # a share of those just counted, then their count
        (
            "It trained 300 officers, a quarter of them (75) women.",
            "en",
            [(300, "people"), (25, "percent"), (75, "people")],
        ),
        # zh: the subject of a change, parts in brackets of a count, heads of compounds
        (
            "设立联络点的国家由 2006 年的 90 个增至 2009 年的 120 个。",
            "zh",
            [(90, "countries"), (120, "countries")],
        ),
        (
            "共收缴武器 900 件、弹药 5 万发，销毁其中的 600 件（甲地 400 件，乙地 200 件）。",
            "zh",
            [
                (900, "weapons"),
                (50_000, "ammunition"),
                (600, "weapons"),
                (400, "weapons"),
                (200, "weapons"),
            ],
        ),
        (
            "修复了 12 个警察哨所，惠及约 3 000 户。",
            "zh",
            [(12, "facilities"), (3000, "unspecified")],
        ),
        ("每个村培训志愿者一至两名。", "zh", [(1, "people")]),
    ],
)
def test_place_lists_bracket_tables_spans_compound_heads_and_changes(sentence, lang, expected):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a negated cap; "under" as a preposition; a count then when it was
        ("No grant exceeded US$ 250,000.", "en", [(250_000, "USD", "at_most")]),
        ("The proposals are grouped under four headings.", "en", [(4, "unspecified", "exact")]),
        (
            "62 States had reported, up from 51 a year earlier.",
            "en",
            [(62, "states", "exact"), (51, "states", "exact")],
        ),
        ("The attacks killed 412 civilians.", "en", [(412, "people", "exact")]),
        # a range whose lower bound is whole and the upper scaled by 万
        ("每笔赠款为 8 000 美元至 1.5 万美元。", "zh", [(8000, "USD", "range")]),
        ("受益人口约 12 万。", "zh", [(120_000, "people", "approximately")]),
    ],
)
def test_negated_caps_prepositions_spans_ago_and_ranges_written_two_ways(sentence, lang, expected):
    got = [(r.value, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


def test_a_breakdown_by_place_in_brackets_after_a_noun_it_does_not_count():
    sentence = "It trained 900 officials in stockpile management (500 in Africa and 400 in Asia)."
    got = [(r.value, r.unit) for r in readings(sentence, "en")]
    assert got == [(900, "people"), (500, "people"), (400, "people")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It assisted five States, three of them in Asia.", [(5, "states"), (3, "states")]),
        ("Eleven per cent of the replies were late.", [(11, "percent")]),
        ("It met 60 times, nine more than in 2025.", [(60, "unspecified"), (9, "unspecified")]),
        ("It hosted 30 fellows.", [(30, "people")]),
    ],
)
def test_number_words_of_a_part_a_percentage_or_a_difference(sentence, expected):
    got = [(r.value, r.unit) for r in readings(sentence, "en")]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a breakdown opened by 其中 after the count it breaks down
        (
            "共有 90 个会员国提交了报告，较上次的 95 个有所减少。"
            "其中：(a) 报告已建立数据库的 60 个；(b) 报告销毁了武器的 30 个。",
            [(90, "states"), (95, "unspecified"), (60, "states"), (30, "states")],
        ),
        # a bracketed count after a word of time counts what the count before counted
        ("提交报告的会员国(80 个)少于上次会议之前(95 个)。", [(80, "states"), (95, "states")]),
        ("大会通过决议草案 52 项。", [(52, "resolutions")]),
    ],
)
def test_zh_breakdowns_opened_by_qizhong_and_counts_in_brackets_after_a_time(sentence, expected):
    got = [(r.value, r.unit) for r in readings(sentence, "zh")]
    assert got == expected


def test_a_little_more_than_a_multiple():
    assert [r.qualifier for r in readings("数量是上年的 3 倍有余。", "zh")] == ["more_than"]


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # two neighbouring numerals: an estimate between them; not two months
        ("小组由五六名顾问组成。", "zh", [(5, 6, "people", "range")]),
        ("约有三四十人到场。", "zh", [(30, 40, "people", "range")]),
        ("五六月间举行了会议。", "zh", []),
        # a qualifier before the whole a share in tenths is of
        ("上缴的枪支不及登记人数的两成。", "zh", [(20, None, "percent", "less_than")]),
        # the size of a difference counts the subject compared
        ("提交报告的会员国比上届少 6 个。", "zh", [(6, None, "states", "exact")]),
        # a verb right after the measure word: the count's noun is its whole's
        (
            "共有 11 个制裁制度，其中 7 个针对非洲国家。",
            "zh",
            [(11, None, "unspecified", "exact"), (7, None, "unspecified", "exact")],
        ),
        (
            "在 12 个特派团中，有 5 个的任务载有武器管理内容。",
            "zh",
            [(12, None, "unspecified", "exact"), (5, None, "unspecified", "exact")],
        ),
        # a place's name, then a noun of one character: places of it
        ("在 2 个达尔富尔州开展了项目。", "zh", [(2, None, "localities", "exact")]),
        # a regional group named with 国家 counts what the list counts
        (
            "作答的会员国为：非洲 5 个、西欧和其他国家 4 个。",
            "zh",
            [(5, None, "states", "exact"), (4, None, "states", "exact")],
        ),
        # the head of "seizures of ammunition" is counted, unless a noun of quantity
        ("Customs made 14 seizures of ammunition.", "en", [(14, None, "unspecified", "exact")]),
        (
            "It cleared 900 items of unexploded ordnance.",
            "en",
            [(900, None, "explosive_items", "exact")],
        ),
        # a series of labels with counts in brackets, the first with its noun
        (
            "Most asked for help in marking (15 States), training (9) and border control (6).",
            "en",
            [
                (15, None, "states", "exact"),
                (9, None, "states", "exact"),
                (6, None, "states", "exact"),
            ],
        ),
        # a list of names with counts in brackets counts what the sentence names
        (
            "The weapons were destroyed at 3 sites: Tarbela (400), Kitgum (250) and Arua (90).",
            "en",
            [
                (3, None, "unspecified", "exact"),
                (400, None, "weapons", "exact"),
                (250, None, "weapons", "exact"),
                (90, None, "weapons", "exact"),
            ],
        ),
        # the subject of a verb that gives its size
        ("Yet the firearms handed in numbered only 640.", "en", [(640, None, "weapons", "exact")]),
        (
            "Its staff grew from 4 to 9.",
            "en",
            [(4, None, "people", "exact"), (9, None, "people", "exact")],
        ),
        ("It named a 15-member panel.", "en", [(15, None, "people", "exact")]),
        # the group right before a count, mid-sentence
        (
            "It found that, of the 80 States, 52 favoured including ammunition.",
            "en",
            [(80, None, "states", "exact"), (52, None, "states", "exact")],
        ),
    ],
)
def test_estimates_between_numerals_subjects_series_in_brackets_and_heads_of_of(
    sentence, lang, expected
):
    got = [(r.value, r.value_high, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


def test_a_value_given_before_in_brackets_counts_the_same_and_is_replaced():
    sentence = "It collected 2,210 weapons (previously reported as 2,201) in 2025."
    first, earlier = readings(sentence, "en")
    assert (first.value, first.unit, first.flags) == (2210, "weapons", ())
    assert (earlier.value, earlier.unit) == (2201, "weapons")
    assert "superseded_value" in earlier.flags and "part_of_total" not in earlier.flags


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a range with its measure word after both bounds; a range after 在
        ("储存的弹药在 800 吨至 950 吨之间。", [(800, 950, "tonnes", "range")]),
        ("每年死于枪击的人数在 3 万至 4 万之间。", [(30_000, 40_000, "people", "range")]),
        ("各期人数从 25 人到 40 人不等。", [(25, 40, "people", "range")]),
        # bounds and approximations of more than one word
        ("登记记录保存期不得少于 10 年。", [(10, None, "years", "at_least")]),
        ("认捐总额约相当于 120 万美元。", [(1_200_000, None, "USD", "approximately")]),
        # 多出: the difference follows, no "more than"
        (
            "这一数字比上次的 80 个多出 12 个。",
            [(80, None, "unspecified", "exact"), (12, None, "unspecified", "exact")],
        ),
        # 全国 (nationwide) is no count of States; a head of another kind
        ("警察守卫全国 3 万余个投票站。", [(30_000, None, "unspecified", "more_than")]),
        ("清除了约 8 平方公里的土地。", [(8, None, "unspecified", "approximately")]),
        (
            "其中决议草案 40 项、决定草案 6 项。",
            [(40, None, "resolutions", "exact"), (6, None, "unspecified", "exact")],
        ),
        # a part opened by 其中 without a colon; a breakdown by region
        (
            "已有 70 个会员国提交了报告。其中 52 个使用了新模板。",
            [(70, None, "states", "exact"), (52, None, "states", "exact")],
        ),
        (
            "基金遴选了 15 个项目；按区域分列，非洲 8 个，欧洲 7 个。",
            [
                (15, None, "projects", "exact"),
                (8, None, "projects", "exact"),
                (7, None, "projects", "exact"),
            ],
        ),
        # a change by a count right after its subject
        ("安哥拉和斐济交存了批准书，缔约国由此增加 2 个。", [(2, None, "states", "exact")]),
    ],
)
def test_zh_ranges_with_two_measure_words_breakdowns_by_region_and_changes_by(sentence, expected):
    got = [(r.value, r.value_high, r.unit, r.qualifier) for r in readings(sentence, "zh")]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the count a change in per cent is measured from counts what the first counted
        (
            "Police seized 2.1 million rounds, 6 per cent more than the 1.98 million of 2027.",
            [(2_100_000, "ammunition"), (6, "percent"), (1_980_000, "ammunition")],
        ),
        # "the number of" a noun of no vocabulary: a count of its own
        ("The pledge brings to 7 the number of donors.", [(7, "unspecified")]),
        # proposals approved are projects
        ("The Board approved 12 of the 40 proposals.", [(12, "projects"), (40, "proposals")]),
    ],
)
def test_bases_of_a_change_in_per_cent_unknown_numbers_of_and_approved_proposals(
    sentence, expected
):
    got = [(r.value, r.unit) for r in readings(sentence, "en")]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a noun of another kind right after 次 is what it counts
        ("大会共听取了 95 次发言。", "zh", [(95, "unspecified")]),
        # countries doing what only States do are counted as States
        ("宣言通过时有 41 个国家签署。", "zh", [(41, "states")]),
        ("The Protocol was ratified by 6 countries.", "en", [(6, "states")]),
        ("45 countries provided data.", "en", [(45, "countries")]),
        # numbers after a note of their measure count what it counts, named before
        (
            "特派团协助销毁了收缴的武器，各地销毁数量(单位：件)如下：甲地 1 200，乙地 800。",
            "zh",
            [(1200, "weapons"), (800, "weapons")],
        ),
        # a list of nouns before a count: the first counts, as after one
        ("清除了未爆弹药和遗弃弹药 1.2 万余件。", "zh", [(12_000, "explosive_items")]),
        # list items with a note in brackets after their count
        (
            "Grants by region: Africa, 6 projects (US$ 1.2 million); Asia, 3 (US$ 0.5 million);"
            " Europe, 2 (US$ 0.3 million).",
            "en",
            [
                (6, "projects"),
                (1_200_000, "USD"),
                (3, "projects"),
                (500_000, "USD"),
                (2, "projects"),
                (300_000, "USD"),
            ],
        ),
    ],
)
def test_nouns_of_another_kind_acts_of_states_unit_notes_and_items_with_notes(
    sentence, lang, expected
):
    got = [(r.value, r.unit) for r in readings(sentence, lang)]
    assert got == expected


def test_pairs_under_a_header_shares_in_ninths_and_counts_of_one(tmp_path):
    body = (
        "1. Destruction by State (weapons/tonnes of ammunition): Albania, 4,210/96; Chad, 880/12."
        " The Assembly adopted resolutions 60/81 and 61/66.\n\n"
        "2. It went to 4 States, nine tenths of them in Asia.\n\n"
        "3. Only one observer State took part. One of the States found one weapon for every"
        " 12 inhabitants (A/62/163 and Corr.1).\n"
    )
    got = report_data(tmp_path, body).figures.select("location", "value", "unit")
    expected = pl.DataFrame(
        {
            "location": ["para 1"] * 4 + ["para 2"] * 2 + ["para 3"] * 2,
            "value": [4210.0, 96.0, 880.0, 12.0, 4.0, 90.0, 1.0, 12.0],
            "unit": [
                "weapons",
                "tonnes",
                "weapons",
                "tonnes",
                "states",
                "percent",
                "states",
                "people",
            ],
        }
    )
    assert_frame_equal(got, expected)


def test_accounted_for_one_organization_and_just_short_of(tmp_path):
    body = (
        "1. In all, 9,200 children were reached; Chad accounted for 3,100.\n\n"
        "2. In addition, one regional organization replied.\n\n"
        "3. It destroyed just short of 8,000 firearms.\n"
    )
    got = report_data(tmp_path, body).figures.select("value", "unit", "qualifier")
    expected = pl.DataFrame(
        {
            "value": [9200.0, 3100.0, 1.0, 8000.0],
            "unit": ["people", "people", "organisations", "weapons"],
            "qualifier": ["exact", "exact", "exact", "less_than"],
        }
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("收缴的武器少则 30 件，多则 90 件。", "zh", [(30, 90, "weapons", "range")]),
        (
            "会议共举行了 12 次，所作的发言有 40 次。",
            "zh",
            [(12, None, "meetings", "exact"), (40, None, "unspecified", "exact")],
        ),
        (
            "It met the estimated cost of US$ 2 million.",
            "en",
            [(2_000_000, None, "USD", "approximately")],
        ),
    ],
)
def test_ranges_said_apart_nouns_of_another_kind_before_and_estimates_named_before(
    sentence, lang, expected
):
    got = [(r.value, r.value_high, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # a list's lead named with a capital; a year labelling an earlier value in brackets
        (
            "Weapons destroyed, by subregion: West Africa 1,310 (2026: 1,170); East Africa 940.",
            "en",
            [
                (1310, None, "weapons", "exact"),
                (1170, None, "weapons", "exact"),
                (940, None, "weapons", "exact"),
            ],
        ),
        # a bound after the noun; a cap
        ("Arrears of 2 years or more were noted.", "en", [(2, None, "years", "at_least")]),
        ("Grants are capped at US$ 80,000.", "en", [(80_000, None, "USD", "at_most")]),
        # a rounded figure and its exact value in brackets count the noun after both
        (
            "They reported close to 2.3 million (2,281,400) firearms seized.",
            "en",
            [(2_300_000, None, "weapons", "approximately"), (2_281_400, None, "weapons", "exact")],
        ),
        # a noun of the vocabulary, then "of" and the number
        (
            "It held 5 workshops, with an average attendance of 31.",
            "en",
            [(5, None, "workshops", "exact"), (31, None, "people", "exact")],
        ),
        # weeks counted with 个星期; a place noun modifying the head of a compound
        ("为期 12 个星期的课程。", "zh", [(12, None, "weeks", "exact")]),
        ("共实施了 40 个社区减少暴力项目。", "zh", [(40, None, "projects", "exact")]),
        ("项目在 6 个社区协助居民交出武器。", "zh", [(6, None, "localities", "exact")]),
        # a bare thousand after a bound; 又有
        ("参加者不足千人。", "zh", [(1000, None, "people", "less_than")]),
        ("提交报告的会员国又有 80 个。", "zh", [(80, None, "states", "exact")]),
    ],
)
def test_leads_with_capitals_years_in_brackets_bounds_after_nouns_and_zh_compounds(
    sentence, lang, expected
):
    got = [(r.value, r.value_high, r.unit, r.qualifier) for r in readings(sentence, lang)]
    assert got == expected


def test_a_footnote_restating_its_citing_figure_lends_its_noun_to_the_parts(tmp_path):
    body = (
        "1. In all, 40 States replied.¹ The 3,200-strong force adopted 6 resolutions, "
        "one more than in 2026.\n\n"
        "¹ Of the 40, Africa accounted for 15 and Europe for 11.\n"
    )
    got = report_data(tmp_path, body).figures.select("location", "value", "unit")
    expected = pl.DataFrame(
        {
            "location": ["para 1"] * 4 + ["footnote 1"] * 3,
            "value": [40.0, 3200.0, 6.0, 1.0, 40.0, 15.0, 11.0],
            "unit": [
                "states",
                "people",
                "resolutions",
                "resolutions",
                "states",
                "states",
                "states",
            ],
        }
    )
    assert_frame_equal(got, expected)


def test_the_course_of_is_no_course_and_a_revision_upwards_counts_the_same(tmp_path):
    body = (
        "1. In the course of 12 field inspections, the Panel traced weapons.\n\n"
        "2. The figure of 180 deaths given last year has since been revised upwards to 214.\n"
    )
    got = report_data(tmp_path, body).figures.select("value", "unit")
    expected = pl.DataFrame(
        {"value": [12.0, 180.0, 214.0], "unit": ["unspecified", "people", "people"]}
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a note of what each number of an item counts
        (
            "共收缴武器 900 件、弹药 5 万发，按地区分列如下(武器以件计，弹药以发计)："
            "甲区 600 和 3.2 万；乙区 300 和 1.8 万。",
            [
                (900, "weapons"),
                (50_000, "ammunition"),
                (600, "weapons"),
                (32_000, "ammunition"),
                (300, "weapons"),
                (18_000, "ammunition"),
            ],
        ),
        # 其中 after a count whose noun came before it
        (
            "提交报告的会员国有 90 个。其中 35 个提供了背景资料。",
            [(90, "states"), (35, "states")],
        ),
    ],
)
def test_zh_notes_of_measures_and_parts_of_a_count_named_before_it(sentence, expected):
    got = [(r.value, r.unit) for r in readings(sentence, "zh")]
    assert got == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a part opened by 其中 with a word before its count, then a verb: the whole's noun
        (
            "1. 调查组走访了 38 个国家，发现其中仅 11 个实行许可证制度。\n",
            [(38.0, "countries"), (11.0, "countries")],
        ),
        # a relative clause with its head left out (从未提交的): the noun counted before
        (
            "1. 已提交报告的会员国有 120 个，约占 62%；未提交的则有 73 个。\n",
            [(120.0, "states"), (62.0, "percent"), (73.0, "states")],
        ),
    ],
)
def test_a_chinese_part_with_its_noun_left_out_counts_the_noun_before(tmp_path, body, expected):
    got = report_data(tmp_path, body, lang="zh").figures.select("value", "unit")
    assert_frame_equal(got, pl.DataFrame(expected, schema=["value", "unit"], orient="row"))


def test_a_number_word_in_all_and_a_footnote_count_before_its_verb(tmp_path):
    body = (
        "1. Late replies, nine in all, are posted online. The fund received 212 applications "
        "for US$ 31 million.²\n\n"
        "² Each was screened; 58 were found ineligible.\n"
    )
    got = report_data(tmp_path, body).figures.select("location", "value", "unit")
    expected = pl.DataFrame(
        {
            "location": ["para 1"] * 3 + ["footnote 2"],
            "value": [9.0, 212.0, 31e6, 58.0],
            "unit": ["unspecified", "proposals", "USD", "proposals"],
        }
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a span of hours made an adjective is a duration; only "24-hour" is around the clock
        (
            "Trainers ran nine 36-hour courses and a 24-hour hotline.",
            [(9.0, "courses", "exact"), (36.0, "hours", "exact")],
        ),
        ("Norway pledged it for a three-and-a-half-year project.", [(3.5, "years", "exact")]),
        ("The fund sent 5 weeks' supplies.", [(5.0, "weeks", "exact")]),
        ("The meeting, of one week's duration, closed.", [(1.0, "weeks", "exact")]),
        # a difference of spans counts the span before it
        (
            "Each course lasts 11 days, 2 more than before.",
            [(11, "days", "exact"), (2, "days", "exact")],
        ),
        # a share against the previous year, a share then its count, after an approximation
        (
            "Police seized 410 rifles, a fall of about a quarter on the previous year.",
            [(410.0, "weapons", "exact"), (25.0, "percent", "approximately")],
        ),
        (
            "Of the 2,400 guards vetted, nearly a third (790) were cleared.",
            [
                (2400.0, "people", "exact"),
                (33.33, "percent", "approximately"),
                (790.0, "people", "exact"),
            ],
        ),
        ("Almost a fifth recorded no seizures.", [(20.0, "percent", "approximately")]),
        ("The Board met over a third session.", []),
    ],
)
def test_spans_differences_and_shares_in_english(sentence, expected):
    got = [(r.value, r.unit, r.qualifier) for r in readings(sentence, "en")]
    assert got == expected


@pytest.mark.parametrize(
    ("body", "lang", "expected"),
    [
        # "one" after a count and "and" is the list's next count, of a noun of its own
        (
            "1. Funds came from 7 donor States and one private trust, 2 more than in 2026.\n",
            "en",
            [(7.0, "states"), (1.0, "unspecified"), (2.0, "unspecified")],
        ),
        # a count's measure word (吨) ends no list of nouns: 武器零部件 are parts
        (
            "1. 各方销毁武器 2.3 万件、弹药 118 吨和武器零部件 1 900 余件。\n",
            "zh",
            [(23000.0, "weapons"), (118.0, "tonnes"), (1900.0, "weapon_parts")],
        ),
        ("1. 提交报告的会员国仅有 61 个。\n", "zh", [(61.0, "states")]),
        ("1. 培训为期一个半月，另有一个半官方机构参加。\n", "zh", [(1.5, "months")]),
        (
            "1. 项目覆盖 17 个受益国家和 4 个受援国。\n",
            "zh",
            [(17.0, "countries"), (4.0, "states")],
        ),
    ],
)
def test_counts_in_a_list_and_nouns_before_a_count(tmp_path, body, lang, expected):
    got = report_data(tmp_path, body, lang=lang).figures.select("value", "unit")
    assert_frame_equal(got, pl.DataFrame(expected, schema=["value", "unit"], orient="row"))


def test_a_number_word_short_of_another_counts_as_both():
    sentence = "The treaty has 6 ratifications, three short of the nine it needs."
    assert read(sentence, "en") == [
        (6.0, "unspecified", "exact", "other_quantity"),
        (3.0, "unspecified", "exact", "other_quantity"),
        (9.0, "unspecified", "exact", "other_quantity"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Of the 60 seizures, half took place at borders and a quarter at ports.",
            [(60.0, "unspecified"), (50.0, "percent"), (25.0, "percent")],
        ),
        ("Of the 9 States, the latter half ratified.", [(9.0, "states")]),
    ],
)
def test_a_share_in_words_of_the_whole_a_sentence_opens_with(sentence, expected):
    assert [(r.value, r.unit) for r in readings(sentence, "en")] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("大会审议了 41 项决议草案和决定草案。", [(41.0, "resolutions", "exact")]),
        (
            "弹药的储存期不得短于 25 年，检查间隔短于 2 年。",
            [(25.0, "years", "at_least"), (2.0, "years", "less_than")],
        ),
        # 约 before 占 qualifies the share, not a count inside the whole it is of
        (
            "已复员者约占计划复员的 6.2 万人的 45%。",
            [(62000.0, "people", "exact"), (45.0, "percent", "approximately")],
        ),
        ("其预算不到所需经费的三分之一。", [(33.33, "percent", "less_than")]),
        ("上缴的武器占估计总数的 90% 以上。", [(90.0, "percent", "more_than")]),
        (
            "在答复的 31 个会员国中，非洲国家 12 个，亚洲国家 7 个。",
            [(31.0, "states", "exact"), (12.0, "states", "exact"), (7.0, "states", "exact")],
        ),
    ],
)
def test_chinese_lists_bounds_and_shares_of_a_named_whole(sentence, expected):
    assert [(r.value, r.unit, r.qualifier) for r in readings(sentence, "zh")] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Only 1 return in 8 was complete.", [(12.5, "percent", "exact")]),
        (
            "Fewer than one State in four publicly reported thefts.",
            [(25.0, "percent", "less_than")],
        ),
        ("Customs seized 640 12-gauge shotguns.", [(640.0, "weapons", "exact")]),
        ("The rate was above 40 per cent.", [(40.0, "percent", "more_than")]),
        ("Marking of approx. 2,300 weapons.", [(2300.0, "weapons", "approximately")]),
        ("The fellows, numbering 31, met in Vienna.", [(31.0, "people", "exact")]),
        (
            "The estimated cost of the plan for 2031–2033, put at US$ 18 million, is unmet.",
            [(18e6, "USD", "approximately")],
        ),
        (
            "The grants funded address marking (5), tracing (4), legislation (3) and storage (2).",
            [
                (5.0, "grants", "exact"),
                (4.0, "grants", "exact"),
                (3.0, "grants", "exact"),
                (2.0, "grants", "exact"),
            ],
        ),
    ],
)
def test_english_ratios_bounds_and_counts_named_around_them(sentence, expected):
    assert [(r.value, r.unit, r.qualifier) for r in readings(sentence, "en")] == expected


def test_parts_by_their_means_and_a_footnote_restating_bare_counts(tmp_path):
    body = (
        "1. Five States acceded during the year, four by ratification and one by succession. "
        "The number of reporting States by region was as follows: Africa, 30 (24); and Asia, "
        "19 (16).³\n\n"
        "³ The figures for the previous year were first given as 25 and 15. The total, 40, "
        "is unchanged.\n"
    )
    got = report_data(tmp_path, body).figures.select("location", "value", "unit")
    expected = pl.DataFrame(
        {
            "location": ["para 1"] * 7 + ["footnote 3"] * 3,
            "value": [5.0, 4.0, 1.0, 30.0, 24.0, 19.0, 16.0, 25.0, 15.0, 40.0],
            "unit": ["states"] * 10,
        }
    )
    assert_frame_equal(got, expected)


def test_a_part_of_a_whole_after_which_a_verb_comes_counts_the_whole(tmp_path):
    body = (
        "1. 全国 120 个行政区中已有 48 个经评估被宣布为“无武器”地区；另有 20 个行政区尚待宣布。\n"
    )
    got = report_data(tmp_path, body, lang="zh").figures.select("value", "unit")
    expected = pl.DataFrame({"value": [120.0, 48.0, 20.0], "unit": ["unspecified"] * 3})
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Panel traced arms through 9 warehouses that were unguarded.", [(9.0, "unspecified")]),
        (
            "It destroyed 8,400 weapons in two countries: Mali (5,100) and Niger (3,300).",
            [(8400.0, "weapons"), (2.0, "countries"), (5100.0, "weapons"), (3300.0, "weapons")],
        ),
        ("已核准的项目数(26 个)有误。", [(26.0, "projects")]),
        ("警方在 3 个过境点查获枪支 410 件。", [(3.0, "unspecified"), (410.0, "weapons")]),
    ],
)
def test_nouns_of_their_own_and_nouns_of_a_breakdown(sentence, expected):
    lang = "en" if sentence.isascii() else "zh"
    assert [(r.value, r.unit) for r in readings(sentence, lang)] == expected


@pytest.mark.parametrize(
    ("body", "lang", "expected"),
    [
        (
            "1. It destroyed 3,100 rifles in Bamako in May and 1,250 in Gao in June.\n",
            "en",
            [(3100.0, "weapons"), (1250.0, "weapons")],
        ),
        (
            "1. The figure of 12,400 combatants given earlier was too high; the corrected figure "
            "is 11,900.\n",
            "en",
            [(12400.0, "people"), (11900.0, "people")],
        ),
        ("1. 尚未提交报告的会员国仅剩 9 个。\n", "zh", [(9.0, "states")]),
        (
            "1. 已有 71 个国家设立了联络点，比一年前增加 5 个。\n",
            "zh",
            [(71.0, "countries"), (5.0, "countries")],
        ),
    ],
)
def test_counts_of_what_the_sentence_counted_before(tmp_path, body, lang, expected):
    got = report_data(tmp_path, body, lang=lang).figures.select("value", "unit")
    assert_frame_equal(got, pl.DataFrame(expected, schema=["value", "unit"], orient="row"))
