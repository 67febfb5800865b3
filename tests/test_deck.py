"""The deck (issue #13): one title and one source line per slide, notes, no empty slide,
native charts for simple bar and line charts, and the post-render step that puts them in.

These are fast checks of the pieces; ``test_briefing.py`` checks the rendered decks and
renders the PPTX to PNG pages with LibreOffice.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import altair as alt
import pytest

from analysis import deck
from analysis.native_charts import NativeChart, Series, chart_data, with_chart_data
from analysis.pptx_deck import finish_deck, post_render
from analysis.render import RenderError, render_project
from analysis.theme import bare, chart_meta
from analysis.topics import TOPICS, scoped, topic

from .conftest import ROOT


def _texts(spec: dict) -> list[str]:
    """Every string of a Vega-Lite spec (titles, mark texts), nested or not."""
    if isinstance(spec, dict):
        return [t for value in spec.values() for t in _texts(value)]
    if isinstance(spec, list):
        return [t for value in spec for t in _texts(value)]
    return [spec] if isinstance(spec, str) else []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bare_chart_draws_neither_title_nor_source(processed, lang):
    for t in TOPICS:
        framed = t.chart(scoped(t, processed), lang=lang)
        meta = chart_meta(framed)
        spec = bare(framed.to_dict())
        strings = _texts({k: v for k, v in spec.items() if k != "usermeta"})
        assert meta.title not in strings, t.CHART_ID
        assert not [s for s in strings if meta.source[:40] in s], t.CHART_ID
        assert spec["description"] == meta.alt
        assert chart_meta(spec) == meta  # the slide still reads its caption fields
        if meta.subtitle:
            assert spec["title"]["text"] == meta.subtitle


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_one_view_slide_chart_fills_the_slide_without_being_measured(
    processed, lang, monkeypatch, tmp_path
):
    """Vega fits a single or layered view to the slide; only the others are measured."""
    from analysis import _memo, charts
    from analysis.chart_images import chart_size

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # nothing made before
    monkeypatch.setattr(_memo, "_RECENT", {})
    measured = []
    monkeypatch.setattr(charts, "chart_size", lambda s: measured.append(s) or chart_size(s))
    specs = [deck.slide_chart(t, processed, lang=lang) for t in deck.shown(processed)]
    fitted = [s for s in specs if s.get("autosize") == {"type": "fit", "contains": "padding"}]
    assert fitted, "the headline cards are one view that takes the size it is given"
    assert len(measured) == len(specs) - len(fitted)
    for spec in fitted:
        assert chart_size(spec) == tuple(float(n) for n in deck.CHART_SIZE)


def test_the_deck_skips_trends_with_one_reporting_period_and_opens_with_headlines(processed):
    shown = [t.CHART_ID for t in deck.shown(processed)]
    assert shown[0] == "headlines"
    assert "trends" not in shown, "one reporting period: nothing to compare"
    assert len(shown) == len(TOPICS) - 1


def test_a_timeline_without_an_event_in_the_period_gets_no_slide(processed):
    import dataclasses

    import polars as pl

    old = pl.col("date_start").dt.offset_by("-20y"), pl.col("date_end").dt.offset_by("-20y")
    data = dataclasses.replace(processed, events=processed.events.with_columns(*old))
    assert not topic("timeline").table(data).is_empty()  # events, all outside the period
    shown = [t.CHART_ID for t in deck.shown(data)]
    assert "timeline" not in shown and "headlines" in shown


def test_trends_get_a_slide_with_two_reporting_periods(two_periods):
    assert "trends" in [t.CHART_ID for t in deck.shown(two_periods)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notes_give_each_figure_drawn_with_its_quote_and_location(processed, lang):
    weapons = topic("weapons")
    data = scoped(weapons, processed)
    notes = deck.notes_markdown(weapons, data, lang=lang)
    assert notes.startswith("::: {.notes}\n") and notes.endswith("\n:::")
    rows = weapons.table(data, lang=lang)
    assert notes.count("\n- ") == rows.height
    for row in rows.iter_rows(named=True):
        line = next(ln for ln in notes.splitlines() if f"**{row['label']}**" in ln)
        assert row["quotes"].split(" … ")[0][:12] in line.replace("\\", "")
        assert row["in_report"].replace("*", "")[:10] in line.replace("\\", "")
    if lang == "zh":
        assert "附件" in notes and "：“" in notes


def test_every_shown_topic_has_notes_in_the_deck_language(processed):
    for t in deck.shown(processed):
        data = scoped(t, processed)
        for lang in ("en", "zh"):
            notes = deck.notes_markdown(t, data, lang=lang)
            assert t.describe(data, lang=lang)[:20].replace("*", "") in notes.replace("\\", "")


def test_chart_data_travels_in_the_png_and_the_picture_stays_valid():
    from PIL import Image

    png = base64.b64decode(_png())
    payload = {"alt": "Bars: Burundi 9 824", "native": _native().to_dict()}
    carried = with_chart_data(png, payload)
    assert chart_data(carried) == json.loads(json.dumps(payload, ensure_ascii=False))
    assert chart_data(png) is None
    assert Image.open(io.BytesIO(carried)).size == Image.open(io.BytesIO(png)).size
    assert NativeChart.from_dict(chart_data(carried)["native"]) == _native()
    with pytest.raises(ValueError, match="not a PNG"):
        with_chart_data(b"GIF89a", payload)


def _render_to(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point QUARTO_EXECUTE_INFO at a render of the deck to ``fmt``, as the built-in
    renderer does: it tells each execution the images the deck's formats embed (PNG)."""
    info = {
        "document-path": str(tmp_path / "deck.qmd"),
        "format": {
            "identifier": {"target-format": fmt, "base-format": fmt},
            "execute": {"fig-format": "png"},
            "pandoc": {"to": fmt},
        },
        "salw-images-ahead": ["png"],
    }
    path = tmp_path / f"{fmt}.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setenv("QUARTO_EXECUTE_INFO", str(path))


