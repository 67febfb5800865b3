"""World map of countries by number of annex entries, regions and groups resolved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import polars as pl
import pycountry
from great_tables import GT

from analysis.labels import short_place
from analysis.paths import project_root, reference_dir
from analysis.processed import ProcessedData
from analysis.theme import brand, frame
from analysis.topics import _shared

CHART_ID = "worldmap"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: Natural Earth 1:110m boundaries, world-atlas 2.0.2 (ISC), in ``data/reference/``;
#: see the LICENSE note beside it.
ATLAS_FILE = "countries-110m.json"
#: Places with no ISO numeric code, matched to the atlas by feature name.
_BY_NAME = {"XKX": "Kosovo"}


@cache
def _atlas() -> dict[str, Any]:
    """Return the TopoJSON (a shipped reference asset, read once)."""
    return json.loads((reference_dir(project_root()) / ATLAS_FILE).read_text(encoding="utf-8"))


@cache
def _atlas_keys() -> frozenset[str]:
    geoms = _atlas()["objects"]["countries"]["geometries"]
    return frozenset(g.get("id") or g["properties"]["name"] for g in geoms)


def _key(iso3: str) -> str | None:
    if iso3 in _BY_NAME:
        return _BY_NAME[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    return country.numeric if country else None


def _name(iso3: str, named: dict[str, str]) -> str:
    if iso3 in named:
        return named[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or (country.name if country else iso3)


def table(data: ProcessedData) -> pl.DataFrame:
    """Return annex entries per country, direct and through regions or groups.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    pl.DataFrame
        place, iso3 (null for a region or group whose countries are not listed),
        kind, direct (entries naming the country), via_group (entries of a region or
        group listing it), total, on_map (a polygon exists in the atlas); sorted by
        total descending, then place.

    """
    acts = data.activities.filter((pl.col("kind") == "activity") & pl.col("subject").is_not_null())
    named = dict(
        acts.filter(pl.col("iso3").is_not_null())
        .select("iso3", "subject")
        .sort(pl.col("subject").str.len_chars())
        .unique("iso3", keep="first")
        .iter_rows()
    )
    direct = (
        acts.filter(pl.col("iso3").is_not_null())
        .group_by("iso3")
        .agg(pl.len().cast(pl.Int64).alias("direct"))
    )
    grouped = acts.filter(pl.col("iso3").is_null())
    via = (
        grouped.filter(pl.col("member_iso3").fill_null("") != "")
        .with_columns(pl.col("member_iso3").str.split(";"))
        .explode("member_iso3")
        .group_by(pl.col("member_iso3").alias("iso3"))
        .agg(pl.len().cast(pl.Int64).alias("via_group"))
    )
    countries = direct.join(via, on="iso3", how="full", coalesce=True).with_columns(
        pl.col("direct", "via_group").fill_null(0)
    )
    keys = _atlas_keys()
    countries = countries.with_columns(
        pl.col("iso3")
        .map_elements(lambda i: _name(i, named), return_dtype=pl.String)
        .alias("place"),
        pl.lit("country").alias("kind"),
        pl.col("iso3")
        .map_elements(lambda i: _key(i) in keys, return_dtype=pl.Boolean)
        .alias("on_map"),
    )
    unlisted = (
        grouped.filter(pl.col("member_iso3").fill_null("") == "")
        .group_by(pl.col("subject").alias("place"), pl.col("subject_kind").alias("kind"))
        .agg(pl.len().cast(pl.Int64).alias("direct"))
        .with_columns(
            pl.lit(None, dtype=pl.String).alias("iso3"),
            pl.lit(0, dtype=pl.Int64).alias("via_group"),
            pl.lit(False).alias("on_map"),
        )
    )
    cols = ["place", "iso3", "kind", "direct", "via_group"]
    return (
        pl.concat([countries.select(*cols, "on_map"), unlisted.select(*cols, "on_map")])
        .with_columns((pl.col("direct") + pl.col("via_group")).alias("total"))
        .select(*cols, "total", "on_map")
        .sort(["total", "place"], descending=[True, False])
    )


def _source(data: ProcessedData) -> str:
    acts = data.activities.filter((pl.col("kind") == "activity") & pl.col("subject").is_not_null())
    return _shared.source_for(data, _shared.activity_locations(acts))


def describe(data: ProcessedData) -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data)
    mapped = rows.filter("on_map")
    top = mapped.filter(pl.col("direct") > 0).sort("direct", descending=True).head(6)
    off = rows.filter(~pl.col("on_map"))
    return (
        f"World map shading {mapped.filter(pl.col('direct') > 0).height} countries by the "
        f"number of annex entries naming them (most: "
        + ", ".join(f"{r['place']} {r['direct']}" for r in top.iter_rows(named=True))
        + f"); {mapped.filter(pl.col('direct') == 0).height} more countries are covered "
        "only through a regional or group programme. Not on the map: "
        + ", ".join(f"{r['place']} ({r['total']})" for r in off.iter_rows(named=True))
        + "."
    )


@dataclass(frozen=True)
class _MapBox:
    """Pixel sizes of the map and of the list of unmapped places beside it."""

    width: int
    map_width: int
    map_height: int

    @classmethod
    def of(cls, width: int, height: int) -> _MapBox:
        """Give the map about two thirds of ``width``, at its natural aspect ratio."""
        map_width = int(width * 0.66)
        return cls(width, map_width, min(height, int(map_width * 0.52)))

    @property
    def list_width(self) -> int:
        """Width left for the list once the map and the 20-pixel gap are placed."""
        return self.width - self.map_width - 20


def chart(
    data: ProcessedData, *, width: int | None = None, height: int | None = None
) -> alt.VConcatChart:
    """Return a world map of annex entries per country with a list of unmapped places.

    Parameters
    ----------
    data
        The processed tables.
    width, height
        Plot-area budget in pixels (the list takes about a quarter of the width).

    Returns
    -------
    alt.VConcatChart

    """
    w, h = _shared.size(width, height)
    box = _MapBox.of(w, h)
    rows = table(data)
    body = alt.hconcat(_world_map(rows, box), _unmapped_list(rows, box), spacing=20)
    return frame(
        body,
        chart_id=CHART_ID,
        title="Where the UN assisted: countries",
        subtitle=(
            "Shade: annex entries naming the country; yellow: covered only through a "
            "regional or group programme listing it"
        ),
        source=_source(data),
        description=describe(data),
        width=w,
    )


def _map_counts(rows: pl.DataFrame) -> pl.DataFrame:
    """Return the mapped rows of :func:`table` with their atlas ``key`` and ``coverage``."""
    return rows.filter("on_map").with_columns(
        pl.col("iso3").map_elements(_key, return_dtype=pl.String).alias("key"),
        pl.when(pl.col("direct") > 0)
        .then(pl.lit("direct"))
        .otherwise(pl.lit("Only through a regional or group programme"))
        .alias("coverage"),
    )


def _world_map(rows: pl.DataFrame, box: _MapBox) -> alt.LayerChart:
    """Return the grey world with the countries shaded by their entries."""
    b = brand()
    geo = alt.InlineData(
        values=_atlas(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    base = (
        alt.Chart(geo)
        .mark_geoshape(fill=b["colours"]["no_data"], stroke="white", strokeWidth=0.4)
        .transform_filter("datum.id != '010'")
    )
    lookup = alt.LookupData(
        data=alt.InlineData(values=_map_counts(rows).to_dicts()),
        key="key",
        fields=["place", "direct", "via_group", "coverage"],
    )
    shaded = (
        alt.Chart(geo)
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .transform_calculate(key="datum.id ? datum.id : datum.properties.name")
        .transform_lookup(lookup="key", from_=lookup)
    )
    top = max(int(rows["direct"].max() or 1), 1)
    return (
        (base + _named_countries(shaded, top) + _regional_countries(shaded))
        .project(type="equalEarth")
        .properties(width=box.map_width, height=box.map_height)
        .resolve_scale(color="independent", fill="independent")
    )


def _named_countries(shaded: alt.Chart, top: int) -> alt.Chart:
    """Return the countries named by an entry, on a sequential scale up to ``top``."""
    b = brand()
    return shaded.transform_filter("datum.direct > 0").encode(
        color=alt.Color(
            "direct:Q",
            title="Entries naming it",
            scale=alt.Scale(scheme=b["colours"]["sequential"], domainMin=0, domainMax=top),
            legend=alt.Legend(
                format="d", values=list(range(0, top + 1, max(1, top // 4))), gradientLength=140
            ),
        ),
        tooltip=["place:N", "direct:Q", "via_group:Q"],
    )


def _regional_countries(shaded: alt.Chart) -> alt.Chart:
    """Return the countries covered only through a regional or group programme."""
    return shaded.transform_filter("datum.direct == 0").encode(
        fill=alt.Fill(
            "coverage:N", title=None, scale=alt.Scale(range=[brand()["colours"]["accent_light"]])
        ),
        tooltip=["place:N", "via_group:Q"],
    )


def _unmapped_list(rows: pl.DataFrame, box: _MapBox) -> alt.Chart:
    """Return the text list of places with no polygon in the atlas, with their totals."""
    b = brand()
    off = rows.filter(~pl.col("on_map"))
    lines = ["Not on the map (entries):"] + [
        f"{short_place(r['place'], 40)} ({r['total']})" for r in off.iter_rows(named=True)
    ]
    return (
        alt.Chart(alt.Data(values=[{}]))
        .mark_text(
            text=lines,
            align="left",
            baseline="top",
            x=0,
            y=0,
            fontSize=b["sizes"]["axis_label"],
            lineHeight=b["sizes"]["axis_label"] + 5,
            color=b["colours"]["text"],
        )
        .properties(width=box.list_width, height=box.map_height)
    )


def gt(data: ProcessedData) -> GT:
    """Return the house-styled table of :func:`table`."""
    rows = table(data).with_columns(
        pl.col("on_map").replace_strict({True: "yes", False: "no"}, return_dtype=pl.String)
    )
    return _shared.gt_table(
        rows,
        title="Countries and regions assisted",
        subtitle="Annex entries naming a country, and entries of regions or groups listing it",
        source=_source(data),
        labels={
            "place": "Place",
            "iso3": "ISO3",
            "kind": "Kind",
            "direct": "Named",
            "via_group": "Via region or group",
            "total": "Total",
            "on_map": "On map",
        },
    )
