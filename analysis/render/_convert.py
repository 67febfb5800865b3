"""Convert assembled Pandoc markdown into HTML, PDF (via Typst), PPTX and reveal.js."""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
import logging
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypandoc

from ._errors import RenderError

log = logging.getLogger("analysis.render")

HERE = Path(__file__).resolve().parent
#: The built-in implementation of Quarto's own features (floats, callouts, conditional
#: content): not a style. House styles and filters are the project's, declared in
#: ``_quarto.yml`` or the front matter (``css``, ``include-*``, ``filters``).
LUA_FILTER = HERE / "quarto_subset.lua"
REVEALJS_DIR = HERE / "vendor" / "revealjs"
#: The reveal.js themes' fonts (their ``@font-face`` rules, files beside them).
REVEALJS_FONTS = (
    REVEALJS_DIR / "dist" / "theme" / "fonts" / "source-sans-pro" / "source-sans-pro.css"
)

#: Output extension per built-in format.
EXTENSIONS = {"html": ".html", "revealjs": ".html", "typst": ".pdf", "pptx": ".pptx"}

#: Format options naming files to include, and the Pandoc option for each.
INCLUDE_OPTIONS = {
    "include-in-header": "--include-in-header",
    "include-before-body": "--include-before-body",
    "include-after-body": "--include-after-body",
}


def _typst_page_args(options: Mapping[str, Any], workdir: Path) -> list[str]:
    """Translate Quarto's Typst ``margin`` (``x``/``y``/sides), ``fontsize`` and ``mainfont``.

    ``margin`` is a mapping, which Pandoc's template reads as metadata, so it goes
    through a metadata file. ``mainfont`` is the template's ``font``: the font of the
    title block too, which a house style included in the body cannot reach.
    """
    meta: dict[str, Any] = {}
    margin = options.get("margin")
    if isinstance(margin, Mapping):
        meta["margin"] = {str(k): str(v) for k, v in margin.items()}
    for key in ("fontsize", "mainfont"):
        if options.get(key):
            meta[key] = str(options[key])
    if not meta:
        return []
    path = workdir / "_typst-meta.yml"
    path.write_text(json.dumps(meta), encoding="utf-8")  # JSON is YAML
    return [f"--metadata-file={path}"]


def _revealjs_theme(options: Mapping[str, Any]) -> str:
    """Return the requested reveal.js theme if vendored, else ``white``."""
    theme = str(options.get("theme", "white"))
    return theme if (REVEALJS_DIR / "dist" / "theme" / f"{theme}.css").is_file() else "white"


def _pandoc(markdown: str, to: str, args: list[str], workdir: Path, outputfile: Path | None) -> str:
    """Run Pandoc on ``markdown`` with the Quarto-subset Lua filter (then ``args``).

    Images are found through ``--resource-path``; the working directory is not changed
    (formats run in threads). Pandoc's messages (its ``[WARNING]`` lines) go to the
    ``analysis.render`` logger at INFO, not to the console: `briefing build --verbose`
    shows them. When Pandoc fails, they are the message of the error.

    Raises
    ------
    RenderError
        When Pandoc exits with an error.
    """
    command = [
        _pandoc_path(),
        "--from=markdown",
        f"--to={to}",
        f"--lua-filter={LUA_FILTER}",
        f"--resource-path={workdir}",
        "--wrap=preserve",
        *args,
        *([f"--output={outputfile}"] if outputfile else []),
    ]
    try:
        proc = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True)
    except OSError as exc:
        raise RenderError(f"cannot run pandoc ({command[0]}): {exc}") from exc
    messages = pandoc_messages(proc.stderr.decode("utf-8", errors="replace"))
    if proc.returncode != 0:
        detail = "\n".join(messages) or f"exit status {proc.returncode}"
        raise RenderError(f"pandoc failed converting to {to}: {detail}")
    for message in messages:
        log.info("pandoc (%s%s): %s", to, f", {outputfile.name}" if outputfile else "", message)
    return proc.stdout.decode("utf-8", errors="replace")


