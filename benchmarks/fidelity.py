"""Benchmark of extraction fidelity: recall and precision against hand-made gold lists.

Run with ``python -m benchmarks.fidelity [--show]``. Every report under
``tests/fixtures/synthetic/`` that has a gold list beside it (``NAME.txt`` and
``NAME.gold.csv``: location, value, value_high, unit, qualifier, quote, made by reading
the report, not by running the extractor) is registered in a throwaway project with
``briefing add`` and extracted. A figure counts as found when its location, value(s),
unit and qualifier are those of a gold row; recall is found / gold rows, precision is
found / figures extracted. It is a measurement, not a test (the tests hold the floor).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analysis.add import add_report
from analysis.extract import extract_all
from analysis.paths import project_root
from analysis.readers import normalise_invisible

#: Where the reports with gold lists are.
FIXTURES = Path("tests") / "fixtures" / "synthetic"
#: Reports with gold lists that are read below the tests' floor: measured here, not held.
CANDIDATES = FIXTURES / "candidates"
Key = tuple[str, float, float | None, str, str]


@dataclass(frozen=True)
class Fidelity:
    """How one report's extracted figures compare with its gold list."""

    report: str
    gold: int
    extracted: int
    found: int
    missed: list[Key]
    extra: list[Key]
    quotes_verbatim: bool

    @property
    def recall(self) -> float:
        """Share of the gold figures that were extracted."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of the extracted figures that are gold figures."""
        return self.found / self.extracted if self.extracted else 1.0


def gold_reports(root: Path, candidates: bool = False) -> list[tuple[Path, Path]]:
    """Return (report, gold list) for every report with a gold list, in name order.

    The fixtures the tests hold to their floor; with ``candidates``, those read below it.
    """
    pairs = []
    for gold in sorted((root / FIXTURES).rglob("*.gold.csv")):
        report = gold.with_name(gold.name.removesuffix(".gold.csv") + ".txt")
        if report.is_file() and gold.is_relative_to(root / CANDIDATES) == candidates:
            pairs.append((report, gold))
    return pairs


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_gold(path: Path) -> list[Key]:
    """Return the gold list's keys: (location, value, value_high, unit, qualifier)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (
                row["location"],
                float(row["value"]),
                _number(row["value_high"]),
                row["unit"],
                row["qualifier"],
            )
            for row in csv.DictReader(handle)
        ]


def measure(root: Path, report: Path, gold: Path, work: Path) -> Fidelity:
    """Register and extract one report in a throwaway project; compare with its gold list."""
    project = work / report.stem
    shutil.copytree(root / "data" / "reference", project / "data" / "reference")
    (project / "data" / "sources").mkdir(parents=True)
    add_report(project, report, origin="synthetic test fixture (not a UN document)")
    figures = extract_all(project).tables["figures"]
    got = [
        (r["location"], r["value"], r["value_high"], r["unit"], r["qualifier"])
        for r in figures.iter_rows(named=True)
    ]
    wanted = read_gold(gold)
    found = Counter(got) & Counter(wanted)
    # quotes are verbatim in the text the extractor reads: no-break and thin spaces as spaces
    text, _ = normalise_invisible(report.read_text(encoding="utf-8"))
    return Fidelity(
        report=report.name,
        gold=len(wanted),
        extracted=len(got),
        found=sum(found.values()),
        missed=list((Counter(wanted) - Counter(got)).elements()),
        extra=list((Counter(got) - Counter(wanted)).elements()),
        quotes_verbatim=all(q in text for q in figures["quote"]),
    )


def main() -> None:
    """Print recall and precision for every report that has a gold list."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="list the misses and extras")
    args = parser.parse_args()
    root = project_root()
    for candidates in (False, True):
        if candidates:
            print(f"Candidates ({CANDIDATES.as_posix()}/, below the tests' floor, not held):")
        with tempfile.TemporaryDirectory() as tmp:
            pairs = gold_reports(root, candidates)
            results = [measure(root, r, g, Path(tmp)) for r, g in pairs]
        for res in results:
            _print(res, args.show)


def _print(res: Fidelity, show: bool) -> None:
    """Print one report's recall and precision (and its misses and extras if ``show``)."""
    print(
        f"{res.report}: recall {res.recall:.3f} ({res.found}/{res.gold}), "
        f"precision {res.precision:.3f} ({res.found}/{res.extracted}), "
        f"quotes verbatim: {'yes' if res.quotes_verbatim else 'NO'}"
    )
    if show:
        for key in res.missed:
            print(f"  missed: {key}")
        for key in res.extra:
            print(f"  extra:  {key}")


if __name__ == "__main__":
    main()
