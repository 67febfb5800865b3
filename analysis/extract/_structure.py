"""Split a report's text into its parts: header, summary, paragraphs, footnotes, annex."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import ReportError
from analysis.reference import flat_name

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUMMARY_MARKERS = ("摘要", "Summary")
_ANNEX_RE = re.compile(r"^(附件[一二三四五六七八九十]*|Annex(?:\s+[IVX]+)?)\s*$")
_SECTION_RE = re.compile(r"^(?P<num>[一二三四五六七八九十]+|[IVX]+)\s*[.．、]\s*(?P<title>\S.*)$")
#: "12. Text"; in Chinese PDFs the space may be lost before a full-width mark ("6.《…").
_PARA_RE = re.compile(r"^(?P<num>\d{1,3})\s*[.．](?:\s+|(?=[《“（\u4e00-\u9fff]))(?P<text>\S.*)$")
_FOOTNOTE_RE = re.compile(rf"^(?P<mark>[{_SUPERSCRIPTS}]+|\*)\s*(?P<text>\S.*)$")
_ITEM_RE = re.compile(r"^\([a-z]{1,4}\)\s*\S")
_TERMINAL = tuple('。；;.:：!?！？”"’)）')
#: Footnote marks a sentence may end with after its stop (".¹", "。^{2}", ".*").
_END_MARKS = re.compile(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹*]|\^\{[^}]{1,4}\})+\s*$")
_HEADER_FIRST_CELL = (
    "国家",
    "国家/区域",
    "国家/地区",
    "Country",
    "Country/region",
    "Country or region",
    "Country/area",
    "Region/country",
)
_SENTENCE_END = tuple("。；;.!?！？")
_PLAIN_FOOTNOTE_RE = re.compile(r"^(?P<num>\d{1,2})\s+(?P<text>\S.*)$")


_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def _ends_a_sentence(text: str) -> bool:
    """Tell whether ``text`` ends a sentence (footnote marks after the stop allowed)."""
    return _END_MARKS.sub("", text.rstrip()).endswith(_TERMINAL)


def _pipe_row_as_tabs(line: str) -> str | None:
    """Read a Markdown table row (``| a | b |``) as a TAB-separated row; pass others through."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return line
    if _MD_SEPARATOR.match(stripped):
        return None
    return "\t".join(cell.strip() for cell in stripped.strip("|").split("|"))


def _is_header_row(
    cells: list[str], column_patterns: tuple[str, ...], known: list[str], places: Collection[str]
) -> bool:
    """Tell the annex's header row, or its repetition after a page break.

    Its first cell names the rows ("国家", "Country"); else, once the header is known, it
    is the same row again; before, a row whose cells name the categories. Never a row
    of a place whose cells happen to name them (多哥 | 协助审查…立法 | 交付标识机 2 台 | 举办
    2 期培训班).
    """
    first = cells[0].strip()
    if first in _HEADER_FIRST_CELL:
        return True
    if known:
        return [c.strip() for c in cells] == known
    if first and first.rstrip("*") in places:
        return False
    hits = sum(
        1
        for cell, pattern in zip(cells[1:], column_patterns, strict=False)
        if re.fullmatch(rf".{{0,12}}(?:{pattern}).{{0,60}}", cell.strip(), re.I)
    )
    return len(cells) >= 4 and hits >= 3


@dataclass(frozen=True)
class Segment:
    """A run of text on one line of the report file."""

    line: int
    text: str


#: The end and the start of two pieces of a paragraph a page break parted that are two
#: words ("its two weeks" | "of work"), not one word or Chinese text (no space there).
_WORD_END = re.compile(r"[A-Za-z0-9.,;:)’'\"]$")
_WORD_START = re.compile(r"[A-Za-z0-9(‘\"]")


