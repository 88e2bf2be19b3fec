"""Catalogs shipped as YAML data: every number is a record with its source and year.

Each file maps an entry id to a mapping of ``name``, optional ``notes`` and numeric
fields; a numeric field is ``{value, unit, source, year, kind, low?, high?}``, where
``kind`` is one of measured, vendor, estimate, projection, standard. Loaders hand the
hot path plain floats (``values``); the records stay available for reports and the
assumptions table (``record``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

CATALOGS = ("accelerators", "solar", "radiators", "batteries", "bus", "vehicles")
KINDS = {"measured", "vendor", "estimate", "projection", "standard"}


@dataclass(frozen=True)
class Record:
    """One sourced catalog number."""

    value: float
    unit: str
    source: str
    year: int
    kind: str
    low: float | None = None
    high: float | None = None


class CatalogError(ValueError):
    """A catalog file that breaks the record format."""


@cache
def load(catalog: str) -> dict[str, dict[str, Record | str]]:
    """All entries of one catalog, records parsed and checked."""
    if catalog not in CATALOGS:
        raise KeyError(f"unknown catalog {catalog!r}; known: {', '.join(CATALOGS)}")
    text = resources.files(__package__).joinpath(f"{catalog}.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or {}
    return {key: _parse_entry(catalog, key, entry) for key, entry in raw.items()}


def _parse_entry(catalog: str, key: str, entry: dict) -> dict[str, Record | str]:
    parsed: dict[str, Record | str] = {}
    for field, item in entry.items():
        if isinstance(item, dict) and "points" in item:  # a published table, kept as it is
            if not {"source", "year"} <= item.keys():
                raise CatalogError(f"{catalog}.{key}.{field}: a table needs source and year")
            parsed[field] = item
        elif isinstance(item, dict):
            missing = {"value", "unit", "source", "year", "kind"} - item.keys()
            if missing:
                raise CatalogError(f"{catalog}.{key}.{field}: missing {', '.join(sorted(missing))}")
            if item["kind"] not in KINDS:
                raise CatalogError(f"{catalog}.{key}.{field}: kind {item['kind']!r} not in {sorted(KINDS)}")
            parsed[field] = Record(
                value=float(item["value"]),
                unit=str(item["unit"]),
                source=str(item["source"]),
                year=int(item["year"]),
                kind=str(item["kind"]),
                low=None if item.get("low") is None else float(item["low"]),
                high=None if item.get("high") is None else float(item["high"]),
            )
        else:
            parsed[field] = item
    return parsed


def entries(catalog: str) -> list[str]:
    """Entry ids of a catalog, sorted."""
    return sorted(load(catalog))


def values(catalog: str, key: str) -> dict[str, float]:
    """Plain floats of one entry, for computation."""
    return {f: r.value for f, r in load(catalog)[key].items() if isinstance(r, Record)}


def record(catalog: str, key: str, field: str) -> Record:
    """The sourced record behind one number."""
    item = load(catalog)[key][field]
    if not isinstance(item, Record):
        raise KeyError(f"{catalog}.{key}.{field} is not a numeric record")
    return item
