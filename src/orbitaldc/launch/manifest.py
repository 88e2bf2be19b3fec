"""Manifest: satellites per launch by mass and by stowed volume, launches, cost and cadence.

Stowed volume of one satellite: its compute (catalog server volume), its solar array at the
packaging efficiency of state-of-the-art flexible blanket arrays, 40 kW/m3 (Mikulas et al.,
NASA NTRS 20150006022, 2015), and its radiator panels stowed flat at an assumed 5 cm per panel
area (labelled estimate). The usable fairing volume is a cylinder of the usable diameter and
height with a packing efficiency of 0.5 (estimate). A satellite heavier than the vehicle's
payload to the orbit, or larger than its fairing, is infeasible on that vehicle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from orbitaldc import catalog
from orbitaldc.launch.vehicles import payload_to_orbit_kg

ARRAY_PACKAGING_W_PER_M3 = 40_000.0
RADIATOR_STOWED_M = 0.05  # estimate
FAIRING_PACKING = 0.5  # estimate


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

    @property
    def usd_per_kg_launched(self) -> float | None:
        return None if self.cost_usd is None or self.launched_mass_kg <= 0 else self.cost_usd / self.launched_mass_kg


def stowed_volume_m3(design) -> float:
    s = design.sizing
    compute = design.accelerators * float(design.inputs.accelerator_system_volume_m3)
    array = float(s.array_power_bol_w) / ARRAY_PACKAGING_W_PER_M3
    radiator = float(s.radiator_area_m2) * RADIATOR_STOWED_M
    return compute + array + radiator


def plan_launches(scenario, design, altitude_km: float, inclination_deg: float) -> LaunchPlan:
    """Launches of the scenario's vehicle for the design's fleet."""
    settings = scenario.launch
    vehicle = settings.vehicle
    values = catalog.values("vehicles", vehicle)
    payload, method = payload_to_orbit_kg(vehicle, altitude_km, inclination_deg)
    mass = design.mass_kg
    volume = stowed_volume_m3(design)
    fairing = math.pi * (values["fairing_diameter_m"] / 2) ** 2 * values["fairing_height_m"] * FAIRING_PACKING
    problems = []
    by_mass = int(payload // mass) if mass > 0 else 0
    by_volume = int(fairing // volume) if volume > 0 else 0
    if by_mass == 0:
        problems.append(f"a satellite of {mass:,.0f} kg exceeds the {vehicle} payload of {payload:,.0f} kg "
                        f"to {altitude_km:g} km")
    if by_volume == 0:
        problems.append(f"a satellite of {volume:,.1f} m3 stowed does not fit the {vehicle} fairing "
                        f"({fairing:,.1f} m3 usable)")
    if problems:
        return LaunchPlan(vehicle, False, tuple(problems), payload, method, 0, 0, None, None, None, volume)
    per_launch = min(by_mass, by_volume)
    needed = math.ceil(design.satellites / per_launch)
    # Failed launches lose their satellites: fly enough to deliver the fleet in expectation.
    success = values.get("success_rate", 1.0)
    launches = math.ceil(needed / success - 1e-9)
    launched_kg = (design.satellites + (launches - needed) * per_launch) * mass  # replacements fly too
    cost, model = launch_cost_usd(settings, values, launches, launched_kg)
    cadence = settings.cadence_per_year if settings.cadence_per_year is not None else values.get("cadence_per_year")
    return LaunchPlan(
        vehicle=vehicle, feasible=True, problems=(), payload_kg=payload, payload_method=method,
        satellites_per_launch=per_launch, launches=launches, cost_usd=cost,
        usd_per_kg=None if cost is None else cost / (design.satellites * mass),
        deployment_years=None if not cadence else launches / cadence, stowed_volume_m3=volume,
        success_rate=success, replacement_launches=launches - needed, cost_model=model,
        launched_mass_kg=launched_kg,
    )


def wright_total(first_unit_usd: float, units: int, learning_rate: float) -> float:
    """Total price of ``units`` launches when each doubling of cumulative launches multiplies the
    unit price by ``learning_rate`` (Wright, J. Aeronautical Sciences 3, 1936): sum of P1 n^b,
    b = log2(learning_rate)."""
    b = math.log2(learning_rate)
    return first_unit_usd * sum(n**b for n in range(1, units + 1))


def launch_cost_usd(settings, values, launches: int, launched_kg: float):
    """Campaign launch cost (USD) and how it was priced."""
    if settings.own_rocket is not None:
        own = settings.own_rocket
        return (own.purchase_usd + own.marginal_usd_per_launch * launches,
                "own the rocket: purchase + marginal cost per launch (scenario inputs)")
    if settings.usd_per_kg is not None:
        return settings.usd_per_kg * launched_kg, "scenario price per kg launched (replacements included)"
    price = settings.price_usd_per_launch if settings.price_usd_per_launch is not None else values.get("price_usd")
    if price is None:
        return None, "no published price for this vehicle: give launch.price_usd_per_launch or usd_per_kg"
    if settings.learning_rate is not None:
        return (wright_total(price, launches, settings.learning_rate),
                f"Wright's law from the first-launch price, learning rate {settings.learning_rate:g}")
    return price * launches, "price per launch x launches"
