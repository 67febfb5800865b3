"""Series across reports: one value per measure, subject and reporting period.

Figures are statements in one report; a series value is what an analyst compares
across reports. Everything here is ordered by reporting period (then date), never by
source id. Two reports of the same period (the Chinese and English versions) are one
period: the version in the original language is the one quoted, and a disagreement
between versions is noted, never summed. A later report that restates an earlier
period's figure revises that period's value (noted). Nothing is summed across periods.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from analysis._memo import per_data
from analysis.labels import (
    QUOTE_SEPARATOR,
    combine_qualifiers,
    indicator_label,
    period_label,
    qualified_label,
    series_label,
)
from analysis.processed import ProcessedData
from analysis.reference import Series, vocabulary
from analysis.strings import text

#: How many headlines at most (``headline_rank`` in series.csv orders them).
MAX_HEADLINES = 10
_PERIOD = ("period_start", "period_end")
_KEY = ("series", "subject")


@per_data
def periods(sources: pl.DataFrame) -> pl.DataFrame:
    """Return one row per reporting period, oldest first, with the version quoted.

    Parameters
    ----------
    sources
        The ``sources`` table.

    Returns
    -------
    polars.DataFrame
        period_start, period_end, source_id (the version quoted: the one in the
        report's original language, else the first id), source_ids (every version),
        rank (1 = oldest).
    """
    original = (pl.col("original_language") == "") | (
        pl.col("language") == pl.col("original_language")
    )
    return (
        sources.with_columns(original.alias("_original"))
        .sort(
            ["period_end", "period_start", "_original", "source_id"],
            descending=[False, False, True, False],
        )
        .group_by(_PERIOD, maintain_order=True)
        .agg(
            pl.col("source_id").first(),
            pl.col("source_id").sort().str.join(";").alias("source_ids"),
            pl.col("date").max(),
        )
        .with_row_index("rank", offset=1)
        .with_columns(pl.col("rank").cast(pl.Int64))
    )


def earlier_period(sources: pl.DataFrame, lang: str = "en") -> str | None:
    """Return the period compared with the latest, named, when it does not directly precede it.

    The headlines compare the latest period with the one before it that a report
    covers: after a gap (no report for 2019 or 2020), that is not "the previous period"
    and is named instead (``August 2017 to July 2018``). None without a gap.
    """
    known = periods(sources)
    if known.height < 2:
        return None
    before, latest = known.row(-2, named=True), known.row(-1, named=True)
    if before["period_end"] + dt.timedelta(days=1) >= latest["period_start"]:
        return None
    return period_label(before["period_start"], before["period_end"], lang)


@per_data
def values(data: ProcessedData, lang: str = "en") -> pl.DataFrame:
    """Return the value of every (series, subject) in every period a report states it.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of the reader-facing columns (label, shown, note).

    Returns
    -------
    polars.DataFrame
        series, label, subject, subject_label, unit, kind, period_start, period_end,
        rank, source_id, value, qualifier, shown (``"100+"``), locations, quote,
        figure_ids, note; sorted by series, subject and period.
    """
    statements = _statements(data)
    if statements.is_empty():
        return _empty_values()
    chosen = _choose(statements, periods(data.sources), lang)
    meta = pl.DataFrame(
        [
            {
                "series": s.series,
                "label": series_label(s.series, lang),
                "unit": s.unit,
                "kind": s.kind,
                "_derived": _derived_note(s, lang),
            }
            for s in vocabulary().series
        ]
    )
    shown = [
        qualified_label(v, q, u, lang)
        for v, q, u in zip(chosen["value"], chosen["qualifier"], chosen["unit"], strict=True)
    ]
    return (
        chosen.drop("unit")
        .join(meta, on="series", how="left")
        .with_columns(
            pl.Series("shown", shown, dtype=pl.String),
            pl.when(pl.col("figure_ids").str.contains(" − ", literal=True))
            .then(pl.concat_str(pl.col("_derived"), pl.col("note"), separator="; "))
            .otherwise(pl.col("note"))
            .str.strip_chars("; ")
            .alias("note"),
        )
        .select(_VALUE_COLUMNS)
        .sort(["series", "subject", "period_end"])
    )


def _derived_note(series: Series, lang: str) -> str:
    if series.derived_from is None:
        return ""
    a, b = (indicator_label(i, lang) for i in series.derived_from)
    return text("series.note.derived", lang, a=a, b=b)


_VALUE_COLUMNS = (
    "series",
    "label",
    "subject",
    "subject_label",
    "unit",
    "kind",
    "period_start",
    "period_end",
    "rank",
    "source_id",
    "value",
    "qualifier",
    "shown",
    "locations",
    "quote",
    "figure_ids",
    "note",
)


def _empty_values() -> pl.DataFrame:
    dtypes = {c: pl.String for c in _VALUE_COLUMNS} | {
        "period_start": pl.Date,
        "period_end": pl.Date,
        "rank": pl.Int64,
        "value": pl.Float64,
    }
    return pl.DataFrame(schema=dtypes)


def _statements(data: ProcessedData) -> pl.DataFrame:
    """Return one row per (series, subject, report, period stated): the report's value."""
    assigned = _with_source(
        data.assignments.filter(pl.col("series").is_not_null())
        .select("figure_id", "series", "subject", "subject_label")
        .join(data.figures, on="figure_id", how="inner"),
        data.sources,
    )
    assigned = pl.concat([assigned, _derived(assigned, data)], how="vertical")
    if assigned.is_empty():
        return assigned
    stated = _stated_period(assigned, periods(data.sources))
    kinds = {s.series: s.within_report for s in vocabulary().series}
    return pl.concat(
        [
            _within_report(stated.filter(pl.col("series").replace_strict(kinds) == how), how)
            for how in ("sum", "largest")
        ],
        how="vertical",
    )


def _with_source(rows: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Attach each row's report period and date (``_src_start``, ``_src_end``, ``_src_date``)."""
    return rows.join(
        sources.select(
            "source_id",
            pl.col("period_start").alias("_src_start"),
            pl.col("period_end").alias("_src_end"),
            pl.col("date").alias("_src_date"),
        ),
        on="source_id",
    )


def _derived(assigned: pl.DataFrame, data: ProcessedData) -> pl.DataFrame:
    """Return statements of derived series a report does not state but one sentence implies.

    For a series derived as ``a - b`` (``derived_from`` in series.csv), a report that
    states no value of it but states both ``a`` and ``b`` in one sentence gets the
    difference; its ``figure_id`` names both figures (``A − B``).
    """
    frames = [assigned.clear()]
    for series in vocabulary().series:
        if series.derived_from is None or series.subject == "place":
            continue
        stated = assigned.filter(pl.col("series") == series.series)["source_id"].unique()
        pairs = _operand_pairs(data.figures, *series.derived_from)
        pairs = pairs.filter(~pl.col("source_id").is_in(stated.implode()))
        if pairs.is_empty():
            continue
        subject = next(s for s in vocabulary().subjects if s.subject_id == series.subject)
        rows = pairs.rename({"subject": "subject_right"}).with_columns(
            pl.lit(series.series).alias("series"),
            pl.lit(subject.subject_id).alias("subject"),
            pl.lit(subject.english).alias("subject_label"),
        )
        frames.append(_with_source(rows, data.sources).select(assigned.columns))
    return pl.concat(frames, how="vertical")


def _operand_pairs(figures: pl.DataFrame, a: str, b: str) -> pl.DataFrame:
    """Return, per report, the first sentence stating both ``a`` and ``b``, as ``a - b``."""
    right = figures.filter(pl.col("indicator") == b).select(
        "source_id",
        "quote",
        pl.col("figure_id").alias("_b_id"),
        pl.col("value").alias("_b_value"),
        pl.col("qualifier").alias("_b_qualifier"),
    )
    exact = (pl.col("qualifier") == "exact") & (pl.col("_b_qualifier") == "exact")
    return (
        figures.filter(pl.col("indicator") == a)
        .join(right, on=["source_id", "quote"])
        .sort("line")
        .unique("source_id", keep="first", maintain_order=True)
        .with_columns(
            (pl.col("value") - pl.col("_b_value")).alias("value"),
            pl.lit(None, pl.Float64).alias("value_high"),
            pl.when(exact)
            .then(pl.lit("exact"))
            .otherwise(pl.lit("approximately"))
            .alias("qualifier"),
            pl.concat_str("figure_id", pl.lit(" − "), "_b_id").alias("figure_id"),
        )
        .drop("_b_id", "_b_value", "_b_qualifier")
    )


def _stated_period(assigned: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Attach the period each figure is about: its report's, or an earlier one it restates.

    A figure whose own dates end before its report's period starts is about an earlier
    period: the registered period it overlaps most (a revision of that period's value).
    """
    own_end = pl.col("period_end")
    earlier = assigned.filter(own_end.is_not_null() & (own_end < pl.col("_src_start")))
    current = assigned.join(earlier.select("figure_id"), on="figure_id", how="anti")
    current = current.with_columns(
        pl.col("_src_start").alias("_p_start"), pl.col("_src_end").alias("_p_end")
    )
    if earlier.is_empty():
        return current
    overlap = (
        earlier.join(known.select(pl.col(p).alias(f"_k_{p}") for p in _PERIOD), how="cross")
        .with_columns(
            (
                pl.min_horizontal(own_end, pl.col("_k_period_end"))
                - pl.max_horizontal(
                    pl.col("period_start").fill_null(own_end), pl.col("_k_period_start")
                )
            ).alias("_overlap")
        )
        .filter(pl.col("_overlap") >= pl.duration(days=0))
        .sort("_overlap", descending=True)
        .unique("figure_id", keep="first", maintain_order=True)
        .rename({"_k_period_start": "_p_start", "_k_period_end": "_p_end"})
        .drop("_overlap")
    )
    return pl.concat([current, overlap.select(current.columns)], how="vertical")


def _within_report(rows: pl.DataFrame, how: str) -> pl.DataFrame:
    """One value per (series, subject, report, period): a sum, or the largest statement.

    A world count of a stock (States parties, signatories) only grows: a smaller count of
    it in the same report is a part (a region's, those attending a meeting).
    """
    keys = [*_KEY, "source_id", "_p_start", "_p_end"]
    if how == "sum":
        rows = _once_with_the_annex(rows, keys)
    if how == "largest":
        rows = (
            rows.with_columns(pl.coalesce("period_end", "_p_end").alias("_as_of"))
            .sort([*keys, "value", "_as_of", "line"])
            .unique(keys, keep="last", maintain_order=True)
        )
    grouped = (
        rows.sort("line")
        .group_by(keys, maintain_order=True)
        .agg(
            pl.col("subject_label").first(),
            pl.col("unit").first(),
            pl.col("value").sum(),
            pl.col("qualifier"),
            pl.col("location").unique(maintain_order=True).str.join("; ").alias("locations"),
            pl.col("quote").unique(maintain_order=True).str.join(QUOTE_SEPARATOR).alias("quote"),
            pl.col("figure_id").str.join(";").alias("figure_ids"),
        )
    )
    qualifiers = [combine_qualifiers(q) for q in grouped["qualifier"].to_list()]
    return grouped.with_columns(pl.Series("qualifier", qualifiers, dtype=pl.String)).rename(
        {"_p_start": "period_start", "_p_end": "period_end"}
    )


def _once_with_the_annex(rows: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Drop a text figure that an annex row of its report states again for the same place.

    The narrative and the annex often report the same activity ("destroyed 5,616 firearms"
    in paragraph 43 and in Peru's annex row): the same value for the same series, place
    and period is one statement, counted once (the annex row's).
    """
    in_annex = pl.col("location").str.starts_with("annex")
    annex = rows.filter(in_annex)
    text = rows.filter(~in_annex).join(
        annex.select(*keys, "value").unique(), on=[*keys, "value"], how="anti", nulls_equal=True
    )
    return pl.concat([annex, text], how="vertical")


def _choose(statements: pl.DataFrame, known: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Pick one statement per (series, subject, period) and note what it overrides."""
    published = known.select(
        pl.col("source_ids").str.split(";").alias("source_id"),
        pl.col("rank").alias("_published"),
        pl.col("source_id").alias("_quoted"),
    ).explode("source_id")
    ranked = (
        statements.join(published, on="source_id")
        .join(known.select(*_PERIOD, "rank"), on=list(_PERIOD))
        .with_columns((pl.col("source_id") == pl.col("_quoted")).alias("_is_quoted"))
        .sort(
            [*_KEY, "rank", "_published", "_is_quoted"],
            descending=[False, False, False, True, True],
        )
    )
    notes = ranked.group_by([*_KEY, "rank"], maintain_order=True).agg(
        pl.struct("source_id", "value", "_published").alias("_all")
    )
    chosen = ranked.unique([*_KEY, "rank"], keep="first", maintain_order=True)
    chosen = chosen.join(notes, on=[*_KEY, "rank"])
    note = [
        _note(row, lang)
        for row in chosen.select("source_id", "value", "unit", "_published", "_all").rows()
    ]
    return chosen.with_columns(pl.Series("note", note, dtype=pl.String))


def _note(row: tuple, lang: str) -> str:
    """Say which other statements of the same period were set aside, and why."""
    source, value, unit, published, others = row
    parts = []
    for other in others:
        if other["source_id"] == source or other["value"] == value:
            continue
        key = "series.note.revised" if other["_published"] < published else "series.note.differs"
        shown = qualified_label(other["value"], None, unit, lang)
        parts.append(text(key, lang, value=shown, source=other["source_id"]))
    return text("listing.sep_list", lang).join(parts)


@per_data
def headlines(data: ProcessedData, lang: str = "en") -> pl.DataFrame:
    """Return the latest period's value of each headline series, with the previous one.

    A per-place series is summed over its places within the one report of that period
    (``locations`` names them; ``places`` counts them); a stock is its largest statement.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of label, subject (``3 places``), shown and note.

    Returns
    -------
    polars.DataFrame
        series, label, subject, places, value, qualifier, shown, unit, source_id,
        period_start, period_end, previous_value, previous_qualifier, previous_shown,
        previous_source_id, change, locations, quote, note; in headline order.
    """
    table = values(data, lang)
    known = periods(data.sources)
    if table.is_empty() or known.is_empty():
        return _empty_headlines()
    latest = known["rank"].max()
    ranks = {s.series: s.headline_rank for s in vocabulary().series if s.headline_rank}
    now = _per_series(table.filter(pl.col("rank") == latest), lang)
    before = _per_series(table.filter(pl.col("rank") == latest - 1), lang).select(
        "series",
        pl.col("value").alias("previous_value"),
        pl.col("qualifier").alias("previous_qualifier"),
        pl.col("shown").alias("previous_shown"),
        pl.col("source_id").alias("previous_source_id"),
    )
    return (
        now.filter(pl.col("series").is_in(list(ranks)))
        .join(before, on="series", how="left")
        .with_columns(
            (pl.col("value") - pl.col("previous_value")).alias("change"),
            pl.col("series").replace_strict(ranks, return_dtype=pl.Int64).alias("_rank"),
        )
        .sort("_rank")
        .head(MAX_HEADLINES)
        .select(_HEADLINE_COLUMNS)
    )


_HEADLINE_COLUMNS = (
    "series",
    "label",
    "subject",
    "places",
    "value",
    "qualifier",
    "shown",
    "unit",
    "source_id",
    "period_start",
    "period_end",
    "previous_value",
    "previous_qualifier",
    "previous_shown",
    "previous_source_id",
    "change",
    "locations",
    "quote",
    "note",
)


def _empty_headlines() -> pl.DataFrame:
    numbers = {"places": pl.Int64, "value": pl.Float64, "previous_value": pl.Float64}
    dates = {"period_start": pl.Date, "period_end": pl.Date}
    dtypes = {c: pl.String for c in _HEADLINE_COLUMNS} | numbers | dates | {"change": pl.Float64}
    return pl.DataFrame(schema=dtypes)


def _per_series(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Sum a period's per-place values into one row per series (one report's statements)."""
    place_series = {s.series for s in vocabulary().series if s.subject == "place"}
    grouped = (
        rows.sort("subject")
        .group_by("series", maintain_order=True)
        .agg(
            pl.col("label").first(),
            pl.col("subject_label").alias("_subjects"),
            pl.len().cast(pl.Int64).alias("places"),
            pl.col("value").sum(),
            pl.col("qualifier"),
            pl.col("unit").first(),
            pl.col("source_id").unique().sort().str.join(";"),
            *(pl.col(c).first() for c in _PERIOD),
            pl.col("locations").str.join("; "),
            pl.col("quote").str.join(QUOTE_SEPARATOR),
            pl.col("note").filter(pl.col("note") != "").str.join(text("listing.sep_list", lang)),
        )
    )
    qualifiers = [combine_qualifiers(q) for q in grouped["qualifier"].to_list()]
    subjects = [
        _where(names, series in place_series, lang)
        for series, names in zip(grouped["series"], grouped["_subjects"].to_list(), strict=True)
    ]
    shown = [
        qualified_label(v, q, u, lang)
        for v, q, u in zip(grouped["value"], qualifiers, grouped["unit"], strict=True)
    ]
    return grouped.with_columns(
        pl.Series("qualifier", qualifiers, dtype=pl.String),
        pl.Series("subject", subjects, dtype=pl.String),
        pl.Series("shown", shown, dtype=pl.String),
        pl.when(pl.lit(True)).then(pl.col("places")).alias("places"),
    ).drop("_subjects")


def _where(names: list[str], per_place: bool, lang: str) -> str:
    """Return the one subject's (English) name, or ``3 places`` / ``3 个地方``."""
    if not per_place or len(names) == 1:
        return names[0]
    return text("series.places", lang, n=len(names))


@per_data
def trends(data: ProcessedData, lang: str = "en") -> pl.DataFrame:
    """Return every (series, subject) stated in two or more periods, with gaps kept.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of the reader-facing columns (see :func:`values`).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`values`, one row per registered period from the first to
        the last the series is stated in; a period whose report is silent has a null
        value and the note ``not stated`` (a gap, never a zero).
    """
    table = values(data, lang)
    counts = table.group_by(_KEY).agg(
        pl.len().alias("_n"), pl.col("rank").min().alias("_first"), pl.col("rank").max()
    )
    tracked = counts.filter(pl.col("_n") >= 2)
    if tracked.is_empty():
        return table.clear()
    known = periods(data.sources).select("rank", *_PERIOD, "source_id")
    grid = (
        tracked.join(known, how="cross", suffix="_p")
        .filter(pl.col("rank_p").is_between(pl.col("_first"), pl.col("rank")))
        .select(*_KEY, pl.col("rank_p").alias("rank"), *_PERIOD, "source_id")
    )
    labels = table.select(*_KEY, "label", "subject_label", "unit", "kind").unique(_KEY)
    gaps = (
        grid.join(table, on=[*_KEY, "rank"], how="anti")
        .join(labels, on=_KEY)
        .with_columns(pl.lit(text("series.note.gap", lang)).alias("note"))
    )
    stated = table.join(tracked.select(_KEY), on=_KEY, how="semi")
    return (
        pl.concat([stated, gaps], how="diagonal_relaxed")
        .select(_VALUE_COLUMNS)
        .sort(["series", "subject", "period_end"])
    )


@per_data
def changes(data: ProcessedData, lang: str = "en") -> pl.DataFrame:
    """Compare each tracked (series, subject) of the latest period with the previous one.

    Parameters
    ----------
    data
        The processed tables.
    lang
        Language of the reader-facing columns (see :func:`values`).

    Returns
    -------
    polars.DataFrame
        series, label, subject, subject_label, unit, status (``changed``, ``new``,
        ``not restated``, ``unchanged``), old_value, new_value, old_shown, new_shown,
        change, old_source_id, new_source_id, old_quote, new_quote; changes first.
        Empty with fewer than two periods.
    """
    known = periods(data.sources)
    table = values(data, lang)
    if known.height < 2:
        return _empty_changes()
    latest = known["rank"].max()
    side = {
        "old": table.filter(pl.col("rank") == latest - 1),
        "new": table.filter(pl.col("rank") == latest),
    }
    cols = ("value", "shown", "source_id", "quote")
    both = (
        side["old"]
        .select(*_KEY, *_NAMES, *(pl.col(c).alias(f"old_{c}") for c in cols))
        .join(
            side["new"].select(*_KEY, *_NAMES, *(pl.col(c).alias(f"new_{c}") for c in cols)),
            on=list(_KEY),
            how="full",
            coalesce=True,
        )
    )
    status = (
        pl.when(pl.col("old_value").is_null())
        .then(pl.lit("new"))
        .when(pl.col("new_value").is_null())
        .then(pl.lit("not restated"))
        .when(pl.col("old_value") != pl.col("new_value"))
        .then(pl.lit("changed"))
        .otherwise(pl.lit("unchanged"))
    )
    order = {"changed": 0, "new": 1, "not restated": 2, "unchanged": 3}
    return (
        both.with_columns(
            pl.coalesce("label", "label_right").alias("label"),
            pl.coalesce("subject_label", "subject_label_right").alias("subject_label"),
            pl.coalesce("unit", "unit_right").alias("unit"),
            status.alias("status"),
            (pl.col("new_value") - pl.col("old_value")).alias("change"),
        )
        .with_columns(pl.col("status").replace_strict(order).alias("_order"))
        .sort(["_order", "series", "subject"])
        .select(_CHANGE_COLUMNS)
    )


_NAMES = ("label", "subject_label", "unit")
_CHANGE_COLUMNS = (
    "series",
    "label",
    "subject",
    "subject_label",
    "unit",
    "status",
    "old_value",
    "new_value",
    "old_shown",
    "new_shown",
    "change",
    "old_source_id",
    "new_source_id",
    "old_quote",
    "new_quote",
)


def _empty_changes() -> pl.DataFrame:
    numbers = {"change": pl.Float64, "old_value": pl.Float64, "new_value": pl.Float64}
    return pl.DataFrame(schema={c: pl.String for c in _CHANGE_COLUMNS} | numbers)


def untracked(data: ProcessedData) -> int:
    """Return how many figures of the latest period's quoted report no series tracks."""
    known = periods(data.sources)
    if known.is_empty():
        return 0
    latest = known.filter(pl.col("rank") == known["rank"].max())["source_id"][0]
    tracked = data.assignments.filter(pl.col("series").is_not_null())["figure_id"]
    figures = data.figures.filter(pl.col("source_id") == latest)
    return figures.filter(~pl.col("figure_id").is_in(tracked.implode())).height


def review(data: ProcessedData) -> pl.DataFrame:
    """Return the newest period's figures whose assignment an analyst should confirm.

    Parameters
    ----------
    data
        The processed tables.

    Returns
    -------
    polars.DataFrame
        figure_id, indicator, value, unit, qualifier, series, subject, rule,
        confidence, quote: every assignment of the newest period that is not ``high``
        or ``reviewed`` (near misses included).
    """
    known = periods(data.sources)
    if known.is_empty():
        return data.assignments.clear()
    newest = known.filter(pl.col("rank") == known["rank"].max())["source_ids"][0].split(";")
    uncertain = data.assignments.filter(
        pl.col("source_id").is_in(newest) & ~pl.col("confidence").is_in(["high", "reviewed"])
    )
    return uncertain.join(
        data.figures.select("figure_id", "indicator", "value", "unit", "qualifier", "quote"),
        on="figure_id",
    ).select(
        "figure_id",
        "indicator",
        "value",
        "unit",
        "qualifier",
        "series",
        "subject",
        "rule",
        "confidence",
        "quote",
    )


@per_data
def quoted_versions(data: ProcessedData) -> ProcessedData:
    """Return the tables of one report per reporting period: the version quoted.

    A report registered in two languages is one report: a topic that sums figures over
    periods (funding rounds, treaty counts) would otherwise count it twice.
    """
    return _only_reports(data, periods(data.sources)["source_id"].to_list())


@per_data
def latest_report(data: ProcessedData) -> ProcessedData:
    """Return the tables of the latest reporting period's quoted report only.

    The briefing's topic charts describe the latest period (one report, never a sum
    over years); headlines and trends read every report.

    Parameters
    ----------
    data
        The processed tables of every report.

    Returns
    -------
    ProcessedData
        The same tables, rows of other reports left out (all of them when no report
        is registered).
    """
    known = periods(data.sources)
    if known.is_empty():
        return data
    return _only_reports(data, [known["source_id"][-1]])


def _only_reports(data: ProcessedData, keep: list[str]) -> ProcessedData:
    """Return the tables with the rows of the reports ``keep`` only."""
    tables = {
        name: table.filter(pl.col("source_id").is_in(keep))
        for name, table in vars(data).items()
        if "source_id" in table.columns
    }
    figure_ids = tables["figures"]["figure_id"].implode()
    for name in ("corrections", "reviews"):
        tables[name] = getattr(data, name).filter(pl.col("figure_id").is_in(figure_ids))
    return ProcessedData.from_tables(tables)
