"""Number forms, one sentence each: value, unit, qualifier and indicator as a reader means them."""

from __future__ import annotations

import pytest

from analysis.extract._figures import read_figure
from analysis.extract._numbers import scan_line
from analysis.reference import load_reference

from .conftest import ROOT


def read(sentence: str, lang: str) -> list[tuple]:
    ref = load_reference(ROOT)
    tokens, _ = scan_line(sentence)
    figures = [t for t in tokens if t.excluded is None]
    out = []
    for i, token in enumerate(figures):
        following = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        r = read_figure(sentence, token, following, ref, lang, "")
        out.append((r.value, r.unit, r.qualifier, r.indicator))
    return out


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (
            "组织自愿交回小武器运动，结果收回了9 824件武器",
            "zh",
            [(9824, "weapons", "exact", "weapons_collected")],
        ),
        ("总额为 310 万美元。", "zh", [(3_100_000, "USD", "exact", "other_quantity")]),
        (
            "在 2014 年，有 18 个项目获得赠款，总额为 310 万美元。",
            "zh",
            [
                (18, "projects", "exact", "grant_projects"),
                (3_100_000, "USD", "exact", "grant_amount"),
            ],
        ),
        ("处置了 20 367 千克的白磷", "zh", [(20367, "kg", "exact", "material_disposed_kg")]),
        (
            "这种爆炸已影响到全球 100 多个国家。",
            "zh",
            [(100, "countries", "more_than", "countries_affected_explosions")],
        ),
        ("培训了近 100 进/出口官员", "zh", [(100, "people", "approximately", "people_trained")]),
        (
            "举行了两次小武器和轻武器委员会的正式区域会议",
            "zh",
            [(2, "meetings", "exact", "meetings_held")],
        ),
        (
            "在超过 20 个非洲、亚太的国家举办培训班",
            "zh",
            [(20, "countries", "more_than", "countries_assisted")],
        ),
        ("收回了９ ８２４件武器", "zh", [(9824, "weapons", "exact", "weapons_collected")]),
        ("成功率提高了 15%", "zh", [(15, "percent", "exact", "percentage")]),
        (
            "resulting in the recovery of 9,824 weapons",
            "en",
            [(9824, "weapons", "exact", "weapons_collected")],
        ),
        (
            "18 projects received grants totalling US$ 3.1 million.",
            "en",
            [
                (18, "projects", "exact", "grant_projects"),
                (3_100_000, "USD", "exact", "grant_amount"),
            ],
        ),
        (
            "Supported the destruction of 782 confiscated small arms",
            "en",
            [(782, "weapons", "exact", "weapons_destroyed")],
        ),
        (
            "some 500 security sector officials were trained",
            "en",
            [(500, "people", "approximately", "people_trained")],
        ),
        (
            "explosions affecting more than 100 countries",
            "en",
            [(100, "countries", "more_than", "countries_affected_explosions")],
        ),
        ("twenty-five workshops were held", "en", [(25, "workshops", "exact", "workshops_held")]),
        (
            "installed 19 security doors at four ammunition and small arms storage locations",
            "en",
            [
                (19, "security_doors", "exact", "security_doors_installed"),
                (4, "storage_sites", "exact", "storage_sites_secured"),
            ],
        ),
        (
            "Conducted eight workshops on tracing for 166 police officers",
            "en",
            [
                (8, "workshops", "exact", "workshops_held"),
                (166, "people", "exact", "people_trained"),
            ],
        ),
        (
            "grants totalling 3.1 million United States dollars",
            "en",
            [(3_100_000, "USD", "exact", "grant_amount")],
        ),
        (
            "the recovery of 9,824 weapons and ammunition",
            "en",
            [(9824, "weapons", "exact", "weapons_collected")],
        ),
        (
            "12,867 rounds of ammunition were destroyed",
            "en",
            [(12867, "ammunition", "exact", "ammunition_destroyed")],
        ),
    ],
)
def test_number_forms(sentence, lang, expected):
    assert read(sentence, lang) == expected
