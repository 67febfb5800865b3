"""The ``briefing`` command line.

Every failure reaches the user as a message naming the file, the place and the fix,
with a non-zero exit code: 2 for a problem with the inputs or the project, 1 for an
unexpected error, 130 when interrupted. ``briefing --debug COMMAND`` shows the
traceback instead.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, NoReturn

import click
import polars as pl
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from analysis.errors import BriefingError
from analysis.paths import project_root

console = Console()
err = Console(stderr=True)


def _say_error(message: str) -> None:
    """Print an error message, unwrapped (paths stay whole) and with no markup read in it."""
    err.print(f"[bold red]error[/]: {escape(message)}", highlight=False, soft_wrap=True)


class _Guarded(TyperGroup):
    """Runs a command and turns every exception into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> object:
        """Invoke the command; report errors as messages unless ``--debug``."""
        from analysis.render import RenderError

        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException):
            raise
        except (BriefingError, RenderError) as exc:
            if ctx.params.get("debug"):
                raise
            _say_error(str(exc))
            raise typer.Exit(code=2) from None
        except KeyboardInterrupt:
            _say_error("interrupted; data/processed/ and _output/ were left as they were")
            raise typer.Exit(code=130) from None
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            _say_error(
                f"unexpected {type(exc).__name__}: {exc}\n  fix: run the same command with "
                "`briefing --debug ...` to see where it happened, and report it"
            )
            raise typer.Exit(code=1) from None


app = typer.Typer(
    cls=_Guarded,
    help="Small-arms briefing: extract figures from UN reports and build the briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the Python traceback of an error.")
    ] = False,
) -> None:
    """Small-arms briefing: extract figures from UN reports and build the briefing."""


@app.command()
def extract(
    strict: Annotated[
        bool, typer.Option(help="Treat warnings (unknown places) as errors.")
    ] = False,
) -> None:
    """Extract and validate every report into data/processed/ (Parquet and CSV)."""
    from analysis.build import run_build

    root = project_root()
    started = time.perf_counter()
    result = run_build(root, render=False, force=True, progress=_progress)
    for warning in result.warnings:
        err.print(f"[yellow]warning[/]: {warning}", highlight=False)
    if strict and result.warnings:
        err.print(
            "[bold red]error[/]: warnings with --strict (data/processed/ was still "
            "written; fix the warnings above)"
        )
        raise typer.Exit(code=3)
    table = Table(title=f"data/processed/ ({time.perf_counter() - started:.2f} s)")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, frame in result.tables.items():
        table.add_row(name, str(frame.height))
    console.print(table)


@app.command()
def build(
    to: Annotated[str, typer.Option(help="Formats to render, comma-separated.")] = (
        "html,pdf,pptx,revealjs"
    ),
    render: Annotated[bool, typer.Option(help="Render the briefing after extracting.")] = True,
    force: Annotated[bool, typer.Option(help="Redo everything, even what is unchanged.")] = False,
    wait: Annotated[
        bool, typer.Option(help="If another build is running, wait for it (else stop).")
    ] = True,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List every file written; show Pandoc's messages."),
    ] = False,
) -> None:
    """Extract, validate and render the briefing into _output/ (only what changed)."""
    from analysis.build import run_build
    from analysis.progress import BuildProgress, logs_on, summary
    from analysis.render import RenderError

    root = project_root()
    started = time.perf_counter()
    formats = [f.strip() for f in to.split(",") if f.strip()]
    shown = BuildProgress(sys.stdout)
    try:
        with shown, logs_on(shown.console, verbose):
            report = run_build(
                root,
                formats,
                render=render,
                force=force,
                wait=wait,
                progress=shown.say,
                render_progress=shown.step,
            )
    except (BriefingError, RenderError) as exc:
        _say_error(str(exc))
        err.print("data/processed/ and _output/ were left as they were.")
        raise typer.Exit(code=2) from None
    for warning in report.warnings:
        err.print(f"[yellow]warning[/]: {warning}", highlight=False)
    shown.say(f"done in {time.perf_counter() - started:.1f} s")
    for line in summary(report, root, every_file=verbose):
        shown.say(f"  {line}")


