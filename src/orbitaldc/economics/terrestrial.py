"""Terrestrial baseline: the same compute hardware in a data center at a named site, vectorized.

Capex: the facility (shell, electrical, mechanical; catalog ``sites``), an optional on-site power
plant per kW of site load (IT x PUE), and the compute with its scale-out network fabric. Opex per
year: electricity for IT x PUE, water (WUE x IT energy), facility maintenance, and the operator's
share of replacing failed accelerators (none by default: on the ground they are swapped under
warranty; in orbit nobody can swap them, so the orbital side pays for replacement satellites).

Assets that outlive the analysis horizon H are charged by their equivalent annual cost, capex x
A(H)/A(L) for a life L (the capital-recovery factor 1/A(L) times the annuity over H; Brealey,
Myers & Allen, Principles of Corporate Finance, ch. 6); the facility lives ``facility_life_years``,
the IT hardware ``it_life_years`` (a shorter IT life than H stands for refreshes at the same price).
The grid-interconnection delay G is a cost of waiting: the facility is paid for G years before
power arrives, so its capital compounds by (1 + r)^G before service; revenue lost while waiting is
not counted. Costs and output are valued at the start of service, the orbital side at its first
launch. With r = 0 and lives equal to H this is McCalip's undiscounted terrestrial total.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.economics.tco import FleetQuantities, _levelized, annuity


def terrestrial_costs(q: FleetQuantities, p: dict, *, include_compute: bool = True,
                      facility_charge: str = "life_share") -> dict:
    """Terrestrial capex, opex, present-value TCO and levelized costs for the fleet's IT power.

    ``facility_charge="full"`` charges the facility and power plant in full to the horizon (a study
    that sums cash) instead of the horizon's share of their life."""
    rate = p["wacc"]
    it_kw = q.it_power_w / 1000.0
    compute = float(include_compute) * q.accelerators * np.asarray(p["accelerator_system_price_usd"], dtype=float) \
        * (1.0 + np.asarray(p["network_fraction"], dtype=float))
    facility = p["facility_capex_usd_per_w"] * q.it_power_w
    plant = p["power_plant_usd_per_kw"] * it_kw * p["pue"]
    capex = {"compute": compute, "facility": facility, "power_plant": plant}
    it_kwh_per_year = it_kw * q.hours_per_year * p["utilization"]
    # The site draws power whenever the IT is powered: full power when utilized, idle power otherwise.
    drawn_kwh_per_year = it_kw * q.hours_per_year * (p["utilization"] + (1.0 - np.asarray(p["utilization"]))
                                                     * p["idle_power_fraction"])
    site_kwh_per_year = drawn_kwh_per_year * p["pue"]
    opex = {
        "electricity": p["electricity_usd_per_kwh"] * site_kwh_per_year,
        "fuel": np.asarray(p["fuel_usd_per_mmbtu"]) * p["heat_rate_btu_per_kwh"] * 1e-6 * site_kwh_per_year,
        "water": p["wue_l_per_kwh"] * drawn_kwh_per_year / 1000.0 * p["water_usd_per_m3"],
        "maintenance": p["facility_maintenance_fraction_per_year"] * facility
        + p["it_maintenance_fraction_per_year"] * compute,
        "replacements": p["accelerator_failure_rate_per_year"] * p["ground_repair_share"] * compute,
    }
    horizon = annuity(rate, q.horizon_years, q.discounting)
    waiting = np.power(1.0 + np.asarray(rate, dtype=float), p["grid_interconnection_delay_years"])
    # the facility's share of its life charged to the horizon (equivalent annual cost), or all of it
    share = 1.0 if facility_charge == "full" else horizon / annuity(rate, p["facility_life_years"], q.discounting)
    facility_charge_usd = (facility + plant) * share
    site = facility_charge_usd * waiting
    hardware = compute * horizon / annuity(rate, p["it_life_years"], q.discounting)
    tco = site + hardware + sum(opex.values()) * horizon
    hours = q.accelerators * q.hours_per_year * p["utilization"] * p["terrestrial_delivered_share"]
    result = _levelized(capex, opex, tco, hours * horizon, it_kwh_per_year * horizon, q.tokens_per_accelerator_s,
                        nominal_hours=hours * q.horizon_years, nominal_kwh=it_kwh_per_year * q.horizon_years)
    result["water_m3_per_year"] = p["wue_l_per_kwh"] * drawn_kwh_per_year / 1000.0
    result["site_energy_kwh_per_year"] = site_kwh_per_year
    result["energy_usd_per_kw_year"] = (opex["electricity"] + opex["fuel"]) / it_kw
    result["cost_of_waiting_usd"] = facility_charge_usd * (waiting - 1.0)
    return result
