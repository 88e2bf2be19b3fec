"""Commands over studies: the bridge between two scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from orbitaldc.cli.common import JsonOpt, app, bridge_of, console, print_json


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
    table.add_row(doc["from"], "", f"{doc['from_usd_per_gpu_hour']:.3f}", "", f"{doc['from_orbit_ground_ratio']:.2f}")
    for step in doc["steps"]:
        table.add_row(step["change"], f"{step['delta_usd_per_gpu_hour']:+.3f}", f"{step['usd_per_gpu_hour']:.3f}",
                      f"{step['delta_orbit_ground_ratio']:+.3f}", f"{step['orbit_ground_ratio']:.2f}")
    totals = (doc["to"], f"{doc['total_delta_usd_per_gpu_hour']:+.3f}", f"{doc['to_usd_per_gpu_hour']:.3f}",
              f"{doc['total_delta_orbit_ground_ratio']:+.3f}", f"{doc['to_orbit_ground_ratio']:.2f}")
    table.add_row(*(f"[bold]{cell}[/]" for cell in totals))
    console.print(table)
    console.print(f"[dim]method: {doc['method']}[/]")