def test_a_chart_drawn_natively_in_the_pptx_is_not_converted(processed, tmp_path, monkeypatch):
    """The post-render replaces a simple chart's picture by a native chart: the picture
    is a blank stand-in of the chart picture's size carrying the chart data, and no PNG
    is made of that chart, for the PPTX or ahead of it by the reveal.js deck. A chart
    that stays a picture is converted as before."""
    from PIL import Image

    asked: list[tuple[str, str]] = []
    real_prefetch, real_image = deck.notebook.prefetch, deck.notebook.chart_image

    def prefetch(spec: dict, kind: str, scale: float = 2) -> None:
        asked.append((chart_meta(spec).chart_id, kind))
        real_prefetch(spec, kind, scale)

    def chart_image(spec: dict, kind: str, scale: float = 2) -> bytes:
        asked.append((chart_meta(spec).chart_id, kind))
        return real_image(spec, kind, scale)

    monkeypatch.setattr(deck.notebook, "prefetch", prefetch)
    monkeypatch.setattr(deck.notebook, "chart_image", chart_image)
    natively, pictured = topic("entities"), topic("weapons")
    bundles = {}
    for fmt in ("revealjs", "pptx"):
        _render_to(fmt, tmp_path, monkeypatch)
        specs = deck.slide_specs([natively, pictured], processed, lang="en")
        bundles[fmt] = [
            deck.picture(t, scoped(t, processed), spec, chart_meta(spec), lang="en")
            for t, spec in zip([natively, pictured], specs, strict=True)
        ]
    stand_in, chart = (base64.b64decode(b["image/png"]) for b in bundles["pptx"])

    assert ("entities", "png") not in asked
    assert ("weapons", "png") in asked
    native = natively.native(scoped(natively, processed), lang="en")
    assert NativeChart.from_dict(chart_data(stand_in)["native"]) == dataclasses.replace(
        native, subtitle=chart_meta(specs[0]).subtitle
    )
    assert Image.open(io.BytesIO(stand_in)).size == tuple(2 * n for n in deck.CHART_SIZE)
    assert chart_data(chart)["native"] is None
    assert Image.open(io.BytesIO(chart)).getextrema()[0][0] < 255  # something is drawn
    assert "text/markdown" in bundles["revealjs"][0]  # drawn by vega-embed in the page


