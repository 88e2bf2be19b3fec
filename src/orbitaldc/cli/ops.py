"""The Operations command: serve a workload on the fleet and on the ground, in time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from orbitaldc.cli.common import JsonOpt, ScenarioArg, app, console, fmt, print_json, result_of

TraceOpt = Annotated[Path | None, typer.Option(
    "--trace", help="Azure LLM inference trace CSV (TIMESTAMP,ContextTokens,GeneratedTokens[,Region]); replaces the "
    "scenario's workload.inference trace")]


@app.command()
def simulate(scenario: ScenarioArg, trace: TraceOpt = None, json_out: JsonOpt = False):
    """Serve the scenario's inference trace on the fleet and on the ground: latency, drops, delivered compute."""
    result = result_of(scenario, quiet=json_out, operations=True, trace=trace, require_workload=True)
    full = result.document()
    # an infeasible scenario is a result (exit 0), reported with its reasons and never priced; its
    # trace is still read, so a bad file is refused (exit 2) whatever the design
    inference = result.scenario.workload.inference
    if not full["operations"].get("feasible", True) and inference is not None and inference.trace is not None:
        from orbitaldc.ops.workload import read_trace

        read_trace(inference.trace)
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems", "operations")}
    if "delivered" in full.get("economics", {}):
        doc["delivered"] = full["economics"]["delivered"]
    if json_out:
        print_json(doc)
        return
    if not doc["operations"].get("feasible", True):
        console.print(f"[bold]{doc['scenario']}[/]: [red]infeasible, not simulated[/]")
        for problem in doc["problems"]:
            console.print(f"  [red]•[/] {problem}")
        return
    print_operations(doc)


def print_operations(doc: dict) -> None:
    ops = doc["operations"]
    o, g = ops["orbital"], ops["terrestrial"]
    if ops["serving"]:
        _print_inference(doc)
    else:
        console.print(f"[bold]{doc['scenario']}[/]: no inference workload; {ops['accelerators']:,} accelerators")
    if o.get("training"):
        _print_training(o["training"], g["training"])
    for note in ops["notes"]:
        console.print(f"[dim]{note}[/]")


def _print_inference(doc: dict) -> None:
    ops = doc["operations"]
    s = ops["serving"]
    hours = fmt(ops['duration_s'] / 3600, 'h')
    console.print(f"[bold]{doc['scenario']}[/]: {ops['requests']:,} requests over {hours}, "
                  f"{s['model']} ({s['precision']}) on {ops['accelerators']:,} {s['accelerator']}, "
                  f"{s['accelerators_per_replica']} per replica, batch {s['batch']}")
    table = Table(title="what users get (ms: p50 / p95 / p99)")
    for column in ("", "orbital", "terrestrial"):
        table.add_column(column, justify="right" if column else "left")

    def trio(d):
        return " / ".join(fmt(d[f"p{p}"]) for p in (50, 95, 99))

    o, g = ops["orbital"], ops["terrestrial"]
    for label, key in (("time to first token", "ttft_ms"), ("time per output token", "tpot_ms"),
                       ("end to end", "e2e_ms")):
        table.add_row(label, trio(o[key]), trio(g[key]))
    table.add_row("served / dropped", f"{o['requests_served']:,} / {o['requests_dropped']:,}",
                  f"{g['requests_served']:,} / {g['requests_dropped']:,}")
    table.add_row("delivered share of peak", fmt(o["waterfall"]["delivered"]), fmt(g["waterfall"]["delivered"]))
    table.add_row("binding constraint", o["binding_constraint"], g["binding_constraint"])
    console.print(table)
    console.print("orbital waterfall: " + ", ".join(f"{k} {fmt(v)}" for k, v in o["waterfall"].items()))
    if "delivered" in doc:
        d = doc["delivered"]
        console.print(f"per delivered GPU-hour: orbit {fmt(d['orbital']['usd_per_delivered_gpu_hour'], 'USD')}, "
                      f"ground {fmt(d['terrestrial']['usd_per_delivered_gpu_hour'], 'USD')} ({d['label']})")


def _print_training(orbit: dict, ground: dict) -> None:
    table = Table(title="training job")
    for column in ("", "orbital", "terrestrial"):
        table.add_column(column, justify="right" if column else "left")
    table.add_row("goodput", fmt(orbit["goodput"]), fmt(ground["goodput"]))
    table.add_row("wall clock", fmt(orbit["wall_clock_h"], "h"), fmt(ground["wall_clock_h"], "h"))
    table.add_row("step time", fmt(orbit["step_time_s"], "s"), fmt(ground["step_time_s"], "s"))
    table.add_row("mean time between interruptions", fmt(orbit["mtbf_h"], "h"), fmt(ground["mtbf_h"], "h"))
    table.add_row("checkpoint interval", fmt(orbit["checkpoint_interval_s"], "s"),
                  fmt(ground["checkpoint_interval_s"], "s"))
    console.print(table)
