"""End-to-end test of the real briefing project: HTML, PDF (Typst), PPTX and reveal.js.

The project (``_quarto.yml``, ``reports/briefing.qmd``, ``reports/deck.qmd``) is
rendered once, with the built-in renderer, from the committed processed data into a
temporary directory. Expected numbers come from the data (``analysis.headlines``),
never typed here. Chromium (``chromium``) and Poppler (``poppler-utils``) are needed
for some checks: missing, they skip; under ``CI=true`` they fail.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from analysis.render import render_project
from analysis.render._qmd import Cell, parse_qmd
from tests.conftest import ROOT, require_tool

pytestmark = pytest.mark.slow

BRIEFING = ROOT / "reports" / "briefing.qmd"
BRIEFING_ZH = ROOT / "reports" / "briefing-zh.qmd"
DECK = ROOT / "reports" / "deck.qmd"
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
#: Latin a Chinese heading, caption or table header may hold: codes and file names.
ALLOWED_LATIN = re.compile(r"ISO3|SHA-256|data/\S+")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _labels(qmd: Path, kind: str) -> list[str]:
    """Return the ``fig``/``tbl`` cell labels of a document, in order."""
    return [
        b.label
        for b in parse_qmd(qmd).blocks
        if isinstance(b, Cell) and (b.label or "").startswith(kind + "-")
    ]


def _squash(text: str) -> str:
    """Remove all whitespace (PDF text wraps inside table cells)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def headline_rows() -> list[dict]:
    """The headline figures, from the committed processed data."""
    from analysis.processed import load
    from analysis.topics import headlines

    return headlines.table(load(ROOT)).to_dicts()