def test_native_charts_of_the_topics(processed):
    entities = topic("entities").native(processed, lang="zh")
    assert entities is not None and entities.kind == "stacked_bar"
    table = topic("entities").table(processed, lang="zh")
    assert entities.categories == tuple(table["entity"])
    totals = [
        sum(v or 0 for v in values)
        for values in zip(*(s.values for s in entities.series), strict=True)
    ]
    assert totals == [float(t) for t in table["total"]]
    treaties = topic("treaties").native(processed, lang="en")
    assert treaties is not None and treaties.axis_max == 193
    assert topic("headlines").native(processed) is None  # big numbers stay a picture
    assert topic("weapons").native(processed) is None  # four units, four scales


def _png() -> str:
    chart = alt.Chart(alt.Data(values=[{"n": 3}])).mark_bar().encode(x="n:Q")
    import vl_convert as vlc

    return base64.b64encode(vlc.vegalite_to_png(chart.to_dict())).decode("ascii")


def _native() -> NativeChart:
    return NativeChart(
        kind="bar",
        categories=("Burundi", "Kosovo"),
        series=(Series("Weapons", (9824.0, 3731.0), "#0072B2"),),
        subtitle="Weapons collected and destroyed",
    )


def _deck_with_picture(path: Path, payload: dict | None) -> Path:
    """Write a PPTX laid out as Pandoc writes a chart slide: title, picture, caption."""
    from pptx import Presentation
    from pptx.util import Emu

    png = base64.b64decode(_png())
    if payload is not None:
        png = with_chart_data(png, payload)
    pres = Presentation()
    pres.slide_width, pres.slide_height = Emu(9144000), Emu(5143500)
    slide = pres.slides.add_slide(pres.slide_layouts[5])  # title only
    slide.shapes.title.text = "Weapons taken out of circulation"
    slide.shapes.add_picture(io.BytesIO(png), Emu(1800000), Emu(1063229), height=Emu(1000000))
    box = slide.shapes.add_textbox(Emu(365760), Emu(4343400), Emu(8412480), Emu(617220))
    box.text_frame.text = "Source: UN Secretary-General, report A/70/1, annex rows 1–3."
    pres.save(str(path))
    return path


