"""The app's controls, grouped like the scenario: each with the scenario path it sets, its unit, its
range (and where the range comes from) and the catalog source of its choices and defaults.

The page reads this once (``GET /api/meta``). Economic inputs (``economics.inputs.*``) carry their
input name: the page shows the value and source the run used from the result document's
``economics.assumptions``, so a default is always shown with its catalog citation.
"""

from __future__ import annotations

from orbitaldc import catalog
from orbitaldc.economics import SURFACE_BUS_USD_PER_W, SURFACE_LAUNCH_USD_PER_KG, site_ids
from orbitaldc.economics.parameters import INPUTS
from orbitaldc.scenario import Economics, Power, Structure, Thermal
from orbitaldc.scenario.base import MAX_ALTITUDE_KM, MIN_ALTITUDE_KM

# Slider ends that are not the schema's: each says why (the schema's own bounds are far wider).
LAUNCH_RANGE = (float(SURFACE_LAUNCH_USD_PER_KG[0]), float(SURFACE_LAUNCH_USD_PER_KG[-1]))
LAUNCH_RANGE_NOTE = ("slider 10–10,000 USD/kg: the axis of the break-even surface (economics."
                     "SURFACE_LAUNCH_USD_PER_KG), Starship targets to expendable small launchers; the schema takes "
                     "0 to 1e6; type any value in the box")
ALTITUDE_RANGE = (300.0, 2000.0)
ALTITUDE_NOTE = (f"slider 300–2,000 km: the radiation dose model's range (AP-8/AE-8 ratios on the 550 km SPENVIS "
                 f"table, docs/models.md); the schema takes {MIN_ALTITUDE_KM:g}–{MAX_ALTITUDE_KM:,.0f} km")


def _default(model, field: str):
    """The schema's default of a field (the value a scenario that leaves it out gets)."""
    return model.model_fields[field].default


def _cite(cat: str, entry: str, field: str) -> str:
    """'value unit (kind, year): source' of one catalog record, or '' without one."""
    item = catalog.load(cat).get(entry, {}).get(field)
    if not isinstance(item, catalog.Record):
        return ""
    span = f", range {item.low:g}–{item.high:g}" if item.low is not None and item.high is not None else ""
    return f"{item.value:g} {item.unit} ({item.kind}, {item.year}{span}): {' '.join(item.source.split())}"


def _options(cat: str, fields: tuple[str, ...], skip=()) -> list[dict]:
    out = []
    for key, entry in catalog.load(cat).items():
        if key in skip:
            continue
        cites = [f"{f}: {_cite(cat, key, f)}" for f in fields if _cite(cat, key, f)]
        out.append({"value": key, "label": f"{key} — {entry.get('name', key)}",
                    "source": f"catalog {cat}.{key}; " + " | ".join(cites)})
    return out


def _input(name: str, label: str, lo: float, hi: float, note: str, log: bool = True, off: float | None = None,
           off_label: str = "") -> dict:
    """A slider over economic input ``name`` (economics.inputs.<name>)."""
    spec = INPUTS[name]
    control = {"id": name, "label": label, "kind": "range", "path": f"economics.inputs.{name}", "input": name,
               "unit": spec.unit, "min": lo, "max": hi, "log": log, "range_note": note, "optional": True,
               "source": spec.note or "economic input (economics.parameters.INPUTS)"}
    if off is not None:
        control.update({"off": off, "off_label": off_label})
    return control


