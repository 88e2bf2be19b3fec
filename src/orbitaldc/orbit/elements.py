"""Mean elements of circular orbits under J2: period, nodal precession, SSO inclination.

Secular J2 theory for a circular orbit (Vallado, Fundamentals of Astrodynamics and
Applications, 4th ed., eq. 9-41): dRAAN/dt = -3/2 n J2 (R/a)^2 cos i. The sun-synchronous
inclination solves dRAAN/dt = 2 pi / tropical year.
All functions take numpy arrays (or floats) and broadcast.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import (
    J2_EARTH,
    MU_EARTH_KM3_S2,
    R_EARTH_KM,
    SECONDS_PER_DAY,
    TROPICAL_YEAR_DAYS,
)

MEAN_SUN_RATE_RAD_S = 2.0 * np.pi / (TROPICAL_YEAR_DAYS * SECONDS_PER_DAY)


def semi_major_axis_km(altitude_km):
    """Semi-major axis of a circular orbit above the equatorial radius (km)."""
    return R_EARTH_KM + np.asarray(altitude_km, dtype=float)


def mean_motion_rad_s(altitude_km):
    """Keplerian mean motion n = sqrt(mu / a^3) (rad/s)."""
    a = semi_major_axis_km(altitude_km)
    return np.sqrt(MU_EARTH_KM3_S2 / a**3)


def orbital_period_s(altitude_km):
    """Keplerian period 2 pi sqrt(a^3 / mu) of a circular orbit (s)."""
    return 2.0 * np.pi / mean_motion_rad_s(altitude_km)


def nodal_precession_rad_s(altitude_km, inclination_deg):
    """Secular J2 drift of the right ascension of the ascending node (rad/s)."""
    a = semi_major_axis_km(altitude_km)
    n = mean_motion_rad_s(altitude_km)
    return -1.5 * n * J2_EARTH * (R_EARTH_KM / a) ** 2 * np.cos(np.radians(inclination_deg))


def sso_cos_inclination(altitude_km):
    """cos i that makes the node follow the mean Sun; < -1 means no SSO exists."""
    a = semi_major_axis_km(altitude_km)
    n = mean_motion_rad_s(altitude_km)
    return -MEAN_SUN_RATE_RAD_S / (1.5 * n * J2_EARTH * (R_EARTH_KM / a) ** 2)


def sso_inclination_deg(altitude_km):
    """Sun-synchronous inclination of a circular orbit (deg); NaN where none exists.

    cos i = -(2/3) (dRAAN_sun/dt) a^{7/2} / (J2 R^2 sqrt(mu)); a circular SSO exists
    only up to about 5,970 km altitude, where cos i reaches -1.
    """
    c = sso_cos_inclination(altitude_km)
    with np.errstate(invalid="ignore"):
        return np.where(c >= -1.0, np.degrees(np.arccos(np.clip(c, -1.0, 1.0))), np.nan)


def max_sso_altitude_km() -> float:
    """Highest altitude with a circular sun-synchronous orbit (cos i = -1), km.

    From 1.5 sqrt(mu) J2 R^2 a^{-7/2} = dRAAN_sun/dt.
    """
    a = (1.5 * np.sqrt(MU_EARTH_KM3_S2) * J2_EARTH * R_EARTH_KM**2 / MEAN_SUN_RATE_RAD_S) ** (2.0 / 7.0)
    return float(a - R_EARTH_KM)
