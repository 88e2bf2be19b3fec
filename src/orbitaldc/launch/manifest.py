"""Manifest: satellites per launch by mass and by stowed volume, launches, cost and cadence.

Stowed volume of one satellite: its compute (catalog server volume), its solar array at the
packaging efficiency of state-of-the-art flexible blanket arrays, 40 kW/m3 (Mikulas et al.,
NASA NTRS 20150006022, 2015), and its radiator panels stowed flat at an assumed 5 cm per panel
area (labelled estimate). The usable fairing volume is a cylinder of the usable diameter and
height with a packing efficiency of 0.5 (estimate). A satellite heavier than the vehicle's
payload to the orbit, or larger than its fairing, is infeasible on that vehicle.

CO2: direct combustion CO2 per launch from the vehicle's fuel load (launch/emissions.py), times the
launches flown, replacements included; a mix sums its legs. None where the fuel load is not sourced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from orbitaldc import catalog
from orbitaldc.launch.emissions import co2_per_launch_kg
from orbitaldc.launch.reliability import vehicle_success_rate
from orbitaldc.launch.vehicles import payload_to_orbit_kg

ARRAY_PACKAGING_W_PER_M3 = 40_000.0
RADIATOR_STOWED_M = 0.05  # estimate
FAIRING_PACKING = 0.5  # estimate
MAX_SCHEDULE_YEARS = 1000


@dataclass(frozen=True)
class LaunchPlan:
    vehicle: str
    feasible: bool
    problems: tuple[str, ...]
    payload_kg: float
    payload_method: str
    satellites_per_launch: int
    launches: int  # including the launches that replace expected failures
    cost_usd: float | None
    usd_per_kg: float | None
    deployment_years: float | None
    stowed_volume_m3: float
    success_rate: float = 1.0
    replacement_launches: int = 0
    cost_model: str = ""
    launched_mass_kg: float = 0.0  # the fleet plus the satellites lost in expected failures
    satellites: int = 0
    cadence_per_year: float | None = None
    legs: tuple = ()  # per-vehicle plans when the fleet flies on a mix
    schedule: tuple = ()  # {year, launches, satellites, installed_it_power_w} per year of deployment
    co2_per_launch_kg: float | None = None  # direct combustion CO2 of one launch (None for a mix or unsourced)
    co2_kg: float | None = None  # campaign: per launch x launches, replacements included; a mix sums its legs
    success_rate_model: str = ""  # how the campaign's success rate was found
    make_or_buy: dict | None = None  # owning a launch provider priced beside this plan (launch/make_or_buy.py)

    @property
    def launches_per_year(self) -> float | None:
        return None if not self.deployment_years else self.launches / self.deployment_years

    @property
    def usd_per_kg_launched(self) -> float | None:
        return None if self.cost_usd is None or self.launched_mass_kg <= 0 else self.cost_usd / self.launched_mass_kg


def minimum_success_rate() -> float:
    """Lowest campaign success rate a plan accepts, from any source (scenario, catalog record or the
    reliability-growth curve): catalog ``launch.min_campaign_success_rate``."""
    return catalog.values("launch", "default")["min_campaign_success_rate"]


def world_launches_2025() -> float:
    """Orbital launch attempts worldwide in 2025 (catalog), reported beside a plan's launch rate."""
    return catalog.values("launch", "default")["world_orbital_launches_2025"]


def stowed_volume_m3(design) -> float:
    s = design.sizing
    compute = design.accelerators * float(design.inputs.accelerator_system_volume_m3)
    array = float(s.array_power_bol_w) / ARRAY_PACKAGING_W_PER_M3
    radiator = (float(s.radiator_area_m2) + float(s.bus_radiator_area_m2)) * RADIATOR_STOWED_M
    return compute + array + radiator


