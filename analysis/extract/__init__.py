"""Extraction: one report file in, tidy tables out.

``extract_source`` parses a report's structure (summary, numbered paragraphs,
footnotes, annex table), then reads every stated quantity, dated event and
quality note. Nothing here knows about charts or the briefing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import polars as pl

from analysis.extract._events import event_type
from analysis.extract._figures import clause_bounds, read_figure
from analysis.extract._numbers import EXCLUSION_REASONS, DateSpan, Token, scan_line
from analysis.extract._places import Subject, resolve_label, subject_from_text
from analysis.extract._structure import CATEGORY_PATTERNS, Block, Document, parse_document
from analysis.readers import read_text as read_report_text
from analysis.reference import Reference
from analysis.sources import Source

__all__ = ["CATEGORIES", "EXCLUSION_REASONS", "Extraction", "Warning", "extract_source"]

CATEGORIES: dict[str, str] = {
    "legislation_procedures": "Legislation and procedures",
    "stockpile_management": "Stockpile management, marking, record-keeping, collection/destruction",
    "training_awareness": "Training/awareness-raising",
    "other": "Other",
}
_FOREIGN_PHRASE = re.compile(r"(?<![A-Za-z./])[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})+(?![A-Za-z./])")
_SINCE = re.compile(r"(?:自|since)[^,.;，。；]{0,30}$", re.I)
_TO_DATE = re.compile(r"迄今为止|迄今|to date|so far", re.I)
_REPORTING_PERIOD = re.compile(r"本报告所述期间|所述期间|reporting period", re.I)


@dataclass(frozen=True)
class Warning:
    """Something a reviewer should look at; the build goes on."""

    path: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}\n  fix: {self.fix}"


@dataclass
class Extraction:
    """The tables one report yields."""

    paragraphs: pl.DataFrame
    activities: pl.DataFrame
    figures: pl.DataFrame
    events: pl.DataFrame
    quality: pl.DataFrame
    tokens: pl.DataFrame
    warnings: list[Warning] = field(default_factory=list)


@dataclass
class _Context:
    source: Source
    ref: Reference
    doc: Document
    figures: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    quality: list[dict] = field(default_factory=list)
    tokens: list[dict] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    uses_grouping: bool = False


def _category_code(column_label: str, column: int) -> str:
    for code, pattern in CATEGORY_PATTERNS:
        if re.search(pattern, column_label, re.I):
            return code
    return f"column_{column}"


def extract_source(source: Source, ref: Reference) -> Extraction:
    """Extract every table from one registered report.

    Parameters
    ----------
    source
        The registered report.
    ref
        Reference data (places, entities, units, indicators).

    Returns
    -------
    Extraction
        Paragraphs, annex activities, figures, events, quality notes, the audit of
        every number-like token, and warnings for a reviewer.

    Raises
    ------
    ReportError
        When the file cannot be read or its structure is broken.

    """
    text, _ = read_report_text(source.path)
    doc = parse_document(source.path, text, ref.entity_names(), tuple(ref.places))
    ctx = _Context(source, ref, doc)
    ctx.uses_grouping = bool(re.search(r"\d[ \u00a0,]\d{3}(?!\d)", text))
    paragraphs = _paragraph_rows(ctx)
    for block in doc.blocks:
        _read_block(ctx, block)
    activities = _activity_rows(ctx)
    if not doc.cells:
        ctx.warnings.append(
            Warning(
                str(source.path),
                len(doc.lines),
                "no annex table of UN activities found (expected a line '附件' or 'Annex' "
                "followed by a tab-separated table)",
                "if the report has an annex, restore it; tables of activities will be empty",
            )
        )
    _check_title_period(ctx)
    return Extraction(
        paragraphs=pl.DataFrame(paragraphs, schema=_PARAGRAPH_SCHEMA, orient="row")
        if paragraphs
        else pl.DataFrame(schema=_PARAGRAPH_SCHEMA),
        activities=pl.DataFrame(activities, schema=_ACTIVITY_SCHEMA)
        if activities
        else pl.DataFrame(schema=_ACTIVITY_SCHEMA),
        figures=pl.DataFrame(ctx.figures, schema=_FIGURE_SCHEMA)
        if ctx.figures
        else pl.DataFrame(schema=_FIGURE_SCHEMA),
        events=pl.DataFrame(ctx.events, schema=_EVENT_SCHEMA)
        if ctx.events
        else pl.DataFrame(schema=_EVENT_SCHEMA),
        quality=pl.DataFrame(ctx.quality, schema=_QUALITY_SCHEMA)
        if ctx.quality
        else pl.DataFrame(schema=_QUALITY_SCHEMA),
        tokens=pl.DataFrame(ctx.tokens, schema=_TOKEN_SCHEMA)
        if ctx.tokens
        else pl.DataFrame(schema=_TOKEN_SCHEMA),
        warnings=ctx.warnings,
    )


_PARAGRAPH_SCHEMA = {
    "source_id": pl.String,
    "paragraph_id": pl.String,
    "kind": pl.String,
    "location": pl.String,
    "number": pl.Int32,
    "section": pl.String,
    "subsection": pl.String,
    "text": pl.String,
    "line_start": pl.Int32,
    "line_end": pl.Int32,
    "flags": pl.String,
}
_ACTIVITY_SCHEMA = {
    "source_id": pl.String,
    "activity_id": pl.String,
    "annex_row": pl.Int32,
    "line": pl.Int32,
    "entity": pl.String,
    "entity_en": pl.String,
    "entity_group": pl.String,
    "row_label": pl.String,
    "subject": pl.String,
    "subject_kind": pl.String,
    "iso3": pl.String,
    "member_iso3": pl.String,
    "category": pl.String,
    "column_label": pl.String,
    "text": pl.String,
    "kind": pl.String,
    "flags": pl.String,
}
_FIGURE_SCHEMA = {
    "figure_id": pl.String,
    "source_id": pl.String,
    "location": pl.String,
    "paragraph_id": pl.String,
    "activity_id": pl.String,
    "line": pl.Int32,
    "entity": pl.String,
    "subject": pl.String,
    "subject_kind": pl.String,
    "iso3": pl.String,
    "region": pl.String,
    "member_iso3": pl.String,
    "category": pl.String,
    "indicator": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "qualifier": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "quote": pl.String,
    "token": pl.String,
    "flags": pl.String,
}
_EVENT_SCHEMA = {
    "event_id": pl.String,
    "source_id": pl.String,
    "location": pl.String,
    "line": pl.Int32,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "event_type": pl.String,
    "entity": pl.String,
    "subject": pl.String,
    "iso3": pl.String,
    "date_text": pl.String,
    "quote": pl.String,
    "flags": pl.String,
}
_QUALITY_SCHEMA = {
    "source_id": pl.String,
    "location": pl.String,
    "line": pl.Int32,
    "flag": pl.String,
    "detail": pl.String,
    "quote": pl.String,
}
_TOKEN_SCHEMA = {
    "source_id": pl.String,
    "location": pl.String,
    "line": pl.Int32,
    "column": pl.Int32,
    "token": pl.String,
    "value": pl.Float64,
    "status": pl.String,
    "reason": pl.String,
    "figure_id": pl.String,
}


def _paragraph_id(block: Block) -> str:
    if block.kind == "summary":
        return f"summary-{block.number}"
    return block.location.replace(" ", "-")


def _paragraph_rows(ctx: _Context) -> list[tuple]:
    rows = []
    for block in ctx.doc.blocks:
        flags = [f for f in block.flags if not f.startswith("continued_on_line")]
        rows.append(
            (
                ctx.source.source_id,
                _paragraph_id(block),
                block.kind,
                block.location if block.kind != "summary" else f"summary {block.number}",
                block.number,
                block.section,
                block.subsection,
                block.text,
                block.segments[0].line,
                block.segments[-1].line,
                ";".join(flags),
            )
        )
        for seg in block.segments:
            if ctx.source.language == "zh":
                for m in _FOREIGN_PHRASE.finditer(_strip_links(seg.text)):
                    ctx.quality.append(
                        dict(
                            source_id=ctx.source.source_id,
                            location=_block_location(block),
                            line=seg.line,
                            flag="foreign_language_text",
                            detail=f"English phrase '{m.group(0)}' inside the Chinese text",
                            quote=m.group(0),
                        )
                    )
    return rows


def _strip_links(text: str) -> str:
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", lambda m: " " * len(m.group(0)), text)
    text = re.sub(r"(?:https?://|www\.)\S+", lambda m: " " * len(m.group(0)), text)
    return re.sub(r"\b[A-Z]{1,6}(?:/[A-Za-z0-9.\-()]+)+", lambda m: " " * len(m.group(0)), text)


def _block_location(block: Block) -> str:
    if block.kind == "summary":
        return "summary"
    if block.kind in ("header", "heading", "subheading"):
        return (
            f"heading (line {block.segments[0].line})"
            if block.kind != "header"
            else f"header (line {block.segments[0].line})"
        )
    return block.location


def _runs(block: Block, lines: list[str]) -> list[tuple[int, str]]:
    """Split a block into runs of consecutive file lines: (first line number, exact text).

    A hard-wrapped paragraph is one run, read as one text (its quotes may span lines
    and stay verbatim); a paragraph continued after a page break (blank lines or
    footnotes in between) is several runs.
    """
    runs: list[list[int]] = []
    for seg in block.segments:
        if runs and seg.line == runs[-1][-1] + 1:
            runs[-1].append(seg.line)
        else:
            runs.append([seg.line])
    return [(run[0], "\n".join(lines[n - 1] for n in run)) for run in runs]


def _read_block(ctx: _Context, block: Block) -> None:
    location = _block_location(block)
    pid = _paragraph_id(block)
    context = " ".join((block.section, block.subsection, block.text))
    subject_texts = [block.text, block.subsection, block.section]
    runs = _runs(block, ctx.doc.lines)
    for i, (first_line, text) in enumerate(runs):
        following = runs[i + 1][1].strip() if i + 1 < len(runs) else ""
        _read_line(
            ctx,
            text,
            first_line,
            lookahead=following,
            location=location,
            id_stem=pid,
            paragraph_id=pid,
            activity_id=None,
            entity=None,
            subject=None,
            category=None,
            default_period=(None, None),
            context=context,
            subject_texts=subject_texts,
            paragraph_start=(i == 0 and block.kind == "paragraph"),
            footnote=(block.kind == "footnote"),
            header=(block.kind == "header"),
        )


def _read_line(
    ctx: _Context,
    line: str,
    line_no: int,
    *,
    location: str,
    id_stem: str,
    paragraph_id: str | None,
    activity_id: str | None,
    entity: str | None,
    subject: Subject | None,
    category: str | None,
    default_period: tuple[dt.date | None, dt.date | None],
    context: str,
    subject_texts: list[str],
    paragraph_start: bool = False,
    footnote: bool = False,
    header: bool = False,
    column_offset: int = 0,
    lookahead: str = "",
) -> None:
    tokens, dates = scan_line(
        line, line_is_paragraph_start=paragraph_start, line_is_footnote=footnote
    )
    sid = ctx.source.source_id
    first_line = line_no

    def line_at(pos: int) -> int:
        return first_line + line.count("\n", 0, pos)

    def column_at(pos: int) -> int:
        start = line.rfind("\n", 0, pos) + 1
        return pos - start + 1 + (column_offset if start == 0 else 0)

    for span in dates:
        if "invalid_date" in span.flags:
            ctx.quality.append(
                dict(
                    source_id=sid,
                    location=location,
                    line=line_at(span.start),
                    flag="invalid_date",
                    detail=f"'{span.text}' is not a calendar date",
                    quote=span.text,
                )
            )
        if "period_end_before_start" in span.flags:
            ctx.quality.append(
                dict(
                    source_id=sid,
                    location=location,
                    line=line_at(span.start),
                    flag="period_end_before_start",
                    detail=f"'{span.text}' ends ({span.date_end}) before it starts "
                    f"({span.date_start})",
                    quote=span.text,
                )
            )
        if not header:
            _record_event(ctx, line, line_at(span.start), span, location, id_stem, entity, subject)
    ordinal = sum(1 for f in ctx.figures if f["location"] == location)
    previous: tuple[tuple[int, int], str] | None = None
    for i, token in enumerate(tokens):
        base = dict(
            source_id=sid,
            location=location,
            line=line_at(token.start),
            column=column_at(token.start),
            token=token.text,
            value=token.value,
        )
        if token.excluded is not None:
            ctx.tokens.append(dict(base, status="excluded", reason=token.excluded, figure_id=None))
            continue
        next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(line)
        clause = clause_bounds(line, token.start, token.end)
        unit_before = previous[1] if previous and previous[0] == clause else None
        reading = read_figure(
            line,
            token,
            next_start,
            ctx.ref,
            ctx.source.language,
            context,
            lookahead=lookahead,
            unit_before=unit_before,
        )
        previous = (clause, reading.unit)
        ordinal += 1
        figure_id = f"{sid}/{id_stem}/{ordinal}"
        flags = list(reading.flags)
        if (
            ctx.uses_grouping
            and token.form == "digits"
            and token.value is not None
            and token.value >= 1000
            and "." not in token.text
        ):
            flags.append("inconsistent_digit_grouping")
        fig_subject = subject
        if fig_subject is None:
            quote_texts = [reading.quote, *subject_texts[1:], subject_texts[0]]
            fig_subject = subject_from_text(quote_texts, ctx.ref)
        period = _figure_period(
            ctx, line, reading.quote_start, reading.quote, dates, default_period
        )
        for flag in flags:
            ctx.quality.append(
                dict(
                    source_id=sid,
                    location=location,
                    line=line_at(token.start),
                    flag=flag,
                    detail=f"figure {figure_id}: {token.text}",
                    quote=reading.quote,
                )
            )
        region = None
        if fig_subject is not None and fig_subject.kind in ("region", "global"):
            region = fig_subject.english
        ctx.figures.append(
            dict(
                figure_id=figure_id,
                source_id=sid,
                location=location,
                paragraph_id=paragraph_id,
                activity_id=activity_id,
                line=line_at(token.start),
                entity=entity,
                subject=fig_subject.english if fig_subject else None,
                subject_kind=fig_subject.kind if fig_subject else None,
                iso3=fig_subject.iso3 if fig_subject else None,
                region=region,
                member_iso3=";".join(fig_subject.members) if fig_subject else None,
                category=category,
                indicator=reading.indicator,
                value=reading.value,
                unit=reading.unit,
                qualifier=reading.qualifier,
                period_start=period[0],
                period_end=period[1],
                quote=reading.quote,
                token=token.text,
                flags=";".join(dict.fromkeys(flags)),
            )
        )
        ctx.tokens.append(dict(base, status="figure", reason=None, figure_id=figure_id))


def _figure_period(
    ctx: _Context,
    line: str,
    quote_start: int,
    quote: str,
    dates: list[DateSpan],
    default: tuple[dt.date | None, dt.date | None],
) -> tuple[dt.date | None, dt.date | None]:
    quote_end = quote_start + len(quote)
    inside = [d for d in dates if quote_start <= d.start < quote_end and d.date_start]
    if inside:
        d = inside[0]
        if _SINCE.search(line[quote_start : d.start]) or "以来" in line[d.end : d.end + 12]:
            return d.date_start, ctx.source.date
        return d.date_start, d.date_end
    if _REPORTING_PERIOD.search(quote):
        return ctx.source.period_start, ctx.source.period_end
    if _TO_DATE.search(quote):
        return None, ctx.source.date
    return default


def _record_event(
    ctx: _Context,
    line: str,
    line_no: int,
    span: DateSpan,
    location: str,
    id_stem: str,
    entity: str | None,
    subject: Subject | None,
) -> None:
    if span.date_start is None:
        return
    start, end = clause_bounds(line, span.start, span.end)
    clause = line[start:end]
    kind = event_type(clause, span, start, annex=location.startswith("annex"))
    if kind is None:
        return
    if subject is None:
        subject = subject_from_text([clause], ctx.ref)
    n = sum(1 for e in ctx.events if e["location"] == location) + 1
    ctx.events.append(
        dict(
            event_id=f"{ctx.source.source_id}/{id_stem}/event-{n}",
            source_id=ctx.source.source_id,
            location=location,
            line=line_no,
            date_start=span.date_start,
            date_end=span.date_end,
            date_precision=span.precision,
            event_type=kind,
            entity=entity,
            subject=subject.english if subject else None,
            iso3=subject.iso3 if subject else None,
            date_text=span.text,
            quote=clause,
            flags=";".join(span.flags),
        )
    )


def _activity_rows(ctx: _Context) -> list[dict]:
    rows: list[dict] = []
    sid = ctx.source.source_id
    seen_labels: dict[tuple[str, str], Subject] = {}
    for n, cell in enumerate(ctx.doc.cells, start=1):
        entity_en, group = ctx.ref.entity(cell.entity) if cell.entity else ("", "")
        key = (cell.entity, cell.row_label)
        if key not in seen_labels:
            seen_labels[key] = (
                resolve_label(cell.row_label, ctx.ref)
                if cell.row_label
                else Subject("", None, "none", None, ())
            )
            subj = seen_labels[key]
            if "unknown_place" in subj.flags and cell.row_label != "*":
                ctx.warnings.append(
                    Warning(
                        str(ctx.source.path),
                        cell.line,
                        f"unknown place name in the annex row label '{cell.row_label}'",
                        "add it to data/reference/places.csv (name,english,kind,iso3,members)",
                    )
                )
            for flag in subj.flags:
                if flag not in ("marked_with_asterisk",) and cell.row_label != "*":
                    ctx.quality.append(
                        dict(
                            source_id=sid,
                            location=f"annex line {cell.line}",
                            line=cell.line,
                            flag=flag.split(":")[0],
                            detail=f"row label '{cell.row_label}': {flag}",
                            quote=cell.row_label,
                        )
                    )
        subject = seen_labels[key]
        category = _category_code(cell.column_label, cell.column) if cell.column else None
        activity_id = f"{sid}/annex-{cell.row:03d}-{category or 'text'}"
        if any(r["activity_id"] == activity_id for r in rows):
            activity_id = f"{activity_id}-{n}"
        flags = [*cell.flags, *(f for f in subject.flags if cell.row_label != "*")]
        rows.append(
            dict(
                source_id=sid,
                activity_id=activity_id,
                annex_row=cell.row,
                line=cell.line,
                entity=cell.entity,
                entity_en=entity_en,
                entity_group=group,
                row_label=cell.row_label,
                subject=subject.english,
                subject_kind=subject.kind,
                iso3=subject.iso3,
                member_iso3=";".join(subject.members),
                category=category,
                column_label=cell.column_label,
                text=cell.text,
                kind=cell.kind,
                flags=";".join(dict.fromkeys(flags)),
            )
        )
        if cell.kind == "note":
            continue
        location = (
            f"annex: {entity_en or 'no entity'} | {cell.row_label or '-'} | {category or 'text'}"
        )
        raw_line = ctx.doc.lines[cell.line - 1]
        offset = raw_line.find(cell.text)
        _read_line(
            ctx,
            cell.text,
            cell.line,
            location=location,
            id_stem=activity_id.split("/", 1)[1],
            paragraph_id=None,
            activity_id=activity_id,
            entity=entity_en or None,
            subject=subject if subject.english else None,
            category=category,
            default_period=(ctx.source.period_start, ctx.source.period_end),
            context=cell.text,
            subject_texts=[cell.text],
            column_offset=max(offset, 0),
        )
    return rows


def _check_title_period(ctx: _Context) -> None:
    title = ctx.doc.annex_title
    if title is None:
        return
    tokens, dates = scan_line(title.text)
    for token in tokens:
        ctx.tokens.append(
            dict(
                source_id=ctx.source.source_id,
                location="annex title",
                line=title.line,
                column=token.start + 1,
                token=token.text,
                value=token.value,
                status="excluded",
                reason=token.excluded or "date",
                figure_id=None,
            )
        )
    for span in dates:
        if (
            span.date_start
            and span.date_end
            and span.date_start != span.date_end
            and (
                span.date_start != ctx.source.period_start or span.date_end != ctx.source.period_end
            )
        ):
            ctx.quality.append(
                dict(
                    source_id=ctx.source.source_id,
                    location="annex title",
                    line=title.line,
                    flag="period_mismatch",
                    detail=f"annex title period {span.date_start}..{span.date_end} differs from "
                    f"source.yml {ctx.source.period_start}..{ctx.source.period_end}",
                    quote=span.text,
                )
            )


def annex_token_line(token: Token) -> int:
    """Return a token's 1-based column (helper for messages)."""
    return token.start + 1
