"""`briefing add`: registering a report (text, PDF, DOCX) as data/sources/<id>/."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import yaml

from analysis.add import add_report
from analysis.errors import BriefingError
from analysis.extract import extract_all
from analysis.sources import load_sources
from tests.conftest import ROOT, SOURCE_ID, SYNTHETIC, empty_project, synthetic_english_project
from tests.documents import CJK_FONTS, compile_typst, docx_report, report_typ

ENGLISH = SYNTHETIC / "synthetic_2016_en.txt"
CHINESE = ROOT / "data" / "sources" / SOURCE_ID / "report.txt"
FIGURE_KEY = ("indicator", "value", "unit", "qualifier", "subject")


def _figures(root: Path) -> list[tuple]:
    frame = extract_all(root).tables["figures"].select(FIGURE_KEY)
    return sorted(frame.rows(), key=repr)


@pytest.fixture(scope="module")
def english_figures(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    """Figures of the synthetic English report registered by hand (conftest.add_source)."""
    return _figures(synthetic_english_project(tmp_path_factory.mktemp("english")))


@pytest.fixture(scope="module")
def chinese_figures(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    """Figures of the real 2015 Chinese report as registered in data/sources."""
    root = empty_project(tmp_path_factory.mktemp("chinese"))
    shutil.copytree(ROOT / "data" / "sources" / SOURCE_ID, root / "data" / "sources" / SOURCE_ID)
    return _figures(root)


def _meta(folder: Path) -> dict:
    return yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(root: Path) -> list[str]:
    """Everything under data/ apart from the reference data and registered sources."""
    data = root / "data"
    extra = [p.name for p in data.iterdir() if p.name not in ("reference", "sources")]
    return extra + [p.name for p in (data / "sources").iterdir()]


def _need_cjk_font() -> None:
    if not any(CJK_FONTS.glob("NotoSerifCJK*")):
        message = "Noto CJK fonts are not installed (Debian package: fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


# --- text -----------------------------------------------------------------------------


def test_add_text_report(tmp_path: Path, english_figures: list[tuple]) -> None:
    root = empty_project(tmp_path / "project")
    received = tmp_path / "synthetic_2016_en.txt"
    shutil.copyfile(ENGLISH, received)

    folder = add_report(root, received, origin="synthetic fixture")

    assert folder == root / "data" / "sources" / "2016-a-71-50-en"
    meta = _meta(folder)
    assert meta["source_id"] == "2016-a-71-50-en"
    assert meta["symbol"] == "A/71/50"
    assert meta["title"].startswith("Assistance to States for curbing the illicit traffic")
    assert meta["title"].endswith("in all its aspects")
    assert meta["language"] == "en"
    assert meta["original_language"] == "en"
    assert str(meta["date"]) == "2016-07-22"
    assert meta["file"] == meta["original_file"] == "synthetic_2016_en.txt"
    assert meta["sha256"] == meta["original_sha256"] == _sha(ENGLISH)
    assert (folder / meta["file"]).read_bytes() == ENGLISH.read_bytes()
    period = meta["reporting_period"]
    assert (str(period["start"]), str(period["end"])) == ("2015-08-01", "2016-07-31")
    assert "note" not in period
    assert meta["origin"] == "synthetic fixture"

    assert [s.source_id for s in load_sources(root)] == ["2016-a-71-50-en"]
    assert _figures(root) == english_figures


def test_add_chinese_gbk_text(tmp_path: Path, chinese_figures: list[tuple]) -> None:
    """A GB18030 file is kept as received; the misprinted summary period is noted."""
    root = empty_project(tmp_path / "project")
    received = tmp_path / "a70150.txt"
    received.write_bytes(CHINESE.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(BriefingError, match="--symbol"):
        add_report(root, received)  # its "* A/70/150" footnote names the agenda, not the report
    assert not list((root / "data" / "sources").iterdir())

    folder = add_report(root, received, source_id=SOURCE_ID)

    meta = _meta(folder)
    assert folder.name == SOURCE_ID
    assert meta["language"] == "zh"
    assert meta["encoding"] == "gb18030"
    assert meta["title"] == _meta(ROOT / "data" / "sources" / SOURCE_ID)["title"]
    assert str(meta["date"]) == "2015-07-24"
    period = meta["reporting_period"]
    assert period["as_printed"] == "2014 年 8 月至 2013 年 7 月"
    assert (str(period["start"]), str(period["end"])) == ("2014-08-01", "2015-07-31")
    assert "ends before it starts" in period["note"]
    assert _figures(root) == chinese_figures


def test_same_file_twice_is_refused(tmp_path: Path) -> None:
    root = empty_project(tmp_path / "project")
    first = add_report(root, ENGLISH)
    with pytest.raises(BriefingError, match=f"already registered as {first.name}"):
        add_report(root, ENGLISH, source_id="another-id")
    renamed = tmp_path / "copy.txt"
    shutil.copyfile(ENGLISH, renamed)
    with pytest.raises(BriefingError, match=first.name):
        add_report(root, renamed)
    assert _leftovers(root) == [first.name]


def test_existing_id_is_refused(tmp_path: Path) -> None:
    root = empty_project(tmp_path / "project")
    (root / "data" / "sources" / "2016-a-71-50-en").mkdir()
    with pytest.raises(BriefingError, match="already exists") as info:
        add_report(root, ENGLISH)
    assert "--id" in info.value.fix


def test_missing_metadata_names_the_options(tmp_path: Path) -> None:
    text = ENGLISH.read_text(encoding="utf-8")
    text = text.replace("22 July 2016\n", "").replace("Report of the Secretary-General\n", "")
    text = text.replace("A/71/50\n", "")
    text = text.replace("from August 2015 to July 2016", "from August 2015 to July 2014")
    text = text.replace(", August 2015–July 2016\n", "\n")
    received = tmp_path / "bare.txt"
    received.write_text(text, encoding="utf-8")
    root = empty_project(tmp_path / "project")

    with pytest.raises(BriefingError) as info:
        add_report(root, received)
    error = info.value
    assert error.path == received
    for option in ("--date YYYY-MM-DD", "--symbol", "--title", "--period-start", "--period-end"):
        assert option in error.fix
    assert "ends before it starts" in error.problem
    assert _leftovers(root) == []

    folder = add_report(
        root,
        received,
        date="2016-07-22",
        symbol="A/71/438",
        title="Synthetic report",
        period_start="2015-08-01",
        period_end="2016-07-31",
    )
    meta = _meta(folder)
    assert folder.name == "2016-a-71-438-en"
    assert meta["reporting_period"]["as_printed"] == "August 2015 to July 2014"
    assert "command line" in meta["reporting_period"]["note"]
    assert load_sources(root)


def test_bad_options_and_types(tmp_path: Path) -> None:
    root = empty_project(tmp_path / "project")
    with pytest.raises(BriefingError, match="--date YYYY-MM-DD"):
        add_report(root, ENGLISH, date="22/07/2016")
    with pytest.raises(BriefingError, match="--lang zh or en"):
        add_report(root, ENGLISH, lang="fr")
    with pytest.raises(BriefingError, match="lower-case"):
        add_report(root, ENGLISH, source_id="My Report")
    odd = tmp_path / "report.rtf"
    odd.write_text("{\\rtf1 hello}", encoding="utf-8")
    with pytest.raises(BriefingError, match="unsupported file type"):
        add_report(root, odd)
    with pytest.raises(BriefingError, match="no such file"):
        add_report(root, tmp_path / "missing.pdf")
    assert _leftovers(root) == []


def test_nothing_left_behind_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = empty_project(tmp_path / "project")

    def fail(folder: Path) -> None:
        assert (folder / "source.yml").is_file()  # written, in the staging folder
        raise BriefingError(folder, "simulated failure", "none")

    monkeypatch.setattr("analysis.add.load_source", fail)
    with pytest.raises(BriefingError, match="simulated failure"):
        add_report(root, ENGLISH)
    assert _leftovers(root) == []


# --- PDF ------------------------------------------------------------------------------


def test_pdf_round_trip_english(tmp_path: Path, english_figures: list[tuple]) -> None:
    pdf = compile_typst(report_typ(ENGLISH.read_text(encoding="utf-8")), tmp_path / "A_71_50.pdf")
    root = empty_project(tmp_path / "project")

    folder = add_report(root, pdf)

    meta = _meta(folder)
    assert folder.name == "2016-a-71-50-en"
    assert meta["original_file"] == "A_71_50.pdf"
    assert meta["original_sha256"] == _sha(pdf) == _sha(folder / "A_71_50.pdf")
    assert meta["file"] == "report.txt"
    assert meta["sha256"] == _sha(folder / "report.txt")
    assert meta["derived"]["tool"].startswith("pdfplumber ")
    assert "find_tables" in meta["derived"]["method"]
    assert str(meta["date"]) == "2016-07-22" and meta["symbol"] == "A/71/50"
    text = (folder / "report.txt").read_text(encoding="utf-8")
    assert (
        "Liberia\t\tSupported the destruction of 1,250 small arms and light weapons\t\t\n" in text
    )
    assert _figures(root) == english_figures

    with pytest.raises(BriefingError, match="already registered as 2016-a-71-50-en"):
        add_report(root, folder / "report.txt")


def test_pdf_as_printed_english(tmp_path: Path, english_figures: list[tuple]) -> None:
    """Justified, hyphenated text with running header and footer reads back the same."""
    typ = report_typ(ENGLISH.read_text(encoding="utf-8"), printed_as="A/71/438")
    pdf = compile_typst(typ, tmp_path / "n1612345.pdf")
    root = empty_project(tmp_path / "project")

    folder = add_report(root, pdf)

    assert folder.name == "2016-a-71-438-en"  # the symbol printed at the top of page 1
    notes = " ".join(_meta(folder)["derived"]["notes"])
    assert "running-header line(s) dropped" in notes
    assert "hyphen(s) taken as word breaks" in notes
    text = (folder / "report.txt").read_text(encoding="utf-8")
    assert text.count("A/71/438") == 1 and "16-12345" not in text
    assert "resulting in the recovery of 10,200 weapons" in text
    assert "record-keeping" in text
    assert "weapons.¹\n" in text and "\n¹ A/CONF.192/BMS/2016/1, para. 12.\n" in text
    assert _figures(root) == english_figures


def test_pdf_round_trip_chinese(tmp_path: Path, chinese_figures: list[tuple]) -> None:
    """The real 2015 report, typeset as printed over 12 pages, reads back the same.

    A CJK font, justified text, running header and footer, and annex rows cut by
    page breaks (joined again).
    """
    _need_cjk_font()
    typ = report_typ(CHINESE.read_text(encoding="utf-8"), cjk=True, printed_as="A/70/150")
    pdf = compile_typst(typ, tmp_path / "A-70-150-zh.pdf")
    root = empty_project(tmp_path / "project")

    folder = add_report(root, pdf, source_id=SOURCE_ID)

    meta = _meta(folder)
    assert folder.name == SOURCE_ID
    assert "split by a page break joined" in " ".join(meta["derived"]["notes"])
    assert (str(meta["reporting_period"]["start"]), str(meta["reporting_period"]["end"])) == (
        "2014-08-01",
        "2015-07-31",
    )
    assert _figures(root) == chinese_figures


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    pdf = compile_typst(
        '#set page(paper: "a4")\n#rect(width: 10cm, height: 15cm, fill: gray)\n'
        "#pagebreak()\n#rect(width: 10cm, height: 15cm, fill: gray)\n",
        tmp_path / "scan.pdf",
    )
    root = empty_project(tmp_path / "project")
    with pytest.raises(BriefingError, match="no text layer") as info:
        add_report(root, pdf)
    assert "OCR it first" in info.value.fix
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    with pytest.raises(BriefingError, match="not a readable PDF"):
        add_report(root, broken)
    assert _leftovers(root) == []


# --- DOCX -----------------------------------------------------------------------------


def test_docx_round_trip(tmp_path: Path, english_figures: list[tuple]) -> None:
    received = docx_report(ENGLISH.read_text(encoding="utf-8"), tmp_path / "A-71-50.docx")
    root = empty_project(tmp_path / "project")

    folder = add_report(root, received)

    meta = _meta(folder)
    assert meta["original_file"] == "A-71-50.docx"
    assert meta["original_sha256"] == _sha(received)
    assert meta["derived"]["tool"].startswith("python-docx")
    assert meta["sha256"] == _sha(folder / "report.txt")
    text = (folder / "report.txt").read_text(encoding="utf-8")
    assert "illicit traffic in small arms and light weapons.¹\n" in text
    assert _figures(root) == english_figures


# --- command line ---------------------------------------------------------------------


def test_cli_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from analysis.cli import app

    root = empty_project(tmp_path / "project")
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = CliRunner().invoke(app, ["add", str(ENGLISH), "--id", "synthetic-2016-en"])
    assert result.exit_code == 0, result.output
    assert "registered" in result.output
    again = CliRunner().invoke(app, ["add", str(ENGLISH)])
    assert again.exit_code != 0
    assert "already registered as synthetic-2016-en" in again.output


def test_metadata_from_run_together_header(tmp_path: Path) -> None:
    """Header lines a conversion ran together still give date, symbol and title (.md)."""
    text = ENGLISH.read_text(encoding="utf-8")
    text = text.replace(
        "General Assembly\n\nA/71/50\n\nDistr.: General\n22 July 2016\nOriginal: English\n",
        "United Nations A/71/438\n\nGeneral Assembly Distr.: General 22 July 2016 "
        "Original: English\n",
    )
    text = text.replace(
        "in all its aspects\n\nReport of the Secretary-General",
        "in all its aspects Report of the Secretary-General",
    )
    received = tmp_path / "a-71-438.md"
    received.write_text(text, encoding="utf-8")
    root = empty_project(tmp_path / "project")

    meta = _meta(add_report(root, received))

    assert meta["source_id"] == "2016-a-71-438-en"
    assert meta["file"] == "a-71-438.md"
    assert str(meta["date"]) == "2016-07-22" and meta["original_language"] == "en"
    assert meta["title"].endswith("light weapons in all its aspects")
    assert load_sources(root)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_pdf_table_ruled_between_rows_only(
    tmp_path: Path, language: str, english_figures: list[tuple], chinese_figures: list[tuple]
) -> None:
    """Without vertical rules the columns are found from the gaps in the table's text."""
    if language == "zh":
        _need_cjk_font()
    source, symbol = (CHINESE, "A/70/150") if language == "zh" else (ENGLISH, "A/71/438")
    typ = report_typ(
        source.read_text(encoding="utf-8"),
        cjk=language == "zh",
        printed_as=symbol,
        stroke="(x: none, y: 0.5pt)",
    )
    pdf = compile_typst(typ, tmp_path / "report.pdf")
    root = empty_project(tmp_path / "project")

    folder = add_report(root, pdf)

    text = (folder / "report.txt").read_text(encoding="utf-8")
    if language == "en":
        assert "\nUnited Nations Development Programme\t\t\t\t\n" in text
    assert _figures(root) == (chinese_figures if language == "zh" else english_figures)


