"""The briefing in English and in Chinese, from one dataset.

The wording catalogue has both languages for every key; numbers, dates, places,
entities and locations are written as each language's UN documents write them; every
chart draws the same numbers in both languages; every word of a Chinese chart or table
is Chinese (names such as ISO3 aside), and an English one holds Chinese only in the
fields that quote the report or show a label as printed.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from bs4 import BeautifulSoup
from polars.testing import assert_frame_equal

from analysis import labels
from analysis.reference import chinese_names
from analysis.strings import LANGS, catalogue, text
from analysis.topics import TOPICS, chart, gt, weapons

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
NBSP = "\u00a0"
#: Data fields that quote the report or show a label as printed: Chinese in English charts.
PRINTED_FIELDS = {"quote", "quotes", "locations", "location"}
IDS = [t.CHART_ID for t in TOPICS]


# -- the catalogue ---------------------------------------------------------------------


def _fields(wording: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(wording) if name}


def test_every_key_has_both_languages_with_the_same_fields():
    """A singular form (``<key>.one``) may leave a language empty: it keeps the key's."""
    rows = catalogue()
    for key, wording in rows.items():
        assert set(wording) == set(LANGS), key
        if key.endswith(".one") and key.removesuffix(".one") in rows:
            base = rows[key.removesuffix(".one")]
            assert wording["en"] and "{n}" in base["en"], key
            wording = {lang: wording[lang] or base[lang] for lang in LANGS}
        assert all(wording[lang] for lang in LANGS), f"{key}: a language is empty"
        assert _fields(wording["en"]) == _fields(wording["zh"]), key
        assert not CJK.search(wording["en"]), f"{key}: Chinese in the English wording"


def test_every_unit_has_a_name_in_both_languages(root):
    """A unit the reference data can give a figure is named in words, never as its code."""
    units = set(pl.read_csv(root / "data/reference/units.csv")["unit"])
    units |= set(pl.read_csv(root / "data/reference/currencies.csv")["currency"])
    for units_of in pl.read_csv(root / "data/reference/indicators.csv")["units"]:
        units |= set(units_of.split("|")) - {"*"}
    rows = catalogue()
    assert sorted(u for u in units if f"unit.{u}" not in rows) == []


def test_chinese_text_is_not_spaced_where_a_qualifier_meets_it():
    """共 {n} 件 spaces a number from the characters, not 约 or 多 from them."""
    fields = {"what": "收缴的武器", "place": "哥伦比亚"}
    assert text("facts.top_weapons", "zh", n="约 8 994", **fields).endswith("，共约 8 994 件")
    assert text("facts.top_weapons", "zh", n="8 994", **fields).endswith("，共 8 994 件")
    assert text("facts.top_weapons", "zh", n="100 多", **fields).endswith("，共 100 多件")


def test_a_count_of_one_takes_the_singular_form():
    assert text("timeline.subtitle", "en", n=1) == "1 dated event in the period"
    assert text("timeline.subtitle", "en", n=4) == "4 dated events in the period"
    assert text("count.reports", "en", n="1") == "1 report"
    assert text("timeline.subtitle", "zh", n=1) == "报告期内 1 个注明日期的事件"


def test_chinese_wording_is_chinese():
    """A Chinese entry has no Latin word, apart from formats, file names and commands."""
    allowed = re.compile(r"\{\w+\}|%-?\w|`[^`]*`|data/\S+|source\.yml|SHA-256|<source_id>")
    for key, wording in catalogue().items():
        if key.endswith("_format"):  # a d3 format specifier (",~f"), not words
            continue
        left = allowed.sub("", wording["zh"])
        assert not LATIN.search(left), f"{key}: {wording['zh']!r}"


def _keys_used_in_code() -> set[str]:
    """Literal keys of every ``text("key", ...)`` call in the package."""
    used = set()
    for path in Path("analysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "text"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    return used


def test_every_key_used_in_code_is_in_the_catalogue(root, monkeypatch):
    monkeypatch.chdir(root)
    used = _keys_used_in_code()
    assert len(used) > 100
    assert used <= set(catalogue()), sorted(used - set(catalogue()))


# -- numbers, dates, names, locations --------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["9,824", "100+", "~100", "<2", "US$3.1 million", "~US$3.1 million"]),
        ("zh", [f"9{NBSP}824", "100 多", "约 100", "不到 2", "310 万美元", "约 310 万美元"]),
    ],
)
def test_numbers_as_each_language_writes_them(lang, expected):
    got = [
        labels.qualified_label(9824, "exact", None, lang),
        labels.qualified_label(100, "more_than", None, lang),
        labels.qualified_label(100, "approximately", None, lang),
        labels.qualified_label(2, "less_than", None, lang),
        labels.format_number(3_100_000, "USD", lang),
        labels.qualified_label(3_100_000, "approximately", "USD", lang),
    ]
    assert got == expected


