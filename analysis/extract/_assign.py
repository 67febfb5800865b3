"""Assign figures to tracked series (``data/reference/series.csv``) by reading their words.

A figure maps to at most one series and one subject. Each row keeps the rule that decided
and a confidence: ``high`` (the subject is named in the number's own sentence, or it is the
annex row's place), ``medium`` (taken from the paragraph or its heading), ``none`` (a near
miss kept out: "signed but not yet ratified", "proposals received", another fund named).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis.errors import BriefingError
from analysis.extract._figures import CLAUSE_END
from analysis.extract._numbers import scan_line
from analysis.extract._places import find_places
from analysis.paths import curation_dir
from analysis.processed import JOINT_RULE_END, WORD_MISS_RULE_START, frame
from analysis.reference import Reference, Series

#: Where the words that belong to one number stop (clause punctuation).


@dataclass(frozen=True)
class _Decision:
    series: str | None
    subject: str | None
    subject_label: str | None
    rule: str
    confidence: str


def _token_at(quote: str, token: str) -> int:
    """Return where the figure ``token`` is in ``quote`` (-1 if nowhere).

    The first occurrence that is a figure, not part of a date or a symbol: "9" in
    "9 月 3 日 … 和 9 个签署国" is the second.
    """
    tokens, _ = scan_line(quote)
    found = next((t.start for t in tokens if t.text == token and t.excluded is None), None)
    return quote.find(token) if found is None else found


def number_clause(quote: str, token: str) -> str:
    """Return the words that belong to a number: from the clause start before it to the next.

    Parameters
    ----------
    quote
        The verbatim sentence.
    token
        The number as written (found in ``quote``; the first occurrence).

    Returns
    -------
    str
        ``"48 of which have not yet ratified it"`` for 48 in "130 States have signed the
        Treaty, 48 of which have not yet ratified it"; the whole quote when the token is
        not found.
    """
    at = _token_at(quote, token)
    if at < 0:
        return quote
    before = [m.end() for m in CLAUSE_END.finditer(quote, 0, at)]
    start = max([0, *before])
    after = CLAUSE_END.search(quote, at + len(token))
    return quote[start : after.start() if after else len(quote)].strip()


def assign_series(figures: pl.DataFrame, ref: Reference) -> pl.DataFrame:
    """Return one assignment row per figure whose indicator and unit a series tracks.

    Parameters
    ----------
    figures
        The (corrected) figures of every report.
    ref
        Reference data (series, subjects, places).

    Returns
    -------
    polars.DataFrame
        The ``assignments`` table: figure_id, source_id, series, subject, subject_label,
        rule, confidence, origin (``rule``).
    """
    by_measure = {(s.indicator, s.unit): s for s in ref.vocabulary.series}
    stated = _stated_values(figures)
    rows = []
    for fig in figures.iter_rows(named=True):
        series = by_measure.get((fig["indicator"], fig["unit"]))
        if series is None:
            continue
        restated = (fig["source_id"], fig["indicator"], fig["value"]) in stated
        decision = _decide(fig, series, ref, restated=restated)
        rows.append(
            dict(figure_id=fig["figure_id"], source_id=fig["source_id"], origin="rule")
            | decision.__dict__
        )
    return frame("assignments", rows)


def _stated_values(figures: pl.DataFrame) -> set[tuple[str, str, float]]:
    """Return (report, indicator, value) of the figures stated in their own right.

    The whole an opening restates ("Of the 14 projects, 6 …") is left out of a sum only
    when its report states that value elsewhere: a whole stated there first still counts.
    """
    own = figures.filter(~pl.col("flags").fill_null("").str.contains("restates_total"))
    return set(own.select("source_id", "indicator", "value").iter_rows())


def _decide(fig: dict, series: Series, ref: Reference, *, restated: bool = False) -> _Decision:
    clause = number_clause(fig["quote"], fig["token"])
    miss = series.excludes.search(clause) if series.excludes else None
    if miss:
        return _Decision(
            None, None, None, f"{WORD_MISS_RULE_START}{miss.group(0)}' by the number", "none"
        )
    kept_out = _not_a_value_of(fig, series, restated=restated)
    if kept_out:
        return _Decision(None, None, None, kept_out, "none")
    if series.subject == "place":
        return _place_subject(fig, series, ref)
    if series.subject == "world":
        return _Decision(series.series, "world", "World", "a world-wide count", "high")
    return _named_subject(fig, series, ref)


#: Days a figure's own period may span and still be one reporting period's flow
#: (a year and a little): "自 2013 年设立以来 … 70 个项目" is a total since 2013.
_ONE_PERIOD_DAYS = 400


def _not_a_value_of(fig: dict, series: Series, *, restated: bool = False) -> str | None:
    """Return why a figure is no value of a series, whatever its words: None if it may be.

    The value a revision replaces is superseded; a part of a total stated elsewhere
    ("including 310 light weapons", 其中 6 个项目), a total restated and a range are not
    added to a sum (a part located in a place of its own, "6,220 in Paraguay", is that
    place's value); a total over several years is no value of a flow.
    """
    flags = set((fig["flags"] or "").split(";"))
    if "superseded_value" in flags:
        return "near miss: the value a revision replaces"
    if "earlier_value" in flags:
        return "near miss: the earlier value a change is compared with"
    own_place = series.subject == "place" and "part_in_its_own_place" in flags
    if series.within_report == "sum" and "part_of_total" in flags and not own_place:
        return "near miss: a part of a total stated elsewhere, not added again"
    if "target" in flags:
        return "near miss: a target, not an amount reached"
    if series.within_report == "sum" and "per_unit" in flags:
        return "near miss: an average or an amount each, not added to a total"
    if series.within_report == "sum" and "restates_total" in flags and restated:
        return "near miss: a total restated ('Of the 14 projects, …'), not added again"
    start, end = fig.get("period_start"), fig.get("period_end")
    if series.kind == "flow" and start and end and (end - start).days > _ONE_PERIOD_DAYS:
        return f"near miss: a total since {start.year}, not one reporting period's"
    if series.within_report == "sum" and fig["qualifier"] == "range":
        return "near miss: a range is not added to a total"
    return None


def _place_subject(fig: dict, series: Series, ref: Reference) -> _Decision:
    """Per-place series: the annex row's place, or a place named by the number."""
    if not fig["subject"] or fig["subject_kind"] == "instrument":
        return _Decision(None, None, None, "no place named for a per-place series", "none")
    subject = fig["iso3"] or fig["subject"]
    if fig["activity_id"]:
        return _Decision(series.series, subject, fig["subject"], "annex row's place", "high")
    named = {p.place.english for p in find_places(fig["quote"], ref)}
    if fig["subject"] in named:
        return _Decision(
            series.series, subject, fig["subject"], "place named in the sentence", "high"
        )
    return _Decision(series.series, subject, fig["subject"], "place from the paragraph", "medium")


def _named_subject(fig: dict, series: Series, ref: Reference) -> _Decision:
    """Series of one instrument or fund: the sentence must not name another of its kind.

    The number's own clause decides first ("UNSCAR funded 14 projects, while the Fund
    …": UNSCAR's); a sentence naming two funds ("UNSCAR and SALIENT together funded …")
    gives a figure neither fund's alone.
    """
    subjects = {s.english: s for s in ref.vocabulary.subjects}
    target = next(s for s in ref.vocabulary.subjects if s.subject_id == series.subject)
    own = subjects.get(fig["subject"] or "")
    if own is not None and own.kind == target.kind and own.english != target.english:
        return _Decision(None, None, None, f"the figure is about {own.english}", "none")

    def kin(text: str) -> tuple[bool, list[str]]:
        named = {p.place.english for p in find_places(text, ref)}
        rivals = [n for n in named if n in subjects and subjects[n].kind == target.kind]
        return target.english in named, [n for n in rivals if n != target.english]

    in_clause, clause_rivals = kin(number_clause(fig["quote"], fig["token"] or ""))
    in_sentence, rivals = kin(fig["quote"])
    if clause_rivals or (not in_clause and in_sentence and rivals):
        also = JOINT_RULE_END if in_clause or in_sentence else ""
        rival = (clause_rivals or rivals)[0]
        return _Decision(None, None, None, f"sentence names {rival}{also}", "none")
    if in_clause or in_sentence:
        rule, confidence = "subject named in the sentence", "high"
    elif rivals:
        return _Decision(None, None, None, f"sentence names {rivals[0]}", "none")
    elif fig["subject"] != target.english:
        return _Decision(None, None, None, f"{target.english} not named nearby", "none")
    else:
        rule, confidence = "subject from the paragraph or its heading", "medium"
    return _Decision(series.series, target.subject_id, target.english, rule, confidence)


#: Columns of ``data/curation/assignments.csv``.
REVIEW_COLUMNS = ("figure_id", "series", "subject", "reason", "who", "date")


def reviews_path(root: Path) -> Path:
    """Return the path of the reviewed assignments file."""
    return curation_dir(root) / "assignments.csv"


def apply_reviews(
    root: Path, assignments: pl.DataFrame, figures: pl.DataFrame, ref: Reference
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Apply reviewed assignments (``data/curation/assignments.csv``) after the rules.

    A review names a figure and the series and subject it belongs to; an empty series
    says the figure belongs to none. Reviews are applied after the rules and listed in
    the briefing's data-quality section, like corrections.

    Parameters
    ----------
    root
        Project root.
    assignments
        What the rules decided.
    figures
        The figures (a review may name any of them).
    ref
        Reference data (the series and subjects a review may name).

    Returns
    -------
    assignments, reviews
        The assignments with reviews applied (``origin`` = ``review``), and the reviews.

    Raises
    ------
    BriefingError
        Naming ``assignments.csv`` and the line: an unknown figure, series or subject,
        a missing reason.
    """
    reviews = _read_reviews(reviews_path(root))
    if reviews.is_empty():
        return assignments, reviews
    known = set(figures["figure_id"].to_list())
    source_of = dict(zip(figures["figure_id"], figures["source_id"], strict=True))
    rows = {r["figure_id"]: r for r in assignments.iter_rows(named=True)}
    for line, review in enumerate(reviews.iter_rows(named=True), start=2):
        _check_review(reviews_path(root), line, review, known, ref)
        rows[review["figure_id"]] = _reviewed_row(review, source_of[review["figure_id"]], ref)
    return frame("assignments", list(rows.values())), reviews


def _read_reviews(path: Path) -> pl.DataFrame:
    if not path.is_file():
        return frame("reviews", [])
    try:
        table = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise BriefingError(path, f"not a readable CSV ({exc})", "fix the CSV syntax") from exc
    missing = [c for c in REVIEW_COLUMNS if c not in table.columns]
    if missing:
        raise BriefingError(
            path,
            f"missing column(s): {', '.join(missing)}",
            f"the header must be: {','.join(REVIEW_COLUMNS)}",
            1,
        )
    return table.select(REVIEW_COLUMNS).with_columns(pl.col("reason").fill_null(""))


def _check_review(path: Path, line: int, review: dict, known: set[str], ref: Reference) -> None:
    series = {s.series for s in ref.vocabulary.series}
    if review["figure_id"] not in known:
        raise BriefingError(
            path,
            f"review of figure {review['figure_id']!r}, which no longer exists",
            "check the figure id against data/processed/figures.csv; update or remove the line",
            line,
        )
    if review["series"] and review["series"] not in series:
        raise BriefingError(
            path,
            f"unknown series {review['series']!r}",
            f"use one of {', '.join(sorted(series))} (data/reference/series.csv), or leave "
            "it empty for a figure that belongs to no series",
            line,
        )
    if review["series"] and not review["subject"]:
        raise BriefingError(path, "a series needs a subject", "add the subject id", line)
    if not review["reason"].strip():
        raise BriefingError(path, "review without a reason", "say why the review is made", line)


def _reviewed_row(review: dict, source_id: str, ref: Reference) -> dict:
    labels = {s.subject_id: s.english for s in ref.vocabulary.subjects}
    subject = review["subject"] or None
    return dict(
        figure_id=review["figure_id"],
        source_id=source_id,
        series=review["series"] or None,
        subject=subject if review["series"] else None,
        subject_label=labels.get(subject or "", subject) if review["series"] else None,
        rule=f"reviewed: {review['reason']}",
        confidence="reviewed",
        origin="review",
    )
