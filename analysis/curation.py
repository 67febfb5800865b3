"""Reviewed corrections, applied after extraction: data, not code."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.errors import BriefingError
from analysis.paths import curation_dir

CORRECTION_COLUMNS = ("figure_id", "field", "old_value", "new_value", "reason", "who", "date")
_CORRECTABLE = (
    "value",
    "unit",
    "qualifier",
    "indicator",
    "subject",
    "iso3",
    "period_start",
    "period_end",
)

_EMPTY = pl.DataFrame(schema={c: pl.String for c in CORRECTION_COLUMNS})


def corrections_path(root: Path) -> Path:
    """Return the path of the reviewed corrections file."""
    return curation_dir(root) / "corrections.csv"


def load_corrections(root: Path) -> pl.DataFrame:
    """Read ``data/curation/corrections.csv`` (empty when the file does not exist).

    Raises
    ------
    BriefingError
        When the file is not a readable CSV or lacks a column.

    """
    path = corrections_path(root)
    if not path.is_file():
        return _EMPTY
    try:
        frame = pl.read_csv(path, infer_schema=False).fill_null("")
    except pl.exceptions.PolarsError as exc:
        raise BriefingError(
            path,
            f"not a readable CSV ({exc})",
            "fix the CSV syntax; quote fields that contain commas",
        ) from exc
    missing = [c for c in CORRECTION_COLUMNS if c not in frame.columns]
    if missing:
        raise BriefingError(
            path,
            f"missing column(s): {', '.join(missing)}",
            f"the header must be: {','.join(CORRECTION_COLUMNS)}",
            1,
        )
    return frame.select(CORRECTION_COLUMNS)


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def apply_corrections(root: Path, figures: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Apply reviewed corrections to the extracted figures.

    Parameters
    ----------
    root
        Project root.
    figures
        The extracted figures.

    Returns
    -------
    figures, applied
        The corrected figures (each corrected row flagged ``corrected``) and the
        corrections applied.

    Raises
    ------
    BriefingError
        When a correction names a figure that no longer exists, a field that cannot
        be corrected, or an old value that no longer matches: the extraction changed
        and the correction must be reviewed again.

    """
    corrections = load_corrections(root)
    path = corrections_path(root)
    if corrections.is_empty():
        return figures, corrections
    rows = {r["figure_id"]: r for r in figures.iter_rows(named=True)}
    for line_no, c in enumerate(corrections.iter_rows(named=True), start=2):
        fid, fld = c["figure_id"], c["field"]
        if fid not in rows:
            raise BriefingError(
                path,
                f"correction for figure {fid!r}, which no longer exists",
                "review the correction against data/processed/figures.csv and update or remove it",
                line_no,
            )
        if fld not in _CORRECTABLE:
            raise BriefingError(
                path,
                f"field {fld!r} cannot be corrected",
                f"use one of {', '.join(_CORRECTABLE)}",
                line_no,
            )
        current = _as_text(rows[fid][fld])
        if current != c["old_value"]:
            raise BriefingError(
                path,
                f"figure {fid}: {fld} is now {current!r}, the correction "
                f"expects {c['old_value']!r}",
                "the extraction changed: review the correction and update old_value (or remove it)",
                line_no,
            )
        if not c["reason"].strip():
            raise BriefingError(
                path,
                f"correction for {fid} has no reason",
                "every correction states why it is made",
                line_no,
            )
        row = dict(rows[fid])
        row[fld] = c["new_value"]
        flags = [f for f in (row.get("flags") or "").split(";") if f]
        row["flags"] = ";".join(dict.fromkeys([*flags, "corrected"]))
        rows[fid] = row
    as_text = [
        {
            k: (None if v is None or v == "" else _as_text(v)) if k in _CORRECTABLE else v
            for k, v in row.items()
        }
        for row in rows.values()
    ]
    corrected = pl.DataFrame(
        as_text,
        schema={
            name: (pl.String if name in _CORRECTABLE else dtype)
            for name, dtype in figures.schema.items()
        },
    )
    corrected = corrected.with_columns(
        pl.col("value").cast(pl.Float64),
        pl.col("period_start").str.to_date(strict=False),
        pl.col("period_end").str.to_date(strict=False),
    )
    return corrected.select(figures.columns), corrections
