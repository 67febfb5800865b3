"""PDF with a text layer → text, with pdfplumber.

Lines are grouped into paragraphs by vertical spacing, one paragraph a line;
ruled tables are read cell by cell and written as TAB-separated rows.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import BriefingError
from analysis.readers._lines import (
    PARAGRAPH_START,
    SECTION_START,
    SUPERSCRIPTS,
    Hyphens,
    join_lines,
)
from analysis.readers._text import DerivedText

_TERMINAL = tuple('。；;.:：!?！？”"’)）')
_PAGE_FURNITURE = re.compile(
    r"[\s\d/\-–]+(?:\([A-Z]\))?[\s\d*/]*|Page \d+.*|第\s*\d+\s*页.*|\d+/\d+"
)
_METHOD = (
    "Text layer read with pdfplumber: lines grouped into paragraphs by vertical spacing, "
    "wrapped lines joined (no space between CJK characters; an end-of-line hyphen kept "
    "for compounds, removed for word breaks), small raised digits read "
    "as superscript footnote marks, page numbers and running headers dropped; ruled "
    "tables read cell by cell (page.find_tables) and written as TAB-separated rows, "
    "a row split by a page break joined again; a table ruled only between rows gets "
    "its columns from the gaps in its text."
)


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    size: float
    text: str
    in_margin: bool = False


@dataclass
class _Row:
    page: int
    top: float
    lines: list[list[str]]
    cells: list[str] = field(default_factory=list)


def pdf_text(path: Path) -> DerivedText:
    """Read the text layer of a PDF.

    Raises
    ------
    BriefingError
        When pdfplumber is missing, the file is not a readable PDF, or it has
        no text layer (a scanned image).

    """
    try:
        import pdfminer
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - pdfplumber is a dependency
        raise BriefingError(path, "pdfplumber is not installed", "pip install pdfplumber") from exc
    items, n_pages = _read_pages(path)
    notes: list[str] = []
    items = _drop_running_lines(items, n_pages, notes)
    hyphens = Hyphens(
        [it.text for it in items if isinstance(it, _Line)]
        + [ln for it in items if isinstance(it, _Row) for cell in it.lines for ln in cell]
    )
    for it in items:
        if isinstance(it, _Row):
            it.cells = [join_lines(cell, hyphens) for cell in it.lines]
    text = _assemble(items, notes, hyphens)
    if hyphens.dropped:
        notes.append(f"{hyphens.dropped} end-of-line hyphen(s) taken as word breaks and removed")
    tool = f"pdfplumber {pdfplumber.__version__} (pdfminer.six {pdfminer.__version__})"
    return DerivedText(text, "utf-8", tool, _METHOD, notes)


def _read_pages(path: Path) -> tuple[list[_Line | _Row], int]:
    """Return the lines and table rows of every page, and the number of pages."""
    import pdfplumber

    items: list[_Line | _Row] = []
    n_chars = 0
    try:
        with pdfplumber.open(path) as pdf:
            n_pages = len(pdf.pages)
            for page in pdf.pages:
                n_chars += len(page.chars)
                items += _page_items(page)
    except BriefingError:
        raise
    except Exception as exc:  # pdfminer raises many kinds
        if _encrypted(exc):
            raise BriefingError(
                path,
                "the PDF is encrypted (it needs a password to be read)",
                "save an unprotected copy (e.g. `qpdf --decrypt --password=PASSWORD in.pdf "
                "out.pdf`) and add that, or add a .txt/.docx of the report",
            ) from exc
        raise BriefingError(
            path,
            f"not a readable PDF ({type(exc).__name__}: {exc})",
            "check the file; if it is encrypted, save an unprotected copy",
        ) from exc
    if n_chars < 100 * max(n_pages, 1) / 4:
        raise BriefingError(
            path,
            f"no text layer ({n_chars} characters on {n_pages} page(s)): a scanned image",
            "OCR it first (e.g. `ocrmypdf --language eng+chi_sim in.pdf out.pdf`), "
            "or add a .txt/.docx of the report",
        )
    return items, n_pages


def _encrypted(exc: BaseException) -> bool:
    """Tell whether pdfminer failed because the PDF needs a password."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes)


# --- one page -------------------------------------------------------------------------


