"""The fonts the chart workers draw in: the faces the charts name, cheap to read.

vl-convert (through the fontdb crate) opens and maps a system font file again each time
it measures or draws a piece of text, and reads a font collection (``.ttc``) more slowly
still: converting every chart of one build opened Noto Sans CJK's collection about
50,000 times. So the chart worker processes (:mod:`analysis.chart_images`) see only the
faces the charts name (``fonts.family`` and ``fonts.latin_family`` of brand.yml), each
as a file of its own, through a fontconfig file of their own (``FONTCONFIG_FILE``).
Liberation Sans then comes from vl-convert itself, which carries it in memory for when
the system has none. A Chinese chart is drawn byte for byte as before; an English one
in vl-convert's Liberation Sans, whose widths differ from Debian's older copy by under a
pixel over a long label. Each conversion takes about a third less time.

A face is mapped again for every character measured, thousands of times per Chinese
chart, so how a face is laid out in its file matters more than its size: each is
written as HarfBuzz's subsetter lays a font out, what is read per character together
at the start of the file and the outlines last (:func:`_save_for_reading`).

The folder of faces is made once per set of installed fonts, in the cache folder. From
it, a folder of the same faces cut down to the characters a build's charts draw
(:func:`fontconfig_file` given ``characters``) is made in a twentieth of a second per
set of characters: a face of a few hundred glyphs is mapped and read in a few pages, and
a Chinese chart converts in about half the time again, drawn the same.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from analysis._memo import cache_dir

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

#: Where fontconfig finds fonts on Debian system-wide; the user's folders are added
#: (:func:`_font_roots`).
FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
#: Families vl-convert carries in memory (its fallback when the system has none); a
#: file of the system's would be slower to read.
_IN_VL_CONVERT = frozenset({"liberation sans"})
_SUFFIXES = (".ttf", ".otf", ".ttc")
#: How a folder's faces are written: part of its key, so a change makes new folders.
_FACES_VERSION = "4"
#: The layout features (substitutions and positionings) a shaper applies by default to
#: horizontal text (HarfBuzz's and rustybuzz's: common, horizontal, Hangul, Arabic and
#: Indic ones). A face written for the workers keeps only these: vertical forms and
#: metrics, width variants and alternates are never drawn in a chart, and Noto Sans
#: CJK's are large tables read again per text.
# fmt: off
_DEFAULT_FEATURES = frozenset({
    "abvm", "blwm", "ccmp", "locl", "mark", "mkmk", "rlig", "calt", "clig", "curs", "dist",
    "kern", "liga", "rclt", "ljmo", "vjmo", "tjmo", "isol", "fina", "fin2", "fin3", "medi",
    "med2", "init", "mset", "nukt", "akhn", "rphf", "rkrf", "pref", "blwf", "abvf", "half",
    "pstf", "vatu", "cjct", "pres", "abvs", "blws", "psts", "haln",
})
# fmt: on
#: OpenType language systems kept besides each script's default: those the charts are
#: written in (Simplified Chinese; English text takes the default).
_LANGUAGE_SYSTEMS = frozenset({"ZHS"})
#: A font file of one face with more glyphs than this is written anew, as a face of a
#: collection is (:func:`_save_for_reading`); a smaller one is linked as it is.
_LARGE_FACE = 10_000
#: Characters every chart may draw whatever its data says, kept in every cut-down face:
#: ASCII and Latin-1 (numbers and their formats), general punctuation (the ellipsis of a
#: shortened label), currency signs, arrows, the minus sign, geometric shapes, CJK
#: punctuation and full-width forms.
ALWAYS_DRAWN = frozenset(
    chr(code)
    for start, end in (
        (0x20, 0x7F),
        (0xA0, 0x180),
        (0x2000, 0x2070),
        (0x20A0, 0x20C1),
        (0x2190, 0x2200),
        (0x2212, 0x2213),
        (0x25A0, 0x2600),
        (0x3000, 0x3040),
        (0xFF00, 0xFFF0),
    )
    for code in range(start, end)
)


def fontconfig_file(
    families: Iterable[str], characters: Iterable[str] | None = None
) -> Path | None:
    """Return a fontconfig file naming only a folder of the faces of ``families``.

    Made once per set of families and of installed font files (their paths, sizes and
    times), in about a second. A worker starting while another makes it does not wait:
    it goes on with every system font, this once.

    Parameters
    ----------
    families
        The font families the charts name (:func:`analysis.theme.chart_font_families`).
    characters
        When given, the large faces are cut down to these characters and
        :data:`ALWAYS_DRAWN` (a folder per set, made from the whole faces' folder): a
        character outside them would be drawn as a missing glyph.

    Returns
    -------
    Path or None
        The ``fonts.conf`` to give as ``FONTCONFIG_FILE``; None when no face of these
        families is installed, or while another process makes the folder (the charts
        then see every system font).

    """
    conf = _whole_faces(frozenset(f.lower() for f in families))
    if conf is None or characters is None:
        return conf
    return _cut_down(conf.parent, frozenset(characters) | ALWAYS_DRAWN)


def _whole_faces(wanted: frozenset[str]) -> Path | None:
    """Return the fontconfig file of the folder of the faces of ``wanted``, made if new."""
    files = sorted(_font_files())
    folder = cache_dir() / "fonts" / _key(wanted, files)
    conf = folder / "fonts.conf"
    if _mark_used(conf):
        return conf
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / ".lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if not conf.is_file():
            faces = list(_faces_of(wanted - _IN_VL_CONVERT, files))
            if not faces:
                return None
            _make_folder(folder, faces)
    return conf


def _cut_down(whole: Path, characters: frozenset[str]) -> Path:
    """Return the fontconfig file of ``whole``'s faces cut down to ``characters``.

    The faces written for the workers are cut down; those linked (small) stay linked.
    """
    digest = hashlib.sha256("".join(sorted(characters)).encode("utf-8", "surrogatepass"))
    folder = whole.parent / f"{whole.name}-{digest.hexdigest()[:16]}"
    conf = folder / "fonts.conf"
    if _mark_used(conf):
        return conf
    with (whole.parent / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker making it takes a tenth of a second
        if not conf.is_file():
            _make_cut_down_folder(whole, folder, characters)
    return conf


def _make_cut_down_folder(whole: Path, folder: Path, characters: frozenset[str]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".fonts-", dir=folder.parent))
    try:
        for face in sorted(whole.iterdir()):
            if face.name == "fonts.conf":
                continue
            if face.is_symlink():
                os.symlink(os.readlink(face), staging / face.name)
            else:
                (staging / face.name).write_bytes(_face_cut_down(face.read_bytes(), characters))
        (staging / "fonts.conf").write_text(_conf(folder), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _face_cut_down(face: bytes, characters: frozenset[str]) -> bytes:
    """Return ``face`` with only the glyphs of ``characters`` (and those they turn into).

    Everything else is kept as it is (names, layout features, hinting), so each of
    these glyphs is measured and drawn exactly as from the whole face. When HarfBuzz
    cannot cut the face down, it is returned whole.
    """
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    wanted.keep_everything()
    wanted.sets(hb.SubsetInputSets.GLYPH_INDEX).clear()
    unicodes = wanted.sets(hb.SubsetInputSets.UNICODE)
    unicodes.clear()
    unicodes.update(ord(c) for c in characters)
    cut = hb.subset(hb.Face(hb.Blob(face)), wanted)
    return cut.blob.data if cut is not None else face


def _mark_used(conf: Path) -> bool:
    """Mark the folder of ``conf`` used now (see :func:`analysis._memo.prune`), if it is made."""
    try:
        os.utime(conf)
    except OSError:
        return False
    return True


def _font_roots() -> tuple[Path, ...]:
    try:
        home = Path.home()
    except (KeyError, RuntimeError):  # no home folder known: the system's fonts only
        return FONT_ROOTS
    return (*FONT_ROOTS, home / ".local" / "share" / "fonts", home / ".fonts")


def _font_files() -> Iterator[Path]:
    for root in _font_roots():
        if root.is_dir():
            yield from (p for p in root.rglob("*") if p.suffix.lower() in _SUFFIXES)


def _key(wanted: frozenset[str], files: list[Path]) -> str:
    """Return the folder name for these families and font files."""
    digest = hashlib.sha256(f"{_FACES_VERSION}:{','.join(sorted(wanted))}".encode())
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _faces_of(wanted: frozenset[str], files: list[Path]) -> Iterator[tuple[Path, int | None]]:
    """Yield (file, face index in a collection, else None) of every face of ``wanted``."""
    from fontTools.ttLib import TTLibError

    for path in files:
        try:
            fonts = _faces(path)
        except (OSError, TTLibError, AssertionError, KeyError):
            continue  # not a font fontTools can read: fontdb would skip it too
        for index, font in enumerate(fonts):
            if _family(font) in wanted:
                yield path, index if path.suffix.lower() == ".ttc" else None


def _faces(path: Path) -> list[TTFont]:
    from fontTools.ttLib import TTCollection, TTFont

    options = {"lazy": True, "recalcBBoxes": False, "recalcTimestamp": False}
    if path.suffix.lower() == ".ttc":
        return list(TTCollection(str(path), **options).fonts)
    return [TTFont(str(path), **options)]


def _family(font: TTFont) -> str:
    """Return the face's family (its typographic family when it names one), lower case."""
    name = font["name"]
    family = name.getDebugName(16) or name.getDebugName(1) or ""
    return family.lower()


def _make_folder(folder: Path, faces: list[tuple[Path, int | None]]) -> None:
    """Write each face as a file of its own, and the fontconfig file, into ``folder``."""
    staging = Path(tempfile.mkdtemp(prefix=".fonts-", dir=folder.parent))
    try:
        for number, (path, index) in enumerate(faces):
            if index is None and not _large(path):
                os.symlink(path, staging / f"{number:02d}-{path.name}")
                continue
            face = _horizontal_only(_faces(path)[index or 0])
            suffix = ".otf" if "CFF " in face else ".ttf"
            name = f"{number:02d}-{path.stem}-{index or 0}{suffix}"
            _save_for_reading(face, staging / name)
        (staging / "fonts.conf").write_text(_conf(folder), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)  # a folder left without its conf
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _large(path: Path) -> bool:
    """Return whether the font file ``path`` (one face) has more than :data:`_LARGE_FACE` glyphs."""
    return _faces(path)[0]["maxp"].numGlyphs > _LARGE_FACE  # read only: never saved


def _save_for_reading(face: TTFont, path: Path) -> None:
    """Write ``face`` to ``path`` as HarfBuzz lays a font out: the outlines last.

    vl-convert maps the whole file again for every text it measures or draws and reads
    its small tables (character map, metrics, layout, the outlines' font dictionaries)
    each time. As Noto Sans CJK is written, 15 MB of outlines lie between them, so every
    reading touched pages far apart. HarfBuzz's subsetter, keeping everything, writes
    the small tables first and the outlines' dictionaries before the outlines: a
    Chinese chart takes about half the processor time, and draws the same. If HarfBuzz
    cannot, the face is written as fontTools writes it.
    """
    import uharfbuzz as hb

    written = io.BytesIO()
    face.save(written)
    everything = hb.SubsetInput()
    everything.keep_everything()
    everything.flags |= hb.SubsetFlags.NO_LAYOUT_CLOSURE  # every glyph is kept anyway
    rewritten = hb.subset(hb.Face(hb.Blob(written.getvalue())), everything)
    path.write_bytes(rewritten.blob.data if rewritten is not None else written.getvalue())


def _horizontal_only(face: TTFont) -> TTFont:
    """Return ``face`` with only the substitutions and positionings horizontal text uses.

    Those of :data:`_DEFAULT_FEATURES`, for each script's default language system and
    :data:`_LANGUAGE_SYSTEMS`, in both layout tables (GSUB, GPOS): the text draws the
    same, and vl-convert, which reads the tables again for every text it measures,
    converts a Chinese chart about a third faster. The glyphs and every other table
    are kept as they are.
    """
    from fontTools import subset  # noqa: F401 (adds the pruning methods to the tables)

    for tag in ("GSUB", "GPOS"):
        if tag in face:
            _keep_default_features(face[tag])
    return face


def _keep_default_features(table: Any) -> None:
    """Prune a GSUB or GPOS table to :data:`_DEFAULT_FEATURES` (see :func:`_horizontal_only`)."""
    for record in table.table.ScriptList.ScriptRecord:
        script = record.Script
        script.LangSysRecord = [
            r for r in script.LangSysRecord if r.LangSysTag.strip() in _LANGUAGE_SYSTEMS
        ]
        script.LangSysCount = len(script.LangSysRecord)
    table.prune_features()
    table.subset_feature_tags(_DEFAULT_FEATURES)
    table.prune_lookups()


def _conf(folder: Path) -> str:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig>\n  <dir>{escape(str(folder))}</dir>\n</fontconfig>\n"
    )
