"""Design stage: size one compute satellite and the fleet from a scenario and its orbit.

``design(scenario, geometry)`` gathers catalog values (overridden by the scenario) into
``DesignInputs`` and calls the vectorized kernel ``size_satellites``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import (
    EARTH_ALBEDO,
    EARTH_IR_W_M2,
    SOLAR_APHELION_W_M2,
    SOLAR_CONSTANT_W_M2,
    SOLAR_PERIHELION_W_M2,
)
from orbitaldc.design.sizing import DesignInputs, SatelliteSizing, reasons, size_satellites
from orbitaldc.design.station_keeping import station_keeping
from orbitaldc.design.thermal import earth_view_factor
from orbitaldc.limits import MAX_PRICED_SATELLITES
from orbitaldc.orbit.eclipse import eclipse_fraction

__all__ = ["Design", "DesignInputs", "design", "design_inputs", "size_satellites"]

ASSUMPTIONS = (
    "solar array sun-pointing, sized at aphelion irradiance for the longest eclipse of the horizon",
    "radiator sized for the hot case: perihelion Sun, albedo at the smallest |beta|, "
    "panel normal horizontal (each face sees Earth)",
    "all heat is rejected: IT by the compute radiator; bus load, power-conversion and battery losses (the whole "
    "battery round trip charged to the sunlit case) by the bus radiator at its own temperature",
    "shielding: aluminium box around the compute volume, modelled as a cube",
    "propulsion hardware is a share of dry mass; propellant holds the altitude against drag over the "
    "horizon (density averaged over the predicted solar activity of the horizon's years, moderate case; drag "
    "area half the array and radiator area, Hall-thruster Isp); at most the bus's max_propellant_fraction of launch "
    "mass, else infeasible",
    "array mass per m2 from the catalog W/kg at the catalog cell efficiency (a less efficient cell costs mass)",
)


# Each sub-model, its reference and what it has been validated against (tests/validation/).
MODELS = {
    "power": "SMAD 3rd ed. (Wertz & Larson 1999) sec. 11.4: array sized for the longest eclipse "
    "(eq. 11-5) with path efficiencies, inherent and lifetime degradation; battery by eq. 11-6. "
    "Validated: energy balance closes (property tests); not validated against a flown compute satellite.",
    "thermal": "radiator energy balance (Gilmore, Spacecraft Thermal Control Handbook): emitted "
    "sides*eps*sigma*T^4 less absorbed sunlight, Earth IR (Kirchhoff) and albedo, exact plate-to-sphere "
    "view factor. Validated: Starcloud white-paper arithmetic within 1 %, McCalip panel temperatures "
    "within 0.2 C, view factor against numerical integration.",
    "mass": "bottom-up array, battery, radiator, PMAD, compute and shielding masses plus subsystem shares of "
    "dry mass from the bus entry. Validated only on flown non-compute satellites (tests/validation/"
    "test_mass_model.py): bus 'default' (SMAD heritage) is 3.0-4.1x too heavy for Starlink V1.0/V2 mini and "
    "within 10 % of Iridium NEXT; bus 'modern-high-power' is within a factor of 2.0 of all three (1.94 for "
    "Starlink V2 mini, whose bus radiates from its body where the model counts a bus radiator). NOT "
    "VALIDATED against a flown compute satellite. Propellant: station-keeping delta-v from the drag model "
    "(orbit.drag, validated within x1.5) and the rocket equation.",
}



@dataclass(frozen=True)
class Design:
    """One satellite and the fleet. Figures are None when the design cannot close."""

    feasible: bool
    problems: tuple[str, ...]
    accelerator: str
    accelerators: int
    satellites: int
    inputs: DesignInputs
    sizing: SatelliteSizing
    propellant_kg: float = 0.0
    station_keeping_dv_m_s_per_year: float | None = None
    assumptions: tuple[str, ...] = ASSUMPTIONS
    models: tuple[tuple[str, str], ...] = tuple(MODELS.items())
    study_options: tuple[str, ...] = ()  # model choices of a published study in use (docs/studies.md)
    thermal: dict | None = None  # the chips' view of the radiator (design/thermal_check.py)
    shielding: dict | None = None  # the compute's aluminium wall and its dose (design/shielding.py)

    def scalar(self, name: str) -> float:
        return float(np.asarray(getattr(self.sizing, name)))

    @property
    def mass_kg(self) -> float:
        """Launch mass of one satellite: dry mass plus propellant (kg)."""
        return self.scalar("mass_kg") + self.propellant_kg

    @property
    def fleet_it_power_w(self) -> float:
        return self.satellites * self.scalar("it_power_w")

    @property
    def fleet_mass_kg(self) -> float:
        return self.satellites * self.mass_kg


NOT_LAUNCHABLE_AS_SIZED = "not launchable as the study sizes it: "  # a study option's prefix (run.py reads it)


def _pick(override, default):
    return default if override is None else override


def accelerators_per_satellite(scenario) -> float:
    """Accelerator count per satellite: given, or enough to reach the target IT power (NaN when the
    satellite is sized by its array: the kernel finds the IT power the array supports)."""
    c = scenario.satellite.compute
    if c.accelerators is not None:
        return c.accelerators
    if c.it_power_w is None:
        return math.nan
    acc = catalog.values("accelerators", c.accelerator)
    overhead = _pick(c.host_overhead_fraction, acc["system_power_w"] / acc["power_w"] - 1.0)
    return max(1, math.ceil(c.it_power_w / (acc["power_w"] * (1.0 + overhead)) - 1e-9))


def compute_shielding(scenario, geometry):
    """The compute's aluminium wall for this orbit and horizon: sized for the dose ('auto') or checked."""
    from orbitaldc.design.shielding import shielding

    sat = scenario.satellite
    return shielding(sat.compute.accelerator, sat.structure.bus, geometry.altitude_km, geometry.inclination_deg,
                     scenario.horizon_years, sat.shielding.aluminium_mm)


