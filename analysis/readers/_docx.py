"""DOCX → text, with python-docx.

Paragraphs are read in document order, one a line; tables are written as
TAB-separated rows; footnote texts are listed before the annex.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from analysis.errors import BriefingError
from analysis.readers._lines import ANNEX_HEADING, SUPERSCRIPTS, join_lines
from analysis.readers._text import DerivedText

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_METHOD = (
    "Paragraphs read in document order, one a line; tables written as TAB-separated "
    "rows (merged cells once); superscript digits and footnote references as "
    "superscript marks, footnote texts listed before the annex."
)


def docx_text(path: Path) -> DerivedText:
    """Read the paragraphs, tables and footnotes of a DOCX.

    Raises
    ------
    BriefingError
        When python-docx is missing or the file is not a readable DOCX.

    """
    try:
        import docx
    except ImportError as exc:
        raise BriefingError(
            path,
            "reading .docx needs the python-docx package, which is not installed",
            "pip install python-docx, or save the report as PDF or UTF-8 text",
        ) from exc
    _check_package(path)
    try:
        document = docx.Document(str(path))
        footnotes = _docx_footnotes(document)
        used: list[str] = []
        out = _docx_body(document, footnotes, used)
    except Exception as exc:  # python-docx and lxml raise several kinds for bad files
        raise BriefingError(
            path,
            f"not a readable DOCX ({type(exc).__name__}: {exc})",
            "check the file: open and save it again in Word, or add it as PDF or UTF-8 text",
        ) from exc
    notes: list[str] = []
    if used:
        # Footnotes go after the body, before the annex, as the extractor expects.
        annex_at = next((i for i, ln in enumerate(out) if ANNEX_HEADING.match(ln)), len(out))
        lines = [f"{_superscript(n)} {footnotes[n]}" for n in used]
        out[annex_at:annex_at] = [*lines, ""]
        notes.append(f"{len(used)} footnote(s) placed before the annex")
    version = getattr(docx, "__version__", "")
    text = "\n".join(out).strip("\n") + "\n"
    return DerivedText(text, "utf-8", f"python-docx {version}".strip(), _METHOD, notes)


def _check_package(path: Path) -> None:
    """Refuse, with the reason, a file that is not a DOCX package at all."""
    with path.open("rb") as file:
        signature = file.read(8)
    if signature == _OLE_SIGNATURE:
        raise BriefingError(
            path,
            "not a DOCX but an encrypted Word file or an old .doc (OLE container)",
            "save it from Word as an unprotected .docx (or as PDF or UTF-8 text) and add that",
        )
    if not zipfile.is_zipfile(path):
        raise BriefingError(
            path,
            "not a readable DOCX (a DOCX is a ZIP package; this file is not one)",
            "check the file: open and save it again in Word, or add it as PDF or UTF-8 text",
        )


def _docx_body(document, footnotes: dict[str, str], used: list[str]) -> list[str]:  # noqa: ANN001
    """Return the body's lines: each paragraph and table row, then an empty line."""
    out: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _docx_paragraph(element, footnotes, used)
            if text.strip():
                out += [text.strip(), ""]
        elif tag == "tbl":
            rows = _docx_table(element)
            out += [*rows, ""]
    return out


def _superscript(number: str) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in number if d.isdigit())


def _docx_footnotes(document) -> dict[str, str]:  # noqa: ANN001 - docx.Document
    from docx.oxml.ns import qn

    texts: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(qn("w:footnote")):
                fid = note.get(qn("w:id"))
                body = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                if fid and int(fid) > 0 and body:
                    texts[fid] = body
    return texts


def _docx_paragraph(p, footnotes: dict[str, str], used: list[str]) -> str:  # noqa: ANN001 - w:p
    from docx.oxml.ns import qn

    parts: list[str] = []
    for run in p.iter(qn("w:r")):
        ref = run.find(qn("w:footnoteReference"))
        if ref is not None:
            fid = ref.get(qn("w:id"))
            if fid in footnotes:
                if fid not in used:
                    used.append(fid)
                parts.append(_superscript(str(used.index(fid) + 1)))
            continue
        text = "".join(
            (t.text or "") if t.tag == qn("w:t") else "\t" if t.tag == qn("w:tab") else "\n"
            for t in run
            if t.tag in (qn("w:t"), qn("w:tab"), qn("w:br"))
        )
        props = run.find(qn("w:rPr"))
        align = None if props is None else props.find(qn("w:vertAlign"))
        if align is not None and align.get(qn("w:val")) == "superscript" and text.isdigit():
            text = _superscript(text)
        parts.append(text)
    text = "".join(parts).replace("\t", " ")
    return unicodedata.normalize("NFC", join_lines(text.split("\n")))


def _docx_table(tbl) -> list[str]:  # noqa: ANN001 - w:tbl element
    from docx.oxml.ns import qn

    rows: list[str] = []
    for tr in tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            props = tc.tcPr
            vmerge = None if props is None else props.find(qn("w:vMerge"))
            continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
            cells.append("" if continued else join_lines(texts))
            cells += [""] * (span - 1)
        if any(cells):
            rows.append("\t".join(cells))
    return rows
