"""Design, launch and economics of many scenarios that differ only in "kernel" fields, at once.

A group is a set of scenarios equal in every field except the kernel axes: design inputs that pass
straight into the vectorized sizing kernel (``design.sizing.size_satellites``), the fleet size, the
launch price and the economic inputs. The stages' scalar logic (``design.design``,
``design.station_keeping``, ``launch.manifest`` in ``sweep.manifest``, ``economics.evaluate`` with
``detail=False``) is repeated here on arrays, calling the same vectorized kernels; every row it cannot close the way the
scalar path would -- an infeasible design, an unlaunchable satellite, a problem other than a long
deployment -- is marked for the per-scenario path, so problems keep their exact wording.
``tests/test_sweep_batch.py`` checks the two paths agree on every column.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import STANDARD_GRAVITY_M_S2
from orbitaldc.design.station_keeping import propellant_ratio, propulsion_isp_s
from orbitaldc.limits import MAX_PRICED_SATELLITES
from orbitaldc.sweep.manifest import NotBatchable, launch_batch

# Scenario fields that feed only DesignInputs (checked by grep of the run path, and by probing at run
# time that each passes straight through); the radiator temperature also sets the thermal check,
# repeated in _volume_and_thermal.
TRANSIENT_TOLERANCE_K = 0.1  # the integrator's error allowance against the exact bounds
DESIGN_KERNEL = {
    "satellite.compute.accelerators", "satellite.thermal.temperature_c", "satellite.thermal.emissivity",
    "satellite.thermal.absorptivity", "satellite.power.cell_efficiency", "satellite.power.degradation_per_year",
    "satellite.power.bus_power_fraction", "satellite.battery.depth_of_discharge",
    "satellite.shielding.aluminium_mm", "satellite.power.pmad_kg_per_kw",
}
LAUNCH_KERNEL = {"launch.usd_per_kg", "launch.price_usd_per_launch"}
FLEET_KERNEL = {"constellation.satellites"}
ECONOMICS_PREFIX = "economics.inputs."


def is_kernel(path: str) -> bool:
    return path in DESIGN_KERNEL | LAUNCH_KERNEL | FLEET_KERNEL or path.startswith(ECONOMICS_PREFIX)


_PROBES: dict = {}  # (base, fixed values, path) -> DesignInputs fields, per process


def _probe_design_fields(sweep, values: dict, path: str, a, b) -> list[str]:
    """DesignInputs fields that ``path`` sets, found by evaluating design_inputs at two values;
    every changed field must equal the value (a pass-through), else the axis is not a kernel axis."""
    key = (sweep.base_hash, tuple(sorted((p, str(v)) for p, v in values.items() if not is_kernel(p))), path)
    if key not in _PROBES:
        _PROBES[key] = _probe(sweep, values, path, a, b)
    return _PROBES[key]


def _probe(sweep, values: dict, path: str, a, b) -> list[str]:
    from dataclasses import fields

    from orbitaldc.design import design_inputs
    from orbitaldc.orbit import orbit_geometry

    probes = []
    for v in (a, b):
        s = sweep.scenario({**values, path: v})
        probes.append((v, design_inputs(s, orbit_geometry(s))))
    (va, da), (vb, db) = probes
    changed = [f.name for f in fields(da)
               if not np.array_equal(getattr(da, f.name), getattr(db, f.name), equal_nan=True)]
    for name in changed:
        if not (float(getattr(da, name)) == float(va) and float(getattr(db, name)) == float(vb)):
            raise NotBatchable(f"{path} sets {name} through a formula")
    if not changed:
        raise NotBatchable(f"{path} reaches no design input")
    return changed


def _deployment_problem(years: float, horizon_years: float) -> str:
    from orbitaldc.launch.manifest import _years

    return (f"deployment takes {_years(years)} years at the vehicles' cadence, longer than the {horizon_years:g}-year "
            "horizon: the whole fleet is never in orbit at once (each satellite is counted for the horizon from its "
            "own launch); fly more launches per year, a larger vehicle or a smaller fleet")


def evaluate_group(sweep, fixed: dict, varying: dict[str, np.ndarray]):
    """Columns of the scenarios ``fixed`` + each row of ``varying`` ({path: array}), and the mask of
    rows left to the per-scenario path. Raises NotBatchable when the whole group needs it."""
    from orbitaldc.design import design_inputs
    from orbitaldc.design.sizing import size_satellites
    from orbitaldc.orbit import orbit_geometry

    n = len(next(iter(varying.values()))) if varying else 1
    first = {p: sweep.axis_values_at(_axis(sweep, p), v[0]) for p, v in varying.items()}
    scenario = sweep.scenario({**fixed, **first})
    sat, orbit = scenario.satellite, scenario.constellation.orbit
    if sweep.spec.timeline or sweep.spec.operations or orbit.kind in ("elements", "cluster") or scenario.launch.mix:
        raise NotBatchable("timeline, operations, element sets, clusters and launch mixes run per scenario")
    if "constellation.satellites" in varying and orbit.kind not in ("sso", "circular"):
        raise NotBatchable("a Walker fleet's size is checked against its planes per scenario")
    geometry = orbit_geometry(scenario)
    inputs = design_inputs(scenario, geometry)
    col = {p: np.asarray(v, dtype=float) for p, v in varying.items() if not isinstance(v[0], str)}
    if len(col) != len(varying):
        raise NotBatchable("a text-valued kernel axis")
    changes = {}
    for path in set(varying) & DESIGN_KERNEL:
        distinct = np.unique(col[path])
        if len(distinct) < 2:
            continue
        a, b = (sweep.axis_values_at(_axis(sweep, path), x) for x in distinct[:2])
        for name in _probe_design_fields(sweep, {**fixed, **first}, path, a, b):
            changes[name] = col[path]
    inputs = replace(inputs, **changes)
    sized = size_satellites(inputs)
    out, slow = {}, ~np.broadcast_to(sized.feasible, (n,)).copy()

    def full(x):
        return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

    sat_it = full(sized.it_power_w)
    slow |= ~(sat_it > 0.0)
    count = col.get("constellation.satellites")
    if count is None and scenario.constellation.satellites is not None:
        count = full(scenario.constellation.satellites)
    elif count is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            count = np.maximum(1.0, np.ceil(scenario.constellation.it_power_w / sat_it - 1e-9))
    slow |= ~(count <= MAX_PRICED_SATELLITES)
    accelerators = np.where(sat_it > 0, np.floor(full(sized.accelerators) + 1e-9), 0.0)
    slow |= accelerators < 1
    dry = full(sized.mass_kg)
    slow |= ~np.isfinite(dry)
    propellant, dv = _station_keeping(scenario, sized, dry, slow, n)
    mass = dry + propellant
    volume, thermal = _volume_and_thermal(scenario, inputs, sized, accelerators, col, slow, n)
    if scenario.launch.vehicle is None:
        _largest_vehicle_check(scenario, geometry, mass, volume, slow)
    parts = {k: full(v) for k, v in sized.mass_breakdown_kg.items()}
    satellite = {
        "it_power_w": sat_it, "accelerator": sat.compute.accelerator, "accelerators": accelerators,
        "bus_power_w": full(sized.bus_power_w), "array_power_bol_w": full(sized.array_power_bol_w),
        "array_power_eol_w": full(sized.array_power_eol_w), "solar_array_area_m2": full(sized.solar_array_area_m2),
        "radiator_area_m2": full(sized.radiator_area_m2), "radiator_net_w_m2": full(sized.radiator_net_w_m2),
        "radiator_flux_w_m2_emitted": full(sized.radiator_emitted_w_m2),
        "radiator_flux_w_m2_solar": full(sized.radiator_solar_w_m2),
        "radiator_flux_w_m2_earth_ir": full(sized.radiator_earth_ir_w_m2),
        "radiator_flux_w_m2_albedo": full(sized.radiator_albedo_w_m2),
        "bus_radiator_area_m2": full(sized.bus_radiator_area_m2),
        "bus_radiator_net_w_m2": np.where(full(sized.bus_heat_w) > 0, full(sized.bus_radiator_net_w_m2), np.nan),
        "heat_rejected_w": full(sized.heat_rejected_w), "battery_energy_wh": full(sized.battery_energy_wh),
        "heat_rejected_by_radiator_w_compute": full(sized.compute_heat_w),
        "heat_rejected_by_radiator_w_bus": full(sized.bus_heat_w),
        "mass_kg": mass, "dry_mass_kg": dry, "it_power_w_per_kg": sat_it / mass,
        **{f"mass_breakdown_kg_{k}": (v if k != "system" else np.where(v > 0.0, v, np.nan)) for k, v in parts.items()},
        "mass_breakdown_kg_propellant": propellant, "station_keeping_dv_m_s_per_year": dv,
    }
    out.update({f"design_satellite_{k}": v for k, v in satellite.items()})
    out.update({"design_fleet_satellites": count, "design_fleet_it_power_w": count * sat_it,
                "design_fleet_mass_kg": count * mass})
    out.update({f"design_thermal_{k}": v for k, v in thermal.items()})
    out.update({f"design_shielding_{k}": v for k, v in _shielding(scenario, geometry, inputs, slow, n).items()})
    from orbitaldc.orbit.document import environment_document
    from orbitaldc.sweep.row import flatten

    out.update(flatten({"environment": environment_document(geometry)}))
    plan = launch_batch(scenario, geometry, count, mass, volume, col, slow, n) if scenario.launch.vehicle else None
    if plan is not None:
        out.update({f"launch_{k}": v for k, v in plan.items() if not k.startswith("_")})
    _economics(scenario, geometry, count, accelerators, sat_it, sized, dry, mass, plan, col, slow, n, out)
    problems = np.full(n, "", dtype=object)
    if plan is not None:
        late = ~slow & (plan["deployment_years"] > scenario.horizon_years)
        for years in np.unique(plan["deployment_years"][late]):
            problems[late & (plan["deployment_years"] == years)] = _deployment_problem(years, scenario.horizon_years)
    out["problems"] = problems
    out["feasible"] = np.ones(n, dtype=bool)
    return out, slow


def _axis(sweep, path):
    return next(a for a in sweep.axes if a.path == path)


def _station_keeping(scenario, sized, dry, slow, n):
    """Propellant (kg) and yearly delta-v at the wet mass (``design.station_keeping``), vectorized."""
    from orbitaldc.orbit import drag
    from orbitaldc.orbit.solar_activity import yearly_f107

    if scenario.satellite.mass.model == "specific_power":
        return np.zeros(n), np.full(n, np.nan)
    low, high = drag.altitude_range_km()
    altitude_km = getattr(scenario.constellation.orbit, "altitude_km", None)
    if altitude_km is None or not low <= altitude_km <= high:
        return np.zeros(n), np.full(n, np.nan)
    area = 0.5 * (np.broadcast_to(sized.solar_array_area_m2, (n,)) + np.broadcast_to(sized.radiator_area_m2, (n,))
                  + np.broadcast_to(sized.bus_radiator_area_m2, (n,)))
    ok = np.isfinite(dry) & (dry > 0.0) & np.isfinite(area) & (area > 0.0) & ~slow
    slow |= ~ok
    bus = catalog.values("bus", scenario.satellite.structure.bus)
    isp, max_fraction = propulsion_isp_s(scenario), bus["max_propellant_fraction"]
    years = scenario.horizon_years
    b_dry = np.ones(n)
    b_dry[ok] = drag.ballistic_coefficient_kg_m2(dry[ok], area[ok])
    weights, _ = yearly_f107(scenario.epoch, years, "moderate")
    dv_dry = 0
    for w, f in weights:  # the same sum, in the same order, as mean_station_keeping_dv_m_s_per_year
        dv_dry = dv_dry + w * drag.station_keeping_dv_m_s_per_year(altitude_km, b_dry, "moderate" if f is None else f)
    ratio = propellant_ratio(dv_dry * years / (isp * STANDARD_GRAVITY_M_S2))
    slow |= ~(ratio / (1.0 + ratio) <= max_fraction)
    return dry * ratio, dv_dry / (1.0 + ratio)


def _shielding(scenario, geometry, inputs, slow, n) -> dict:
    """``design.shielding`` per row (design/shielding.py): the group's wall, or each row's given thickness of a
    shielding axis with its dose. A row whose wall breaks the dose target goes per scenario (its problem text);
    a study that gives its own shielding mass has no such section."""
    from orbitaldc.design import compute_shielding
    from orbitaldc.design.shielding import THICKNESS_MM, covered_orbit
    from orbitaldc.orbit.radiation import dose_over_mission_rad_si

    sat = scenario.satellite
    if sat.shielding.kg_per_kw is not None or sat.mass.model == "specific_power":
        return {}
    wall = compute_shielding(scenario, geometry)
    mm = np.broadcast_to(np.asarray(inputs.aluminium_mm, dtype=float), (n,))
    if np.all(mm == wall.aluminium_mm):
        slow |= bool(wall.problems)
        dose, policy = np.full(n, wall.mission_dose_rad_si), np.full(n, wall.policy, dtype=object)
    else:  # a shielding axis: each row's given wall, checked
        alt, inc, _ = covered_orbit(float(geometry.altitude_km), float(geometry.inclination_deg))
        dose = np.asarray(dose_over_mission_rad_si(alt, inc, np.clip(mm, THICKNESS_MM[0], THICKNESS_MM[-1]),
                                      scenario.horizon_years), dtype=float)
        slow |= dose > wall.target_dose_rad_si
        policy = np.full(n, "given", dtype=object)
    return {"aluminium_mm": mm.copy(), "policy": policy, "mission_dose_rad_si": dose,
            "target_dose_rad_si": np.full(n, wall.target_dose_rad_si),
            "tested_dose_rad_si": np.full(n, wall.tested_dose_rad_si),
            "radiation_design_margin": np.full(n, wall.radiation_design_margin)}


def _volume_and_thermal(scenario, inputs, sized, accelerators, col, slow, n):
    from orbitaldc.design.thermal_check import thermal_document
    from orbitaldc.launch.manifest import ARRAY_PACKAGING_W_PER_M3, RADIATOR_STOWED_M

    volume = (accelerators * float(inputs.accelerator_system_volume_m3)
              + np.broadcast_to(sized.array_power_bol_w, (n,)) / ARRAY_PACKAGING_W_PER_M3
              + np.broadcast_to(sized.radiator_area_m2 + sized.bus_radiator_area_m2, (n,)) * RADIATOR_STOWED_M)
    thermal = scenario.satellite.thermal
    radiator_c = np.broadcast_to(np.asarray(inputs.radiator_temperature_c, dtype=float), (n,))
    radiator_c = col.get("satellite.thermal.temperature_c", radiator_c)
    t0 = float(np.min(radiator_c))  # the coolest row: below the chain's limit if any row is
    doc, too_hot = thermal_document(scenario.satellite.compute.accelerator, thermal.loop, thermal.margin_k, t0,
                                    thermal.temperature_c == "chain")
    limit = doc.get("chain_max_radiator_temperature_c")
    if limit is not None and math.isfinite(limit) and thermal.temperature_c != "chain":
        slow |= radiator_c > limit + 1e-9  # the chain's problem text: per scenario
    out = {k: v for k, v in doc.items() if k not in ("node_temperatures_c", "model")}
    out["radiator_temperature_c"] = radiator_c
    for node, value in (doc.get("node_temperatures_c") or {}).items():
        out[f"node_temperatures_c_{node}"] = radiator_c + (value - t0)  # every node is T_rad + const
    if doc.get("node_temperatures_c") is None:
        out["node_temperatures_c"] = np.full(n, np.nan)
        out.update({"pump_power_w": np.full(n, np.nan), "loop_mass_kg": np.full(n, np.nan),
                    "transient_feasible": np.full(n, np.nan)})
    else:
        out.update(_loop_and_transient(scenario, inputs, sized, slow, n))
    return volume, out


def _loop_and_transient(scenario, inputs, sized, slow, n) -> dict:
    """Pump power, loop mass and the orbit transient's verdict (design/thermal_transient.thermal_extras) of
    each row. The transient is not integrated here: rows whose coolant bounds (``coolant_bounds_c``) sit
    inside the coolant's range are certain to pass it; the others run per scenario."""
    from orbitaldc.design.thermal_chain import loop_mass_kg, pump_power_w, thermal_chain
    from orbitaldc.design.thermal_transient import coolant_bounds_c

    chain = thermal_chain(scenario.satellite.compute.accelerator, loop=scenario.satellite.thermal.loop)
    heat = np.broadcast_to(np.asarray(sized.compute_heat_w, dtype=float), (n,))
    lowest, highest = (np.broadcast_to(b, (n,)) for b in coolant_bounds_c(chain, sized, inputs))
    slow |= ~((lowest >= chain.coolant_min_c + TRANSIENT_TOLERANCE_K)
              & (highest <= chain.coolant_max_c - TRANSIENT_TOLERANCE_K))
    with np.errstate(invalid="ignore"):
        return {"pump_power_w": pump_power_w(np.where(heat >= 0, heat, np.nan), chain),
                "loop_mass_kg": loop_mass_kg(np.where(heat >= 0, heat, np.nan), chain),
                "transient_feasible": np.ones(n, dtype=bool)}