@dataclass
class Block:
    """A paragraph-like unit of the report.

    A header line, summary paragraph, numbered paragraph, footnote or heading.
    """

    kind: str
    location: str
    number: int | None
    section: str
    subsection: str
    segments: list[Segment] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's text, its page-break pieces joined (with a space between two words)."""
        out = ""
        for seg in self.segments:
            spaced = _WORD_END.search(out) and _WORD_START.match(seg.text)
            out += (" " if spaced else "") + seg.text
        return out


@dataclass(frozen=True)
class AnnexCell:
    """One non-empty cell of the annex table, verbatim."""

    row: int
    line: int
    entity: str
    row_label: str
    column: int
    column_label: str
    text: str
    kind: str
    flags: tuple[str, ...]


@dataclass
class Document:
    """A parsed report."""

    path: Path
    lines: list[str]
    blocks: list[Block]
    annex_title: Segment | None
    annex_columns: list[str]
    cells: list[AnnexCell]
    entities: list[tuple[int, str]]


_ENTITY_LOOK = re.compile(
    r"^(?:联合国|维持和平行动部|政治事务部|United Nations|Department of|Office (?:of|for)|"
    r"World Health Organization|UN-Women)"
)


def _is_entity_name(label: str, entity_names: tuple[str, ...]) -> bool:
    flat = flat_name(label)
    if any(label.startswith(name) or flat.startswith(flat_name(name)) for name in entity_names):
        return True
    return (
        bool(_ENTITY_LOOK.match(label)) and len(label) < 200 and not label.endswith(_SENTENCE_END)
    )


@dataclass(frozen=True)
class Names:
    """What the annex parser must recognise, from the reference data.

    Attributes
    ----------
    entities
        Known UN entity names (prefixes), to tell entity headings from row labels.
    places
        Known place names, to tell a row label with empty cells from an entity.
    columns
        One regular expression per annex category, in column order, to recognise
        the table's header row.
    """

    entities: tuple[str, ...] = ()
    places: frozenset[str] = frozenset()
    columns: tuple[str, ...] = ()


def parse_document(path: Path, text: str, names: Names | None = None) -> Document:
    """Parse report text into blocks and annex cells.

    Parameters
    ----------
    path
        The report file (for messages).
    text
        Its text, newlines normalised.
    names
        Entity, place and column names to recognise in the annex (none by default).

    Returns
    -------
    Document

    Raises
    ------
    ReportError
        When the text has no numbered paragraphs, or an annex row has the wrong
        number of columns.

    """
    lines = text.split("\n")
    annex_at = next((i for i, ln in enumerate(lines) if _ANNEX_RE.match(ln.strip())), None)
    body_end = annex_at if annex_at is not None else len(lines)
    blocks = _parse_body(path, lines[:body_end])
    if not any(b.kind == "paragraph" for b in blocks):
        raise ReportError(
            path,
            "no numbered paragraphs found (expected lines such as '1. ...')",
            "check that this is the full report text; a "
            "truncated or wrongly converted file cannot be read",
        )
    last = next((b for b in reversed(blocks) if b.kind in ("paragraph", "summary")), None)
    if annex_at is None and last is not None and not _ends_a_sentence(last.text):
        raise ReportError(
            path,
            f"the text stops mid-sentence in {last.location} and no annex "
            "follows: the file looks truncated",
            "use the complete report file as received",
            last.segments[-1].line,
        )
    doc = Document(
        path=path,
        lines=lines,
        blocks=blocks,
        annex_title=None,
        annex_columns=[],
        cells=[],
        entities=[],
    )
    if annex_at is not None:
        _parse_annex(doc, annex_at, names or Names())
    return doc


def _parse_body(path: Path, lines: list[str]) -> list[Block]:
    """Return the blocks of the report's text before the annex, line by line."""
    reader = _BodyReader(lines)
    for idx, raw in enumerate(lines):
        stripped = _MD_HEADING.sub("", raw.strip())
        if stripped:
            reader.read(idx, Segment(idx + 1, raw.rstrip()), stripped)
    return reader.blocks


