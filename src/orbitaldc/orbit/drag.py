"""Atmospheric drag on circular orbits: density, decay, natural lifetime, station keeping.

Density: a shipped table (``orbitaldc/data/atmosphere.yaml``) of NRLMSISE-00 (Picone et al.
2002, JGR 107(A12) 1468) global, diurnal and seasonal means at the three long-term activity
levels of ECSS-E-ST-10-04C (F10.7 = 65 / 140 / 250 sfu, Ap = 0 / 15 / 45), 100-1000 km.
ln(density) is interpolated linearly in altitude between rows (an exponential atmosphere
with a local scale height); nothing is computed or fetched from space-weather services.

Decay: for a circular orbit under drag, da/dt = -rho sqrt(mu a) / B with the ballistic
coefficient B = m / (Cd A) (King-Hele, Theory of Satellite Orbits in an Atmosphere, 1964;
Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., 2013, drag in ch. 8-9).
Lifetime is the exact integral of dt = dh / |dh/dt| through the table's exponential
segments. Station keeping replaces, continuously, the drag acceleration rho v^2 / (2 B)
with v = sqrt(mu / a); propellant follows the rocket equation.

Limits: constant activity over the whole decay (real lifetimes span a solar cycle: the
low/high levels bracket them); circular orbits only; co-rotation of the atmosphere
ignored (it lowers the relative speed by a few per cent); Cd fixed (2.2 by default).
All functions take numpy arrays (or floats) and broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import yaml

from orbitaldc.constants import MU_EARTH_KM3_S2, R_EARTH_KM, SECONDS_PER_DAY, STANDARD_GRAVITY_M_S2

SOLAR_ACTIVITY = ("low", "moderate", "high")
# The levels' 10.7 cm solar flux (sfu), ECSS-E-ST-10-04C long-term levels (data/atmosphere.yaml).
LEVEL_F107_SFU = {"low": 65.0, "moderate": 140.0, "high": 250.0}

# Free-molecular-flow drag coefficient of a compact satellite, the conventional value when
# no shape-specific one is known (Vallado 4th ed., ch. 8; AGI's STK Lifetime tool documents
# Cd as "usually taken to be between 2.0 and 2.2"). Flat plates face-on can exceed it.
DEFAULT_DRAG_COEFFICIENT = 2.2

# Julian year (IAU): the year of the per-year rates.
SECONDS_PER_YEAR = 365.25 * SECONDS_PER_DAY
# Standard gravity that defines specific impulse (3rd CGPM, 1901).
# Natural decay is counted until the orbit reaches this altitude: below ~120 km a circular
# orbit survives less than about a day, so the choice moves lifetimes by at most that.
DEFAULT_REENTRY_ALTITUDE_KM = 120.0
# Lifetimes are capped here: beyond it the constant-activity assumption and the table's
# 1000 km ceiling make the number meaningless; a capped value means "at least this".
LIFETIME_CAP_YEARS = 1000.0

_MU_M3_S2 = MU_EARTH_KM3_S2 * 1e9


@dataclass(frozen=True)
class _Table:
    altitude_km: np.ndarray
    log_density: dict[str, np.ndarray]
    source: str
    year: int


@cache
def _table() -> _Table:
    text = resources.files("orbitaldc").joinpath("data/atmosphere.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    rows = np.asarray(raw["rows"], dtype=float)
    columns = list(raw["columns"])
    altitude = rows[:, columns.index("altitude_km")]
    if np.any(np.diff(altitude) <= 0.0):
        raise ValueError("atmosphere.yaml: altitudes must increase")
    logs = {a: np.log(rows[:, columns.index(a)]) for a in SOLAR_ACTIVITY}
    return _Table(altitude, logs, str(raw["source"]), int(raw["year"]))


def atmosphere_source() -> str:
    """Citation of the density table, for reports and the assumptions list."""
    table = _table()
    return f"{table.source} ({table.year})"


def altitude_range_km() -> tuple[float, float]:
    """Lowest and highest altitude of the density table (km)."""
    altitude = _table().altitude_km
    return float(altitude[0]), float(altitude[-1])


def _check_activity(activity) -> np.ndarray:
    """ln(density) per table row for a named level or for a 10.7 cm solar flux (F10.7, sfu).

    A flux between the levels' fluxes (65, 140, 250 sfu, ECSS-E-ST-10-04C long-term levels)
    interpolates ln(density) linearly in F10.7, row by row; outside them the nearest level holds
    (the table's own range, no extrapolation)."""
    if isinstance(activity, int | float | np.floating) and not isinstance(activity, bool):
        flux = float(activity)
        if not np.isfinite(flux) or flux <= 0.0:
            raise ValueError(f"activity: F10.7 must be a positive number of sfu, not {activity!r}")
        return _log_density_at_flux(flux)
    if activity not in SOLAR_ACTIVITY:
        raise ValueError(f"activity: {activity!r} is not one of {', '.join(SOLAR_ACTIVITY)} or an F10.7 in sfu")
    return _table().log_density[activity]


@lru_cache(maxsize=128)  # keyed by level or F10.7: bounded, a sweep can ask for many fluxes
def _log_density_at_flux(flux: float) -> np.ndarray:
    levels = np.array([LEVEL_F107_SFU[a] for a in SOLAR_ACTIVITY])
    i = int(np.clip(np.searchsorted(levels, flux) - 1, 0, len(levels) - 2))
    w = float(np.clip((flux - levels[i]) / (levels[i + 1] - levels[i]), 0.0, 1.0))
    table = _table().log_density
    out = (1.0 - w) * table[SOLAR_ACTIVITY[i]] + w * table[SOLAR_ACTIVITY[i + 1]]
    out.flags.writeable = False  # cached and shared
    return out


def _check_altitude(altitude_km, name: str = "altitude_km") -> np.ndarray:
    h = np.asarray(altitude_km, dtype=float)
    low, high = altitude_range_km()
    bad = ~((h >= low) & (h <= high))
    if np.any(bad):
        first = h[bad].flat[0] if h.ndim else float(h)
        raise ValueError(f"{name}: {first:g} km is outside the density table ({low:g}-{high:g} km)")
    return h


def _check_positive(value, name: str) -> np.ndarray:
    x = np.asarray(value, dtype=float)
    if np.any(~(x > 0.0)) or np.any(~np.isfinite(x)):
        raise ValueError(f"{name}: must be positive and finite")
    return x


def density_kg_m3(altitude_km, activity: str = "moderate") -> np.ndarray:
    """Global-mean NRLMSISE-00 mass density (kg/m^3) at a geodetic altitude.

    ln(density) is linear in altitude between the table's rows (10 km apart to 300 km,
    20 km above). Raises ValueError outside 100-1000 km or for an unknown activity level.
    """
    log_density = _check_activity(activity)
    h = _check_altitude(altitude_km)
    return np.exp(np.interp(h, _table().altitude_km, log_density))


def ballistic_coefficient_kg_m2(mass_kg, area_m2, drag_coefficient=DEFAULT_DRAG_COEFFICIENT) -> np.ndarray:
    """Ballistic coefficient B = m / (Cd A) (kg/m^2); A is the area facing the flow."""
    m = _check_positive(mass_kg, "mass_kg")
    a = _check_positive(area_m2, "area_m2")
    cd = _check_positive(drag_coefficient, "drag_coefficient")
    return m / (cd * a)


def decay_rate_km_per_day(altitude_km, ballistic_coefficient_kg_m2, activity: str = "moderate") -> np.ndarray:
    """Altitude lost per day by a circular orbit, |da/dt| = rho sqrt(mu a) / B (km/day, positive)."""
    rho = density_kg_m3(altitude_km, activity)
    b = _check_positive(ballistic_coefficient_kg_m2, "ballistic_coefficient_kg_m2")
    a_m = (R_EARTH_KM + np.asarray(altitude_km, dtype=float)) * 1e3
    return rho * np.sqrt(_MU_M3_S2 * a_m) / b * SECONDS_PER_DAY / 1e3


# Step of the grid the lifetime integral is tabulated on. The table's rows are whole
# kilometres, so on this grid ln(density) is still exactly piecewise linear; only
# sqrt(mu a) is held at each 1 km step's midpoint (relative error < 4e-5).
_LIFETIME_GRID_STEP_KM = 1.0


@lru_cache(maxsize=128)  # keyed by level or F10.7: bounded, a sweep can ask for many fluxes
def _inverse_rate_integral(activity: str) -> tuple[np.ndarray, ...]:
    """Cumulative integral of dh / (rho sqrt(mu a)) from the table floor, on a 1 km grid.

    Within a grid step rho = rho_i exp(-k_i (h - h_i)) exactly (the interpolation law), so
    the integral of 1/rho is (exp(k_i dh) - 1) / (k_i rho_i). Units: s m^2 / kg, so that
    multiplying by B gives seconds.
    """
    table = _table()
    nodes = np.arange(table.altitude_km[0], table.altitude_km[-1] + 0.5 * _LIFETIME_GRID_STEP_KM,
                      _LIFETIME_GRID_STEP_KM)
    log_rho = np.interp(nodes, table.altitude_km, _check_activity(activity))
    step_m = np.diff(nodes) * 1e3
    k_per_m = -np.diff(log_rho) / step_m
    rho0 = np.exp(log_rho[:-1])
    root_mu_a = np.sqrt(_MU_M3_S2 * (R_EARTH_KM + 0.5 * (nodes[:-1] + nodes[1:])) * 1e3)
    pieces = _segment_integral(k_per_m, step_m) / (rho0 * root_mu_a)
    cumulative = np.concatenate([[0.0], np.cumsum(pieces)])
    return nodes, cumulative, k_per_m, rho0, root_mu_a


def _segment_integral(k_per_m, dh_m):
    """Integral of exp(k s) ds from 0 to dh, stable as k -> 0."""
    kd = k_per_m * dh_m
    small = np.abs(kd) < 1e-8
    safe_k = np.where(small, 1.0, k_per_m)
    return np.where(small, dh_m * (1.0 + 0.5 * kd), np.expm1(kd) / safe_k)


def _time_integral(h_km: np.ndarray, activity: str) -> np.ndarray:
    """Integral of dh / (rho sqrt(mu a)) from the table floor to h (s m^2 / kg)."""
    nodes, cumulative, k_per_m, rho0, root_mu_a = _inverse_rate_integral(activity)
    i = np.clip(np.searchsorted(nodes, h_km, side="right") - 1, 0, len(nodes) - 2)
    dh_m = (h_km - nodes[i]) * 1e3
    return cumulative[i] + _segment_integral(k_per_m[i], dh_m) / (rho0[i] * root_mu_a[i])


def lifetime_years(
    altitude_km,
    ballistic_coefficient_kg_m2,
    activity: str = "moderate",
    reentry_altitude_km=DEFAULT_REENTRY_ALTITUDE_KM,
) -> np.ndarray:
    """Years for a circular orbit to decay by drag alone to ``reentry_altitude_km``.

    t = B * integral from h_reentry to h of dh / (rho(h) sqrt(mu a(h))), exact for the
    table's exponential segments, at constant activity. Zero at or below the reentry
    altitude; capped at ``LIFETIME_CAP_YEARS`` (1000 years).
    """
    _check_activity(activity)
    h = _check_altitude(altitude_km)
    h_end = _check_altitude(reentry_altitude_km, "reentry_altitude_km")
    b = _check_positive(ballistic_coefficient_kg_m2, "ballistic_coefficient_kg_m2")
    h, h_end, b = np.broadcast_arrays(h, h_end, b)
    seconds = b * np.maximum(_time_integral(h, activity) - _time_integral(h_end, activity), 0.0)
    return np.minimum(seconds / SECONDS_PER_YEAR, LIFETIME_CAP_YEARS)


def drag_acceleration_m_s2(altitude_km, ballistic_coefficient_kg_m2, activity: str = "moderate") -> np.ndarray:
    """Drag deceleration rho v^2 / (2 B) on a circular orbit, v = sqrt(mu / a) (m/s^2)."""
    rho = density_kg_m3(altitude_km, activity)
    b = _check_positive(ballistic_coefficient_kg_m2, "ballistic_coefficient_kg_m2")
    v2 = _MU_M3_S2 / ((R_EARTH_KM + np.asarray(altitude_km, dtype=float)) * 1e3)
    return rho * v2 / (2.0 * b)


def station_keeping_dv_m_s_per_year(
    altitude_km, ballistic_coefficient_kg_m2, activity: str = "moderate"
) -> np.ndarray:
    """Velocity increment per (Julian) year that cancels drag and holds the altitude (m/s/yr)."""
    return drag_acceleration_m_s2(altitude_km, ballistic_coefficient_kg_m2, activity) * SECONDS_PER_YEAR


def propellant_kg_per_year(dv_m_s_per_year, mass_kg, isp_s) -> np.ndarray:
    """Propellant burned in a year to deliver ``dv_m_s_per_year`` to a satellite of ``mass_kg``.

    Rocket equation, m_p = m (1 - exp(-dv / (Isp g0))), with ``mass_kg`` the mass at the start
    of the year (wet) and g0 = 9.80665 m/s^2.
    """
    dv = np.asarray(dv_m_s_per_year, dtype=float)
    if np.any(~(dv >= 0.0)) or np.any(~np.isfinite(dv)):
        raise ValueError("dv_m_s_per_year: must be non-negative and finite")
    m = _check_positive(mass_kg, "mass_kg")
    isp = _check_positive(isp_s, "isp_s")
    return m * -np.expm1(-dv / (isp * STANDARD_GRAVITY_M_S2))


def propellant_for_dry_mass_kg(dry_mass_kg, delta_v_m_s, isp_s):
    """Propellant a satellite of ``dry_mass_kg`` carries to deliver ``delta_v_m_s`` over its life:
    the rocket equation solved for the final (dry) mass, m_p = m_dry (exp(dv / (Isp g0)) - 1)."""
    return np.asarray(dry_mass_kg, dtype=float) * np.expm1(np.asarray(delta_v_m_s, dtype=float)
                                                           / (np.asarray(isp_s, dtype=float) * STANDARD_GRAVITY_M_S2))


@dataclass(frozen=True)
class DragSummary:
    """Drag figures of one design at one altitude and activity level (units in the names)."""

    altitude_km: float
    activity: str
    ballistic_coefficient_kg_m2: float
    density_kg_m3: float
    decay_rate_km_per_day: float
    lifetime_years: float
    station_keeping_dv_m_s_per_year: float
    propellant_kg_per_year: float
    source: str


def drag_summary(
    altitude_km: float,
    mass_kg: float,
    area_m2: float,
    *,
    isp_s: float,
    activity: str = "moderate",
    drag_coefficient: float = DEFAULT_DRAG_COEFFICIENT,
    reentry_altitude_km: float = DEFAULT_REENTRY_ALTITUDE_KM,
) -> DragSummary:
    """Everything the design stage needs about drag for one satellite, as plain floats."""
    b = ballistic_coefficient_kg_m2(mass_kg, area_m2, drag_coefficient)
    dv = station_keeping_dv_m_s_per_year(altitude_km, b, activity)
    return DragSummary(
        altitude_km=float(altitude_km),
        activity=activity,
        ballistic_coefficient_kg_m2=float(b),
        density_kg_m3=float(density_kg_m3(altitude_km, activity)),
        decay_rate_km_per_day=float(decay_rate_km_per_day(altitude_km, b, activity)),
        lifetime_years=float(lifetime_years(altitude_km, b, activity, reentry_altitude_km)),
        station_keeping_dv_m_s_per_year=float(dv),
        propellant_kg_per_year=float(propellant_kg_per_year(dv, mass_kg, isp_s)),
        source=atmosphere_source(),
    )
