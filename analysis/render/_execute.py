"""Execute a parsed document and collect its outputs, as a Jupyter kernel would.

Two engines give the same outputs (a test compares them):

* in-process (the default): the cells run in an IPython shell inside this process, with
  a fresh namespace per execution, the working directory and Quarto's environment
  variables set for its duration, and outputs taken from IPython's display machinery (the
  same formatters a kernel uses). No kernel start, no repeated imports: this is what makes
  a cold build of every document and format take seconds.
* kernel: a Jupyter kernel per execution through nbclient (``SALW_EXECUTE=kernel``, and
  always when this process is itself running inside IPython, whose shell must not be
  borrowed). Only this engine enforces the per-cell timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from ._errors import RenderError
from ._qmd import Cell, Markdown, QmdDocument

if TYPE_CHECKING:  # jupyter_client and nbclient are imported when a kernel runs (0.05 s)
    from jupyter_client.manager import KernelManager
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

KERNEL_NAME = "python3"
#: The kernel's own log at ERROR: at WARNING every ipykernel says "Kernel is running over
#: TCP without encryption" (it listens on localhost only) and, when orphaned, "Parent
#: appears to have exited"; neither is the user's business. Cell errors are unaffected.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]
_IN_PROCESS = threading.Lock()
#: Execution-info field telling cells that this engine takes output values still being
#: made (a ``concurrent.futures.Future`` for a MIME type): the built-in in-process
#: engine only; the assembly waits for them (:func:`settled`), not the execution.
DEFERRED_FIELD = "salw-deferred-outputs"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class ExecutedDocument:
    """Outputs of one execution, reused for every output format.

    Attributes
    ----------
    doc : QmdDocument
        The parsed source.
    cell_outputs : dict
        ``id(cell) -> list of nbformat output dicts`` for every executed cell.
    inline_values : dict
        ``id(markdown chunk) -> one MIME bundle per inline expression`` (a ``str``
        value as ``{"text/plain": value}``, anything else as IPython formats it).

    """

    doc: QmdDocument
    cell_outputs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    inline_values: dict[int, list[dict[str, str]]] = field(default_factory=dict)


def _kernel_manager() -> KernelManager:
    """Return a kernel manager pinned to ipykernel of the running interpreter.

    An empty ``kernel_dirs`` makes jupyter_client fall back to ipykernel's built-in
    ``python3`` spec, whose command is ``sys.executable``; user- or system-wide
    kernelspecs named ``python3`` (possibly another Python) are ignored.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    ksm = KernelSpecManager(kernel_dirs=[], ensure_native_kernel=True)
    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)


#: Kernel code printing an inline value's MIME bundle as JSON. Quarto asks the kernel
#: for the value's display data (``user_expressions``) and shows a string without its
#: quotes, so a ``str`` is sent as itself, not as its ``repr``.
_INLINE_CODE = """\
import json as _sb_json
from IPython import get_ipython as _sb_ipython
_sb_value = ({expr})
print(_sb_json.dumps({{"text/plain": _sb_value}} if isinstance(_sb_value, str)
      else _sb_ipython().display_formatter.format(_sb_value)[0]), end="")
del _sb_value, _sb_json, _sb_ipython"""


def _inline_code(expr: str) -> str:
    """Return kernel code that prints the MIME bundle of an inline expression's value."""
    return _INLINE_CODE.format(expr=expr)


def _error_text(exc: CellExecutionError) -> str:
    """Return ``ename: evalue`` (or the cleaned traceback tail) of a cell error."""
    ename = getattr(exc, "ename", "") or ""
    evalue = getattr(exc, "evalue", "") or ""
    if ename:
        return _ANSI.sub("", f"{ename}: {evalue}")
    return _ANSI.sub("", str(exc)).strip().splitlines()[-1]


def execute(
    doc: QmdDocument, cwd: Path, info: dict[str, Any] | None = None, timeout: int = 600
) -> ExecutedDocument:
    """Execute every cell and inline expression of ``doc`` in one kernel session.

    Parameters
    ----------
    doc : QmdDocument
        The parsed document.
    cwd : Path
        Working directory of the kernel (the project root).
    info : dict, optional
        What Quarto tells the kernel about the render (document path, target format,
        its options): written to a JSON file named by ``QUARTO_EXECUTE_INFO`` in the
        kernel's environment, as Quarto does, so cells can adapt their output.
    timeout : int
        Per-cell timeout in seconds.

    Returns
    -------
    ExecutedDocument
        The outputs keyed by source block.

    Raises
    ------
    RenderError
        When a cell or inline expression raises; names the file, cell and error.

    """
    nb, origin = _notebook(doc)
    result = ExecutedDocument(doc=doc)
    if not nb.cells:
        return result
    if _in_process():
        from ._inprocess import run_cells

        # One shell per process: executions take turns (conversions still overlap).
        with _IN_PROCESS, tempfile.TemporaryDirectory(prefix="sb-execute-") as tmp:
            deferred = None if info is None else {**info, DEFERRED_FIELD: True}
            env = _kernel_env(doc, cwd, deferred, Path(tmp), inherit=False)
            with contextlib.closing(run_cells(nb.cells, cwd, env)) as runs:
                for index, (outputs, error) in enumerate(runs):
                    if error is not None:
                        raise _failure(doc, origin[index], error, timeout)
                    _keep_outputs(result, *origin[index], outputs)
        return result
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    client = NotebookClient(
        nb,
        km=_kernel_manager(),
        kernel_name=KERNEL_NAME,
        extra_arguments=list(KERNEL_ARGS),
        timeout=timeout,
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    with tempfile.TemporaryDirectory(prefix="sb-execute-") as tmp:
        env = _kernel_env(doc, cwd, info, Path(tmp))
        with client.setup_kernel(env=env):
            for index, cell in enumerate(nb.cells):
                block, k = origin[index]
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError) as exc:
                    raise _failure(doc, origin[index], exc, timeout) from exc
                _keep_outputs(result, block, k, cell.outputs)
    return result


