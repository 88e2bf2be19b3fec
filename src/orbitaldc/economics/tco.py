"""Orbital total cost of ownership and levelized cost, vectorized over input samples.

Cash flows are continuous and discounted at the WACC r (force of interest rho = ln(1 + r)):
- up-front (t = 0): NRE, ground stations, spectrum filings;
- deployed: satellites (compute, bus, priced parts), launch, de-orbit propellant and launch-plus-one
  insurance, paid as the fleet is launched at an even rate over the deployment time D, each
  satellite ``commissioning_years`` C before its service starts (launch campaign and in-orbit
  checkout: the capital waits on the pad), so compounded by (1 + r)^C;
- running: operations, ground-station operations and replacement of failed capacity, per year of
  installed capacity, each satellite working for the horizon H after its launch.
With an even ramp the present-value factors have closed forms: a unit spent over [0, D] is worth
R(D) = A(D)/D, and a unit per year for H years after each launch is worth R(D) A(H), with the
annuity A(x) = (1 - e^{-rho x})/rho (A(x) = x when r = 0). The levelized cost is the present
value of costs over the present value of the delivered accelerator-hours (or kWh of IT energy),
the usual levelized-cost-of-energy construction (e.g. NREL, "Simple Levelized Cost of Energy
Calculator Documentation"). With r = 0 and D = 0 it reduces to McCalip's undiscounted totals,
which tests/validation/test_economics_mccalip.py checks.

Launch failures: self-insured by default (the launch stage's expected replacement launches and the
satellites they carry are paid); with ``insurance_rate`` > 0 a launch-plus-one premium on the
satellites and their launch is paid instead and the insurer bears the losses.

Attrition (the orbital failure rate is the ground rate x ``leo_failure_rate_multiplier`` plus
``radiation_failure_rate_per_year``): ``spares`` (default) buys and launches cold spare accelerators
for the expected failures over the horizon (rate x H per working accelerator) with the fleet, so
capacity holds; ``replace`` pays each year for new satellites equal to the failed share of the fleet
(hardware plus ``replacement_launch_share`` of the launch); ``degrade`` pays nothing and the fleet
delivers less, the installed capacity decaying as e^{-lambda t} with the hazard lambda of the
yearly failure rate: ``gpu_hours`` and ``it_energy_kwh`` are then the decayed (delivered) totals and
``capacity_retained_fraction`` their share of the undecayed ones. On the ground the same failure rate
buys replacement hardware (``ground_repair_share``, terrestrial.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.economics.parameters import orbital_failure_rate_per_year
from orbitaldc.orbit.drag import propellant_for_dry_mass_kg

HOURS_PER_YEAR = 8766.0  # Julian year, as the rest of the package counts years


@dataclass(frozen=True)
class FleetQuantities:
    """What the design, launch and timeline stages fix for the economics (fleet totals)."""

    satellites: int
    accelerators: int
    it_power_w: float
    array_power_bol_w: float
    dry_mass_kg: float
    launch_mass_kg: float  # the fleet at launch (dry mass and propellant), delivered
    compute_mass_kg: float
    solar_array_mass_kg: float
    shielding_mass_kg: float
    stations: int
    deployment_years: float
    horizon_years: float
    availability: float  # share of time the compute runs (eclipses without battery cover lower it)
    propulsion_isp_s: float
    tokens_per_accelerator_s: float | None
    launch_loss_factor: float = 1.0  # satellites launched per satellite delivered (expected launch failures)
    hours_per_year: float = HOURS_PER_YEAR  # 8766 (Julian year) or a study's 8760
    radiator_area_m2: float = 0.0
    battery_energy_wh: float = 0.0
    discounting: str = "continuous"  # or "end_of_year" (a study's convention: capex at t = 0, yearly flows)


def annuity(rate, years, timing: str = "continuous"):
    """Present value of 1 per year for ``years`` at discount rate ``rate``: paid continuously, or
    (``timing="end_of_year"``) at the end of each of round(years) years, at least one, as a
    spreadsheet sums cash flows: (1 - (1 + r)^-n) / r."""
    rate = np.asarray(rate, dtype=float)
    years = np.asarray(years, dtype=float)
    if timing == "end_of_year":
        n = np.maximum(1.0, np.rint(years))
        with np.errstate(divide="ignore", invalid="ignore"):
            value = -np.expm1(-n * np.log1p(rate)) / rate
        return np.where(np.abs(rate) > 1e-12, value, n)
    rho = np.log1p(rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = -np.expm1(-rho * years) / rho
    return np.where(rho > 1e-12, value, years)


def ramp_factor(rate, years):
    """Present value of 1 spent evenly over ``years`` (1 when the spending is immediate)."""
    years = np.asarray(years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = annuity(rate, years) / years
    return np.where(years > 1e-12, value, 1.0)


def _hazard(rate_per_year):
    return -np.log1p(-np.minimum(np.asarray(rate_per_year, dtype=float), 1.0 - 1e-12))


def orbital_costs(q: FleetQuantities, p: dict, *, include_compute: bool = True, attrition: str = "replace") -> dict:
    """Orbital capex, opex, present-value TCO and levelized costs (USD); every value of ``p`` may be
    a numpy array (samples), and every output has their broadcast shape."""
    solar_priced = np.asarray(p["solar_array_usd_per_w"]) > 0
    shield_priced = np.asarray(p["shielding_usd_per_kg"]) > 0
    per_w = np.asarray(p["bus_usd_per_w"]) > 0
    bus_kg = q.dry_mass_kg - q.compute_mass_kg - np.where(solar_priced, q.solar_array_mass_kg, 0.0) \
        - np.where(shield_priced, q.shielding_mass_kg, 0.0)
    hardware = {
        "compute": float(include_compute) * q.accelerators * np.asarray(p["accelerator_system_price_usd"]),
        "satellite_bus": np.where(per_w, p["bus_usd_per_w"] * q.array_power_bol_w, p["bus_usd_per_kg"] * bus_kg)
        + q.satellites * np.asarray(p["bus_usd_per_satellite"], dtype=float),
        "solar_array": p["solar_array_usd_per_w"] * q.array_power_bol_w,
        "radiator": p["radiator_usd_per_m2"] * q.radiator_area_m2,
        "battery": p["battery_usd_per_wh"] * q.battery_energy_wh,
        "shielding": p["shielding_usd_per_kg"] * q.shielding_mass_kg,
    }
    hardware_usd = sum(hardware.values())
    insured = np.asarray(p["insurance_rate"]) > 0
    # Self-insured (the default): the satellites lost in expected launch failures are built and
    # launched again. Insured: the launch-plus-one premium is paid and the insurer pays the losses.
    losses = np.where(insured, 0.0, q.launch_loss_factor - 1.0)
    launch = p["launch_usd_per_kg"] * q.launch_mass_kg * (1.0 + losses)
    lost_hardware = hardware_usd * losses
    # De-orbit propellant the fleet must carry at the end, priced as launched mass.
    deorbit_kg = propellant_for_dry_mass_kg(q.dry_mass_kg, p["deorbit_delta_v_m_s"], q.propulsion_isp_s)
    deorbit = p["launch_usd_per_kg"] * deorbit_kg
    insurance = p["insurance_rate"] * (hardware_usd + p["launch_usd_per_kg"] * q.launch_mass_kg)
    capex = {
        **hardware, "launch": launch, "launch_failure_losses": lost_hardware,
        "deorbit_propellant_launch": deorbit, "insurance": insurance,
        "nre": np.asarray(p["nre_usd"], dtype=float),
        "ground_segment": q.stations * np.asarray(p["ground_station_usd"], dtype=float),
        "spectrum_licensing": np.asarray(p["spectrum_licensing_usd"], dtype=float),
    }
    upfront = capex["nre"] + capex["ground_segment"] + capex["spectrum_licensing"]
    deployed = hardware_usd + lost_hardware + launch + deorbit + insurance
    failure = orbital_failure_rate_per_year(p)
    replace = attrition == "replace"
    if attrition == "spares":
        # Cold spares for the expected failures over the horizon (failure x H per working accelerator),
        # bought and launched with the fleet; switched in as accelerators fail, so capacity holds.
        share = failure * q.horizon_years
        spares = share * hardware["compute"]
        spares_launch = share * q.compute_mass_kg * p["launch_usd_per_kg"] * (1.0 + losses)
    else:
        spares = spares_launch = 0.0 * failure
    capex["spare_accelerators"] = spares
    capex["spare_accelerators_launch"] = spares_launch
    deployed = deployed + spares + spares_launch
    replacements = float(replace) * failure * (hardware_usd + p["replacement_launch_share"] * (launch + deorbit))
    if attrition == "replace_accelerators":
        # The installed accelerators' expected failures over the horizon, replaced at an even rate by new
        # ones carried up as payload (a study's accounting: spacedc-mdao; the replacements are not
        # themselves exposed to failure, and nothing in orbit can fit them today).
        failed_per_year = q.accelerators * -np.expm1(-_hazard(failure) * q.horizon_years) / q.horizon_years
        unit_kg = q.compute_mass_kg / q.accelerators if q.accelerators else 0.0
        replacements = failed_per_year * (hardware["compute"] / max(q.accelerators, 1) + p["replacement_launch_share"]
                                          * p["launch_usd_per_kg"] * unit_kg)
    opex = {
        "operations": p["ops_fraction_per_year"] * hardware_usd,
        "ground_operations": q.stations * np.asarray(p["ground_station_usd_per_year"], dtype=float),
        "replacements": replacements,
    }
    opex_per_year = sum(opex.values())
    rate, timing = p["wacc"], q.discounting
    # End-of-year accounting pays the whole fleet at t = 0; continuous, as it is launched.
    ramp = ramp_factor(rate, q.deployment_years) if timing == "continuous" else 1.0
    running = ramp * annuity(rate, q.horizon_years, timing)
    delivering = running if attrition != "degrade" else ramp * annuity_with_decay(rate, _hazard(failure),
                                                                                   q.horizon_years, timing)
    # Share of the installed capacity still working, averaged over the horizon with the same timing
    # (undiscounted): 1 unless the fleet is left to decay, then (1 - e^{-lambda H}) / (lambda H).
    retained = 1.0 if attrition != "degrade" else (
        annuity_with_decay(0.0, _hazard(failure), q.horizon_years, timing) / annuity(0.0, q.horizon_years, timing))
    # Capital waits on the pad: each satellite and its launch are paid commissioning_years before its
    # service starts (values are at the first satellite's start of service).
    waiting = np.power(1.0 + np.asarray(rate, dtype=float), p["commissioning_years"])
    tco = upfront + deployed * ramp * waiting + opex_per_year * running
    delivered = q.availability * p["utilization"] * p["orbital_delivered_share"]
    hours = q.accelerators * q.hours_per_year * delivered
    kwh = q.it_power_w / 1000.0 * q.hours_per_year * delivered
    result = _levelized(capex, opex, tco, hours * delivering, kwh * delivering, q.tokens_per_accelerator_s,
                        nominal_hours=hours * q.horizon_years * retained,
                        nominal_kwh=kwh * q.horizon_years * retained)
    # gpu_hours and it_energy_kwh above are what the fleet delivers over the horizon, decay included
    result["capacity_retained_fraction"] = retained * np.ones_like(np.asarray(hours * delivering, dtype=float))
    # Without the program's one-off costs (NRE, ground stations, spectrum): what another fleet of the
    # same design would cost, the figure that matters when a small fleet carries a large program.
    with np.errstate(divide="ignore", invalid="ignore"):
        result["usd_per_gpu_hour_excluding_program"] = (tco - upfront) / (hours * delivering)
        # Suncatcher's comparison (arXiv:2511.19468, sec. 4.4): launch paid per kW of IT and year of
        # life, undiscounted, against the terrestrial energy bill per kW-year.
        result["launch_usd_per_kw_year"] = launch / (q.it_power_w / 1000.0 * q.horizon_years)
    return result


def annuity_with_decay(rate, hazard, years, timing: str = "continuous"):
    """Present value of a capacity that decays as e^{-hazard t}, for ``years``."""
    rho = np.log1p(np.asarray(rate, dtype=float)) + np.asarray(hazard, dtype=float)
    return annuity(np.expm1(rho), years, timing)


def _levelized(capex, opex, tco, gpu_hours_pv, kwh_pv, tokens_per_s, *, nominal_hours, nominal_kwh) -> dict:
    with np.errstate(divide="ignore", invalid="ignore"):
        per_hour = tco / gpu_hours_pv
        result = {
            "capex_usd": sum(capex.values()),
            "opex_usd_per_year": sum(opex.values()),
            "tco_usd": tco,
            "usd_per_gpu_hour": per_hour,
            "usd_per_kwh_it": tco / kwh_pv,
            "usd_per_million_tokens": (per_hour / (tokens_per_s * 3600.0 / 1e6)) if tokens_per_s else None,
            "gpu_hours": nominal_hours,
            "it_energy_kwh": nominal_kwh,
            "capex_breakdown_usd": capex,
            "opex_breakdown_usd_per_year": opex,
        }
    return result