@app.command("render")
def render_cmd(
    to: Annotated[str, typer.Option(help="Formats: html,pdf,pptx,revealjs.")] = (
        "html,pdf,pptx,revealjs"
    ),
) -> None:
    """Render the briefing (extracting first only if the data changed)."""
    build(to=to, render=True, force=False, wait=True, verbose=False)


def _progress(message: str) -> None:
    console.print(escape(message), highlight=False, soft_wrap=True)


@app.command()
def figures(
    indicator: Annotated[
        str | None, typer.Option(help="Only this indicator, e.g. weapons_destroyed.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Only this country or subject (name or ISO3).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Only this source id.")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Every column (id, unit, qualifier, period, token).")
    ] = False,
) -> None:
    """Print the extracted figures: what, how many, where, and the sentence.

    Numbers are shown as written for a reader (9,824, US$3.1 million, 100+), and the table
    wraps to the terminal; --wide adds every column, --csv prints the raw table.
    """
    from analysis.build import settle_for_reading
    from analysis.processed import load_table, spreadsheet_safe

    root = project_root()
    settle_for_reading(root)
    frame = load_table(root, "figures")
    if indicator:
        frame = _only_indicator(root, frame, indicator)
    if country:
        frame = _only_country(root, frame, country)
    if source:
        frame = frame.filter(pl.col("source_id") == source)
    if as_csv:
        sys.stdout.write(spreadsheet_safe(frame).write_csv())
        return
    console.print(_figures_table(frame, wide))


#: Columns of `briefing figures`: (title, source column or None for computed, narrow view).
_FIGURE_COLUMNS = (
    ("figure", "figure_id", False),
    ("where in the report", "_where", True),
    ("what", "_what", True),
    ("value", "_shown", True),
    ("place / subject", "subject", True),
    ("unit", "unit", False),
    ("qualifier", "qualifier", False),
    ("period", "_period", False),
    ("as written", "token", False),
    ("quote", "quote", True),
)


def _figures_table(frame: pl.DataFrame, wide: bool) -> Table:
    """Return the figures as a rich table that wraps to the terminal (80 columns and up)."""
    from analysis.labels import category_label, indicator_label, qualified_label

    rows = frame.with_columns(
        pl.when(pl.col("activity_id").is_not_null())
        .then(
            pl.concat_str(
                pl.lit("annex, "),
                pl.col("entity").fill_null(""),
                pl.lit(", "),
                pl.col("category").map_elements(category_label, return_dtype=pl.String),
            )
        )
        .otherwise(pl.col("location"))
        .alias("_where"),
        pl.col("indicator").map_elements(indicator_label, return_dtype=pl.String).alias("_what"),
        pl.struct("value", "qualifier", "unit")
        .map_elements(
            lambda r: qualified_label(r["value"], r["qualifier"], r["unit"]),
            return_dtype=pl.String,
        )
        .alias("_shown"),
        pl.concat_str(
            pl.col("period_start").cast(pl.String).fill_null("…"),
            pl.col("period_end").cast(pl.String).fill_null("…"),
            separator=" to ",
        ).alias("_period"),
    )
    columns = [c for c in _FIGURE_COLUMNS if wide or c[2]]
    table = Table(title=f"{frame.height} figures", show_lines=True, expand=True)
    for title, name, _ in columns:
        ratio = 3 if name == "quote" else 1
        justify = "right" if name == "_shown" else "left"
        table.add_column(title, overflow="fold", ratio=ratio, justify=justify)
    for row in rows.iter_rows(named=True):
        cells = ("" if row[name] is None else str(row[name]) for _, name, _ in columns)
        table.add_row(*map(escape, cells))
    return table