def test_chinese_money_and_qualifiers_join_up():
    assert labels.qualified_label(3_100_000, "more_than", "USD", "zh") == "310 多万美元"
    assert labels.format_number(5_000, "USD", "zh") == f"5{NBSP}000 美元"
    assert labels.signed_change(-2395, None, "zh") == f"−2{NBSP}395"


@pytest.mark.parametrize(
    ("lang", "day", "period"),
    [
        ("en", "24 July 2015", "August 2014 to July 2015"),
        ("zh", "2015 年 7 月 24 日", "2014 年 8 月至 2015 年 7 月"),
    ],
)
def test_dates_and_periods(lang, day, period):
    assert labels.date_label(dt.date(2015, 7, 24), "day", lang) == day
    assert labels.period_label(dt.date(2014, 8, 1), dt.date(2015, 7, 31), lang) == period


@pytest.mark.parametrize(
    ("location", "place", "en", "zh"),
    [
        ("para 30", None, "para 30", "第 30 段"),
        ("summary", None, "summary", "摘要"),
        (
            "annex: UNDP | 布隆迪 | training_awareness",
            "Burundi",
            "Annex, UNDP, Burundi (training and awareness)",
            "附件：开发署，布隆迪（培训/提高认识）",
        ),
        (
            "annex: DPKO/UNMAS | 海地 | text",
            "Haiti",
            "Annex, DPKO/UNMAS, Haiti",
            "附件：维和部/地雷行动处，海地",
        ),
    ],
)
def test_locations_a_reader_understands(location, place, en, zh):
    assert labels.location_label(location, place, "en") == en
    assert labels.location_label(location, place, "zh") == zh


def test_place_names_come_from_the_reference_data():
    got = pl.DataFrame(
        {
            "english": [
                "Burundi",
                "Cambodia",
                "Kosovo",
                "Arms Trade Treaty",
                "Regional project: Chad, Mali",
                "Africa, Latin America and the Caribbean, Pacific",
            ]
        }
    ).with_columns(
        pl.col("english")
        .map_elements(lambda p: labels.place_label(p, "zh"), return_dtype=pl.String)
        .alias("zh")
    )
    expected = pl.DataFrame(
        {
            "english": got["english"],
            "zh": [
                "布隆迪",
                "柬埔寨",
                "科索沃",
                "《武器贸易条约》",
                "区域项目：乍得、马里",
                "非洲、拉丁美洲和加勒比、太平洋",
            ],
        }
    )
    assert_frame_equal(got, expected)


def test_every_place_and_entity_in_the_data_has_a_chinese_name(processed):
    places = set()
    for frame, column in (
        (processed.figures, "subject"),
        (processed.activities, "subject"),
        (processed.events, "subject"),
        (processed.assignments, "subject_label"),
    ):
        places |= set(frame[column].drop_nulls().to_list())
    unnamed = {p for p in places if LATIN.search(labels.place_label(p, "zh"))}
    assert unnamed == set(), "add them to data/reference/place_names_zh.csv"
    entities = set(processed.activities["entity_en"]) | set(processed.activities["entity_group"])
    assert entities <= set(chinese_names().entities)


def test_chinese_text_never_starts_a_line_with_closing_punctuation():
    line = (
        "资料来源：联合国秘书长关于小武器和轻武器问题的报告（2015 年 7 月 24 日，中文），"
        "第 23、30 段。"
    )
    for width in range(20, 60):
        lines = labels.wrap_text(line, width)
        assert "".join(lines).replace(" ", "") == line.replace(" ", "")
        assert not any(x[0] in "，。、；：）" for x in lines[1:]), (width, lines)
        assert not any(x[-1] in "（《" for x in lines), (width, lines)


# -- charts and tables in both languages -----------------------------------------------


@pytest.fixture(scope="module")
def specs(processed) -> dict[tuple[str, str], dict]:
    return {(t, lang): chart(t, processed, lang=lang).to_dict() for t in IDS for lang in LANGS}


def _numbers(spec: dict) -> Counter:
    """Every number in the chart's data (datasets and inline data, geometry left out)."""
    found: Counter = Counter()

    def rows(node):
        if isinstance(node, dict):
            if "values" in node and isinstance(node["values"], list):
                yield from node["values"]
            for key, value in node.items():
                if key != "values":
                    yield from rows(value)
        elif isinstance(node, list):
            for value in node:
                yield from rows(value)

    datasets = [
        r
        for values in spec.get("datasets", {}).values()
        if isinstance(values, list)
        for r in values
    ]
    for row in [*datasets, *rows({k: v for k, v in spec.items() if k != "datasets"})]:
        if isinstance(row, dict):
            found.update(
                (k, v) for k, v in row.items() if isinstance(v, int | float) and k != "arcs"
            )
    return found


