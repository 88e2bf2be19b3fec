"""Make or buy launch: the same fleet deployed on bought launches and on an owned vehicle.

Buy: the scenario's own launch plan (``launch.vehicle`` and its price, cadence and reliability,
``launch/manifest.py``), paid launch by launch as the manifest's yearly schedule flies them.
Own: a stake in a provider (``launch/ownership.py``: cadence ramp, reliability growth, the owner's
cash flows). Where the owned vehicle's payload to the orbit or its fairing cannot take one
satellite, the satellite is re-sized by the design stage (``orbitaldc.design.design``) with fewer
accelerators, the largest that fits, and the fleet keeps its IT power with more satellites; their
extra bus per accelerator is paid in the comparison (satellite hardware priced by
``economics.evaluate``).

Both sides over the same horizon of N years, discounted at the same rate: present value of the
launch-related cash flows, of the satellites built (as they are launched, losses included) and of
the accelerator-hours the delivered satellites give over their service life (the scenario's
``horizon_years``, as the economics counts it). The verdict compares the cost per accelerator-hour,
the levelized cost of the economics stage restricted to launch and satellites; ``advantage_usd`` is
owning's NPV against buying the same accelerator-hours at the buy side's price per hour, zero at
the break-even points (found with scipy's brentq). An owned vehicle that never flies within the
horizon delivers nothing, so owning is strictly worse, and the result says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from orbitaldc import catalog
from orbitaldc.errors import ScenarioError
from orbitaldc.launch import ownership as own
from orbitaldc.launch.capacity import usable_fairing_m3
from orbitaldc.launch.manifest import _plan_vehicle, deployment_schedule, stowed_volume_m3
from orbitaldc.launch.vehicles import payload_to_orbit_kg

FIELD = "launch.make_or_buy"
HARDWARE = ("compute", "satellite_bus", "solar_array", "radiator", "battery", "shielding")
MAX_ACQUISITION_USD = 1e13


def epoch_year(epoch) -> float:
    """Decimal calendar year of a naive UTC datetime."""
    start = epoch.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    days = 366.0 if (epoch.year % 4 == 0 and epoch.year % 100 != 0) or epoch.year % 400 == 0 else 365.0
    return epoch.year + (epoch - start).total_seconds() / (days * 86400.0)


def catalog_value(provider: str, field: str, given):
    return given if given is not None else catalog.values("providers", provider)[field]


def resolve_provider(scenario, market_usd_per_kg: float, payload_kg: float) -> tuple[own.Provider, float]:
    """The provider with every number resolved from the catalog and the scenario, and the market price factor."""
    m = scenario.launch.make_or_buy
    name = m.provider
    vehicle = m.vehicle or catalog.load("providers")[name]["vehicle"]

    def pick(field):
        return catalog_value(name, field, getattr(m, field))

    first = pick("first_flight_year")
    start = epoch_year(scenario.epoch)
    if first < start - 1e-9:
        given = "" if m.first_flight_year is not None else f" (catalog providers.{name})"
        raise ScenarioError(f"{FIELD}.first_flight_year", f"{first:g}{given} is before the scenario epoch "
                            f"({start:.2f}): the question is whether to buy a vehicle before it flies; give a first "
                            "flight at or after the epoch")
    factor = m.market_price_factor if m.market_price_factor is not None else catalog.values(
        "providers", "market")["price_factor"]
    acquisition = m.acquisition_usd if m.acquisition_usd is not None else (
        m.stake * pick("valuation_usd") * (1.0 + pick("control_premium")))
    sale = m.sale_usd_per_flight if m.sale_usd_per_flight is not None else factor * market_usd_per_kg * payload_kg
    values = catalog.values("vehicles", vehicle)
    p = own.Provider(
        name=name, vehicle=vehicle, stake=m.stake, acquisition_usd=acquisition, first_flight_years=first - start,
        remaining_development_usd=pick("remaining_development_usd"), vehicles=int(pick("vehicles")),
        pads=int(m.pads if m.pads is not None else catalog.values("providers", name)["existing_pads"]),
        existing_pads=int(catalog.values("providers", name)["existing_pads"]),
        first_year_flights=pick("first_year_flights"),
        flights_per_vehicle_per_year=pick("flights_per_vehicle_per_year"),
        flights_per_pad_per_year=pick("flights_per_pad_per_year"), ramp_years=pick("ramp_years"),
        marginal_usd_per_flight=pick("marginal_usd_per_flight"), vehicle_build_usd=pick("vehicle_build_usd"),
        vehicle_life_flights=pick("vehicle_life_flights"), pad_build_usd=pick("pad_build_usd"),
        fixed_usd_per_year=pick("fixed_usd_per_year"),
        third_party_flights_per_year=pick("third_party_flights_per_year"), sale_usd_per_flight=sale,
        test_flights=int(pick("test_flights")), residual_value_fraction=pick("residual_value_fraction"),
        flights_flown=int(values.get("flights_flown", 0)))
    return p, factor


def discount_rate(scenario) -> float:
    m = scenario.launch.make_or_buy
    if m.discount_rate is not None:
        return m.discount_rate
    return scenario.economics.inputs.get("wacc", catalog.values("economics", "finance")["wacc"])


def hardware_usd_per_satellite(scenario, sized) -> float:
    """Compute, bus and the separately priced parts of one satellite (economics.evaluate, its capex
    breakdown; the launch price plays no part in them)."""
    from orbitaldc.economics import evaluate
    from orbitaldc.orbit import orbit_geometry
    from orbitaldc.orbit.constellation import scenario_stations

    inputs = {**scenario.economics.inputs, "launch_usd_per_kg": 0.0}
    priced = scenario.model_copy(update={"economics": scenario.economics.model_copy(update={"inputs": inputs})})
    econ = evaluate(priced, sized, None, orbit_geometry(scenario).sunlit_fraction, len(scenario_stations(scenario)),
                    detail=False)
    if not econ.feasible:
        raise ScenarioError(FIELD, "the satellites cannot be priced: " + "; ".join(econ.problems))
    capex = econ.orbital["capex_breakdown_usd"]
    return float(sum(float(np.asarray(capex[k])) for k in HARDWARE)) / sized.satellites


def fit_ratio(sized, payload_kg: float, fairing_m3: float) -> float:
    """Largest of mass / payload and stowed volume / usable fairing: one satellite fits when <= 1."""
    return max(sized.mass_kg / payload_kg if payload_kg > 0 else math.inf, stowed_volume_m3(sized) / fairing_m3)


def resize(scenario, sized, geometry, vehicle: str) -> tuple[object, object, str]:
    """The scenario and design whose satellite fits the owned vehicle: the given one if it fits, else the
    largest accelerator count that does (interpolation search on the design stage), the fleet's IT power kept.
    Returns (scenario, design, why); design None when no satellite fits."""
    from orbitaldc.design import design

    payload, _ = payload_to_orbit_kg(vehicle, geometry.altitude_km, geometry.inclination_deg)
    fairing = usable_fairing_m3(vehicle)
    if payload <= 0:
        return scenario, None, (f"{vehicle} cannot reach {geometry.altitude_km:g} km at "
                                f"{geometry.inclination_deg:.1f} deg (its payload there is 0 kg)")
    if fit_ratio(sized, payload, fairing) <= 1.0:
        return scenario, sized, "fits as designed"
    sat = scenario.satellite
    if scenario.constellation.orbit.kind == "elements" or sat.power.array_nameplate_w is not None:
        return scenario, None, ("the satellite does not fit and cannot be re-sized: the fleet is fixed by element sets"
                                if scenario.constellation.orbit.kind == "elements" else
                                "the satellite does not fit and is sized by its array (power.array_nameplate_w)")
    fleet_w = sized.fleet_it_power_w
    cache = {}

    def sized_with(n: int):
        if n not in cache:
            compute = sat.compute.model_copy(update={"accelerators": n, "it_power_w": None})
            variant = scenario.model_copy(update={
                "satellite": sat.model_copy(update={"compute": compute}),
                "constellation": scenario.constellation.model_copy(update={"satellites": None, "it_power_w": fleet_w})})
            d = design(variant, geometry)
            cache[n] = (variant, d, fit_ratio(d, payload, fairing) if d.feasible else math.inf)
        return cache[n]

    low, high = 1, sized.accelerators
    r_low, r_high = sized_with(low)[2], fit_ratio(sized, payload, fairing)
    if not r_low <= 1.0:
        d = sized_with(1)[1]
        why = "; ".join(d.problems) if not d.feasible else (
            f"even a one-accelerator satellite ({d.mass_kg:,.0f} kg, {stowed_volume_m3(d):,.1f} m3 stowed) exceeds "
            f"{vehicle}'s {payload:,.0f} kg to this orbit or its {fairing:,.1f} m3 usable fairing")
        return scenario, None, why
    while high - low > 1:  # mass and volume are close to affine in the accelerators: interpolate, then bisect
        guess = low + int((1.0 - r_low) / (r_high - r_low) * (high - low)) if math.isfinite(r_high) else 0
        n = min(max(guess, low + 1), high - 1)
        variant, d, r = sized_with(n)
        if r <= 1.0:
            low, r_low = n, r
        else:
            high, r_high = n, r
    variant, d, _ = sized_with(low)
    return variant, d, (f"re-sized: {sized.accelerators} accelerators ({sized.mass_kg:,.0f} kg) do not fit {vehicle}'s "
                        f"{payload:,.0f} kg / {fairing:,.1f} m3; {low} do ({d.mass_kg:,.0f} kg)")


@dataclass(frozen=True)
class Sides:
    """What the comparison needs, fixed by the designs and plans (arrays over years 1..N)."""

    years: int
    factors: np.ndarray
    life_annuity: float  # present value at a delivery of 1 per year for the service life
    hours_per_year: float
    buy_launch_usd: np.ndarray  # at the scenario's price (factor 1)
    buy_hardware_usd: np.ndarray
    buy_delivered: np.ndarray  # satellites per year
    buy_accelerators: int
    own_satellites: int
    own_accelerators: int
    own_per_flight: int
    own_hardware_usd_per_satellite: float
    own_flights_needed: float


def buy_schedule(plan, sized, years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Launch cost, satellites built and satellites delivered per year 1..years on the bought plan
    (the manifest's schedule of each leg, cut at the horizon)."""
    cost, built, delivered = np.zeros(years), np.zeros(years), np.zeros(years)
    for leg in plan.legs or (plan,):
        flown = min(leg.launches, math.floor(leg.cadence_per_year * years + 1e-9))
        cut = leg if flown >= leg.launches else replace(
            leg, launches=flown, satellites=min(leg.satellites, flown * leg.success_rate * leg.satellites_per_launch))
        rows = deployment_schedule([cut], sized)[:years]
        launches = np.zeros(years)
        cumulative = np.zeros(years)
        for row in rows:
            launches[row["year"] - 1] = row["launches"]
            cumulative[row["year"] - 1:] = row["satellites"]
        per_launch_usd = leg.cost_usd / leg.launches
        launched_total = leg.launched_mass_kg / sized.mass_kg
        cost += launches * per_launch_usd
        built += np.diff(np.concatenate([[0.0], np.minimum(np.cumsum(launches) * leg.satellites_per_launch,
                                                           launched_total)]))
        delivered += np.diff(np.concatenate([[0.0], cumulative]))
    return cost, built, delivered


