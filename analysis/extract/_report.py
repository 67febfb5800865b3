"""Extraction: one report file in, tidy tables out.

``extract_source`` parses a report's structure (summary, numbered paragraphs,
footnotes, annex table), then reads every stated quantity, dated event and
quality note. Nothing here knows about charts or the briefing.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import polars as pl

from analysis.extract._events import event_type
from analysis.extract._figures import (
    IN_A_PLACE_AFTER,
    FigureReading,
    classifier_at,
    clause_bounds,
    gives_an_earlier_value,
    list_item,
    names_its_noun,
    of_a_named_whole,
    one_counts,
    read_figure,
    suits_measure_word,
)
from analysis.extract._numbers import SUPERSCRIPTS, DateSpan, Token, scan_line
from analysis.extract._places import Subject, figure_subject, resolve_label, subject_from_text
from analysis.extract._structure import AnnexCell, Block, Document, Names, parse_document
from analysis.processed import frame
from analysis.readers import Removed, read_report
from analysis.reference import Reference
from analysis.sources import Source

_FOREIGN_PHRASE = re.compile(r"(?<![A-Za-z./])[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})+(?![A-Za-z./])")
#: A time counted from a date: "since 2013", 自 2013 年 (自 alone just before the date: 自愿
#: is "voluntary"), 自从.
_SINCE = re.compile(r"(?:\bsince[^,.;]{0,30}|自从[^，。；]{0,30}|自\s*)$", re.I)
_TO_DATE = re.compile(r"迄今为止|迄今|to date|so far", re.I)
_REPORTING_PERIOD = re.compile(r"本报告所述期间|所述期间|reporting period", re.I)
#: A figure restated from the previous report is about the previous reporting period.
_PREVIOUS_PERIOD = re.compile(
    r"(?:previous|preceding|last|prior) (?:report|reporting period)|"
    r"上一份报告|上一报告|上次报告|上一个?报告所述期间|前一报告所述期间",
    re.I,
)
#: Characters on each side of a number (or date) that its reading looks at: the clause
#: quoted, the qualifier before, the unit after. Every clause of a real report is far
#: shorter; a longer one is quoted up to here and flagged ``quote_shortened``. This
#: bound keeps the work per number constant, so a huge line is read in linear time.
_REACH = 320
#: A run of text longer than this is scanned for numbers in pieces of about this size,
#: so a huge line costs no more than many short ones. A piece is cut before clause
#: punctuation that no number, date or symbol spans (。；， or an English comma or
#: full stop after a word); lacking any, between two words.
_PIECE = 2000
_PIECE_CUTS = (
    re.compile(r"[。；，]|(?<=[A-Za-z])[,.](?= [A-Za-z])"),
    re.compile(r"(?<=[^\W\d_]) (?=[^\W\d_])"),
)
#: Seconds between two progress messages on a long report.
_PROGRESS_EVERY = 2.0


@dataclass(frozen=True)
class ExtractionWarning:
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
    warnings: list[ExtractionWarning] = field(default_factory=list)


class _Progress:
    """Says how far the reading of a long report is, at most every few seconds."""

    def __init__(self, say: Callable[[str], None] | None, total: int) -> None:
        self.say = say
        self.total = max(total, 1)
        self.last = time.monotonic()

    def tick(self, done: int, line: int) -> None:
        """Report ``done`` of ``total`` parts read (now at file line ``line``)."""
        if self.say is None or time.monotonic() - self.last < _PROGRESS_EVERY:
            return
        self.last = time.monotonic()
        self.say(f"{100 * done // self.total}% read (line {line})")


@dataclass
class _Context:
    source: Source
    ref: Reference
    doc: Document
    removed: Removed = field(default_factory=Removed)
    figures: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    quality: list[dict] = field(default_factory=list)
    tokens: list[dict] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    uses_grouping: bool = False
    citing: dict[int, Block] = field(default_factory=dict)
    ordinals: Counter[str] = field(default_factory=Counter)
    n_events: Counter[str] = field(default_factory=Counter)

    @cached_property
    def period(self) -> tuple[dt.date, dt.date]:
        """The report's reporting period (read once from source.yml)."""
        return self.source.period_start, self.source.period_end

    @cached_property
    def report_date(self) -> dt.date:
        """The date printed on the report."""
        return self.source.date

    def note(self, location: str, line: int, flag: str, detail: str, quote: str) -> None:
        """Record a data-quality note."""
        self.quality.append(
            dict(
                source_id=self.source.source_id,
                location=location,
                line=line,
                flag=flag,
                detail=detail,
                quote=quote,
            )
        )

    def audit(self, location: str, run: _Text, token: Token, figure_id: str | None) -> None:
        """Record a number-like token: a figure (with its id) or excluded for its reason."""
        line = run.line_at(token.start)
        self.tokens.append(
            dict(
                source_id=self.source.source_id,
                location=location,
                line=line,
                column=self.removed.file_column(line, run.column_at(token.start)),
                token=token.text,
                value=token.value,
                status="excluded" if figure_id is None else "figure",
                reason=token.excluded if figure_id is None else None,
                figure_id=figure_id,
            )
        )


def _category_code(ref: Reference, column_label: str, column: int) -> str:
    for category in ref.vocabulary.categories:
        if re.search(category.column_pattern, column_label, re.I):
            return category.category
    return f"column_{column}"


