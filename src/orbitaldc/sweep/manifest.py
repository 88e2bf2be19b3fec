"""The launch stage on arrays: ``launch.manifest._plan_vehicle`` for one vehicle and many designs.

Satellites per launch by mass and stowed volume, launches (expected replacements included, the
campaign's success rate from ``launch.reliability`` per distinct launch count), the campaign cost in
the scenario's pricing mode with the axis' price in place, deployment time at the cadence, CO2.
A mix of vehicles, an unknown cadence or price is left to the per-scenario path (``NotBatchable``).
"""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import catalog


class NotBatchable(Exception):
    """The group's scenario needs the per-scenario path (a feature the batch does not repeat)."""


def launch_batch(scenario, geometry, count, mass, volume, col, slow, n) -> dict:
    """``launch.manifest._plan_vehicle`` for one vehicle on arrays; the launch row keys."""
    from orbitaldc.launch.emissions import co2_per_launch_kg
    from orbitaldc.launch.manifest import FAIRING_PACKING, minimum_success_rate, world_launches_2025, wright_total
    from orbitaldc.launch.reliability import vehicle_success_rate
    from orbitaldc.launch.vehicles import payload_to_orbit_kg

    settings, vehicle = scenario.launch, scenario.launch.vehicle
    values = catalog.values("vehicles", vehicle)
    carrier = catalog.load("vehicles")[vehicle].get("carrier")
    rideshare = "price_per_kg_above_base_usd" in values and isinstance(carrier, str)
    payload, _ = payload_to_orbit_kg(carrier if rideshare else vehicle, geometry.altitude_km, geometry.inclination_deg)
    fairing = math.pi * (values["fairing_diameter_m"] / 2) ** 2 * values["fairing_height_m"] * FAIRING_PACKING
    with np.errstate(divide="ignore", invalid="ignore"):
        by_mass = np.where(mass > 0, np.floor_divide(payload, mass), 0.0)
        by_volume = np.where(volume > 0, np.floor_divide(fairing, volume), 0.0)
    slow |= ~(by_mass >= 1) | ~(by_volume >= 1)
    per_launch = np.maximum(np.minimum(by_mass, by_volume), 1.0)
    needed = np.ceil(count / per_launch)
    cadence = settings.cadence_per_year if settings.cadence_per_year is not None else values.get("cadence_per_year")
    if not cadence:
        raise NotBatchable("no cadence: the plan's problem is stated per scenario")
    if settings.success_rate is not None:
        success = np.full(n, float(settings.success_rate))
    else:
        success = np.ones(n)
        for k in np.unique(needed[~slow]):
            success[needed == k] = vehicle_success_rate(vehicle, int(k))[0]
    slow |= ~(success >= minimum_success_rate())
    launches = needed + np.rint(needed * (1.0 / success - 1.0))
    launched_kg = (count + (launches - needed) * per_launch) * mass
    cost = _launch_cost(settings, values, launches, launched_kg, mass, col, slow, wright_total)
    slow |= ~np.isfinite(cost)
    co2 = co2_per_launch_kg(vehicle)
    deployment = launches / cadence
    return {
        "vehicle": vehicle, "feasible": np.ones(n, dtype=bool), "payload_to_orbit_kg": payload,
        "stowed_volume_m3": volume, "satellites_per_launch": per_launch, "launches": launches,
        "replacement_launches": launches - needed, "success_rate": success,
        "launches_per_year": launches / deployment, "world_orbital_launches_2025": world_launches_2025(),
        "cost_usd": cost, "usd_per_kg": cost / (count * mass), "deployment_years": deployment,
        "launched_mass_kg": launched_kg, "co2_per_launch_kg": np.nan if co2 is None else co2,
        "co2_kg": np.full(n, np.nan) if co2 is None else co2 * launches, "_cadence": cadence,
    }


def _launch_cost(settings, values, launches, launched_kg, mass, col, slow, wright_total):
    """``launch.manifest.launch_cost_usd`` on arrays (the scenario's pricing mode, axis values in place)."""
    if settings.own_rocket is not None:
        return settings.own_rocket.purchase_usd + settings.own_rocket.marginal_usd_per_launch * launches
    usd_per_kg = col.get("launch.usd_per_kg", settings.usd_per_kg)
    if usd_per_kg is not None:
        return usd_per_kg * launched_kg
    if settings.reuse is not None:
        reuse = settings.reuse
        return (reuse.vehicle_cost_usd / reuse.flights_per_vehicle + reuse.refurbishment_usd_per_flight) * launches
    price = col.get("launch.price_usd_per_launch", settings.price_usd_per_launch)
    if "price_per_kg_above_base_usd" in values and price is None:
        each = values["price_usd"] + np.maximum(0.0, mass - values["base_mass_kg"]) * values[
            "price_per_kg_above_base_usd"]
        return each * launched_kg / mass
    price = values.get("price_usd") if price is None else price
    if price is None:
        raise NotBatchable("no launch price: stated per scenario")
    if settings.learning_rate is not None:
        cost = np.full(len(launches), np.nan)
        for k in np.unique(launches[~slow]):
            cost[launches == k] = wright_total(float(price), int(k), settings.learning_rate)
        return cost
    return price * launches