def _pandoc_path() -> str:
    """Return the Pandoc that pypandoc finds (its bundled binary, or one on ``PATH``)."""
    try:
        return pypandoc.get_pandoc_path()
    except OSError as exc:
        raise RenderError(f"pandoc not found ({exc}); install pypandoc-binary or pandoc") from exc


def pandoc_messages(stderr: str) -> list[str]:
    """Split what Pandoc printed into messages, each with its indented continuation lines.

    Parameters
    ----------
    stderr : str
        Pandoc's standard error, e.g. ``[WARNING] Could not load translations for zh``
        followed by ``  data file translations/zh.yaml not found``.

    Returns
    -------
    list of str
        One string per message (continuation lines joined with a newline).
    """
    messages: list[str] = []
    for line in stderr.splitlines():
        if not line.strip():
            continue
        if messages and line[:1].isspace():
            messages[-1] += "\n" + line
        else:
            messages.append(line)
    return messages


def _common_args(fmt: str, options: Mapping[str, Any]) -> list[str]:
    """Translate the Quarto format options that the built-in renderer honours.

    File options arrive resolved (``Project.format_options``). Declared filters run
    after the Quarto-subset filter, so they see the final document, like Quarto's
    ``at: post-render``.
    """
    args = [f"--metadata=sb-format:{fmt}"]
    if options.get("toc"):
        args.append("--toc")
        if options.get("toc-depth"):
            args.append(f"--toc-depth={int(options['toc-depth'])}")
    if options.get("number-sections"):
        args.append("--number-sections")
    if fmt in ("pptx", "revealjs") and options.get("slide-level") is not None:
        args.append(f"--slide-level={int(options['slide-level'])}")
    if fmt == "pptx" and options.get("reference-doc"):
        args.append(f"--reference-doc={options['reference-doc']}")
    if fmt in ("html", "revealjs"):
        args += [f"--css={css}" for css in options.get("css", [])]
    for key, flag in INCLUDE_OPTIONS.items():
        args += [f"{flag}={path}" for path in options.get(key, [])]
    for entry in options.get("filters", []):
        args.append(_filter_arg(entry["path"]))
    return args


def _filter_arg(path: Path) -> str:
    """Return the Pandoc option running a declared filter (Lua, or an executable)."""
    if not path.is_file():
        raise RenderError(f"filter {path} not found (declared under 'filters:')")
    return f"--lua-filter={path}" if path.suffix == ".lua" else f"--filter={path}"


def convert(
    markdown: str,
    fmt: str,
    target: Path,
    workdir: Path,
    options: Mapping[str, Any],
    source_name: str,
    head_html: str | None = None,
) -> Path:
    """Convert one assembled document to ``target``.

    Parameters
    ----------
    markdown : str
        The Pandoc markdown from the assembler (images relative to ``workdir``).
    fmt : str
        ``html``, ``revealjs``, ``typst`` (PDF) or ``pptx``.
    target : Path
        The output file to write (in the staging directory).
    workdir : Path
        Scratch directory holding the images.
    options : Mapping
        The merged Quarto format options for ``fmt`` (file options resolved).
    source_name : str
        The ``.qmd`` name, for error messages.
    head_html : str, optional
        HTML to include in the ``<head>`` (HTML and reveal.js only).

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    RenderError
        When Pandoc or Typst fails.

    """
    args = _common_args(fmt, options)
    job = _Conversion(
        markdown=markdown,
        target=target,
        workdir=workdir,
        options=options,
        head_html=head_html if fmt in ("html", "revealjs") else None,
    )
    try:
        write = _WRITERS.get(fmt)
        if write is None:
            raise RenderError(f"unsupported format {fmt!r}")
        write(job, args)
    except RenderError as exc:
        raise RenderError(f"{source_name}: {exc}") from exc
    return target