def _largest_vehicle_check(scenario, geometry, mass, volume, slow):
    from orbitaldc.launch.capacity import largest_vehicles

    if scenario.satellite.mass.model == "specific_power":
        return  # only stated in study_options, which a row leaves out
    (_, payload), (_, fairing) = largest_vehicles(geometry.altitude_km, geometry.inclination_deg)
    slow |= ~(mass <= payload) | ~(volume <= fairing)


def _economics(scenario, geometry, count, accelerators, sat_it, sized, dry, mass, plan, col, slow, n, out):
    """``economics.evaluate(..., detail=False)`` on arrays: both sides priced per row."""
    from orbitaldc.economics import fleet_quantities_of
    from orbitaldc.economics.parameters import base_inputs
    from orbitaldc.economics.tco import orbital_costs
    from orbitaldc.economics.terrestrial import terrestrial_costs
    from orbitaldc.orbit.constellation import scenario_stations
    from orbitaldc.sweep.row import flatten

    settings = scenario.economics
    if plan is None and "launch_usd_per_kg" not in settings.inputs:
        return  # not priced: the run skips the economics (no vehicle) -- no economics keys
    launch_price = None
    if plan is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            launch_price = np.where(plan["launched_mass_kg"] > 0, plan["cost_usd"] / plan["launched_mass_kg"], np.nan)
    base, _ = base_inputs(settings, scenario.satellite.compute.accelerator, 0.0)
    if "launch_usd_per_kg" not in settings.inputs:
        base["launch_usd_per_kg"] = launch_price
    if any(v is None for v in base.values()):
        raise NotBatchable("an economic input has no value: stated per scenario")
    for path, values in col.items():
        if path.startswith(ECONOMICS_PREFIX):
            base[path.removeprefix(ECONOMICS_PREFIX)] = values
    fleet_mass = count * mass
    deployment = np.zeros(n) if plan is None else plan["deployment_years"]
    q = fleet_quantities_of(
        scenario, sized, satellites=count, accelerators=accelerators, it_power_w=sat_it, dry_mass_kg=dry,
        launch_mass_kg=mass, sunlit_fraction=geometry.sunlit_fraction, stations=len(scenario_stations(scenario)),
        deployment_years=deployment,
        launch_loss_factor=np.ones(n) if plan is None else np.where(plan["launched_mass_kg"] > 0,
                                                                      plan["launched_mass_kg"] / fleet_mass, 1.0))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        orbital = orbital_costs(q, base, include_compute=settings.include_compute, attrition=settings.attrition)
        terrestrial = terrestrial_costs(q, base, include_compute=settings.include_compute,
                                        facility_charge=settings.facility_charge)
    retained = np.asarray(orbital.get("capacity_retained_fraction", 1.0), dtype=float)  # economics.retained_fraction
    doc = {"economics": {"feasible": True, "site": settings.site, "orbital": orbital, "terrestrial": terrestrial,
                         "availability": q.availability * retained, "eclipse_availability": q.availability,
                         "deployment_years": deployment}}
    out.update(_flatten_arrays(doc, flatten))


def _flatten_arrays(doc: dict, flatten, prefix: str = "") -> dict:
    """``row.flatten`` for values that may be arrays (kept as arrays)."""
    out = {}
    for key, value in doc.items():
        name = f"{prefix}_{key}" if prefix else key
        if isinstance(value, dict):
            out.update(_flatten_arrays(value, flatten, name))
        elif isinstance(value, np.ndarray) and value.ndim > 0:
            out[name] = value
        elif isinstance(value, np.ndarray):
            out.update(flatten({name: value.item()}))
        else:
            out.update(flatten({name: value}))
    return out
