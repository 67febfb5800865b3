"""The house style: one Altair theme and one great_tables style, both from ``brand.yml``.

Importing this module registers and enables the Altair theme ``salw_briefing``.
Every topic chart is wrapped by :func:`frame`, which adds the title, subtitle, the
source line (drawn under the chart) and the alt text, and records them in the
chart's ``usermeta`` so that exports and Quarto captions read them back with
:func:`chart_meta`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
from great_tables import GT, loc, style

from analysis.brand import brand

THEME_NAME = "salw_briefing"


def _theme() -> alt.theme.ThemeConfig:
    """Return the Altair theme built from the brand file."""
    b = brand()
    c, s = b["colours"], b["sizes"]
    axis = {
        "labelFontSize": s["axis_label"],
        "titleFontSize": s["axis_title"],
        "labelColor": c["text"],
        "titleColor": c["muted"],
        "titleFontWeight": "normal",
        "labelLimit": 320,
        "gridColor": c["grid"],
        "domainColor": c["muted"],
        "tickColor": c["muted"],
    }
    config: dict[str, Any] = {
        "background": c["background"],
        "padding": 12,
        "view": {"stroke": None},
        "title": {
            "fontSize": s["title"],
            "color": c["text"],
            "subtitleFontSize": s["subtitle"],
            "subtitleColor": c["muted"],
            "anchor": "start",
            "offset": 14,
            "subtitlePadding": 6,
        },
        "axis": axis,
        "axisX": {"grid": True},
        "axisY": {"grid": False},
        "header": {
            "labelFontSize": s["axis_label"] + 1,
            "labelColor": c["text"],
            "labelFontWeight": "bold",
        },
        "legend": {
            "labelFontSize": s["legend_label"],
            "titleFontSize": s["legend_label"],
            "titleColor": c["muted"],
            "titleFontWeight": "normal",
            "labelLimit": 320,
            "orient": "top",
            "direction": "horizontal",
        },
        "range": {
            "category": c["palette"],
            "heatmap": {"scheme": c["sequential"]},
            "ramp": {"scheme": c["sequential"]},
        },
        "text": {"fontSize": s["mark_label"], "color": c["text"]},
        "bar": {"color": c["palette"][0]},
        "point": {"filled": True, "size": 80},
    }
    fonts = font_config("zh")
    for key, value in fonts.items():
        config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
    return {"usermeta": {"theme": THEME_NAME}, "config": config}


def chart_font_families() -> tuple[str, ...]:
    """Return the font families the charts name, in either language (no generic names)."""
    fonts = brand()["fonts"]
    listed = f"{fonts['family']},{fonts['latin_family']}".split(",")
    names = (n.strip().strip("'\"") for n in listed)
    generic = {"", "sans-serif", "serif", "monospace"}
    return tuple(dict.fromkeys(n for n in names if n.lower() not in generic))


def font_config(lang: str) -> dict[str, Any]:
    """Return the chart config keys naming a font, all set to the family of ``lang``.

    Chinese charts draw in the CJK face; English ones in a Latin face first
    (``fonts.latin_family`` of the brand file).
    """
    f = brand()["fonts"]
    family = f["family"] if lang == "zh" else f["latin_family"]
    both = {"labelFont": family, "titleFont": family}
    return {
        "font": family,
        "title": {"font": family, "subtitleFont": family},
        "axis": both,
        "header": both,
        "legend": both,
        "text": {"font": family},
    }


alt.theme.register(THEME_NAME, enable=True)(_theme)


#: Vega number locale of each language other than English: Chinese UN documents group
#: digits with a (no-break) space, ``9 824``.
NUMBER_LOCALES = {
    "zh": {"decimal": ".", "thousands": "\u00a0", "grouping": [3], "currency": ["", " 美元"]}
}


def category_scale(lang: str = "en") -> dict[str, Any]:
    """Return the colour scale fixing each annex category's colour (labels in ``lang``).

    A Vega-Lite scale as a dict (``domain``, ``range``): Altair copies a dict more
    cheaply than an ``alt.Scale``, whose every unset property it copies too.
    """
    from analysis.labels import category_codes, category_label

    codes = category_codes()
    palette = brand()["colours"]["palette"]
    return {"domain": [category_label(c, lang) for c in codes], "range": palette[: len(codes)]}


@dataclass(frozen=True)
class ChartMeta:
    """What a caption needs about one chart.

    Attributes
    ----------
    chart_id
        Stable identifier, also the export file stem.
    title, subtitle
        As drawn at the top of the chart.
    source
        The source line drawn under the chart.
    alt
        The alt text (also the Vega-Lite ``description``).

    """

    chart_id: str
    title: str
    subtitle: str
    source: str
    alt: str


def _wrap(text: str, width_px: int) -> list[str]:
    """Wrap ``text`` to lines fitting ``width_px`` at the source-line font size."""
    from analysis.labels import wrap_text

    per_px = brand()["chart"]["source_chars"] / 960
    return wrap_text(text, max(40, int(width_px * per_px)))


def marked(chart: alt.Chart, mark: str, **properties: Any) -> alt.Chart:
    """Return ``chart`` drawing ``mark`` with ``properties``, like ``chart.mark_<mark>()``.

    The mark is a Vega-Lite dict (``type`` first, then the properties by name, as
    Altair writes them): Altair copies every chart at each level of a compound chart,
    and a ``MarkDef`` carries a hundred unset properties to copy; a dict only its own.
    The spec is the same.
    """
    drawn = chart.copy(deep=False)
    drawn.mark = {"type": mark, **dict(sorted(properties.items()))}
    return drawn


def text_lines(
    lines: list[str], *, size: int, line_height: int, colour: str | None = None, **chart: Any
) -> alt.Chart:
    """Return a chart drawing ``lines`` of text from its top left corner.

    ``chart`` holds the chart's own properties (its ``name``); set its size with
    ``.properties()``. A source line, a list of places, a message.
    """
    style = {"color": colour} if colour else {}
    return marked(
        alt.Chart(alt.Data(values=[{}]), **chart),
        "text",
        text=lines,
        align="left",
        baseline="top",
        x=0,
        y=0,
        fontSize=size,
        lineHeight=line_height,
        **style,
    )


def frame(
    body: alt.TopLevelMixin,
    *,
    chart_id: str,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    width: int,
    lang: str = "en",
) -> Framed:
    """Wrap a chart body with title, subtitle, source line and alt text.

    Parameters
    ----------
    body
        The chart (any single, layered or concatenated chart without config).
    chart_id
        Stable identifier (export file stem).
    title, subtitle
        Drawn at the top.
    source
        Drawn under the chart, wrapped to ``width``.
    description
        Alt text; becomes the Vega-Lite ``description`` (the SVG's ``aria-label``).
    width
        Width in pixels the source line is wrapped to.
    lang
        The chart's language: its number locale (``9 824`` in Chinese) and the
        ``lang`` recorded in its ``usermeta``.

    Returns
    -------
    Framed
        The framed chart: its spec (``to_dict()``), its Altair chart (``altair()``);
        :func:`chart_meta` reads its caption fields back.

    """
    meta = ChartMeta(
        chart_id=chart_id, title=title, subtitle=subtitle, source=source, alt=description
    )
    return Framed(body=body, meta=meta, width=width, lang=lang)


@dataclass(frozen=True)
class Framed:
    """A chart body framed by :func:`frame`: title and subtitle above, source line below.

    Its spec is that of the Altair chart of the whole, ``alt.vconcat(body, source line)``
    with the title, alt text, caption fields and language config (:meth:`altair`), but
    made without that chart: Altair deep-copies every subchart of a compound chart when
    it is made and again at each level of ``to_dict()``, which made framing a third of
    the cost of a chart. :meth:`to_dict` converts the body and the source line each on
    its own and puts them together as Altair would (``tests/test_charts.py`` checks that
    the specs are equal, for every topic and language). Displayed in a notebook, it is
    the Altair chart.

    Attributes
    ----------
    body
        The chart under the title.
    meta
        Its caption fields.
    width
        Width in pixels the source line is wrapped to.
    lang
        The chart's language.

    """

    body: alt.TopLevelMixin
    meta: ChartMeta
    width: int
    lang: str

    def altair(self) -> alt.VConcatChart:
        """Return the Altair chart of the whole (to change or save it)."""
        return alt.VConcatChart(vconcat=[self.body, self._footer()], **self._top())

    def to_dict(self, validate: bool = True) -> dict[str, Any]:
        """Return the Vega-Lite spec, the same as ``self.altair().to_dict()``.

        Parameters
        ----------
        validate
            Check the spec against the Vega-Lite schema (raises ``jsonschema``'s
            ``ValidationError``).

        """
        parts = [_subspec(chart.to_dict(validate=False)) for chart in (self.body, self._footer())]
        datasets = {name: rows for part in parts for name, rows in part.pop("datasets", {}).items()}
        top = {key: _plain(value) for key, value in self._top().items()}
        spec = {"$schema": alt.SCHEMA_URL, **top, "vconcat": parts}
        if datasets:
            spec["datasets"] = datasets
        spec = alt.utils.update_nested(alt.theme.get()(), spec, copy=True)
        if validate:
            alt.TopLevelVConcatSpec.validate(spec)
        return spec

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
        return self.altair()._repr_mimebundle_(*args, **kwargs)

    def _footer(self) -> alt.Chart:
        b = brand()
        lines = _wrap(self.meta.source, self.width)
        size = b["sizes"]["source"]
        return text_lines(
            lines, size=size, line_height=size + 4, colour=b["colours"]["muted"]
        ).properties(width=self.width, height=len(lines) * (size + 4))

    def _top(self) -> dict[str, Any]:
        meta = {
            "id": self.meta.chart_id,
            "title": self.meta.title,
            "subtitle": self.meta.subtitle,
            "source": self.meta.source,
            "alt": self.meta.alt,
        }
        if self.lang != "en":
            meta["lang"] = self.lang
        return {
            "spacing": 10,
            "title": alt.Title(self.meta.title, subtitle=self.meta.subtitle),
            "description": self.meta.alt,
            "usermeta": {"salw": meta},
            "config": alt.Config(**_language_config(self.lang)),
        }


#: What ``to_dict()`` adds at the top of a chart converted on its own: the schema and
#: the theme (its ``config`` and ``usermeta``).
_ADDED_AT_TOP = ("$schema", "config", "usermeta")
#: What Altair refuses in a subchart (``altair.vegalite.v6.api.TOPLEVEL_ONLY_KEYS``).
_TOP_LEVEL_ONLY = ("background", "autosize", "padding")


def _subspec(spec: dict[str, Any]) -> dict[str, Any]:
    """Return a chart's spec, converted on its own, without what was added at its top.

    Raises
    ------
    TypeError
        If the chart sets a property only a top-level chart may have, as Altair does.
    """
    for key in _ADDED_AT_TOP:
        spec.pop(key, None)
    for key in _TOP_LEVEL_ONLY:
        if key in spec:
            raise TypeError(f"a framed chart's body cannot set {key!r}: the frame sets it")
    return spec


def _plain(value: Any) -> Any:
    """Return ``value`` as it appears in a spec (an Altair schema object as its dict)."""
    return value.to_dict(validate=False) if isinstance(value, alt.SchemaBase) else value


def _language_config(lang: str) -> dict[str, Any]:
    """Return the config a chart in ``lang`` carries: its fonts and number locale."""
    config = font_config(lang)
    if lang in NUMBER_LOCALES:
        config["locale"] = {"number": NUMBER_LOCALES[lang]}
    return config


def bare(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the spec of a chart made by :func:`frame` without its title and source line.

    A slide carries both itself (its title, its caption); the picture keeps the
    subtitle (what is drawn, how to read it) as one muted line, the alt text, the
    caption fields (:func:`chart_meta` still reads them), the fonts and number locale.

    Parameters
    ----------
    spec
        The Vega-Lite spec of a chart returned by a topic's ``chart()``.

    Returns
    -------
    dict
        The chart's body, framed by nothing the slide repeats (a new spec; ``spec`` is
        not changed).

    """
    b = brand()
    meta = spec["usermeta"]["salw"]
    out = {key: spec[key] for key in ("$schema", "config", "datasets") if key in spec}
    out.update(spec["vconcat"][0])
    if meta["subtitle"]:
        out["title"] = {
            "text": meta["subtitle"],
            "fontSize": b["sizes"]["subtitle"],
            "fontWeight": "normal",
            "color": b["colours"]["muted"],
        }
    out["description"] = meta["alt"]
    out["usermeta"] = {**spec["usermeta"], "salw": {**meta, "bare": True}}
    return out


def chart_meta(chart: Framed | alt.TopLevelMixin | dict[str, Any]) -> ChartMeta:
    """Return the caption fields a chart made by :func:`frame` carries.

    Parameters
    ----------
    chart
        A chart returned by a topic's ``chart()``, or its Vega-Lite spec.

    Returns
    -------
    ChartMeta

    """
    if isinstance(chart, Framed):
        return chart.meta
    usermeta = chart["usermeta"] if isinstance(chart, dict) else chart.usermeta
    meta = usermeta["salw"]
    return ChartMeta(
        chart_id=meta["id"],
        title=meta["title"],
        subtitle=meta["subtitle"],
        source=meta["source"],
        alt=meta["alt"],
    )


def style_table(
    gt: GT, *, title: str, subtitle: str | None = None, source_note: str | None = None
) -> GT:
    """Apply the house style to a great_tables table.

    Parameters
    ----------
    gt
        The table.
    title, subtitle
        Header text.
    source_note
        The source line, shown under the table.

    Returns
    -------
    GT
        A new styled table (great_tables methods do not mutate).

    """
    b = brand()
    c, f, s = b["colours"], b["fonts"], b["sizes"]
    out = gt.tab_header(title=title, subtitle=subtitle)
    if source_note:
        out = out.tab_source_note(source_note)
    return (
        out.opt_table_font(font=[x.strip().strip("'") for x in f["table_family"].split(",")])
        .opt_align_table_header(align="left")
        .tab_options(
            table_font_color=c["text"],
            heading_title_font_size=f"{s['title'] - 2}px",
            heading_subtitle_font_size=f"{s['subtitle']}px",
            heading_border_bottom_color=c["palette"][0],
            column_labels_font_weight="bold",
            column_labels_border_bottom_color=c["text"],
            table_border_top_color=c["palette"][0],
            table_border_top_width="3px",
            source_notes_font_size=f"{s['source']}px",
            table_font_size=f"{s['axis_label'] + 1}px",
            data_row_padding="4px",
        )
        .tab_style(style=style.text(color=c["muted"]), locations=loc.source_notes())
    )
