"""The data behind each chart and table as a CSV download, and the "Every figure" table
(issue #13): per format, per language, offline."""

from __future__ import annotations

import base64
import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

from analysis import downloads, notebook
from analysis.briefing import EVERY_FIGURE_COLUMNS, every_figure
from analysis.figure_index import figure_index


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point QUARTO_EXECUTE_INFO at a render to ``fmt``."""

    def point(fmt: str) -> None:
        info = {"format": {"identifier": {"base-format": fmt}, "execute": {"fig-format": "png"}}}
        path = tmp_path / f"{fmt}.json"
        path.write_text(json.dumps(info), encoding="utf-8")
        monkeypatch.setenv("QUARTO_EXECUTE_INFO", str(path))
        monkeypatch.setitem(notebook._state, "bundle_emitted", False)

    return point


def _decoded(link_html: str) -> str:
    payload = link_html.split("base64,", 1)[1].split('"', 1)[0]
    return base64.b64decode(payload).decode("utf-8")


def test_csv_is_for_spreadsheets_utf8_bom_integers_and_no_formulas():
    frame = pl.DataFrame(
        {"place": ["Burundi", "=cmd()"], "value": [9824.0, 2.5], "ids": [["a", "b"], []]}
    )
    content = downloads.csv_text(frame)
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert rows == [["place", "value", "ids"], ["Burundi", "9824", "a; b"], ["'=cmd()", "2.5", ""]]


def test_link_names_the_file_and_speaks_the_documents_language():
    frame = pl.DataFrame({"地点": ["布隆迪"], "n": [1]})
    en = downloads.csv_link(frame, "weapons", "en")
    zh = downloads.csv_link(frame, "weapons", "zh")
    assert 'download="weapons.csv"' in en and "1 row)" in en
    assert 'download="weapons-zh.csv"' in zh and "下载数据" in zh
    assert "布隆迪" in _decoded(zh)
    assert en.count("<a ") == 1 and "http" not in en


def test_chart_with_data_adds_the_link_in_html_only(processed, target):
    shown = downloads.chart("weapons", processed, lang="en")
    target("html")
    html_bundle = shown._repr_mimebundle_()
    assert "text/html" not in html_bundle  # no CDN scripts under Quarto
    markdown = html_bundle["text/markdown"]
    assert "vega-embed-target" in markdown and markdown.count("<a download=") == 1
    assert markdown.index("vega-embed-target") < markdown.index("<a download=")
    target("typst")
    assert set(shown._repr_mimebundle_()) == {"image/png", "text/plain"}
    target("pptx")
    assert "<a download" not in json.dumps(shown._repr_mimebundle_())


def test_table_with_data_links_the_topics_table(processed, target):
    from analysis.topics import topic

    target("html")
    markdown = downloads.table("headlines", processed, lang="zh")._repr_mimebundle_()
    markdown = markdown["text/markdown"]
    assert "<table" in markdown and "下载数据" in markdown
    rows = list(csv.reader(io.StringIO(_decoded(markdown.split("<a download=")[1])[1:])))
    expected = topic("headlines").table(processed, lang="zh")
    assert rows[0] == expected.columns and len(rows) - 1 == expected.height
    target("typst")
    assert "<a " not in downloads.table("headlines", processed)._repr_mimebundle_()["text/markdown"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_figure_has_one_row_per_figure_in_the_readers_words(processed, lang):
    rows = every_figure(processed, lang)
    assert rows.height == processed.figures.height
    assert set(EVERY_FIGURE_COLUMNS) <= set(rows.columns)
    assert rows["number"].to_list() == processed.figures["value"].to_list()
    assert not [c for c in EVERY_FIGURE_COLUMNS if c != "where" and rows[c].is_in([""]).all()]
    if lang == "zh":
        assert "准确数" in rows["qualifier"].to_list() and "武器" in rows["unit"].to_list()
    else:
        assert not rows.filter(pl.col("unit").str.contains("_")).height  # words, not codes


def test_figure_index_is_interactive_in_html_and_compact_elsewhere(processed, target):
    target("html")
    html_md = figure_index(processed, lang="en")._repr_mimebundle_()["text/markdown"]
    assert html_md.count("<tr>") == processed.figures.height + 1
    assert 'type="search"' in html_md and html_md.count("<button") == len(EVERY_FIGURE_COLUMNS)
    assert "<script" in html_md and "src=" not in html_md and "http" not in html_md
    assert html_md.count("<a download=") == 1
    assert '<span lang="zh">' in html_md  # the quotes are marked as Chinese
    target("typst")
    compact = figure_index(processed, lang="en")._repr_mimebundle_()["text/markdown"]
    assert "<table" not in compact and "Where in the report" in compact
    assert "As written" not in compact  # no quotes on paper