@pytest.mark.parametrize("chart_id", IDS)
def test_the_same_numbers_are_drawn_in_both_languages(specs, chart_id):
    en, zh = _numbers(specs[chart_id, "en"]), _numbers(specs[chart_id, "zh"])
    assert en == zh
    if chart_id != "trends":  # one report: nothing to trend
        assert en, f"{chart_id}: no numbers drawn"


def _words(spec: dict) -> list[str]:
    """Every word a reader sees that is not data: titles, subtitles, axis, legend and
    tooltip titles, literal text marks, the alt text and the source line."""
    out: list[str] = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("title", "subtitle", "description") and isinstance(v, str | list):
                    out.extend([v] if isinstance(v, str) else [x for x in v if isinstance(x, str)])
                elif k == "text" and isinstance(v, str | list) and key == "mark":
                    out.extend([v] if isinstance(v, str) else v)
                elif k == "value" and isinstance(v, str) and key == "text":
                    out.append(v)
                elif k not in ("datasets", "data", "usermeta"):
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk(spec)
    meta = spec["usermeta"]["salw"]
    return [*out, meta["title"], meta["subtitle"], meta["source"], meta["alt"]]


def _shown(spec: dict) -> list[str]:
    """Data values drawn as labels (not quotes or as-printed fields)."""
    values = [
        r for rows in spec.get("datasets", {}).values() if isinstance(rows, list) for r in rows
    ]
    return [
        v
        for row in values
        for k, v in row.items()
        if isinstance(v, str) and k not in PRINTED_FIELDS and not k.startswith("_")
    ]


#: Latin words a Chinese chart or table may show: names, codes, units of the data.
ALLOWED_LATIN = re.compile(r"ISO3|SHA-256|\b[A-Z]{3}\b|\d{4}-[\w-]+|https?://\S+|data/\S+")


@pytest.mark.parametrize("chart_id", IDS)
def test_a_chinese_chart_is_chinese(specs, chart_id):
    spec = specs[chart_id, "zh"]
    words = [w for w in _words(spec) if w]
    assert words
    for word in words:
        assert not LATIN.search(ALLOWED_LATIN.sub("", word)), word
    assert CJK.search(spec["usermeta"]["salw"]["title"])


@pytest.mark.parametrize("chart_id", IDS)
def test_an_english_chart_has_chinese_only_in_quotes(specs, chart_id):
    spec = specs[chart_id, "en"]
    for word in [*_words(spec), *_shown(spec)]:
        assert not CJK.search(word), word


def _table_words(html: str) -> tuple[list[str], list[str]]:
    """Return (headers, title, subtitle and source note; body cells) of a GT table."""
    soup = BeautifulSoup(html, "html.parser")
    heads = [e.get_text(" ", strip=True) for e in soup.select("th, .gt_title, .gt_subtitle")]
    notes = [e.get_text(" ", strip=True) for e in soup.select(".gt_sourcenote")]
    for marked in soup.select("[lang]"):
        marked.decompose()
    cells = [e.get_text(" ", strip=True) for e in soup.select("td")]
    return [*heads, *notes], cells


@pytest.mark.parametrize("chart_id", IDS)
def test_table_headers_in_each_language(processed, chart_id):
    heads, _ = _table_words(gt(chart_id, processed, lang="zh").as_raw_html())
    for word in heads:
        assert not LATIN.search(ALLOWED_LATIN.sub("", word)), word
    heads, cells = _table_words(gt(chart_id, processed, lang="en").as_raw_html())
    for word in [*heads, *cells]:
        assert not CJK.search(word), word


def test_quotes_keep_the_report_language_and_are_marked(processed):
    html = weapons.gt(processed, lang="en").as_raw_html()
    assert "As written" not in html  # the weapons table has no quote column
    html = gt("headlines", processed, lang="en").as_raw_html()
    assert "As written (Chinese)" in html
    assert '<span lang="zh">组织自愿交回小武器运动，结果收回了9 824件武器</span>' in html
    html = gt("headlines", processed, lang="zh").as_raw_html()
    assert "原文（中文）" in html and "组织自愿交回小武器运动，结果收回了9 824件武器" in html


def test_a_country_whose_un_chinese_name_differs_from_the_iso_locale_is_named_as_the_un_does():
    places = chinese_names().places
    assert [places[p] for p in ("Kyrgyzstan", "Malta", "Trinidad and Tobago")] == [
        "吉尔吉斯斯坦",
        "马耳他",
        "特立尼达和多巴哥",
    ]