def _only_indicator(root: Path, frame: pl.DataFrame, indicator: str) -> pl.DataFrame:
    from analysis.reference import vocabulary

    known = {i.indicator for i in vocabulary(root).indicators}
    if indicator not in known:
        raise BriefingError(
            "--indicator",
            f"unknown indicator {indicator!r}",
            f"use one of {', '.join(sorted(known))}",
        )
    return frame.filter(pl.col("indicator") == indicator)


def _only_country(root: Path, frame: pl.DataFrame, country: str) -> pl.DataFrame:
    from analysis.reference import load_reference

    wanted = country.strip().lower()
    places = load_reference(root).places
    code = next((p.iso3 for n, p in places.items() if n.lower() == wanted and p.iso3), None)
    code = (code or wanted).lower()
    match = (
        pl.col("subject").str.to_lowercase().str.contains(wanted, literal=True)
        | (pl.col("iso3").str.to_lowercase() == code)
        | pl.col("member_iso3").str.to_lowercase().str.contains(code, literal=True)
    )
    if not frame.filter(match).height:
        subjects = sorted(s for s in frame["subject"].unique().to_list() if s)
        raise BriefingError(
            "--country",
            f"no figures for country {country!r}",
            f"use a name or ISO3 code from: {', '.join(subjects)}",
        )
    return frame.filter(match)