def _page_items(page) -> list[_Line | _Row]:  # noqa: ANN001 - pdfplumber.page.Page
    tables = [t for t in page.find_tables() if t.rows and len(t.rows[0].cells) >= 2]
    mids: list[float] = []
    if not tables:
        tables, mids = _rows_ruled_table(page)
    items: list[_Line | _Row] = [*_body_lines(page, tables), *_table_rows(page, tables, mids)]
    items.sort(key=lambda it: it.top)
    return items


def _body_lines(page, tables: list) -> list[_Line]:  # noqa: ANN001 - pdfplumber Page
    """Return the lines of text outside the tables."""
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    lines: list[_Line] = []
    body = page.filter(outside)
    words = body.extract_words(
        x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"]
    )
    height = float(page.height)
    for line_words in _cluster_lines(words):
        size = max(w["size"] for w in line_words)
        top = min(w["top"] for w in line_words)
        bottom = max(w["bottom"] for w in line_words)
        text = _line_text(line_words, size)
        in_margin = top < 0.08 * height or bottom > 0.92 * height
        lines.append(_Line(page.page_number, top, bottom, size, text, in_margin))
    return lines


#: Spaces between CJK characters: justified or letter-spaced Chinese (联 合 国), never words.
_CJK = "\u3400-\u9fff\uff08\uff09"
_LETTER_SPACED = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")


def _cjk_pair(before: str, after: str) -> bool:
    """Tell two pieces of text that meet between two CJK characters (no space between)."""
    return bool(
        before and after and re.match(rf"[{_CJK}]", after) and re.match(rf"[{_CJK}]", before[-1])
    )


def _table_rows(page, tables: list, mids: list[float]) -> list[_Row]:  # noqa: ANN001
    """Return the rows of the tables that hold some text, each cell as its lines."""
    rows: list[_Row] = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract(x_tolerance=1.5), strict=False):
            lines = [_LETTER_SPACED.sub("", c or "").split("\n") for c in cells]
            if mids and _straddles(page, row.bbox, mids):
                # One text across the columns (an entity name): one cell, the rest empty.
                text = _LETTER_SPACED.sub(
                    "", page.within_bbox(row.bbox).extract_text(x_tolerance=1.5)
                )
                lines = [text.split("\n")] + [[""] for _ in cells[1:]]
            if any(ln.strip() for cell in lines for ln in cell):
                rows.append(_Row(page.page_number, row.bbox[1], lines))
    return rows


def _rows_ruled_table(page) -> tuple[list, list[float]]:  # noqa: ANN001 - pdfplumber Page
    """Find a table ruled only between rows, taking its columns from the gaps in its text.

    Returns
    -------
    tuple of (list, list of float)
        The tables found (at most one) and the inner column boundaries.

    """
    rules = [
        e
        for e in page.edges
        if e["orientation"] == "h" and e["x1"] - e["x0"] > 0.5 * float(page.width)
    ]
    tops = sorted({round(e["top"], 1) for e in rules})
    if len(tops) < 3:
        return [], []
    x0 = min(e["x0"] for e in rules)
    x1 = max(e["x1"] for e in rules)
    mids = _column_boundaries(page, tops, x0, x1)
    if not 1 <= len(mids) <= 9:
        return [], []
    settings = {
        "vertical_strategy": "explicit",
        "explicit_vertical_lines": [x0, *mids, x1],
        "horizontal_strategy": "lines",
    }
    tables = [t for t in page.find_tables(settings) if t.rows and len(t.rows[0].cells) >= 2]
    return tables, mids


def _column_boundaries(page, tops: list[float], x0: float, x1: float) -> list[float]:  # noqa: ANN001
    """Return the middles of the gaps between the columns of a table ruled between rows.

    A column boundary is a horizontal gap (over 3 pt) that no word of the
    header row nor of any row with text in two or more places crosses; a row whose
    text is one run from the left edge (an entity name spanning the columns) may
    cross it.
    """
    words = page.within_bbox((x0, tops[0], x1, tops[-1])).extract_words(x_tolerance=1.5)
    left = int(min((w["x0"] for w in words), default=x0))
    blocked: set[int] = set()
    for n, band in enumerate(zip(tops, tops[1:], strict=False)):
        xs: set[int] = set()
        for w in words:
            if band[0] <= (w["top"] + w["bottom"]) / 2 <= band[1]:
                # Widened by 1.5 pt each side, so word spaces (< 3 pt) are covered.
                xs.update(range(int(w["x0"] - 1.5), int(w["x1"] + 1.5) + 1))
        if xs and (n == 0 or len(_runs(xs, 5)) > 1 or min(xs) > left + 2):
            blocked |= xs
    gaps = _runs(set(range(int(x0) + 1, int(x1))) - blocked, 1)
    right = max(blocked, default=0)
    return [(a + b) / 2 for a, b in gaps if b - a >= 1 and a > left and b < right]