def _in_process() -> bool:
    """Return whether cells run in this process (see the module docstring)."""
    if os.environ.get("SALW_EXECUTE", "in-process") == "kernel":
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is None or getattr(shell, "_sb_render_shell", False)


def _kernel_env(
    doc: QmdDocument, cwd: Path, info: dict[str, Any] | None, tmp: Path, inherit: bool = True
) -> dict[str, str]:
    """Return the kernel's environment: ours (unless not ``inherit``) plus Quarto's variables."""
    env = {
        **(os.environ if inherit else {}),
        "QUARTO_PROJECT_ROOT": str(cwd),
        "QUARTO_DOCUMENT_PATH": str(doc.path.parent),
    }
    if info is not None:
        path = tmp / "execute-info.json"
        path.write_text(json.dumps(info), encoding="utf-8")
        env["QUARTO_EXECUTE_INFO"] = str(path)
    return env


#: Where a notebook cell comes from: the block, and the position of its inline
#: expression (``None`` for a code cell).
_Origin = tuple[Cell | Markdown, int | None]


def _notebook(doc: QmdDocument) -> tuple[nbformat.NotebookNode, list[_Origin]]:
    """Return a notebook of the evaluated cells and inline expressions, and their origins."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": "Python 3",
        "language": "python",
    }
    origin: list[_Origin] = []
    for block in doc.blocks:
        if isinstance(block, Cell):
            if block.options.get("eval", True) is False:
                continue
            nb.cells.append(nbformat.v4.new_code_cell(block.code))
            origin.append((block, None))
        else:
            for k, expr in enumerate(block.inline):
                nb.cells.append(nbformat.v4.new_code_cell(_inline_code(expr)))
                origin.append((block, k))
    return nb, origin


def _failure(
    doc: QmdDocument,
    origin: _Origin,
    exc: CellExecutionError | CellTimeoutError | BaseException,
    timeout: int,
) -> RenderError:
    """Return the error naming the file, the failing cell or expression, and the cause."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    block, k = origin
    if isinstance(block, Cell):
        where = block.describe()
    else:
        where = f"inline expression `{block.inline[k or 0]}` in text at line {block.line}"
    if isinstance(exc, CellExecutionError):
        message = _error_text(exc)
    elif isinstance(exc, CellTimeoutError):
        message = f"timed out after {timeout}s"
    else:
        message = f"{type(exc).__name__}: {exc}"
    return RenderError(f"{doc.path}: {where} failed: {message}")


def _keep_outputs(
    result: ExecutedDocument, block: Cell | Markdown, k: int | None, outputs: list[Any]
) -> None:
    """Record a code cell's outputs, or an inline expression's printed value."""
    if k is None:
        result.cell_outputs[id(block)] = [dict(o) for o in outputs]
    else:
        text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
        result.inline_values.setdefault(id(block), []).append(json.loads(text or "{}"))


def settled(executed: ExecutedDocument) -> ExecutedDocument:
    """Return ``executed`` with every output value still being made, made.

    The in-process engine lets a cell give a ``Future`` for a MIME type (a chart image
    converting in a worker, a table converting in Pandoc; see :data:`DEFERRED_FIELD`),
    so the next execution starts without waiting for it. The conversion of the
    document waits here instead.

    Raises
    ------
    RenderError
        When a value failed to be made: names the file, the cell and the error.

    """
    cells = {id(b): b for b in executed.doc.blocks if isinstance(b, Cell)}
    outputs = {
        key: [_settled_output(executed.doc, cells[key], o) for o in found]
        for key, found in executed.cell_outputs.items()
    }
    return replace(executed, cell_outputs=outputs)


def _settled_output(doc: QmdDocument, cell: Cell, output: dict[str, Any]) -> dict[str, Any]:
    data = output.get("data")
    if not isinstance(data, dict) or not any(isinstance(v, Future) for v in data.values()):
        return output
    try:
        made = {k: v.result() if isinstance(v, Future) else v for k, v in data.items()}
    except Exception as exc:  # noqa: BLE001 (any failure of a cell's deferred work)
        raise _failure(doc, (cell, None), exc, 0) from exc
    return {**output, "data": made}
