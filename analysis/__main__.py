"""``briefing`` and ``python -m analysis``: the command line, its libraries on one thread.

The tables are small (hundreds of rows): Polars' thread pool only adds the cost of
handing each operation to it, and NumPy's OpenBLAS starts a thread per core that
spins a while (0.1 s of CPU per process); nothing here multiplies matrices. On a
machine with two cores, the chart workers, Pandoc and Typst want the other one.
Both libraries read these settings when they load, so they are set before.
"""

from __future__ import annotations

import os
from typing import NoReturn

#: Environment set (unless the user set it) before the command's libraries load.
ONE_THREAD = {"POLARS_MAX_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def one_thread() -> None:
    """Have Polars and NumPy use one thread in this process, unless told otherwise."""
    for name, value in ONE_THREAD.items():
        os.environ.setdefault(name, value)


def run() -> NoReturn:
    """Run the command line (:func:`analysis.cli.main`) with :func:`one_thread`."""
    one_thread()
    from analysis.cli import main

    main()


if __name__ == "__main__":
    run()
