"""Benchmark of extraction on large input: one report made of N copies, one huge line.

Run with ``python -m benchmarks.large_input [--copies 1,20,50,100] [--line-mb 0.9]
[--refuse-mb 50]``. Prints a table of input size against seconds (and seconds per
copy, which stays flat when the extraction is linear), then the time of one line of
``--line-mb`` megabytes holding many numbers, then what happens to a file of
``--refuse-mb`` megabytes (above the size limit). It is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from analysis.errors import BriefingError
from analysis.extract import extract_source
from analysis.paths import project_root, sources_dir
from analysis.readers import MAX_REPORT_BYTES
from analysis.reference import load_reference
from analysis.sources import load_source, sha256_of

#: One annex-like sentence with two numbers, repeated to make the huge line.
_LINE_UNIT = "组织自愿交回小武器运动，结果收回了9 824件武器和1 250发弹药，"


def _seed(root: Path) -> tuple[dict, str]:
    folder = next(d for d in sorted(sources_dir(root).iterdir()) if d.is_dir())
    meta = yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8"))
    return meta, (folder / meta["file"]).read_text(encoding="utf-8")


def _register(work: Path, meta: dict, text: str, sid: str) -> Path:
    folder = work / "data" / "sources" / sid
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(text, encoding="utf-8")
    copy = dict(meta, source_id=sid, file="report.txt", sha256=sha256_of(folder / "report.txt"))
    (folder / "source.yml").write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
    return folder


def _time_extraction(work: Path, meta: dict, text: str, sid: str) -> tuple[float, int]:
    folder = _register(work, meta, text, sid)
    ref = load_reference(work)
    started = time.perf_counter()
    extraction = extract_source(load_source(folder), ref)
    return time.perf_counter() - started, extraction.figures.height


def _huge_line(text: str, megabytes: float) -> str:
    """Return the report with one annex cell grown to ``megabytes`` of numbers."""
    unit = _LINE_UNIT.encode("utf-8")
    repeat = int(megabytes * 1_000_000 / len(unit)) + 1
    cell = "收回了9 824件武器\t"
    return text.replace(cell, _LINE_UNIT * repeat + "\t", 1)


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", default="1,20,50,100")
    parser.add_argument("--line-mb", type=float, default=0.9)
    parser.add_argument("--refuse-mb", type=float, default=50.0)
    args = parser.parse_args()
    root = project_root()
    meta, text = _seed(root)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(root / "data" / "reference", work / "data" / "reference")
        print(f"{'copies':>7} {'MB':>6} {'figures':>8} {'seconds':>8} {'s/copy':>7}")
        for copies in (int(c) for c in args.copies.split(",")):
            big = "\n".join([text] * copies)
            seconds, n = _time_extraction(work, meta, big, f"copies-{copies:04d}")
            mb = len(big.encode("utf-8")) / 1e6
            print(f"{copies:>7} {mb:>6.2f} {n:>8} {seconds:>8.2f} {seconds / copies:>7.3f}")
        line = _huge_line(text, args.line_mb)
        seconds, n = _time_extraction(work, meta, line, "huge-line")
        print(f"\none line of {args.line_mb} MB: {n} figures in {seconds:.2f} s")
        _refusal(work, meta, text, args.refuse_mb)


def _refusal(work: Path, meta: dict, text: str, megabytes: float) -> None:
    """Show what a report above the size limit gets: a message, at once."""
    big = "\n".join([text] * (int(megabytes * 1e6) // len(text.encode("utf-8")) + 1))
    started = time.perf_counter()
    try:
        _time_extraction(work, meta, big, "too-large")
    except BriefingError as exc:
        seconds = time.perf_counter() - started
        mb = len(big.encode("utf-8")) / 1e6
        limit = MAX_REPORT_BYTES / 1e6
        print(f"\n{mb:.0f} MB file (limit {limit:.0f} MB) refused in {seconds:.2f} s:")
        print(f"  {exc.problem}")


if __name__ == "__main__":
    main()
