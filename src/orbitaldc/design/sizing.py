"""Vectorized sizing of compute satellites: one call sizes any number of design points.

Every field of ``DesignInputs`` is a float or a numpy array; arrays broadcast, so a sweep
over a million design points is one call with no Python loop. Models: ``power`` (SMAD
array and battery sizing), ``thermal`` (radiator energy balance), ``mass`` (breakdown).
All heat is rejected: the IT heat by the compute radiator at its temperature, the bus load with the
power-conversion and battery losses by the bus radiator at its own (lower) temperature; the
array is sun-pointing and sized at aphelion irradiance, the radiators at perihelion.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from orbitaldc.constants import SOLAR_CONSTANT_W_M2
from orbitaldc.design.mass import mass_breakdown_kg, shielding_mass_kg
from orbitaldc.design.power import (
    array_area_m2,
    array_power_eol_w,
    array_rating_bol_w,
    battery_energy_wh,
    life_average_factor,
    life_factor,
)
from orbitaldc.design.thermal import radiator_fluxes_w_m2

# Bit flags of why a design point cannot close.
RADIATOR_CANNOT_REJECT = 1
RADIATOR_HOTTER_THAN_CHIPS = 2
NO_DAYLIGHT = 4
BUS_RADIATOR_CANNOT_REJECT = 8
REASONS = {
    RADIATOR_CANNOT_REJECT: "radiator absorbs at least what it emits at its temperature: "
    "no net heat rejection (raise its temperature, lower its absorptivity or turn it edge-on)",
    RADIATOR_HOTTER_THAN_CHIPS: "radiator temperature is above the accelerators' maximum junction "
    "operating temperature, so heat cannot flow from the chips to it",
    NO_DAYLIGHT: "orbit has no daylight arc to charge the battery",
    BUS_RADIATOR_CANNOT_REJECT: "the bus radiator absorbs at least what it emits at its temperature: no net heat "
    "rejection for the bus, conversion and battery losses (raise satellite.thermal.bus_radiator_temperature_c)",
}


@dataclass(frozen=True)
class DesignInputs:
    """Inputs of one or many design points (floats or broadcastable arrays)."""

    accelerators: object
    accelerator_power_w: object
    host_overhead_fraction: object
    accelerator_system_mass_kg: object
    accelerator_system_volume_m3: object
    accelerator_max_temperature_c: object  # junction limit; NaN where unpublished
    bus_power_fraction: object
    eclipse_compute_fraction: object
    period_s: object
    eclipse_s: object
    path_efficiency_daylight: object
    path_efficiency_eclipse: object
    cell_efficiency: object
    packing_factor: object
    inherent_degradation: object
    degradation_per_year: object
    life_years: object
    array_specific_power_w_per_kg: object
    solar_min_w_m2: object
    solar_max_w_m2: object
    pmad_kg_per_kw: object
    depth_of_discharge: object
    battery_efficiency: object
    battery_specific_energy_wh_per_kg: object
    radiator_temperature_c: object
    emissivity: object
    absorptivity: object
    sides: object
    sun_cos: object
    earth_view_factor: object
    earth_ir_absorptivity: object
    earth_ir_w_m2: object
    albedo: object
    albedo_cos: object
    radiator_areal_density_kg_per_m2: object
    aluminium_mm: object
    structure_fraction: object
    harness_fraction: object
    thermal_hardware_fraction: object
    adcs_fraction: object
    avionics_comms_fraction: object
    propulsion_fraction: object
    # Study options (docs/studies.md); the defaults are the physical model.
    array_nameplate_w: object = np.nan  # finite: size by the array's BOL rating, the IT power follows
    oversize_array: object = False  # no battery; array oversized by 1/sun_fraction (orbit-average balance)
    sun_fraction: object = 1.0
    life_average: object = False  # degradation averaged over the life instead of end of life
    specific_power_w_per_kg: object = np.nan  # finite: mass = BOL rating / this (system-level model)
    shielding_kg_per_kw: object = np.nan  # finite: shielding mass per kW of IT instead of the aluminium box
    # Array mass per m2 (finite: the array mass follows its area, so a less efficient cell costs mass);
    # NaN: BOL rating / array_specific_power_w_per_kg, exact only at the efficiency that W/kg was measured at.
    array_areal_density_kg_per_m2: object = np.nan
    loop_kg_per_kw: object = 0.0  # coolant loop mass per kW of heat rejected, on top of the radiator panels
    # All heat: the bus load, power-conversion and battery losses go to a bus radiator at its own temperature
    # (NaN: on the compute radiator, a study's single radiator); conversion losses counted or not (study option).
    bus_radiator_temperature_c: object = np.nan
    conversion_losses: object = True
    fixed_mass_kg: object = 0.0  # equipment of fixed mass per satellite (bottom-up part)


@dataclass(frozen=True)
class SatelliteSizing:
    """Sized satellites, one element per design point (SI units as named)."""

    it_power_w: np.ndarray
    bus_power_w: np.ndarray
    daylight_load_w: np.ndarray
    eclipse_load_w: np.ndarray
    array_power_eol_w: np.ndarray
    array_power_bol_w: np.ndarray
    solar_array_area_m2: np.ndarray
    battery_energy_wh: np.ndarray
    heat_rejected_w: np.ndarray
    radiator_emitted_w_m2: np.ndarray
    radiator_solar_w_m2: np.ndarray
    radiator_earth_ir_w_m2: np.ndarray
    radiator_albedo_w_m2: np.ndarray
    radiator_net_w_m2: np.ndarray
    radiator_area_m2: np.ndarray  # the compute loop's radiator
    bus_radiator_area_m2: np.ndarray  # bus, conversion and battery losses at the bus radiator temperature
    compute_heat_w: np.ndarray  # heat on the compute radiator (IT, or everything with a single radiator)
    bus_heat_w: np.ndarray
    bus_radiator_net_w_m2: np.ndarray
    mass_breakdown_kg: dict
    mass_kg: np.ndarray
    feasible: np.ndarray
    reason_flags: np.ndarray
    accelerators: np.ndarray  # accelerators the IT power runs (fractional when sized by the array)


def size_satellites(p: DesignInputs) -> SatelliteSizing:
    """Size every design point in ``p``; infeasible points carry NaN areas and masses."""
    shape = np.broadcast_shapes(*(np.shape(getattr(p, f.name)) for f in fields(p)))
    unit_w = p.accelerator_power_w * (1.0 + p.host_overhead_fraction)
    oversize = np.asarray(p.oversize_array, dtype=bool)
    daylight_s = p.period_s - p.eclipse_s
    # The study options are evaluated only where a design point uses them (the kernel stays fast).
    life = life_factor(p.degradation_per_year, p.life_years)
    if np.any(p.life_average):
        life = np.where(p.life_average, life_average_factor(p.degradation_per_year, p.life_years), life)
    # End-of-life array output per W of IT (linear in the IT power): SMAD eq. 11-5 with a battery, or
    # the orbit-average balance (load / (X_d s)) when the array is oversized instead of a battery.
    with np.errstate(divide="ignore", invalid="ignore"):
        eol_per_it = array_power_eol_w(1.0 + p.bus_power_fraction, p.eclipse_compute_fraction + p.bus_power_fraction,
                                       daylight_s, p.eclipse_s, p.path_efficiency_daylight, p.path_efficiency_eclipse)
        if np.any(oversize):
            eol_per_it = np.where(oversize, (1.0 + p.bus_power_fraction) / (p.path_efficiency_daylight
                                                                             * p.sun_fraction), eol_per_it)
        it_power = p.accelerators * unit_w
        by_array = np.isfinite(p.array_nameplate_w)
        if np.any(by_array):
            # Sized by the array: its BOL rating delivers rating x (S/S0) x I_d x life at end of life.
            eol_of_rating = np.asarray(p.array_nameplate_w) * np.asarray(p.solar_min_w_m2) / SOLAR_CONSTANT_W_M2 \
                * p.inherent_degradation * life
            it_power = np.where(by_array, eol_of_rating / eol_per_it, it_power)
    accelerators = it_power / unit_w
    bus_power = p.bus_power_fraction * it_power
    daylight_load = it_power + bus_power
    eclipse_load = p.eclipse_compute_fraction * it_power + bus_power
    if np.any(oversize):
        eclipse_load = np.where(oversize, 0.0, eclipse_load)

    with np.errstate(divide="ignore", invalid="ignore"):
        p_eol = it_power * eol_per_it
        area = array_area_m2(p_eol, p.solar_min_w_m2, p.cell_efficiency, p.packing_factor,
                             p.inherent_degradation, life)
    rating = array_rating_bol_w(area, p.cell_efficiency, p.packing_factor)
    battery = battery_energy_wh(eclipse_load, p.eclipse_s, p.depth_of_discharge, p.battery_efficiency)

    emitted, solar, earth_ir, albedo, net = radiator_fluxes_w_m2(
        np.asarray(p.radiator_temperature_c) + 273.15, p.emissivity, p.absorptivity, p.sides,
        p.solar_max_w_m2, p.sun_cos, p.earth_view_factor, p.earth_ir_w_m2,
        p.earth_ir_absorptivity, p.albedo, p.albedo_cos,
    )
    # Heat in sunlight, the hot case: every watt the array delivers except what the battery stores for the
    # eclipse loads, i.e. the loads plus the daylight path's conversion loss and the charge path's loss
    # (the whole round trip is charged to the sunlit case, an upper bound). Over an orbit the heat then equals
    # the array's output (energy closes; tests/validation/test_thermal_energy_balance.py).
    with np.errstate(divide="ignore", invalid="ignore"):
        losses = daylight_load * (1.0 / p.path_efficiency_daylight - 1.0) \
            + eclipse_load * p.eclipse_s / daylight_s * (1.0 / p.path_efficiency_eclipse - 1.0)
    losses = np.where(np.asarray(p.conversion_losses, dtype=bool), losses, 0.0)
    separate = np.isfinite(p.bus_radiator_temperature_c)
    compute_heat = np.where(separate, it_power, daylight_load + losses)
    bus_heat = np.where(separate, bus_power + losses, 0.0)
    heat = compute_heat + bus_heat
    _, _, _, _, bus_net = radiator_fluxes_w_m2(
        np.where(separate, p.bus_radiator_temperature_c, 20.0) + 273.15, p.emissivity, p.absorptivity, p.sides,
        p.solar_max_w_m2, p.sun_cos, p.earth_view_factor, p.earth_ir_w_m2, p.earth_ir_absorptivity, p.albedo,
        p.albedo_cos)
    flags = (
        np.where(net <= 0.0, RADIATOR_CANNOT_REJECT, 0)
        | np.where(separate & (bus_net <= 0.0) & (bus_heat > 0.0), BUS_RADIATOR_CANNOT_REJECT, 0)
        | np.where(np.asarray(p.radiator_temperature_c) > p.accelerator_max_temperature_c,
                   RADIATOR_HOTTER_THAN_CHIPS, 0)
        | np.where(daylight_s <= 0.0, NO_DAYLIGHT, 0)
    )
    feasible = np.broadcast_to(flags == 0, shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        radiator_area = np.where(feasible, compute_heat / net, np.nan)
        bus_radiator_area = np.where(feasible, np.where(bus_heat > 0.0, bus_heat / bus_net, 0.0), np.nan)
    area = np.where(feasible, area, np.nan)
    rating = np.where(feasible, rating, np.nan)

    compute_volume = accelerators * p.accelerator_system_volume_m3
    bottom_up = {
        "compute": accelerators * p.accelerator_system_mass_kg,
        "solar_array": np.where(np.isfinite(p.array_areal_density_kg_per_m2), area * p.array_areal_density_kg_per_m2,
                                rating / p.array_specific_power_w_per_kg),
        "power_management": p.pmad_kg_per_kw * p_eol / 1000.0,
        "battery": battery / p.battery_specific_energy_wh_per_kg,
        "radiator": radiator_area * p.radiator_areal_density_kg_per_m2
        + np.where(feasible, compute_heat, np.nan) * p.loop_kg_per_kw / 1000.0,
        "bus_radiator": bus_radiator_area * p.radiator_areal_density_kg_per_m2,
        "fixed_equipment": np.asarray(p.fixed_mass_kg, dtype=float),
        "shielding": shielding_mass_kg(compute_volume, p.aluminium_mm) if not np.any(np.isfinite(
            p.shielding_kg_per_kw)) else np.where(np.isfinite(p.shielding_kg_per_kw),
                                                  p.shielding_kg_per_kw * it_power / 1000.0,
                                                  shielding_mass_kg(compute_volume, p.aluminium_mm)),
    }
    fractions = {
        "structure": p.structure_fraction,
        "harness": p.harness_fraction,
        "thermal_hardware": p.thermal_hardware_fraction,
        "adcs": p.adcs_fraction,
        "avionics_comms": p.avionics_comms_fraction,
        "propulsion": p.propulsion_fraction,
    }
    def arr(x):
        return np.broadcast_to(np.asarray(x, dtype=float), shape)

    parts = {k: arr(v) for k, v in mass_breakdown_kg(bottom_up, fractions).items()}
    by_specific_power = np.isfinite(p.specific_power_w_per_kg)
    if np.any(by_specific_power):
        # System-level specific power (study option): the whole satellite at launch is rating / (W/kg);
        # shielding and compute keep their own masses (for pricing), carved out in that order.
        with np.errstate(divide="ignore", invalid="ignore"):
            system_total = rating / np.asarray(p.specific_power_w_per_kg, dtype=float)
        shielding_in_system = np.minimum(parts["shielding"], system_total)
        compute_in_system = np.minimum(parts["compute"], system_total - shielding_in_system)
        carved = {"compute": compute_in_system, "shielding": shielding_in_system}
        parts = {k: arr(np.where(by_specific_power, carved.get(k, 0.0), v)) for k, v in parts.items()}
        parts["system"] = arr(np.where(by_specific_power, system_total - compute_in_system - shielding_in_system,
                                       0.0))
    else:
        parts["system"] = arr(0.0)
    total = sum(parts.values())

    return SatelliteSizing(
        it_power_w=arr(it_power), bus_power_w=arr(bus_power), daylight_load_w=arr(daylight_load),
        eclipse_load_w=arr(eclipse_load), array_power_eol_w=arr(p_eol), array_power_bol_w=arr(rating),
        solar_array_area_m2=arr(area), battery_energy_wh=arr(battery), heat_rejected_w=arr(heat),
        radiator_emitted_w_m2=arr(emitted), radiator_solar_w_m2=arr(solar),
        radiator_earth_ir_w_m2=arr(earth_ir), radiator_albedo_w_m2=arr(albedo),
        radiator_net_w_m2=arr(net), radiator_area_m2=arr(radiator_area),
        bus_radiator_area_m2=arr(bus_radiator_area), compute_heat_w=arr(compute_heat), bus_heat_w=arr(bus_heat),
        bus_radiator_net_w_m2=arr(bus_net),
        mass_breakdown_kg=parts, mass_kg=arr(total), feasible=feasible,
        reason_flags=np.broadcast_to(flags, shape), accelerators=arr(accelerators),
    )


def reasons(flags: int) -> list[str]:
    """Readable reasons behind one design point's flags."""
    return [text for bit, text in REASONS.items() if int(flags) & bit]
