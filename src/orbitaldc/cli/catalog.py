"""The catalog command: numbers with their sources."""

from __future__ import annotations

import sys
import textwrap
from typing import Annotated

import typer

from orbitaldc.cli.common import app, console, fail
from orbitaldc.report.numbers import sig


@app.command("catalog")
def catalog_command(
    name: Annotated[str | None, typer.Argument(help="one catalog (default: a summary of all)",
                                               show_default=False)] = None,
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
    width = max(40, min(console.width, 100))
    lines = _summary(catalog, width) if name is None else _listing(catalog, name, width)
    # Plain print: sources hold brackets that rich would read as markup.
    print("\n".join(lines))


def _records(catalog, name: str):
    for key, entry in catalog.load(name).items():
        yield key, [(f, item) for f, item in entry.items() if isinstance(item, catalog.Record)]


def _summary(catalog, width: int) -> list[str]:
    """Every catalog in a few lines (all rows would be thousands of lines): names, entry counts and
    how to see one."""
    lines = [f"{'catalog':<13}{'entries':>8}{'values':>8}  entry names", "-" * min(width, 80)]
    for n in catalog.CATALOGS:
        entries = list(_records(catalog, n))
        count = sum(len(fields) for _, fields in entries)
        names = textwrap.wrap(", ".join(k for k, _ in entries), width - 31, break_on_hyphens=False) or [""]
        lines.append(f"{n:<13}{len(entries):>8}{count:>8}  {names[0]}")
        lines += [" " * 31 + more for more in names[1:]]
    lines += ["", "one catalog, value by value with its source:  orbitaldc catalog NAME",
              "all catalogs as Markdown tables:               orbitaldc catalog --markdown"]
    return lines


def _listing(catalog, name: str, width: int) -> list[str]:
    """One catalog entry by entry: a line per value (field, value and unit, kind and year) and its
    source folded beneath it, so nothing is cut at 80 columns."""
    lines = []
    for key, fields in _records(catalog, name):
        lines += ["", key]
        for field, item in fields:
            value = f"{sig(item.value, 6)} {item.unit}".strip()
            if item.low is not None and item.high is not None:
                value += f" ({sig(item.low, 4)} … {sig(item.high, 4)})"
            head = f"  {field:<34} {value}"
            tail = f"{item.kind} {item.year}"
            if len(head) + 1 + len(tail) <= width:
                lines.append(head + " " * (width - len(head) - len(tail)) + tail)
            else:
                lines += textwrap.wrap(head, width, subsequent_indent=" " * 37, break_on_hyphens=False)
                lines.append(" " * 37 + tail)
            lines += textwrap.wrap(item.source, width, initial_indent=" " * 6, subsequent_indent=" " * 6,
                                   break_on_hyphens=False)
    count = sum(len(f) for _, f in _records(catalog, name))
    return [f"{name}: {len(catalog.load(name))} entries, {count} values"] + lines
