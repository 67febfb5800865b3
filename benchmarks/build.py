"""Benchmark of the whole build against the floor of its work.

Run with ``python -m benchmarks.build`` from the project root (``make bench``). Works on
copies of the project in temporary folders, each with its own empty chart cache; the real
``_output/`` and ``data/`` are not touched. Prints, in one run:

* the floor: Python start and imports, one warm chart conversion per chart of the
  briefing in each language, one Pandoc and one Typst conversion of a small document;
* cold build (an empty cache), cold build with only the files made once per machine
  and library version kept (the charts' fonts, the vega-embed bundle), nothing-changed
  rebuild, a one-figure correction, one added report;
* a scaling table for 1, 3 and 10 reports (copies of the registered report, one per
  reporting period; fonts and bundle kept), each with its ratio to the floor.

Each build also shows its processor time (the build's and that of every process it
ran) and the cores it kept busy on average: on a machine with few cores, a build
whose processor time is near cores x wall time waits for the processor, not for
itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from analysis.add import add_report
from analysis.paths import project_root

_ADDED = Path("tests/fixtures/synthetic/synthetic_2016_en.txt")
_FORMATS = ["html", "pdf", "pptx", "revealjs"]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _copy_project(root: Path, work: Path, sources: bool = True) -> Path:
    names = ["data/reference", "data/curation", "reports"] + (["data/sources"] if sources else [])
    for name in names:
        shutil.copytree(root / name, work / name)
    (work / "data" / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "_quarto.yml", work / "_quarto.yml")
    return work


def _floor(root: Path) -> dict[str, float]:
    """Time the irreducible parts of a build (warm where a cache would be warm).

    Python's start and imports; one warm SVG conversion of every chart of the
    briefing in both languages (what the two PDFs embed, each chart converted once,
    one after the other, in the fonts the chart workers draw in); one Pandoc and one
    Typst conversion of a small document.
    """
    imports = "import analysis.topics, analysis.render, analysis.extract, great_tables, altair"
    parts = {
        "python start + imports": _timed(
            lambda: subprocess.run([sys.executable, "-c", imports], check=True)
        )
    }
    from analysis import topics
    from analysis.processed import load
    from analysis.strings import LANGS

    data = load(root)
    specs = [topics.spec(t.CHART_ID, data, lang=lang) for lang in LANGS for t in topics.TOPICS]
    parts[f"{len(specs)} chart conversions (svg, warm)"] = _conversions_in_a_worker(specs)
    parts["pandoc + typst (small document)"] = _timed(_small_conversions)
    return parts


#: Times SVG conversions of the specs in ``argv[1]`` in a process set up as a chart
#: worker is (its fonts, cut down to the specs' characters), after one conversion to
#: warm it; prints the seconds.
_WORKER_CONVERSIONS = """
import json, sys, time
from analysis import chart_images
from analysis.theme import chart_font_families
specs, version = json.load(open(sys.argv[1], encoding="utf-8")), chart_images.vl_version()
drawn = "".join(json.dumps(spec, ensure_ascii=False) for spec in specs)
chart_images._use_chart_fonts(chart_font_families(), drawn)
chart_images._convert(json.dumps(specs[0]), "svg", 2, version)
started = time.perf_counter()
for spec in specs:
    chart_images._convert(json.dumps(spec), "svg", 2, version)
print(time.perf_counter() - started)
"""


def _conversions_in_a_worker(specs: list[dict]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "specs.json"
        path.write_text(json.dumps(specs), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-c", _WORKER_CONVERSIONS, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    return float(run.stdout.split()[-1])


def _small_conversions() -> None:
    import pypandoc
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        pypandoc.convert_text(
            "# Title\n\nText.", "typst", format="markdown", outputfile=f"{tmp}/a.typ"
        )
        typst.compile(f"{tmp}/a.typ", output=f"{tmp}/a.pdf")


#: One ``briefing build`` as a user runs it (the command, its imports and its quick exit),
#: then, as the last line, the render's phases and the processor time of the build
#: process and of each program it ran. Each child's own time is read as it is waited
#: for (``os.wait4`` in place of ``os.waitpid``, which ``subprocess`` and
#: ``multiprocessing`` call) and filed under its program: Pandoc, Typst (a Python
#: process compiling with ``typst``), the post-render script; the chart workers are
#: the children started by ``multiprocessing``, not by ``subprocess``.
_ONE_BUILD = """
import json, os, subprocess, sys
from analysis.__main__ import one_thread
one_thread()
from analysis import cli
from analysis.render import _render
programs, used = {}, {}
def _program(args):
    args = [str(a) for a in (args if isinstance(args, (list, tuple)) else [args])]
    if os.path.basename(args[0]) == "pandoc":
        return "pandoc"
    if len(args) > 2 and args[1] == "-c" and "typst" in args[2]:
        return "typst"
    return "post-render" if len(args) > 1 and args[1].endswith(".py") else "other"
