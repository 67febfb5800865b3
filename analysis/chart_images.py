"""Chart images (SVG, PNG, PDF), converted once per spec in a helper process.

vl-convert holds Python's GIL while it converts (100–500 ms a chart), so a conversion
in this process stops everything else in it. Conversions therefore run in one worker
process: a caller that knows it will need an image later asks for it early
(:func:`prefetch`) and carries on building the next chart, and :func:`chart_image` then
waits only for what is not done yet. Every image is kept on disk by content (the spec,
the format, the scale, the vl-convert and Vega-Lite versions), so a changed figure (a
new spec) is converted again and an unchanged one never is: every document, format and
``briefing charts`` share it (``$XDG_CACHE_HOME/salw-briefing/charts``). When the
worker cannot run, images are converted in this process.

The workers draw in the charts' faces cut down to the characters the charts draw
(:mod:`analysis.chart_fonts`): those said to come (:func:`expect_text`) and those of
each chart asked for. A chart with a character the workers' faces lack is converted by
new workers, whose faces have it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import vl_convert as vlc

from analysis._memo import cache_dir, read_kept, write_atomically
from analysis.chart_fonts import fontconfig_file

log = logging.getLogger("analysis.cache")
R = TypeVar("R")

#: Image kinds :func:`chart_image` makes.
KINDS = ("svg", "png", "pdf")
#: The kind of the drawn size (:func:`chart_size`), kept like an image.
_SIZE = "size"

#: Worker processes at most: two keep both cores of a small machine converting while
#: this process waits for a chart (vl-convert runs one chart at a time per process).
WORKERS = max(1, min(2, os.cpu_count() or 1))
#: Conversions waiting for the busiest worker when another is started: a first build
#: asks for dozens at once, a correction for a few, which one worker converts while
#: the documents are executed (a worker costs about 0.3 s of CPU to start).
_QUEUE_FOR_ANOTHER = 3

#: The key of the bundle's build among the pending conversions.
_BUNDLE = "javascript-bundle"

_lock = threading.Lock()
_pending: dict[str, Future[Any]] = {}
#: The worker processes, one per executor (started as they are needed), and the jobs
#: given to each not yet done.
_pool: list[ProcessPoolExecutor] = []
_given: list[tuple[ProcessPoolExecutor, Future[Any]]] = []
#: The characters the charts to come draw (:func:`expect_text`).
_expected: set[str] = set()
#: The characters the running workers' faces have, once chosen (at their first chart).
_covered: list[frozenset[str]] = []
#: In a worker: the font families of the charts, then the fontconfig file of the faces
#: it draws in (analysis.chart_fonts).
_families: list[str] = []
_fonts_in_use: list[Path] = []


@cache
def vl_version() -> str:
    """Return the Vega-Lite version Altair targets, in vl-convert's form (``"6.4"``).

    Falls back to vl-convert's latest when vl-convert does not know Altair's.
    """
    import altair as alt

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    supported = vlc.get_vegalite_versions()
    return major_minor if major_minor in supported else supported[-1]


def chart_image(spec: dict[str, Any], kind: str, scale: float = 2) -> bytes:
    """Return a chart as SVG, PNG or PDF bytes, converted once and kept by content.

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification.
    kind : str
        ``svg``, ``png`` or ``pdf``.
    scale : float
        Pixel density of a PNG.

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        When vl-convert cannot convert the spec.

    """
    key, path = _place(spec, kind, scale)
    try:
        return read_kept(path)
    except OSError:
        pass
    data = _result(key, _convert, *_conversion(spec, kind, scale))
    write_atomically(path, data)
    if kind != _SIZE:
        log.info("converted %s to %s", _chart_name(spec), kind)
    return data


def chart_size(spec: dict[str, Any]) -> tuple[float, float]:
    """Return the width and height a chart is drawn at, in pixels (kept like images).

    Vega lays the chart out without drawing it (its scene graph), which is cheaper than
    an SVG.
    """
    width, height = json.loads(chart_image(spec, _SIZE))
    return float(width), float(height)


def prefetch(spec: dict[str, Any], kind: str, scale: float = 2) -> None:
    """Start converting a chart that will be asked for later (see :func:`chart_image`).

    ``kind`` may also be ``size``, for :func:`chart_size`.
    """
    key, path = _place(spec, kind, scale)
    if not path.is_file():
        _start(key, _convert, *_conversion(spec, kind, scale))


def expect_text(texts: Iterable[str]) -> None:
    """Say what text the charts to come draw, before the first of them is converted.

    The workers' faces are then cut down to these characters once (with each chart's
    own), rather than for the first chart only and again, by new workers, for the
    next chart with a character the first lacked.
    """
    with _lock:
        _expected.update(*texts)


def _conversion(spec: dict[str, Any], kind: str, scale: float) -> tuple[Any, ...]:
    """Return the arguments of :func:`_convert` for ``spec`` (:func:`_start` adds the fonts')."""
    return json.dumps(spec, ensure_ascii=False), kind, scale, vl_version()


def _characters_for(drawn: frozenset[str]) -> str:
    """Return the characters of the workers' faces, which have ``drawn`` (under ``_lock``).

    Chosen with the workers' first chart: ``drawn`` and every character expected
    (:func:`expect_text`). When the faces lack one of ``drawn``, new workers are
    started, with faces that have it and every character the old ones had.
    """
    if _covered and not drawn <= _covered[0]:
        log.info("chart workers started again: a chart draws characters new to them")
        _expected.update(_covered[0])
        _retire_pool()
    if not _covered:
        _covered.append(frozenset(_expected | drawn))
    return "".join(sorted(_covered[0]))


def javascript_bundle() -> str:
    """Return vl-convert's vega-embed JavaScript bundle (about a second to build)."""
    return _result(_BUNDLE, _build_bundle, vl_version())


def prefetch_javascript_bundle() -> None:
    """Start building the bundle that :func:`javascript_bundle` will be asked for."""
    _start(_BUNDLE, _build_bundle, vl_version())


def _build_bundle(version: str) -> str:
    return vlc.javascript_bundle(vl_version=version)


def _place(spec: dict[str, Any], kind: str, scale: float) -> tuple[str, Path]:
    if kind not in (*KINDS, _SIZE):
        raise ValueError(f"unknown image kind {kind!r}; use one of {', '.join(KINDS)}")
    key = hashlib.sha256(
        json.dumps(
            [spec, kind, scale, vl_version(), getattr(vlc, "__version__", "x")], sort_keys=True
        ).encode("utf-8")
    ).hexdigest()
    return key, cache_dir() / "charts" / f"{key}.{kind}"


def _start(key: str, function: Callable[..., R], *args: Any) -> Future[R]:
    """Return the job ``key`` under way, starting ``function(*args)`` in a worker if new."""
    with _lock:
        if key not in _pending:
            if function is _convert:  # in the same turn as the workers it goes to
                args = (*args, _characters_for(frozenset(args[0])))
            try:
                worker = _worker()
                with _plain_main():
                    _pending[key] = worker.submit(function, *args)
                _given.append((worker, _pending[key]))
            except (BrokenProcessPool, OSError, RuntimeError):
                _workers_stopped()
                _pending[key] = _done(function, *args)
        return _pending[key]


def _result(key: str, function: Callable[..., R], *args: Any) -> R:
    """Return the result of job ``key`` (started now if it was not), done here if need be."""
    try:
        return _start(key, function, *args).result()
    except BrokenProcessPool:
        with _lock:
            _workers_stopped()
        return function(*args)
    finally:
        with _lock:
            _pending.pop(key, None)


def start_workers() -> None:
    """Start a worker process now: it needs a few tenths of a second to be ready.

    Another starts when the conversions asked for queue up (:func:`_worker`).
    """
    with _lock:
        try:
            _worker()
        except (BrokenProcessPool, OSError, RuntimeError):
            _retire_pool()


def stop_workers() -> None:
    """Stop the worker processes and wait for them, as the interpreter does at exit."""
    with _lock:
        for pool in _pool:
            pool.shutdown(wait=True, cancel_futures=True)
        _retire_pool()
        _pending.clear()
        _expected.clear()


def _workers_stopped() -> None:
    """Say that the workers stopped (once per stop, not once per chart); retire them."""
    if _pool:
        log.warning("the chart workers stopped: charts are converted here, more slowly")
    _retire_pool()


def _retire_pool() -> None:
    """Let the workers finish the charts they have (under ``_lock``); new ones start next."""
    for pool in _pool:
        pool.shutdown(wait=False)
    _pool.clear()
    _given.clear()
    _covered.clear()


def _worker() -> ProcessPoolExecutor:
    """Return the worker to give the next conversion to (under ``_lock``).

    The one with the fewest conversions to do; the first is started on first use, the
    next ones when the least busy has :data:`_QUEUE_FOR_ANOTHER` to do.
    """
    _given[:] = [(pool, job) for pool, job in _given if not job.done()]
    queued = {id(pool): 0 for pool in _pool}
    for pool, _ in _given:
        queued[id(pool)] += 1
    if not _pool or (len(_pool) < WORKERS and min(queued.values()) >= _QUEUE_FOR_ANOTHER):
        if _pool:
            log.info("another chart worker started: %d conversions queued", len(_given))
        _pool.append(_new_worker())
        return _pool[-1]
    return min(_pool, key=lambda pool: queued[id(pool)])


def _new_worker() -> ProcessPoolExecutor:
    """Start one worker process, its conversion engine loading at once."""
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), _chart_font_families()),
    )
    with _plain_main():
        pool.submit(_warm, vl_version())  # starts the process now
    return pool


