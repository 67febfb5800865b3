"""End-to-end tests of the built-in Quarto-subset renderer (analysis.render)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis.render import RenderError, RenderStep, render_project

FIXTURE = Path(__file__).parent / "fixtures" / "render_project"
ROOT_DIR = Path(__file__).resolve().parent.parent
CHINESE = "中文测试 布隆迪 9 824 件武器"
INLINE_NUMBER = "16,709"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def require(tool: str, debian_package: str) -> str:
    """Return the tool's path; skip if missing, but fail when CI=true."""
    path = tool if os.path.isabs(tool) and os.access(tool, os.X_OK) else shutil.which(tool)
    if path:
        return path
    message = f"{tool} not found: install the Debian package {debian_package}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI=true)")
    pytest.skip(message)


def require_cjk_fonts() -> None:
    """Skip (fail under CI=true) when no Noto CJK font is installed for Typst."""
    from analysis.chart_fonts import FONT_ROOTS

    if any(next(Path(d).rglob("Noto*CJK*"), None) for d in FONT_ROOTS if d.is_dir()):
        return
    message = "Noto CJK fonts not found: install the Debian package fonts-noto-cjk"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI=true)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def render_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Path], list[RenderStep]]:
    """Render the fixture project once into every format; return the files and the steps."""
    out = tmp_path_factory.mktemp("render") / "_output"
    steps: list[RenderStep] = []
    written = render_project(FIXTURE, output_dir=out, use_quarto=False, progress=steps.append)
    files = {p.name: p for p in written}
    assert set(files) == {"fixture.html", "fixture.pdf", "fixture.pptx", "fixture-slides.html"}
    assert all(p.is_file() and p.parent == out / "reports" for p in written)
    return files, steps


@pytest.fixture(scope="module")
def rendered(render_run: tuple[dict[str, Path], list[RenderStep]]) -> dict[str, Path]:
    """The fixture project's files, by name."""
    return render_run[0]


@pytest.mark.slow
def test_progress_names_each_execution_and_conversion(
    render_run: tuple[dict[str, Path], list[RenderStep]],
) -> None:
    """One step per execution and per conversion, numbered in order, the format as asked.

    Whatever the scheduling, a format's execution begins before its conversion.
    """
    _, steps = render_run
    assert [(s.done, s.total) for s in steps] == [(n, 8) for n in range(8)]
    labels = [s.label for s in steps]
    pairs = [
        (f"executing reports/fixture.qmd ({f})", f"converting reports/fixture.qmd → {f}")
        for f in ("html", "pdf", "pptx", "revealjs")  # Typst is asked for as pdf
    ]
    assert sorted(labels) == sorted(label for pair in pairs for label in pair)
    assert all(
        labels.index(executing) < labels.index(converting) for executing, converting in pairs
    )


