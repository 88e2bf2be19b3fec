"""Station keeping against drag: the propellant, the one yearly delta-v figure, and the bus's limit.

Drag delta-v per year is rho v^2 Cd A / (2 m) x year (orbit.drag), averaged over the horizon's
predicted solar activity (orbit.solar_activity), so it scales as 1/m. With the propellant in the
launch mass, the propellant p of a satellite of dry mass m solves, with x = p / m and
K = dv_dry H / (Isp g0) (dv_dry: the yearly delta-v of the satellite without propellant),

    x = exp(K / (1 + x)) - 1

(rocket equation on the horizon's total delta-v at the wet mass' ballistic coefficient). The right
side falls as x grows, so the root is unique; with w = ln(1 + x) it is w e^w = K, so x = expm1(W(K))
(Lambert's W). The yearly delta-v reported
is the one at the wet mass, the same figure the environment computes from the launch mass (one
computation, not a fixed-point iteration stopped after a few steps, which oscillates when drag is
strong and made the two figures differ by 2x).

Limit: a bus carries at most ``max_propellant_fraction`` of its launch mass as propellant (catalog
``bus``), so it delivers at most Isp g0 ln(1 / (1 - f)) over the horizon. A design that needs more
is infeasible, with the natural decay time of the satellite without propellant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import STANDARD_GRAVITY_M_S2


@dataclass(frozen=True)
class StationKeeping:
    propellant_kg: float
    dv_m_s_per_year: float | None
    problems: tuple[str, ...] = ()


def propellant_ratio(k):
    """Root x of x = expm1(k / (1 + x)): propellant per kg of dry mass, for a number or an array (the
    sweep's batches). With w = ln(1 + x) the equation is w e^w = k, so x = expm1(W(k)) with Lambert's W
    (principal branch): exact for any k, no iteration; 0 where k is not positive."""
    from scipy.special import lambertw

    k = np.asarray(k, dtype=float)
    positive = k > 0.0
    x = np.where(positive, np.expm1(lambertw(np.where(positive, k, 0.0)).real), 0.0)
    return float(x) if x.ndim == 0 else x


def propulsion_isp_s(scenario) -> float:
    """The thruster's specific impulse (s): the scenario's, else the bus catalog entry's."""
    given = scenario.satellite.structure.propulsion_isp_s
    return given if given is not None else catalog.values("bus", scenario.satellite.structure.bus)["propulsion_isp_s"]


def station_keeping(scenario, sizing, altitude_km: float | None) -> StationKeeping:
    """Propellant (kg) that holds ``altitude_km`` over the horizon, the yearly delta-v, and why the
    design cannot hold it if the bus cannot carry that much propellant.

    Drag area: flat panels in random orientation present half their area (array and radiator).
    Above the density table (1,000 km) drag is negligible and no propellant is carried.
    """
    from orbitaldc.orbit import drag
    from orbitaldc.orbit.solar_activity import mean_station_keeping_dv_m_s_per_year

    low, high = drag.altitude_range_km()
    if altitude_km is None or not low <= altitude_km <= high:
        return StationKeeping(0.0, None)
    dry = float(sizing.mass_kg)
    area = 0.5 * (float(sizing.solar_array_area_m2) + float(sizing.radiator_area_m2)
                  + float(sizing.bus_radiator_area_m2))
    if not (math.isfinite(dry) and dry > 0.0 and math.isfinite(area) and area > 0.0):
        return StationKeeping(math.nan, None, (f"the satellite's dry mass ({dry:.3g} kg) or drag area "
                                               f"({area:.3g} m2) is not a positive finite number",))
    bus = catalog.values("bus", scenario.satellite.structure.bus)
    isp, max_fraction = propulsion_isp_s(scenario), bus["max_propellant_fraction"]
    years = scenario.horizon_years
    b_dry = float(drag.ballistic_coefficient_kg_m2(dry, area))
    dv_dry, flux, _ = mean_station_keeping_dv_m_s_per_year(altitude_km, b_dry, scenario.epoch, years)
    exhaust = isp * STANDARD_GRAVITY_M_S2
    ratio = propellant_ratio(dv_dry * years / exhaust)
    capability = exhaust * math.log(1.0 / (1.0 - max_fraction))
    if ratio / (1.0 + ratio) <= max_fraction:
        return StationKeeping(dry * ratio, dv_dry / (1.0 + ratio))
    # Reported at the dry mass (no propellant): the environment then computes the same figure.
    days = float(drag.lifetime_years(altitude_km, b_dry, flux)) * 365.25
    decay = f"{days:,.1f} days" if days >= 1.0 else f"{days * 24.0:,.1f} hours"
    return StationKeeping(0.0, dv_dry, (
        f"station keeping at {altitude_km:g} km needs {dv_dry:,.0f} m/s per year ({dv_dry * years:,.0f} m/s over "
        f"the {years:g}-year horizon) for the satellite without propellant; a bus carrying at most "
        f"{max_fraction:.0%} of its launch mass as propellant at Isp {isp:g} s delivers {capability:,.0f} m/s in "
        f"all (catalog bus.max_propellant_fraction), so the orbit cannot be held, and without propulsion it "
        f"decays to {drag.DEFAULT_REENTRY_ALTITUDE_KM:g} km in {decay}: fly higher",))
