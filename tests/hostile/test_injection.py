"""Point 1 of #14: metadata is data in every format, never markup or script."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from analysis.add import add_report
from analysis.errors import BriefingError
from analysis.markdown import escape_markdown as markdown_text
from analysis.sources import load_source
from tests.conftest import ROOT, SOURCE_ID
from tests.test_render import CHROMIUM, CHROMIUM_ARGS, require

from . import corpus

PASSWD = Path("/etc/passwd")


@pytest.mark.parametrize("symbol", corpus.HOSTILE_SYMBOLS)
def test_add_refuses_a_symbol_that_is_not_a_symbol(tmp_path, symbol):
    root = corpus.empty_project(tmp_path / "project")
    report = tmp_path / "r.txt"
    report.write_text(corpus.english_text().replace("A/71/50\n", "\n", 1), "utf-8")
    with pytest.raises(BriefingError) as info:
        add_report(root, report, source_id="x-hostile", symbol=symbol)
    assert "is not a UN document symbol" in str(info.value) and "--symbol" in str(info.value)
    assert not any((root / "data" / "sources").iterdir()), "nothing registered"


@pytest.mark.parametrize("symbol", corpus.HOSTILE_SYMBOLS)
def test_source_yml_with_a_hostile_symbol_is_refused_on_its_line(tmp_path, symbol):
    root = corpus.real_project(tmp_path)
    meta_path = root / "data" / "sources" / SOURCE_ID / "source.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["symbol"] = symbol
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), "utf-8")
    line = next(
        n
        for n, text in enumerate(meta_path.read_text("utf-8").split("\n"), 1)
        if text.startswith("symbol:")
    )
    with pytest.raises(BriefingError) as info:
        load_source(meta_path.parent)
    assert f"source.yml:{line}:" in str(info.value)


def test_a_citation_over_several_lines_is_refused(tmp_path):
    root = corpus.real_project(tmp_path)
    meta_path = root / "data" / "sources" / SOURCE_ID / "source.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["citation"] = "UN report\n\n::: {.callout-note}\nInjected\n:::"
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    with pytest.raises(BriefingError, match="citation holds a line break"):
        load_source(meta_path.parent)


@pytest.mark.parametrize("value", [corpus.HOSTILE_CITATION, *corpus.HOSTILE_SYMBOLS])
def test_markdown_text_reads_back_as_the_same_text(value):
    import pypandoc

    markdown = markdown_text(value)
    out = pypandoc.convert_text(markdown, "html", format="markdown", extra_args=["--wrap=none"])
    assert html.unescape(re.sub(r"^<p>|</p>$", "", out.strip())) == " ".join(value.split())
    typst = pypandoc.convert_text(markdown, "typst", format="markdown")
    assert "#read" not in typst.replace("\\#read", ""), "no Typst call survives"
    assert "\n" not in markdown


def _hostile_project(tmp_path: Path) -> Path:
    """The real briefing project: the 2015 report, and a 2016 one with a hostile citation."""
    root = corpus.real_project(tmp_path)
    shutil.copytree(ROOT / "reports", root / "reports")
    shutil.copy(ROOT / "_quarto.yml", root / "_quarto.yml")
    folder = root / "data" / "sources" / "2016-synthetic-en"
    folder.mkdir()
    text = corpus.english_text().replace(
        "4. Funded projects", "4. <img src=x onerror=alert(7)> ![q](/etc/passwd) Funded projects"
    )
    (folder / "report.txt").write_text(text, "utf-8")
    meta = {
        "source_id": folder.name,
        "symbol": "A/71/50",
        "citation": corpus.HOSTILE_CITATION,
        "title": "<script>alert(8)</script>",
        "language": "en",
        "date": "2016-07-22",
        "file": "report.txt",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "reporting_period": {"as_printed": "", "start": "2015-08-01", "end": "2016-07-31"},
    }
    (folder / "source.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from analysis.build import run_build

    root = _hostile_project(tmp_path_factory.mktemp("hostile"))
    run_build(root, ["html", "pdf", "pptx", "revealjs"])
    return root / "_output" / "reports"


def _leaks(data: bytes) -> list[str]:
    """Return the signs of /etc/passwd embedded in an output (as text or base64)."""
    if not PASSWD.is_file():
        return []
    secret = PASSWD.read_bytes()
    first = secret.split(b"\n", 1)[0]
    signs = [first, base64.b64encode(secret)[:40], base64.b64encode(first)[:24]]
    return [repr(s) for s in signs if s and s in data]


@pytest.mark.slow
def test_hostile_html_fires_no_dialog_and_embeds_no_file(hostile_build: Path) -> None:
    require(CHROMIUM, "chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in ("briefing.html", "deck-slides.html"):
                page = browser.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.on("request", lambda r: requests.append(r.url))
                page.goto((hostile_build / name).as_uri())
                page.wait_for_selector(".vega-embed svg", timeout=20_000)
                page.wait_for_timeout(500)
                if name == "briefing.html":
                    text = page.inner_text("body")
                    assert "UN report <img src=x onerror=alert(3)> ![leak](/etc/passwd)" in text
                    assert '#read("/etc/passwd") $x$ @fig-weapons' in text
                images = page.eval_on_selector_all("img", "els => els.map(e => e.src)")
                assert not [s for s in images if "passwd" in s or s.endswith("/x")], images
                page.close()
        finally:
            browser.close()
    assert dialogs == [], "a script from the data ran"
    local = [u for u in requests if u.startswith("file:") and not u.endswith(".html")]
    assert local == [], "a local file was requested"
    for name in ("briefing.html", "deck-slides.html"):
        assert _leaks((hostile_build / name).read_bytes()) == [], name


@pytest.mark.slow
def test_hostile_pdf_and_pptx_show_the_text_and_embed_no_file(hostile_build: Path) -> None:
    import zipfile

    from pypdf import PdfReader

    pdf = "".join(page.extract_text() for page in PdfReader(hostile_build / "briefing.pdf").pages)
    assert "#read(" in pdf and "UN report <img" in pdf.replace("\n", " ")
    assert "root:" not in pdf
    with zipfile.ZipFile(hostile_build / "deck.pptx") as deck:
        for member in deck.namelist():
            assert _leaks(deck.read(member)) == [], member
    assert _leaks((hostile_build / "briefing.pdf").read_bytes()) == []
