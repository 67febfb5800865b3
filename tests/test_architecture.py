"""The shape of the package: one home per fact, registries that agree, readers apart."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis._code import module_files
from analysis.build import extraction_inputs_hash
from analysis.processed import TABLES, frame, validate_table
from analysis.reference import vocabulary
from analysis.topics import TOPICS, Topic, topic

from .conftest import ROOT

PACKAGE = ROOT / "analysis"


def test_every_topic_follows_the_protocol():
    ids = [t.CHART_ID for t in TOPICS]
    assert len(ids) == len(set(ids))
    for t in TOPICS:
        assert isinstance(t, Topic), t


def test_unknown_topic_names_the_known_ones():
    with pytest.raises(KeyError, match="known: headlines, weapons"):
        topic("weapons_smashed")


@pytest.mark.parametrize(
    "table", sorted((ROOT / "data" / "reference").glob("*.csv")), ids=lambda p: p.name
)
def test_each_fact_of_the_reference_data_is_written_once(table):
    rows = pl.read_csv(table, infer_schema=False)
    assert rows.filter(rows.is_duplicated()).is_empty()


def test_every_indicator_topic_is_a_registered_topic():
    registered = {t.CHART_ID for t in TOPICS}
    named = {i.topic for i in vocabulary(ROOT).indicators} - {""}
    assert named <= registered, named - registered


def test_topics_draw_the_indicators_the_vocabulary_gives_them(processed):
    weapons = vocabulary(ROOT).topic_indicators("weapons")
    drawn = set(topic("weapons").table(processed)["indicator"].to_list())
    assert drawn <= set(weapons)
    assert "weapons_destroyed" in drawn


def test_series_facts_live_in_the_registry():
    vocab = vocabulary(ROOT)
    assert {s.kind for s in vocab.series} <= {"flow", "stock"}
    ranks = [s.headline_rank for s in vocab.series if s.headline_rank is not None]
    assert sorted(ranks) == list(range(1, len(ranks) + 1))
    indicators = {i.indicator for i in vocab.indicators}
    assert {s.indicator for s in vocab.series} <= indicators
    assert next(s for s in vocab.series if s.series == "att_states_parties").kind == "stock"


def test_every_table_has_a_schema_and_an_empty_frame_of_its_columns():
    expected = {
        "paragraphs",
        "activities",
        "figures",
        "events",
        "quality",
        "tokens",
        "sources",
        "corrections",
        "assignments",
        "reviews",
    }
    assert set(TABLES) == expected
    for name, schema in TABLES.items():
        empty = frame(name, [])
        assert empty.columns == schema.column_names(), name


def test_committed_tables_match_their_schemas():
    for name, schema in TABLES.items():
        table = pl.read_parquet(ROOT / "data" / "processed" / f"{name}.parquet")
        assert schema.is_valid(table), name


def test_a_row_breaking_a_schema_rule_is_refused(tmp_path):
    bad = pl.DataFrame(
        {"source_id": ["x"], "location": ["para 1"], "line": [1], "column": [1]},
        schema_overrides={"line": pl.Int32, "column": pl.Int32},
    ).with_columns(
        token=pl.lit("9"),
        value=pl.lit(9.0),
        status=pl.lit("excluded"),
        reason=pl.lit(None, pl.String),
        figure_id=pl.lit(None, pl.String),
    )
    from analysis.errors import BriefingError

    with pytest.raises(BriefingError, match="figure_or_reason"):
        validate_table("tokens", bad, tmp_path / "tokens.csv")


def test_unknown_qualifier_is_refused(tables, tmp_path):
    figures = tables["figures"].head(1).with_columns(qualifier=pl.lit("roughly"))
    from analysis.errors import BriefingError

    with pytest.raises(BriefingError, match="unknown_qualifier.*roughly"):
        validate_table("figures", figures, tmp_path / "figures.csv", vocabulary(ROOT).allowed())


def test_reading_the_tables_does_not_import_the_extractor():
    code = (
        "import sys; from analysis.processed import load; load(); "
        "print(sorted(m for m in sys.modules if m.startswith('analysis.extract')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_chart_worker_starts_without_the_chart_libraries():
    """A chart worker is a process of its own, started at every build: it imports
    neither Altair, great_tables nor polars (vl-convert does the work)."""
    heavy = ("altair", "great_tables", "polars")
    code = (
        "import sys; import analysis.chart_images; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_extraction_hash_follows_what_extraction_imports():
    files = {p.relative_to(PACKAGE).as_posix() for p in module_files("analysis.extract")}
    assert {"extract/_report.py", "reference.py", "paths.py", "errors.py"} <= files
    assert "readers/_pdf.py" in files  # imported through sources -> readers
    assert not any(f.startswith("topics/") or f.startswith("render/") for f in files)


def test_a_change_in_an_imported_module_changes_the_extraction_hash(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "data", copy / "data", ignore=shutil.ignore_patterns("processed"))
    before = extraction_inputs_hash(copy)
    errors = PACKAGE / "errors.py"
    original = errors.read_bytes()
    try:
        errors.write_bytes(original + b"\n# touched by a test\n")
        assert extraction_inputs_hash(copy) != before
    finally:
        errors.write_bytes(original)
    assert extraction_inputs_hash(copy) == before


def test_no_module_shadows_a_builtin():
    import builtins

    shadowing = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef) and hasattr(builtins, node.name):
                shadowing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not shadowing


def test_category_labels_and_colours_come_from_one_list():
    from analysis.labels import category_codes, category_label
    from analysis.theme import brand, category_scale

    codes = category_codes()
    assert codes == tuple(c.category for c in vocabulary(ROOT).categories)
    scale = category_scale()
    assert scale["domain"] == [category_label(c) for c in codes]
    assert scale["range"] == brand()["colours"]["palette"][: len(codes)]


def test_headlines_follow_the_ranks_of_the_series_registry(processed):
    rows = topic("headlines").table(processed)
    rank = {s.series: s.headline_rank for s in vocabulary(ROOT).series}
    ranks = [rank[s] for s in rows["series"].to_list()]
    assert ranks == sorted(ranks)
    assert_frame_equal(
        rows.select("series").head(2),
        pl.DataFrame({"series": ["weapons_collected", "weapons_destroyed"]}),
    )