@pytest.fixture(scope="module")
def headline_rows_zh() -> list[dict]:
    """The headline figures as the Chinese briefing words them."""
    from analysis.processed import load
    from analysis.topics import headlines

    return headlines.table(load(ROOT), lang="zh").to_dicts()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render the real project to all four formats once; return the files by format."""
    out = tmp_path_factory.mktemp("briefing") / "_output"
    written = render_project(
        ROOT, formats=["html", "pdf", "pptx", "revealjs"], output_dir=out, use_quarto=False
    )
    files = {
        "html": out / "reports" / "briefing.html",
        "pdf": out / "reports" / "briefing.pdf",
        "pptx": out / "reports" / "deck.pptx",
        "revealjs": out / "reports" / "deck-slides.html",
        "html-zh": out / "reports" / "briefing-zh.html",
        "pdf-zh": out / "reports" / "briefing-zh.pdf",
        "pptx-zh": out / "reports" / "deck-zh.pptx",
        "revealjs-zh": out / "reports" / "deck-zh-slides.html",
    }
    assert sorted(written) == sorted(files.values())
    for path in files.values():
        assert path.stat().st_size > 0, path
    return files


def _chromium():
    """Return a launched headless Chromium (the Debian build) and its Playwright handle."""
    path = require_tool("chromium", "chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
    return playwright, browser


def _open(browser, url: str, viewport: dict[str, int]):
    """Open ``url``; return the page, its console errors and its non-local requests."""
    page = browser.new_page(viewport=viewport)
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    local = ("file:", "data:", "about:")
    page.on("request", lambda r: None if r.url.startswith(local) else requests.append(r.url))
    page.goto(url)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vega-embed-target')]"
        ".every(e => e.querySelector('svg, canvas'))",
        timeout=20_000,
    )
    return page, errors, requests


# -- HTML --------------------------------------------------------------------------


def test_html_charts_captions_numbers_and_no_external_urls(rendered, headline_rows):
    from bs4 import BeautifulSoup

    raw = rendered["html"].read_text(encoding="utf-8")
    for pattern in (
        'src="http',
        "src='http",
        'href="http',
        "href='http",
        "url(http",
        "url('http",
        'url("http',
    ):
        assert pattern not in raw, f"external URL ({pattern}) in the HTML"
    soup = BeautifulSoup(raw, "html.parser")

    figures = _labels(BRIEFING, "fig")
    tables = _labels(BRIEFING, "tbl")
    for n, label in enumerate(figures, 1):
        figure = soup.find(id=label)
        assert figure is not None, label
        assert figure.select(".vega-embed-target"), f"{label}: no chart"
        assert figure.find("figcaption").get_text(" ", strip=True).startswith(f"Figure {n}:")
    for n, label in enumerate(tables, 1):
        table = soup.find(id=label)
        assert table is not None, label
        assert table.find("table") is not None, label
        caption = table.select_one(".sb-table-caption").get_text(" ", strip=True)
        assert caption.startswith(f"Table {n}:"), caption

    # The charts carry their data: the Vega-Lite specs hold the annex values.
    specs = " ".join(s.get_text() for s in soup.find_all("script") if "var spec" in s.get_text())
    assert len(re.findall(r"var spec = ", specs)) == len(figures)
    weapons = next(r for r in headline_rows if r["series"] == "weapons_collected")
    assert re.search(rf"\b{int(weapons['value'])}(\.0)?\b", specs)
    assert "Kosovo" in specs

    text = soup.get_text(" ")
    for row in headline_rows:
        assert row["shown"] in text, row["shown"]
    # Quotes stay verbatim, in the report's language (Chinese), in the English briefing.
    assert headline_rows[0]["quote"][:12] in text


def test_html_draws_every_chart_offline_in_chromium(rendered):
    playwright, browser = _chromium()
    try:
        page, errors, requests = _open(
            browser, rendered["html"].as_uri(), {"width": 1280, "height": 900}
        )
        n_charts = len(_labels(BRIEFING, "fig"))
        drawn = page.evaluate(
            "() => [...document.querySelectorAll('.vega-embed-target')].map(e => {"
            "  const g = e.querySelector('svg, canvas'); const r = g.getBoundingClientRect();"
            "  return [r.width, r.right]; })"
        )
        assert len(drawn) == n_charts
        width = page.evaluate("document.documentElement.clientWidth")
        for chart_width, right in drawn:
            assert chart_width > 100
            assert right <= width + 1, "a chart overflows the page"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert errors == []
        assert requests == []
    finally:
        browser.close()
        playwright.stop()


def _csv_frames(lang: str) -> dict[str, object]:
    """The frame behind each float of the briefing, by label (as the documents pass it)."""
    from analysis.briefing import every_figure
    from analysis.processed import load
    from analysis.topics import TOPICS, scoped, topic

    data = load(ROOT)
    frames = {f"fig-{t.CHART_ID}": t.table(scoped(t, data), lang=lang) for t in TOPICS}
    frames |= {
        f"tbl-{t}": topic(t).table(scoped(topic(t), data), lang=lang)
        for t in ("headlines", "weapons")
    }
    frames |= {
        "tbl-changes": topic("trends").changes(data, lang=lang),
        "tbl-quality": data.quality,
        "tbl-corrections": data.corrections,
        "tbl-sources": data.sources,
        "tbl-figures": every_figure(data, lang).drop("quote_lang"),
    }
    return frames


@pytest.mark.parametrize(
    ("doc", "qmd", "lang"), [("html", BRIEFING, "en"), ("html-zh", BRIEFING_ZH, "zh")]
)
def test_html_every_chart_and_table_offers_its_data_as_csv(rendered, doc, qmd, lang):
    import base64
    import csv
    import io

    soup = _soup(rendered[doc])
    frames = _csv_frames(lang)
    labels = _labels(qmd, "fig") + _labels(qmd, "tbl")
    assert set(labels) <= set(frames)
    for label in labels:
        links = soup.find(id=label).select("a[download]")
        assert len(links) == 1, f"{label}: {len(links)} downloads"
        link = links[0]
        head, payload = link["href"].split(",", 1)
        assert head == "data:text/csv;charset=utf-8;base64"
        content = base64.b64decode(payload).decode("utf-8")
        assert content.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(content[1:])))
        frame = frames[label]
        assert rows[0] == frame.columns, label
        assert len(rows) - 1 == frame.height, label
        assert link["download"].endswith("-zh.csv" if lang == "zh" else f"{label[4:]}.csv")
        assert (CJK.search(link.get_text()) is not None) == (lang == "zh"), link.get_text()
    assert len(soup.select("a[download]")) == len(labels)


@pytest.mark.parametrize("doc", ["pdf", "pdf-zh"])
def test_pdf_has_no_download_links_and_a_compact_figure_table(rendered, doc):
    from pypdf import PdfReader

    text = _squash("\n".join(page.extract_text() or "" for page in PdfReader(rendered[doc]).pages))
    assert "Downloadthedata" not in text and "下载数据" not in text
    assert ("所有数字" if doc.endswith("zh") else "Everyfigure") in text


@pytest.mark.parametrize(
    ("doc", "term", "number"), [("html", "Kosovo", "9824"), ("html-zh", "科索沃", "9824")]
)
def test_every_figure_table_filters_and_sorts_offline_in_chromium(
    rendered, doc, term, number, tmp_path
):
    from analysis.processed import load

    total = load(ROOT).figures.height
    playwright, browser = _chromium()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort()
            ),
        )
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(rendered[doc].as_uri())
        index = page.locator("[data-sb-figure-index]")
        rows = index.locator("tbody tr")
        visible = index.locator("tbody tr:not([hidden])")
        assert rows.count() == total
        assert visible.count() == total
        search = index.locator("input[type=search]")
        search.fill(term)
        assert 0 < visible.count() < total
        assert all(term in t for t in visible.all_inner_texts())
        assert (
            index.locator("[data-sb-count]")
            .inner_text()
            .startswith(
                f"{visible.count()} of {total}" if doc == "html" else f"显示 {visible.count()} 个"
            )
        )
        search.fill(number)  # 9,824 / 9 824 match without the separator
        assert visible.count() >= 1
        search.fill("")
        assert visible.count() == total
        header = index.locator("thead th").first
        header.locator("button").click()
        values = [
            float(v)
            for v in index.locator("tbody tr td:first-child").evaluate_all(
                "cells => cells.map(c => c.dataset.sort)"
            )
        ]
        assert values == sorted(values) and header.get_attribute("aria-sort") == "ascending"
        header.locator("button").click()
        values = [
            float(v)
            for v in index.locator("tbody tr td:first-child").evaluate_all(
                "cells => cells.map(c => c.dataset.sort)"
            )
        ]
        assert values == sorted(values, reverse=True)
        index.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"every-figure-{doc}.png"))
        assert errors == []
    finally:
        browser.close()
        playwright.stop()


# -- PDF ---------------------------------------------------------------------------


def test_pdf_text_numbers_chinese_and_fonts(rendered, headline_rows):
    from pypdf import PdfReader

    reader = PdfReader(rendered["pdf"])
    text = _squash("\n".join(page.extract_text() or "" for page in reader.pages))
    for row in headline_rows:
        assert _squash(row["shown"]) in text, row["shown"]
    quote = _squash(headline_rows[0]["quote"])[:6]
    assert quote in text, quote

    fonts = _pdf_fonts(reader)
    cjk = {name: emb for name, emb in fonts.items() if "CJK" in name}
    assert cjk, f"no Noto CJK font in the PDF: {sorted(fonts)}"
    assert all("Noto" in name for name in cjk)
    assert all(cjk.values()), f"CJK fonts not embedded: {cjk}"


def test_chinese_pdf_sets_every_chinese_character_in_a_simplified_chinese_face(rendered):
    """Title block included: a Japanese or Korean face draws some characters differently."""
    from pypdf import PdfReader

    cjk = [name for name in _pdf_fonts(PdfReader(rendered["pdf-zh"])) if "CJK" in name]
    assert cjk
    assert all("CJKsc-" in name for name in cjk), cjk


def _pdf_fonts(reader: Any) -> dict[str, bool]:
    """Return the PDF's fonts (base names) used by its pages, each with whether it is embedded."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def test_pdf_pages_render_to_png(rendered, tmp_path):
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    subprocess.run(
        [
            pdftoppm,
            "-r",
            "40",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(rendered["pdf"]),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert pngs and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- PPTX and reveal.js ------------------------------------------------------------


def _deck_charts() -> int:
    """Number of chart slides: the topics whose chart draws something (analysis.deck)."""
    from analysis.deck import shown
    from analysis.processed import load

    return len(shown(load(ROOT)))


def _chart_shapes(slide) -> list:
    """The slide's chart: a picture, or a native chart."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE or s.has_chart]


def _alt(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr/@descr")[0]


@pytest.mark.parametrize("deck", ["pptx", "pptx-zh"])
def test_pptx_one_title_one_source_notes_and_no_empty_slide(rendered, deck):
    from pptx import Presentation

    source_word = "资料来源" if deck.endswith("zh") else "Source:"
    n_charts = _deck_charts()
    assert n_charts >= 9
    slides = list(Presentation(str(rendered[deck])).slides)
    assert len(slides) == n_charts + 1, "title slide plus one slide per chart, none empty"
    for i, slide in enumerate(slides[1:], 2):
        charts = _chart_shapes(slide)
        assert len(charts) == 1, f"slide {i}: {len(charts)} charts"
        assert _alt(charts[0]).strip(), f"slide {i}: chart without alt text"
        title = slide.shapes.title.text.strip()
        assert title and "*" not in title, i
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert sum(t.count(source_word) for t in texts) == 1, f"slide {i}: one source line"
        assert [t for t in texts if title in t] == [slide.shapes.title.text], i
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert len(notes) > 40, f"slide {i}: no speaker notes"
        if deck.endswith("zh"):
            assert CJK.search(notes)


def test_pptx_simple_charts_are_native_and_hold_the_data(rendered):
    from pptx import Presentation

    from analysis.processed import load
    from analysis.topics import topic

    data = load(ROOT)
    slides = list(Presentation(str(rendered["pptx"])).slides)
    charts = {s.shapes.title.text: c.chart for s in slides[1:] for c in s.shapes if c.has_chart}
    assert len(charts) >= 3
    entities = topic("entities").table(data)
    chart = next(c for t, c in charts.items() if t.startswith("Who did what"))
    assert list(reversed(chart.plots[0].categories)) == entities["entity"].to_list()
    shown = [
        sum(v or 0 for v in values)
        for values in zip(*(s.values for s in chart.series), strict=True)
    ]
    assert list(reversed(shown)) == [float(t) for t in entities["total"]]


def test_revealjs_every_chart_draws_and_fits_its_slide(rendered):
    playwright, browser = _chromium()
    try:
        page, errors, requests = _open(
            browser, rendered["revealjs"].as_uri(), {"width": 1280, "height": 720}
        )
        page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
        n_slides = page.evaluate("Reveal.getTotalSlides()")
        assert n_slides == _deck_charts() + 1
        for index in range(1, n_slides):
            page.evaluate(f"Reveal.slide({index})")
            once = page.evaluate(
                "() => { const s = Reveal.getCurrentSlide();"
                " const title = s.querySelector('h2').textContent.trim();"
                " const svg = s.querySelector('.vega-embed-target svg').textContent;"
                " return [svg.includes(title), svg.includes('Source:'),"
                "  !!s.querySelector('aside.notes')]; }"
            )
            assert once == [False, False, True], (
                f"slide {index + 1}: title/source twice, or no notes"
            )
            box = json.loads(
                page.evaluate(
                    "() => { const s = Reveal.getCurrentSlide();"
                    " const area = document.querySelector('.slides').getBoundingClientRect();"
                    " const g = s.querySelector("
                    "  '.vega-embed-target svg, .vega-embed-target canvas');"
                    " const r = g ? g.getBoundingClientRect() : null;"
                    " const c = s.querySelector('figcaption');"
                    " return JSON.stringify({area: [area.left, area.top, area.right, area.bottom],"
                    "  chart: r && [r.left, r.top, r.right, r.bottom, r.width],"
                    "  caption: c && c.getBoundingClientRect().bottom,"
                    "  source: c && c.textContent}); }"
                )
            )
            left, top, right, bottom = box["area"]
            assert box["chart"] is not None, f"slide {index + 1}: no chart drawn"
            c_left, c_top, c_right, c_bottom, c_width = box["chart"]
            assert c_width > 100
            assert c_left >= left - 2 and c_right <= right + 2, f"slide {index + 1}: too wide"
            assert c_top >= top - 2 and c_bottom <= bottom + 2, f"slide {index + 1}: too tall"
            assert "Source:" in (box["source"] or "")
            assert box["caption"] <= bottom + 2, f"slide {index + 1}: source below the slide"
        assert errors == []
        assert requests == []
    finally:
        browser.close()
        playwright.stop()


# -- the Chinese briefing and deck -------------------------------------------------


def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_chinese_briefing_headings_captions_and_headers_are_chinese(rendered, headline_rows_zh):
    soup = _soup(rendered["html-zh"])
    assert soup.html.get("lang") == "zh-Hans"  # Simplified Chinese (Pandoc has its words)
    words = [
        e.get_text(" ", strip=True)
        for e in soup.select(
            "h1, h2, h3, figcaption, .sb-table-caption, th, .gt_title, .gt_subtitle, "
            ".callout-title, nav#TOC a"
        )
    ]
    assert len(words) > 50
    for word in words:
        assert not re.search(r"[A-Za-z]", ALLOWED_LATIN.sub("", word)), word
    for n, label in enumerate(_labels(BRIEFING_ZH, "fig"), 1):
        caption = soup.find(id=label).find("figcaption").get_text(strip=True)
        assert caption.startswith(f"图 {n}"), caption
    for n, label in enumerate(_labels(BRIEFING_ZH, "tbl"), 1):
        caption = soup.find(id=label).select_one(".sb-table-caption").get_text(strip=True)
        assert caption.startswith(f"表格 {n}"), caption
    text = soup.get_text(" ")
    for row in headline_rows_zh:
        assert row["shown"] in text, row["shown"]


def test_english_briefing_has_chinese_only_in_marked_quotes(rendered):
    soup = _soup(rendered["html"])
    assert soup.html.get("lang") in (None, "", "en")
    for element in soup.select("script, style, [lang=zh]"):
        element.decompose()
    text = soup.get_text(" ")
    assert not CJK.findall(text), sorted(set(CJK.findall(text)))


def test_both_briefings_draw_the_same_numbers(rendered):
    def numbers(path: Path) -> list[list[float]]:
        scripts = [
            s.get_text() for s in _soup(path).find_all("script") if "var spec" in s.get_text()
        ]
        specs = [json.loads(re.search(r"var spec = (.*);\n", s).group(1)) for s in scripts]
        return [sorted(_numbers(spec)) for spec in specs]

    en, zh = numbers(rendered["html"]), numbers(rendered["html-zh"])
    assert len(en) == len(zh) == len(_labels(BRIEFING, "fig"))
    assert en == zh


def _numbers(spec: dict) -> list[float]:
    rows = [r for v in spec.get("datasets", {}).values() if isinstance(v, list) for r in v]
    return [v for r in rows for v in r.values() if isinstance(v, int | float)]


def test_chinese_pdf_text_and_fonts(rendered, headline_rows_zh):
    from pypdf import PdfReader

    reader = PdfReader(rendered["pdf-zh"])
    text = _squash("\n".join(page.extract_text() or "" for page in reader.pages))
    assert "目录" in text and "表格1" in text
    for row in headline_rows_zh:
        assert _squash(row["shown"]) in text, row["shown"]


def test_chinese_deck_one_slide_per_chart_with_chinese_titles(rendered):
    from pptx import Presentation

    slides = list(Presentation(str(rendered["pptx-zh"])).slides)
    assert len(slides) == _deck_charts() + 1
    for slide in slides[1:]:
        assert CJK.search(slide.shapes.title.text), slide.shapes.title.text
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert any("资料来源" in t for t in texts)
    assert "资料来源" in rendered["revealjs-zh"].read_text(encoding="utf-8")


@pytest.mark.parametrize("deck", ["pptx", "pptx-zh"])
def test_pptx_pages_render_in_libreoffice(rendered, deck, tmp_path):
    """The deck as a person sees it: every slide drawn by LibreOffice, none blank.

    The pages are kept under ``tmp_path`` (``slide-NN.png``) to look at.
    """
    from PIL import Image, ImageStat
    from pptx import Presentation

    soffice = require_tool("soffice", "libreoffice-impress")
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice's profile, not the user's
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), rendered[deck]],
        check=True,
        capture_output=True,
        env=env,
        timeout=180,
    )
    pdf = tmp_path / (rendered[deck].stem + ".pdf")
    subprocess.run([pdftoppm, "-png", "-r", "60", pdf, tmp_path / "slide"], check=True)
    pages = sorted(tmp_path.glob("slide-*.png"))
    assert len(pages) == len(Presentation(str(rendered[deck])).slides)
    for page in pages[1:]:
        image = Image.open(page).convert("L")
        assert image.width > image.height  # 16:9
        ink = sum(image.resize((160, 90)).histogram()[:200])
        assert ink > 160 * 90 * 0.03, f"{page.name}: almost nothing drawn"
        assert ImageStat.Stat(image).stddev[0] > 20, page.name


# -- parity with real Quarto (issue #11), on the built-in side ----------------------

#: Hosts Quarto adds scripts from when cells have text/html output (widgets.ts).
CDN_HOSTS = ("cdnjs.cloudflare.com", "unpkg.com", "require.min.js", "jquery")


def test_html_has_declared_style_no_cdn_and_no_table_in_chart_scripts(rendered):
    from bs4 import BeautifulSoup

    raw = rendered["html"].read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    assert "--sb-ink" in raw  # house.css, declared in _quarto.yml, embedded
    assert not [host for host in CDN_HOSTS if host in raw.lower()]
    assert not soup.find_all("script", src=True)
    charts = [s.get_text() for s in soup.find_all("script") if "vegaEmbed" in s.get_text()]
    assert charts and not [s for s in charts if re.search(r"<table", s, re.I)]
    title = parse_qmd(BRIEFING).meta["title"]
    assert soup.title.get_text(strip=True) == title.replace("'", "\u2019")


def test_pdf_headline_table_breaks_across_pages(rendered, headline_rows):
    """Point 1: the headline table runs on over the page break, its source note after it."""
    from pypdf import PdfReader

    pages = [_squash(page.extract_text() or "") for page in PdfReader(rendered["pdf"]).pages]
    caption = next(i for i, text in enumerate(pages) if "Table1:" in text)
    note = next(i for i, text in enumerate(pages) if "Source:" in text)
    last = _squash(headline_rows[-1]["shown"])
    assert note > caption, "the headline table did not break across pages"
    assert last in pages[note] or last in pages[note - 1]
    assert pages[note].count("Source:UNSecretary-General") >= 1


def test_pptx_pictures_are_png_and_sources_unescaped(rendered):
    """Point 3 (fig-format: png) and point 2 (inline strings print once, literally)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    slides = list(Presentation(str(rendered["pptx"])).slides)
    shapes = [s for slide in slides for s in slide.shapes]
    pictures = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures and {p.image.content_type for p in pictures} == {"image/png"}
    texts = [s.text_frame.text for s in shapes if s.has_text_frame]
    sources = [t for t in texts if "Source:" in t]
    assert sources and not [t for t in texts if "\\" in t]


def test_revealjs_references_no_other_file(rendered):
    """Point 4: one self-contained file, as Quarto writes it with embed-resources."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(rendered["revealjs"].read_text(encoding="utf-8"), "html.parser")
    refs = [
        tag.get(attr)
        for tag in soup.find_all(["script", "link", "img", "source", "video", "audio", "iframe"])
        for attr in ("src", "href")
        if tag.get(attr)
    ]
    assert not [r for r in refs if not r.startswith(("data:", "#"))], refs
    text = soup.get_text(" ")
    assert "Source:" in text and "\\|" not in text and "\\*" not in text


def test_a_latest_report_without_an_annex_is_said_so_not_counted_as_zero(processed):
    """'no annex of UN assistance', not '0 annex entries on UN assistance to 0 places'."""
    import dataclasses

    from analysis.briefing import facts

    no_annex = dataclasses.replace(processed, activities=processed.activities.clear())
    assert facts(no_annex, "en").annex == "no annex of UN assistance"
    assert facts(no_annex, "zh").annex == "无关于联合国援助的附件"
    assert facts(processed, "en").annex.endswith("on UN assistance to 63 places by 6 UN entities")


def test_many_reports_are_named_by_the_first_and_the_latest_in_the_prose(processed):
    """Ten citations in one sentence are a wall: past three, the first and the latest."""
    import dataclasses
    import datetime as dt

    import polars as pl

    from analysis.briefing import facts
    from analysis.labels import citation

    one = processed.sources
    copies = [
        one.with_columns(
            pl.lit(f"copy-{k}").alias("source_id"),
            pl.lit(f"UN Secretary-General, A/{70 + k}/1 ({2015 + k}, English)").alias("citation"),
            (pl.col("period_end") + dt.timedelta(days=366 * k)).alias("period_end"),
        )
        for k in (2, 0, 3, 1)
    ]
    many = dataclasses.replace(processed, sources=pl.concat(copies))
    assert facts(many, "en").reports == (
        "from UN Secretary-General, A/70/1 (2015, English) to "
        "UN Secretary-General, A/73/1 (2018, English), each listed under Sources and method"
    )
    cited_zh = citation(one.row(0, named=True), "zh")
    assert facts(many, "zh").reports == f"从{cited_zh}到{cited_zh}，均列于“资料来源和方法”"
    assert facts(processed, "en").reports == one["citation"][0]
