"""Benchmark of extraction: one report, and a corpus of generated copies.

Run with ``python -m benchmarks.extraction [--copies N]``. Prints timings; it is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from analysis.build import run_build
from analysis.extract import extract_all, extract_source
from analysis.paths import project_root, sources_dir
from analysis.reference import load_reference
from analysis.sources import load_source, sha256_of


def _variant(text: str, rng: random.Random) -> str:
    """Return the report with every grouped figure replaced by another of the same shape."""

    def swap(m: re.Match[str]) -> str:
        return "".join(str(rng.randint(1, 9)) if ch.isdigit() else ch for ch in m.group(0))

    return re.sub(r"\d{1,3}(?: \d{3})+(?!\d)", swap, text)


def _make_corpus(root: Path, work: Path, copies: int) -> Path:
    seed = next(d for d in sorted(sources_dir(root).iterdir()) if d.is_dir())
    meta = yaml.safe_load((seed / "source.yml").read_text(encoding="utf-8"))
    text = (seed / meta["file"]).read_text(encoding="utf-8")
    shutil.copytree(root / "data" / "reference", work / "data" / "reference")
    rng = random.Random(2015)
    for i in range(copies):
        sid = f"bench-{i:04d}"
        folder = work / "data" / "sources" / sid
        folder.mkdir(parents=True)
        (folder / "report.txt").write_text(_variant(text, rng), encoding="utf-8")
        copy = dict(meta, source_id=sid, file="report.txt", sha256=sha256_of(folder / "report.txt"))
        (folder / "source.yml").write_text(
            yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8"
        )
    return work


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    root = project_root()
    ref = load_reference(root)
    source = load_source(next(d for d in sorted(sources_dir(root).iterdir()) if d.is_dir()))
    extract_source(source, ref)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        extraction = extract_source(source, ref)
        times.append(time.perf_counter() - started)
    size = source.path.stat().st_size
    print(
        f"one report ({source.source_id}, {size / 1024:.1f} KiB, "
        f"{extraction.figures.height} figures): median {statistics.median(times) * 1000:.1f} ms"
        f", min {min(times) * 1000:.1f} ms over {args.repeat} runs"
    )
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        work = _make_corpus(root, Path(tmp), args.copies)
        made = time.perf_counter() - started
        started = time.perf_counter()
        result = extract_all(work)
        extract_seconds = time.perf_counter() - started
        started = time.perf_counter()
        run_build(work, render=False, force=True)
        build_seconds = time.perf_counter() - started
        figures = result.tables["figures"].height
        print(
            f"corpus of {args.copies} generated copies ({made:.1f} s to generate): "
            f"extract + validate {extract_seconds:.1f} s "
            f"({args.copies / extract_seconds:.0f} reports/s, "
            f"{args.copies * size / extract_seconds / 2**20:.2f} MiB/s, {figures} figures); "
            f"full build with Parquet/CSV writes {build_seconds:.1f} s "
            f"({args.copies / build_seconds:.0f} reports/s)"
        )


if __name__ == "__main__":
    main()