@contextmanager
def _plain_main() -> Iterator[None]:
    """Make ``__main__`` an empty module while worker processes may start.

    A worker is a fresh interpreter that imports this module only: it does not run
    the starting script again, nor trip over a notebook's ``__main__`` (which has no
    ``__spec__``).
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _done(function: Callable[..., R], *args: Any) -> Future[R]:
    """Run ``function`` here and now; return its result (or error) as a finished future."""
    future: Future[R] = Future()
    try:
        future.set_result(function(*args))
    except Exception as exc:  # noqa: BLE001 (handed to whoever waits, as the worker would)
        future.set_exception(exc)
    return future


def _chart_font_families() -> tuple[str, ...]:
    from analysis.theme import chart_font_families  # not imported by the workers

    return chart_font_families()


def _start_worker(parent: int, families: tuple[str, ...]) -> None:
    """In a worker, first: keep the charts' font families; exit with the parent."""
    _families.extend(families)
    _watch_parent(parent)


def _use_chart_fonts(families: Iterable[str], characters: str | None = None) -> None:
    """Show vl-convert only the faces of ``families`` (:mod:`analysis.chart_fonts`).

    Cut down to ``characters`` when given. Before the first conversion that draws text,
    which reads the fonts. If they cannot be prepared, vl-convert reads every system
    font as before: slower, the same drawings.
    """
    try:
        conf = fontconfig_file(families, characters)
    except Exception as exc:  # noqa: BLE001 (a font fontTools cannot write, a full disk)
        log.info("chart fonts not prepared (%s): charts see every system font", exc)
        return
    if conf is not None:
        os.environ["FONTCONFIG_FILE"] = str(conf)
        _fonts_in_use.append(conf)


