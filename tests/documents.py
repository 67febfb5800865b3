"""Reports laid out as the files an analyst receives: a Typst-made PDF, a Word document.

Shared by the tests that register reports (`briefing add`) from PDF and DOCX.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CJK_FONTS = Path("/usr/share/fonts/opentype/noto")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


# --- a report laid out as a PDF with Typst --------------------------------------------


def _typ_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def report_typ(
    text: str, cjk: bool = False, printed_as: str | None = None, stroke: str = "0.5pt"
) -> str:
    """Lay a report's text out as Typst: paragraphs, then the annex as a ruled table.

    Every non-empty body line becomes a paragraph; after "Annex"/"附件" the title
    lines stay paragraphs and the TAB-separated rows become a 5-column
    ``#table`` whose header repeats on each page (repeated header rows of the text
    are dropped); a line without TABs becomes a row spanning all columns.

    With ``printed_as`` (a document symbol) the layout is closer to a printed UN
    document: justified and hyphenated text with first-line indents, the symbol
    as running header, a job number and page number as footer, and table rows
    that may be cut by a page break. ``stroke`` rules the table, e.g.
    ``(x: none, y: 0.5pt)`` for rules between rows only.
    """
    lines = text.split("\n")
    annex = next(i for i, ln in enumerate(lines) if ln.strip() in ("Annex", "附件"))
    out = [
        '#set text(font: ("Liberation Serif", "Noto Serif CJK SC"), size: 10pt, '
        f'lang: "{"zh" if cjk else "en"}", cjk-latin-spacing: none)',
        '#set page(paper: "a4", margin: 2cm, numbering: "1")',
        "#set par(justify: false, leading: 0.5em, spacing: 1.4em)",
        "#set table.cell(breakable: false)",
    ]
    if printed_as:
        out += [
            f"#set page(header: [#h(1fr) #{_typ_string(printed_as)}], "
            "footer: context [16-12345 #h(1fr) #counter(page).display()])",
            "#set par(justify: true, first-line-indent: 1em)",
            "#set text(cjk-latin-spacing: auto)",
            "#set table.cell(breakable: true)",
        ]
    body = lines[: annex + 1]
    out += [f"#par[{_typ_text(ln.strip(), printed_as)}]" for ln in body if ln.strip()]
    header: list[str] | None = None
    cells: list[str] = []
    for line in (ln for ln in lines[annex + 1 :] if ln.strip()):
        if "\t" not in line and header is None:
            out.append(f"#par[#{_typ_string(line.strip())}]")
            continue
        row = line.split("\t")
        if header is None:
            header = row
        elif row != header and len(row) == 1:
            cells.append(f"table.cell(colspan: 5)[#{_typ_string(row[0].strip())}]")
        elif row != header:
            row += [""] * (len(header) - len(row))  # a row whose trailing tabs were cut
            cells += [f"[#{_typ_string(c.strip())}]" for c in row]
    assert header is not None
    head = ", ".join(f"[#{_typ_string(c.strip())}]" for c in header)
    out += [
        "#set text(size: 8pt)",
        # Cells ragged-right when there are no vertical rules, as in UN tables.
        "#show table: set par(justify: false)" if "x: none" in stroke else "",
        f"#table(columns: (1fr, 1fr, 1.3fr, 1fr, 1fr), stroke: {stroke}, inset: 4pt,",
        f"  table.header(repeat: true, {head}),",
        "  " + ",\n  ".join(cells) + ",",
        ")",
    ]
    return "\n".join(out) + "\n"


def _typ_text(line: str, printed_as: str | None) -> str:
    """Return a line as Typst content; as printed, footnote marks become ``#super[1]``."""
    if not printed_as:
        return f"#{_typ_string(line)}"
    parts = re.split(f"([{SUPERSCRIPTS}]+)", line)
    return "".join(
        f"#super[{''.join(str(SUPERSCRIPTS.index(ch)) for ch in part)}]"
        if i % 2
        else f"#{_typ_string(part)}"
        for i, part in enumerate(parts)
        if part
    )


def compile_typst(typ: str, output: Path) -> Path:
    typst = pytest.importorskip("typst")
    fonts = [str(p) for p in (CJK_FONTS, Path("/usr/share/fonts/truetype")) if p.is_dir()]
    typst.compile(typ.encode("utf-8"), output=str(output), font_paths=fonts)
    return output