@dataclass(frozen=True)
class _Conversion:
    """One assembled document on its way to one output file."""

    markdown: str
    target: Path
    workdir: Path
    options: Mapping[str, Any]
    #: HTML for the ``<head>`` (HTML and reveal.js only).
    head_html: str | None = None


def _head_args(head_html: str | None, workdir: Path) -> list[str]:
    """Write ``head_html`` beside the images and return the Pandoc argument including it."""
    if not head_html:
        return []
    head = workdir / "_head.html"
    head.write_text(head_html, encoding="utf-8")
    return [f"--include-in-header={head}"]


def _write_html(job: _Conversion, args: list[str]) -> None:
    """Write a standalone, self-contained HTML page."""
    args = [*args, "--standalone", "--embed-resources"]
    _pandoc_html(job, "html5", args)


#: Parts of a page longer than this are set aside while Pandoc reads it.
_LONG = 4096
#: What a page sets aside when long, in this order (each as opening, body, closing):
#: a script's body, a data URI (embedded already), a table's body and a style's body
#: that name no file for Pandoc to embed (:data:`_RESOURCE`).
_ASIDE = (
    (re.compile(r"(<script\b[^>]*>)(.*?)(</script>)", re.DOTALL | re.IGNORECASE), False),
    (re.compile(r"""(\b(?:href|src)=["'])(data:[^"']*)(["'])""", re.IGNORECASE), False),
    (re.compile(r"(<table\b[^>]*>)(.*?)(</table>)", re.DOTALL | re.IGNORECASE), True),
    (re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE), True),
)
#: A file Pandoc would embed: named by an attribute, a CSS ``url()`` (not a data URI)
#: or a ``<link>``.
_RESOURCE = re.compile(
    r"""\b(?:src|srcset|poster|data)\s*=|url\((?!\s*["']?data:)|<link\b""", re.IGNORECASE
)


def _pandoc_html(job: _Conversion, to: str, args: list[str]) -> None:
    """Run Pandoc for an HTML format, long parts of the page set aside and put back after.

    Pandoc passes raw HTML through as it is, but reads it all, and reads the whole page
    again to embed its resources: a megabyte of JavaScript (the vega-embed bundle in
    the head, a map's atlas) costs it about 0.4 s, the tables and the data URIs of the
    CSV downloads (which grow with the reports) as much again. Each long script body,
    data URI, and table or style body that names no resource, in the document and in
    the head, is replaced by a token, and the token in the page by the body again: the
    page is the same. If a token did not come through once, Pandoc reads the whole text.
    """
    bodies: dict[str, str] = {}

    def aside(match: re.Match[str], *, resources_stay: bool) -> str:
        body = match.group(2)
        if len(body) < _LONG or resources_stay and _RESOURCE.search(body):
            return match.group(0)
        token = f"sb-aside-{uuid.uuid4().hex}"
        bodies[token] = body
        return match.group(1) + token + match.group(3)

    head, markdown = job.head_html, job.markdown
    for pattern, resources_stay in _ASIDE:
        replace = functools.partial(aside, resources_stay=resources_stay)
        head = pattern.sub(replace, head) if head else head
        markdown = pattern.sub(replace, markdown)
    _pandoc(markdown, to, args + _head_args(head, job.workdir), job.workdir, job.target)
    if not bodies:
        return
    page = job.target.read_text(encoding="utf-8")
    for token, body in reversed(bodies.items()):  # a table's body holds its data URIs' tokens
        if page.count(token) != 1:
            args += _head_args(job.head_html, job.workdir)
            _pandoc(job.markdown, to, args, job.workdir, job.target)
            return
        page = page.replace(token, body)
    job.target.write_text(page, encoding="utf-8")


