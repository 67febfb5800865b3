"""Series assignment: each figure maps to at most one series and subject, near misses to none."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.extract._assign import assign_series, number_clause
from analysis.processed import TABLES
from analysis.reference import load_reference

from .conftest import ROOT


@pytest.mark.parametrize(
    ("quote", "token", "clause"),
    [
        (
            "To date, 130 States have signed the Treaty, 48 of which have not yet ratified it.",
            "48",
            "48 of which have not yet ratified it",
        ),
        (
            "To date, 130 States have signed the Treaty, 48 of which have not yet ratified it.",
            "130",
            "130 States have signed the Treaty",
        ),
        ("迄今为止，已有 130 个会员国签署了该条约，其中 69 国已予批准。", "69", "69 国已予批准"),
        ("已有 130 个国家签署了该条约，其中 48 国尚未批准。", "48", "48 国尚未批准"),
        (
            "The trust facility received 45 proposals and funded 14 projects.",
            "45",
            "The trust facility received 45 proposals",
        ),
    ],
)
def test_the_words_of_a_number_stop_at_its_clause(quote, token, clause):
    assert number_clause(quote, token) == clause


def _figure(n: int, indicator: str, value: float, unit: str, quote: str, token: str, **extra):
    row = {c: None for c in TABLES["figures"].column_names()}
    row |= dict(
        figure_id=f"s/para-{n}/1",
        source_id="s",
        location=f"para {n}",
        paragraph_id=f"para-{n}",
        line=n,
        indicator=indicator,
        value=value,
        unit=unit,
        qualifier="exact",
        quote=quote,
        token=token,
    )
    return row | extra


UNSCAR = "UN Trust Facility Supporting Cooperation on Arms Regulation (UNSCAR)"
ATT = "Arms Trade Treaty"


@pytest.fixture(scope="module")
def assigned() -> pl.DataFrame:
    rows = [
        _figure(
            1,
            "att_signatories",
            130,
            "states",
            "130 States have signed the Treaty, 48 of which have not yet ratified it.",
            "130",
            subject=ATT,
        ),
        _figure(
            2,
            "att_ratifications",
            48,
            "states",
            "130 States have signed the Treaty, 48 of which have not yet ratified it.",
            "48",
            subject=ATT,
        ),
        _figure(
            3,
            "att_signatories",
            41,
            "states",
            "41 States have signed but not yet ratified the Treaty.",
            "41",
            subject=ATT,
        ),
        _figure(
            4,
            "grant_amount",
            1_000_000,
            "USD",
            "The Voluntary Trust Fund of the Arms "
            "Trade Treaty awarded grants totalling US$ 1 million.",
            "1 million",
            subject=UNSCAR,
        ),
        _figure(
            5,
            "grant_amount",
            2_800_000,
            "USD",
            "In 2016, UNSCAR awarded grants totalling US$ 2.8 million.",
            "2.8 million",
            subject=UNSCAR,
        ),
        _figure(
            6,
            "grant_projects",
            45,
            "projects",
            "The trust facility received 45 proposals and funded 14 projects.",
            "45",
            subject=UNSCAR,
        ),
        _figure(
            7,
            "grant_projects",
            14,
            "projects",
            "The trust facility received 45 proposals and funded 14 projects.",
            "14",
            subject=UNSCAR,
        ),
        _figure(
            8,
            "grant_projects",
            12,
            "projects",
            "In 2014, 12 projects received grants.",
            "12",
            subject=UNSCAR,
        ),
        _figure(
            9,
            "weapons_destroyed",
            3000,
            "weapons",
            "Kosovo destroyed 3,000 weapons.",
            "3,000",
            subject="Kosovo",
            iso3="XKX",
            subject_kind="territory",
        ),
    ]
    figures = pl.DataFrame(rows, schema=TABLES["figures"].create_empty().schema)
    return assign_series(figures, load_reference(ROOT))


def test_each_figure_gets_one_series_or_a_named_near_miss(assigned):
    expected = pl.DataFrame(
        {
            "figure_id": [f"s/para-{n}/1" for n in range(1, 10)],
            "series": [
                "att_signatories",
                None,
                None,
                None,
                "unscar_grants_usd",
                None,
                "unscar_projects_funded",
                "unscar_projects_funded",
                "weapons_destroyed",
            ],
            "subject": ["att", None, None, None, "unscar", None, "unscar", "unscar", "XKX"],
            "confidence": [
                "medium",
                "none",
                "none",
                "none",
                "high",
                "none",
                "high",
                "medium",
                "high",
            ],
        }
    )
    assert_frame_equal(assigned.select(expected.columns), expected)


def test_near_misses_say_why(assigned):
    rules = dict(zip(assigned["figure_id"], assigned["rule"], strict=True))
    assert rules["s/para-2/1"] == "near miss: 'not yet' by the number"
    assert rules["s/para-4/1"] == "sentence names Arms Trade Treaty Voluntary Trust Fund"
    assert rules["s/para-6/1"] == "near miss: 'proposal' by the number"
