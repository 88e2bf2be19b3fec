"""Compose the stages and turn their results into the result document of DESIGN.md."""

from __future__ import annotations

import math
from dataclasses import dataclass

from orbitaldc import __version__
from orbitaldc.design import Design, design
from orbitaldc.economics import Economics, economics_document
from orbitaldc.economics import evaluate as evaluate_economics
from orbitaldc.launch.emissions import CO2_NOTE
from orbitaldc.launch.manifest import LaunchPlan, plan_launches, world_launches_2025
from orbitaldc.orbit import orbit_geometry
from orbitaldc.orbit.constellation import scenario_stations
from orbitaldc.orbit.geometry import OrbitGeometry
from orbitaldc.scenario import Scenario
from orbitaldc.timeline import Timeline, build_timeline
from orbitaldc.timeline import environment_document as timeline_environment


@dataclass(frozen=True)
class Result:
    """Everything one scenario run produced, stage by stage."""

    scenario: Scenario
    geometry: OrbitGeometry
    design: Design
    timeline: Timeline | None = None
    launch: LaunchPlan | None = None
    economics: Economics | None = None

    @property
    def feasible(self) -> bool:
        return self.design.feasible and (self.launch is None or self.launch.feasible)

    def document(self) -> dict:
        """The JSON result document (keys of DESIGN.md, numbers in the unit they name)."""
        doc = {
            "scenario": self.scenario.name,
            "orbitaldc_version": __version__,
            "feasible": self.feasible,
            "problems": list(self.design.problems) + list(self.launch.problems if self.launch else ()),
            "design": design_document(self.design),
            "environment": (timeline_environment(self.timeline, self.design) if self.timeline is not None
                            else environment_document(self.geometry)),
        }
        if self.launch is not None:
            doc["launch"] = launch_document(self.launch)
        if self.economics is not None:
            doc["economics"] = economics_document(self.economics)
        return doc


def run(scenario: Scenario, *, timeline: bool = True, economics: bool = True, progress=None,
        detail: bool = True) -> Result:
    """Run every stage built so far on a validated scenario.

    ``timeline=False`` skips the numerical timeline (fleet eclipses, contacts, dose, drag);
    the environment keys then come from the analytic reference orbit alone. The economics use the
    analytic sunlit fraction either way (within 2e-4 of the timeline's, tests/validation), so
    ``orbitaldc cost`` and ``orbitaldc run`` price a scenario alike. ``detail=False`` prices the
    scenario's own site only (no break-even, Monte Carlo or tornado), for callers that need the two
    prices alone, such as the bridge.
    """
    geometry = orbit_geometry(scenario)
    sized = design(scenario, geometry)
    fleet = build_timeline(scenario, geometry, sized.satellites, progress) if timeline else None
    plan = None
    if scenario.launch.vehicle is not None and sized.feasible:  # an infeasible design is never priced
        plan = plan_launches(scenario, sized, geometry.altitude_km, geometry.inclination_deg)
    priced = None
    if economics and (scenario.launch.vehicle is not None or "launch_usd_per_kg" in scenario.economics.inputs):
        priced = evaluate_economics(scenario, sized, plan, geometry.sunlit_fraction,
                                    len(scenario_stations(scenario)), detail=detail)
    return Result(scenario=scenario, geometry=geometry, design=sized, timeline=fleet, launch=plan, economics=priced)


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
    if plan.legs:
        doc["legs"] = [launch_document(leg) for leg in plan.legs]
    return doc


def _num(x) -> float | None:
    value = float(x)
    return None if math.isnan(value) else value


def design_document(d: Design) -> dict:
    s = d.sizing
    satellite = {
        "it_power_w": _num(s.it_power_w),
        "accelerator": d.accelerator,
        "accelerators": d.accelerators,
        "bus_power_w": _num(s.bus_power_w),
        "array_power_bol_w": _num(s.array_power_bol_w),
        "array_power_eol_w": _num(s.array_power_eol_w),
        "solar_array_area_m2": _num(s.solar_array_area_m2),
        "radiator_area_m2": _num(s.radiator_area_m2),
        "radiator_net_w_m2": _num(s.radiator_net_w_m2),
        "radiator_flux_w_m2": {
            "emitted": _num(s.radiator_emitted_w_m2),
            "solar": _num(s.radiator_solar_w_m2),
            "earth_ir": _num(s.radiator_earth_ir_w_m2),
            "albedo": _num(s.radiator_albedo_w_m2),
        },
        "heat_rejected_w": _num(s.heat_rejected_w),
        "battery_energy_wh": _num(s.battery_energy_wh),
        "mass_kg": _num(d.mass_kg),
        "dry_mass_kg": _num(s.mass_kg),
        "it_power_w_per_kg": _num(s.it_power_w / d.mass_kg),
        "mass_breakdown_kg": {**{k: _num(v) for k, v in s.mass_breakdown_kg.items()
                                 if k != "system" or float(v) > 0.0},
                              "propellant": _num(d.propellant_kg)},
        "station_keeping_dv_m_s_per_year": d.station_keeping_dv_m_s_per_year,
    }
    fleet = {
        "satellites": d.satellites,
        "it_power_w": _num(d.fleet_it_power_w),
        "mass_kg": _num(d.fleet_mass_kg),
    }
    doc = {"satellite": satellite, "fleet": fleet, "assumptions": list(d.assumptions), "models": dict(d.models)}
    if d.study_options:
        doc["study_options"] = list(d.study_options)
    return doc


def environment_document(g: OrbitGeometry) -> dict:
    return {
        "model": g.model + "; validated against skyfield/DE421 (eclipse durations within 1 s, "
        "beta within 0.01 deg) and flown sun-synchronous orbits",
        "shadow_kind": g.shadow_kind,
        "altitude_km": g.altitude_km,
        "orbit_period_min": g.period_s / 60.0,
        "inclination_deg": g.inclination_deg,
        "sunlit_fraction": g.sunlit_fraction,
        "max_eclipse_min": g.max_eclipse_s / 60.0,
        "eclipse_days_per_year": g.eclipse_days_per_year,
        "beta_angle_deg": {"min": g.beta_min_deg, "max": g.beta_max_deg},
    }