_init = subprocess.Popen.__init__
def _popen(self, args, *rest, **options):
    _init(self, args, *rest, **options)
    programs[self.pid] = _program(args)
subprocess.Popen.__init__ = _popen
def _waitpid(pid, options):
    got, status, usage = os.wait4(pid, options)
    if got:
        name = programs.get(got, "chart workers")
        used[name] = used.get(name, 0.0) + usage.ru_utime + usage.ru_stime
    return got, status
os.waitpid = _waitpid
if __name__ == "__main__":
    cli.app(["build", "--to", sys.argv[1]], standalone_mode=False)
    from analysis import chart_images
    chart_images.stop_workers()
    own = os.times()
    used["build process"] = own.user + own.system
    print(json.dumps({"phases": _render.TIMINGS, "processor": used}), flush=True)
    cli._exit_now(0)
"""


def _build(work: Path, cache: Path) -> tuple[float, str]:
    """Time one build of ``work`` in a fresh Python process using ``cache``.

    Returns the wall time (Python's start and imports included), then the processor
    time of the build and of every process it ran (chart workers, Pandoc, Typst, the
    post-render script) with the cores that kept busy on average, and the phases.
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "SALW_PROJECT_ROOT": str(work)}
    command = [sys.executable, "-c", _ONE_BUILD, ",".join(_FORMATS)]
    before, started = os.times(), time.perf_counter()
    run = subprocess.run(command, env=env, cwd=work, check=True, capture_output=True, text=True)
    seconds, after = time.perf_counter() - started, os.times()
    children = ("children_user", "children_system")
    processor = sum(getattr(after, part) - getattr(before, part) for part in children)
    last = json.loads(run.stdout.splitlines()[-1])
    used = f"processor {processor:4.1f} s ({processor / seconds:.1f} cores)"
    return seconds, f"{used}  {_phases(last['phases'])}\n{_by_program(last['processor'])}"


def _by_program(used: dict[str, float]) -> str:
    """Return the processor time of the build process and of each program it ran."""
    order = ["build process", "chart workers", "pandoc", "typst", "post-render", "other"]
    parts = [f"{name} {used[name]:.1f} s" for name in order if used.get(name)]
    return f"{'':26s}of which {', '.join(parts)}"


def _machine_files(cache: Path, kept: Path) -> Path:
    """Return ``cache``, new, holding only the files made once, copied from ``kept``.

    Once per machine and library version: the charts' fonts (none where no chart font
    is installed), the vega-embed bundle.
    """
    (cache / "salw-briefing").mkdir(parents=True)
    if (kept / "salw-briefing" / "fonts").is_dir():
        shutil.copytree(kept / "salw-briefing" / "fonts", cache / "salw-briefing" / "fonts")
    for bundle in (kept / "salw-briefing").glob("vega-bundle-*.js"):
        shutil.copy2(bundle, cache / "salw-briefing" / bundle.name)
    return cache


def _phases(timings: dict[str, float]) -> str:
    """Return a render's time executing and converting (summed over its jobs)."""
    if not timings:
        return ""
    executing = sum(v for k, v in timings.items() if k.startswith("execute:"))
    converting = sum(v for k, v in timings.items() if not k.startswith("execute:"))
    return f"(executing {executing:.1f} s, converting {converting:.1f} s, two at a time beside)"


