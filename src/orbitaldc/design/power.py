"""Solar array and battery sizing.

Array power at end of life follows Wertz & Larson, Space Mission Analysis and Design,
3rd ed. (1999), sec. 11.4, eq. 11-5: P_sa = (P_e T_e / X_e + P_d T_d / X_d) / T_d, with
path efficiencies X for peak-power-tracking or direct-energy-transfer regulation. Cell
output per m2 is S * eta * packing * I_d (inherent degradation I_d, SMAD Table 11-34),
derated over life by (1 - d)^years. Battery capacity follows SMAD eq. 11-6,
C = P_e T_e / (DoD * n), with one battery string (N = 1).
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import SOLAR_CONSTANT_W_M2


def array_power_eol_w(daylight_load_w, eclipse_load_w, daylight_s, eclipse_s, x_daylight, x_eclipse):
    """Array output needed at end of life to run the loads and recharge (W)."""
    return (eclipse_load_w * eclipse_s / x_eclipse + daylight_load_w * daylight_s / x_daylight) / daylight_s


def life_factor(degradation_per_year, years):
    """Remaining fraction of array power after ``years`` of compound degradation."""
    return (1.0 - np.asarray(degradation_per_year)) ** np.asarray(years)


def life_average_factor(degradation_per_year, years):
    """Array power averaged over the life in yearly steps, year k at (1 - d)^k (a study option: the
    form of A. McCalip's calculator, math.js ``avgCapacityFactor``); a final part-year is weighted
    by its length."""
    r = 1.0 - np.asarray(degradation_per_year, dtype=float)
    years = np.asarray(years, dtype=float)
    whole = np.floor(years)
    with np.errstate(divide="ignore", invalid="ignore"):
        geometric = np.where(r < 1.0, (1.0 - r**whole) / (1.0 - r), whole)
    return (geometric + (years - whole) * r**whole) / years


def array_area_m2(power_eol_w, solar_w_m2, cell_efficiency, packing_factor, inherent_degradation, life):
    """Sun-pointing array area that delivers ``power_eol_w`` at end of life (m2)."""
    return power_eol_w / (solar_w_m2 * cell_efficiency * packing_factor * inherent_degradation * life)


def array_rating_bol_w(area_m2, cell_efficiency, packing_factor):
    """Nameplate BOL rating at AM0, 1 AU, 28 C (W): what array W/kg figures refer to."""
    return area_m2 * SOLAR_CONSTANT_W_M2 * cell_efficiency * packing_factor


def battery_energy_wh(eclipse_load_w, eclipse_s, depth_of_discharge, efficiency):
    """Nameplate battery energy to carry the eclipse load (Wh)."""
    return eclipse_load_w * eclipse_s / 3600.0 / (depth_of_discharge * efficiency)