@app.command()
def add(
    path: Annotated[Path, typer.Argument(help="The report file: .txt, .md, .pdf or .docx.")],
    source_id: Annotated[str | None, typer.Option("--id", help="Source id (folder name).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the report: zh or en.")] = None,
    date: Annotated[
        str | None, typer.Option(help="Date printed on the report, YYYY-MM-DD.")
    ] = None,
    symbol: Annotated[str | None, typer.Option(help="UN document symbol, e.g. A/71/438.")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the report.")] = None,
    period_start: Annotated[
        str | None, typer.Option(help="First day of the reporting period, YYYY-MM-DD.")
    ] = None,
    period_end: Annotated[
        str | None, typer.Option(help="Last day of the reporting period, YYYY-MM-DD.")
    ] = None,
    origin: Annotated[str | None, typer.Option(help="Where the file came from.")] = None,
    replace: Annotated[
        bool,
        typer.Option(
            help="Replace the report held for the same period and language (the old one is "
            "kept in data/replaced/)."
        ),
    ] = False,
) -> None:
    """Register a new report under data/sources/<id>/ with its source.yml and SHA-256."""
    from analysis.add import add_report

    root = project_root()
    folder = add_report(
        root,
        path,
        source_id=source_id,
        lang=lang,
        date=date,
        symbol=symbol,
        title=title,
        period_start=period_start,
        period_end=period_end,
        origin=origin,
        replace=replace,
    )
    console.print(f"registered {folder.relative_to(root)}; run `briefing build` to update")


@app.command()
def charts(
    fmt: Annotated[str, typer.Option("--format", help="Comma-separated: png,svg,pdf.")] = "png,svg",
    size: Annotated[str, typer.Option(help="16:9, 4:3 or WIDTHxHEIGHT in pixels.")] = "16:9",
    scale: Annotated[float, typer.Option(help="Pixel density for PNG.")] = 2.0,
    out: Annotated[Path, typer.Option(help="Folder to write into.")] = Path("_output/charts"),
    lang: Annotated[str, typer.Option(help="Language of every word: en or zh.")] = "en",
) -> None:
    """Export every chart (and table) for slides, with a manifest.json."""
    from analysis._lock import project_lock
    from analysis.build import settle
    from analysis.charts import export_all

    root = project_root()
    with project_lock(root, say=console.print):
        settle(root)
        written = export_all(
            root,
            formats=[f.strip() for f in fmt.split(",") if f.strip()],
            size=size,
            scale=scale,
            out=out if out.is_absolute() else root / out,
            lang=lang,
        )
    console.print(f"wrote {len(written)} files to {out}")


@app.command()
def diff(
    since: Annotated[
        str | None,
        typer.Option(help="A git revision: compare the figures with their committed state."),
    ] = None,
) -> None:
    """Show figures added, removed and changed (by indicator and country).

    Without --since: the latest report against the previous one. With --since REF:
    the current figures against data/processed/figures.csv at git revision REF.
    """
    from analysis.build import settle_for_reading
    from analysis.diff import (
        compare_figures,
        compare_reports,
        figures_at_revision,
        previous_and_latest,
    )
    from analysis.processed import load_table

    root = project_root()
    settle_for_reading(root)
    current = load_table(root, "figures")
    if since:
        changes = compare_figures(figures_at_revision(root, since), current)
        title = f"figures changed since {since}"
        columns = ("status", "indicator", "subject", "figure_id", "detail")
    else:
        pair = previous_and_latest(load_table(root, "sources"))
        if pair is None:
            console.print(
                "Only one report is registered: nothing to compare yet. Add the next "
                "one with `briefing add PATH`, or compare with a revision: "
                "`briefing diff --since HEAD~1`."
            )
            return
        changes = compare_reports(current, *pair).filter(pl.col("status") != "unchanged")
        title = f"{pair[1]} against {pair[0]}"
        columns = ("status", "indicator", "subject", "old_value", "new_value", "change")
    table = Table(title=f"{title}: {changes.height} change(s)")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in changes.iter_rows(named=True):
        table.add_row(*(escape("" if row[c] is None else str(row[c])) for c in columns))
    console.print(table)


def _print_frame(frame: pl.DataFrame, title: str, columns: tuple[str, ...]) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in frame.iter_rows(named=True):
        table.add_row(*(escape("" if row[c] is None else str(row[c])) for c in columns))
    console.print(table)


def _series_table(name: str, as_csv: bool, columns: tuple[str, ...]) -> None:
    from analysis import series
    from analysis.build import settle_for_reading
    from analysis.processed import load, spreadsheet_safe

    root = project_root()
    settle_for_reading(root)
    frame = getattr(series, name)(load(root))
    if as_csv:
        sys.stdout.write(spreadsheet_safe(frame).write_csv())
        return
    _print_frame(frame, f"{name}: {frame.height} row(s)", columns)


@app.command()
def headlines(
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Print the latest period's headline figures, with the previous period's and the change."""
    _series_table(
        "headlines",
        as_csv,
        ("label", "subject", "shown", "period_end", "previous_shown", "change", "source_id"),
    )


@app.command()
def trends(
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Print every tracked series stated in two or more reporting periods (gaps kept)."""
    _series_table(
        "trends", as_csv, ("label", "subject_label", "period_end", "shown", "source_id", "note")
    )


@app.command()
def review(
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List the newest report's figures whose series assignment should be confirmed.

    Confirm or correct each in data/curation/assignments.csv
    (figure_id,series,subject,reason,who,date), then rebuild.
    """
    _series_table(
        "review", as_csv, ("figure_id", "value", "series", "subject", "confidence", "rule", "quote")
    )


def main() -> NoReturn:
    """Entry point for ``briefing`` and ``python -m analysis``: the app, then a quick exit.

    Once the command is done and its output flushed, the process ends without tearing
    the interpreter down: after a build, freeing every table, chart and shell one by
    one took a few tenths of a second. The chart workers are stopped first, as the
    interpreter would stop them. ``briefing`` starts at :func:`analysis.__main__.run`,
    which has Polars and NumPy load on one thread first.
    """
    try:
        app()
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)


def _exit_now(code: object) -> NoReturn:
    """End the process with ``code`` as ``sys.exit`` would, skipping the interpreter's teardown."""
    workers = sys.modules.get("analysis.chart_images")
    if workers is not None:
        workers.stop_workers()
    if isinstance(code, str):
        print(code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else int(code is not None))


if __name__ == "__main__":
    main()