@dataclass
class _BodyReader:
    """Reads the body one non-blank line at a time, keeping where it is.

    ``zone`` is ``header`` until the summary marker, a section heading or paragraph 1,
    then ``summary`` or ``body``. ``current`` is the open block that a wrapped line
    continues (``None`` after a heading). Each ``_…`` reader below tries one kind of
    line and says whether it took it; the first that does wins.
    """

    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    zone: str = "header"
    section: str = ""
    subsection: str = ""
    summary_n: int = 0
    expected: int = 1
    expected_footnote: int = 1
    current: Block | None = None

    def read(self, idx: int, seg: Segment, stripped: str) -> None:
        """Add line ``idx`` (its segment ``seg``, text ``stripped``) to the blocks."""
        readers = (
            self._summary_marker,
            self._marked_footnote,
            self._plain_footnote,
            self._section_heading,
            self._numbered_paragraph,
            self._header_line,
            self._summary_paragraph,
            self._continuation,
        )
        if not any(reader(idx, seg, stripped) for reader in readers):
            self._subheading(seg, stripped)

    def _summary_marker(self, idx: int, seg: Segment, stripped: str) -> bool:
        if not (self.zone == "header" and stripped in _SUMMARY_MARKERS):
            return False
        self.zone = "summary"
        self.blocks.append(Block("heading", f"line {seg.line}", None, "", "", [seg]))
        self.current = None
        return True

    def _marked_footnote(self, idx: int, seg: Segment, stripped: str) -> bool:
        """Take a footnote with a superscript mark, or ``*`` where no paragraph is open."""
        foot = _FOOTNOTE_RE.match(stripped)
        if not foot or (
            foot.group("mark") == "*"
            and self.zone == "body"
            and self.current is not None
            and self.current.kind != "footnote"
        ):
            return False
        number = _superscript_value(foot.group("mark"))
        label = f"footnote {number}" if number is not None else "footnote *"
        self.blocks.append(Block("footnote", label, number, self.section, self.subsection, [seg]))
        if number is not None:
            self.expected_footnote = number + 1
        return True

    def _plain_footnote(self, idx: int, seg: Segment, stripped: str) -> bool:
        """Take a footnote in plain digits: only the next one expected, in the body."""
        plain = _PLAIN_FOOTNOTE_RE.match(stripped)
        if not (
            plain and self.zone == "body" and int(plain.group("num")) == self.expected_footnote
        ):
            return False
        number = int(plain.group("num"))
        self.blocks.append(
            Block("footnote", f"footnote {number}", number, self.section, self.subsection, [seg])
        )
        self.expected_footnote = number + 1
        return True

    def _section_heading(self, idx: int, seg: Segment, stripped: str) -> bool:
        if not (_SECTION_RE.match(stripped) and len(stripped) < 120):
            return False
        self.zone = "body"
        self.section, self.subsection = stripped, ""
        self.blocks.append(Block("heading", f"line {seg.line}", None, self.section, "", [seg]))
        self.current = None
        return True

    def _numbered_paragraph(self, idx: int, seg: Segment, stripped: str) -> bool:
        """Take a paragraph numbered near the next number expected (a gap is flagged)."""
        para = _PARA_RE.match(stripped)
        if not (
            para
            and (self.zone != "header" or para.group("num") == "1")
            and _plausible_number(int(para.group("num")), self.expected)
        ):
            return False
        self.zone = "body"
        number = int(para.group("num"))
        flags = (
            [] if number == self.expected else [f"paragraph_number_gap:{self.expected}-{number}"]
        )
        self.current = Block(
            "paragraph", f"para {number}", number, self.section, self.subsection, [seg], flags
        )
        self.blocks.append(self.current)
        self.expected = number + 1
        return True

    def _header_line(self, idx: int, seg: Segment, stripped: str) -> bool:
        if self.zone != "header":
            return False
        self.blocks.append(Block("header", f"line {seg.line}", None, "", "", [seg]))
        return True

    def _summary_paragraph(self, idx: int, seg: Segment, stripped: str) -> bool:
        """Start a summary paragraph: the first, or one after a finished sentence."""
        if not (
            self.zone == "summary" and (self.current is None or _ends_a_sentence(self.current.text))
        ):
            return False
        self.summary_n += 1
        self.current = Block("summary", "summary", self.summary_n, "Summary", "", [seg])
        self.blocks.append(self.current)
        return True

    def _continuation(self, idx: int, seg: Segment, stripped: str) -> bool:
        """Add a list item or wrapped line to the open block (flagged unless an item)."""
        current = self.current
        if current is None or not (
            _ITEM_RE.match(stripped)
            or not current.text.rstrip().endswith(_TERMINAL)
            or current.text.rstrip().endswith((":", "："))  # "as follows:" and its table
            or stripped.endswith(_SENTENCE_END)
            or _wrapped(self.lines, idx)
        ):
            return False
        current.segments.append(seg)
        if not _ITEM_RE.match(stripped):
            current.flags.append(f"continued_on_line:{seg.line}")
        return True

    def _subheading(self, seg: Segment, stripped: str) -> None:
        self.subsection = stripped
        self.blocks.append(
            Block("subheading", f"line {seg.line}", None, self.section, self.subsection, [seg])
        )
        self.current = None


