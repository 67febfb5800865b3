"""Reviewed corrections, applied after extraction: data, not code.

Each row of ``data/curation/corrections.csv`` is checked before it is applied, and a
problem is reported against that row (``corrections.csv:LINE``): the figure must
exist, the field be correctable and still hold ``old_value``, the reason be given,
and ``new_value`` be a value of the field's type in the ``figures`` schema (a
number, an ISO date ``YYYY-MM-DD``, text) that keeps the figure valid against the
schema and the vocabularies (indicators, qualifiers).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import polars as pl

from analysis.errors import BriefingError
from analysis.paths import curation_dir
from analysis.processed import TABLES
from analysis.reference import vocabulary

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
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REVIEW = "review the correction against data/processed/figures.csv and update or remove it"


@dataclass(frozen=True)
class _Correction:
    """One row of corrections.csv and the line it starts on."""

    line: int
    row: dict[str, str]


def corrections_path(root: Path) -> Path:
    """Return the path of the reviewed corrections file."""
    return curation_dir(root) / "corrections.csv"


def load_corrections(root: Path) -> pl.DataFrame:
    """Read ``data/curation/corrections.csv`` (empty when the file does not exist).

    Raises
    ------
    BriefingError
        When the file is not UTF-8, not a readable CSV, lacks a column, or a row has
        more or fewer fields than the header (naming the line).

    """
    rows = [c.row for c in _read(corrections_path(root))]
    return pl.DataFrame(rows or None, schema={c: pl.String for c in CORRECTION_COLUMNS})


def _read(path: Path) -> list[_Correction]:
    """Return the rows of corrections.csv with their line numbers."""
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return _records(path, file)
    except UnicodeDecodeError as exc:
        raise BriefingError(
            path, f"not UTF-8 text (bad byte at offset {exc.start})", "save it as UTF-8 CSV"
        ) from exc


def _records(path: Path, file: TextIO) -> list[_Correction]:
    """Return the data rows of a CSV file, checking the header and every row's width."""
    reader = csv.reader(file)
    try:
        header = next(reader, [])
        _check_header(path, header)
        out: list[_Correction] = []
        start = reader.line_num + 1
        for record in reader:
            if record:
                _check_width(path, record, header, start)
                out.append(_Correction(start, dict(zip(header, record, strict=True))))
            start = reader.line_num + 1
        return out
    except csv.Error as exc:
        raise BriefingError(
            path,
            f"not a readable CSV ({exc})",
            "fix the CSV syntax; quote fields that contain commas",
            reader.line_num,
        ) from exc


def _check_header(path: Path, header: list[str]) -> None:
    missing = [c for c in CORRECTION_COLUMNS if c not in header]
    if missing:
        raise BriefingError(
            path,
            f"missing column(s): {', '.join(missing)}",
            f"the header must be: {','.join(CORRECTION_COLUMNS)}",
            1,
        )


def _check_width(path: Path, record: list[str], header: list[str], line: int) -> None:
    if len(record) != len(header):
        raise BriefingError(
            path,
            f"this row has {len(record)} fields where the header has {len(header)}",
            'give every row the columns of the header; quote a value holding a comma ("a, b")',
            line,
        )


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
        Naming ``corrections.csv`` and the line, when a correction names a figure that
        no longer exists, a field that cannot be corrected, an old value that no
        longer matches, no reason, or a new value that is not of the field's type or
        breaks a rule of the ``figures`` schema or a vocabulary.

    """
    path = corrections_path(root)
    corrections = _read(path)
    if not corrections:
        return figures, load_corrections(root)
    rows = {r["figure_id"]: r for r in figures.iter_rows(named=True)}
    lines: dict[str, list[int]] = {}
    for c in corrections:
        fid = c.row["figure_id"]
        rows[fid] = _corrected(path, c, rows.get(fid), figures.schema)
        lines.setdefault(fid, []).append(c.line)
    allowed = vocabulary(root).allowed()
    for fid, at in lines.items():
        _check_row(path, rows[fid], at, figures.schema, allowed)
    corrected = pl.DataFrame(list(rows.values()), schema=figures.schema, orient="row")
    return corrected, load_corrections(root)


def _corrected(path: Path, c: _Correction, row: dict | None, schema: pl.Schema) -> dict:
    """Return the figure's row with the correction applied, after checking the correction."""
    row = _check_applies(path, c, row)
    value = _typed(path, c, schema[c.row["field"]])
    flags = [f for f in (row.get("flags") or "").split(";") if f]
    flagged = ";".join(dict.fromkeys([*flags, "corrected"]))
    return {**row, c.row["field"]: value, "flags": flagged}


def _check_applies(path: Path, c: _Correction, row: dict | None) -> dict:
    """Return the figure's row when the correction applies to it, else name the line."""
    fid, fld = c.row["figure_id"], c.row["field"]
    if row is None:
        raise BriefingError(
            path, f"correction for figure {fid!r}, which no longer exists", _REVIEW, c.line
        )
    if fld not in _CORRECTABLE:
        raise BriefingError(
            path,
            f"field {fld!r} cannot be corrected",
            f"use one of {', '.join(_CORRECTABLE)}",
            c.line,
        )
    current = _as_text(row[fld])
    if current != c.row["old_value"]:
        raise BriefingError(
            path,
            f"figure {fid}: {fld} is now {current!r}, "
            f"the correction expects {c.row['old_value']!r}",
            "the extraction changed: review the correction and update old_value (or remove it)",
            c.line,
        )
    if not c.row["reason"].strip():
        raise BriefingError(
            path,
            f"correction for {fid} has no reason",
            "every correction states why it is made",
            c.line,
        )
    return row


def _typed(path: Path, c: _Correction, dtype: pl.DataType) -> object:
    """Return ``new_value`` as a value of ``dtype`` (empty: null), or name the line."""
    text, fld = c.row["new_value"].strip(), c.row["field"]
    if text == "":
        return None
    if dtype == pl.Float64:
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise BriefingError(
                path,
                f"new_value {text!r} for {fld} is not a number",
                "write a number, e.g. 9842",
                c.line,
            )
        return number
    if dtype == pl.Date:
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise BriefingError(
                path,
                f"new_value {text!r} for {fld} is not a date",
                "write a calendar date as YYYY-MM-DD, e.g. 2015-07-31",
                c.line,
            ) from None
    return c.row["new_value"]


def _check_row(
    path: Path, row: dict, at: list[int], schema: pl.Schema, allowed: dict[str, set[str]]
) -> None:
    """Check a corrected figure against the schema's rules and the vocabularies."""
    where = f"figure {row['figure_id']}"
    for column, values in allowed.items():
        if row.get(column) is not None and row[column] not in values:
            raise BriefingError(
                path,
                f"{where}: {column} {row[column]!r} is not in the vocabulary",
                f"use one of {', '.join(sorted(values))}, "
                f"or add it to data/reference/{column}s.csv",
                at[-1],
            )
    one = pl.DataFrame([row], schema=schema, orient="row")
    _, failure = TABLES["figures"].filter(one, cast=True)
    broken = sorted(rule for rule, n in failure.counts().items() if n)
    if broken:
        lines = ", ".join(map(str, at))
        raise BriefingError(
            path,
            f"{where}: after the correction(s) on line(s) {lines} it breaks the rule(s) "
            f"{', '.join(broken)} of the figures table",
            "correct new_value so that the figure is valid (see the schema in "
            "analysis/processed.py: e.g. value >= 0, period_start <= period_end, iso3 ABC)",
            at[-1],
        )
