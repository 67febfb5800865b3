"""Point 8 of #14: every error names the file, the place and the fix; no traceback.

Each case runs the command line as a user does: a non-zero exit code, a message
with ``fix:``, and no Python traceback unless ``--debug``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.add import add_report
from analysis.build import run_build
from analysis.cli import app
from analysis.errors import BriefingError
from tests.conftest import empty_project

from . import corpus

runner = CliRunner()


def _run(root: Path, monkeypatch, *args: str):
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "fix:" in result.output and "Traceback" not in result.output, result.output
    return result.output


def _received(tmp_path: Path, kind: str) -> Path:
    """A report file as a user may wrongly give it."""
    if kind == "encrypted pdf":
        return corpus.encrypted_pdf(tmp_path / "report.pdf")
    if kind.endswith("docx"):
        return corpus.junk_docx(tmp_path / "report.docx", kind.removesuffix(" docx"))
    if kind == "folder":
        (tmp_path / "reports").mkdir()
        return tmp_path / "reports"
    if kind == "utf-16 without bom":
        path = tmp_path / "report.txt"
        path.write_bytes(b"\x00" * 2 + "报告".encode("utf-16-be") + b"\x00\x01\x02\x03" * 1000)
        return path
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("encrypted pdf", "encrypted"),
        ("not a zip docx", "not a readable DOCX"),
        ("zip without word docx", "not a readable DOCX"),
        ("ole docx", "encrypted Word file or an old .doc"),
        ("folder", "is a folder, not a report file"),
        ("utf-16 without bom", "binary"),
    ],
)
def test_add_says_what_is_wrong_with_the_file(tmp_path, monkeypatch, kind, says):
    root = empty_project(tmp_path / "project")
    received = _received(tmp_path, kind)
    output = _run(root, monkeypatch, "add", str(received))
    assert says in output and received.name in output
    assert list((root / "data" / "sources").iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_report_is_read(tmp_path, encoding):
    data = corpus.report_text().encode(encoding)
    root = corpus.project_with(tmp_path, data)
    figures = run_build(root, render=False).tables["figures"]
    assert 9824 in figures["value"].to_list()


def test_a_ragged_corrections_file_names_the_line(tmp_path, monkeypatch):
    root = corpus.real_project(tmp_path)
    (root / "data" / "curation").mkdir()
    body = (
        "figure_id,field,old_value,new_value,reason,who,date\n"
        f"{corpus.BURUNDI_FIGURE},value,9824,9842,checked,analyst,2026-11-25\n"
        f"{corpus.BURUNDI_FIGURE},value,9842,9843,checked, twice,analyst,2026-11-25\n"
    )
    (root / "data" / "curation" / "corrections.csv").write_text(body, "utf-8")
    output = _run(root, monkeypatch, "extract")
    assert "corrections.csv:3" in output and "8 fields" in output


def test_an_output_folder_that_is_a_file(tmp_path, monkeypatch):
    root = corpus.real_project(tmp_path)
    (root / "_output").write_text("not a folder", "utf-8")
    output = _run(root, monkeypatch, "build", "--to", "html")
    assert "_output: is a file, not a folder" in output
    assert (root / "_output").read_text("utf-8") == "not a folder"


def test_an_unwritable_output_folder(tmp_path, monkeypatch):
    root = corpus.real_project(tmp_path)
    real_mkdtemp = tempfile.mkdtemp

    def refused(*args, **kwargs):
        if "_output" in kwargs.get("prefix", ""):
            raise PermissionError(13, "Permission denied", str(root / "_output"))
        return real_mkdtemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    monkeypatch.setattr("analysis.render.render_project", lambda *a, **k: [])
    output = _run(root, monkeypatch, "build", "--to", "html")
    assert "_output: cannot read or write it (Permission denied)" in output
    assert "chmod" in output and not (root / "data" / "processed").exists()


def test_an_unexpected_error_is_a_message_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    root = corpus.real_project(tmp_path)
    monkeypatch.setenv("SALW_PROJECT_ROOT", str(root))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("analysis.build.extract_all", broken)
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 1
    assert "unexpected ZeroDivisionError: a bug" in result.output and "--debug" in result.output
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["--debug", "extract"])
    assert debug.exit_code != 0 and isinstance(debug.exception, ZeroDivisionError)


def test_an_encrypted_pdf_is_named_by_the_api_too(tmp_path):
    root = empty_project(tmp_path / "project")
    with pytest.raises(BriefingError, match="encrypted"):
        add_report(root, corpus.encrypted_pdf(tmp_path / "secret.pdf"))