def buy_values(sides: Sides, factor: float) -> tuple[float, float, float]:
    """Present values of the bought launches, of their satellites and of the accelerator-hours they give."""
    f = sides.factors
    hours = sides.hours_per_year * sides.life_annuity * sides.buy_accelerators
    return (own.npv_usd(0.0, factor * sides.buy_launch_usd, f), own.npv_usd(0.0, sides.buy_hardware_usd, f),
            hours * own.npv_usd(0.0, sides.buy_delivered, f))


def compare(sides: Sides, p: own.Provider, factor: float) -> dict:
    """Both sides' present values and the verdict numbers for one set of provider inputs."""
    f = sides.factors
    schedule = own.owned_schedule(p, sides.years, sides.own_satellites, sides.own_per_flight, sides.own_flights_needed)
    cash = own.owner_cash_flows(p, schedule, sides.years)
    own_launch = own.npv_usd(cash["acquisition_usd"], cash["total"], f)
    own_sats = own.npv_usd(0.0, schedule["satellites_launched"] * sides.own_hardware_usd_per_satellite, f)
    buy_launch, buy_sats, buy_hours = buy_values(sides, factor)
    own_hours = sides.hours_per_year * sides.life_annuity * sides.own_accelerators * own.npv_usd(
        0.0, schedule["satellites_delivered"], f)
    own_cost, buy_cost = own_launch + own_sats, buy_launch + buy_sats
    buy_rate = buy_cost / buy_hours if buy_hours > 0 else math.inf
    return {"schedule": schedule, "cash": cash, "own_launch_npv_usd": own_launch, "own_satellites_npv_usd": own_sats,
            "buy_launch_npv_usd": buy_launch, "buy_satellites_npv_usd": buy_sats, "own_gpu_hours_pv": own_hours,
            "buy_gpu_hours_pv": buy_hours, "own_usd_per_gpu_hour": own_cost / own_hours if own_hours > 0 else math.inf,
            "buy_usd_per_gpu_hour": buy_rate,
            # owning's NPV against buying the same accelerator-hours at the buy side's price per hour
            "advantage_usd": (buy_rate * own_hours - own_cost) if math.isfinite(buy_rate) else math.nan}