def test_steps_are_reported_one_at_a_time_in_order() -> None:
    """Conversions run in threads: the callback is never entered twice at once."""
    from analysis.render._progress import Steps

    seen: list[RenderStep] = []
    inside = threading.Lock()

    def callback(step: RenderStep) -> None:
        assert inside.acquire(blocking=False), "called by two threads at once"
        time.sleep(0.001)
        seen.append(step)
        inside.release()

    steps = Steps(callback, total=40)
    threads = [
        threading.Thread(target=lambda: [steps.begin("step") for _ in range(10)]) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [s.done for s in seen] == list(range(40))
    assert {s.total for s in seen} == {40}
    Steps(None, total=1).begin("nobody listens")  # no callback: nothing to report


def test_pandoc_warnings_go_to_the_log_not_the_console(tmp_path, caplog, capfd) -> None:
    """Pandoc's [WARNING]s are INFO records of analysis.render; its errors raise."""
    from analysis.render._convert import _pandoc

    markdown = "---\ntitle: T\nlang: zh\n---\n\nText.\n"  # no Pandoc translations for zh
    with caplog.at_level(logging.INFO, logger="analysis.render"):
        _pandoc(markdown, "html5", ["--standalone"], tmp_path, tmp_path / "doc.html")
    records = [r for r in caplog.records if r.name == "analysis.render"]
    assert records and {r.levelno for r in records} == {logging.INFO}
    assert (
        "pandoc (html5, doc.html): [WARNING] Could not load translations for zh\n"
        "  data file translations/zh.yaml not found"
    ) in [r.getMessage() for r in records]
    out, err = capfd.readouterr()
    assert "WARNING" not in out + err
    with pytest.raises(RenderError, match="pandoc failed converting to html5: .*missing.lua"):
        _pandoc(markdown, "html5", [f"--lua-filter={tmp_path / 'missing.lua'}"], tmp_path, None)


def _assert_offline(text: str) -> None:
    assert not re.search(r"<script[^>]+src=[\"']?https?:", text, re.I)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", text, re.I)
    assert not re.search(r"url\(\s*[\"']?https?:", text, re.I)


@pytest.mark.slow
def test_html_is_self_contained(rendered: dict[str, Path]) -> None:
    bs4 = pytest.importorskip("bs4")
    html = rendered["fixture.html"].read_text(encoding="utf-8")
    _assert_offline(html)
    soup = bs4.BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ")
    assert INLINE_NUMBER in text
    assert "Figure 1" in text and "Table 1" in text
    assert CHINESE in text
    assert "appears only in HTML" in text
    assert "everywhere except HTML" not in text
    assert soup.select_one(".callout.callout-note") is not None
    assert soup.select_one("figure#fig-seized") is not None
    assert soup.select_one("#tbl-seized table") is not None
    scripts = " ".join(s.get_text() for s in soup.find_all("script"))
    assert "Burundi" in scripts and "9824" in scripts  # the chart's inline data
    assert scripts.count("window.vegaEmbed=") == 1  # the bundle is inlined once


@pytest.mark.slow
def test_revealjs_is_offline(rendered: dict[str, Path]) -> None:
    html = rendered["fixture-slides.html"].read_text(encoding="utf-8")
    _assert_offline(html)
    assert "Reveal.initialize" in html and "Burundi" in html
    # the theme's font comes with the deck: four faces, each embedded once
    faces = re.findall(r"font-family: 'Source Sans Pro';\s*src: url\(data:font/woff;base64,", html)
    assert len(faces) == 4


@pytest.mark.slow
def test_pdf_text_and_page_image(rendered: dict[str, Path], tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = rendered["fixture.pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert INLINE_NUMBER in text
    assert "Figure 1" in text and "Table 1" in text
    assert "everywhere except HTML" in text and "appears only in HTML" not in text
    if shutil.which("pdftotext"):
        plain = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert CHINESE in plain
    else:
        assert "中文测试" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    require_cjk_fonts()
    assert any("CJK" in name for name in fonts), fonts  # Chinese set in Noto CJK, not tofu
    pdftoppm = require("pdftoppm", "poppler-utils")
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    assert png.stat().st_size > 10_000
    keep = os.environ.get("RENDER_TEST_PNG")  # set to a path to look at the page yourself
    if keep:
        shutil.copy(png, keep)


@pytest.mark.slow
def test_pptx_has_chart_slide(rendered: dict[str, Path]) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(rendered["fixture.pptx"]))
    chart_slides = [
        s for s in prs.slides if any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes)
    ]
    assert len(chart_slides) == 1
    slide = chart_slides[0]
    assert slide.shapes.title is not None
    assert slide.shapes.title.text == "Weapons collected by country"
    texts = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "Source: fixture data." in texts
    assert "Figure 1: Weapons collected by country" in texts
    assert any(sh.has_table for s in prs.slides for sh in s.shapes)


@pytest.mark.slow
def test_html_draws_in_chromium(rendered: dict[str, Path]) -> None:
    require(CHROMIUM, "chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    errors: list[str] = []
    foreign: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in ("fixture.html", "fixture-slides.html"):
                page = browser.new_page()
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.on(
                    "request",
                    lambda r: (
                        None if r.url.startswith(("file:", "data:")) else foreign.append(r.url)
                    ),
                )
                page.goto(rendered[name].as_uri())
                page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=15_000)
                assert page.locator(".vega-embed svg .mark-rect path").count() == 3, name
                if name == "fixture.html":
                    # The second chart reuses window.vegaEmbed; tooltips work.
                    assert page.locator(".vega-embed svg").count() == 2
                    page.locator(".vega-embed svg .mark-rect path").first.hover()
                    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
                    assert "Burundi" in page.inner_text("#vg-tooltip-element")
                page.close()
        finally:
            browser.close()
    assert errors == []
    assert foreign == []


@pytest.mark.slow
def test_failing_cell_raises_and_keeps_previous_output(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("_output"))
    out = project / "_output"
    render_project(project, formats=("html",), use_quarto=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before

    qmd = project / "reports" / "fixture.qmd"
    source = qmd.read_text(encoding="utf-8")
    broken = source.replace(
        "## Table\n", "## Table\n\n```{python}\n#| label: boom\n1 / 0\n```\n", 1
    )
    qmd.write_text(broken, encoding="utf-8")
    fence_line = broken.splitlines().index("#| label: boom")  # 1-based line of the fence
    with pytest.raises(RenderError) as info:
        render_project(project, use_quarto=False)
    message = str(info.value)
    assert "fixture.qmd" in message
    assert "boom" in message
    assert "ZeroDivisionError" in message
    assert f"line {fence_line}" in message
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in project.iterdir() if "staging" in p.name] == []


@pytest.mark.slow
def test_work_done_meanwhile_runs_once_after_the_cells_and_its_failure_fails_the_render(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("_output"))
    out = project / "_output"
    steps: list[str] = []
    render_project(
        project,
        formats=("html",),
        use_quarto=False,
        progress=lambda step: steps.append(step.label),
        meanwhile=lambda: steps.append("meanwhile"),
    )
    assert steps.count("meanwhile") == 1
    assert steps.index("meanwhile") > max(
        i for i, label in enumerate(steps) if label.startswith("executing")
    )
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        render_project(project, formats=("html",), use_quarto=False, meanwhile=fail)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# -- fast unit tests of the .qmd reader and project config -------------------------


def test_parse_qmd_cells_options_and_inline(tmp_path: Path) -> None:
    from analysis.render._qmd import Cell, Markdown, parse_qmd, substitute_inline

    qmd = tmp_path / "doc.qmd"
    qmd.write_text(
        "---\ntitle: T\nformat: html\n---\n\n"
        "Text `{python} 1 + 1` and `{python} 'x'`.\n\n"
        "```python\n```{python}\nnot a cell\n```\n\n"
        '```{python}\n#| label: fig-a\n#| fig-cap: "A: b"\n#| echo: true\nx = 1\n```\n\n'
        "After.\n",
        encoding="utf-8",
    )
    doc = parse_qmd(qmd)
    assert doc.meta == {"title": "T", "format": "html"}
    cells = [b for b in doc.blocks if isinstance(b, Cell)]
    assert len(cells) == 1
    cell = cells[0]
    assert cell.options == {"label": "fig-a", "fig-cap": "A: b", "echo": True}
    assert cell.code == "x = 1" and cell.line == 13
    first = doc.blocks[0]
    assert isinstance(first, Markdown) and first.inline == ["1 + 1", "'x'"]
    assert "not a cell" in first.text
    assert substitute_inline(first.text, ["2", "x"]).startswith("\nText 2 and x.")


def test_parse_qmd_unclosed_cell(tmp_path: Path) -> None:
    from analysis.render._qmd import parse_qmd

    qmd = tmp_path / "bad.qmd"
    qmd.write_text("Intro\n\n```{python}\nx = 1\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"bad\.qmd.*line 3"):
        parse_qmd(qmd)


def test_format_options_merge() -> None:
    from analysis.render._project import load_project

    project = load_project(FIXTURE)
    assert project.documents() == [(FIXTURE / "reports" / "fixture.qmd").resolve()]
    merged = project.format_options({"format": {"typst": {"toc": True}}})
    assert merged == {"typst": {"papersize": "a4", "toc": True}}
    assert set(project.format_options({})) == {"html", "typst", "pptx", "revealjs"}
    with pytest.raises(RenderError, match="unknown format"):
        render_project(FIXTURE, formats=("docx",), use_quarto=False)


# -- parity with real Quarto (issue #11), on the built-in side ----------------------

ANNEX_ROW = "UNDP | Kosovo* | stockpile_management"


@pytest.mark.slow
def test_inline_string_prints_literally_once(rendered: dict[str, Path]) -> None:
    """Quarto inserts an inline string as text: its '|' and '*' print as written."""
    bs4 = pytest.importorskip("bs4")
    html = rendered["fixture.html"].read_text(encoding="utf-8")
    text = bs4.BeautifulSoup(html, "html.parser").get_text(" ")
    assert f"Annex row: {ANNEX_ROW}." in text
    assert "\\|" not in text and "\\*" not in text and "<em>" not in html
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(rendered["fixture.pdf"]).pages)
    assert ANNEX_ROW.replace(" ", "") in pdf_text.replace(" ", "")


@pytest.mark.slow
def test_nothing_undeclared_is_applied(rendered: dict[str, Path]) -> None:
    """The fixture declares no css: the built-in renderer adds no house style of its own."""
    html = rendered["fixture.html"].read_text(encoding="utf-8")
    slides = rendered["fixture-slides.html"].read_text(encoding="utf-8")
    assert "--sb-ink" not in html and "quarto-html-table-processing" in html
    assert "max-height: 440px" not in slides


@pytest.mark.slow
def test_page_title_is_the_document_title(rendered: dict[str, Path]) -> None:
    html = rendered["fixture.html"].read_text(encoding="utf-8")
    assert re.search(r"<title>\s*Render fixture\s*</title>", html)


def test_display_mime_follows_quarto() -> None:
    """Quarto's displayDataMimeType: HTML prefers HTML; other formats Markdown, then SVG."""
    from analysis.render._assemble import display_mime

    chart = {"text/html": "<div></div>", "image/svg+xml": "<svg/>", "image/png": "x"}
    assert display_mime(chart, "html") == "text/html"
    assert display_mime(chart, "revealjs") == "text/html"
    assert display_mime(chart, "pptx") == "image/svg+xml"  # hence fig-format: png
    assert display_mime(chart, "typst") == "image/svg+xml"
    assert display_mime({**chart, "text/markdown": "x"}, "typst") == "text/markdown"
    assert display_mime({**chart, "text/markdown": "x"}, "html") == "text/html"
    table = {"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "t"}
    assert display_mime(table, "pptx") == "text/html"
    assert display_mime({"text/html": "<div/>", "text/plain": "t"}, "pptx") == "text/plain"


def test_inline_markdown_follows_quarto() -> None:
    from analysis.render._assemble import inline_markdown

    assert inline_markdown({"text/plain": "a | b *c* @fig-x"}, "pptx") == (
        "a \\| b \\*c\\* \\@fig\\-x"
    )
    assert inline_markdown({"text/markdown": "**bold**", "text/plain": "x"}, "typst") == "**bold**"
    assert inline_markdown({"text/html": "<b>x</b>", "text/plain": "x"}, "html") == (
        "`<b>x</b>`{=html}"
    )


def test_format_options_resolve_declared_files(tmp_path: Path) -> None:
    """Files in _quarto.yml resolve against the project, in front matter against the doc."""
    from analysis.render._project import load_project

    (tmp_path / "_quarto.yml").write_text(
        "filters: [a.lua]\nformat:\n  html:\n    css: style/a.css\n", encoding="utf-8"
    )
    project = load_project(tmp_path)
    meta = {"format": {"html": {"css": "b.css", "toc": True}}, "filters": ["f.lua"]}
    options = project.format_options(meta, tmp_path / "reports")["html"]
    assert options["css"] == [tmp_path / "style/a.css", tmp_path / "reports/b.css"]
    assert [f["path"] for f in options["filters"]] == [
        tmp_path / "a.lua",
        tmp_path / "reports/f.lua",
    ]
    assert options["toc"] is True


@pytest.mark.slow
def test_kernel_learns_the_format(tmp_path: Path) -> None:
    """Each format executes afresh and the kernel reads it from QUARTO_EXECUTE_INFO."""
    from analysis.render._execute import execute
    from analysis.render._qmd import parse_qmd
    from analysis.render._render import execute_info

    qmd = tmp_path / "doc.qmd"
    qmd.write_text(
        "```{python}\nfrom analysis.notebook import render_target\n"
        "t = render_target()\nprint(t.format, t.fig_format)\n```\n",
        encoding="utf-8",
    )
    doc = parse_qmd(qmd)
    for fmt, options, expected in (
        ("pptx", {"fig-format": "png"}, "pptx png"),
        ("typst", {}, "typst svg"),
        ("html", {}, "html retina"),
    ):
        executed = execute(doc, cwd=ROOT_DIR, info=execute_info(qmd, fmt, options))
        (outputs,) = executed.cell_outputs.values()
        assert outputs[0]["text"].strip() == expected


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "typst"])
def test_in_process_execution_gives_the_kernel_outputs(fmt: str, monkeypatch) -> None:
    """The in-process engine (the default) is as faithful as a Jupyter kernel.

    Its outputs still being made (a chart converting) are compared once made, as the
    assembly of the document reads them.
    """
    from analysis.render._execute import execute, settled
    from analysis.render._qmd import parse_qmd
    from analysis.render._render import execute_info

    qmd = FIXTURE / "reports" / "fixture.qmd"
    doc = parse_qmd(qmd)
    info = execute_info(qmd, fmt, {"fig-format": "svg"} if fmt == "typst" else {})

    def outputs(engine: str) -> str:
        monkeypatch.setenv("SALW_EXECUTE", engine)
        executed = settled(execute(doc, cwd=FIXTURE, info=info))
        text = json.dumps(
            [executed.cell_outputs[k] for k in sorted(executed.cell_outputs)]
            + [executed.inline_values[k] for k in sorted(executed.inline_values)],
            sort_keys=True,
        )
        text = re.sub(r"vega-[0-9a-f]{12}", "vega-ID", text)  # random element ids
        for table_id in set(re.findall(r'div id=\\"([a-z]{10})\\"', text)):
            text = text.replace(table_id, "TABLE-ID")
        return re.sub(r'"execution_count": \d+, ', "", text)

    assert outputs("in-process") == outputs("kernel")