def plan_launches(scenario, design, altitude_km: float, inclination_deg: float) -> LaunchPlan:
    """Launches of the scenario's vehicle, or of its mix of vehicles flying in parallel, for the
    design's fleet, with the yearly deployment schedule."""
    settings = scenario.launch
    if getattr(settings, "make_or_buy", None) is not None:  # the Stoke question: owning priced beside buying
        from orbitaldc.launch.make_or_buy import plan_with_make_or_buy

        return plan_with_make_or_buy(scenario, design, altitude_km, inclination_deg)
    shares = [(m, round(m.share * design.satellites)) for m in settings.mix]
    main_count = design.satellites - sum(n for _, n in shares)
    unfilled = _unfilled_shares(shares, main_count, design.satellites, settings.vehicle)
    if unfilled:  # a share that carries nothing (or leaves the main vehicle nothing) is said, not dropped
        main = _plan_vehicle(settings, settings.vehicle, max(main_count, 1), design, altitude_km, inclination_deg)
        return replace(main, feasible=False, problems=main.problems + unfilled, cost_usd=None, usd_per_kg=None,
                       deployment_years=None, co2_per_launch_kg=None, co2_kg=None)
    legs = [_plan_vehicle(settings, settings.vehicle, main_count, design, altitude_km, inclination_deg)]
    legs += [_plan_vehicle(m, m.vehicle, n, design, altitude_km, inclination_deg) for m, n in shares]
    schedule = deployment_schedule(legs, design)
    main = _within_horizon(legs[0], scenario.horizon_years)
    if len(legs) == 1:
        return replace(main, schedule=schedule)
    problems = tuple(p for leg in legs for p in leg.problems)
    if problems:
        return replace(main, feasible=False, problems=problems, legs=tuple(legs), co2_per_launch_kg=None, co2_kg=None)
    costs = [leg.cost_usd for leg in legs]
    cost = None if None in costs else sum(costs)
    years = [leg.deployment_years for leg in legs]
    co2 = [leg.co2_kg for leg in legs]
    return _within_horizon(replace(
        main, vehicle="+".join(leg.vehicle for leg in legs), launches=sum(leg.launches for leg in legs),
        replacement_launches=sum(leg.replacement_launches for leg in legs), cost_usd=cost,
        usd_per_kg=None if cost is None else cost / design.fleet_mass_kg,
        deployment_years=None if None in years else max(years),
        launched_mass_kg=sum(leg.launched_mass_kg for leg in legs),
        cost_model="; ".join(f"{leg.vehicle}: {leg.cost_model}" for leg in legs), legs=tuple(legs),
        schedule=schedule, co2_per_launch_kg=None, co2_kg=None if None in co2 else sum(co2), problems=(),
    ), scenario.horizon_years)


def _unfilled_shares(shares, main_count: int, satellites: int, main_vehicle: str) -> tuple[str, ...]:
    """Why a mix cannot be flown as given: each share must carry at least one satellite (shares are
    rounded to whole satellites) and the main vehicle must keep at least one."""
    empty = [m for m, n in shares if n < 1]
    problems = []
    if empty:
        named = ", ".join(f"{m.share:g} on {m.vehicle}" for m in empty[:3]) + (", ..." if len(empty) > 3 else "")
        problems.append(f"{len(empty)} launch.mix share(s) ({named}) carry no satellite of the "
                        f"{satellites:,}-satellite fleet (share x satellites rounds to 0): raise or drop them")
    if main_count < 1:
        problems.append(f"the launch.mix shares take all {satellites:,} satellites ({satellites - main_count:,} "
                        f"after rounding), leaving none to the main vehicle {main_vehicle}: lower the shares")
    return tuple(problems)


def _years(x: float) -> str:
    return f"{x:,.1f}" if x < 1e6 else f"{x:.3g}"


def _within_horizon(plan: LaunchPlan, horizon_years: float) -> LaunchPlan:
    """State (without refusing: the plan can be flown) a deployment that outlasts the horizon. The
    economics count each satellite's horizon of service from its launch (economics/tco.py), so the
    fleet is never all in orbit at once."""
    if not plan.feasible or plan.deployment_years is None or plan.deployment_years <= horizon_years:
        return plan
    return replace(plan, problems=plan.problems + (
        f"deployment takes {_years(plan.deployment_years)} years at the vehicles' cadence, longer than the "
        f"{horizon_years:g}-year horizon: the whole fleet is never in orbit at once (each satellite is counted "
        "for the horizon from its own launch); fly more launches per year, a larger vehicle or a smaller fleet",))