def docx_report(text: str, path: Path) -> Path:
    """Write a report's text as a Word document: paragraphs and a 5-column table."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    lines = text.split("\n")
    annex = next(i for i, ln in enumerate(lines) if ln.strip() in ("Annex", "附件"))
    for line in (ln.strip() for ln in lines[: annex + 1]):
        if not line:
            continue
        paragraph = document.add_paragraph()
        if line.endswith("¹"):  # a footnote mark as Word types it: a superscript digit
            paragraph.add_run(line[:-1])
            paragraph.add_run("1").font.superscript = True
        else:
            paragraph.add_run(line)
    rows = [ln for ln in lines[annex + 1 :] if ln.strip()]
    first_row = next(i for i, ln in enumerate(rows) if "\t" in ln)
    for line in rows[:first_row]:
        document.add_paragraph(line.strip())
    table_rows = [ln.split("\t") for ln in rows[first_row:]]
    table = document.add_table(rows=len(table_rows), cols=5)
    for r, cells in enumerate(table_rows):
        if len(cells) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            merged.text = cells[0].strip()
            continue
        for c, value in enumerate(cells):
            table.cell(r, c).text = value.strip()
    document.save(str(path))
    return path


# --- a report laid out as the UN prints it ----------------------------------------------


def un_report_typ(text: str, symbol: str, job: str = "19-12345", cjk: bool = False) -> str:
    """Lay a report's text out as a UN document: the layout real reports have.

    A4 portrait, the symbol as running header, the job number and "page/total" in the
    footer; footnotes at the foot of the page that cites them (Typst numbers them in
    order of citation, as the text does); the annex on landscape pages, its table
    breaking across pages with the header row repeated (a header row repeated in the
    text is dropped: the layout repeats it).
    """
    lines = text.split("\n")
    annex = next(i for i, ln in enumerate(lines) if ln.strip() in ("Annex", "附件"))
    notes = {
        _superscript_number(m.group(1)): m.group(2)
        for ln in lines[:annex]
        if (m := re.match(f"^([{SUPERSCRIPTS}]+)\\s*(.*)$", ln.strip()))
    }
    language = "E" if not cjk else "C"
    out = [
        '#set text(font: ("Liberation Serif", "Noto Serif CJK SC"), size: 10pt, '
        f'lang: "{"zh" if cjk else "en"}")',
        '#set page(paper: "a4", margin: (x: 2.2cm, top: 2.6cm, bottom: 2.6cm), '
        f"header: [#h(1fr) #{_typ_string(symbol)}], "
        f"footer: context [#{_typ_string(f'{job} ({language})')} #h(1fr) "
        '#counter(page).display("1/1", both: true)])',
        "#set par(justify: true, leading: 0.55em, spacing: 1.2em)",
        "#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt))",
        "#set table.cell(breakable: false)",
    ]
    for line in (ln.strip() for ln in lines[:annex]):
        if line and not re.match(f"^[{SUPERSCRIPTS}]", line):
            out.append(f"#par[{_with_footnotes(line, notes)}]")
    out += ["#set page(flipped: true)", f"#par[#{_typ_string(lines[annex].strip())}]"]
    out += _annex_table(lines[annex + 1 :], size="11pt")
    return "\n".join(out) + "\n"


def _superscript_number(mark: str) -> int:
    return int("".join(str(SUPERSCRIPTS.index(ch)) for ch in mark))


def _with_footnotes(line: str, notes: dict[int, str]) -> str:
    """Return a line as Typst content, each footnote mark a ``#footnote[...]``."""
    parts = re.split(f"([{SUPERSCRIPTS}]+)", line)
    out = []
    for i, part in enumerate(parts):
        if not part:
            continue
        if i % 2:
            out.append(f"#footnote[#{_typ_string(notes[_superscript_number(part)])}]")
        else:
            out.append(f"#{_typ_string(part)}")
    return "".join(out)


def _annex_table(lines: list[str], size: str) -> list[str]:
    """Return the annex title paragraphs and its table (header repeated on every page)."""
    out: list[str] = []
    header: list[str] | None = None
    cells: list[str] = []
    for line in (ln for ln in lines if ln.strip()):
        row = line.split("\t")
        if len(row) == 1 and header is None:
            out.append(f"#par[#{_typ_string(line.strip())}]")
        elif header is None:
            header = row
        elif len(row) == 1:
            cells.append(f"table.cell(colspan: 5)[#{_typ_string(row[0].strip())}]")
        elif row != header:
            row += [""] * (len(header) - len(row))  # a row whose trailing tabs were cut
            cells += [f"[#{_typ_string(c.strip())}]" for c in row]
    assert header is not None
    head = ", ".join(f"[#{_typ_string(c.strip())}]" for c in header)
    return [
        *out,
        f"#set text(size: {size})",
        "#table(columns: (1.1fr, 1.2fr, 2fr, 1.6fr, 1.2fr), stroke: 0.5pt, inset: 6pt,",
        f"  table.header(repeat: true, {head}),",
        "  " + ",\n  ".join(cells) + ",",
        ")",
    ]
