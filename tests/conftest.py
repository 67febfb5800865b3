from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analysis.extract import extract_all
from analysis.processed import ProcessedData

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ID = "2015-ga70-salw-zh"


def require_tool(name: str, package: str) -> str:
    """Return the path of a system tool, or skip (fail under CI=true) naming its package."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian package: {package})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def only_row(frame, **where: object) -> dict:
    """Return the single row matching every ``column=value``; fail naming the filter."""
    import polars as pl

    for column, value in where.items():
        frame = frame.filter(pl.col(column) == value)
    assert frame.height == 1, f"expected one row for {where}, found {frame.height}"
    return frame.row(0, named=True)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def tables(root: Path) -> dict:
    """Every processed table, extracted fresh from data/sources (nothing read from disk)."""
    return extract_all(root).tables


@pytest.fixture(scope="session")
def processed(tables: dict) -> ProcessedData:
    return ProcessedData.from_tables(tables)


@pytest.fixture(scope="session")
def two_periods(tmp_path_factory) -> ProcessedData:
    """The real 2015 report and the synthetic 2016 one: two reporting periods."""
    root = synthetic_english_project(tmp_path_factory.mktemp("two"), with_2015=True)
    return ProcessedData.from_tables(extract_all(root).tables)


@pytest.fixture(scope="session")
def figures(tables: dict):
    return tables["figures"]


SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"


def add_source(root: Path, source_id: str, data: bytes, **meta: object) -> Path:
    """Register a report in a throwaway project (as `briefing add` would)."""
    import hashlib

    import yaml

    folder = root / "data" / "sources" / source_id
    folder.mkdir(parents=True)
    (folder / "report.txt").write_bytes(data)
    fields = {
        "source_id": source_id,
        "symbol": "A/SYNTHETIC",
        "title": "Synthetic test report",
        "language": "en",
        "original_language": "en",
        "date": "2016-07-22",
        "file": "report.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "reporting_period": {"as_printed": "", "start": "2015-08-01", "end": "2016-07-31"},
        "origin": "synthetic test fixture (not a UN document)",
        "licence": "CC0",
    }
    fields.update(meta)
    (folder / "source.yml").write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    return folder


def empty_project(tmp_path: Path) -> Path:
    """A throwaway project holding the real reference data and no report."""
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    (tmp_path / "data" / "sources").mkdir(parents=True)
    return tmp_path


_HEADERS = {
    "en": "General Assembly\n\nA/SYNTHETIC\n\nReport of the Secretary-General\n\n",
    "zh": "大会\n\nA/SYNTHETIC\n\n秘书长的报告\n\n",
}


def report_data(tmp_path: Path, body: str, lang: str = "en") -> ProcessedData:
    """The tables of one invented report in ``lang``: a short header, then ``body``."""
    root = empty_project(tmp_path)
    data = (_HEADERS[lang] + body).encode("utf-8")
    add_source(root, f"synthetic-{lang}", data, language=lang, original_language=lang)
    return ProcessedData.from_tables(extract_all(root).tables)


def synthetic_english_project(tmp_path: Path, with_2015: bool = False) -> Path:
    """A project with the synthetic 2016 English report (and optionally the real 2015 one)."""
    root = empty_project(tmp_path)
    if with_2015:
        shutil.copytree(
            ROOT / "data" / "sources" / SOURCE_ID, root / "data" / "sources" / SOURCE_ID
        )
    add_source(root, "2016-synthetic-en", (SYNTHETIC / "synthetic_2016_en.txt").read_bytes())
    return root
