"""Season-long geometry of a circular orbit: beta angle, eclipses per orbit, sunlit share.

The orbit plane follows secular J2 precession (``elements``); a sun-synchronous node keeps
its local time, so its right ascension is the mean Sun's plus 15 deg per hour of LTAN past
noon. The Sun is the Astronomical Almanac series (``sun``). Eclipses per revolution come
from the beta angle in closed form (``eclipse``). Beta is sampled every ``step_days``;
the extreme beta and the eclipse-season edges are then refined by root finding, so the
sampling step sets cost, not accuracy. This is the analytic model sizing needs; the
numerical timeline (propagated positions, found events) is a separate, later stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from orbitaldc.orbit.eclipse import beta_limit_deg, eclipse_fraction
from orbitaldc.orbit.elements import nodal_precession_rad_s, orbital_period_s
from orbitaldc.orbit.sun import J2000, days_since_j2000, mean_sun_right_ascension_rad, sun_vector_km

MODEL = "analytic: circular orbit, secular J2 node drift, Astronomical Almanac Sun, spherical Earth"
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class OrbitGeometry:
    """Beta angle and eclipse figures of one circular orbit over a horizon."""

    model: str
    shadow_kind: str
    altitude_km: float
    inclination_deg: float
    period_s: float
    times: np.ndarray  # datetime64[ns], UTC, the beta sampling grid
    beta_deg: np.ndarray  # on ``times``
    eclipse_s_per_orbit: np.ndarray  # on ``times``
    beta_min_deg: float
    beta_max_deg: float
    max_eclipse_s: float
    max_eclipse_time: np.datetime64
    sunlit_fraction: float
    eclipse_days_per_year: float


def orbit_normal(inclination_deg, raan_rad) -> np.ndarray:
    """Unit angular-momentum vector, shape (3, ...), in the frame of the node's RA."""
    i = np.radians(inclination_deg)
    return np.stack(
        [np.sin(i) * np.sin(raan_rad), -np.sin(i) * np.cos(raan_rad), np.cos(i) * np.ones_like(raan_rad)]
    )


def beta_angle_deg(days, inclination_deg, raan_rad) -> np.ndarray:
    """Angle between the Sun direction and the orbit plane (deg), positive toward the normal."""
    sun = sun_vector_km(days)
    sun = sun / np.linalg.norm(sun, axis=0)
    sine = np.sum(orbit_normal(inclination_deg, raan_rad) * sun, axis=0)
    return np.degrees(np.arcsin(np.clip(sine, -1.0, 1.0)))


def raan_function(altitude_km, inclination_deg, epoch_days, *, ltan_h=None, raan_deg=None):
    """RAAN (rad) as a function of days since J2000: SSO from LTAN, else J2 drift from epoch."""
    if ltan_h is not None:
        offset = np.radians(15.0 * (ltan_h - 12.0))
        return lambda d: mean_sun_right_ascension_rad(d) + offset
    rate_rad_day = float(nodal_precession_rad_s(altitude_km, inclination_deg)) * 86_400.0
    raan0 = np.radians(raan_deg or 0.0)
    return lambda d: raan0 + rate_rad_day * (np.asarray(d) - epoch_days)


@lru_cache(maxsize=256)  # pure in its arguments; the bridge and sweeps ask for the same orbit many times
def circular_orbit_geometry(
    altitude_km: float,
    inclination_deg: float,
    epoch,
    horizon_years: float,
    *,
    ltan_h: float | None = None,
    raan_deg: float | None = None,
    shadow_kind: str = "shadow",
    step_days: float = 0.25,
) -> OrbitGeometry:
    """Beta angle, eclipse minutes per orbit and sunlit fraction from ``epoch`` over the horizon.

    ``ltan_h`` makes the node sun-synchronous at that local time of the ascending node
    (the inclination should then be the SSO one); otherwise ``raan_deg`` is the node at
    epoch and it drifts at the J2 rate.
    """
    from scipy.optimize import minimize_scalar  # scipy loads only when geometry is computed

    d0 = float(days_since_j2000(np.datetime64(epoch, "ns")))
    span = horizon_years * DAYS_PER_YEAR
    days = d0 + np.linspace(0.0, span, max(int(np.ceil(span / step_days)), 2) + 1)
    raan = raan_function(altitude_km, inclination_deg, d0, ltan_h=ltan_h, raan_deg=raan_deg)

    def beta(d):
        return beta_angle_deg(d, inclination_deg, raan(d))

    b = beta(days)
    period = float(orbital_period_s(altitude_km))
    limit = float(beta_limit_deg(altitude_km, shadow_kind))
    frac = eclipse_fraction(altitude_km, b, shadow_kind)

    k = int(np.argmin(np.abs(b)))
    lo, hi = days[max(k - 1, 0)], days[min(k + 1, len(days) - 1)]
    best = minimize_scalar(lambda d: abs(float(beta(d))), bounds=(lo, hi), method="bounded",
                           options={"xatol": 1e-6})
    d_min = best.x if best.fun < abs(b[k]) else days[k]
    max_frac = float(eclipse_fraction(altitude_km, beta(d_min), shadow_kind))

    season_days = _time_below(lambda d: np.abs(beta(d)) - limit, days)
    sunlit = 1.0 - np.trapezoid(frac, days) / (days[-1] - days[0])
    times = _days_to_datetime64(days)
    result = OrbitGeometry(
        model=MODEL,
        shadow_kind=shadow_kind,
        altitude_km=float(altitude_km),
        inclination_deg=float(inclination_deg),
        period_s=period,
        times=times,
        beta_deg=b,
        eclipse_s_per_orbit=frac * period,
        beta_min_deg=float(b.min()),
        beta_max_deg=float(b.max()),
        max_eclipse_s=max_frac * period,
        max_eclipse_time=_days_to_datetime64(np.array([d_min]))[0],
        sunlit_fraction=float(sunlit),
        eclipse_days_per_year=float(season_days / (span / DAYS_PER_YEAR)),
    )
    for value in vars(result).values():  # cached and shared between callers: read-only
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return result


def _time_below(g, days: np.ndarray) -> float:
    """Total time (days) where g < 0, with sign changes on the grid refined by brentq."""
    from scipy.optimize import brentq

    values = g(days)
    inside = values < 0
    total = 0.0
    start = days[0] if inside[0] else None
    for j in np.flatnonzero(inside[1:] != inside[:-1]):
        edge = brentq(lambda d: float(g(d)), days[j], days[j + 1], xtol=1e-7)
        if inside[j]:
            total += edge - start
            start = None
        else:
            start = edge
    if start is not None:
        total += days[-1] - start
    return float(total)


def _days_to_datetime64(days: np.ndarray) -> np.ndarray:
    return J2000 + (np.asarray(days) * 86_400e9).astype("timedelta64[ns]")