def _check_fonts() -> None:
    """In a worker: exit at once if the folder of the fonts it draws in was deleted.

    vl-convert reads its fonts again from their files for every text, so without them
    it would measure and draw text wrong, silently. The build sees a broken pool: it
    converts the chart here, then starts new workers, which make the folder again.
    """
    if _fonts_in_use and not _fonts_in_use[0].is_file():
        os._exit(3)


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the process that started it is gone.

    A build killed outright cannot stop its workers, and a worker waiting for work
    would wait for ever, holding the terminal or the pipes it inherited.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


#: A chart without text: converting it loads vl-convert's engine, not its fonts.
_WITHOUT_TEXT = {
    "data": {"values": [{"n": 1}]},
    "mark": "rect",
    "encoding": {"x": {"field": "n", "type": "quantitative", "axis": None}},
}


def _warm(version: str) -> None:
    """Load vl-convert's engine in the worker before the first real chart.

    Not its fonts: they are chosen with the first chart (:func:`_convert`).
    """
    vlc.vegalite_to_svg(_WITHOUT_TEXT, vl_version=version)


def _convert(
    spec_json: str, kind: str, scale: float, version: str, characters: str | None = None
) -> bytes:
    """Convert one chart (in the worker process, or here when it cannot run).

    A worker's first chart chooses its faces: cut down to ``characters``.
    """
    if _families and not _fonts_in_use:
        _use_chart_fonts(_families, characters)
        _families.clear()
    _check_fonts()
    spec = json.loads(spec_json)
    if kind == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    if kind == "png":
        return vlc.vegalite_to_png(spec, vl_version=version, scale=scale)
    if kind == _SIZE:
        layout = vlc.vegalite_to_scenegraph(spec, vl_version=version)
        return json.dumps([layout["width"], layout["height"]]).encode("utf-8")
    return vlc.vegalite_to_pdf(spec, vl_version=version)


def _chart_name(spec: dict[str, Any]) -> str:
    """Return the chart's id (``weapons``) for the log, from the caption fields it carries."""
    meta = (spec.get("usermeta") or {}).get("salw") or {}
    return str(meta.get("id") or spec.get("description") or "a chart")
