"""Economics stage: orbital versus terrestrial cost per accelerator-hour, break-even prices and
their uncertainty.

``evaluate`` prices a feasible design and its launch plan; the cost kernels live in ``tco`` and
``terrestrial``, the inputs and their sources in ``parameters``, sampling and break-even in
``uncertainty``, the build-out plan in ``plan``. An infeasible design, or one without a launch
price, is not priced: the result says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from orbitaldc import catalog
from orbitaldc.design.station_keeping import propulsion_isp_s
from orbitaldc.economics.parameters import INPUTS, base_inputs, catalog_record, orbital_failure_rate_per_year
from orbitaldc.economics.tco import FleetQuantities, orbital_costs
from orbitaldc.economics.terrestrial import terrestrial_costs
from orbitaldc.economics.uncertainty import breakeven, breakeven_surface, monte_carlo, tornado
from orbitaldc.scenario import Distribution

SITE_ENTRY_IGNORED = "default-site-economics"
SURFACE_LAUNCH_USD_PER_KG = np.geomspace(10.0, 10_000.0, 31)
SURFACE_BUS_USD_PER_W = np.geomspace(0.3, 100.0, 26)
MODEL_NOTE = (
    "Levelized cost: present value of costs over present value of delivered accelerator-hours at the WACC; "
    "orbital capex paid as the fleet is launched, terrestrial facility charged by equivalent annual cost over "
    "its life. Validated: McCalip's 1 GW / 5 yr totals and Starcloud's 40 MW table reproduced with their inputs "
    "(tests/validation/test_economics_*.py). The default prices are sourced estimates with ranges, not quotes."
)


@dataclass(frozen=True)
class Economics:
    feasible: bool
    problems: tuple[str, ...]
    site: str = ""
    inputs: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    quantities: FleetQuantities | None = None
    orbital: dict | None = None
    terrestrial: dict | None = None
    sites: dict | None = None
    breakeven_launch_usd_per_kg: float | None = None
    breakeven_bus_usd_per_w: float | None = None
    breakeven_by_site: dict | None = None
    surface: dict | None = None
    uncertainty: dict | None = None
    tornado: tuple = ()
    plan: dict | None = None
    notes: tuple[str, ...] = ()
    free_launch_usd_per_gpu_hour: float | None = None
    emissions: dict | None = None


def fleet_quantities(scenario, design, plan, sunlit_fraction: float, stations: int) -> FleetQuantities:
    """What the economics needs of a sized ``design`` and its launch ``plan`` (None: no vehicle)."""
    return fleet_quantities_of(
        scenario, design.sizing, satellites=design.satellites, accelerators=design.accelerators,
        it_power_w=design.scalar("it_power_w"), dry_mass_kg=design.scalar("mass_kg"), launch_mass_kg=design.mass_kg,
        sunlit_fraction=sunlit_fraction, stations=stations,
        deployment_years=0.0 if plan is None or plan.deployment_years is None else plan.deployment_years,
        launch_loss_factor=1.0 if plan is None or plan.launched_mass_kg <= 0 else
        plan.launched_mass_kg / design.fleet_mass_kg)


def fleet_quantities_of(scenario, sizing, *, satellites, accelerators, it_power_w, dry_mass_kg, launch_mass_kg,
                        sunlit_fraction, stations, deployment_years, launch_loss_factor) -> FleetQuantities:
    """Fleet totals from per-satellite figures: numbers for one design, or arrays of the shape of
    ``dry_mass_kg`` for a batch of them (the sweep's vectorized path); ``sizing`` is the kernel's output."""
    shape = np.shape(dry_mass_kg)

    def fleet(per_satellite):
        return satellites * np.broadcast_to(np.asarray(per_satellite, dtype=float), shape)

    parts = sizing.mass_breakdown_kg
    acc = catalog.values("accelerators", scenario.satellite.compute.accelerator)
    power = scenario.satellite.power
    # With the array oversized instead of a battery (a study's accounting) the study counts the
    # compute as always available; physically it could not run in eclipse (docs/studies.md).
    e = 1.0 if power.eclipse_policy == "oversize_array" else power.eclipse_compute_fraction
    return FleetQuantities(
        satellites=satellites, accelerators=satellites * accelerators, it_power_w=fleet(it_power_w),
        array_power_bol_w=fleet(sizing.array_power_bol_w), dry_mass_kg=fleet(dry_mass_kg),
        launch_mass_kg=fleet(launch_mass_kg), compute_mass_kg=fleet(parts["compute"]),
        solar_array_mass_kg=fleet(parts["solar_array"]), shielding_mass_kg=fleet(parts["shielding"]),
        stations=stations, deployment_years=deployment_years, horizon_years=scenario.horizon_years,
        availability=sunlit_fraction + (1.0 - sunlit_fraction) * e,
        propulsion_isp_s=propulsion_isp_s(scenario), tokens_per_accelerator_s=acc.get("inference_tokens_per_s"),
        launch_loss_factor=launch_loss_factor, hours_per_year=float(scenario.economics.hours_per_year),
        radiator_area_m2=fleet(sizing.radiator_area_m2 + sizing.bus_radiator_area_m2),
        battery_energy_wh=fleet(sizing.battery_energy_wh), discounting=scenario.economics.discounting,
    )


def study_notes(settings, base: dict) -> list[str]:
    """The economic study options in use, in words (docs/studies.md)."""
    out = []
    if settings.discounting == "end_of_year":
        out.append("study option: end-of-year discounting (capex at t = 0, yearly flows at each year's end)")
    if settings.attrition == "degrade":
        out.append("attrition degrade: failed accelerators are not replaced; gpu_hours, it_energy_kwh and "
                   "availability are what the decaying fleet delivers (capacity_retained_fraction of the "
                   "installed capacity on average over the horizon)")
    if settings.attrition == "replace_accelerators":
        out.append("study option: failed accelerators replaced as payload without a new bus (no servicing exists)")
    for name in ("orbital_delivered_share", "terrestrial_delivered_share"):
        if float(base[name]) != 1.0:
            out.append(f"study option: {name} {float(base[name]):.4g} -- usd_per_gpu_hour is then per delivered "
                       "accelerator-hour at that share")
    return out


def site_ids() -> list[str]:
    return [s for s in catalog.entries("sites") if s != SITE_ENTRY_IGNORED]


def default_distributions(settings, accelerator: str) -> dict:
    """For every catalog input with a range not set by the scenario: a split triangular distribution
    over (low, value, high) whose median is the catalog value (the default is the central estimate)."""
    out = {}
    for name, spec in INPUTS.items():
        record = catalog_record(spec, settings.site, accelerator)
        if name in settings.inputs or record is None or record.low is None or record.high is None:
            continue
        if name == "nre_usd" and not settings.first_of_a_kind:
            continue  # not charged at all
        low, high = min(record.low, record.value), max(record.high, record.value)
        if high > low:
            out[name] = Distribution(distribution="split", low=low, mode=record.value, high=high)
    return out


def evaluate(scenario, design, plan, sunlit_fraction: float, stations: int, *, detail: bool = True) -> Economics:
    """Price the fleet in orbit and on the ground; ``plan`` is the launch stage's LaunchPlan or None.

    ``detail=False`` prices the scenario's own site only: no other sites, break-even prices, Monte
    Carlo, tornado or build-out plan (the bridge's steps need only the two prices)."""
    settings = scenario.economics
    if not design.feasible:
        return Economics(False, ("not priced: the design is infeasible",))
    if plan is not None and not plan.feasible:
        return Economics(False, ("not priced: the fleet cannot be launched",))
    launch_price = None if plan is None else plan.usd_per_kg_launched
    if launch_price is None and "launch_usd_per_kg" not in settings.inputs:
        why = ("no launch vehicle" if plan is None else plan.cost_model)
        return Economics(False, (f"not priced: no launch price ({why}); give launch.usd_per_kg or "
                                 "economics.inputs.launch_usd_per_kg",))
    base, origins = base_inputs(settings, design.accelerator, launch_price)
    missing = [k for k, v in base.items() if v is None]
    if missing:
        return Economics(False, (f"not priced: no value for {', '.join(missing)}; give economics.inputs",))
    q = fleet_quantities(scenario, design, plan, sunlit_fraction, stations)
    okw = {"include_compute": settings.include_compute, "attrition": settings.attrition}
    tkw = {"include_compute": settings.include_compute, "facility_charge": settings.facility_charge}

    def orbital_price(inputs):
        return orbital_costs(q, inputs, **okw)["usd_per_gpu_hour"]

    def terrestrial_price(inputs):
        return terrestrial_costs(q, inputs, **tkw)["usd_per_gpu_hour"]

    orbital = orbital_costs(q, base, **okw)
    terrestrial = terrestrial_costs(q, base, **tkw)
    if not detail:
        return Economics(feasible=True, problems=(), site=settings.site, inputs=base, origins=origins, quantities=q,
                         orbital=orbital, terrestrial=terrestrial)
    sites, by_site = {}, {}
    for site in site_ids():
        inputs = base if site == settings.site else base_inputs(
            settings.model_copy(update={"site": site}), design.accelerator, launch_price)[0]
        sites[site] = terrestrial_costs(q, inputs, **tkw)
        by_site[site] = {
            "launch_usd_per_kg": breakeven(orbital_price, base, "launch_usd_per_kg",
                                           float(sites[site]["usd_per_gpu_hour"])),
            "bus_usd_per_w": breakeven(orbital_price, base, "bus_usd_per_w", float(sites[site]["usd_per_gpu_hour"])),
        }
    target = float(terrestrial["usd_per_gpu_hour"])
    notes = [MODEL_NOTE, *study_notes(settings, base)]
    distributions = dict(settings.uncertainty.inputs or {}) if settings.uncertainty else {}
    if not distributions:
        distributions = default_distributions(settings, design.accelerator)
        notes.append("uncertainty: no distributions in the scenario, so every catalog input with a published "
                     "range is split triangular over (low, value, high) with its median at the catalog value; the "
                     "launch price is held fixed")
    samples = settings.uncertainty.samples if settings.uncertainty else 10_000
    seed = settings.uncertainty.seed if settings.uncertainty else 0
    mc = monte_carlo(lambda x: (orbital_price(x), terrestrial_price(x)), base, distributions, samples, seed)
    plan_result = None
    if settings.plan is not None:
        from orbitaldc.economics.plan import build_out

        limit, per_gw = np.inf, None
        if plan is not None and plan.deployment_years:
            limit = q.it_power_w / plan.deployment_years / 1e9
            per_gw = plan.launches / (q.it_power_w / 1e9)
        plan_result = build_out(settings.plan, q, base, orbital_price, terrestrial, okw, tkw, limit, per_gw)
    return Economics(
        feasible=True, problems=(), site=settings.site, inputs=base, origins=origins, quantities=q,
        orbital=orbital, terrestrial=terrestrial, sites=sites,
        breakeven_launch_usd_per_kg=by_site[settings.site]["launch_usd_per_kg"],
        breakeven_bus_usd_per_w=by_site[settings.site]["bus_usd_per_w"], breakeven_by_site=by_site,
        surface=breakeven_surface(orbital_price, base, target, SURFACE_LAUNCH_USD_PER_KG, SURFACE_BUS_USD_PER_W),
        uncertainty=mc, tornado=tuple(tornado(orbital_price, base, distributions)), plan=plan_result,
        notes=tuple(notes), free_launch_usd_per_gpu_hour=float(orbital_price({**base, "launch_usd_per_kg": 0.0})),
        emissions=emissions(scenario, plan, base, terrestrial, q),
    )


def emissions(scenario, plan, base: dict, terrestrial: dict, q: FleetQuantities) -> dict:
    """CO2 over the horizon: launches (the campaign plus, with ``replace``, the satellites replacing
    failures) against the grid electricity of the terrestrial site."""
    carbon = catalog.load("sites")[scenario.economics.site].get("grid_carbon_kg_per_kwh")
    grid = None if carbon is None else float(carbon.value * terrestrial["it_energy_kwh"] * base["pue"])
    launch = None if plan is None else plan.co2_kg
    if launch is not None and scenario.economics.attrition == "replace":
        rate = float(orbital_failure_rate_per_year(base))
        launch *= 1.0 + rate * q.horizon_years
    return {
        "orbital_launch_co2_kg": launch, "terrestrial_grid_co2_kg": grid,
        "note": "orbital: direct combustion CO2 of the launches (catalog fuel loads, not lifecycle); terrestrial: "
                "site grid emission factor x IT energy x PUE over the horizon (catalog sites)",
    }


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is None:
        return None
    number = float(np.asarray(value))
    return number if np.isfinite(number) else None


def side_document(costs: dict) -> dict:
    return {k: _plain(v) for k, v in costs.items()}


def retained_fraction(e: Economics) -> float:
    """Share of the installed capacity still working, averaged over the horizon (1 unless the fleet
    decays, ``attrition: degrade``; tco.orbital_costs)."""
    return float(np.asarray(e.orbital.get("capacity_retained_fraction", 1.0)))


def economics_document(e: Economics) -> dict:
    """The ``economics`` keys of the result document (DESIGN.md)."""
    if not e.feasible:
        return {"feasible": False, "problems": list(e.problems)}
    assumptions = [{"input": k, "value": _plain(v), "unit": INPUTS[k].unit, "source": e.origins[k]}
                   for k, v in e.inputs.items()]
    doc = {
        "feasible": True, "site": e.site, "model": " ".join(e.notes),
        "orbital": side_document(e.orbital), "terrestrial": side_document(e.terrestrial),
        "sites": {k: side_document(v) for k, v in e.sites.items()},
        "breakeven_launch_usd_per_kg": e.breakeven_launch_usd_per_kg,
        "breakeven_bus_usd_per_w": e.breakeven_bus_usd_per_w,
        "orbital_usd_per_gpu_hour_with_free_launch": e.free_launch_usd_per_gpu_hour,
        "breakeven_by_site": e.breakeven_by_site,
        "breakeven_surface": e.surface,
        "uncertainty": e.uncertainty, "tornado": list(e.tornado), "assumptions": assumptions,
        "emissions": e.emissions,
        # availability: share of the fleet's accelerator-hours that can run, averaged over the horizon
        # (eclipse cover x capacity left by attrition: below 1 with attrition degrade), the share the
        # gpu_hours and the price per GPU-hour count; eclipse_availability: the eclipse cover alone
        "availability": e.quantities.availability * retained_fraction(e),
        "eclipse_availability": e.quantities.availability,
        "capacity_retained_fraction": retained_fraction(e),
        "deployment_years": e.quantities.deployment_years,
    }
    if e.plan is not None:
        doc["plan"] = e.plan
    return doc
