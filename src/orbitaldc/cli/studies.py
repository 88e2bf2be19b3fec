"""Commands over studies: the bridge between two scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from orbitaldc.cli.common import JsonOpt, app, bridge_of, console, print_json
from orbitaldc.report.numbers import sig


@app.command()
def compare(
    first: Annotated[Path, typer.Argument(help="scenario to start from (e.g. a study preset)", show_default=False)],
    second: Annotated[Path, typer.Argument(help="scenario to arrive at", show_default=False)],
    json_out: JsonOpt = False,
):
    """Explain why two scenarios' orbital $/GPU-hour differ: a waterfall of named changes."""
    doc = bridge_of(first, second)
    if json_out:
        print_json(doc)
        return
    table = Table(title=f"{doc['from']} → {doc['to']}: orbital USD per GPU-hour")
    for column in ("change", "Δ USD/GPU-h", "USD/GPU-h", "Δ orbit/ground", "orbit/ground"):
        table.add_column(column, justify="left" if column == "change" else "right", overflow="fold")
    table.add_row(doc["from"], "", sig(doc["from_usd_per_gpu_hour"]), "", sig(doc["from_orbit_ground_ratio"]))
    for step in doc["steps"]:
        table.add_row(step["change"], _signed(step["delta_usd_per_gpu_hour"]), sig(step["usd_per_gpu_hour"]),
                      _signed(step["delta_orbit_ground_ratio"]), sig(step["orbit_ground_ratio"]))
    totals = (doc["to"], _signed(doc["total_delta_usd_per_gpu_hour"]), sig(doc["to_usd_per_gpu_hour"]),
              _signed(doc["total_delta_orbit_ground_ratio"]), sig(doc["to_orbit_ground_ratio"]))
    table.add_row(*(f"[bold]{cell}[/]" for cell in totals))
    console.print(table)
    console.print(f"[dim]method: {doc['method']}[/]")


def _signed(value: float) -> str:
    """A step of the bridge with its sign; the one rounding rule, so a small step is not '+0.000'."""
    return ("+" if value >= 0 else "−") + sig(abs(value))
