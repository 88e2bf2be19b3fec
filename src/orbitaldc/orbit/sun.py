"""Analytic position of the Sun and of the mean Sun.

Low-precision solar coordinates of the Astronomical Almanac (also Vallado, Fundamentals
of Astrodynamics and Applications, 4th ed., Algorithm 29): about 0.01 deg in direction
and 1e-5 AU in distance over 1950-2050, in the mean equator and equinox of date. The
test suite measures the error against the JPL DE421 ephemeris through skyfield.
Time is days since J2000.0 (2000-01-01 12:00); the difference between UT and TT (~69 s)
moves the Sun by 0.0008 deg and is ignored.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import AU_KM

J2000 = np.datetime64("2000-01-01T12:00:00", "ns")


def days_since_j2000(times) -> np.ndarray:
    """Days since J2000.0 for datetime64 values or ISO strings (UTC)."""
    t = np.asarray(times, dtype="datetime64[ns]")
    return (t - J2000) / np.timedelta64(1, "D")


def sun_vector_km(days) -> np.ndarray:
    """Geocentric Sun position (km), shape (3, ...) in the equator and equinox of date."""
    d = np.asarray(days, dtype=float)
    t = d / 36525.0
    mean_longitude = np.radians(280.460 + 36000.771 * t)
    anomaly = np.radians(357.5291092 + 35999.05034 * t)
    ecliptic_longitude = (
        mean_longitude
        + np.radians(1.914666471) * np.sin(anomaly)
        + np.radians(0.019994643) * np.sin(2.0 * anomaly)
    )
    distance_au = 1.000140612 - 0.016708617 * np.cos(anomaly) - 0.000139589 * np.cos(2.0 * anomaly)
    obliquity = np.radians(23.439291 - 0.0130042 * t)
    r = distance_au * AU_KM
    return np.stack(
        [
            r * np.cos(ecliptic_longitude),
            r * np.cos(obliquity) * np.sin(ecliptic_longitude),
            r * np.sin(obliquity) * np.sin(ecliptic_longitude),
        ]
    )


def sun_rows_km(t0: np.datetime64, seconds) -> np.ndarray:
    """The series Sun at UTC ``t0 + seconds`` as rows (n, 3), km (mean equator and equinox of date)."""
    day0 = float(days_since_j2000(np.datetime64(t0, "ns")))
    return np.ascontiguousarray(np.moveaxis(sun_vector_km(day0 + np.asarray(seconds, dtype=float) / 86400.0), 0, -1))


def mean_sun_right_ascension_rad(days) -> np.ndarray:
    """Right ascension of the fictitious mean Sun (rad): the mean longitude, which moves
    uniformly along the equator; local mean solar time = 12 h + (alpha - alpha_mean_sun)."""
    d = np.asarray(days, dtype=float)
    return np.radians(280.460 + 36000.771 * d / 36525.0)


# --- JPL ephemeris (offline, from skyfield-data) ---------------------------------------------

_EPHEMERIS = {}


def jpl_ephemeris():
    """DE421 and skyfield's built-in timescale, loaded once from skyfield-data (no network)."""
    if not _EPHEMERIS:
        import warnings

        from skyfield.api import Loader
        from skyfield_data import get_skyfield_data_path

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loader = Loader(get_skyfield_data_path(), expire=False, verbose=False)
            _EPHEMERIS["eph"] = loader("de421.bsp")
            _EPHEMERIS["ts"] = loader.timescale(builtin=True)
    return _EPHEMERIS["eph"], _EPHEMERIS["ts"]


def sun_teme_km(t0: np.datetime64, seconds: np.ndarray) -> np.ndarray:
    """Geometric geocentric Sun (DE421) in sgp4's TEME frame at UTC ``t0 + seconds``, (n, 3) km.

    Geometric, not apparent: the position skyfield's ``is_sunlit`` uses.
    """
    from skyfield.sgp4lib import TEME

    eph, ts = jpl_ephemeris()
    start = np.datetime64(t0, "us").astype(object)
    t = ts.utc(start.year, start.month, start.day, start.hour, start.minute,
               start.second + start.microsecond * 1e-6 + np.asarray(seconds, dtype=float))
    return (eph["sun"] - eph["earth"]).at(t).frame_xyz(TEME).km.T


class SunTrack:
    """The Sun on a time grid, linearly interpolated in between (its direction turns about
    2e-7 rad/s, so the chord of a 30 min step departs from the arc by < 2e-8 rad)."""

    def __init__(self, grid_s: np.ndarray, xyz_km: np.ndarray):
        self.grid_s = np.asarray(grid_s, dtype=float)
        self.xyz_km = np.asarray(xyz_km, dtype=float)

    def at(self, t_s) -> np.ndarray:
        """Sun position (..., 3) km at times ``t_s`` (s)."""
        return np.stack(self.components(t_s), axis=-1)

    def components(self, t_s) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """x, y, z of the Sun (km) at times ``t_s``, as three arrays."""
        t = np.asarray(t_s, dtype=float)
        return tuple(np.interp(t, self.grid_s, self.xyz_km[:, j]) for j in range(3))
