"""The decks' post-render step: every PPTX a render wrote, finished for presenting.

``reports/_scripts/pptx_deck.py`` is declared under ``project: post-render:`` in
``_quarto.yml``, so real Quarto runs it after a render, and the built-in renderer runs
the same entry the same way (:mod:`analysis.render._scripts`). For each chart slide
(a picture, or the picture and its caption) of each PPTX written:

* the title is set to one size and given the lines it needs, no more;
* the chart gets the room between title and caption, as wide as the slide allows
  (Pandoc leaves it at its layout's half-empty content box);
* the source line is set small enough to fit under it;
* a picture whose PNG carries a native chart (:mod:`analysis.native_charts`) is
  replaced by that chart, which fills the whole room; every picture gets its alt text;
* every run of Chinese text, on the slides, in their charts and in the notes, is
  marked as Chinese (Pandoc marks none).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.native_charts import NativeChart, add_chart, chart_data
from analysis.text_width import chinese_pieces, display_width, has_cjk

#: Point sizes of a chart slide's title and source line.
TITLE_PT = 24
CAPTION_PT = 10
#: Margin around the slide's content, as a share of the slide width.
MARGIN = 0.04
_EMU_PER_PT = 12700
#: The language PowerPoint marks Chinese (Simplified) text with, and the other
#: language it names beside it.
_CHINESE, _CHINESE_ALT = "zh-CN", "en-US"


def post_render(env: Mapping[str, str] = os.environ, cwd: Path | None = None) -> list[Path]:
    """Finish every PPTX a render wrote (see the module doc).

    Parameters
    ----------
    env
        The post-render environment: ``QUARTO_PROJECT_OUTPUT_FILES`` lists the files
        written, one per line, relative to the project directory (Quarto's contract;
        the built-in renderer follows it).
    cwd
        The project directory (default: the working directory, where Quarto runs
        post-render scripts).

    Returns
    -------
    list of Path
        The PPTX files rewritten.

    """
    base = cwd or Path.cwd()
    files = [line for line in env.get("QUARTO_PROJECT_OUTPUT_FILES", "").splitlines() if line]
    decks = [base / f for f in files if f.lower().endswith(".pptx")]
    for deck in decks:
        finish_deck(deck)
    return decks


def finish_deck(path: Path) -> int:
    """Lay out every chart slide of one PPTX, put in its native charts, mark its Chinese.

    Returns
    -------
    int
        The number of pictures replaced by native charts.

    """
    from pptx import Presentation

    deck = Presentation(str(path))
    replaced = sum(
        _finish_slide(slide, deck.slide_width, deck.slide_height) for slide in deck.slides
    )
    for slide in deck.slides:
        _mark_chinese(slide)
    tmp = path.with_name(path.name + ".tmp")
    deck.save(str(tmp))
    os.replace(tmp, path)
    return replaced


@dataclass(frozen=True)
class _Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    def place(self, shape: Any) -> None:
        """Move and size ``shape`` to this box."""
        shape.left, shape.top, shape.width, shape.height = (
            self.left,
            self.top,
            self.width,
            self.height,
        )


def _finish_slide(slide: Any, width: int, height: int) -> int:
    """Lay out one chart slide; return 1 if its picture became a native chart."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    if len(pictures) != 1:
        return 0
    picture, title = pictures[0], slide.shapes.title
    captions = [
        s
        for s in slide.shapes
        if s.has_text_frame and s is not title and s.top >= picture.top + picture.height
    ]
    margin = int(width * MARGIN)
    inner = width - 2 * margin
    top = _title(title, margin, inner) if title is not None else margin
    heights = [_caption(c, inner) for c in captions]
    room = _Box(margin, top, inner, height - top - sum(heights) - margin // 2)
    payload = chart_data(picture.image.blob) or {}
    picture._element.nvPicPr.cNvPr.set("descr", payload.get("alt", ""))
    native = payload.get("native")
    if native:
        _native(slide, picture, NativeChart.from_dict(native), room, payload["alt"])
        chart = room
    else:
        chart = _fit(picture, room)
    below = chart.top + chart.height
    for caption, caption_h in zip(captions, heights, strict=True):
        _Box(margin, below, inner, caption_h).place(caption)
        below += caption_h
    return 1 if native else 0


def _mark_chinese(slide: Any) -> None:
    """Mark each run of Chinese text of a slide, its charts and its notes as Chinese.

    Pandoc marks no run with a language, so every run takes the template's (US
    English). PowerPoint takes line breaking (no full stop or comma at the start of a
    line), proofing and a screen reader's voice from a run's ``lang``; PowerPoint marks
    a Chinese run it writes ``lang="zh-CN" altLang="en-US"``, as here. Other runs keep
    the template's language.
    """
    from pptx.oxml.ns import qn

    parts = [slide.shapes._spTree]
    parts += [shape.chart._chartSpace for shape in slide.shapes if shape.has_chart]
    if slide.has_notes_slide:
        parts.append(slide.notes_slide.shapes._spTree)
    for part in parts:
        for run in list(part.iter(qn("a:r"))):
            if has_cjk(run.findtext(qn("a:t")) or ""):
                _split_by_language(run)


def _split_by_language(run: Any) -> None:
    """Cut a run into its stretches of Chinese and of other text; mark the Chinese ones.

    Each piece keeps the run's formatting: an English note quoting the report in
    Chinese is proofed as English, its quote as Chinese.
    """
    from pptx.oxml.ns import qn

    pieces = chinese_pieces(run.findtext(qn("a:t")) or "")
    for piece, chinese in reversed(pieces[1:]):
        run.addnext(_run_piece(run, piece, chinese))
    run.getparent().replace(run, _run_piece(run, *pieces[0]))


def _run_piece(run: Any, piece: str, chinese: bool) -> Any:
    """Return a copy of ``run`` holding ``piece``, marked Chinese if it is."""
    from pptx.oxml.ns import qn

    part = deepcopy(run)
    part.find(qn("a:t")).text = piece
    if chinese:
        properties = part.get_or_add_rPr()
        properties.set("lang", _CHINESE)
        properties.set("altLang", _CHINESE_ALT)
    return part


def _lines(text: str, points: float, width_emu: int) -> int:
    """Return about how many lines ``text`` takes at ``points`` in ``width_emu``."""
    per_line = width_emu / (points * _EMU_PER_PT * 0.52)  # a Latin letter is ~half an em
    return max(1, math.ceil(display_width(text) / per_line))


def _title(title: Any, margin: int, inner: int) -> int:
    """Set the title's size and box (the lines it needs); return the bottom of its box."""
    from pptx.util import Pt

    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(TITLE_PT)
    lines = _lines(title.text_frame.text, TITLE_PT, inner)
    box = _Box(margin, margin // 2, inner, int((lines * 1.25 * TITLE_PT + 14) * _EMU_PER_PT))
    box.place(title)
    return box.top + box.height


def _caption(caption: Any, inner: int) -> int:
    """Set the caption's size; return the height its lines need (EMU)."""
    from pptx.util import Pt

    frame = caption.text_frame
    frame.word_wrap = True
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(CAPTION_PT)
    lines = _lines(frame.text, CAPTION_PT, inner)
    return int((lines * 1.3 * CAPTION_PT + 10) * _EMU_PER_PT)


def _fit(picture: Any, room: _Box) -> _Box:
    """Scale ``picture`` (aspect kept) to the room, centred across; return its box."""
    scale = min(room.width / picture.width, room.height / picture.height)
    w, h = int(picture.width * scale), int(picture.height * scale)
    box = _Box(room.left + (room.width - w) // 2, room.top, w, h)
    box.place(picture)
    return box


def _native(slide: Any, picture: Any, native: NativeChart, room: _Box, alt: str) -> None:
    """Put ``native`` in the whole room and remove the picture it replaces."""
    frame = add_chart(slide, native, (room.left, room.top, room.width, room.height))
    frame._element.nvGraphicFramePr.cNvPr.set("descr", alt)
    picture._element.getparent().remove(picture._element)
