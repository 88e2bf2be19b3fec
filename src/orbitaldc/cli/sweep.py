"""Commands over sweeps: run a sweep into a store, query it, optimise and explain it (docs/sweeps.md)."""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from orbitaldc.cli.common import app, fail, fmt, print_json

SweepArg = Annotated[Path, typer.Argument(help="sweep YAML file", show_default=False)]
ReportOpt = Annotated[Path | None, typer.Option("--report", help="also write an offline HTML page of the answer",
                                                show_default=False)]


@app.command()
def sweep(
    sweep_file: SweepArg,
    store: Annotated[Path, typer.Option("--store", help="DuckDB file; Parquet shards go beside it",
                                        show_default=False)],
    workers: Annotated[int, typer.Option("--workers", help="local worker processes")] = 1,
    dask: Annotated[str | None, typer.Option("--dask", help="local:N (a LocalCluster) or tcp://HOST:PORT",
                                             show_default=False)] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", hidden=True)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
    report: ReportOpt = None,
):
    """Evaluate every scenario of a sweep into a store (resumable: re-run to finish a killed sweep)."""
    from orbitaldc.sweep import load_sweep, run_sweep

    spec = load_sweep(sweep_file)  # every axis is checked before anything runs
    if report is not None:
        _page_path(report)
    if dask is not None and workers != 1:
        fail("--workers", "give --workers or --dask, not both")
    if batch_size is not None and batch_size < 1:
        fail("--batch-size", "at least 1")
    if json_out or not sys.stderr.isatty():
        summary = run_sweep(spec, store, workers=workers, dask=dask, batch_size=batch_size)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

        columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), "ETA", TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
            task = bar.add_task(f"sweep {spec.spec.name}", total=None)
            summary = run_sweep(spec, store, workers=workers, dask=dask, batch_size=batch_size,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    if report is not None:
        _write_page(report, spec.spec.name, store=store)
    if json_out:
        print_json(summary)
        return
    print(f"{summary['scenarios']:,} scenarios: {summary['evaluated']:,} evaluated in {summary['seconds']:.1f} s"
          f"{rate_text(summary['evaluated'], summary['seconds'])}, {summary['already_stored']:,} already stored; "
          f"{summary['errors']:,} failed, {summary['infeasible']:,} infeasible")
    print(f"store: {summary['store']} (view results; shards in {summary['shards']})")
    if report is not None:
        print(f"report: {report}")


@app.command()
def query(
    store: Annotated[Path, typer.Argument(help="DuckDB store of a sweep", show_default=False)],
    sql: Annotated[str, typer.Argument(help="SQL, e.g. SELECT count(*) FROM results", show_default=False)],
    csv_out: Annotated[bool, typer.Option("--csv", help="print CSV")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="print a JSON list of row objects")] = False,
):
    """Run SQL on a sweep's store (the view results: one row per scenario)."""
    from orbitaldc.sweep.store import query as run_query

    if csv_out and json_out:
        fail("--csv", "give --csv or --json, not both")
    names, rows = run_query(store, sql)
    if json_out:
        print_json_rows([dict(zip(names, (_plain(v) for v in row), strict=True)) for row in rows])
    elif csv_out:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    else:
        from rich.table import Table

        table = Table(show_lines=False)
        for name in names:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*("NULL" if v is None else f"{v:.6g}" if isinstance(v, float) else str(v) for v in row))
        Console().print(table)


def rate_text(evaluated: int, seconds: float) -> str:
    """`` (N/s)`` by the one rounding rule (``cli.common.fmt``: 0.248/s, 17.3/s, 169,123/s, never 0/s);
    empty when nothing was evaluated or no time was measured."""
    if evaluated <= 0 or not seconds > 0 or not math.isfinite(seconds):
        return ""
    return f" ({fmt(evaluated / seconds)}/s)"


def print_json_rows(rows: list) -> None:
    sys.stdout.write(json.dumps(rows, indent=2, allow_nan=False) + "\n")


def _plain(value):
    """A DuckDB value as JSON: non-finite floats as null, decimals as floats, times as ISO text."""
    import datetime as dt
    import decimal

    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


__all__ = ["print_json", "query", "sweep"]


@app.command()
def optimize(
    sweep_file: SweepArg,
    json_out: Annotated[bool, typer.Option("--json", help="print the front as JSON")] = False,
    report: ReportOpt = None,
):
    """NSGA-II Pareto front over the sweep's design axes for its optimize.objectives (pymoo)."""
    from orbitaldc.sweep import load_sweep
    from orbitaldc.sweep.optimize import sweep_optimize

    spec = load_sweep(sweep_file)
    if report is not None:
        _page_path(report)
    result = sweep_optimize(spec)
    if report is not None:
        _write_page(report, spec.spec.name, front=result)
    if json_out:
        print_json(result)
        return
    from rich.table import Table

    names = result["design_axes"] + [o["column"] for o in result["objectives"]]
    table = Table(title=f"Pareto front: {len(result['front'])} designs ({result['judged_by']})")
    for name in names:
        table.add_column(name, justify="right", overflow="fold")
    for point in result["front"]:
        table.add_row(*(f"{point[n]:.4g}" if isinstance(point[n], float) else str(point[n]) for n in names))
    if result["front"]:
        Console().print(table)
    else:  # an empty table says nothing: say why there is no front
        print(result["statement"])
    print(f"{result['evaluations']:,} scenarios evaluated (population {result['population']}, "
          f"{result['generations']} generations); assumption axes {', '.join(result['assumption_axes']) or 'none'}")
    if report is not None:
        print(f"report: {report}")


@app.command()
def sensitivity(
    sweep_file: SweepArg,
    output: Annotated[str | None, typer.Option("--output", help="result column (default: the sweep file's)",
                                               show_default=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the indices as JSON")] = False,
    report: ReportOpt = None,
):
    """Sobol' first-order and total indices of a result over the sweep's axes (SALib), with 95 %
    bootstrap intervals; N doubles until they are narrow, or the answer says it could not."""
    from orbitaldc.sweep import load_sweep
    from orbitaldc.sweep.sensitivity import sweep_sensitivity

    spec = load_sweep(sweep_file)
    if report is not None:
        _page_path(report)
    result = sweep_sensitivity(spec, output)
    if report is not None:
        _write_page(report, spec.spec.name, sensitivity=result)
    if json_out:
        print_json(result)
        return
    from rich.table import Table

    table = Table(title=f"Sobol' indices of {result['output']}")
    for name in ("axis", "kind", "S1", "S1 95 %", "ST", "ST 95 %"):
        table.add_column(name, justify="left" if name in ("axis", "kind") else "right")
    for row in sorted(result["indices"], key=lambda r: -r["ST"]):
        table.add_row(row["input"], row["kind"], f"{row['S1']:.3f}", f"[{row['S1_low']:.3f}, {row['S1_high']:.3f}]",
                      f"{row['ST']:.3f}", f"[{row['ST_low']:.3f}, {row['ST_high']:.3f}]")
    Console().print(table)
    print(result["statement"])
    if report is not None:
        print(f"report: {report}")


def _page_path(report: Path) -> Path:
    from orbitaldc.report.sweep_page import check_page_path

    return check_page_path(report)


def _write_page(report: Path, name: str, **parts) -> None:
    """The sweep page (report.sweep_page)."""
    from orbitaldc.report.sweep_page import write_sweep_page

    write_sweep_page(report, name, **parts)