def test_a_report_without_summary_or_annex_title_takes_the_period_its_introduction_states(
    tmp_path: Path,
) -> None:
    report = tmp_path / "s-2019-1011.txt"
    report.write_text(
        "Security Council\n\nS/2019/1011\n\nDistr.: General\n30 December 2019\n\n"
        "Original: English\n\nSmall arms and light weapons\n\nReport of the Secretary-General\n\n"
        "I. Introduction\n\n1. The present report is submitted pursuant to the statement by "
        "the President of the Security Council. It covers the period from 1 December 2017 to "
        "30 November 2019.\n\n2. During the period, 12 States destroyed 4,100 weapons.\n",
        encoding="utf-8",
    )
    root = empty_project(tmp_path / "project")
    folder = add_report(root, report)
    meta = _meta(folder)
    period = meta["reporting_period"]
    assert (str(period["start"]), str(period["end"])) == ("2017-12-01", "2019-11-30")
    assert meta["symbol"] == "S/2019/1011"


@pytest.mark.parametrize("opening", ["Of those", "Among those"])
def test_of_those_counts_what_the_sentence_before_counted(tmp_path: Path, opening: str) -> None:
    report = tmp_path / "s-2021-839.txt"
    report.write_text(
        "Security Council\n\nS/2021/839\n\nDistr.: General\n30 September 2021\n\n"
        "Small arms and light weapons\n\nReport of the Secretary-General\n\n"
        "1. The present report covers the period from 1 December 2019 to 31 August 2021.\n\n"
        "2. The Council adopted 30 resolutions on small arms, against 25 before, an increase of "
        f"a fifth. {opening}, 12 renewed sanctions measures.\n",
        encoding="utf-8",
    )
    root = empty_project(tmp_path / "project")
    add_report(root, report)
    figures = extract_all(root).tables["figures"]
    para = figures.filter(figures["location"] == "para 2")
    assert para.select("value", "unit").rows() == [
        (30.0, "resolutions"),
        (25.0, "resolutions"),
        (20.0, "percent"),
        (12.0, "resolutions"),
    ]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["the disar-", "mament of groups"], "the disarmament of groups"),
        (["a record-", "keeping system"], "a record-keeping system"),
        # a part joined by a hyphen to another is of a compound: the hyphen stays
        (["a three-and-", "a-half-year project"], "a three-and-a-half-year project"),
        (["a two-and-a-", "half-year project"], "a two-and-a-half-year project"),
    ],
)
def test_an_end_of_line_hyphen_is_a_word_break_or_a_compound(lines, joined):
    from analysis.readers._lines import Hyphens, join_lines

    assert join_lines(lines, Hyphens(lines)) == joined