def in_orbit(delivered: np.ndarray, life_years: float) -> np.ndarray:
    """Satellites in orbit at the end of each year: delivered so far less those past their service life."""
    t = np.arange(0, len(delivered) + 1, dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(delivered)])
    return cumulative[1:] - np.interp(t[1:] - life_years, t, cumulative, left=0.0)


def evaluate(scenario, sized, plan, geometry) -> dict:
    """The ``launch.make_or_buy`` part of the result document (module docstring: the method)."""
    from orbitaldc.economics.tco import annuity
    from orbitaldc.launch.make_or_buy_sensitivity import breakeven_acquisition, breakeven_flights_per_year, tornado
    from orbitaldc.launch.make_or_buy_text import document
    from orbitaldc.scenario import Launch

    m = scenario.launch.make_or_buy
    if not plan.feasible or plan.cost_usd is None or not plan.launches:
        why = "; ".join(plan.problems) if not plan.feasible else plan.cost_model
        return {"feasible": False, "problems": [f"the bought launches ({plan.vehicle}) cannot be priced: {why}"]}
    vehicle = m.vehicle or catalog.load("providers")[m.provider]["vehicle"]
    payload_kg, _ = payload_to_orbit_kg(vehicle, geometry.altitude_km, geometry.inclination_deg)
    p, factor = resolve_provider(scenario, plan.cost_usd / plan.launched_mass_kg, payload_kg)
    rate, years = discount_rate(scenario), m.years
    variant, owned, why = resize(scenario, sized, geometry, vehicle)
    cost, built, delivered = buy_schedule(plan, sized, years)
    buy_hardware = hardware_usd_per_satellite(scenario, sized)
    sides = Sides(
        years=years, factors=own.discount_factors(rate, years),
        life_annuity=float(annuity(rate, scenario.horizon_years, "end_of_year")),
        hours_per_year=float(scenario.economics.hours_per_year), buy_launch_usd=cost,
        buy_hardware_usd=built * buy_hardware, buy_delivered=delivered, buy_accelerators=sized.accelerators,
        own_satellites=0, own_accelerators=0, own_per_flight=0, own_hardware_usd_per_satellite=0.0,
        own_flights_needed=0.0)
    common = {"scenario": scenario, "sized": sized, "plan": plan, "provider": p, "factor": factor, "rate": rate,
              "resize_why": why, "payload_kg": payload_kg, "buy_hardware": buy_hardware, "sides": sides}
    if owned is None:
        return document(**common, owned=None)
    settings = Launch(vehicle=vehicle, price_usd_per_launch=p.marginal_usd_per_flight,
                      cadence_per_year=max(p.mature_flights_per_year, 1e-3))
    packed = _plan_vehicle(settings, vehicle, owned.satellites, owned, geometry.altitude_km, geometry.inclination_deg)
    per_flight = packed.satellites_per_launch
    sides = replace(sides, own_satellites=owned.satellites, own_accelerators=owned.accelerators,
                    own_per_flight=per_flight,
                    own_hardware_usd_per_satellite=hardware_usd_per_satellite(variant, owned),
                    own_flights_needed=own.owner_flights_needed(p, owned.satellites, per_flight))
    common["sides"] = sides
    result = compare(sides, p, factor)
    return document(**common, owned=owned, result=result,
                    breakeven_acquisition=breakeven_acquisition(sides, p, factor),
                    breakeven_flights=breakeven_flights_per_year(sides, p, factor),
                    tornado=tornado(sides, p, factor, m, epoch_year(scenario.epoch)))


def plan_with_make_or_buy(scenario, sized, altitude_km: float, inclination_deg: float):
    """The scenario's (bought) launch plan, with the make-or-buy comparison attached."""
    from orbitaldc.launch.manifest import plan_launches
    from orbitaldc.orbit import orbit_geometry

    bought = scenario.model_copy(update={"launch": scenario.launch.model_copy(update={"make_or_buy": None})})
    plan = plan_launches(bought, sized, altitude_km, inclination_deg)
    return replace(plan, make_or_buy=evaluate(scenario, sized, plan, orbit_geometry(scenario)))
