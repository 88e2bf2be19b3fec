"""The catalog command: numbers with their sources."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from orbitaldc.cli.common import app, console, fail


@app.command("catalog")
def catalog_command(
    name: Annotated[str | None, typer.Argument(help="one catalog (default: all)", show_default=False)] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="print Markdown tables")] = False,
):
    """List catalog numbers with their sources."""
    from orbitaldc import catalog

    if name is not None and name not in catalog.CATALOGS:
        fail("catalog", f"unknown catalog {name!r} (known: {', '.join(catalog.CATALOGS)})")
    names = catalog.CATALOGS if name is None else (name,)
    if markdown:
        sys.stdout.write(catalog.markdown(names) + "\n")
        return
    for n in names:
        table = Table(title=n)
        for col in ("entry", "field", "value", "unit", "kind", "year", "source"):
            table.add_column(col, overflow="fold")
        for key, entry in catalog.load(n).items():
            for field, item in entry.items():
                if isinstance(item, catalog.Record):
                    table.add_row(key, field, f"{item.value:.6g}", item.unit, item.kind, str(item.year), item.source)
        console.print(table)