def design_inputs(scenario, geometry) -> DesignInputs:
    """Catalog values, overridden by the scenario, plus the orbit's worst cases."""
    sat = scenario.satellite
    acc = catalog.values("accelerators", sat.compute.accelerator)
    solar = catalog.values("solar", sat.power.solar)
    radiator = catalog.values("radiators", sat.thermal.radiator)
    battery = catalog.values("batteries", sat.battery.technology)
    bus = catalog.values("bus", sat.structure.bus)
    reg = sat.power.regulation
    power = sat.power
    emissivity = _pick(sat.thermal.emissivity, radiator["emissivity"])
    min_abs_beta = 0.0 if geometry.beta_min_deg * geometry.beta_max_deg <= 0 else min(
        abs(geometry.beta_min_deg), abs(geometry.beta_max_deg))
    view = _pick(sat.thermal.earth_view_factor,
                 sat.thermal.sides * float(earth_view_factor(geometry.altitude_km, 90.0)))
    eclipse_s = geometry.max_eclipse_s
    if power.design_beta_deg is not None:  # study option: one beta all year
        min_abs_beta = power.design_beta_deg
        eclipse_s = geometry.period_s * float(eclipse_fraction(geometry.altitude_km, power.design_beta_deg))
    incidence = sat.thermal.sun_incidence
    sun_cos = {"sun_facing": 1.0, "edge_on": 0.0}.get(incidence) if isinstance(incidence, str) else \
        math.cos(math.radians(incidence))
    return DesignInputs(
        accelerators=accelerators_per_satellite(scenario),
        accelerator_power_w=acc["power_w"],
        host_overhead_fraction=_pick(sat.compute.host_overhead_fraction,
                                     acc["system_power_w"] / acc["power_w"] - 1.0),
        accelerator_system_mass_kg=_pick(sat.compute.system_mass_kg, acc["system_mass_kg"]),
        accelerator_system_volume_m3=acc["system_volume_m3"],
        accelerator_max_temperature_c=acc.get("max_junction_c", math.nan),
        bus_power_fraction=_pick(sat.power.bus_power_fraction, bus["bus_power_fraction"]),
        eclipse_compute_fraction=sat.power.eclipse_compute_fraction,
        period_s=geometry.period_s,
        eclipse_s=eclipse_s,
        path_efficiency_daylight=_pick(power.path_efficiency_daylight, bus[f"path_efficiency_daylight_{reg}"]),
        path_efficiency_eclipse=_pick(power.path_efficiency_eclipse, bus[f"path_efficiency_eclipse_{reg}"]),
        cell_efficiency=_pick(sat.power.cell_efficiency, solar["cell_efficiency"]),
        packing_factor=solar["packing_factor"],
        inherent_degradation=_pick(sat.power.inherent_degradation, bus["inherent_degradation"]),
        degradation_per_year=_pick(sat.power.degradation_per_year, solar["degradation_per_year"]),
        life_years=scenario.horizon_years,
        array_specific_power_w_per_kg=_pick(power.array_specific_power_w_per_kg, solar["specific_power_w_per_kg"]),
        solar_min_w_m2=SOLAR_APHELION_W_M2 if power.design_irradiance == "aphelion" else SOLAR_CONSTANT_W_M2,
        solar_max_w_m2=SOLAR_PERIHELION_W_M2,
        pmad_kg_per_kw=_pick(sat.power.pmad_kg_per_kw, bus["pmad_kg_per_kw"]),
        depth_of_discharge=_pick(sat.battery.depth_of_discharge, battery["depth_of_discharge"]),
        battery_efficiency=_pick(sat.battery.efficiency, bus["battery_transmission_efficiency"]),
        battery_specific_energy_wh_per_kg=_pick(sat.battery.specific_energy_wh_per_kg,
                                                battery["specific_energy_wh_per_kg"]),
        radiator_temperature_c=radiator_temperature_c(scenario),
        emissivity=emissivity,
        absorptivity=_pick(sat.thermal.absorptivity, radiator["absorptivity"]),
        sides=sat.thermal.sides,
        sun_cos=sun_cos,
        earth_view_factor=view,
        earth_ir_absorptivity=_pick(sat.thermal.earth_ir_absorptivity, emissivity),
        earth_ir_w_m2=EARTH_IR_W_M2,
        albedo=EARTH_ALBEDO,
        albedo_cos=math.cos(math.radians(min_abs_beta)),
        radiator_areal_density_kg_per_m2=_pick(sat.thermal.areal_density_kg_per_m2,
                                               radiator["areal_density_kg_per_m2"]),
        loop_kg_per_kw=_pick(sat.thermal.loop_kg_per_kw, 0.0),
        bus_radiator_temperature_c=math.nan if sat.thermal.bus_radiator == "shared" else
        _pick(sat.thermal.bus_radiator_temperature_c, bus["bus_radiator_temperature_c"]),
        conversion_losses=sat.thermal.reject_conversion_losses,
        fixed_mass_kg=sat.structure.fixed_mass_kg,
        aluminium_mm=compute_shielding(scenario, geometry).aluminium_mm,
        structure_fraction=_pick(sat.structure.structure_fraction, bus["structure_fraction"]),
        harness_fraction=_pick(sat.structure.harness_fraction, bus["harness_fraction"]),
        thermal_hardware_fraction=_pick(sat.structure.thermal_hardware_fraction,
                                        bus["thermal_hardware_fraction"]),
        adcs_fraction=_pick(sat.structure.adcs_fraction, bus["adcs_fraction"]),
        avionics_comms_fraction=_pick(sat.structure.avionics_comms_fraction, bus["avionics_comms_fraction"]),
        propulsion_fraction=_pick(sat.structure.propulsion_fraction, bus["propulsion_dry_fraction"]),
        array_nameplate_w=_pick(power.array_nameplate_w, math.nan),
        oversize_array=power.eclipse_policy == "oversize_array",
        sun_fraction=_pick(power.sun_fraction, geometry.sunlit_fraction),
        life_average=power.degradation_basis == "life_average",
        specific_power_w_per_kg=_pick(sat.mass.specific_power_w_per_kg, math.nan),
        shielding_kg_per_kw=_pick(sat.shielding.kg_per_kw, math.nan),
        array_areal_density_kg_per_m2=array_areal_density_kg_per_m2(solar)
        if power.array_specific_power_w_per_kg is None else math.nan,
    )


