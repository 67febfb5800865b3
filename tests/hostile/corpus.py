"""The hostile corpus: inputs that once broke the pipeline, generated (never committed).

Each generator returns bytes, text or writes a file into a test's ``tmp_path``. A new
bug of this kind gets its generator here and its test next to the others in
``tests/hostile/``.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from tests.conftest import ROOT, SOURCE_ID, SYNTHETIC, empty_project

ORIGINAL = ROOT / "data" / "sources" / SOURCE_ID
#: The annex cell of the real report that says 9 824 weapons were collected in Burundi.
BURUNDI_CELL = "收回了9 824件武器"
BURUNDI_FIGURE = f"{SOURCE_ID}/annex-017-training_awareness/1"

#: Symbols a user may pass with --symbol: script, a local file embedded as an image,
#: raw HTML in inline code, a Typst call, Markdown structure.
HOSTILE_SYMBOLS = (
    "A/70/1<img src=x onerror=alert(1)>",
    "A/70/1 ![leak](/etc/passwd)",
    "A/70/1`<script>alert(2)</script>`{=html}",
    'A/70/1 #read("/etc/passwd")',
    "A/70/1\n\n# Heading",
)
#: A citation (free text in source.yml) carrying every kind of payload at once.
HOSTILE_CITATION = (
    "UN report <img src=x onerror=alert(3)> ![leak](/etc/passwd) "
    '`<script>alert(4)</script>`{=html} #read("/etc/passwd") $x$ @fig-weapons '
    "[link](javascript:alert(5)) <script>alert(6)</script> &lt;b&gt; *em* _u_ ~s~ ^p^ \\"
)
#: Invisible or unusual characters inside "9 824" and where they belong.
INVISIBLE_VARIANTS = {
    "zero-width space before the space": "9\u200b 824",
    "zero-width space after the space": "9 \u200b824",
    "zero-width space instead of the space": "9\u200b824",
    "no-break space": "9\u00a0824",
    "narrow no-break space": "9\u202f824",
    "ideographic space": "9\u3000824",
    "word joiner and bidi marks": "\u200e9 \u2060824\u200f",
    "byte-order mark inside": "9 \ufeff824",
}
#: Cells that a spreadsheet would run as a formula (the OWASP CSV-injection list).
FORMULA_CELLS = (
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
)


def report_text() -> str:
    """Return the real 2015 report's text."""
    return (ORIGINAL / "report.txt").read_text(encoding="utf-8")


def english_text() -> str:
    """Return the synthetic English report's text."""
    return (SYNTHETIC / "synthetic_2016_en.txt").read_text(encoding="utf-8")


def project_with(tmp_path: Path, data: bytes, **meta: object) -> Path:
    """A throwaway project with the real reference data and one report (2015 metadata)."""
    root = empty_project(tmp_path)
    folder = root / "data" / "sources" / SOURCE_ID
    folder.mkdir()
    (folder / "report.txt").write_bytes(data)
    fields = yaml.safe_load((ORIGINAL / "source.yml").read_text(encoding="utf-8"))
    fields.update(meta, sha256=hashlib.sha256(data).hexdigest())
    (folder / "source.yml").write_text(yaml.safe_dump(fields, allow_unicode=True), "utf-8")
    return root


def real_project(tmp_path: Path) -> Path:
    """A throwaway project holding the real 2015 report."""
    root = empty_project(tmp_path)
    shutil.copytree(ORIGINAL, root / "data" / "sources" / SOURCE_ID)
    return root


def encodings(text: str) -> dict[str, bytes]:
    """Return the same text in the encodings and line ends it may arrive in."""
    return {
        "gb18030": text.encode("gb18030"),
        "utf-8 crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "utf-8 bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16 bom": text.encode("utf-16"),
        "gb18030 crlf": text.replace("\n", "\r\n").encode("gb18030"),
    }


def docx_of(text: str, path: Path) -> Path:
    """Write the text as a Word document (paragraphs and the annex as a table)."""
    from tests.documents import docx_report

    return docx_report(text, path)


def encrypted_pdf(path: Path) -> Path:
    """Write a PDF that needs a password."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="RC4-128")
    with path.open("wb") as file:
        writer.write(file)
    return path


def junk_docx(path: Path, kind: str) -> Path:
    """Write a file named .docx that is not a readable Word document."""
    if kind == "not a zip":
        path.write_bytes(b"This is not a Word document at all.\n" * 10)
    elif kind == "zip without word":
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "no document here")
    else:  # an encrypted or old Word file: an OLE container
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return path


def copies(text: str, n: int) -> str:
    """Return ``n`` copies of a report joined into one text."""
    return "\n".join([text] * n)


def huge_cell(text: str, characters: int) -> str:
    """Return the report with the Burundi annex cell grown to ``characters`` of numbers."""
    unit = "组织自愿交回小武器运动，结果收回了9 824件武器和1 250发弹药，"
    return text.replace(BURUNDI_CELL, unit * (characters // len(unit) + 1), 1)
