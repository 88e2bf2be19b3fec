"""Shared pieces of the command line: the app, one-line failures, number formatting, loading."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from orbitaldc.errors import ScenarioError
from orbitaldc.scenario import load_scenario

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Size orbital AI data centers and compare them with the ground.",
)
console = Console()

ScenarioArg = Annotated[Path, typer.Argument(help="scenario YAML file", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="print the result document as JSON")]


def fail(field: str, why: str, code: int = 2):
    print(f"error: {field}: {why}", file=sys.stderr)
    raise typer.Exit(code)


def print_json(doc: dict) -> None:
    sys.stdout.write(json.dumps(doc, indent=2, allow_nan=False) + "\n")


def fmt(value, unit: str = "", scale: float = 1.0, digits: int = 3) -> str:
    """The one rounding rule of text and report (``report.numbers.sig``): significant figures, whole
    numbers from 10**(digits-1) up, never a nonzero value printed as 0."""
    from orbitaldc.report.numbers import with_unit

    return with_unit(value, unit, scale, digits)


def result_of(scenario_path: Path, timeline: bool = True, quiet: bool = False, operations: bool = False,
              trace: Path | None = None, require_workload: bool = False):
    """Load and run; a progress bar on a terminal for the timeline, none under --json. ``operations``
    runs the Operations stage when the scenario has a workload (``require_workload``: it must have
    one); ``trace`` replaces its trace file."""
    from orbitaldc.run import run

    scenario = load_scenario(scenario_path)
    if trace is not None:
        scenario = with_trace(scenario, trace)
    if require_workload and scenario.workload is None:
        raise ScenarioError("workload", "the scenario has no workload: add workload.inference or give --trace FILE")
    if not timeline or quiet or not sys.stdout.isatty():
        return run(scenario, timeline=timeline, operations=operations)
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("timeline: eclipses and contacts", total=2)
        return run(scenario, progress=lambda done, total: bar.update(task, completed=done, total=total),
                   operations=operations)


def with_trace(scenario, trace: Path):
    """The scenario with its inference workload reading ``trace`` (a workload with defaults if it has none)."""
    from orbitaldc.scenario import Inference, Workload

    if trace.is_dir():
        raise ScenarioError("--trace", f"{trace}: is a directory, not a trace file")
    if not trace.is_file():
        raise ScenarioError("--trace", f"{trace}: no such file")
    inference = scenario.workload.inference if scenario.workload is not None else None
    data = inference.model_dump(exclude={"trace", "synthetic"}) if inference is not None else {}
    workload = Workload(inference=Inference(**data, trace=str(trace)))
    return scenario.model_copy(update={"workload": workload})


def load_named(path: Path):
    """A scenario whose errors name the file as well as the field (for commands that read two)."""
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise ScenarioError(exc.field if exc.field == str(path) else f"{path}: {exc.field}", exc.why) from None


def bridge_of(a: Path, b: Path) -> dict:
    from orbitaldc.studies import bridge

    first, second = load_named(a), load_named(b)
    try:
        return bridge(first, second, first.name, second.name)
    except ScenarioError as exc:  # a side that cannot be priced: name its file
        raise ScenarioError(str(a if getattr(exc, "side", "from") == "from" else b), exc.why) from None
