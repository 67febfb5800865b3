"""What a report and its UN file name say about it: symbol and language (`briefing add`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis._metadata import (
    file_name_language,
    file_name_symbol,
    printed_language,
    read_printed,
    report_language,
)
from analysis.add import add_report
from analysis.errors import BriefingError
from tests.conftest import SYNTHETIC, empty_project

ENGLISH = SYNTHETIC / "synthetic_2016_en.txt"


def _without_symbol(text: str) -> str:
    """The report as some conversions give it: no symbol line in the header."""
    return re.sub(r"(?m)^A/\d+/\d+\s*$", "", text, count=1)


@pytest.mark.parametrize(
    ("name", "symbol", "language"),
    [
        ("A_72_123_E.txt", "A/72/123", "en"),
        ("A_72_123_C.pdf", "A/72/123", "zh"),
        ("S_2019_456_F.docx", "S/2019/456", "fr"),
        ("A_70_150-E.txt", "A/70/150", "en"),
        ("A_72_123_Add.1_E.txt", "A/72/123/Add.1", "en"),
        ("report.txt", None, None),
    ],
)
def test_un_file_names(name, symbol, language):
    assert file_name_symbol(Path(name)) == symbol
    assert file_name_language(Path(name)) == language


def test_language_from_the_header_then_the_job_number():
    assert printed_language("大 会\n\nDistr.: General\nChinese\nOriginal: English\n") == "zh"
    assert printed_language("General Assembly\n\nOriginal: English\n\n16-12345 (E)\n") == "en"
    assert printed_language("General Assembly\n16-12345 (C)    200716    200716\n") == "zh"
    assert printed_language("General Assembly\nOriginal: English\n") is None


def test_the_header_comes_before_the_file_name(tmp_path):
    text = ENGLISH.read_text(encoding="utf-8")
    assert read_printed(text, tmp_path / "A_72_999_E.txt").symbol != "A/72/999"
    assert read_printed(_without_symbol(text), tmp_path / "A_72_999_E.txt").symbol == "A/72/999"
    assert report_language(tmp_path / "A_72_999_C.txt", text, None) == "zh"  # the name says so


def test_an_unsupported_language_is_named(tmp_path):
    with pytest.raises(BriefingError, match="'fr' is not supported"):
        report_language(tmp_path / "A_72_123_F.txt", "General Assembly\n", None)


def test_add_reads_the_symbol_from_the_un_file_name(tmp_path):
    root = empty_project(tmp_path / "project")
    received = tmp_path / "A_72_123_E.txt"
    received.write_text(_without_symbol(ENGLISH.read_text(encoding="utf-8")), encoding="utf-8")
    folder = add_report(root, received, origin="synthetic fixture")
    assert folder.name == "2016-a-72-123-en"


def test_a_symbol_joined_to_a_conference_symbol_is_the_reports():
    header = (
        "United Nations\tA/71/900–A/CONF.192/BMS/2016/9\n"
        "General Assembly\tDistr.: General\n4 October 2016\n\nOriginal: English\n\n"
        "Small arms\n\nReport of the Secretary-General\n\nSummary\n"
    )
    assert read_printed(header).symbol == "A/71/900"
    assert read_printed(header.replace("–", " - ")).symbol == "A/71/900"
    assert read_printed(header.replace("A/CONF.192/BMS/2016/9", "footnote")).symbol is None
