"""Every input of a run as rows of the report's assumptions table.

Rows: each field of the scenario (given in the file, or orbitaldc's default, or left to the
catalog), each catalog record the run used (``catalog.record``: value, unit, kind, year,
source), the physical constants of the environment, and the economics stage's own
assumptions when it ran.
"""

from __future__ import annotations

import math

from pydantic import BaseModel

from orbitaldc import catalog

SUFFIX_UNITS = (("_km", "km"), ("_m", "m"), ("_mm", "mm"), ("_w", "W"), ("_wh", "Wh"), ("_kg", "kg"),
                ("_c", "°C"), ("_deg", "deg"), ("_h", "h"), ("_years", "yr"), ("_usd", "USD"),
                ("_usd_per_kg", "USD/kg"), ("_usd_per_launch", "USD"), ("_fraction", "fraction"),
                ("_per_year", "1/yr"), ("_kg_per_kw", "kg/kW"), ("_m3", "m³"), ("_w_per_kg", "W/kg"),
                ("_usd_per_w", "USD/W"), ("_wh_per_kg", "Wh/kg"))
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
        if f"_{name}".endswith(suffix):  # a bare 'usd_per_kg' is priced per kg too
            return unit
    return ""


def _format(value) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "none"}[value]
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _catalog_source(scenario, name: str, value: float):
    """The catalog record a design input was read from: a field of an entry the run uses whose name
    is the input's (or the input's with a qualifier, e.g. path_efficiency_daylight_regulated) and
    whose value is the one used."""
    for cat, key in catalog_entries(scenario):
        for field, item in catalog.load(cat)[key].items():
            stem = name.removesuffix("_fraction")
            if (isinstance(item, catalog.Record) and (field == name or field.startswith(name + "_")
                                                       or field.startswith(stem + "_"))
                    and math.isclose(item.value, value, rel_tol=1e-9)):
                return cat, f"{key}.{field}", item
    return None


def resolved(result, doc: dict, path: str, name: str, description: str) -> dict:
    """Value, unit, kind, year and source of a scenario field left unset (None): what the run used in
    its place, or why nothing was used."""
    def row(value, kind, source, unit=None, year=""):
        return {"value": value, "unit": _unit(name) if unit is None else unit, "kind": kind, "year": year,
                "source": source}

    sat = (doc.get("design") or {}).get("satellite") or {}
    fleet = (doc.get("design") or {}).get("fleet") or {}
    launch = doc.get("launch") or {}
    econ = doc.get("economics") or {}
    if path == "satellite.compute.it_power_w" and sat.get("it_power_w") is not None:
        return row(f"{sat['it_power_w']:.6g}", "default", "computed: accelerators per satellite × their system power")
    if path == "constellation.it_power_w" and fleet.get("it_power_w") is not None:
        return row(f"{fleet['it_power_w']:.6g}", "default", "computed: satellites × IT power per satellite")
    if path == "launch.success_rate" and launch.get("success_rate") is not None:
        return row(f"{launch['success_rate']:.6g}", "default",
                   "computed: " + (launch.get("success_rate_model") or description))
    if path == "launch.cadence_per_year" and launch.get("launches_per_year") is not None:
        return row(f"{launch['launches_per_year']:.6g}", "default", f"vehicle {launch.get('vehicle')} (catalog "
                   f"vehicles), as the launch stage used it", unit="launches/yr")
    if path == "launch.price_usd_per_launch" and launch.get("cost_model"):
        return row("not used" if "per kg" in launch["cost_model"] else "vehicle price", "default",
                   f"launch cost model: {launch['cost_model']}")
    if path == "economics.uncertainty" and econ.get("uncertainty"):
        u = econ["uncertainty"]
        return row(f"{len(u.get('inputs', []))} inputs, {u['samples']:,} samples", "default",
                   "every catalog economic input with a published range, split triangular over (low, value, high)")
    if path == "economics.facility_capex_items_usd_per_w":
        return row("not used", "default", "facility_capex_usd_per_w prices the facility (see the economics rows)")
    inputs = getattr(getattr(result, "design", None), "inputs", None)
    if path == "satellite.compute.host_overhead_fraction" and inputs is not None:
        return row(f"{float(inputs.host_overhead_fraction):.6g}", "default",
                   f"computed from catalog accelerators {result.design.accelerator}: system_power_w / power_w − 1")
    if path.startswith("satellite.") and inputs is not None and hasattr(inputs, name):
        value = getattr(inputs, name)
        if name == "sun_fraction" and not inputs.oversize_array:
            return row("not used", "default", "used only with eclipse_policy oversize_array")
        try:
            value = float(value)
        except (TypeError, ValueError):
            value = None
        if value is None or math.isnan(value):
            return row("not used", "default", f"study option off: {description}")
        found = _catalog_source(result.scenario, name, value)
        if found is not None:
            cat, field, item = found
            # kind stays "default" (not in the file); the record's own kind goes with its source
            return row(f"{value:.6g}", "default", f"catalog {cat} {field} ({item.kind}): {item.source}",
                       unit=item.unit or _unit(name), year=item.year)
        return row(f"{value:.6g}", "default", f"computed by the design stage: {description}")
    # Left unset and read by nothing above: say so rather than invent a value.
    return row("not set", "default", description)


def scenario_rows(model: BaseModel, prefix: str = "", run: tuple | None = None) -> list[dict]:
    """One row per leaf field: given in the file, or the default; a field left unset shows what the
    run (``(result, doc)``) used in its place."""
    rows = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            rows += scenario_rows(value, path + ".", run)
            continue
        if isinstance(value, dict) and value and all(isinstance(v, BaseModel) for v in value.values()):
            for key, item in value.items():
                rows += scenario_rows(item, f"{path}.{key}.", run)
            continue
        if isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            for k, item in enumerate(value):
                rows += scenario_rows(item, f"{path}[{k}].", run)
            continue
        given = name in model.model_fields_set
        description = info.description or "orbitaldc default"
        if value is None and run is not None:
            rows.append({"group": "scenario", "input": path, **resolved(*run, path, name, description)})
            continue
        rows.append({"group": "scenario", "input": path, "value": _format(value), "unit": _unit(name),
                     "kind": "scenario" if given else "default", "year": "",
                     "source": "scenario file" if given else description})
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
    rows = scenario_rows(result.scenario, run=(result, doc)) + catalog_rows(result.scenario) + constant_rows()
    for a in (doc.get("economics") or {}).get("assumptions", []):
        rows.append({"group": "economics", "input": a["input"], "value": _format(a["value"]), "unit": a.get("unit", ""),
                     "kind": a.get("kind", ""), "year": a.get("year", ""), "source": a.get("source", "")})
    return rows
