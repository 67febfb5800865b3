"""The Quarto project declares every style and filter; the built-in renderer reads them.

Issue #11: real Quarto and the built-in renderer must render the same briefing. These
fast tests pin the declarations and how the built-in renderer turns them into Pandoc
options; the end-to-end checks are in test_briefing.py and test_render.py.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypandoc
import pytest

from analysis.markdown import html_table_to_markdown
from analysis.render._convert import LUA_FILTER, _common_args
from analysis.render._project import load_project
from tests.conftest import ROOT

STYLE = ROOT / "reports" / "_style"
PANDOC = pypandoc.get_pandoc_path()


@pytest.fixture(scope="module")
def options() -> dict:
    """The briefing's and the deck's merged options per format."""
    project = load_project(ROOT)
    merged = {}
    for qmd in project.documents():
        from analysis.render._qmd import parse_qmd

        merged.update(project.format_options(parse_qmd(qmd).meta, qmd.parent))
    return merged


def test_styles_are_declared_in_the_project(options: dict) -> None:
    assert set(options) == {"html", "typst", "pptx", "revealjs"}
    assert options["html"]["css"] == [STYLE / "house.css"]
    assert options["revealjs"]["css"] == [STYLE / "house-revealjs.css"]
    assert options["typst"]["include-before-body"] == [STYLE / "house.typ"]
    for fmt in options:
        assert options[fmt]["filters"] == [
            {"path": STYLE / "table-notes.lua", "at": "post-render"},
            {"path": STYLE / "colwidths.lua", "at": "post-render"},
        ]
    assert options["html"]["embed-resources"] is True  # point 4: Quarto embeds too
    assert options["revealjs"]["embed-resources"] is True
    assert options["pptx"]["fig-format"] == "png"  # point 3: PNG pictures in the deck
    assert options["typst"]["fig-format"] == "svg"
    for paths in (options["html"]["css"], options["typst"]["include-before-body"]):
        assert all(p.is_file() for p in paths)


def test_no_style_hides_in_the_package() -> None:
    """The package ships the renderer, not the house style (one source: _quarto.yml)."""
    package = ROOT / "analysis" / "render"
    assert not [p for p in package.iterdir() if p.suffix in (".css", ".typ")]
    assert [p.name for p in package.glob("*.lua")] == [LUA_FILTER.name]
    assert "*.css" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_declared_files_become_pandoc_options(options: dict) -> None:
    typst = _common_args("typst", options["typst"])
    assert f"--include-before-body={STYLE / 'house.typ'}" in typst
    assert f"--lua-filter={STYLE / 'colwidths.lua'}" in typst
    assert not [a for a in typst if a.startswith("--css")]
    assert f"--css={STYLE / 'house.css'}" in _common_args("html", options["html"])
    assert f"--css={STYLE / 'house-revealjs.css'}" in _common_args("revealjs", options["revealjs"])


def _pandoc(markdown: str, to: str, *args: str) -> str:
    return subprocess.run(
        [PANDOC, "-f", "markdown", "-t", to, *args],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_colwidths_filter_sizes_typst_columns_only() -> None:
    """Point 1: columns sized from their text in Typst (Quarto's default is equal)."""
    long = " ".join(["stockpile_management"] * 12)
    table = f"| n | place | quote |\n|---|---|---|\n| 1 | Kosovo | {long} |\n"
    filt = f"--lua-filter={STYLE / 'colwidths.lua'}"
    widths = re.search(r"columns: \(([^)]*)\)", _pandoc(table, "typst", filt)).group(1)
    percents = [float(w.strip().rstrip("%")) for w in widths.split(",") if w.strip()]
    assert len(percents) == 3 and percents[2] > 2 * percents[1] > 0
    assert _pandoc(table, "html", filt) == _pandoc(table, "html")


def test_colwidths_filter_keeps_a_short_cell_on_one_line() -> None:
    """A column of short cells ("4 个地方", 8 characters wide) beside a long quote gets
    room for them on one line, not one Chinese character a line."""
    long = " ".join(["Collected 1,340 weapons and 96,000 rounds of ammunition"] * 8)
    where = "；".join(["附件：开发署，布隆迪（培训/提高认识）"] * 4)
    table = (
        "| 数字 | 地点 | 出处 | 原文 |\n|---|---|---|---|\n"
        f"| 约 8 210 | 4 个地方 | {where} | {long} |\n"
    )
    filt = f"--lua-filter={STYLE / 'colwidths.lua'}"
    widths = re.search(r"columns: \(([^)]*)\)", _pandoc(table, "typst", filt)).group(1)
    percents = [float(w.strip().rstrip("%")) for w in widths.split(",") if w.strip()]
    # Both short cells are 8 characters wide (a Chinese one counts two), plus 2 of padding,
    # out of the 125 a line of table holds (colwidths.lua).
    assert min(percents[0], percents[1]) >= 100 * (8 + 2) / 125
    assert percents[3] > percents[2] > percents[1]


def test_a_tables_notes_come_back_as_its_footer() -> None:
    """A great_tables source note travels as a div after a pipe table (a footer row would
    make it a grid table padded to the note's width) and is the table's footer again
    once the project's filter has run: the Typst table is the one Pandoc makes of the
    HTML table with its footer."""
    note = "Source: UN Secretary-General, report on small arms (24 July 2015), para 23."
    html = (
        "<table><thead><tr><th>Place</th><th>Quantity</th></tr></thead>"
        "<tbody><tr><td>Burundi</td><td>9,824</td></tr></tbody>"
        f'<tfoot><tr><td colspan="2"><span class="gt_from_md">{note}</span></td></tr></tfoot>'
        "</table>"
    )
    markdown = html_table_to_markdown(html)
    assert markdown.startswith("| Place") and "::: sb-table-note" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 3 and max(len(row) for row in rows) < 30  # not padded to the note
    notes = f"--lua-filter={STYLE / 'table-notes.lua'}"
    from_html = subprocess.run(
        [PANDOC, "-f", "html", "-t", "typst"], input=html, capture_output=True, text=True
    ).stdout
    assert "table.footer(table.cell(colspan: 2)[Source:" in from_html
    assert _pandoc(markdown, "typst", notes) == from_html
    assert "table.footer" not in _pandoc(markdown, "typst")  # the filter puts it back
    totals = re.sub(
        r"<tfoot>.*</tfoot>", "<tfoot><tr><td>Total</td><td>9,824</td></tr></tfoot>", html
    )
    assert "sb-table-note" not in html_table_to_markdown(totals)  # a footer with columns stays


def test_crossref_words_follow_the_language() -> None:
    """Quarto's words for lang: zh ("图", "表格"), as its language files give them."""
    from analysis.render._language import language

    zh = language("zh-CN")
    assert zh["crossref-fig-title"] == "图" and zh["crossref-tbl-title"] == "表格"
    assert language("en", {"crossref-fig-title": "Chart"})["crossref-fig-title"] == "Chart"
    doc = (
        "---\nsb-format: html\nsb-language:\n  crossref-fig-title: 图\n---\n\n"
        "See @fig-a.\n\n::: {#fig-a}\n![](a.png)\n\nCaption\n:::\n"
    )
    html = _pandoc(doc, "html", f"--lua-filter={LUA_FILTER}")
    assert "图 1: Caption" in html and ">图 1</a>" in html


@pytest.mark.parametrize("to", ["html5", "revealjs", "typst", "pptx"])
def test_every_document_language_has_pandoc_translations(to: str, tmp_path: Path) -> None:
    """Pandoc has its words (``Abstract`` ...) for each document's ``lang``: no warning.

    Pandoc has no ``zh`` translations, only ``zh-Hans`` and ``zh-Hant``, so the Chinese
    documents say ``lang: zh-Hans``; Quarto reads ``_language-zh.yml`` for it all the
    same (its variations go from the primary subtag, quarto-cli src/core/language.ts).
    """
    from analysis.render._qmd import parse_qmd

    langs = {str(parse_qmd(q).meta.get("lang", "en")) for q in load_project(ROOT).documents()}
    assert "zh-Hans" in langs
    for lang in sorted(langs):
        proc = subprocess.run(
            [PANDOC, "-f", "markdown", "-t", to, "-s", "-o", str(tmp_path / "out")],
            input=f"---\ntitle: T\nlang: {lang}\nabstract: A\n---\n\nText.\n",
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0 and not proc.stderr, (lang, proc.stderr)


def test_typst_headings_shift_like_quarto() -> None:
    """Quarto's Typst format shifts headings up when a document has no level-1 heading."""
    from analysis.render._convert import _Conversion, _heading_shift

    def shift(markdown: str, **options) -> list[str]:
        return _heading_shift(_Conversion(markdown, Path("x.pdf"), Path("."), options))

    assert shift("## A\n\ntext\n") == ["--shift-heading-level-by=-1"]
    assert shift("# A\n\n## B\n") == []
    assert shift("## A\n", **{"shift-heading-level-by": 0}) == []


def test_a_table_made_again_the_same_is_converted_once(tmp_path, monkeypatch, caplog) -> None:
    """great_tables draws a new random id for each table it makes; a table made again
    with the same rows (a build after a correction elsewhere) is not converted by
    Pandoc again, and a table with a changed cell is."""
    import logging

    import polars as pl
    from great_tables import GT

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    caplog.set_level(logging.INFO, logger="analysis.cache")

    def made(value: int) -> str:
        return GT(pl.DataFrame({"Place": ["Burundi"], "Weapons": [value]}))._repr_html_()

    first, again, changed = made(9824), made(9824), made(9825)
    assert first != again  # the random id
    tables = [html_table_to_markdown(html) for html in (first, again, changed)]
    assert tables[0] == tables[1] and "9825" in tables[2]
    conversions = [r for r in caplog.records if r.getMessage() == "made a Markdown table"]
    assert len(conversions) == 2
