from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analysis.build import extract_all
from analysis.data import ProcessedData

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ID = "2015-a-70-150-zh"


def require_tool(name: str, package: str) -> str:
    """Return the path of a system tool, or skip (fail under CI=true) naming its package."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian package: {package})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


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
def figures(tables: dict):
    return tables["figures"]