def test_a_picture_carrying_a_native_chart_becomes_one_filling_the_slide(tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    path = _deck_with_picture(
        tmp_path / "deck.pptx", {"alt": "Bars: Burundi 9,824", "native": _native().to_dict()}
    )
    assert finish_deck(path) == 1
    pres = Presentation(str(path))
    slide = pres.slides[0]
    kinds = [s.shape_type for s in slide.shapes]
    assert MSO_SHAPE_TYPE.PICTURE not in kinds
    frame = next(s for s in slide.shapes if s.has_chart)
    chart = frame.chart
    assert list(chart.plots[0].categories) == ["Kosovo", "Burundi"]  # first bar on top
    assert list(chart.series[0].values) == [3731.0, 9824.0]
    assert chart.chart_title.text_frame.text == "Weapons collected and destroyed"
    assert frame._element.nvGraphicFramePr.cNvPr.get("descr") == "Bars: Burundi 9,824"
    assert frame.width > 0.9 * pres.slide_width  # as wide as the slide allows
    caption = next(s for s in slide.shapes if s.has_text_frame and "Source:" in s.text_frame.text)
    assert caption.top >= frame.top + frame.height
    assert caption.top + caption.height <= pres.slide_height
    assert slide.shapes.title.top + slide.shapes.title.height <= frame.top


def test_the_post_render_script_finishes_a_deck_without_the_chart_libraries(tmp_path):
    """The decks' post-render runs last in every build, in a process of its own: it
    puts in a native chart without importing Altair, great_tables or polars."""
    path = _deck_with_picture(
        tmp_path / "deck.pptx", {"alt": "Bars: Burundi 9,824", "native": _native().to_dict()}
    )
    script = ROOT / "reports" / "_scripts" / "pptx_deck.py"
    code = (
        f"import runpy, sys; runpy.run_path({str(script)!r}, run_name='__main__'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'great_tables', "
        "'polars'}))"
    )
    env = {**os.environ, "QUARTO_PROJECT_OUTPUT_FILES": str(path)}
    env["QUARTO_PROJECT_OUTPUT_DIR"] = str(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"finished {path}", "[]"]


def test_other_pictures_are_fitted_and_get_their_alt_text(tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    path = _deck_with_picture(tmp_path / "deck.pptx", {"alt": "A world map", "native": None})
    assert finish_deck(path) == 0
    pres = Presentation(str(path))
    slide = pres.slides[0]
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "A world map"
    room = pres.slide_width * 0.92
    assert picture.width >= room - 2 or picture.height > 3_000_000  # grown to the room


def test_chinese_text_is_marked_chinese_and_english_beside_it_is_not(tmp_path):
    """PowerPoint breaks lines, proofs and reads aloud by each run's language; Pandoc
    marks none. A note in English quoting the report in Chinese is cut in three."""
    from pptx import Presentation
    from pptx.oxml.ns import qn

    path = _deck_with_picture(tmp_path / "deck.pptx", {"alt": "Bars", "native": None})
    pres = Presentation(str(path))
    slide = pres.slides[0]
    slide.shapes.title.text = "退出流通的武器"
    notes = slide.notes_slide.notes_text_frame
    notes.text = "Weapons collected, Burundi: “结果收回了9 824件武器”"
    pres.save(str(path))

    finish_deck(path)
    slide = Presentation(str(path)).slides[0]

    def runs(shape) -> list[tuple[str, str | None]]:
        return [
            (r.findtext(qn("a:t")), r.get_or_add_rPr().get("lang"))
            for r in shape._element.iter(qn("a:r"))
        ]

    assert runs(slide.shapes.title) == [("退出流通的武器", "zh-CN")]
    assert runs(slide.notes_slide.notes_placeholder) == [
        ("Weapons collected, Burundi: “", None),
        ("结果收回了9 824件武器", "zh-CN"),
        ("”", None),
    ]
    source = next(s for s in slide.shapes if s.has_text_frame and "Source" in s.text_frame.text)
    assert {lang for _, lang in runs(source)} == {None}


def test_post_render_script_follows_quartos_contract(tmp_path):
    """The declared script, run as Quarto runs it: cwd = project, files in the env."""
    out = tmp_path / "_output" / "reports"
    out.mkdir(parents=True)
    _deck_with_picture(out / "deck.pptx", {"alt": "x", "native": _native().to_dict()})
    (out / "briefing.html").write_text("<p>untouched</p>", encoding="utf-8")
    env = {
        **os.environ,
        "QUARTO_PROJECT_OUTPUT_DIR": str(tmp_path / "_output"),
        "QUARTO_PROJECT_OUTPUT_FILES": "_output/reports/briefing.html\n_output/reports/deck.pptx",
    }
    script = ROOT / "reports" / "_scripts" / "pptx_deck.py"
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "deck.pptx" in proc.stdout
    assert (out / "briefing.html").read_text(encoding="utf-8") == "<p>untouched</p>"
    assert post_render({"QUARTO_PROJECT_OUTPUT_FILES": ""}, cwd=tmp_path) == []


def test_the_project_declares_its_post_render_step():
    import yaml

    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    scripts = config["project"]["post-render"]
    assert scripts == ["reports/_scripts/pptx_deck.py"]
    assert all((ROOT / s).is_file() for s in scripts)
    assert config["format"]["revealjs"]["width"] / config["format"]["revealjs"]["height"] == (
        pytest.approx(16 / 9, rel=0.01)
    )


def _tiny_project(root: Path, script: str) -> Path:
    (root / "reports").mkdir(parents=True)
    (root / "_quarto.yml").write_text(
        "project:\n  output-dir: _output\n  render: [reports/doc.qmd]\n"
        "  post-render:\n    - post.py\nformat:\n  html:\n    embed-resources: true\n",
        encoding="utf-8",
    )
    (root / "reports" / "doc.qmd").write_text("---\ntitle: T\n---\n\nHello.\n", encoding="utf-8")
    (root / "post.py").write_text(script, encoding="utf-8")
    return root


@pytest.mark.slow
def test_built_in_renderer_runs_post_render_like_quarto(tmp_path):
    project = _tiny_project(
        tmp_path / "p",
        "import json, os\n"
        "keys = ('QUARTO_PROJECT_OUTPUT_DIR', 'QUARTO_PROJECT_OUTPUT_FILES',"
        " 'QUARTO_PROJECT_RENDER_ALL')\n"
        "seen = {k: os.environ.get(k) for k in keys}\n"
        "seen['cwd'] = os.getcwd()\n"
        "seen['exists'] = [os.path.isfile(f) for f in seen[keys[1]].splitlines()]\n"
        "open('seen.json', 'w').write(json.dumps(seen))\n",
    )
    written = render_project(project, formats=("html",), use_quarto=False)
    assert written == [project / "_output" / "reports" / "doc.html"]
    assert written[0].is_file()
    seen = json.loads((project / "seen.json").read_text(encoding="utf-8"))
    assert Path(seen["cwd"]) == project.resolve()
    assert seen["QUARTO_PROJECT_RENDER_ALL"] == "1"
    assert seen["QUARTO_PROJECT_OUTPUT_FILES"].endswith("reports/doc.html")
    assert not Path(seen["QUARTO_PROJECT_OUTPUT_FILES"]).is_absolute()
    assert seen["exists"] == [True]  # the script sees the files it is told about


@pytest.mark.slow
def test_a_pptx_carries_no_field_of_the_built_in_renderer_among_its_properties(tmp_path):
    """The renderer tells its Lua filter the format and Quarto's words in metadata;
    the PPTX writer would list them as the file's custom properties."""
    import zipfile

    project = _tiny_project(tmp_path / "p", "pass\n")
    config = (project / "_quarto.yml").read_text(encoding="utf-8")
    (project / "_quarto.yml").write_text(config + "  pptx: default\n", encoding="utf-8")
    [deck] = render_project(project, formats=("pptx",), use_quarto=False)
    with zipfile.ZipFile(deck) as pptx:
        names = [n for n in pptx.namelist() if n.startswith("docProps/")]
        properties = "".join(pptx.read(n).decode("utf-8") for n in names)
    assert "<dc:title>T</dc:title>" in properties
    assert "sb-" not in properties


@pytest.mark.slow
def test_a_failing_post_render_fails_the_render_and_moves_nothing_in(tmp_path):
    project = _tiny_project(tmp_path / "p", "import sys\nprint('no luck')\nsys.exit(3)\n")
    with pytest.raises(RenderError, match=r"post.py.*exit 3[\s\S]*no luck"):
        render_project(project, formats=("html",), use_quarto=False)
    assert not (project / "_output" / "reports" / "doc.html").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_slide_names_the_reports_only_when_its_source_line_is_long(two_periods, lang):
    """Every paragraph of several reports would take the chart's room on a slide: the
    slide then names the reports a chart draws from, the places being in the notes."""
    from analysis.labels import citation
    from analysis.text_width import display_width

    scope = scoped(topic("trends"), two_periods)
    short = "Source: a report, para 3."
    assert deck.slide_source(short, scope, lang) == short
    long = "Source: " + "; ".join(f"para {n}" for n in range(200)) + "."
    shown = deck.slide_source(long, scope, lang)
    reports = list(scope.sources.sort("source_id").iter_rows(named=True))
    assert len(reports) == 2
    assert all(citation(report, lang) in shown for report in reports)
    assert "para 199" not in shown and display_width(shown) < display_width(long) // 3
