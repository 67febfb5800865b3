import dataclasses
import json
import os
from pathlib import Path

import altair as alt
import jsonschema
import pytest
import vl_convert as vlc

from analysis.charts import export_all
from analysis.theme import THEME_NAME, bare, brand, chart_meta
from analysis.topics import TOPICS, scoped
from analysis.topics import chart as topic_chart

SNAPSHOTS = Path(__file__).parent / "snapshots"
IDS = [t.__name__.rsplit(".", 1)[1] for t in TOPICS]


def _normalise(node):
    """Replace bulky inline geometry by a marker so snapshots stay reviewable."""
    if isinstance(node, dict):
        return {
            k: ("<topojson>" if k == "values" and isinstance(v, dict) else _normalise(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_normalise(v) for v in node]
    if isinstance(node, str) and node.startswith('{"type":"Topology"'):
        return "<topojson>"  # the atlas, inlined as one string
    return node


@pytest.mark.parametrize("topic", TOPICS, ids=IDS)
def test_chart_renders_with_theme_and_source(topic, processed):
    chart = topic.chart(processed)
    spec = chart.to_dict()
    assert spec["usermeta"]["theme"] == THEME_NAME
    # English text in the Latin face first, every font key alike
    latin = brand()["fonts"]["latin_family"]
    assert spec["config"]["font"] == spec["config"]["axis"]["labelFont"] == latin
    assert spec["config"]["title"]["font"] == spec["config"]["legend"]["labelFont"] == latin
    meta = chart_meta(chart)
    assert meta.source.startswith("Source: UN Secretary-General, report on small arms")
    assert meta.title and meta.alt == spec["description"] == topic.describe(processed)
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    assert svg.lstrip().startswith("<svg")
    # the source line is drawn (first words; longer lines wrap)
    assert "UN Secretary-General" in svg
    png = vlc.vegalite_to_png(spec, scale=1, vl_version="6.4")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("topic", TOPICS, ids=IDS)
def test_chart_spec_snapshot(topic, processed):
    name = topic.__name__.rsplit(".", 1)[1]
    spec = _normalise(topic.chart(processed).to_dict())
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"chart spec of {name} changed; review and rerun with UPDATE_SNAPSHOTS=1"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("topic", TOPICS, ids=IDS)
def test_a_framed_spec_is_the_spec_of_its_altair_chart(topic, lang, processed, two_periods):
    """A topic's spec is put together without the Altair chart of the whole: it is the
    same as that chart's, at the briefing's size and a slide's, on one report and two."""
    for data, size in [(processed, {}), (two_periods, {"width": 900, "height": 380})]:
        framed = topic.chart(scoped(topic, data), lang=lang, **size)
        assert framed.to_dict() == framed.altair().to_dict()


def test_a_framed_spec_is_checked_against_the_schema(processed):
    """Asked to validate, a framed chart whose body breaks the Vega-Lite schema fails; a
    body setting what only a whole chart may set is refused, as Altair refuses it."""
    framed = TOPICS[0].chart(processed)
    body = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q")
    body.encoding.x.type = "not-a-type"
    broken = dataclasses.replace(framed, body=body)
    assert broken.to_dict(validate=False)["vconcat"][0]["encoding"]["x"]["type"] == "not-a-type"
    with pytest.raises(jsonschema.ValidationError):
        broken.to_dict()
    padded = dataclasses.replace(framed, body=framed.body.properties(padding=4))
    with pytest.raises(TypeError, match="padding"):  # as Altair refuses it in a subchart
        padded.to_dict()
    with pytest.raises(TypeError, match="padding"):
        padded.altair()


def _datasets(spec):
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_briefing_charts_export(root, tmp_path, processed):
    out = tmp_path / "charts"
    written = export_all(root, formats=["png", "svg"], size="16:9", scale=1, out=out)
    assert written[-1].name == "manifest.json"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    charts = manifest["charts"]
    assert len(charts) >= 8
    for entry in charts:
        assert {f"{entry['id']}.png", f"{entry['id']}.svg"} <= set(entry["files"])
        assert (out / f"{entry['id']}.png").stat().st_size > 1000
        assert entry["source"].startswith("Source:") and entry["alt"] and entry["title"]
        assert (out / entry["table"]["csv"]).exists() and (out / entry["table"]["html"]).exists()
    assert not list(tmp_path.glob(".charts-*")), "staging folder left behind"
    # values drawn equal the processed data
    spec = json.loads((out / "weapons.vl.json").read_text(encoding="utf-8"))
    drawn = {(r["subject"], r["indicator"]): r["value"] for r in _datasets(spec)}
    weapons = processed.figures.filter(
        processed.figures["indicator"].is_in(
            [
                "weapons_collected",
                "weapons_destroyed",
                "weapons_disposed",
                "weapon_parts_destroyed",
                "ammunition_destroyed",
                "material_disposed_kg",
            ]
        )
    )
    expected = {}
    for r in weapons.iter_rows(named=True):
        key = (r["subject"], r["indicator"])
        expected[key] = expected.get(key, 0) + r["value"]
    assert drawn == expected
    spec = json.loads((out / "treaties.vl.json").read_text(encoding="utf-8"))
    drawn = {r["indicator"]: r["value"] for r in _datasets(spec)}
    stated = {
        r["indicator"]: r["value"]
        for r in processed.figures.filter(
            processed.figures["indicator"].str.starts_with("att_")
        ).iter_rows(named=True)
    }
    assert drawn == stated


@pytest.mark.parametrize("size", ["5:4", "12x", "0x0"])
def test_bad_size_is_a_briefing_error(root, tmp_path, size):
    from analysis.errors import BriefingError

    with pytest.raises(BriefingError, match="size"):
        export_all(root, formats=["png"], size=size, scale=1, out=tmp_path / "x")


def test_bad_format_is_a_briefing_error(root, tmp_path):
    from analysis.errors import BriefingError

    with pytest.raises(BriefingError, match="format"):
        export_all(root, formats=["gif"], size="16:9", scale=1, out=tmp_path / "x")


def test_a_chinese_chart_draws_in_the_cjk_face_and_an_english_one_in_a_latin_face(processed):
    fonts = brand()["fonts"]
    for lang, family in (("zh", fonts["family"]), ("en", fonts["latin_family"])):
        spec = topic_chart("weapons", processed, lang=lang).to_dict()
        config = spec["config"]
        assert family.split(",")[0] in ("Noto Sans CJK SC", "Liberation Sans")
        assert config["font"] == config["header"]["labelFont"] == config["text"]["font"] == family
        bare_spec = bare(topic_chart("weapons", processed, lang=lang).to_dict())
        assert bare_spec["config"]["axis"]["labelFont"] == family