@pytest.mark.slow
def test_a_kernel_prints_nothing_on_the_console(tmp_path: Path, monkeypatch, capfd) -> None:
    """A Jupyter kernel (SALW_EXECUTE=kernel) does not say it runs over TCP unencrypted."""
    from analysis.render._execute import execute
    from analysis.render._qmd import parse_qmd

    monkeypatch.setenv("SALW_EXECUTE", "kernel")
    qmd = tmp_path / "doc.qmd"
    qmd.write_text("```{python}\nprint(1 + 1)\n```\n", encoding="utf-8")
    (outputs,) = execute(parse_qmd(qmd), cwd=tmp_path).cell_outputs.values()
    assert outputs[0]["text"].strip() == "2"
    out, err = capfd.readouterr()
    assert not (out + err).strip(), out + err


def test_a_failing_cell_in_process_names_the_cell_and_restores_the_process(tmp_path) -> None:
    from analysis.render._execute import execute
    from analysis.render._qmd import parse_qmd

    qmd = tmp_path / "doc.qmd"
    qmd.write_text("```{python}\n#| label: boom\nimport os\nos.chdir('/')\n1 / 0\n```\n")
    before = Path.cwd()
    with pytest.raises(RenderError, match="boom.*ZeroDivisionError"):
        execute(parse_qmd(qmd), cwd=tmp_path)
    assert Path.cwd() == before