def _write_revealjs(job: _Conversion, args: list[str]) -> None:
    """Write a standalone reveal.js deck from the vendored copy."""
    args = [
        *args,
        "--standalone",
        "--embed-resources",
        f"--variable=revealjs-url:{REVEALJS_DIR}",
        f"--variable=theme:{_revealjs_theme(job.options)}",
        *(
            f"--variable={key}:{job.options[key]}"
            for key in ("width", "height")
            if key in job.options
        ),
    ]
    head = _theme_fonts() + (job.head_html or "")
    _pandoc_html(dataclasses.replace(job, head_html=head), "revealjs", args)


@functools.cache
def _theme_fonts() -> str:
    """Return the reveal.js themes' ``@font-face`` rules, the fonts embedded, as a style.

    The vendored theme does not ``@import`` them: in the head, this long style is set
    aside while Pandoc reads the page (:func:`_pandoc_html`); embedded by Pandoc from
    the theme, the fonts took it a quarter of a second per deck.
    """
    folder = REVEALJS_FONTS.parent

    def embedded(match: re.Match[str]) -> str:
        font = base64.b64encode((folder / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:font/woff;base64,{font})"

    rules = re.sub(r"url\('?\./([^')]+\.woff)'?\)", embedded, REVEALJS_FONTS.read_text("utf-8"))
    return f"<style>\n{rules}</style>\n"


def _write_pptx(job: _Conversion, args: list[str]) -> None:
    """Write a PowerPoint deck as Pandoc lays it out (a project's post-render may refine it)."""
    _pandoc(job.markdown, "pptx", args, job.workdir, job.target)


def _write_typst(job: _Conversion, args: list[str]) -> None:
    """Write Typst source beside the images, then compile the PDF.

    As Quarto's Typst format does, a document without level-1 headings has its headings
    shifted up one level (``shift-heading-level-by: -1``,
    quarto-cli src/format/typst/format-typst.ts).

    Raises
    ------
    RenderError
        When Pandoc or Typst fails.
    """
    args = [*args, "--standalone", *_heading_shift(job)]
    if job.options.get("papersize"):
        args.append(f"--variable=papersize:{job.options['papersize']}")
    args += _typst_page_args(job.options, job.workdir)
    typ = job.workdir / (job.target.stem + ".typ")
    _pandoc(job.markdown, "typst", args, job.workdir, typ)
    command = [sys.executable, "-c", _TYPST_COMPILE, str(typ), str(job.target), str(job.workdir)]
    try:
        proc = subprocess.run(command, capture_output=True)
    except OSError as exc:
        raise RenderError(f"cannot run typst ({command[0]}): {exc}") from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", errors="replace").strip()
        raise RenderError(f"typst failed: {detail or f'exit status {proc.returncode}'}")


#: Compiles a Typst file (argv: source, PDF, root) in a Python process of its own: the
#: typst package holds the GIL while it compiles (0.2-0.3 s a document), which would
#: stop the next document's cells meanwhile. Typst finds the installed fonts itself (the
#: system's and the user's font folders); naming one of them again would only make it
#: read them twice. Its error goes to stderr: the message, with the lines it is about
#: when typst gives them.
_TYPST_COMPILE = """
import sys
import typst
try:
    typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])
except Exception as exc:
    sys.exit((getattr(exc, "diagnostic", "") or str(exc)).strip())
"""


def _heading_shift(job: _Conversion) -> list[str]:
    """Return Quarto's Typst heading shift for documents without level-1 headings."""
    shift = job.options.get("shift-heading-level-by")
    if shift is None:
        shift = 0 if re.search(r"^#\s", job.markdown, re.M) else -1
    return [f"--shift-heading-level-by={int(shift)}"] if shift else []


#: The writer of each built-in format (see :data:`EXTENSIONS`).
_WRITERS: dict[str, Callable[[_Conversion, list[str]], None]] = {
    "html": _write_html,
    "revealjs": _write_revealjs,
    "pptx": _write_pptx,
    "typst": _write_typst,
}