def _straddles(page, bbox: tuple, mids: list[float]) -> bool:  # noqa: ANN001
    words = page.within_bbox(bbox).extract_words(x_tolerance=1.5)
    return any(w["x0"] < m - 1 and w["x1"] > m + 1 for w in words for m in mids)


def _runs(xs: set[int], gap: int) -> list[tuple[int, int]]:
    """Return the runs ``(first, last)`` of ``xs`` that are separated by at least ``gap``."""
    runs: list[tuple[int, int]] = []
    for x in sorted(xs):
        if runs and x - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


# --- lines and paragraphs ------------------------------------------------------------


def _cluster_lines(words: list[dict]) -> list[list[dict]]:
    """Group words into lines by vertical overlap with each line's largest word.

    A raised footnote mark overlaps its line well, though its centre lies above it.
    """
    lines: list[tuple[list[dict], list[float]]] = []  # words, [top, bottom, size]
    for word in sorted(words, key=lambda w: (-w["size"], w["top"], w["x0"])):
        height = max(word["bottom"] - word["top"], 0.1)
        best, best_overlap = None, 0.0
        for line in lines:
            top, bottom, _ = line[1]
            overlap = min(bottom, word["bottom"]) - max(top, word["top"])
            share = overlap / min(height, bottom - top or 0.1)
            if share > 0.3 and share > best_overlap:
                best, best_overlap = line, share
        if best is None:
            lines.append(([word], [word["top"], word["bottom"], word["size"]]))
        else:
            best[0].append(word)
    lines.sort(key=lambda line: line[1][0])
    return [sorted(line, key=lambda w: w["x0"]) for line, _ in lines]


def _line_text(words: list[dict], size: float) -> str:
    base = max(w["bottom"] for w in words if w["size"] >= 0.9 * size)
    out = ""
    prev: dict | None = None
    for word in words:
        text = word["text"]
        raised = word["size"] < 0.8 * size and word["bottom"] < base - 0.15 * size
        if raised and re.fullmatch(r"\d{1,3}", text):
            text = "".join(SUPERSCRIPTS[int(d)] for d in text)
        if prev is not None and word["x0"] - prev["x1"] > 1.0 and not _cjk_pair(out, text):
            out += " "
        out += text
        prev = word
    return out


def _drop_running_lines(items: list, n_pages: int, notes: list[str]) -> list:
    """Drop page numbers and headers/footers repeated in the page margins."""
    counts: dict[str, set[int]] = {}
    for it in items:
        if isinstance(it, _Line) and it.in_margin:
            counts.setdefault(re.sub(r"\d+", "#", it.text), set()).add(it.page)
    running = {k for k, pages in counts.items() if len(pages) >= max(2, n_pages / 2)}
    kept, dropped = [], 0
    for it in items:
        if isinstance(it, _Line) and it.in_margin:
            key = re.sub(r"\d+", "#", it.text)
            # The first page keeps its header: it holds the document symbol.
            if (key in running and it.page > 1) or _PAGE_FURNITURE.fullmatch(it.text):
                dropped += 1
                continue
        kept.append(it)
    if dropped:
        notes.append(f"{dropped} page-number/running-header line(s) dropped")
    return kept


def _assemble(items: list, notes: list[str], hyphens: Hyphens) -> str:
    """Write the lines and rows of all pages as text: paragraphs one a line, rows TAB-separated."""
    lines = [it for it in items if isinstance(it, _Line)]
    assembler = _Assembler(_paragraph_gap(lines), hyphens, _body_size(lines))
    for it in items:
        if isinstance(it, _Row):
            assembler.add_row(it)
        else:
            assembler.add_line(it)
    assembler.flush()
    if assembler.merged:
        notes.append(f"{assembler.merged} annex row(s) split by a page break joined")
    return "\n".join(assembler.out).strip("\n") + "\n"


