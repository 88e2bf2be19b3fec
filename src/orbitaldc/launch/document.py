"""The launch part of the result document (DESIGN.md keys)."""

from __future__ import annotations

from orbitaldc.launch.emissions import CO2_NOTE
from orbitaldc.launch.manifest import LaunchPlan, world_launches_2025


def launch_document(plan: LaunchPlan) -> dict:
    doc = {
        "vehicle": plan.vehicle,
        "feasible": plan.feasible,
        "payload_to_orbit_kg": plan.payload_kg,
        "payload_method": plan.payload_method,
        "stowed_volume_m3": plan.stowed_volume_m3,
    }
    if plan.feasible:
        doc.update({"satellites_per_launch": plan.satellites_per_launch, "launches": plan.launches,
                    "replacement_launches": plan.replacement_launches, "success_rate": plan.success_rate,
                    "success_rate_model": plan.success_rate_model, "launches_per_year": plan.launches_per_year,
                    "world_orbital_launches_2025": world_launches_2025(),
                    "cost_usd": plan.cost_usd, "usd_per_kg": plan.usd_per_kg, "cost_model": plan.cost_model,
                    "deployment_years": plan.deployment_years, "launched_mass_kg": plan.launched_mass_kg,
                    "schedule": list(plan.schedule), "co2_per_launch_kg": plan.co2_per_launch_kg,
                    "co2_kg": plan.co2_kg, "co2_note": CO2_NOTE})
    if plan.make_or_buy is not None:
        doc["make_or_buy"] = plan.make_or_buy
    if plan.legs:
        doc["legs"] = [launch_document(leg) for leg in plan.legs]
    return doc
