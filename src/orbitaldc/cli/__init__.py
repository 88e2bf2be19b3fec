"""Command line: a thin layer over the Python API, one module per command group.

Exit codes: 0 ok, 2 bad input (one line ``error: <field>: <why>`` on stderr), 1 a bug.
"""

from __future__ import annotations

import os
import sys
import warnings

import typer

from orbitaldc.cli import catalog, geometry, make_or_buy, ops, stages, studies, sweep, webapp  # noqa: F401  (register the commands)
from orbitaldc.cli.common import app
from orbitaldc.errors import ScenarioError

__all__ = ["app", "main"]


def _run_app():
    with warnings.catch_warnings():  # scoped, so an in-process caller's filters are left alone
        # Library notices (skyfield-data's expiry, numba's cache) never print beside our own lines.
        warnings.filterwarnings("ignore", module="skyfield")
        warnings.filterwarnings("ignore", module="numba")
        # numpy's RuntimeWarnings (with their source lines) never reach a user's terminal: a
        # computation that meets one handles the case or raises a field-named error; the bad-input
        # corpus (tests/test_bad_input_corpus.py) runs the pipeline with them as errors.
        if not os.environ.get("ORBITALDC_DEBUG"):
            warnings.simplefilter("ignore", RuntimeWarning)
        return app(standalone_mode=False)


def main() -> None:
    """Entry point: turn bad input into one line and exit code 2."""
    try:
        code = _run_app()
    except ScenarioError as exc:
        print(f"error: {exc.field}: {exc.why}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # usage errors (typer's click) and real bugs
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            param = getattr(exc, "param", None)
            field = getattr(param, "name", None) or "usage"
            message = " ".join(exc.format_message().split())
            print(f"error: {field}: {message}", file=sys.stderr)
            sys.exit(exc.exit_code)
        if os.environ.get("ORBITALDC_DEBUG"):
            raise
        print(f"error: internal: {type(exc).__name__}: {exc} (set ORBITALDC_DEBUG=1 for a traceback)",
              file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
