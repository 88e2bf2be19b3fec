"""Earth rotation and station coordinates for topocentric geometry.

TEME (sgp4's output frame) -> Earth-fixed: rotation by Greenwich mean sidereal time, IAU-82
(Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., eq. 3-45 and sec. 3.7:
the TEME -> PEF convention of SGP4), taking UT1 = UTC (|UT1-UTC| < 0.9 s moves a pass by
well under a second) and ignoring polar motion (< 15 m at the surface). Stations are
geodetic on the WGS-84 ellipsoid.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import R_EARTH_KM

WGS84_FLATTENING = 1.0 / 298.257223563
EARTH_ROTATION_RAD_S = 7.292115e-5  # WGS-84 / IERS mean angular velocity


def gmst_rad(days_since_j2000_ut1) -> np.ndarray:
    """Greenwich mean sidereal time, IAU-82 (rad)."""
    d = np.asarray(days_since_j2000_ut1, dtype=float)
    t = d / 36525.0
    seconds = 67310.54841 + (876600.0 * 3600.0 + 8640184.812866) * t + 0.093104 * t**2 - 6.2e-6 * t**3
    return np.radians(np.mod(seconds / 240.0, 360.0))


def rotate_z(vectors: np.ndarray, angle_rad) -> np.ndarray:
    """Frame rotation R3(angle) applied to (..., 3) vectors (angle broadcasts over ...)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    x, y, z = vectors[..., 0], vectors[..., 1], vectors[..., 2]
    return np.stack([c * x + s * y, -s * x + c * y, z], axis=-1)


def geodetic_to_ecef_km(lat_deg, lon_deg, height_m=0.0) -> np.ndarray:
    """Earth-fixed position (..., 3) of geodetic coordinates on WGS-84 (km)."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    e2 = WGS84_FLATTENING * (2.0 - WGS84_FLATTENING)
    n = R_EARTH_KM / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
    h = np.asarray(height_m, dtype=float) / 1000.0
    return np.stack(
        [(n + h) * np.cos(lat) * np.cos(lon), (n + h) * np.cos(lat) * np.sin(lon), (n * (1 - e2) + h) * np.sin(lat)],
        axis=-1,
    )


def local_up(lat_deg, lon_deg) -> np.ndarray:
    """Geodetic zenith unit vector (..., 3), Earth-fixed."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)
