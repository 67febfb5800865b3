"""Read a Quarto ``.qmd`` file into front matter, markdown chunks and Python cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ._errors import RenderError

_CELL_OPEN = re.compile(r"^(?P<fence>`{3,})\s*\{python(?P<rest>[^}]*)\}\s*$")
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
_OPTION = re.compile(r"^#\|\s?(?P<opt>.*)$")
_INLINE = re.compile(r"(?<!`)`\{python\}\s+(?P<expr>[^`\n]+?)\s*`(?!`)")


@dataclass
class Cell:
    """A ```` ```{python} ```` cell.

    Attributes
    ----------
    code : str
        The source without its ``#|`` option lines.
    options : dict
        The parsed ``#|`` options (``label``, ``fig-cap``, ``echo`` ...).
    line : int
        1-based line number of the opening fence in the ``.qmd``.

    """

    code: str
    options: dict[str, Any]
    line: int

    @property
    def label(self) -> str | None:
        """Return the cell's ``label`` option, if any."""
        label = self.options.get("label")
        return str(label) if label is not None else None

    def describe(self) -> str:
        """Return a human name for error messages: label and line."""
        if self.label:
            return f"cell '{self.label}' (line {self.line})"
        return f"cell at line {self.line}"


@dataclass
class Markdown:
    """A chunk of markdown prose between cells.

    Attributes
    ----------
    text : str
        The markdown source.
    line : int
        1-based line number where the chunk starts in the ``.qmd``.
    inline : list of str
        The inline ```` `{python} expr` ```` expressions in order of appearance.

    """

    text: str
    line: int
    inline: list[str] = field(default_factory=list)


@dataclass
class QmdDocument:
    """A parsed ``.qmd`` file."""

    path: Path
    meta: dict[str, Any]
    blocks: list[Cell | Markdown]


def _parse_options(lines: list[str], path: Path, line: int) -> tuple[dict[str, Any], list[str]]:
    """Split leading ``#|`` option lines from a cell body and parse them as YAML."""
    opts: list[str] = []
    i = 0
    while i < len(lines):
        match = _OPTION.match(lines[i])
        if not match:
            break
        opts.append(match.group("opt"))
        i += 1
    try:
        options = yaml.safe_load("\n".join(opts)) or {} if opts else {}
    except yaml.YAMLError as exc:
        raise RenderError(f"{path}: bad '#|' options in cell at line {line}: {exc}") from exc
    if not isinstance(options, dict):
        raise RenderError(f"{path}: '#|' options of cell at line {line} are not a mapping")
    return options, lines[i:]


def _split_front_matter(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """Return the YAML front matter and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:i])) or {}
            except yaml.YAMLError as exc:
                raise RenderError(f"{path}: invalid YAML front matter: {exc}") from exc
            if not isinstance(meta, dict):
                raise RenderError(f"{path}: front matter is not a mapping")
            return meta, i + 1
    raise RenderError(f"{path}: front matter is not closed with '---'")


def parse_qmd(path: Path) -> QmdDocument:
    """Parse a ``.qmd`` file.

    Parameters
    ----------
    path : Path
        The ``.qmd`` file.

    Returns
    -------
    QmdDocument
        Front matter and the alternating markdown chunks and Python cells.

    Raises
    ------
    RenderError
        On malformed front matter, cell options or an unclosed cell.

    """
    lines = path.read_text(encoding="utf-8").splitlines()
    meta, start = _split_front_matter(lines, path)
    blocks: list[Cell | Markdown] = []
    buf: list[str] = []
    buf_start = start + 1
    other_fence: str | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if other_fence is not None:
            buf.append(line)
            if line.strip() == other_fence:
                other_fence = None
            i += 1
            continue
        cell_open = _CELL_OPEN.match(line)
        if cell_open:
            fence = cell_open.group("fence")
            body: list[str] = []
            j = i + 1
            while j < len(lines) and lines[j].strip() != fence:
                body.append(lines[j])
                j += 1
            if j >= len(lines):
                raise RenderError(f"{path}: cell at line {i + 1} is not closed")
            if buf:
                blocks.append(_markdown("\n".join(buf), buf_start))
            options, code = _parse_options(body, path, i + 1)
            blocks.append(Cell("\n".join(code).strip("\n"), options, i + 1))
            buf = []
            buf_start = j + 2
            i = j + 1
            continue
        fence_open = _FENCE.match(line)
        if fence_open:
            other_fence = fence_open.group("fence")
        buf.append(line)
        i += 1
    if buf:
        blocks.append(_markdown("\n".join(buf), buf_start))
    return QmdDocument(path=path, meta=meta, blocks=blocks)


def _prose_segments(text: str) -> list[tuple[bool, str]]:
    """Split markdown into ``(is_fenced_code, text)`` segments, keeping line ends."""
    segments: list[tuple[bool, str]] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence = match.group("fence")
            segments.append((fence is not None, line))
        else:
            segments.append((True, line))
            if line.strip() == fence:
                fence = None
    return segments


def _markdown(text: str, line: int) -> Markdown:
    """Build a :class:`Markdown` chunk and collect its inline expressions."""
    inline = [
        m.group("expr")
        for is_code, seg in _prose_segments(text)
        if not is_code
        for m in _INLINE.finditer(seg)
    ]
    return Markdown(text=text, line=line, inline=inline)


def substitute_inline(text: str, values: list[str]) -> str:
    """Replace the inline expressions of ``text`` by their values, in order.

    Spans inside fenced code blocks are left alone.

    Parameters
    ----------
    text : str
        Markdown containing ```` `{python} expr` ```` spans.
    values : list of str
        One rendered value per span.

    Returns
    -------
    str
        The markdown with the spans replaced.

    """
    it = iter(values)
    return "".join(
        seg if is_code else _INLINE.sub(lambda _m: next(it), seg)
        for is_code, seg in _prose_segments(text)
    )
