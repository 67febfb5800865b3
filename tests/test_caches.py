"""A corrected figure makes again only what reads it, and nothing stale is ever served.

Charts and tables are kept across builds by the content of what they are made from
(:mod:`analysis._memo`, :mod:`analysis.chart_images`). These tests correct one figure
between two builds of the briefing and check what a reader sees (the PDF says the new
number, never the old) and what was made again (the log of the ``analysis.cache``
logger: every result made or converted is one INFO record).
"""

from __future__ import annotations

import base64
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.build import run_build

from .conftest import ROOT

#: Kosovo's weapons destroyed, annex row 23 of the 2015 report: 3,731 (a headline series).
FIGURE = "2015-ga70-salw-zh/annex-023-st"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("data/reference", "data/curation", "data/sources", "reports"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy2(ROOT / "_quarto.yml", root / "_quarto.yml")
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _correct(root: Path, figure_prefix: str, old: str, new: str) -> None:
    from analysis.processed import load_table

    figures = load_table(root, "figures")
    (figure_id,) = [
        f
        for f, value in zip(figures["figure_id"], figures["value"], strict=True)
        if f.startswith(figure_prefix) and value == float(old)
    ]
    with (root / "data" / "curation" / "corrections.csv").open("a", encoding="utf-8") as out:
        out.write(f"{figure_id},value,{old},{new},test of the caches,pytest,2026-11-25\n")


def _pdf_text(root: Path, name: str) -> str:
    reader = PdfReader(root / "_output" / "reports" / name)
    return "\n".join(page.extract_text() for page in reader.pages)


def _made(caplog: pytest.LogCaptureFixture) -> set[str]:
    return {r.getMessage() for r in caplog.records if r.name == "analysis.cache"}


@pytest.mark.slow
def test_a_corrected_figure_remakes_only_the_charts_and_tables_that_read_it(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SALW_PROJECT_ROOT", raising=False)
    root = _project(tmp_path)
    run_build(root, ["pdf"])
    before = _pdf_text(root, "briefing.pdf")
    assert "3,731 weapons destroyed" in before

    _correct(root, FIGURE, "3731", "4731")
    caplog.set_level(logging.INFO, logger="analysis.cache")
    run_build(root, ["pdf"])

    after = _pdf_text(root, "briefing.pdf")
    assert "4,731 weapons destroyed" in after and "3,731 weapons destroyed" not in after
    # Chinese groups digits with a (no-break) space
    assert re.search(r"4\s731\s销毁的武器", _pdf_text(root, "briefing-zh.pdf"))
    made = {m for m in _made(caplog) if not m.startswith("made a Markdown table")}
    assert made == {
        # the weapons chart (converted again: its picture changed) and table
        "made spec weapons (en)",
        "made spec weapons (zh)",
        "converted weapons to svg",
        "made table-html weapons (en)",
        "made table-html weapons (zh)",
        # weapons destroyed is a headline series: the headline table and the trends
        # (one reporting period: the trends chart says so, its picture is unchanged)
        "made table-html headlines (en)",
        "made table-html headlines (zh)",
        "made spec trends (en)",
        "made spec trends (zh)",
        # the headlines chart (the deck's) is made too: the chart workers are told what
        # text every chart draws before the first is converted (topics.expect_charts)
        "made spec headlines (en)",
        "made spec headlines (zh)",
    }


@pytest.mark.slow
def test_a_cache_entry_from_other_data_is_never_served(tmp_path, monkeypatch):
    """Two projects sharing one cache, with different figures, each get their own charts."""
    from analysis import topics
    from analysis.processed import load

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first, second = _project(tmp_path / "a"), _project(tmp_path / "b")
    for root in (first, second):
        run_build(root, [], render=False)
    _correct(second, FIGURE, "3731", "4731")
    run_build(second, [], render=False)
    specs = {}
    for root in (first, second):
        data = load(root)
        specs[root] = topics.spec("weapons", data, lang="en")
    assert specs[first] != specs[second]
    assert "3,731 weapons destroyed" in str(specs[first])
    assert "4,731 weapons destroyed" in str(specs[second])


def test_what_no_build_used_for_a_month_is_removed_and_what_is_used_stays(tmp_path, monkeypatch):
    from analysis import _memo
    from analysis.chart_fonts import _mark_used

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    month_ago = time.time() - 31 * 86_400
    kept = {}
    for folder in ("made", "charts"):
        for name in ("old", "used", "new"):
            path = tmp_path / "salw-briefing" / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
            if name != "new":
                os.utime(path, (month_ago, month_ago))
            kept[folder, name] = path
    for folder in ("made", "charts"):
        assert _memo.read_kept(kept[folder, "used"]) == b"x"  # a build used it today
    fonts = tmp_path / "salw-briefing" / "fonts"
    for name in ("old", "used", "new", ".fonts-halfmade"):  # the chart workers' fonts
        (fonts / name).mkdir(parents=True)
        marker = fonts / name / ("face.otf" if name.startswith(".") else "fonts.conf")
        marker.write_text("x")
        if name != "new":
            os.utime(fonts / name if name.startswith(".") else marker, (month_ago, month_ago))
    assert _mark_used(fonts / "used" / "fonts.conf")  # a worker started today
    for name in ("old", "used"):  # lists of the installed faces
        listed = fonts / f"{name}.faces.json"
        listed.write_text("[]")
        os.utime(listed, (month_ago, month_ago))
    assert _memo.read_kept(fonts / "used.faces.json") == b"[]"

    assert _memo.prune() == 5
    assert sorted(p.name for p in (tmp_path / "salw-briefing").rglob("*") if p.is_file()) == [
        "fonts.conf",
        "fonts.conf",
        "new",
        "new",
        "used",
        "used",
        "used.faces.json",
    ]
    assert sorted(p.name for p in fonts.iterdir()) == ["new", "used", "used.faces.json"]


def test_a_killed_build_leaves_no_chart_worker_behind():
    """Workers exit with their build: nothing holds the terminal or its pipes after it."""
    code = (
        "from analysis import chart_images; chart_images.start_workers(); "
        "print('ready', flush=True); import time; time.sleep(60)"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert build.stdout.readline() == b"ready\n"
    time.sleep(1)  # the workers are up
    build.kill()
    out, _ = build.communicate(timeout=20)  # every copy of the pipe closed: workers gone
    assert out == b""


#: A small Chinese chart.
_CHINESE_CHART = {
    "data": {"values": [{"place": "布隆迪", "n": 9824}, {"place": "科索沃", "n": 3731}]},
    "mark": "bar",
    "title": "收缴的武器——布隆迪",
    "encoding": {
        "y": {"field": "place", "type": "nominal", "title": "地点"},
        "x": {"field": "n", "type": "quantitative", "title": "件数"},
    },
    "config": {"font": "Noto Sans CJK SC, Liberation Sans, sans-serif"},
}
#: In a process set up as a chart worker: draws a chart (printed), deletes the
#: whole cache (the worker's fonts with it), then tries to draw another chart.
_WORKER_RUN = """
import base64, json, shutil, sys
from analysis import chart_images
from analysis._memo import cache_dir
from analysis.theme import chart_font_families
spec = json.loads(sys.argv[1])
chart_images._use_chart_fonts(chart_font_families())
version = chart_images.vl_version()
sys.stdout.write(chart_images._convert(json.dumps(spec), "svg", 2, version).decode() + "\\n")
png = chart_images._convert(json.dumps(spec), "png", 2, version)
sys.stdout.write(base64.b64encode(png).decode() + "\\n")
faces = sorted(p.name for p in (cache_dir() / "fonts").glob("*/*"))
sys.stdout.write(json.dumps(faces) + "\\n")
sys.stdout.flush()
shutil.rmtree(cache_dir())
later = json.dumps(spec).replace("科索沃", "黑山共和国")
chart_images._convert(later, "svg", 2, version)
print("drawn without its fonts")
"""


def _pixels(png: bytes) -> bytes:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGBA").tobytes()


@pytest.mark.slow
def test_a_chart_worker_draws_in_its_own_fonts_and_stops_when_they_are_deleted(tmp_path):
    """A worker sees only the charts' faces, each a file of its own (no slow .ttc, only
    the layout features horizontal text uses), and draws a Chinese chart (its joined
    dashes too) as vl-convert does with every system font: its SVG byte for byte, its
    PNG pixel for pixel. Once
    its fonts are deleted (the whole cache, say) it stops rather than draw without them:
    the build then converts in its own process and starts new workers."""
    import json

    import vl_convert as vlc

    from analysis.chart_images import vl_version

    from .test_render import require_cjk_fonts

    require_cjk_fonts()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-c", _WORKER_RUN, json.dumps(_CHINESE_CHART)]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    svg, png, faces, *rest = run.stdout.splitlines()
    assert run.returncode == 3 and rest == [], run.stderr
    assert svg == vlc.vegalite_to_svg(_CHINESE_CHART, vl_version=vl_version())
    expected = vlc.vegalite_to_png(_CHINESE_CHART, vl_version=vl_version(), scale=2)
    assert _pixels(base64.b64decode(png)) == _pixels(expected)
    faces = [f for f in json.loads(faces) if f != "fonts.conf"]
    assert any("NotoSansCJK" in f for f in faces)
    assert not any(f.endswith(".ttc") or "LiberationSans" in f for f in faces)


def test_charts_are_converted_here_when_the_workers_stop(tmp_path, monkeypatch, caplog):
    """Chart workers killed mid-build (out of memory, say): the chart is converted in
    the build's own process all the same, and the build says so once."""
    import signal

    import vl_convert as vlc

    from analysis import chart_images

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    spec = {"data": {"values": [{"n": 3731}]}, "mark": "bar", "encoding": {"x": {"field": "n"}}}
    chart_images.stop_workers()
    try:
        chart_images.start_workers()
        chart_images.chart_image(spec, "svg")  # the workers are up
        for process in chart_images._pool[0]._processes.values():
            os.kill(process.pid, signal.SIGKILL)
        later = {**spec, "data": {"values": [{"n": 1373}]}}  # no character new to them
        with caplog.at_level(logging.WARNING, logger="analysis.cache"):
            svg = chart_images.chart_image(later, "svg")
    finally:
        chart_images.stop_workers()
    expected = vlc.vegalite_to_svg(later, vl_version=chart_images.vl_version())
    assert svg.decode("utf-8") == expected
    stopped = [r for r in caplog.records if "workers stopped" in r.getMessage()]
    assert len(stopped) == 1


def test_a_few_charts_start_one_worker_and_a_queue_of_them_another(tmp_path, monkeypatch):
    """A correction converts a handful of charts: one worker process (each costs about
    0.3 s of CPU to start). A first build asks for dozens at once: a second one helps."""
    from analysis import chart_images

    if chart_images.WORKERS < 2:
        pytest.skip("one core: one worker")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def spec(n: int) -> dict:  # a few tenths of a second to draw: 300 labels
        rows = [{"n": n + i, "label": f"row {i}"} for i in range(300)]
        encoding = {"x": {"field": "n", "type": "quantitative"}, "y": {"field": "label"}}
        return {"data": {"values": rows}, "mark": "text", "encoding": encoding}

    chart_images.stop_workers()
    try:
        chart_images.start_workers()
        chart_images.chart_image(spec(1), "svg")
        chart_images.prefetch(spec(2), "png")
        assert len(chart_images._pool) == 1
        for n in range(3, 3 + chart_images._QUEUE_FOR_ANOTHER):
            chart_images.prefetch(spec(n), "png")
        assert len(chart_images._pool) == 2
        pngs = [chart_images.chart_image(spec(n), "png") for n in range(2, 6)]
    finally:
        chart_images.stop_workers()
    assert all(png.startswith(b"\x89PNG") for png in pngs)


def test_the_workers_faces_are_cut_down_to_the_characters_drawn(tmp_path, monkeypatch):
    """Each large face the chart workers see keeps the glyphs of the characters the
    charts draw and of those every chart may draw (digits, Latin letters, CJK
    punctuation), and no other: a small file, read in a few pages."""
    from fontTools.ttLib import TTFont

    from analysis.chart_fonts import fontconfig_file
    from analysis.theme import chart_font_families

    from .test_render import require_cjk_fonts

    require_cjk_fonts()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    conf = fontconfig_file(chart_font_families(), "收缴的武器——布隆迪")
    assert conf is not None
    written = [f for f in conf.parent.iterdir() if f.suffix == ".otf" and not f.is_symlink()]
    assert written and all(f.stat().st_size < 1_000_000 for f in written)
    for face in written:
        cmap = TTFont(face)["cmap"].getBestCmap()
        assert all(ord(c) in cmap for c in "收缴的武器布隆迪9824A，")
        assert ord("黑") not in cmap


@pytest.mark.slow
def test_a_chart_with_characters_new_to_the_workers_is_drawn_by_new_ones(tmp_path, monkeypatch):
    """The chart workers draw in faces cut down to the characters the charts are said to
    draw; a chart with characters their faces lack is converted by new workers, whose
    faces have them: each chart is drawn pixel for pixel as with every system font,
    never with a missing glyph."""
    import vl_convert as vlc

    from analysis import chart_images

    from .test_render import require_cjk_fonts

    require_cjk_fonts()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    later = {**_CHINESE_CHART, "data": {"values": [{"place": "黑山共和国", "n": 1}]}}
    chart_images.stop_workers()
    try:
        chart_images.expect_text(["布隆迪", "科索沃"])
        first = chart_images.chart_image(_CHINESE_CHART, "png")
        second = chart_images.chart_image(later, "png")
    finally:
        chart_images.stop_workers()
    version = chart_images.vl_version()
    for drawn, spec in ((first, _CHINESE_CHART), (second, later)):
        assert _pixels(drawn) == _pixels(vlc.vegalite_to_png(spec, vl_version=version, scale=2))
    folders = list((tmp_path / "cache" / "salw-briefing" / "fonts").glob("*/fonts.conf"))
    assert len(folders) == 2  # the first workers' faces, then the new workers'


def test_a_kept_extraction_is_the_extraction_and_a_damaged_one_is_refused(tables):
    """What a report yields is kept as it is (every table, every warning); bytes that
    are not such a result are refused, so the report is read again instead."""
    import polars as pl
    from polars.testing import assert_frame_equal

    from analysis.extract._report import Extraction, ExtractionWarning
    from analysis.extract._run import _PER_REPORT, _extraction_bytes, _extraction_from

    made = Extraction(
        **{name: tables[name] for name in _PER_REPORT},
        warnings=[ExtractionWarning("report.txt", 12, "a problem", "a fix")],
    )
    kept = _extraction_from(_extraction_bytes(made))
    for name in _PER_REPORT:
        assert_frame_equal(getattr(kept, name), getattr(made, name))
    assert kept.warnings == made.warnings
    raw = _extraction_bytes(made)
    for damaged in (raw[:-10], raw + b"x", b"\0" * 8 + raw[8:], b""):
        with pytest.raises(ValueError):
            _extraction_from(damaged)
    assert isinstance(kept.figures, pl.DataFrame)


def test_a_report_received_again_changed_is_read_again(tmp_path, monkeypatch, caplog):
    """A correction does not read the reports again (what each yields is kept by its
    content); a report whose file changed (registered again) is read, and its new
    figure is the one in the tables."""
    from analysis.processed import load_table
    from analysis.sources import sha256_of

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _project(tmp_path)
    caplog.set_level(logging.INFO, logger="analysis.cache")
    run_build(root, [], render=False)
    assert "made extraction 2015-ga70-salw-zh" in _made(caplog)

    caplog.clear()
    _correct(root, FIGURE, "3731", "4731")
    run_build(root, [], render=False)
    assert not any(m.startswith("made extraction") for m in _made(caplog))
    assert 4731 in load_table(root, "figures")["value"].to_list()

    caplog.clear()
    folder = root / "data" / "sources" / "2015-ga70-salw-zh"
    report = folder / "report.txt"
    text = report.read_text(encoding="utf-8")
    assert "9 824" in text
    report.write_text(text.replace("9 824", "9 825"), encoding="utf-8")
    meta = folder / "source.yml"
    old = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"sha256: \S+", f"sha256: {sha256_of(report)}", old), encoding="utf-8")
    run_build(root, [], render=False)
    assert "made extraction 2015-ga70-salw-zh" in _made(caplog)
    values = load_table(root, "figures")["value"].to_list()
    assert 9825 in values and 9824 not in values