def array_areal_density_kg_per_m2(solar: dict) -> float:
    """Array mass per m2 from the catalog's W/kg at the catalog's own cell efficiency and packing
    (rating per m2 = S0 eta p): the array's structure and blanket are per area, so a scenario's
    lower cell efficiency makes a larger and heavier array, not a larger array of the same mass."""
    return SOLAR_CONSTANT_W_M2 * solar["cell_efficiency"] * solar["packing_factor"] / solar["specific_power_w_per_kg"]


def radiator_temperature_c(scenario) -> float:
    """The scenario's radiator temperature, or with ``chain`` the highest the chips allow."""
    thermal = scenario.satellite.thermal
    if thermal.temperature_c == "chain":
        from orbitaldc.design.thermal_check import solved_temperature_c

        return solved_temperature_c(scenario.satellite.compute.accelerator, thermal.loop, thermal.margin_k)
    return float(thermal.temperature_c)


def study_options(scenario) -> tuple[str, ...]:
    """The study options a scenario uses, in words, for the result document (docs/studies.md)."""
    sat = scenario.satellite
    power, out = sat.power, []
    if power.array_nameplate_w is not None:
        out.append(f"satellite sized by its array: {power.array_nameplate_w:g} W BOL nameplate; the IT power is "
                   "what the array supports")
    if power.eclipse_policy == "oversize_array":
        out.append("no battery: the array is oversized by 1/sun_fraction so that its orbit-average output meets "
                   "the load (study accounting; without storage the compute cannot run in eclipse)")
    if power.degradation_basis == "life_average":
        out.append("array degradation averaged over the life in yearly steps, not taken at end of life")
    if power.design_irradiance == "mean":
        out.append("array sized at 1 AU irradiance, not at aphelion")
    if power.design_beta_deg is not None:
        out.append(f"array, battery and radiator sized for beta = {power.design_beta_deg:g} deg all year (cylindrical "
                   "shadow), not for the orbit's own worst case")
    if sat.thermal.bus_radiator == "shared":
        out.append("one radiator at the compute radiator's temperature rejects the bus heat too")
    if sat.thermal.chip_limits == "report":
        out.append("the radiator temperature is the study's: one hotter than the chips' chain allows is reported, "
                   "not made infeasible")
    if not sat.thermal.reject_conversion_losses:
        out.append("power-conversion and battery losses are not rejected (only the loads' heat)")
    if sat.shielding.kg_per_kw is not None:
        out.append(f"shielding {sat.shielding.kg_per_kw:g} kg per kW of IT power, not an aluminium box")
    if sat.mass.model == "specific_power":
        out.append(f"system-level mass: {sat.mass.specific_power_w_per_kg:g} W of array nameplate per kg of "
                   "satellite at launch (no bottom-up parts, no separate propellant)")
    return tuple(out)