def _correct_one_figure(work: Path) -> None:
    from analysis.processed import load_table

    figures = load_table(work, "figures")
    row = figures.filter(figures["indicator"] == "weapons_collected").row(0, named=True)
    old = f"{row['value']:.0f}"
    line = f"{row['figure_id']},value,{old},{int(row['value']) + 1},benchmark,bench,2026-01-01\n"
    with (work / "data" / "curation" / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write(line)


def _add_one_report(root: Path, work: Path) -> None:
    add_report(
        work,
        (root / _ADDED).resolve(),
        source_id="bench-added",
        lang="en",
        date="2016-07-22",
        symbol="A/71/999",
        title="Synthetic report (benchmark)",
        period_start="2015-08-01",
        period_end="2016-07-31",
    )


def _copies(root: Path, work: Path, n: int) -> None:
    """Register ``n`` copies of the first registered report, one reporting period apart."""
    folder = sorted((root / "data" / "sources").iterdir())[0]
    meta = yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8"))
    data = (folder / meta["file"]).read_bytes()
    for k in range(n):
        target = work / "data" / "sources" / f"copy-{k:02d}"
        target.mkdir(parents=True)
        (target / meta["file"]).write_bytes(data)
        period = meta["reporting_period"]
        shifted = {
            **meta,
            "source_id": target.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "date": _years(meta["date"], k),
            "reporting_period": {
                **period,
                "start": _years(period["start"], k),
                "end": _years(period["end"], k),
            },
        }
        (target / "source.yml").write_text(yaml.safe_dump(shifted, allow_unicode=True))


def _years(day: dt.date, k: int) -> dt.date:
    return day.replace(year=day.year + k)


def main() -> None:
    """Print the floor, the four builds and the scaling table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,3,10", help="report counts for the scaling table")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (median)")
    args = parser.parse_args()
    root = project_root()
    floors = [_floor(root) for _ in range(args.repeat)]
    floor = {name: sorted(f[name] for f in floors)[len(floors) // 2] for name in floors[0]}
    total_floor = sum(floor.values())
    for name, seconds in floor.items():
        print(f"floor: {name:34s} {seconds:6.2f} s")
    print(f"floor: {'total':34s} {total_floor:6.2f} s")
    sizes = [int(x) for x in args.sizes.split(",")]
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(_builds(root, Path(tmp)) + _scaling(root, Path(tmp), sizes))
    rows = [_median([run[i] for run in runs]) for i in range(len(runs[0]))]
    if args.repeat > 1:
        print(f"median of {args.repeat} runs of the floor's parts and of each build")
    for label, (seconds, phases) in rows[: -len(sizes)]:
        print(f"{label:24s} {seconds:7.2f} s   {seconds / total_floor:5.2f} x floor   {phases}")
    print("reports  cold build  x floor  per added report   (fonts+bundle kept)")
    previous: tuple[int, float] | None = None
    for n, (_, (seconds, phases)) in zip(sizes, rows[-len(sizes) :], strict=True):
        per = f"{(seconds - previous[1]) / (n - previous[0]):.2f} s" if previous else "-"
        print(f"{n:7d}  {seconds:9.2f} s  {seconds / total_floor:7.2f}  {per:>16s}  {phases}")
        previous = (n, seconds)


Row = tuple[str, tuple[float, str]]


def _median(rows: list[Row]) -> Row:
    """Return the run of one build whose time is the median."""
    return sorted(rows, key=lambda row: row[1][0])[len(rows) // 2]


def _scaling(root: Path, tmp: Path, sizes: list[int]) -> list[Row]:
    """Time a cold build of ``n`` copies of the report for each ``n`` (fonts and bundle kept)."""
    rows = []
    for n in sizes:
        work = _copy_project(root, tmp / f"project-{n}", sources=False)
        _copies(root, work, n)
        cache = _machine_files(tmp / f"cache-{n}-reports", tmp / "cache")
        rows.append((f"{n} reports", _build(work, cache)))
    return rows


def _builds(root: Path, tmp: Path) -> list[Row]:
    """Time the cold, cold with fonts and bundle, no-change, correction and added builds."""
    cache, work = tmp / "cache", _copy_project(root, tmp / "project")
    rows = [("cold build", _build(work, cache))]
    again = _copy_project(root, tmp / "project-again")
    kept = _machine_files(tmp / "cache-kept", cache)
    rows.append(("cold, fonts+bundle kept", _build(again, kept)))
    rows.append(("nothing changed", _build(work, cache)))
    _correct_one_figure(work)
    rows.append(("one-figure correction", _build(work, cache)))
    _add_one_report(root, work)
    rows.append(("one added report", _build(work, cache)))
    return rows


if __name__ == "__main__":
    main()
