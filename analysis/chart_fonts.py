"""The fonts the chart workers draw in: the faces the charts name, cut down, cheap to read.

vl-convert (through the fontdb crate) opens and maps a system font file again each time
it measures or draws a piece of text, and reads a font collection (``.ttc``) more slowly
still: converting every chart of one build opened Noto Sans CJK's collection about
50,000 times. So the chart worker processes (:mod:`analysis.chart_images`) see only the
faces the charts name (``fonts.family`` and ``fonts.latin_family`` of brand.yml), each
as a file of its own, through a fontconfig file of their own (``FONTCONFIG_FILE``).
Liberation Sans then comes from vl-convert itself, which carries it in memory for when
the system has none. A Chinese chart is drawn byte for byte as before; an English one
in vl-convert's Liberation Sans, whose widths differ from Debian's older copy by under a
pixel over a long label.

A face is mapped again for every character measured, thousands of times per Chinese
chart, so what is read per character must lie in few pages: each large face is written
by HarfBuzz's subsetter, its small tables first and its outlines last, with only the
glyphs of the characters the build's charts draw and the layout features horizontal
text uses (:func:`_written`). Ten Chinese charts convert to SVG and PNG in 1.8 s of
processor time instead of 3.1 s with the whole faces, drawn byte for byte the same.

A folder of faces is made once per set of installed fonts and of characters, in the
cache folder, in about a tenth of a second.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from analysis._memo import cache_dir, read_kept, write_atomically

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
_FACES_VERSION = "5"
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
#: A font file of one face with more glyphs than this is written anew, as a face of a
#: collection is (:func:`_written`); a smaller one is linked as it is.
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

    Made once per set of families, of installed font files (their paths, sizes and
    times) and of characters: cut down to a few hundred characters, in about a tenth of
    a second; whole, in about a second. A worker asking while another makes it waits
    for it.

    Parameters
    ----------
    families
        The font families the charts name (:func:`analysis.theme.chart_font_families`).
    characters
        When given, the large faces keep only the glyphs of these characters and of
        :data:`ALWAYS_DRAWN`: a character outside them would be drawn as a missing
        glyph (:mod:`analysis.chart_images` makes sure none is).

    Returns
    -------
    Path or None
        The ``fonts.conf`` to give as ``FONTCONFIG_FILE``; None when no face of these
        families is installed (the charts then see every system font).

    """
    wanted = frozenset(f.lower() for f in families)
    kept = None if characters is None else frozenset(characters) | ALWAYS_DRAWN
    files = sorted(_font_files())
    folder = cache_dir() / "fonts" / _key(wanted, files, kept)
    conf = folder / "fonts.conf"
    if _mark_used(conf):
        return conf
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not conf.is_file():
            faces = _faces_listed(wanted - _IN_VL_CONVERT, files)
            if not faces:
                return None
            _make_folder(folder, faces, kept)
    return conf


#: A face to show the workers: its file, its index in a collection (None for a file of
#: one face), and whether it is written anew (a collection's, or a large face).
_Face = tuple[Path, int | None, bool]


def _faces_listed(wanted: frozenset[str], files: list[Path]) -> list[_Face]:
    """Return the faces of ``wanted`` among ``files``, listed once per set of font files.

    Reading every installed font's names takes a while where many are installed; each
    new set of characters only needs the list (``fonts/<key>.faces.json``).
    """
    listed = cache_dir() / "fonts" / f"{_key(wanted, files, None)}.faces.json"
    try:
        faces = [(Path(f), i, new) for f, i, new in json.loads(read_kept(listed))]
    except (OSError, ValueError, TypeError):
        faces = [
            (path, index, index is not None or _large(path))
            for path, index in _faces_of(wanted, files)
        ]
        write_atomically(listed, json.dumps([(str(f), i, new) for f, i, new in faces]).encode())
    return faces


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


def _key(wanted: frozenset[str], files: list[Path], kept: frozenset[str] | None) -> str:
    """Return the folder name for these families, font files and characters kept."""
    digest = hashlib.sha256(f"{_FACES_VERSION}:{','.join(sorted(wanted))}".encode())
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    if kept is not None:
        digest.update("".join(sorted(kept)).encode("utf-8", "surrogatepass"))
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


def _make_folder(folder: Path, faces: list[_Face], kept: frozenset[str] | None) -> None:
    """Write each face as a file of its own, and the fontconfig file, into ``folder``."""
    staging = Path(tempfile.mkdtemp(prefix=".fonts-", dir=folder.parent))
    try:
        for number, (path, index, written_anew) in enumerate(faces):
            if not written_anew:
                os.symlink(path, staging / f"{number:02d}-{path.name}")
                continue
            face = _written(path, index or 0, kept)
            suffix = ".otf" if face[:4] == b"OTTO" else ".ttf"  # CFF outlines, or TrueType
            (staging / f"{number:02d}-{path.stem}-{index or 0}{suffix}").write_bytes(face)
        (staging / "fonts.conf").write_text(_conf(folder), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)  # a folder left without its conf
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _large(path: Path) -> bool:
    """Return whether the font file ``path`` (one face) has more than :data:`_LARGE_FACE` glyphs."""
    return _faces(path)[0]["maxp"].numGlyphs > _LARGE_FACE  # read only: never saved


def _written(path: Path, index: int, kept: frozenset[str] | None) -> bytes:
    """Return face ``index`` of font file ``path`` as a font of its own, written by HarfBuzz.

    Only the glyphs of ``kept`` when given (and those they turn into), else all of
    them, with the substitutions and positionings horizontal text uses
    (:data:`_DEFAULT_FEATURES`); every other table as it is. vl-convert maps the whole
    file again for every text it measures or draws and reads its small tables each
    time: HarfBuzz writes them first and the outlines last, and Noto Sans CJK's vertical
    forms, width variants and alternates are large tables never drawn in a chart. A
    chart is drawn the same. If HarfBuzz cannot, the face is returned as fontTools
    writes it.
    """
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    wanted.keep_everything()
    features = wanted.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.update(int.from_bytes(tag.encode("ascii"), "big") for tag in _DEFAULT_FEATURES)
    if kept is not None:
        wanted.sets(hb.SubsetInputSets.GLYPH_INDEX).clear()
        unicodes = wanted.sets(hb.SubsetInputSets.UNICODE)
        unicodes.clear()
        unicodes.update(ord(c) for c in kept)
    # Every HarfBuzz object held by a name until the bytes are copied out: older
    # uharfbuzz faces do not keep their blob alive (a crash, not an error).
    blob = hb.Blob(path.read_bytes())
    face = hb.Face(blob, index)
    written = hb.subset(face, wanted)
    if written is not None:
        written_blob = written.blob
        return bytes(written_blob.data)
    whole = io.BytesIO()
    _faces(path)[index].save(whole)
    return whole.getvalue()


def _conf(folder: Path) -> str:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig>\n  <dir>{escape(str(folder))}</dir>\n</fontconfig>\n"
    )