def controls() -> list[dict]:
    """Every control, in groups (``group``) in the order of the scenario."""
    launch = [
        {"id": "vehicle", "label": "launch vehicle", "kind": "select", "path": "launch.vehicle", "unit": "",
         "optional": True, "none_label": "none: price per kg only (economics.inputs.launch_usd_per_kg)",
         "options": _options("vehicles", ("price_usd", "payload_leo_kg", "cadence_per_year", "success_rate")),
         "range_note": "catalog vehicles.yaml", "source": "catalog vehicles.yaml (list prices and payloads)"},
        {"id": "launch_usd_per_kg", "label": "launch price", "kind": "range", "path": "launch.usd_per_kg",
         "input": "launch_usd_per_kg", "unit": "USD/kg", "min": LAUNCH_RANGE[0], "max": LAUNCH_RANGE[1], "log": True,
         "optional": True, "range_note": LAUNCH_RANGE_NOTE,
         "source": "with a vehicle: launch.usd_per_kg (overrides its list price per launch); without one: "
                   "economics.inputs.launch_usd_per_kg. Unset: the vehicle's list price over the payload it "
                   "carries to the orbit (launch stage)"},
    ]
    compute = [
        {"id": "accelerator", "label": "accelerator", "kind": "select", "path": "satellite.compute.accelerator",
         "unit": "", "options": _options("accelerators", ("power_w", "system_price_usd", "max_junction_c")),
         "range_note": "catalog accelerators.yaml", "source": "catalog accelerators.yaml"},
        {"id": "accelerators", "label": "accelerators per satellite", "kind": "range",
         "path": "satellite.compute.accelerators", "unit": "count", "min": 1, "max": 1000, "log": True,
         "integer": True, "range_note": "slider 1–1,000 (a rack is 72); the schema takes up to 1e7",
         "source": "scenario (sizes the satellite; shown when the scenario sizes it by accelerators)"},
    ]
    bus = [
        {"id": "solar", "label": "solar array technology (sets array W/kg)", "kind": "select",
         "path": "satellite.power.solar", "unit": "", "optional": True, "default": _default(Power, "solar"),
         "options": _options("solar", ("specific_power_w_per_kg", "cell_efficiency", "degradation_per_year")),
         "range_note": "catalog solar.yaml", "source": "catalog solar.yaml (array W/kg, cell efficiency)"},
        {"id": "bus", "label": "bus", "kind": "select", "path": "satellite.structure.bus", "unit": "",
         "optional": True, "default": _default(Structure, "bus"),
         "options": _options("bus", ("pmad_kg_per_kw", "structure_fraction", "bus_power_fraction")),
         "range_note": "catalog bus.yaml", "source": "catalog bus.yaml (mass shares, PMAD kg/kW)"},
        {"id": "specific_power_w_per_kg", "label": "whole satellite W/kg (study option)", "kind": "range",
         "path": "satellite.mass.specific_power_w_per_kg", "unit": "W/kg", "min": 5.0, "max": 500.0, "log": True,
         "optional": True, "off_label": "bottom-up mass (physical model)",
         "range_note": "slider 5–500 W/kg: below our bottom-up satellites to Starcloud's 400 (McCalip 36.5, "
                       "Suncatcher 49.2); the schema takes 1–10,000",
         "source": "study option satellite.mass {model: specific_power}: array BOL nameplate W per kg of the "
                   "whole satellite at launch (docs/studies.md); unset: bottom-up mass from the catalogs"},
        _input("bus_usd_per_kg", "bus price per kg", 100.0, 20_000.0,
               "slider 100–20,000 USD/kg: around the catalog range 770–6,700"),
        _input("bus_usd_per_w", "satellite price per W", float(SURFACE_BUS_USD_PER_W[0]),
               float(SURFACE_BUS_USD_PER_W[-1]), "slider 0.3–100 USD/W: the break-even surface's axis "
               "(economics.SURFACE_BUS_USD_PER_W); 0 prices the satellite per kg", off=0.0,
               off_label="priced per kg (0)"),
        _input("solar_array_usd_per_w", "solar array price per W", 0.01, 300.0,
               "slider 0.01–300 USD/W: the catalog range (Starcloud's 0.05 to flown arrays' ~300)", off=0.0,
               off_label="in the bus price per kg (0)"),
    ]
    orbit = [
        {"id": "altitude_km", "label": "altitude", "kind": "range", "path": "constellation.orbit.altitude_km",
         "unit": "km", "min": ALTITUDE_RANGE[0], "max": ALTITUDE_RANGE[1], "log": False, "step": 10,
         "range_note": ALTITUDE_NOTE, "source": "scenario", "orbits": ["sso", "circular", "walker", "cluster"]},
        {"id": "ltan_h", "label": "local time of the ascending node", "kind": "range",
         "path": "constellation.orbit.ltan_h", "unit": "h", "min": 0.0, "max": 23.75, "log": False, "step": 0.25,
         "range_note": "0–24 h (18 h: dawn-dusk, the most sunlight)", "source": "scenario",
         "orbits": ["sso", "cluster"]},
        {"id": "inclination_deg", "label": "inclination", "kind": "range",
         "path": "constellation.orbit.inclination_deg", "unit": "deg", "min": 0.0, "max": 180.0, "log": False,
         "step": 0.5, "range_note": "0–180 deg (schema)",
         "source": "scenario", "orbits": ["circular", "walker"]},
    ]
    thermal = [
        {"id": "radiator", "label": "radiator", "kind": "select", "path": "satellite.thermal.radiator", "unit": "",
         "optional": True, "default": _default(Thermal, "radiator"),
         "options": _options("radiators", ("areal_density_kg_per_m2", "emissivity", "absorptivity")),
         "range_note": "catalog radiators.yaml", "source": "catalog radiators.yaml (kg/m², emissivity)"},
        {"id": "temperature_c", "label": "radiator temperature", "kind": "temperature",
         "path": "satellite.thermal.temperature_c", "unit": "°C", "min": 0.0, "max": 120.0, "log": False,
         "step": 1, "optional": True, "default": _default(Thermal, "temperature_c"),
         "range_note": "slider 0–120 °C (an H100's junction limit is 87 °C, catalog accelerators.yaml); "
                       "'chain' takes the highest the junction → loop → radiator chain allows",
         "source": "scenario; 'chain': catalog thermal_chain.yaml and the accelerator's junction and HBM limits"},
        {"id": "sun_incidence", "label": "radiator sun incidence", "kind": "select",
         "path": "satellite.thermal.sun_incidence", "unit": "", "optional": True,
         "default": _default(Thermal, "sun_incidence"),
         "options": [{"value": "sun_facing", "label": "sun_facing (one face normal to the Sun, worst case)",
                      "source": "schema"},
                     {"value": "edge_on", "label": "edge_on", "source": "schema"}],
         "range_note": "schema", "source": "scenario"},
    ]
    horizon = [
        {"id": "horizon_years", "label": "horizon", "kind": "range", "path": "horizon_years", "unit": "yr",
         "min": 1.0, "max": 20.0, "log": False, "step": 0.5,
         "range_note": "slider 1–20 yr; the schema takes a day to 50 yr, ending before 2050 (Sun series)",
         "source": "scenario"},
    ]
    site = [
        {"id": "site", "label": "terrestrial site", "kind": "select", "path": "economics.site", "unit": "",
         "optional": True, "default": _default(Economics, "site"),
         "options": _options("sites", ("electricity_usd_per_kwh", "pue", "facility_capex_usd_per_w",
                                       "grid_interconnection_delay_years"), skip={"default-site-economics"}),
         "range_note": "catalog sites.yaml", "source": "catalog sites.yaml"},
    ]
    assert {o["value"] for o in site[0]["options"]} == set(site_ids())
    groups = [("launch", launch), ("compute", compute), ("bus and array", bus), ("orbit", orbit),
              ("radiator", thermal), ("horizon", horizon), ("ground site", site)]
    return [{**c, "group": g} for g, items in groups for c in items]