def _plan_vehicle(settings, vehicle: str, satellites: int, design, altitude_km: float,
                  inclination_deg: float) -> LaunchPlan:
    """One vehicle carrying ``satellites`` of the design; ``settings`` holds its price options."""
    values = catalog.values("vehicles", vehicle)
    # A rideshare is bought per satellite (a base mass, then per kg); its carrier's payload to the
    # orbit caps one mission (per-customer port/plate limits are not in the catalog).
    carrier = catalog.load("vehicles")[vehicle].get("carrier")
    rideshare = "price_per_kg_above_base_usd" in values and isinstance(carrier, str)
    payload, method = payload_to_orbit_kg(carrier if rideshare else vehicle, altitude_km, inclination_deg)
    if rideshare:
        method = f"rideshare on {carrier}: " + method
    mass = design.mass_kg
    volume = stowed_volume_m3(design)
    fairing = math.pi * (values["fairing_diameter_m"] / 2) ** 2 * values["fairing_height_m"] * FAIRING_PACKING
    problems = []
    by_mass = int(payload // mass) if mass > 0 else 0
    by_volume = int(fairing // volume) if volume > 0 else 0
    if payload <= 0:  # the upper stage spends all it has on the extra delta-v: nothing reaches the orbit
        problems.append(f"{carrier if rideshare else vehicle} cannot reach {altitude_km:g} km at "
                        f"{inclination_deg:.1f} deg: its payload there is 0 kg ({method}); choose a vehicle that "
                        "reaches the orbit or a lower orbit")
    elif by_mass == 0:
        problems.append(f"a satellite of {mass:,.0f} kg exceeds the {vehicle} payload of {payload:,.0f} kg "
                        f"to {altitude_km:g} km")
    if by_volume == 0:
        problems.append(f"a satellite of {volume:,.1f} m3 stowed does not fit the {vehicle} fairing "
                        f"({fairing:,.1f} m3 usable)")
    if problems:
        return LaunchPlan(vehicle, False, tuple(problems), payload, method, 0, 0, None, None, None, volume)
    per_launch = min(by_mass, by_volume)
    needed = math.ceil(satellites / per_launch)
    cadence = settings.cadence_per_year if settings.cadence_per_year is not None else values.get("cadence_per_year")
    if not cadence:
        why = ("flew no launches in the catalog's year" if cadence == 0 else "has no sourced launches per year")
        return LaunchPlan(vehicle, False, (f"{vehicle} {why}, so the fleet's deployment time is unknown: give "
                                           "launch.cadence_per_year (a mix leg: its cadence_per_year)",),
                          payload, method, 0, 0, None, None, None, volume)
    # Failed launches lose their satellites: fly enough to deliver the fleet in expectation. The
    # campaign's success rate follows the vehicle's maturity (launch/reliability.py) unless given.
    given = getattr(settings, "success_rate", None)
    success, reliability = ((given, "scenario input") if given is not None else vehicle_success_rate(vehicle, needed))
    floor = minimum_success_rate()
    if not success >= floor:
        return LaunchPlan(vehicle, False, (
            f"launch success rate {success:.3g} ({reliability}) is below {floor:g}, the maiden-flight rate of new "
            "vehicles (catalog launch.min_campaign_success_rate): no campaign has flown that badly",),
            payload, method, per_launch, 0, None, None, None, volume, success_rate=success,
            success_rate_model=reliability)
    # Expected replacement launches, to the nearest whole launch (a small, reliable campaign flies none).
    launches = needed + round(needed * (1.0 / success - 1.0))
    launched_kg = (satellites + (launches - needed) * per_launch) * mass  # replacements fly too
    cost, model = launch_cost_usd(settings, values, launches, launched_kg, mass)
    if cost is not None and not math.isfinite(cost):
        # Finite prices can still overflow a float (1e308 $/kg x kg): a cost of inf is no answer.
        return LaunchPlan(vehicle, False, (f"the launch cost of {launches:,} launches overflows ({model}): "
                                           "check the launch price inputs",),
                          payload, method, per_launch, launches, None, None, None, volume)
    co2 = co2_per_launch_kg(vehicle)
    return LaunchPlan(
        vehicle=vehicle, feasible=True, problems=(), payload_kg=payload, payload_method=method,
        satellites_per_launch=per_launch, launches=launches, cost_usd=cost,
        usd_per_kg=None if cost is None else cost / (satellites * mass),
        deployment_years=launches / cadence, stowed_volume_m3=volume,
        success_rate=success, replacement_launches=launches - needed, cost_model=model, success_rate_model=reliability,
        launched_mass_kg=launched_kg, satellites=satellites, cadence_per_year=cadence,
        co2_per_launch_kg=co2, co2_kg=None if co2 is None else co2 * launches,
    )


def deployment_schedule(legs, design) -> tuple[dict, ...]:
    """Launches and installed capacity by year from the start of deployment, every vehicle flying at
    its cadence in parallel; satellites delivered in expectation (launches x success rate x
    satellites per launch), up to the fleet. Empty when a cadence is unknown, a leg infeasible, or the
    deployment would take more than MAX_SCHEDULE_YEARS."""
    if any(not leg.feasible or not leg.cadence_per_year for leg in legs):
        return ()
    if max(leg.launches / leg.cadence_per_year for leg in legs) > MAX_SCHEDULE_YEARS:
        return ()  # a deployment of centuries has no useful yearly table; deployment_years says it
    rows, flown, delivered = [], [0] * len(legs), [0.0] * len(legs)
    year = 0
    while any(f < leg.launches for f, leg in zip(flown, legs, strict=True)):
        year += 1
        launches = 0
        for i, leg in enumerate(legs):
            now = min(leg.launches, math.floor(leg.cadence_per_year * year + 1e-9)) - flown[i]
            flown[i] += now
            launches += now
            # The campaign is sized (to the nearest launch) to deliver the fleet: its last launch completes it.
            delivered[i] = float(leg.satellites) if flown[i] >= leg.launches else min(
                float(leg.satellites), flown[i] * leg.success_rate * leg.satellites_per_launch)
        satellites = sum(delivered)
        rows.append({"year": year, "launches": launches, "satellites": satellites,
                     "installed_it_power_w": satellites * design.scalar("it_power_w")})
    return tuple(rows)


def wright_total(first_unit_usd: float, units: int, learning_rate: float) -> float:
    """Total price of ``units`` launches when each doubling of cumulative launches multiplies the
    unit price by ``learning_rate`` (Wright, J. Aeronautical Sciences 3, 1936): sum of P1 n^b,
    b = log2(learning_rate)."""
    b = math.log2(learning_rate)
    return first_unit_usd * sum(n**b for n in range(1, units + 1))


def launch_cost_usd(settings, values, launches: int, launched_kg: float, satellite_kg: float | None = None):
    """Campaign launch cost (USD) and how it was priced."""
    if getattr(settings, "own_rocket", None) is not None:
        own = settings.own_rocket
        return (own.purchase_usd + own.marginal_usd_per_launch * launches,
                "own the rocket: purchase + marginal cost per launch (scenario inputs)")
    if settings.usd_per_kg is not None:
        return settings.usd_per_kg * launched_kg, "scenario price per kg launched (replacements included)"
    reuse = getattr(settings, "reuse", None)
    if reuse is not None:
        per_launch = reuse.vehicle_cost_usd / reuse.flights_per_vehicle + reuse.refurbishment_usd_per_flight
        return per_launch * launches, (f"reuse amortisation: vehicle cost over {reuse.flights_per_vehicle} flights "
                                       "+ refurbishment per flight (scenario inputs)")
    if "price_per_kg_above_base_usd" in values and settings.price_usd_per_launch is None and satellite_kg:
        each = values["price_usd"] + max(0.0, satellite_kg - values["base_mass_kg"]) * values[
            "price_per_kg_above_base_usd"]
        return (each * launched_kg / satellite_kg,
                "rideshare per satellite: base price for the first kg, then per kg (catalog), lost satellites rebooked")
    price = settings.price_usd_per_launch if settings.price_usd_per_launch is not None else values.get("price_usd")
    if price is None:
        return None, "no published price for this vehicle: give launch.price_usd_per_launch or usd_per_kg"
    if getattr(settings, "learning_rate", None) is not None:
        return (wright_total(price, launches, settings.learning_rate),
                f"Wright's law from the first-launch price, learning rate {settings.learning_rate:g}")
    return price * launches, "price per launch x launches"