def _body_size(lines: list[_Line]) -> float:
    """Return the font size of most lines: the paragraphs' (footnotes are smaller)."""
    sizes = [round(line.size, 1) for line in lines]
    return statistics.mode(sizes) if sizes else 0.0


def _paragraph_gap(lines: list[_Line]) -> float:
    """Return the gap between lines (in font sizes) above which a new paragraph starts."""
    gaps = [
        (b.top - a.bottom) / max(a.size, 1.0)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and b.top > a.bottom - 1
    ]
    line_gap = statistics.quantiles(gaps, n=5)[0] if len(gaps) >= 5 else 0.3
    return line_gap + 0.3


class _Assembler:
    """The text written so far, and the paragraph (``block``) being gathered."""

    def __init__(self, threshold: float, hyphens: Hyphens, body_size: float = 0.0) -> None:
        self.threshold = threshold
        self.body_size = body_size
        self.hyphens = hyphens
        self.out: list[str] = []
        self.block: list[str] = []
        self.header: list[str] | None = None
        self.prev: _Line | _Row | None = None
        self.last_row: _Row | None = None
        self.last_row_at = 0
        self.pages_with_rows: set[int] = set()
        self.merged = 0

    def flush(self) -> None:
        """Write the paragraph gathered so far, if any."""
        if self.block:
            self.out.append(join_lines(self.block, self.hyphens))
            self.out.append("")
            self.block.clear()

    def add_row(self, it: _Row) -> None:
        """Write a table row, or join it to the last row when a page break split that."""
        self.flush()
        if self.header is None:
            self.header = it.cells
        first_on_page = it.page not in self.pages_with_rows
        if it.cells != self.header:
            self.pages_with_rows.add(it.page)
        if it.cells != self.header and first_on_page and self._continues_last_row(it):
            self._join_last_row(it)
            return
        if self.out and self.out[-1] != "" and not isinstance(self.prev, _Row):
            self.out.append("")
        self.out.append("\t".join(it.cells))
        if it.cells != self.header:
            self.last_row, self.last_row_at = it, len(self.out) - 1
        self.prev = it

    def _continues_last_row(self, it: _Row) -> bool:
        last = self.last_row
        return last is not None and last.page < it.page and _continues_row(last.cells, it.cells)

    def _join_last_row(self, it: _Row) -> None:
        last = self.last_row
        assert last is not None
        last.cells = [
            join_lines([a, b], self.hyphens) for a, b in zip(last.cells, it.cells, strict=True)
        ]
        self.out[self.last_row_at] = "\t".join(last.cells)
        self.merged += 1

    def add_line(self, it: _Line) -> None:
        """Add a line to the paragraph being gathered, or start a new paragraph with it."""
        if isinstance(self.prev, _Row):
            self.out.append("")
        if self._starts_paragraph(it):
            self.flush()
        self.block.append(it.text)
        self.prev = it

    def _starts_paragraph(self, it: _Line) -> bool:
        block, prev = self.block, self.prev
        # In a footnote's smaller type, only a footnote mark starts one: a line of it that
        # wraps at "p. 17." is no paragraph 17.
        starts = _starts_block(it.text) and (
            it.size >= 0.9 * self.body_size or it.text[:1] in SUPERSCRIPTS
        )
        return (
            not block
            or not isinstance(prev, _Line)
            or abs(it.size - prev.size) > 0.15 * prev.size
            or (
                it.page == prev.page
                and (it.top - prev.bottom) / max(prev.size, 1.0) > self.threshold
            )
            or (it.page != prev.page and (block[-1].endswith(_TERMINAL) or starts))
            or (starts and block[-1].endswith(_TERMINAL))
        )


def _starts_block(text: str) -> bool:
    return bool(
        PARAGRAPH_START.match(text) or SECTION_START.match(text) or text[:1] in SUPERSCRIPTS + "*"
    )


def _continues_row(prev: list[str], row: list[str]) -> bool:
    """Tell whether ``row`` (no label, first on its page) continues the cells of ``prev``.

    A row cut by a page break goes on in the cells that were cut, under an empty
    label; an annex note (``*``) is never a continuation.
    """
    content = [c for c in row[1:] if c]
    if len(prev) != len(row) or row[0] or not content or content[0] == "*":
        return False
    return all(prev[i] for i in range(1, len(row)) if row[i])
