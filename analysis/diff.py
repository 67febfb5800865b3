"""What changed: between two reports, or in the data since a git revision."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import polars as pl

from analysis.errors import BriefingError

_KEY = ("indicator", "subject", "unit")


def totals_by_report(figures: pl.DataFrame) -> pl.DataFrame:
    """Sum each indicator per subject and report.

    Parameters
    ----------
    figures
        The figures table (one or more reports).

    Returns
    -------
    polars.DataFrame
        One row per (source_id, indicator, subject, unit): ``value`` (sum), ``n``
        (how many figures), ``qualifier`` (``exact`` only when every figure is
        exact, else the single qualifier or ``mixed``), ``figure_ids`` and
        ``locations`` (semicolon lists).
    """
    return (
        figures.with_columns(pl.col("subject").fill_null("(none)"))
        .group_by(["source_id", *_KEY])
        .agg(
            pl.col("value").sum(),
            pl.len().alias("n"),
            pl.col("qualifier").unique().sort().alias("_qualifiers"),
            pl.col("figure_id").sort().str.join(";").alias("figure_ids"),
            pl.col("location").unique().sort().str.join("; ").alias("locations"),
        )
        .with_columns(
            pl.when(pl.col("_qualifiers").list.len() == 1)
            .then(pl.col("_qualifiers").list.first())
            .otherwise(pl.lit("mixed"))
            .alias("qualifier")
        )
        .drop("_qualifiers")
        .sort(["source_id", *_KEY])
    )


def previous_and_latest(sources: pl.DataFrame) -> tuple[str, str] | None:
    """Return the ids of the two most recent reports by reporting period (or None)."""
    ordered = sources.sort(["period_end", "date", "source_id"])
    if ordered.height < 2:
        return None
    ids = ordered["source_id"].to_list()
    return ids[-2], ids[-1]


def compare_reports(figures: pl.DataFrame, old_source: str, new_source: str) -> pl.DataFrame:
    """Compare two reports' figures by indicator, subject and unit.

    Parameters
    ----------
    figures
        The figures table holding both reports.
    old_source, new_source
        Source ids.

    Returns
    -------
    polars.DataFrame
        Columns indicator, subject, unit, status (``added``, ``removed``,
        ``changed``, ``unchanged``), old_value, new_value, change, old_qualifier,
        new_qualifier, old_figure_ids, new_figure_ids; sorted with changes first.
    """
    totals = totals_by_report(figures)

    def side(source: str, prefix: str) -> pl.DataFrame:
        return totals.filter(pl.col("source_id") == source).select(
            *_KEY,
            pl.col("value").alias(f"{prefix}_value"),
            pl.col("qualifier").alias(f"{prefix}_qualifier"),
            pl.col("figure_ids").alias(f"{prefix}_figure_ids"),
        )

    joined = side(old_source, "old").join(
        side(new_source, "new"), on=list(_KEY), how="full", coalesce=True
    )
    status = (
        pl.when(pl.col("old_value").is_null())
        .then(pl.lit("added"))
        .when(pl.col("new_value").is_null())
        .then(pl.lit("removed"))
        .when(pl.col("old_value") != pl.col("new_value"))
        .then(pl.lit("changed"))
        .otherwise(pl.lit("unchanged"))
    )
    order = {"changed": 0, "added": 1, "removed": 2, "unchanged": 3}
    return (
        joined.with_columns(
            status.alias("status"), (pl.col("new_value") - pl.col("old_value")).alias("change")
        )
        .with_columns(pl.col("status").replace_strict(order).alias("_order"))
        .sort(["_order", "indicator", "subject"])
        .select(
            *_KEY,
            "status",
            "old_value",
            "new_value",
            "change",
            "old_qualifier",
            "new_qualifier",
            "old_figure_ids",
            "new_figure_ids",
        )
    )


def compare_figures(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """Compare two versions of the figures table figure by figure (a data diff).

    Parameters
    ----------
    old, new
        Figures tables (e.g. at a git revision and now).

    Returns
    -------
    polars.DataFrame
        figure_id, indicator, subject, status (added/removed/changed), and for
        changed rows the fields that differ as ``field: old -> new``.
    """
    fields = ["indicator", "subject", "value", "unit", "qualifier", "period_start", "period_end"]
    a = old.select("figure_id", *[pl.col(f).cast(pl.String) for f in fields])
    b = new.select("figure_id", *[pl.col(f).cast(pl.String) for f in fields])
    joined = a.join(b, on="figure_id", how="full", coalesce=True, suffix="_new")
    rows = []
    for r in joined.iter_rows(named=True):
        if r["indicator"] is None:
            status, detail = "added", ""
        elif r["indicator_new"] is None:
            status, detail = "removed", ""
        else:
            changes = [f"{f}: {r[f]} -> {r[f + '_new']}" for f in fields if r[f] != r[f + "_new"]]
            if not changes:
                continue
            status, detail = "changed", "; ".join(changes)
        rows.append(
            {
                "figure_id": r["figure_id"],
                "indicator": r["indicator_new"] or r["indicator"],
                "subject": r["subject_new"] or r["subject"],
                "status": status,
                "detail": detail,
            }
        )
    schema = {c: pl.String for c in ("figure_id", "indicator", "subject", "status", "detail")}
    return pl.DataFrame(rows, schema=schema).sort(["status", "indicator", "figure_id"])


def figures_at_revision(root: Path, revision: str) -> pl.DataFrame:
    """Read ``data/processed/figures.csv`` as it was at a git revision.

    Raises
    ------
    BriefingError
        When the revision or the file at that revision does not exist.
    """
    try:
        shown = subprocess.run(
            ["git", "show", f"{revision}:data/processed/figures.csv"],
            cwd=root,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        raise BriefingError(
            root / "data" / "processed" / "figures.csv",
            f"cannot read it at revision {revision!r}: {stderr.decode(errors='replace').strip()}",
            "pass a git revision that has committed processed data (e.g. HEAD~1, a tag)",
        ) from exc
    return pl.read_csv(io.BytesIO(shown.stdout), infer_schema_length=0)