def design(scenario, geometry) -> Design:
    """Size the scenario's satellite and fleet on its orbit's geometry."""
    inputs = design_inputs(scenario, geometry)
    sizing = size_satellites(inputs)
    feasible = bool(sizing.feasible)
    problems = tuple(reasons(int(sizing.reason_flags)))
    sat_it = float(sizing.it_power_w)
    if feasible and not sat_it > 0.0:
        feasible, problems = False, ("the satellite supports no IT power",)
    count = scenario.constellation.satellites
    orbit = scenario.constellation.orbit
    if orbit.kind == "elements":
        from orbitaldc.orbit.elsets import scenario_elements

        count = len(scenario_elements(orbit))
    elif count is None:
        count = max(1, math.ceil(scenario.constellation.it_power_w / sat_it - 1e-9)) if feasible else 1
    if count > MAX_PRICED_SATELLITES:
        feasible = False
        problems += (f"the fleet would be {count:,.0f} satellites of {sat_it:,.3g} W of IT each, more than the "
                     f"{MAX_PRICED_SATELLITES:,.0f} orbitaldc sizes (docs/limits.md): make the satellites larger or "
                     "the fleet smaller",)
        count = 1
    if feasible and math.floor(float(sizing.accelerators) + 1e-9) < 1:
        feasible = False
        problems += (f"the satellite supports {sat_it:,.3g} W of IT, less than one "
                     f"{scenario.satellite.compute.accelerator} with its host: a larger array or satellite is needed",)
    if feasible and orbit.kind == "cluster":
        from orbitaldc.orbit.formation import cluster_fit_problems

        problems_fit = cluster_fit_problems(orbit, count)
        feasible, problems = not problems_fit, problems + problems_fit
    if feasible and not math.isfinite(float(sizing.mass_kg)):
        feasible = False
        problems += (f"the satellite's mass is not a finite number ({float(sizing.mass_kg)!r} kg): an input is "
                     "outside what the model sizes (e.g. a cell efficiency near zero)",)
    options = study_options(scenario)
    if not feasible:
        propellant, dv = math.nan, None
    elif scenario.satellite.mass.model == "specific_power":
        propellant, dv = 0.0, None  # the system-level mass is the launch mass, propellant included
    else:
        held = station_keeping(scenario, sizing, _reference_altitude_km(scenario))
        propellant, dv = held.propellant_kg, held.dv_m_s_per_year
        if held.problems:
            feasible, problems = False, problems + held.problems
    from orbitaldc.design.thermal_check import thermal_document

    thermal = scenario.satellite.thermal
    thermal_doc, too_hot = thermal_document(scenario.satellite.compute.accelerator, thermal.loop, thermal.margin_k,
                                            float(np.asarray(inputs.radiator_temperature_c)),
                                            thermal.temperature_c == "chain")
    problems += too_hot
    if too_hot and thermal.chip_limits == "enforce":
        feasible = False
    shielding_doc = None
    if scenario.satellite.shielding.kg_per_kw is None and scenario.satellite.mass.model != "specific_power":
        from orbitaldc.design.shielding import shielding_document

        wall = compute_shielding(scenario, geometry)  # the aluminium box is the shielding: its dose is checked
        shielding_doc = shielding_document(wall)
        problems += wall.problems
        feasible = feasible and wall.feasible
    sized = Design(
        feasible=feasible, problems=problems, accelerator=scenario.satellite.compute.accelerator, thermal=thermal_doc,
        shielding=shielding_doc,
        accelerators=int(math.floor(float(sizing.accelerators) + 1e-9)) if sat_it > 0 else 0,
        satellites=int(count), inputs=inputs, sizing=sizing,
        propellant_kg=propellant, station_keeping_dv_m_s_per_year=dv, study_options=options,
    )
    if sized.thermal is not None:
        from orbitaldc.design.thermal_transient import thermal_extras

        # pump power, loop mass and the orbit transient; a coolant driven out of its operating range in the
        # longest eclipse (or above it) makes the design infeasible
        extras = thermal_extras(sized)
        sized = replace(sized, thermal={**sized.thermal, **extras})
        transient = extras.get("transient")
        if transient is not None and not transient["feasible"]:
            coolant = [p for p in transient["problems"] if "coolant" in p]
            sized = replace(sized, feasible=False, problems=sized.problems + tuple(coolant))
            feasible, problems = sized.feasible, sized.problems
    if feasible and scenario.launch.vehicle is None:
        # Nothing else bounds one satellite when no vehicle is named (a named one: the manifest checks it).
        from orbitaldc.launch.capacity import no_vehicle_carries

        too_big = no_vehicle_carries(sized, geometry.altitude_km, geometry.inclination_deg)
        if too_big and scenario.satellite.mass.model == "specific_power":
            # A study's system-level mass reproduces its arithmetic (docs/studies.md): stated, not refused.
            sized = replace(sized, study_options=options + tuple(f"{NOT_LAUNCHABLE_AS_SIZED}{p}"
                                                                  for p in too_big))
        elif too_big:
            sized = replace(sized, feasible=False, problems=problems + too_big)
    return sized


def _reference_altitude_km(scenario):
    orbit = scenario.constellation.orbit
    return getattr(orbit, "altitude_km", None)

