"""Reports of another year and style, read against gold lists made by hand (issue 10).

``tests/fixtures/synthetic/fidelity/`` holds two invented reports (English, Chinese) in
a style the first report does not have — long sentences, numbers in parentheses,
footnotes with figures, ranges, number words, vague quantities, goal and standard
numbers, an annex whose header row repeats at a page break — each with a gold list
read from the text. ``python -m benchmarks.fidelity`` prints the same measures.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from analysis.add import add_report
from analysis.extract import EXCLUSION_REASONS, extract_all
from analysis.reference import load_reference, vocabulary
from benchmarks.fidelity import gold_reports, measure
from tests.conftest import ROOT, empty_project
from tests.documents import compile_typst, un_report_typ

REPORTS = gold_reports(ROOT)
IDS = [report.stem for report, _ in REPORTS]
SYMBOLS = {
    "synthetic_2005_en": "A/60/161",
    "synthetic_2005_zh": "A/60/163",
    "synthetic_2006_en": "A/61/288",
    "synthetic_2006_zh": "A/61/317",
    "synthetic_2007_en": "A/62/158",
    "synthetic_2007_zh": "A/62/158",
    "synthetic_2008_en": "A/63/261",
    "synthetic_2008_zh": "A/63/261",
    "synthetic_2009_en": "A/64/173",
    "synthetic_2009_zh": "A/64/173",
    "synthetic_2010_en": "A/65/153",
    "synthetic_2010_zh": "A/65/153",
    "synthetic_2011_en": "A/66/177",
    "synthetic_2011_zh": "A/66/177",
    "synthetic_2012_en": "A/67/176",
    "synthetic_2012_zh": "A/67/176",
    "synthetic_2013_en": "A/68/140",
    "synthetic_2013_zh": "A/68/163",
    "synthetic_2014_en": "A/69/185",
    "synthetic_2014_zh": "A/69/185",
    "synthetic_2015_en": "A/70/152",
    "synthetic_2016_en": "A/71/438",
    "synthetic_2016_zh": "A/71/438",
    "synthetic_2017_en": "A/72/161",
    "synthetic_2017_zh": "A/72/156",
    "synthetic_2018_en": "A/73/168",
    "synthetic_2018_zh": "A/73/168",
    "synthetic_2019_en": "A/74/987",
    "synthetic_2019_zh": "A/74/988",
    "synthetic_2020_en": "A/75/156",
    "synthetic_2020_zh": "A/75/156",
    "synthetic_2021_en": "A/76/169",
    "synthetic_2021_zh": "A/76/169",
    "synthetic_2022_en": "A/77/135",
    "synthetic_2022_zh": "A/77/135",
    "synthetic_2023_en": "A/78/126",
    "synthetic_2023_zh": "A/78/126",
    "synthetic_2024_en": "A/79/131",
    "synthetic_2024_zh": "A/79/131",
    "synthetic_2025_en": "A/80/142",
    "synthetic_2025_zh": "A/80/142",
    "synthetic_2026_en": "A/81/164",
    "synthetic_2026_zh": "A/81/164",
    "synthetic_2027_en": "A/82/139",
    "synthetic_2027_zh": "A/82/139",
    "synthetic_2028_en": "A/83/171",
    "synthetic_2028_zh": "A/83/152",
    "synthetic_2029_en": "A/84/163",
    "synthetic_2029_zh": "A/84/163",
    "synthetic_2030_en": "A/85/174",
    "synthetic_2030_zh": "A/85/152",
    "synthetic_2031_zh": "A/86/158",
}
KEY = ["location", "indicator", "value", "value_high", "unit", "qualifier", "subject"]


def test_there_are_gold_lists_in_both_languages():
    assert {stem[-2:] for stem in IDS} >= {"en", "zh"}


@pytest.mark.parametrize(("report", "gold"), REPORTS, ids=IDS)
def test_gold_lists_quote_the_report_in_its_vocabulary(report, gold):
    text = report.read_text(encoding="utf-8")
    full = load_reference(ROOT)
    units = {*full.units.values(), "percent", "unspecified"}
    units |= {code for _, _, code in full.currencies}
    qualifiers = set(vocabulary(ROOT).qualifiers)
    with gold.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["quote"] in text, row
        assert row["unit"] in units, row
        assert row["qualifier"] in qualifiers, row
        assert bool(row["value_high"]) == (row["qualifier"] == "range"), row


@pytest.mark.parametrize(("report", "gold"), REPORTS, ids=IDS)
def test_recall_and_precision_against_the_gold_list(report, gold, tmp_path):
    result = measure(ROOT, report, gold, tmp_path)
    assert result.recall >= 0.98, result.missed
    assert result.precision >= 0.95, result.extra
    assert result.quotes_verbatim


def _project(tmp_path: Path, received: Path) -> dict[str, pl.DataFrame]:
    root = empty_project(tmp_path / received.stem)
    add_report(root, received, origin="synthetic test fixture (not a UN document)")
    return extract_all(root).tables


@pytest.mark.parametrize(("report", "gold"), REPORTS, ids=IDS)
def test_every_digit_run_is_a_figure_or_excluded_for_a_reason(report, gold, tmp_path):
    tables = _project(tmp_path, report)
    tokens = tables["tokens"]
    reasons = set(tokens.filter(pl.col("status") == "excluded")["reason"])
    assert reasons <= set(EXCLUSION_REASONS)
    covered: dict[int, list[tuple[int, int]]] = {}
    for row in tokens.iter_rows(named=True):
        start = row["column"] - 1
        covered.setdefault(row["line"], []).append((start, start + len(row["token"])))
    lines = report.read_text(encoding="utf-8").split("\n")
    missed = [
        (number, m.group(0))
        for number, line in enumerate(lines, start=1)
        for m in re.finditer(r"\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+", line)
        if not any(a <= m.start() and m.end() <= b for a, b in covered.get(number, []))
    ]
    assert not missed


@pytest.mark.parametrize(("report", "gold"), REPORTS, ids=IDS)
def test_a_pdf_laid_out_as_the_un_prints_gives_the_same_figures(report, gold, tmp_path):
    """A4, running symbol, job number and page/total footer, footnotes at the foot of the
    page, the annex a landscape table over several pages with its header repeated."""
    text = report.read_text(encoding="utf-8")
    pdf = tmp_path / f"{SYMBOLS[report.stem].replace('/', '_')}.pdf"
    compile_typst(un_report_typ(text, SYMBOLS[report.stem], cjk=report.stem.endswith("zh")), pdf)
    copy = tmp_path / "text" / report.name
    copy.parent.mkdir()
    shutil.copyfile(report, copy)
    from_text = _project(tmp_path / "a", copy)["figures"].select(KEY).sort(KEY)
    from_pdf = _project(tmp_path / "b", pdf)["figures"].select(KEY).sort(KEY)
    assert from_pdf.equals(from_text)


SERIES = sorted((ROOT / "tests" / "fixtures" / "synthetic" / "series").glob("*.txt"))


@pytest.mark.parametrize("report", SERIES, ids=[p.stem for p in SERIES])
def test_the_series_reports_laid_out_as_printed_read_as_their_text(report, tmp_path):
    lang = report.stem[-2:]
    pdf = tmp_path / f"{report.stem}.pdf"
    compile_typst(
        un_report_typ(report.read_text(encoding="utf-8"), "A/00/000", cjk=lang == "zh"), pdf
    )
    got = []
    for n, received in enumerate((report, pdf)):
        root = empty_project(tmp_path / f"p{n}")
        add_report(
            root,
            received,
            lang=lang,
            period_start="2000-08-01",
            period_end="2001-07-31",
            origin="synthetic test fixture (not a UN document)",
        )
        got.append(extract_all(root).tables["figures"].select(KEY).sort(KEY))
    assert got[1].equals(got[0])


def test_candidates_are_measured_but_not_held_to_the_floor():
    candidates = gold_reports(ROOT, candidates=True)
    assert candidates, "the candidates folder holds reports with gold lists"
    assert not {report for report, _ in candidates} & {report for report, _ in REPORTS}
