"""Benchmark of the whole build: cold, nothing changed, and after adding one report.

Run with ``python -m benchmarks.build [--report PATH]`` from the project root. It
works on a copy of the project in a temporary folder; the real ``_output/`` and
``data/`` are not touched. Prints the three times and their ratios.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from analysis.add import add_report
from analysis.build import run_build
from analysis.paths import project_root

_DEFAULT_REPORT = Path("tests/fixtures/synthetic/synthetic_2016_en.txt")


def _copy_project(root: Path, work: Path) -> Path:
    for name in ("data/sources", "data/reference", "data/curation", "reports"):
        if (root / name).exists():
            shutil.copytree(root / name, work / name)
    shutil.copy2(root / "_quarto.yml", work / "_quarto.yml")
    return work


def main() -> None:
    """Run the three builds and print their times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--report", type=Path, default=_DEFAULT_REPORT, help="report to add for the third build"
    )
    parser.add_argument("--to", default="html,pdf,pptx,revealjs")
    args = parser.parse_args()
    root = project_root()
    formats = args.to.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        work = _copy_project(root, Path(tmp))
        timings = {}
        for label in ("cold build", "no-change rebuild", "after adding one report"):
            if label == "after adding one report":
                add_report(
                    work,
                    (root / args.report).resolve(),
                    source_id="bench-added",
                    lang="en",
                    date="2016-07-22",
                    symbol="A/SYNTHETIC",
                    title="Synthetic report (benchmark)",
                    period_start="2015-08-01",
                    period_end="2016-07-31",
                )
            started = time.perf_counter()
            report = run_build(work, formats)
            timings[label] = time.perf_counter() - started
            print(
                f"{label}: {timings[label]:.3f} s (extracted: {report.extracted}, "
                f"rendered: {','.join(report.rendered) or 'nothing'})"
            )
        cold = timings["cold build"]
        print(
            "ratios to the cold build: "
            + ", ".join(f"{k} {v / cold:.3f}" for k, v in timings.items())
        )


if __name__ == "__main__":
    main()
