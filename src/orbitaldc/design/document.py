"""The design part of the result document (DESIGN.md keys, numbers in the unit they name)."""

from __future__ import annotations

import math

from orbitaldc.design import Design


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
        "bus_radiator_area_m2": _num(s.bus_radiator_area_m2),
        "bus_radiator_net_w_m2": _num(s.bus_radiator_net_w_m2) if _num(s.bus_heat_w) else None,
        "heat_rejected_w": _num(s.heat_rejected_w),
        "heat_rejected_by_radiator_w": {"compute": _num(s.compute_heat_w), "bus": _num(s.bus_heat_w)},
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
    if d.shielding is not None:
        doc["shielding"] = d.shielding  # the compute's aluminium wall, the dose through it and the target
    if d.thermal is not None:
        doc["thermal"] = d.thermal  # with pump_power_w, loop_mass_kg and the orbit transient (design/__init__.py)
    return doc
