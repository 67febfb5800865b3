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

from analysis._memo import per_data
from analysis.labels import kind_label, place_label, short_place
from analysis.native_charts import NativeChart
from analysis.paths import project_root, reference_dir
from analysis.processed import ProcessedData
from analysis.strings import text
from analysis.theme import Framed, brand, frame, marked, text_lines
from analysis.topics import _shared

CHART_ID = "worldmap"
#: Drawn from the latest reporting period's report only (never a sum over years).
ACROSS_REPORTS = False
#: The tables it reads (see analysis.topics.scoped).
READS = ("activities", "sources")
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
def _atlas_text() -> str:
    """Return the TopoJSON as one string (for the chart's inline data).

    Altair copies a chart's data at every step of composing it; a string, unlike the
    parsed atlas, is copied for free.
    """
    return json.dumps(_atlas(), separators=(",", ":"))


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


@per_data
def table(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return annex entries per country, direct and through regions or groups.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of ``place``.

    Returns
    -------
    pl.DataFrame
        place (in ``lang``), iso3 (null for a region or group whose countries are not listed),
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
        .map_elements(lambda i: place_label(_name(i, named), lang), return_dtype=pl.String)
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
            pl.col("place").map_elements(lambda p: place_label(p, lang), return_dtype=pl.String),
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


@per_data
def _source(data: ProcessedData, lang: str) -> str:
    acts = data.activities.filter((pl.col("kind") == "activity") & pl.col("subject").is_not_null())
    return _shared.source_for(data, _shared.activity_locations(acts), lang)


def describe(data: ProcessedData, *, lang: str = "en") -> str:
    """Return the alt text of :func:`chart`."""
    rows = table(data, lang=lang)
    mapped = rows.filter("on_map")
    top = mapped.filter(pl.col("direct") > 0).sort("direct", descending=True).head(6)
    off = rows.filter(~pl.col("on_map"))
    sep = text("listing.sep", lang)
    return text(
        "worldmap.alt",
        lang,
        named=mapped.filter(pl.col("direct") > 0).height,
        most=sep.join(
            text("alt.item", lang, place=r["place"], n=r["direct"])
            for r in top.iter_rows(named=True)
        ),
        via=mapped.filter(pl.col("direct") == 0).height,
        off=sep.join(
            text("alt.count", lang, name=r["place"], n=r["total"])
            for r in off.iter_rows(named=True)
        ),
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
    data: ProcessedData,
    *,
    width: int | None = None,
    height: int | None = None,
    lang: str = "en",
) -> Framed:
    """Return a world map of annex entries per country with a list of unmapped places.

    Parameters
    ----------
    data
        The processed tables.
    width, height
        Plot-area budget in pixels (the list takes about a quarter of the width).
    lang
        ``en`` or ``zh``: every word of the chart.

    Returns
    -------
    Framed

    """
    w, h = _shared.size(width, height)
    box = _MapBox.of(w, h)
    rows = table(data, lang=lang)
    body = alt.hconcat(_world_map(rows, box, lang), _unmapped_list(data, box, lang), spacing=20)
    subtitle = text("worldmap.subtitle", lang)
    if rows.is_empty():
        body, subtitle = _shared.message_chart(text("annex.none", lang), w), ""
    return frame(
        body,
        chart_id=CHART_ID,
        title=text("worldmap.title", lang),
        subtitle=subtitle,
        source=_source(data, lang),
        description=describe(data, lang=lang),
        width=w,
        lang=lang,
    )


def _map_counts(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Return the mapped rows of :func:`table` with their atlas ``key`` and ``coverage``."""
    return rows.filter("on_map").with_columns(
        pl.col("iso3").map_elements(_key, return_dtype=pl.String).alias("key"),
        pl.when(pl.col("direct") > 0)
        .then(pl.lit(text("worldmap.direct", lang)))
        .otherwise(pl.lit(text("worldmap.via", lang)))
        .alias("coverage"),
    )


def _world_map(rows: pl.DataFrame, box: _MapBox, lang: str) -> alt.LayerChart:
    """Return the grey world with the countries shaded by their entries."""
    b = brand()
    geo = alt.InlineData(
        values=_atlas_text(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    base = marked(
        alt.Chart(geo), "geoshape", fill=b["colours"]["no_data"], stroke="white", strokeWidth=0.4
    ).transform_filter("datum.id != '010'")
    lookup = alt.LookupData(
        data=alt.InlineData(values=_map_counts(rows, lang).to_dicts()),
        key="key",
        fields=["place", "direct", "via_group", "coverage"],
    )
    shaded = (
        marked(alt.Chart(geo), "geoshape", stroke="white", strokeWidth=0.4)
        .transform_calculate(key="datum.id ? datum.id : datum.properties.name")
        .transform_lookup(lookup="key", from_=lookup)
    )
    top = max(int(rows["direct"].max() or 1), 1)
    layers = [base, _named_countries(shaded, top, lang)]
    if rows.filter(pl.col("on_map") & (pl.col("via_group") > 0)).height:
        # An empty geoshape layer would make the projection's fit infinite.
        layers.append(_regional_countries(shaded, lang))
    return alt.LayerChart(
        layer=layers,
        projection=alt.Projection(type="equalEarth"),
        width=box.map_width,
        height=box.map_height,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", fill="independent")),
    )


def _named_countries(shaded: alt.Chart, top: int, lang: str) -> alt.Chart:
    """Return the countries named by an entry, on a sequential scale up to ``top``."""
    b = brand()
    return shaded.transform_filter("datum.direct > 0").encode(
        color=alt.Color(
            "direct:Q",
            title=text("worldmap.legend", lang),
            scale={"domainMax": top, "domainMin": 0, "scheme": b["colours"]["sequential"]},
            legend={
                "format": "d",
                "gradientLength": 140,
                "values": list(range(0, top + 1, max(1, top // 4))),
            },
        ),
        tooltip=[
            alt.Tooltip("place:N", title=text("col.place", lang)),
            alt.Tooltip("direct:Q", title=text("worldmap.col.direct", lang)),
            alt.Tooltip("via_group:Q", title=text("worldmap.col.via", lang)),
        ],
    )


def _regional_countries(shaded: alt.Chart, lang: str) -> alt.Chart:
    """Return the countries covered only through a regional or group programme."""
    return shaded.transform_filter("datum.direct == 0").encode(
        fill=alt.Fill(
            "coverage:N", title=None, scale={"range": [brand()["colours"]["accent_light"]]}
        ),
        tooltip=[
            alt.Tooltip("place:N", title=text("col.place", lang)),
            alt.Tooltip("via_group:Q", title=text("worldmap.col.via", lang)),
        ],
    )


def _unmapped_list(data: ProcessedData, box: _MapBox, lang: str) -> alt.Chart:
    """Return the text list of places with no polygon in the atlas, with their totals."""
    b = brand()
    off = _unmapped(data)
    lines = [text("worldmap.off_map", lang)] + [
        text("alt.count", lang, name=short_place(name, 40, lang=lang), n=total)
        for name, total in off.iter_rows()
    ]
    size = b["sizes"]["axis_label"]
    return text_lines(
        lines, size=size, line_height=size + 5, colour=b["colours"]["text"]
    ).properties(width=box.list_width, height=box.map_height)


def _unmapped(data: ProcessedData) -> pl.DataFrame:
    """Return the English names and totals of the places off the map (shortened per language)."""
    return table(data).filter(~pl.col("on_map")).select("place", "total")


def gt(data: ProcessedData, *, lang: str = "en") -> GT:
    """Return the house-styled table of :func:`table`."""
    yes_no = {True: text("yes", lang), False: text("no", lang)}
    rows = table(data, lang=lang).with_columns(
        pl.col("on_map").replace_strict(yes_no, return_dtype=pl.String),
        pl.col("kind").map_elements(lambda k: kind_label(k, lang), return_dtype=pl.String),
    )
    return _shared.gt_table(
        rows,
        title=text("worldmap.table.title", lang),
        subtitle=text("worldmap.table.subtitle", lang),
        source=_source(data, lang),
        labels={
            "place": text("col.place", lang),
            "iso3": "ISO3",
            "kind": text("col.kind", lang),
            "direct": text("worldmap.col.direct", lang),
            "via_group": text("worldmap.col.via", lang),
            "total": text("col.total", lang),
            "on_map": text("worldmap.col.on_map", lang),
        },
        lang=lang,
    )


def notes(data: ProcessedData, *, lang: str = "en") -> pl.DataFrame:
    """Return no rows: the chart draws counts of annex entries, which its alt text says."""
    return _shared.no_notes()


def native(data: ProcessedData, *, lang: str = "en") -> NativeChart | None:
    """Return ``None``: not a bar or line chart (the picture stays)."""
    return None
