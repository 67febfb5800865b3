"""The notebook side of both renderers: outputs shaped per format (issue #11).

Real Quarto and the built-in renderer both describe the render to the kernel in the JSON
file named by ``QUARTO_EXECUTE_INFO``; ``analysis.notebook`` reads it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import polars as pl
import pytest
from great_tables import GT

from analysis import notebook
from analysis.markdown import NO_TABLE_PROCESSING

CHART = (
    alt.Chart(alt.Data(values=[{"place": "Kosovo <table>", "n": 3}]))
    .mark_bar()
    .encode(x="n:Q", y="place:N")
    .to_dict()
)


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function pointing QUARTO_EXECUTE_INFO at a render to ``fmt``."""

    def point(fmt: str, fig_format: str = "png") -> None:
        info = {
            "document-path": str(tmp_path / "doc.qmd"),
            "format": {
                "identifier": {"target-format": fmt, "base-format": fmt},
                "execute": {"fig-format": fig_format},
                "pandoc": {"to": fmt},
            },
        }
        path = tmp_path / f"{fmt}.json"
        path.write_text(json.dumps(info), encoding="utf-8")
        monkeypatch.setenv("QUARTO_EXECUTE_INFO", str(path))
        monkeypatch.setitem(notebook._state, "bundle_emitted", False)

    return point


def test_render_target_outside_a_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUARTO_EXECUTE_INFO", raising=False)
    assert notebook.render_target() == notebook.Target()
    monkeypatch.setenv("QUARTO_EXECUTE_INFO", "/nonexistent/info.json")
    assert notebook.render_target().format is None


@pytest.mark.parametrize("fmt", ["html", "revealjs"])
def test_html_chart_has_no_html_output(target, fmt: str) -> None:
    """No text/html or application/javascript: Quarto would add CDN require.js/jQuery."""
    target(fmt)
    bundle = notebook.mimebundle(CHART)
    assert set(bundle) == {"text/markdown", "text/plain"}
    lines = bundle["text/markdown"].splitlines()
    assert lines[0].endswith("{=html}") and lines[1] == NO_TABLE_PROCESSING
    block = "\n".join(lines)
    assert "window.vegaEmbed" in block  # the first chart carries the inline bundle
    assert not re.search(r"<table", block, re.I)  # not even in vega-tooltip or the data


def test_image_chart_follows_fig_format(target) -> None:
    target("pptx", "png")
    assert set(notebook.mimebundle(CHART)) == {"image/png", "text/plain"}
    target("typst", "svg")
    assert set(notebook.mimebundle(CHART)) == {"image/svg+xml", "text/plain"}


def test_chart_outside_a_render_has_every_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUARTO_EXECUTE_INFO", raising=False)
    bundle = notebook.mimebundle(CHART)
    assert {"text/html", "image/svg+xml", "image/png"} <= set(bundle)


def test_tables_per_format(target) -> None:
    table = GT(pl.DataFrame({"place": ["Kosovo*"], "weapons": [3731]}))
    target("typst", "svg")
    typst = notebook.table_mimebundle(table)["text/markdown"]
    assert "Kosovo" in typst and "<" not in typst and "font-family" not in typst
    target("html")
    html = notebook.table_mimebundle(table)["text/markdown"]
    assert NO_TABLE_PROCESSING in html and 'class="gt_table"' in html
