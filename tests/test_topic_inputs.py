"""What a topic says it reads (``READS``) is all it reads.

Charts and tables are kept across builds by the content of the tables a topic reads
(:func:`analysis.topics.scoped`): if a topic read a table it does not declare, a change
there would leave its kept chart stale. So every output of every topic, in both
languages, made from its narrowed tables must equal the output made from every table of
the reports it covers, on the 2015 report and on the five-report corpus.
"""

from __future__ import annotations

import re

import pytest
from polars.testing import assert_frame_equal

from analysis import topics
from analysis.processed import ProcessedData
from analysis.series import latest_report
from analysis.strings import LANGS
from tests.test_series import REPORTS, build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> ProcessedData:
    return build(tmp_path_factory.mktemp("corpus"), tuple(REPORTS))


def _covered(t: topics.Topic, data: ProcessedData) -> ProcessedData:
    return data if t.ACROSS_REPORTS else latest_report(data)


def _outputs(t: topics.Topic, data: ProcessedData, lang: str) -> dict[str, object]:
    native = t.native(data, lang=lang)
    return {
        "table": t.table(data, lang=lang),
        "notes": t.notes(data, lang=lang),
        "spec": t.chart(data, lang=lang).to_dict(),
        "html": _without_random_id(t.gt(data, lang=lang).as_raw_html()),
        "describe": t.describe(data, lang=lang),
        "native": native.to_dict() if native else None,
    }


def _without_random_id(html: str) -> str:
    """Return great_tables' HTML with its random table id (``id="cosktkdiwk"``) as ``ID``."""
    found = re.search(r'<div id="([a-z]+)"', html)
    return html.replace(found.group(1), "ID") if found else html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("t", topics.TOPICS, ids=lambda t: t.CHART_ID)
@pytest.mark.parametrize("which", ["2015 report", "five reports"])
def test_a_topic_made_from_what_it_reads_is_made_from_everything(t, lang, which, processed, corpus):
    data = processed if which == "2015 report" else corpus
    narrowed = _outputs(t, topics.scoped(t, data), lang)
    whole = _outputs(t, _covered(t, data), lang)
    for name in ("table", "notes"):
        assert_frame_equal(narrowed.pop(name), whole.pop(name))
    assert narrowed == whole


def test_reads_name_tables_that_exist():
    known = set(ProcessedData.__dataclass_fields__)
    for t in topics.TOPICS:
        assert {name.removesuffix("[own]") for name in t.READS} <= known, t.CHART_ID