def _wrapped(lines: list[str], idx: int) -> bool:
    """Tell a hard-wrapped line inside a paragraph from a heading.

    A heading stands alone: a blank line, a numbered paragraph or a section follows
    it. A line followed directly by more running text is part of a paragraph.
    """
    if idx + 1 >= len(lines):
        return False
    following = lines[idx + 1].strip()
    if not following:
        return False
    return not (
        _PARA_RE.match(following)
        or _SECTION_RE.match(following)
        or _FOOTNOTE_RE.match(following)
        or _ITEM_RE.match(following)
    )


def _plausible_number(number: int, expected: int) -> bool:
    return expected <= number <= expected + 2


def _superscript_value(mark: str) -> int | None:
    if mark == "*":
        return None
    return int("".join(str(_SUPERSCRIPTS.index(ch)) for ch in mark))


@dataclass
class _Annex:
    """The annex parser's running state: current entity, row and last row label."""

    doc: Document
    names: Names
    entity: str = ""
    row: int = 0
    last_label: str = ""
    last_label_row: int = 0
    last_label_entity: str = ""
    pending_empty: tuple[str, int] | None = None
    n_columns: int = 0

    def new_entity(self, line_no: int, name: str) -> None:
        self.entity = name
        self.doc.entities.append((line_no, name))
        self.last_label, self.pending_empty = "", None


def _parse_annex(doc: Document, annex_at: int, names: Names) -> None:
    """Read the annex's table of activities.

    A report with several annexes ("Annex I", "Annex II"): the table is the first
    annex's that has one. A later annex is read only where it continues that table
    under the same header row; any other table or text of it is not activities.
    """
    state, skipping = _Annex(doc, names), False
    for idx in range(annex_at + 1, len(doc.lines)):
        raw = _pipe_row_as_tabs(doc.lines[idx])
        if raw is None or not raw.strip():
            continue  # blank, or a Markdown table's |---|---| separator
        if _ANNEX_RE.match(raw.strip()):
            if doc.annex_columns:
                skipping = True
                continue
            doc.annex_title = None
            doc.entities.clear()
            doc.cells.clear()
            state = _Annex(doc, names)
            continue
        if skipping:
            skipping = [c.strip() for c in raw.rstrip("\n").split("\t")] != doc.annex_columns
            continue
        if "\t" in raw:
            _annex_row(state, raw.rstrip("\n").split("\t"), idx + 1)
        else:
            _annex_text_line(state, raw, idx + 1)


