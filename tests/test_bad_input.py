"""Bad input gets a clear error naming the file, the place and the fix; nothing built is lost."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml

from analysis.build import run_build
from analysis.errors import BriefingError, ReportError
from analysis.extract import extract_all

from .conftest import ROOT, SOURCE_ID

ORIGINAL = ROOT / "data" / "sources" / SOURCE_ID


def make_project(tmp_path: Path, report: bytes | None = None, source_id: str = SOURCE_ID) -> Path:
    """A throwaway project: the real reference data and one (possibly broken) report."""
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    folder = tmp_path / "data" / "sources" / source_id
    folder.mkdir(parents=True)
    data = (ORIGINAL / "report.txt").read_bytes() if report is None else report
    (folder / "report.txt").write_bytes(data)
    meta = yaml.safe_load((ORIGINAL / "source.yml").read_text(encoding="utf-8"))
    meta["source_id"] = source_id
    meta["sha256"] = hashlib.sha256(data).hexdigest()
    (folder / "source.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return tmp_path


def original_text() -> str:
    return (ORIGINAL / "report.txt").read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_empty_file_is_refused(tmp_path):
    root = make_project(tmp_path, b"")
    with pytest.raises(ReportError) as info:
        extract_all(root)
    assert "report.txt" in str(info.value) and "empty" in str(info.value)
    assert "fix:" in str(info.value)


def test_gbk_copy_reads_the_same(tmp_path, figures):
    root = make_project(tmp_path, original_text().encode("gb18030"))
    gbk = extract_all(root).tables["figures"]
    columns = ["figure_id", "indicator", "value", "unit", "qualifier", "quote"]
    assert gbk.select(columns).equals(figures.select(columns))


def test_binary_garbage_is_refused_with_the_line(tmp_path):
    data = original_text().encode("utf-8")
    broken = data[:2000] + b"\xff\xfe\x00\x81" + data[2000:]
    root = make_project(tmp_path, broken)
    with pytest.raises(ReportError) as info:
        extract_all(root)
    assert "report.txt" in str(info.value)


def test_no_annex_still_builds_with_a_warning(tmp_path):
    text = original_text()
    root = make_project(tmp_path, text[: text.index("\n附件\n")].encode("utf-8"))
    result = extract_all(root)
    assert result.tables["activities"].is_empty()
    assert result.tables["figures"].filter(pl.col("location") == "para 30").height == 2
    assert any("no annex" in str(w) for w in result.warnings)


def test_a_second_annex_with_another_table_is_not_read_as_activities(tmp_path, processed):
    """附件一 holds the activities; 附件二 (another table) neither breaks nor adds to them."""
    text = original_text().replace("\n附件\n", "\n附件一\n", 1).rstrip("\n")
    text += "\n\n附件二\n\n信托基金捐款\n\n捐助方\t金额（美元）\n澳大利亚\t250 000\n"
    result = extract_all(make_project(tmp_path, text.encode("utf-8")))
    assert result.tables["activities"].height == processed.activities.height


def test_annex_row_with_a_missing_column(tmp_path):
    text = original_text()
    broken = text.replace("布隆迪\t\t\t", "布隆迪\t\t", 1)
    line = text[: text.index("布隆迪\t")].count("\n") + 1
    root = make_project(tmp_path, broken.encode("utf-8"))
    with pytest.raises(ReportError) as info:
        extract_all(root)
    assert info.value.line == line
    assert f"report.txt:{line}" in str(info.value)
    assert "column" in str(info.value)


def test_truncated_file(tmp_path):
    text = original_text()
    cut = text.index("在 2014 年，有 18 个项目获得赠款")
    root = make_project(tmp_path, text[: cut + 12].encode("utf-8"))
    with pytest.raises(ReportError) as info:
        extract_all(root)
    assert "truncated" in str(info.value)
    assert "para 30" in str(info.value)


def test_unknown_country_name_is_reported_with_file_and_line(tmp_path):
    text = original_text()
    broken = text.replace("布隆迪\t\t\t", "亚特兰蒂斯\t\t\t", 1)
    line = text[: text.index("布隆迪\t")].count("\n") + 1
    root = make_project(tmp_path, broken.encode("utf-8"))
    result = extract_all(root)
    warning = next(w for w in result.warnings if "亚特兰蒂斯" in w.problem)
    assert warning.line == line and warning.path.endswith("report.txt")
    assert "places.csv" in warning.fix
    row = result.tables["activities"].filter(pl.col("row_label") == "亚特兰蒂斯").row(0, named=True)
    assert row["subject_kind"] == "unknown" and "unknown_place" in row["flags"]


def test_edited_report_is_refused(tmp_path):
    root = make_project(tmp_path)
    report = root / "data" / "sources" / SOURCE_ID / "report.txt"
    report.write_bytes(report.read_bytes().replace(b"9 824", b"9 825"))
    with pytest.raises(BriefingError) as info:
        extract_all(root)
    assert "SHA-256" in str(info.value) and "corrections.csv" in str(info.value)


def test_missing_report_file(tmp_path):
    root = make_project(tmp_path)
    (root / "data" / "sources" / SOURCE_ID / "report.txt").unlink()
    with pytest.raises(BriefingError) as info:
        extract_all(root)
    assert "missing" in str(info.value)


def test_corrupt_reference_csv(tmp_path):
    root = make_project(tmp_path)
    (root / "data" / "reference" / "units.csv").write_text(
        'nonsense\n"unclosed,\n', encoding="utf-8"
    )
    from analysis.reference import load_reference

    load_reference.cache_clear()
    try:
        with pytest.raises(BriefingError) as info:
            extract_all(root)
        assert "units.csv" in str(info.value)
    finally:
        load_reference.cache_clear()


def test_failed_run_leaves_processed_as_it_was(tmp_path):
    root = make_project(tmp_path)
    run_build(root, render=False, force=True)
    before = snapshot(root / "data" / "processed")
    text = original_text()
    folder = root / "data" / "sources" / SOURCE_ID
    broken = text.replace("布隆迪\t\t\t", "布隆迪\t\t", 1).encode("utf-8")
    (folder / "report.txt").write_bytes(broken)
    meta = yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(broken).hexdigest()
    (folder / "source.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReportError):
        run_build(root, render=False, force=True)
    assert snapshot(root / "data" / "processed") == before
    assert not list((root / "data").glob(".processed-*"))


def test_markdown_copy_reads_the_same(tmp_path, figures):
    """The annex as a Markdown pipe table and `##` headings: the same figures."""
    import re

    lines = []
    for line in original_text().split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            lines.append("| " + " | ".join(cells) + " |")
            if cells[0] == "国家":
                lines.append("|" + "---|" * len(cells))
        elif re.match(r"^[一二三]\. ", line):
            lines.append("## " + line)
        else:
            lines.append(line)
    root = make_project(tmp_path, "\n".join(lines).encode("utf-8"))
    columns = ["figure_id", "indicator", "value", "unit", "qualifier", "subject"]
    assert extract_all(root).tables["figures"].select(columns).equals(figures.select(columns))


def test_a_place_whose_cells_name_the_categories_is_a_row_not_a_repeated_header(
    tmp_path, processed
):
    """多哥 | …立法 | …标识机 2 台 | …培训班: a row of the annex, its figures read."""
    text = original_text()
    row = "多哥\t协助审查国家武器立法\t交付标识机 2 台\t在洛美举办 2 期培训班，学员 64 名\t\n"
    at = text.index("布隆迪\t")
    result = extract_all(make_project(tmp_path, (text[:at] + row + text[at:]).encode("utf-8")))
    activities = result.tables["activities"]
    assert activities.height == processed.activities.height + 3
    togo = result.tables["figures"].filter(pl.col("location").str.contains("多哥"))
    assert sorted(togo["value"].to_list()) == [2.0, 2.0, 64.0]


def test_annex_rows_whose_trailing_tabs_were_stripped_are_read_and_flagged(tmp_path, processed):
    """A converter that strips each line's end loses the empty last cells: restored."""
    text = original_text()
    annex = text.index("\n附件\n")
    stripped = text[:annex] + "\n".join(line.rstrip() for line in text[annex:].split("\n"))
    result = extract_all(make_project(tmp_path, stripped.encode("utf-8")))
    activities = result.tables["activities"]
    assert activities.height == processed.activities.height
    assert activities.filter(pl.col("flags").str.contains("trailing_cells_restored")).height > 0
    figures = result.tables["figures"].filter(pl.col("location").str.starts_with("annex"))
    expected = processed.figures.filter(pl.col("location").str.starts_with("annex"))
    assert sorted(figures["value"].to_list()) == sorted(expected["value"].to_list())
