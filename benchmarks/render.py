"""Time the built-in renderer: ``python -m benchmarks.render [project_dir]``.

Prints, for the project (default: the test fixture project):

* cold wall time per format, each in a fresh Python process (imports, kernel start,
  execution and conversion included);
* all formats in one fresh process (executed once per format, as Quarto does);
* repeated in-process renders of all formats, with the per-phase breakdown.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "render_project"
FORMATS = ("html", "pdf", "pptx", "revealjs")

_CHILD = """
import sys
from pathlib import Path
from analysis.render import render_project
render_project(Path(sys.argv[1]), formats=sys.argv[3].split(","), output_dir=Path(sys.argv[2]),
               use_quarto=False)
"""


def _cold(project: Path, formats: tuple[str, ...], out: Path) -> float:
    """Return the wall time of one render in a fresh interpreter."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(project), str(out), ",".join(formats)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the timings.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=FIXTURE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    project: Path = args.project.resolve()

    from analysis.render import render_project
    from analysis.render._render import TIMINGS

    print(f"project: {project}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "_output"
        print("cold, fresh process per format (s):")
        for fmt in FORMATS:
            print(f"  {fmt:<9} {_cold(project, (fmt,), out):6.2f}  (documents declaring it)")
        print(f"  {'all four':<9} {_cold(project, FORMATS, out):6.2f}  (one execution per format)")
        print(f"repeated in-process renders of all four formats (x{args.repeat}):")
        for i in range(args.repeat):
            t0 = time.perf_counter()
            render_project(project, formats=FORMATS, output_dir=out, use_quarto=False)
            total = time.perf_counter() - t0
            phases = "  ".join(
                f"{k.split(':')[0]}[{Path(k.split(':', 1)[1]).stem}]={v:.2f}"
                for k, v in TIMINGS.items()
            )
            print(f"  run {i + 1}: {total:6.2f}   {phases}")


if __name__ == "__main__":
    main()