def _annex_text_line(state: _Annex, raw: str, line_no: int) -> None:
    """Read an annex line without tabs: the title, an entity heading or a loose note."""
    doc, label = state.doc, raw.strip()
    if not doc.annex_columns and doc.annex_title is None:
        doc.annex_title = Segment(line_no, raw.rstrip())
    elif _is_entity_name(label, state.names.entities) or (
        label not in state.names.places
        and len(label) < 60
        and not label.endswith(_TERMINAL)
        and not doc.annex_columns
    ):
        state.new_entity(line_no, label)
    elif label in state.names.places or label.rstrip("*") in state.names.places:
        state.pending_empty = (label, line_no)  # a place row whose empty cells were cut
    else:
        state.row += 1
        cell = AnnexCell(
            state.row, line_no, state.entity, "", 0, "", label, "activity", ("outside_table",)
        )
        doc.cells.append(cell)


def _annex_row(state: _Annex, cells: list[str], line_no: int) -> None:
    """Read one tab-separated annex line: the header, an entity row or a row of cells."""
    if _is_header_row(cells, state.names.columns, state.doc.annex_columns, state.names.places):
        if not state.doc.annex_columns:
            state.doc.annex_columns = [c.strip() for c in cells]
            state.n_columns = len(cells)
        return
    cells, restored = _checked_cells(state, cells, line_no)
    first = cells[0].strip()
    content = [(i, c.strip()) for i, c in enumerate(cells) if i > 0 and c.strip()]
    if not content:
        if first and (first in state.names.places or first.rstrip("*") in state.names.places):
            state.pending_empty = (first, line_no)
        elif first:
            state.new_entity(line_no, first)
        return
    label, flags = _row_label(state, first, content, line_no)
    flags += restored
    state.pending_empty = None
    kind = "note" if "annex_note" in flags else "activity"
    columns = state.doc.annex_columns
    for col, text in content:
        column_label = columns[col] if col < len(columns) else f"column {col}"
        cell = AnnexCell(
            state.row, line_no, state.entity, label, col, column_label, text, kind, tuple(flags)
        )
        state.doc.cells.append(cell)
    if label and label != "*":
        state.last_label, state.last_label_row = label, state.row
        state.last_label_entity = state.entity


def _checked_cells(state: _Annex, cells: list[str], line_no: int) -> tuple[list[str], list[str]]:
    """Return the row's cells and their flags, or stop when the row does not fit the header.

    A row whose last cell holds text but that has too few cells lost its empty last
    cells with the line's trailing tabs (a note row: empty, "*", the note): they are
    restored, flagged. A row
    with too few cells whose last is empty lost a cell in the middle: it stops.
    """
    n = state.n_columns
    if not n:
        raise ReportError(
            state.doc.path,
            "annex table row before any header row "
            "('国家<TAB>立法和程序<TAB>...' or 'Country<TAB>...')",
            "restore the header row of the annex table",
            line_no,
        )
    if len(cells) > n and not any(c.strip() for c in cells[n:]):
        cells = cells[:n]  # trailing empty cells: harmless
    if 1 < len(cells) < n and cells[-1].strip():
        return [*cells, *[""] * (n - len(cells))], ["trailing_cells_restored"]
    if len(cells) != n:
        raise ReportError(
            state.doc.path,
            f"annex row has {len(cells)} column(s), the table header has {n}",
            "restore the missing tab-separated cell(s); an empty cell is still separated by a tab",
            line_no,
        )
    return cells, []


def _row_label(
    state: _Annex, first: str, content: list[tuple[int, str]], line_no: int
) -> tuple[str, list[str]]:
    """Return the row label of a row with content, and its flags; advance the row count."""
    if first and _is_entity_name(first, state.names.entities):
        state.new_entity(line_no, first)
        state.row += 1
        return "", ["entity_row"]
    if first:
        state.row += 1
        pending = state.pending_empty
        if pending is not None and pending[0] == first:
            return first, [f"split_across_pages:{pending[1]}"]
        return first, []
    if content[0][1] == "*":
        state.row += 1
        return "*", ["annex_note"]
    if state.last_label and state.last_label_entity == state.entity:
        state.row = state.last_label_row
        return state.last_label, ["continuation_row"]
    state.row += 1
    return "", ["no_row_label"]