def extract_source(
    source: Source, ref: Reference, progress: Callable[[str], None] | None = None
) -> Extraction:
    """Extract every table from one registered report.

    Parameters
    ----------
    source
        The registered report.
    ref
        Reference data (places, entities, units, indicators).
    progress
        Called with a short message every few seconds while a long report is read.

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
    report = read_report(source.path)
    doc = parse_document(source.path, report.text, _names(ref))
    ctx = _Context(source, ref, doc, report.removed)
    ctx.uses_grouping = bool(re.search(r"\d[ \u00a0,]\d{3}(?!\d)", report.text))
    ctx.citing = _citing_blocks(doc)
    paragraphs = _paragraph_rows(ctx)
    ticker = _Progress(progress, len(doc.blocks) + len(doc.cells))
    for n, block in enumerate(doc.blocks):
        ticker.tick(n, block.segments[0].line)
        _read_block(ctx, block)
    activities = _activity_rows(ctx, ticker)
    if not doc.cells:
        ctx.warnings.append(_no_annex_warning(ctx))
    _check_title_period(ctx)
    return Extraction(
        paragraphs=frame("paragraphs", paragraphs),
        activities=frame("activities", activities),
        figures=frame("figures", ctx.figures),
        events=frame("events", ctx.events),
        quality=frame("quality", ctx.quality),
        tokens=frame("tokens", ctx.tokens),
        warnings=ctx.warnings,
    )


def _names(ref: Reference) -> Names:
    return Names(
        entities=ref.entity_names(),
        places=frozenset(ref.places),
        columns=tuple(c.column_pattern for c in ref.vocabulary.categories),
    )


def _no_annex_warning(ctx: _Context) -> ExtractionWarning:
    return ExtractionWarning(
        str(ctx.source.path),
        len(ctx.doc.lines),
        "no annex table of UN activities found (expected a line '附件' or 'Annex' "
        "followed by a tab-separated table)",
        "if the report has an annex, restore it; tables of activities will be empty",
    )


def _paragraph_id(block: Block) -> str:
    if block.kind == "summary":
        return f"summary-{block.number}"
    return block.location.replace(" ", "-")


def _paragraph_rows(ctx: _Context) -> list[dict]:
    rows = []
    for block in ctx.doc.blocks:
        flags = [f for f in block.flags if not f.startswith("continued_on_line")]
        rows.append(
            dict(
                source_id=ctx.source.source_id,
                paragraph_id=_paragraph_id(block),
                kind=block.kind,
                location=block.location if block.kind != "summary" else f"summary {block.number}",
                number=block.number,
                section=block.section,
                subsection=block.subsection,
                text=block.text,
                line_start=block.segments[0].line,
                line_end=block.segments[-1].line,
                flags=";".join(flags),
            )
        )
        if ctx.source.language == "zh":
            _note_foreign_phrases(ctx, block)
    return rows


def _note_foreign_phrases(ctx: _Context, block: Block) -> None:
    """Note English phrases inside a Chinese report (a sign of an unfinished translation)."""
    for seg in block.segments:
        for m in _FOREIGN_PHRASE.finditer(_strip_links(seg.text)):
            ctx.note(
                _block_location(block),
                seg.line,
                "foreign_language_text",
                f"English phrase '{m.group(0)}' inside the Chinese text",
                m.group(0),
            )


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


@dataclass(frozen=True)
class _Where:
    """Where a piece of text sits in the report, and what it is about.

    Attributes
    ----------
    location
        Reader-facing location (``para 30``, ``annex: UNDP | 布隆迪 | other``).
    id_stem
        Middle part of the ids of the figures and events read there.
    paragraph_id, activity_id
        The row of ``paragraphs`` or ``activities`` the text belongs to.
    entity, subject, category
        Known from the annex row (None in running text).
    default_period
        Period of a figure that states none.
    context
        Text around the figure, for indicator rules.
    headings
        The section and subsection headings (kept when a huge ``context`` is cut).
    subject_texts
        Texts searched, in order, for the figure's subject.
    paragraph_start, footnote, header
        What kind of line it is (changes which numbers are excluded).
    cited_by
        For a footnote: its number and the paragraph that carries its mark.
    column_offset
        Column of the text's first character on its file line, minus one.
    """

    location: str
    id_stem: str
    paragraph_id: str | None = None
    activity_id: str | None = None
    entity: str | None = None
    subject: Subject | None = None
    category: str | None = None
    default_period: tuple[dt.date | None, dt.date | None] = (None, None)
    context: str = ""
    headings: str = ""
    subject_texts: tuple[str, ...] = ()
    paragraph_start: bool = False
    footnote: bool = False
    header: bool = False
    cited_by: tuple[int, Block] | None = None
    column_offset: int = 0


@dataclass(frozen=True)
class _Text:
    """A run of report text starting at a file line (may span hard-wrapped lines)."""

    text: str
    first_line: int
    column_offset: int = 0
    lookahead: str = ""
    lookbehind: str = ""

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_at(self, pos: int) -> int:
        """Return the file line of a character position."""
        return self.first_line + bisect.bisect_left(self._newlines, pos)

    def column_at(self, pos: int) -> int:
        """Return the 1-based column (in the text as read) of a character position."""
        k = bisect.bisect_left(self._newlines, pos)
        start = self._newlines[k - 1] + 1 if k else 0
        return pos - start + 1 + (self.column_offset if start == 0 else 0)

    def window(self, start: int, end: int) -> tuple[int, int]:
        """Return the bounds of the text within `_REACH` of ``text[start:end]``."""
        return max(0, start - _REACH), min(len(self.text), end + _REACH)


def _citing_blocks(doc: Document) -> dict[int, Block]:
    """Return, for each footnote number, the paragraph that carries its mark (the first)."""
    citing: dict[int, Block] = {}
    for block in doc.blocks:
        if block.kind in ("paragraph", "summary"):
            for mark in re.findall(f"[{SUPERSCRIPTS}]+", block.text):
                number = int("".join(str(SUPERSCRIPTS.index(ch)) for ch in mark))
                citing.setdefault(number, block)
    return citing


def _block_texts(ctx: _Context, block: Block) -> tuple[str, tuple[str, ...]]:
    """Return the context and subject texts of a block.

    A footnote is read in the context of the paragraph that cites it (its headings and
    text), not of the page it is printed on.
    """
    cited = ctx.citing.get(block.number or 0) if block.kind == "footnote" else None
    if cited is None:
        context = " ".join((block.section, block.subsection, block.text))
        return context, (block.text, block.subsection, block.section)
    context = " ".join((cited.section, cited.subsection, cited.text, block.text))
    return context, (block.text, cited.subsection, cited.section, cited.text)


def _read_block(ctx: _Context, block: Block) -> None:
    pid = _paragraph_id(block)
    runs = _runs(block, ctx.doc.lines)
    context, subject_texts = _block_texts(ctx, block)
    for i, (first_line, text) in enumerate(runs):
        where = _Where(
            location=_block_location(block),
            id_stem=pid,
            paragraph_id=pid,
            context=context,
            headings=" ".join((block.section, block.subsection)),
            subject_texts=subject_texts,
            paragraph_start=(i == 0 and block.kind == "paragraph"),
            footnote=(block.kind == "footnote"),
            header=(block.kind == "header"),
            cited_by=_cited_by(ctx, block),
        )
        following = runs[i + 1][1].strip() if i + 1 < len(runs) else ""
        if following and ctx.source.language != "zh" and not text.rstrip().endswith("-"):
            following = " " + following  # "its two weeks" | "of work": two words, not one
        behind = _lookbehind(runs, i)
        _read_text(ctx, where, _Text(text, first_line, lookahead=following, lookbehind=behind))


#: The end of a sentence, for a run that a page break cuts.
_RUN_SENTENCE_END = re.compile(r"[。；！？]|[.!?;](?=\s|$)")


#: A run that ends announcing a list: "…的查获数量如下：", "… as follows:".
_LIST_LEAD = re.compile(r"[:：]\s*$")
#: A line of such a list: short, no sentence ending in it ("牙买加：1 020 件").
_LIST_LINE = re.compile(r"[^。.!?！？\n]{1,60}")


def _lookbehind(runs: list[tuple[int, str]], i: int) -> str:
    """Return what run ``i`` reads behind it: the sentence a page break cut, or its list's lead.

    The lines of a list laid out apart (in a PDF, each its own run) read the lead that
    announces them, with the sentence before it ("共查获非法枪支 2 455 件。按国家分列的查获
    数量如下："): it names what they count.
    """
    if not i:
        return ""
    j = i - 1
    while j > 0 and _LIST_LINE.fullmatch(runs[j][1].strip()):
        j -= 1
    if _LIST_LEAD.search(runs[j][1]) and all(
        _LIST_LINE.fullmatch(runs[k][1].strip()) for k in range(j + 1, i + 1)
    ):
        return runs[j][1].strip()[-_REACH:]
    return _unfinished_sentence(runs[i - 1][1])


def _unfinished_sentence(text: str) -> str:
    """Return the sentence a run leaves unfinished at a page break ("" if it ends one)."""
    text = text.rstrip()
    ends = [m.end() for m in _RUN_SENTENCE_END.finditer(text)]
    if ends and ends[-1] == len(text):
        return ""
    return text[ends[-1] if ends else 0 :][-_REACH:].strip()


def _cited_by(ctx: _Context, block: Block) -> tuple[int, Block] | None:
    """Return a footnote's number and the paragraph that cites it (None for other blocks)."""
    if block.kind != "footnote" or block.number is None or block.number not in ctx.citing:
        return None
    return block.number, ctx.citing[block.number]


def _read_text(ctx: _Context, where: _Where, run: _Text) -> None:
    """Read the dates, events, figures and number-like tokens of one run of text."""
    tokens, dates = _scan(run.text, where)
    for span in dates:
        _note_date(ctx, where, run, span)
    earlier: list[tuple[tuple[int, int], FigureReading]] = []
    for i, token in enumerate(tokens):
        token = _bare_year(ctx, token)
        if token.excluded == "indefinite_article" and _a_count_of_one(ctx, run.text, token):
            token = replace(token, excluded=None)  # "one observer State participated"
        if token.excluded is not None:
            ctx.audit(where.location, run, token, None)
            continue
        ctx.ordinals[where.location] += 1
        next_start = next(
            (t.start for t in tokens[i + 1 :] if t.excluded not in _NOT_AN_END), len(run.text)
        )
        clause = _clause(run, token.start, token.end)
        before = _figure_before(ctx, run.text, token, clause, earlier)
        reading = _record_figure(
            ctx, where, run, token, dates, next_start, before, ctx.ordinals[where.location]
        )
        # a share in words ("a majority of the others") names no unit a bare count can share
        if token.form != "percent_words" and not _restates_previous(run.text, token, reading):
            earlier.append((clause, reading))


def _a_count_of_one(ctx: _Context, text: str, token: Token) -> bool:
    """Tell an English "one" that counts a noun of the vocabulary, not an article."""
    return (
        ctx.source.language == "en"
        and token.text.lower() == "one"
        and one_counts(text, token.end, ctx.ref)
    )


#: Why a number that is part of a noun phrase is no figure ("27 Type 56 assault rifles",
#: "400 AK-47 rifles"): the noun of the count before it may follow it.
_IN_A_NOUN = frozenset({"name_number", "calibre"})
#: Tokens that do not end the words of the figure before them: those of a noun phrase,
#: and a footnote's mark (1 240 件³和弹药: the list goes on past it).
_NOT_AN_END = _IN_A_NOUN | {"footnote_marker"}


def _figure_before(
    ctx: _Context,
    text: str,
    token: Token,
    clause: tuple[int, int],
    earlier: list[tuple[tuple[int, int], FigureReading]],
) -> FigureReading | None:
    """Return the figure whose noun an elliptical count at ``token`` may count again.

    The earlier count of the same value for "the 61" ("61 States had submitted reports.
    Of the 61, 44 …"); the previous figure of its clause; for a count that refers back
    ("A further 12", 其余 12 个) or opens a clause of the same sentence with its verb
    ("…; 640 had been handed in"), the last count before it (not a sum of money or a
    share); for "of which" after a count of people, the last count of things in its
    clause ("2,040 weapons were handed in by 1,900 former combatants, of which 1,370
    were destroyed").
    """
    if not earlier:
        return None
    if _THE_BEFORE.search(text, max(0, token.start - 8), token.start):
        same = [r for _, r in earlier if r.value == token.value]
        if same:
            return same[-1]  # "61 States had submitted reports …. Of the 61, 44 …"
    last_clause, last = earlier[-1]
    if last_clause == clause and not (
        _is_sum_or_share(last.unit, ctx) and _refers_back(text, token)
    ):  # "Two thirds of the members …, but only 3 of them": them are the members
        if last.unit == "people" and _OF_WHICH.search(text, max(0, token.start - 20), token.start):
            things = [r for c, r in earlier if c == clause and r.unit != "people"]
            return things[-1] if things else last
        return last
    same_sentence = not _SENTENCE_END.search(text, max(0, last_clause[1] - 1), token.start)
    if same_sentence and _next_item_of_a_list(text, token, last):
        return last  # 布隆迪 1 200 件；刚果 860 件: the items of a list count the same things
    if gives_an_earlier_value(text, token.start):
        return last  # "3,121 weapons (previously reported as 3,112)": the same count, before
    if _after_an_item_in_brackets(text, token.start):
        return last  # "9 courses (3 in Africa, 4 in Asia and 2 in Europe)": parts of one whole
    if (
        same_sentence
        and IN_A_PLACE_AFTER.match(text, token.end)
        and not _is_sum_or_share(last.unit, ctx)
    ):
        return last  # "4,520 firearms in Lima … and 2,260 in Asunción": the same things
    if _refers_back(text, token) or (same_sentence and _VERB_AFTER.match(text, token.end)):
        counts = [r for _, r in earlier if not _is_sum_or_share(r.unit, ctx)]
        return counts[-1] if counts else last
    return None


#: The next item of a Chinese list after ；: a place or a few words, no verb, then the count.
_NEXT_ITEM_ZH = re.compile(r"[；;]\s*(?:[^\d\s，,。；;：:了]{1,12}\s*)?$")


def _next_item_of_a_list(text: str, token: Token, last: FigureReading) -> bool:
    """Tell a count that is the next item of a list whose last item is ``last``.

    马里 860 件；尼日尔 460 件: the same measure word as the last item's, right after the
    ；that ends it and the place it names. "Addis Ababa – 42 participants; Bangkok – 37":
    a label after the ";" and nothing after the count but the item's end.
    """
    if last.classifier is not None:
        return (
            classifier_at(text, token.end) == last.classifier
            and _NEXT_ITEM_ZH.search(text, max(0, token.start - 16), token.start) is not None
        )
    item = list_item(text, token, token.end)
    return item is not None and item.boundary in (";", "；")


def _after_an_item_in_brackets(text: str, end: int) -> bool:
    """Tell whether ``text[:end]`` ends inside brackets that hold a count before it."""
    opened = max(text.rfind("(", 0, end), text.rfind("（", 0, end))
    closed = max(text.rfind(")", 0, end), text.rfind("）", 0, end))
    return opened > closed and re.search(r"\d", text[opened:end]) is not None


#: Nothing after an English count but the end of its clause or the next bare count:
#: "given in the previous report as 22 and 17, …", "The total for that year, 104, is".
_BARE_AFTER = re.compile(r"\s*(?:[,.;:)]|(?:and|or)\s+\d|$)")
#: The end of a sentence between two figures.
_SENTENCE_END = re.compile(r"[.。!?！？][⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:\s|$)")  # "system.¹ A third …"
#: A count straight before its verb, no noun between, opening a new clause of its
#: sentence ("a target of 1,000 weapons; … 640 had been handed in").
_VERB_AFTER = re.compile(r"\s+(?:had|have|has|were|was|are|is)\b")


#: "the" (这, 该) before a count: the count named earlier with that value.
_THE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$|(?:这|该|上述)\s*$", re.IGNORECASE)
#: A part of things, never of people ("of whom").
_OF_WHICH = re.compile(r"\b(?:of|among|including) which\s*$", re.IGNORECASE)


def _is_sum_or_share(unit: str, ctx: _Context) -> bool:
    return unit == "percent" or any(code == unit for _, _, code in ctx.ref.currencies)


#: Words that make a count without a noun refer to the count of the sentence before.
_BACK_BEFORE = re.compile(
    r"(?:\b(?:a further|another|the remaining|the other|the rest,?|(?:revised|corrected|amended)"
    r"(?: upwards?| downwards?| up| down)? to"
    r"|(?:of|among) (?:these|them|those),|rather than(?: the)?|instead of(?: the)?"
    r"|should (?:have )?read|times as many as(?: the)?|of which|of whom|among them"
    r"|correct(?:ed)? (?:figure|number|total) (?:is|was|being|of)"  # "; the corrected figure is"
    r"|accounted for|account for)"  # "the Sudan accounted for 3,400": of what was counted
    r"|其余|另有|另|(?:已经?)?(?:修订|修正|更正|订正)为|(?:而非|而不是)[^，。；,;\d]{0,12}"
    # 46 个国家，其中仅 19 个; 会员国已达 151 个……；从未提交的则有 40 个: a part, its noun elided
    r"|其中[^，。；,;：:\d]{0,4}|的(?:则|也|还)?有"
    # 已有 93 个国家指定了联络点，比一年前增加 7 个: a change of the count before
    r"|[，,]\s*(?:较|比)[^，。；,;\d]{1,8}(?:增加|减少|增长|下降|多|少)了?)\s*$",
    re.IGNORECASE,
)
_BACK_AFTER = re.compile(r"\s+of (?:them|these|those)\b", re.IGNORECASE)


def _refers_back(text: str, token: Token) -> bool:
    """Tell a count that refers to the things counted in the sentence before."""
    return bool(
        _BACK_BEFORE.search(text, max(0, token.start - 20), token.start)
        or _BACK_AFTER.match(text, token.end)
    )


_YEAR = re.compile(r"(?:19|20)\d\d")


def _bare_year(ctx: _Context, token: Token) -> Token:
    """Return a year written as an adjective ("its 2017 small arms law") as a date.

    English reports group every number of four digits or more (1,489): in one that
    does, 1900-2099 written without a comma is a year, whatever follows it.
    """
    bare_year = (
        token.excluded is None
        and ctx.source.language == "en"
        and ctx.uses_grouping
        and token.form == "digits"
        and _YEAR.fullmatch(token.text) is not None
    )
    return replace(token, excluded="date") if bare_year else token


#: A figure in brackets just after another restates it ("41 (69 per cent) reported",
#: "76 个（百分之七十八）"), as does a share in apposition ("42 States, or 22 per cent of
#: the membership, …"): an elliptical count after it counts what the figure before counts.
_OPENING_BRACKET = re.compile(r"\d[^()（）\d]{0,30}[(（][^()（）]{0,12}$")
_CLOSING_BRACKET = re.compile(r"[^()（）]{0,30}[)）]")
_SHARE_IN_APPOSITION = re.compile(
    r"\d[^\d]{0,30}(?:,\s*or|，即|，占)\s*(?:some|about|nearly|约)?\s*$"
)


def _restates_previous(text: str, token: Token, reading: FigureReading) -> bool:
    """Tell a figure that restates the figure just before it (see `_OPENING_BRACKET`)."""
    lo = max(0, token.start - 60)
    in_brackets = _OPENING_BRACKET.search(text, lo, token.start) and _CLOSING_BRACKET.match(
        text, token.end
    )
    share = reading.unit == "percent" and _SHARE_IN_APPOSITION.search(text, lo, token.start)
    return bool(in_brackets or share)


def _scan(text: str, where: _Where) -> tuple[list[Token], list[DateSpan]]:
    """Return the tokens and dates of a run, scanning a long run in pieces (see `_PIECE`)."""
    first = dict(line_is_paragraph_start=where.paragraph_start, line_is_footnote=where.footnote)
    if len(text) <= _PIECE:
        return scan_line(text, **first)
    tokens: list[Token] = []
    dates: list[DateSpan] = []
    for lo, hi in _pieces(text):
        found, spans = scan_line(text[lo:hi], **(first if lo == 0 else {}))
        tokens += [replace(t, start=t.start + lo, end=t.end + lo) for t in found]
        dates += [replace(d, start=d.start + lo, end=d.end + lo) for d in spans]
    return tokens, dates


def _pieces(text: str) -> list[tuple[int, int]]:
    """Cut a long text into pieces of about `_PIECE` characters (see `_PIECE_CUTS`)."""
    cuts = [[m.start() for m in pattern.finditer(text)] for pattern in _PIECE_CUTS]
    bounds: list[tuple[int, int]] = []
    lo = 0
    while len(text) - lo > _PIECE:
        cut = next((c for c in (_cut_near(found, lo) for found in cuts) if c is not None), None)
        if cut is None:
            break
        bounds.append((lo, cut))
        lo = cut
    return [*bounds, (lo, len(text))]


def _cut_near(cuts: list[int], lo: int) -> int | None:
    """Return the last cut within `_PIECE` of ``lo`` (past half of it), else the next one."""
    k = bisect.bisect_right(cuts, lo + _PIECE) - 1
    if k >= 0 and cuts[k] > lo + _PIECE // 2:
        return cuts[k]
    k += 1
    return cuts[k] if k < len(cuts) and cuts[k] - lo < 4 * _PIECE else None


def _clause(run: _Text, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the clause around ``run.text[start:end]`` (within `_REACH`)."""
    lo, hi = run.window(start, end)
    left, right = clause_bounds(run.text[lo:hi], start - lo, end - lo)
    return lo + left, lo + right


def _note_date(ctx: _Context, where: _Where, run: _Text, span: DateSpan) -> None:
    line_no = run.line_at(span.start)
    if "invalid_date" in span.flags:
        detail = f"'{span.text}' is not a calendar date"
        ctx.note(where.location, line_no, "invalid_date", detail, span.text)
    if "period_end_before_start" in span.flags:
        detail = f"'{span.text}' ends ({span.date_end}) before it starts ({span.date_start})"
        ctx.note(where.location, line_no, "period_end_before_start", detail, span.text)
    if not where.header:
        _record_event(ctx, run.text, line_no, span, where)


def _record_figure(
    ctx: _Context,
    where: _Where,
    run: _Text,
    token: Token,
    dates: list[DateSpan],
    next_start: int,
    before: FigureReading | None,
    ordinal: int,
) -> FigureReading:
    """Read one number as a figure, record it with its quality notes; return the reading.

    ``before`` is the previous figure of the same sentence (its unit and measure word
    may carry over to an elliptical count).
    A quote that begins before a page break (``quote_start`` < 0) is read whole and kept
    from the run's start, so that it stays verbatim.
    """
    reading, quote_start, shortened = _read_near(ctx, where, run, token, next_start, before)
    shown = reading.quote[max(0, -quote_start) :]
    figure_id = f"{ctx.source.source_id}/{where.id_stem}/{ordinal}"
    bare = _VERB_AFTER.match(run.text, token.end) or _BARE_AFTER.match(run.text, token.end)
    unit, indicator, lender = _lent_by_citing_sentence(ctx, where, reading, bare is not None)
    own = reading.flags
    if unit != reading.unit:
        own = (*(f for f in own if f != "unit_not_recognised"), "unit_from_citing_sentence")
    at = token.start - quote_start
    subject = where.subject or figure_subject(
        reading.quote,
        at,
        at + len(token.text),
        [*where.subject_texts[1:], where.subject_texts[0]],
        ctx.ref,
    )
    located = subject is not None and "place_of_its_own" in subject.flags
    if located and "part_of_total" in own and not of_a_named_whole(run.text, token.end):
        own = (*own, "part_in_its_own_place")  # "Of the 18,620 …, 6,220 in Paraguay"
    flags = list(dict.fromkeys([*own, *_grouping_flags(ctx, token), *shortened]))
    for flag in flags:
        detail = f"figure {figure_id}: {token.text}"
        ctx.note(where.location, run.line_at(token.start), flag, detail, shown)
    period = _figure_period(ctx, run.text, max(0, quote_start), shown, dates, where)
    if lender is not None and period == where.default_period:
        period = (lender["period_start"], lender["period_end"])  # the breakdown's own period
    ctx.figures.append(
        dict(
            figure_id=figure_id,
            source_id=ctx.source.source_id,
            location=where.location,
            paragraph_id=where.paragraph_id,
            activity_id=where.activity_id,
            line=run.line_at(token.start),
            entity=where.entity,
            **_subject_columns(subject),
            category=where.category,
            indicator=indicator,
            value=reading.value,
            value_high=reading.value_high,
            unit=unit,
            qualifier=reading.qualifier,
            period_start=period[0],
            period_end=period[1],
            quote=shown,
            token=token.text,
            flags=";".join(flags),
        )
    )
    ctx.audit(where.location, run, token, figure_id)
    return replace(reading, unit=unit)  # what a footnote's citing sentence lent, lent on


def _lent_by_citing_sentence(
    ctx: _Context, where: _Where, reading: FigureReading, bare: bool = False
) -> tuple[str, str, dict | None]:
    """Return a figure's unit and indicator; in a footnote, those its citing sentence lends.

    A footnote that breaks a figure down ("Peru (4,200 firearms), Colombia (1,530)",
    布隆迪补报的 480 件) says nothing of what the things are or what happened to them:
    the sentence carrying its mark does ("the destruction of 6,730 firearms …⁵"). The
    last figure before the mark, no smaller (a part of it; "the inventory, estimated at
    11,800 weapons" is another quantity), lends its unit to a count whose noun was not
    recognised but whose measure word suits it, and its indicator to a figure of its unit
    that has none of its own. A count right before its verb ("⁴ 47 were found
    ineligible") or with nothing after it ("… given as 22 and 17") counts what the last
    count of things its citing sentence states counts. The lender is returned too (None
    when nothing was lent).
    """
    unit, indicator, lender = reading.unit, reading.indicator, None
    figures = _citing_figures(ctx, where, reading.value)
    if not figures and "list_item" in reading.flags and reading.classifier is not None:
        # 共有 58 个会员国提交了报告。按区域分列如下：非洲——14 个；…: what its paragraph counted
        figures = [
            f
            for f in ctx.figures
            if f["location"] == where.location and reading.value <= f["value"]
        ]
    same = [f for f in figures if f["value"] == reading.value and f["unit"] != "unspecified"]
    if "unit_not_recognised" in reading.flags and same and reading.classifier is None:
        return same[-1]["unit"], same[-1]["indicator"], same[-1]  # "⁴ Of the 52, …": the 52
    if "unit_not_recognised" in reading.flags and bare and reading.classifier is None:
        # "attracted 171 proposals …³" / "³ … 47 were found ineligible": 47 proposals; an
        # earlier value or a total may be larger than any count of the sentence
        counts = [
            f for f in _citing_figures(ctx, where, 0.0) if not _is_sum_or_share(f["unit"], ctx)
        ]
        counts = [f for f in counts if f["unit"] != "unspecified"]
        lender = counts[-1] if counts else None
        unit = lender["unit"] if lender else unit
    if "unit_not_recognised" in reading.flags and (
        names_its_noun(reading.classifier)
        or reading.classifier == "个"
        or "list_item" in reading.flags  # "⁵ Benin, 2,460; Togo, 1,780"
    ):  # 按区域分列：非洲 9 个、…: parts of "24 个获资助项目" its citing sentence states
        suited = [
            f
            for f in figures
            if suits_measure_word(f["unit"], reading.classifier, None)
            and (
                reading.classifier != "个"
                or re.search(re.escape(f["token"]) + r"\s*个", f["quote"])
            )
        ]  # a count in 个 takes the unit of a count in 个 only
        lender = suited[-1] if suited else None
        unit = lender["unit"] if lender else unit
    if indicator == "other_quantity":
        lent = [f for f in figures if f["unit"] == unit and f["indicator"] != "other_quantity"]
        lender = lent[-1] if lent else lender
        indicator = lent[-1]["indicator"] if lent else indicator
    return unit, indicator, lender


def _citing_figures(ctx: _Context, where: _Where, value: float) -> list[dict]:
    """Return the figures, no smaller than ``value``, of the sentence carrying a footnote's mark."""
    if where.cited_by is None:
        return []
    number, cited = where.cited_by
    digits = "".join(SUPERSCRIPTS[int(d)] for d in str(number))
    mark = re.search(f"(?<![{SUPERSCRIPTS}]){digits}(?![{SUPERSCRIPTS}])", cited.text)
    if mark is None:
        return []
    last = mark.start() - (cited.text[mark.start() - 1 : mark.start()] in "。.；;")  # 件。⁴
    ends = [m.end() for m in _RUN_SENTENCE_END.finditer(cited.text, 0, last)]
    sentence_start = ends[-1] if ends else 0
    return [
        fig
        for fig in ctx.figures
        if fig["location"] == cited.location
        and value <= fig["value"]
        and _stated_between(cited.text, fig, sentence_start, mark.start())
    ]


def _stated_between(text: str, fig: dict, start: int, end: int) -> bool:
    """Tell whether figure ``fig`` is stated in ``text[start:end]`` (its number, not its quote).

    The sentence may go on past the footnote's mark (…11.4 吨，⁵ 并为…): what it says
    after the mark is not what the footnote breaks down.
    """
    at = text.find(fig["quote"])
    if at < 0:
        return False
    number_at = at + max(0, fig["quote"].find(fig["token"]))
    return start <= number_at < end


def _read_near(
    ctx: _Context,
    where: _Where,
    run: _Text,
    token: Token,
    next_start: int,
    before: FigureReading | None,
) -> tuple[FigureReading, int, list[str]]:
    """Read a figure from the text within `_REACH` of it.

    Returns
    -------
    tuple of (FigureReading, int, list of str)
        The reading, where its quote starts in the run, and ``["quote_shortened"]``
        when the clause went on beyond the reach (else empty).
    """
    lo, hi = run.window(token.start, token.end)
    # the sentence a page break cut, read whole (its start lends subject and verb)
    behind = ""
    if lo == 0 and run.lookbehind:
        behind = run.lookbehind + ("" if ctx.source.language == "zh" else " ")
    near = behind + run.text[lo:hi]
    shift = lo - len(behind)
    reading = read_figure(
        near,
        replace(token, start=token.start - shift, end=token.end - shift),
        min(next_start, hi) - shift,
        ctx.ref,
        ctx.source.language,
        _context_near(where, run, lo, hi),
        lookahead=run.lookahead if hi == len(run.text) else "",
        unit_before=before.unit if before else None,
        classifier_before=before.classifier if before else None,
    )
    if (
        before is not None
        and reading.indicator == "other_quantity"
        and reading.unit == before.unit
        and _next_item_of_a_list(run.text, token, before)
    ):  # 收缴数量为：布隆迪 1 200 件；刚果 860 件: the next item measures what the first did
        reading = replace(reading, indicator=before.indicator)
    quote_end = reading.quote_start + len(reading.quote)
    cut = (lo > 0 and not near[: reading.quote_start].strip()) or (
        hi < len(run.text) and not near[quote_end:].strip()
    )
    return reading, shift + reading.quote_start, ["quote_shortened"] if cut else []


def _context_near(where: _Where, run: _Text, lo: int, hi: int) -> str:
    """Return the context of the indicator rules: the whole text, or near the number.

    Only a text far longer than any real paragraph is cut (to its headings and the
    part within `_REACH` of the number), so the work per number stays bounded.
    """
    if len(where.context) <= 8 * _REACH:
        return where.context
    return f"{where.headings} {run.text[lo:hi]}"


def _grouping_flags(ctx: _Context, token: Token) -> list[str]:
    """Flag a four-digit-plus number written without grouping in a report that groups."""
    ungrouped = (
        ctx.uses_grouping
        and token.form == "digits"
        and token.value is not None
        and token.value >= 1000
        and "." not in token.text
    )
    return ["inconsistent_digit_grouping"] if ungrouped else []


def _subject_columns(subject: Subject | None) -> dict[str, str | None]:
    if subject is None:
        return dict(subject=None, subject_kind=None, iso3=None, region=None, member_iso3=None)
    return dict(
        subject=subject.english,
        subject_kind=subject.kind,
        iso3=subject.iso3,
        region=subject.english if subject.kind in ("region", "global") else None,
        member_iso3=";".join(subject.members),
    )


def _figure_period(
    ctx: _Context,
    line: str,
    quote_start: int,
    quote: str,
    dates: list[DateSpan],
    where: _Where,
) -> tuple[dt.date | None, dt.date | None]:
    if _PREVIOUS_PERIOD.search(quote) and ctx.source.period_start and ctx.source.period_end:
        return previous_period(ctx.source.period_start, ctx.source.period_end)
    quote_end = quote_start + len(quote)
    first = bisect.bisect_left(dates, quote_start, key=lambda d: d.start)
    inside = (d for d in dates[first:] if d.start < quote_end and d.date_start)
    d = next(inside, None)
    if d is not None:
        if _SINCE.search(line[quote_start : d.start]) or "以来" in line[d.end : d.end + 12]:
            return d.date_start, ctx.report_date
        return d.date_start, d.date_end
    if _REPORTING_PERIOD.search(quote):
        return ctx.period
    if _TO_DATE.search(quote):
        return None, ctx.report_date
    return where.default_period


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """Return the reporting period before ``start``..``end``, of the same number of months.

    Examples
    --------
    >>> previous_period(dt.date(2016, 8, 1), dt.date(2017, 7, 31))
    (datetime.date(2015, 8, 1), datetime.date(2016, 7, 31))
    """
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    first = start.year * 12 + start.month - 1 - months
    return dt.date(first // 12, first % 12 + 1, 1), start - dt.timedelta(days=1)


def _whole_words(near: str, start: int, end: int, *, cut: tuple[bool, bool]) -> tuple[int, int]:
    """Return clause bounds in a window of a line, off any word the window cuts.

    ``cut`` tells whether the line goes on before and after the window.
    """
    if cut[0] and start == 0 and re.match(r"[A-Za-z0-9]", near):
        start = re.match(r"[A-Za-z0-9]*\W*", near).end()  # type: ignore[union-attr]
    if cut[1] and end == len(near):
        end -= len(re.search(r"[A-Za-z0-9]*\Z", near).group(0))  # type: ignore[union-attr]
    return start, end


def _record_event(ctx: _Context, line: str, line_no: int, span: DateSpan, where: _Where) -> None:
    if span.date_start is None:
        return
    lo = max(0, span.start - _REACH)
    near = line[lo : span.end + _REACH]
    start, end = clause_bounds(near, span.start - lo, span.end - lo)
    start, end = _whole_words(near, start, end, cut=(lo > 0, len(line) > span.end + _REACH))
    clause = near[start:end]
    kinds = ctx.ref.vocabulary.event_types
    annex = where.location.startswith("annex")
    kind = event_type(clause, span, lo + start, kinds, annex=annex, period=ctx.period)
    if kind is None:
        return
    subject = where.subject or subject_from_text([clause], ctx.ref)
    ctx.n_events[where.location] += 1
    n = ctx.n_events[where.location]
    ctx.events.append(
        dict(
            event_id=f"{ctx.source.source_id}/{where.id_stem}/event-{n}",
            source_id=ctx.source.source_id,
            location=where.location,
            line=line_no,
            date_start=span.date_start,
            date_end=span.date_end,
            date_precision=span.precision,
            event_type=kind,
            entity=where.entity,
            subject=subject.english if subject else None,
            iso3=subject.iso3 if subject else None,
            date_text=span.text,
            quote=clause,
            flags=";".join(span.flags),
        )
    )


def _activity_rows(ctx: _Context, ticker: _Progress) -> list[dict]:
    """Return one row per annex cell, reading the figures and events of each."""
    rows: list[dict] = []
    ids: set[str] = set()
    subjects: dict[tuple[str, str], Subject] = {}
    for n, cell in enumerate(ctx.doc.cells, start=1):
        ticker.tick(len(ctx.doc.blocks) + n, cell.line)
        key = (cell.entity, cell.row_label)
        if key not in subjects:
            subjects[key] = _row_subject(ctx, cell)
        row = _activity_row(ctx, cell, subjects[key])
        if row["activity_id"] in ids:
            row["activity_id"] = f"{row['activity_id']}-{n}"
        ids.add(row["activity_id"])
        rows.append(row)
        if cell.kind != "note":
            _read_cell(ctx, cell, row, subjects[key])
    return rows


def _row_subject(ctx: _Context, cell: AnnexCell) -> Subject:
    """Resolve a row label to a place, warning about names the reference lacks."""
    if not cell.row_label:
        return Subject("", None, "none", None, ())
    subject = resolve_label(cell.row_label, ctx.ref)
    if cell.row_label == "*":
        return subject
    if "unknown_place" in subject.flags:
        ctx.warnings.append(
            ExtractionWarning(
                str(ctx.source.path),
                cell.line,
                f"unknown place name in the annex row label '{cell.row_label}'",
                "add it to data/reference/places.csv (name,english,kind,iso3,members)",
            )
        )
    for flag in subject.flags:
        if flag != "marked_with_asterisk":
            detail = f"row label '{cell.row_label}': {flag}"
            location = f"annex line {cell.line}"
            ctx.note(location, cell.line, flag.split(":")[0], detail, cell.row_label)
    return subject


def _activity_row(ctx: _Context, cell: AnnexCell, subject: Subject) -> dict:
    entity_en, group = ctx.ref.entity(cell.entity) if cell.entity else ("", "")
    category = _category_code(ctx.ref, cell.column_label, cell.column) if cell.column else None
    flags = [*cell.flags, *(f for f in subject.flags if cell.row_label != "*")]
    return dict(
        source_id=ctx.source.source_id,
        activity_id=f"{ctx.source.source_id}/annex-{cell.row:03d}-{category or 'text'}",
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


def _read_cell(ctx: _Context, cell: AnnexCell, row: dict, subject: Subject) -> None:
    """Read the figures and events of one annex cell."""
    entity_en, category = row["entity_en"], row["category"]
    offset = max(ctx.doc.lines[cell.line - 1].find(cell.text), 0)
    where = _Where(
        location=f"annex: {entity_en or 'no entity'} | {cell.row_label or '-'} | "
        f"{category or 'text'}",
        id_stem=row["activity_id"].split("/", 1)[1],
        activity_id=row["activity_id"],
        entity=entity_en or None,
        subject=subject if subject.english else None,
        category=category,
        default_period=ctx.period,
        context=cell.text,
        subject_texts=(cell.text,),
        column_offset=offset,
    )
    _read_text(ctx, where, _Text(cell.text, cell.line, column_offset=offset))


def _check_title_period(ctx: _Context) -> None:
    """Audit the annex title's numbers (dates) and compare its period with source.yml."""
    title = ctx.doc.annex_title
    if title is None:
        return
    tokens, dates = scan_line(title.text)
    for token in tokens:
        ctx.audit("annex title", _Text(title.text, title.line), token, None)
        ctx.tokens[-1]["reason"] = token.excluded or "date"
    source = ctx.source
    for span in dates:
        ranged = span.date_start and span.date_end and span.date_start != span.date_end
        if ranged and (span.date_start, span.date_end) != (source.period_start, source.period_end):
            detail = (
                f"annex title period {span.date_start}..{span.date_end} differs from "
                f"source.yml {source.period_start}..{source.period_end}"
            )
            ctx.note("annex title", title.line, "period_mismatch", detail, span.text)