#: Executes a document in process (as the built-in renderer does), in a fresh Python.
_EXECUTE_A_DOCUMENT = """
import sys
from pathlib import Path
from analysis.render._execute import execute
from analysis.render._qmd import parse_qmd
execute(parse_qmd(Path(sys.argv[1])), cwd=Path(sys.argv[1]).parent)
"""


def test_in_process_execution_keeps_no_history_in_the_users_ipython_folder(tmp_path) -> None:
    """A build opens no IPython history database in ~/.ipython (one session per document
    and format was written there before)."""
    qmd = tmp_path / "doc.qmd"
    qmd.write_text("```{python}\nanswer = 6 * 7\nanswer\n```\n")
    ipython_dir = tmp_path / "ipython"
    env = {**os.environ, "IPYTHONDIR": str(ipython_dir)}
    command = [sys.executable, "-c", _EXECUTE_A_DOCUMENT, str(qmd)]
    subprocess.run(command, cwd=ROOT_DIR, env=env, check=True, capture_output=True)
    assert list(ipython_dir.rglob("*.sqlite")) == []


@pytest.mark.slow
def test_a_chart_failing_to_convert_after_its_cell_names_the_cell(tmp_path: Path) -> None:
    """A PDF's chart converts while the next cells run; when it fails, the render
    still names the document and the cell, and writes nothing."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("_output"))
    qmd = project / "reports" / "fixture.qmd"
    cell = (
        "```{python}\n#| label: broken-expression\n"
        'alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="v:Q")'
        '.transform_calculate(v="datum.a +")\n```\n'
    )
    qmd.write_text(
        qmd.read_text(encoding="utf-8").replace("## Table\n", f"## Table\n\n{cell}", 1),
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as info:
        render_project(project, formats=("pdf",), use_quarto=False)
    message = str(info.value)
    assert "fixture.qmd" in message and "cell 'broken-expression'" in message
    assert "Unexpected end of input" in message
    assert not (project / "_output").exists()


def test_a_typst_error_names_the_document_and_typsts_message(tmp_path: Path) -> None:
    """Typst compiles in a process of its own; its error still reaches the user."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("_output"))
    qmd = project / "reports" / "fixture.qmd"
    broken = "```{=typst}\n#let broken = (\n```\n\n"
    qmd.write_text(
        qmd.read_text(encoding="utf-8").replace("## Table\n", f"{broken}## Table\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(
        RenderError, match=r"fixture\.qmd: typst failed: .*unclosed delimiter"
    ) as info:
        render_project(project, formats=("pdf",), use_quarto=False)
    assert "#let broken = (" in str(info.value)  # the place, as typst shows it
    assert not (project / "_output").exists()


def test_long_parts_of_a_page_come_through_unchanged(tmp_path: Path) -> None:
    """Pandoc is spared reading long scripts (the vega bundle in the head, a map's
    atlas in the body), data URIs (a CSV download) and tables; the page must still
    carry each one exactly as it was, and a table with an image still gets it embedded."""
    from analysis.render._convert import convert

    def script(name: str) -> str:
        body = f"var {name} = '\t$x$ \\\\ &amp; <b>';\n" * 2000  # tabs, TeX, entities
        return f'<script type="text/javascript">{body}</script>'

    from PIL import Image

    Image.new("RGB", (2, 2), "red").save(tmp_path / "dot.png")
    rows = "".join(f"<tr><td>{k}</td><td>*{k}* $x$ &amp;</td></tr>" for k in range(300))
    head, atlas = script("bundle"), script("atlas")
    table = f"<table><tbody>{rows}</tbody></table>"
    pictured = f'<table><tbody>{rows}<tr><td><img src="dot.png"></td></tr></tbody></table>'
    download = f'<a download="f.csv" href="data:text/csv;base64,{"QUJD" * 2000}">CSV</a>'
    blocks = "\n\n".join(f"```{{=html}}\n{part}\n```" for part in (atlas, table, download))
    markdown = f"# Title\n\nText.\n\n{blocks}\n\n```{{=html}}\n{pictured}\n```\n"
    target = tmp_path / "page.html"
    convert(markdown, "html", target, tmp_path, {}, "page.qmd", head_html=head)
    page = target.read_text(encoding="utf-8")
    for part in (head, atlas, table, download):
        assert page.count(part) == 1
    assert page.index(head) < page.index("<body") < page.index(atlas)
    assert 'src="data:image/png;base64,' in page and 'src="dot.png"' not in page
    assert "sb-aside-" not in page
