"""Every input of a run as rows of the report's assumptions table.

Rows: each field of the scenario (given in the file, or orbitaldc's default, or left to the
catalog), each catalog record the run used (``catalog.record``: value, unit, kind, year,
source), the physical constants of the environment, and the economics stage's own
assumptions when it ran.
"""

from __future__ import annotations

from pydantic import BaseModel

from orbitaldc import catalog

SUFFIX_UNITS = (("_km", "km"), ("_m", "m"), ("_mm", "mm"), ("_w", "W"), ("_wh", "Wh"), ("_kg", "kg"),
                ("_c", "°C"), ("_deg", "deg"), ("_h", "h"), ("_years", "yr"), ("_usd", "USD"),
                ("_usd_per_kg", "USD/kg"), ("_usd_per_launch", "USD"), ("_fraction", "fraction"),
                ("_per_year", "1/yr"), ("_kg_per_kw", "kg/kW"), ("_m3", "m³"))
CONSTANTS = (
    ("solar constant", "SOLAR_CONSTANT_W_M2", "W/m²", "measured", 2011, "Kopp & Lean 2011, GRL 38, L01706"),
    ("Earth albedo (orbit average)", "EARTH_ALBEDO", "fraction", "standard", 2002,
     "Gilmore, Spacecraft Thermal Control Handbook Vol. I, 2nd ed., ch. 2"),
    ("Earth outgoing longwave", "EARTH_IR_W_M2", "W/m²", "standard", 2002,
     "Gilmore, Spacecraft Thermal Control Handbook Vol. I, 2nd ed., ch. 2"),
    ("Earth equatorial radius", "R_EARTH_KM", "km", "standard", 1984, "WGS-84 (Vallado, 4th ed., Table D-1)"),
    ("Earth J2", "J2_EARTH", "", "standard", 1996, "EGM-96 (Vallado, 4th ed., Table D-1)"),
)


def _unit(name: str) -> str:
    for suffix, unit in sorted(SUFFIX_UNITS, key=lambda p: -len(p[0])):
        if name.endswith(suffix):
            return unit
    return ""


def _format(value) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "catalog / computed"}[value]
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def scenario_rows(model: BaseModel, prefix: str = "") -> list[dict]:
    """One row per leaf field: given in the file, or the default."""
    rows = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            rows += scenario_rows(value, path + ".")
            continue
        if isinstance(value, dict) and value and all(isinstance(v, BaseModel) for v in value.values()):
            for key, item in value.items():
                rows += scenario_rows(item, f"{path}.{key}.")
            continue
        if isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            for k, item in enumerate(value):
                rows += scenario_rows(item, f"{path}[{k}].")
            continue
        given = name in model.model_fields_set
        rows.append({"group": "scenario", "input": path, "value": _format(value), "unit": _unit(name),
                     "kind": "scenario" if given else "default", "year": "",
                     "source": "scenario file" if given else (info.description or "orbitaldc default")})
    return rows


def catalog_entries(scenario) -> list[tuple[str, str]]:
    """(catalog, entry) pairs the run reads."""
    sat = scenario.satellite
    used = [("accelerators", sat.compute.accelerator), ("solar", sat.power.solar), ("radiators", sat.thermal.radiator),
            ("batteries", sat.battery.technology), ("bus", sat.structure.bus)]
    if scenario.launch.vehicle is not None:
        used += [("vehicles", scenario.launch.vehicle), ("launch", "default")]
    return [(c, k) for c, k in used if k in catalog.load(c)]


def catalog_rows(scenario) -> list[dict]:
    rows = []
    for name, key in catalog_entries(scenario):
        for field, item in catalog.load(name)[key].items():
            if isinstance(item, catalog.Record):
                value = f"{item.value:.6g}"
                if item.low is not None and item.high is not None:
                    value += f" ({item.low:.4g} … {item.high:.4g})"
                rows.append({"group": f"catalog {name}", "input": f"{key}.{field}", "value": value,
                             "unit": item.unit, "kind": item.kind, "year": item.year, "source": item.source})
            elif isinstance(item, dict) and "points" in item:
                rows.append({"group": f"catalog {name}", "input": f"{key}.{field}",
                             "value": f"table of {len(item['points'])} points", "unit": "",
                             "kind": item.get("kind", ""), "year": item.get("year", ""),
                             "source": item.get("source", "")})
    return rows


def constant_rows() -> list[dict]:
    from orbitaldc import constants

    return [{"group": "constant", "input": label, "value": f"{getattr(constants, name):.6g}", "unit": unit,
             "kind": kind, "year": year, "source": source} for label, name, unit, kind, year, source in CONSTANTS]


def assumption_rows(result, doc: dict) -> list[dict]:
    rows = scenario_rows(result.scenario) + catalog_rows(result.scenario) + constant_rows()
    for a in (doc.get("economics") or {}).get("assumptions", []):
        rows.append({"group": "economics", "input": a["input"], "value": _format(a["value"]), "unit": a.get("unit", ""),
                     "kind": a.get("kind", ""), "year": a.get("year", ""), "source": a.get("source", "")})
    return rows
