"""Time the static export of every chart: ``python -m benchmarks.charts``."""

from __future__ import annotations

import time

import vl_convert as vlc

from analysis.chart_images import vl_version
from analysis.charts import fitted_spec, parse_size
from analysis.processed import load
from analysis.topics import TOPICS


def main(size: str = "16:9", scale: float = 2.0, repeat: int = 3) -> None:
    """Print, per chart, the build (with size fitting), PNG and SVG times in ms.

    Parameters
    ----------
    size, scale
        As for ``briefing charts``.
    repeat
        Runs per format; the best is reported.

    """
    data = load()
    width, height = parse_size(size)
    version = vl_version()
    print(f"{'chart':<12}{'build ms':>10}{'png ms':>10}{'svg ms':>10}")
    totals = [0.0, 0.0, 0.0]
    for topic in TOPICS:
        started = time.perf_counter()
        spec = fitted_spec(
            lambda d, w, h, t=topic: t.chart(d, width=w, height=h).to_dict(), data, width, height
        )
        build = (time.perf_counter() - started) * 1000
        timings = []
        for convert in (
            lambda s: vlc.vegalite_to_png(s, scale=scale, vl_version=version),
            lambda s: vlc.vegalite_to_svg(s, vl_version=version),
        ):
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                convert(spec)
                best = min(best, (time.perf_counter() - started) * 1000)
            timings.append(best)
        for i, value in enumerate((build, *timings)):
            totals[i] += value
        name = topic.__name__.rsplit(".", 1)[1]
        print(f"{name:<12}{build:>10.0f}{timings[0]:>10.0f}{timings[1]:>10.0f}")
    print(f"{'total':<12}{totals[0]:>10.0f}{totals[1]:>10.0f}{totals[2]:>10.0f}")


if __name__ == "__main__":
    main()
