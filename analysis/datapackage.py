"""The data package for researchers: every table as CSV and Parquet with a Frictionless descriptor.

``_output/data/`` holds every processed table plus the headline and trend tables,
each as UTF-8 CSV (integers written as integers, cells that a spreadsheet would run as
a formula neutralised) and Parquet (true values), and a ``datapackage.json`` that
describes them: title, the reports as sources with citation and SHA-256, licences,
and for every resource its fields (type, description), primary and foreign keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from analysis._memo import remembered
from analysis.processed import FOREIGN_KEYS, TABLES, ProcessedData, spreadsheet_safe
from analysis.series import headlines, trends

#: Descriptions of the derived tables' columns (the processed ones are in their schemas).
_DERIVED = {
    "headlines": (
        "The latest reporting period's value of each headline series, with the previous "
        "period's value and the change (one report per row; per-place series summed over "
        "places within that report)."
    ),
    "trends": (
        "Every tracked series and subject stated in two or more reporting periods, one row "
        "per period; a period whose report is silent has an empty value (a gap, not a zero)."
    ),
}
_TYPES = {
    pl.String: "string",
    pl.Int32: "integer",
    pl.Int64: "integer",
    pl.UInt32: "integer",
    pl.Float64: "number",
    pl.Date: "date",
    pl.Boolean: "boolean",
}
_LICENCE = {
    "name": "UN-documents",
    "title": "United Nations official documents: reproduction with acknowledgement of the source",
    "path": "https://www.un.org/en/about-us/terms-of-use",
}


def for_people(table: pl.DataFrame) -> pl.DataFrame:
    """Return ``table`` as it should be written to a CSV that people open in spreadsheets.

    Whole numbers stored as floats are written without ``.0`` (``9842``, not
    ``9842.0``); text cells that start like a formula are neutralised
    (:func:`analysis.processed.spreadsheet_safe`).

    Parameters
    ----------
    table
        Any frame.

    Returns
    -------
    polars.DataFrame
        The same rows, float columns as text.
    """
    floats = [name for name, dtype in table.schema.items() if dtype == pl.Float64]
    whole = [
        pl.when(pl.col(c).is_finite() & (pl.col(c) == pl.col(c).round(0)))
        .then(pl.col(c).cast(pl.Int64).cast(pl.String))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in floats
    ]
    safe = spreadsheet_safe(table)  # text columns only: a negative number stays a number
    return safe.with_columns(whole) if whole else safe


def write_data_package(tables: Mapping[str, pl.DataFrame], folder: Path, title: str) -> list[Path]:
    """Write every table and the Frictionless ``datapackage.json`` into ``folder``.

    Parameters
    ----------
    tables
        Every processed table by name (as :data:`analysis.processed.TABLES`).
    folder
        Where to write (created; a staging folder during a build).
    title
        The package's title.

    Returns
    -------
    list of Path
        The files written, the descriptor last.
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = ProcessedData.from_tables(tables)
    derived = {"headlines": headlines(data), "trends": trends(data)}
    written: list[Path] = []
    resources = []
    for name, table in {**tables, **derived}.items():  # every table, then the derived
        for_people(table).write_csv(folder / f"{name}.csv")
        table.write_parquet(folder / f"{name}.parquet")
        written += [folder / f"{name}.csv", folder / f"{name}.parquet"]
        resources.append(_resource(name, table, set(tables)))
    descriptor = {
        "name": "salw-briefing-data",
        "title": title,
        "licenses": [_LICENCE],
        "sources": _sources(tables["sources"]),
        "resources": resources,
    }
    path = folder / "datapackage.json"
    path.write_text(_descriptor_json(descriptor, folder), encoding="utf-8")
    return [*written, path]


def _descriptor_json(descriptor: dict[str, Any], folder: Path) -> str:
    """Return ``datapackage.json`` as Frictionless writes ``descriptor`` (checked, completed).

    Made once per descriptor (and Frictionless version: see :mod:`analysis._memo`): the
    descriptor names the tables' columns and the reports, not their values, so a
    corrected figure reuses it, and the build does not load Frictionless (a few tenths
    of a second of the processor, beside the documents' cells).
    """

    def make() -> str:
        from frictionless import Package

        return Package.from_descriptor(descriptor, basepath=str(folder)).to_json()

    return remembered(
        "the data package's descriptor",
        ["datapackage.json", json.dumps(descriptor, sort_keys=True, ensure_ascii=False)],
        make,
        dump=lambda text: text.encode("utf-8"),
        load=lambda raw: raw.decode("utf-8"),
    )


def _resource(name: str, table: pl.DataFrame, processed: set[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": _fields(name, table)}
    if name in TABLES:
        keys = [c for c, col in TABLES[name].columns().items() if col.primary_key]
        if keys:
            schema["primaryKey"] = keys
        schema["foreignKeys"] = [
            {"fields": list(cols), "reference": {"resource": ref, "fields": list(ref_cols)}}
            for cols, ref, ref_cols in FOREIGN_KEYS[name]
            if ref in processed
        ]
    description = TABLES[name].__doc__ if name in TABLES else _DERIVED[name]
    return {
        "name": name,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "description": (description or "").strip(),
        "schema": schema,
    }


def _fields(name: str, table: pl.DataFrame) -> list[dict[str, Any]]:
    described = TABLES[name].columns() if name in TABLES else {}
    fields = []
    for column, dtype in table.schema.items():
        field = {"name": column, "type": _TYPES.get(dtype.base_type(), "string")}
        if column in described and described[column].description:
            field["description"] = described[column].description
        fields.append(field)
    return fields


def _sources(sources: pl.DataFrame) -> list[dict[str, str]]:
    return [
        {
            "title": row["citation"],
            "path": row["file"],
            "sha256": row["sha256"],
            "version": f"{row['date']}",
        }
        for row in sources.iter_rows(named=True)
    ]
