"""The ``briefing`` command line.

Every failure reaches the user as a message naming the file, the place and the fix,
with a non-zero exit code: 2 for a problem with the inputs or the project, 1 for an
unexpected error, 130 when interrupted. ``briefing --debug COMMAND`` shows the
traceback instead.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

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
) -> None:
    """Extract, validate and render the briefing into _output/ (only what changed)."""
    from analysis.build import run_build
    from analysis.render import RenderError

    root = project_root()
    started = time.perf_counter()
    formats = [f.strip() for f in to.split(",") if f.strip()]
    try:
        report = run_build(root, formats, render=render, force=force, progress=_progress, wait=wait)
    except (BriefingError, RenderError) as exc:
        _say_error(str(exc))
        err.print("data/processed/ and _output/ were left as they were.")
        raise typer.Exit(code=2) from None
    for warning in report.warnings:
        err.print(f"[yellow]warning[/]: {warning}", highlight=False)
    console.print(f"done in {time.perf_counter() - started:.1f} s")
    for path in report.written:
        console.print(f"  wrote {path.relative_to(root) if path.is_relative_to(root) else path}")


@app.command("render")
def render_cmd(
    to: Annotated[str, typer.Option(help="Formats: html,pdf,pptx,revealjs.")] = (
        "html,pdf,pptx,revealjs"
    ),
) -> None:
    """Render the briefing (extracting first only if the data changed)."""
    build(to=to, render=True, force=False, wait=True)


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
) -> None:
    """Print the extracted figures as a readable table."""
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
    table = Table(title=f"{frame.height} figures", show_lines=False)
    for col in ("location", "subject", "indicator", "value", "unit", "qualifier", "quote"):
        table.add_column(col, overflow="fold")
    for row in frame.iter_rows(named=True):
        value = row["value"]
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        cells = (row["location"], row["subject"] or "", row["indicator"], shown, row["unit"])
        table.add_row(*map(escape, (*cells, row["qualifier"], row["quote"])))
    console.print(table)


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


def main() -> None:
    """Entry point for ``python -m analysis``."""
    app()


if __name__ == "__main__":
    main()
