"""Hovering a number shows where it comes from and the sentence that states it."""

from __future__ import annotations

import json

import pytest

from analysis.topics import capacity, headlines, timeline, weapons


def tooltip_fields(spec: dict) -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            tip = node.get("tooltip")
            if isinstance(tip, list):
                found.update(t.get("field", "") for t in tip if isinstance(t, dict))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


@pytest.mark.parametrize(
    ("topic", "source", "quote"),
    [
        (weapons, "locations", "quotes"),
        (capacity, "locations", "quotes"),
        (headlines, "locations", "quote"),
        (timeline, "location", "quote"),
    ],
)
def test_tooltips_carry_source_and_quote(processed, topic, source, quote):
    spec = topic.chart(processed).to_dict()
    assert {source, quote} <= tooltip_fields(spec)


def test_burundi_bar_quotes_the_report(processed):
    spec = json.dumps(weapons.chart(processed).to_dict(), ensure_ascii=False)
    assert "组织自愿交回小武器运动，结果收回了9 824件武器" in spec
    assert "annex: UNDP | 布隆迪 | training_awareness" in spec
