"""Trajectories the event finder can evaluate at any (satellite, time) pair.

* ``sgp4_grid``: real element sets through ``sgp4``'s vectorized ``SatrecArray`` on a time
  grid (TEME frame, km and km/s), with sgp4's per-satellite error codes.
* ``HermiteTrajectory``: cubic Hermite interpolation between grid states (positions and
  velocities at both ends). On a 60 s grid in LEO its position error is below a metre
  (error ~ h^4 n^4 a / 384), so root finding can refine events between grid points without
  calling sgp4 again.
* ``CircularJ2Trajectory``: designed circular orbits in closed form — secular J2 drift of
  the node and of the argument of latitude (Vallado, 4th ed., eq. 9-41; Wertz, Orbit &
  Constellation Design, eq. for the J2 rates with e = 0). This is a different model from
  SGP4, not a re-implementation of it.
Times are seconds from a window start ``t0`` (datetime64[ns], UTC).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sgp4.api import SatrecArray

from orbitaldc.constants import J2_EARTH, R_EARTH_KM
from orbitaldc.orbit.elements import mean_motion_rad_s, nodal_precession_rad_s, semi_major_axis_km
from orbitaldc.orbit.elsets import ElementAge, element_age
from orbitaldc.orbit.sun import J2000, SunTrack, sun_rows_km, sun_teme_km

JD_J2000 = 2451545.0
SUN_STEP_S = 1800.0  # the Sun turns 3.6e-4 rad in 30 min: linear interpolation errs < 2e-8 rad


def julian_dates(t0: np.datetime64, seconds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whole and fractional Julian dates (UTC) of ``t0 + seconds``, as sgp4 wants them."""
    days = (np.datetime64(t0, "ns") - J2000) / np.timedelta64(1, "D") + np.asarray(seconds) / 86400.0
    whole = np.floor(days) + JD_J2000
    return whole, days - np.floor(days)


def sgp4_grid(satrecs, t0: np.datetime64, seconds: np.ndarray):
    """Positions (km), velocities (km/s), shapes (n_sat, n_t, 3), and error codes (n_sat, n_t)."""
    jd, fr = julian_dates(t0, seconds)
    errors, r, v = SatrecArray(list(satrecs)).sgp4(jd, fr)
    return r, v, errors


@dataclass(frozen=True)
class HermiteTrajectory:
    """States on a uniform grid ``seconds`` (step ``step_s``), interpolated in between."""

    seconds: np.ndarray  # (n_t,)
    r_km: np.ndarray  # (n_sat, n_t, 3)
    v_km_s: np.ndarray  # (n_sat, n_t, 3)

    @property
    def step_s(self) -> float:
        return float(self.seconds[1] - self.seconds[0])

    def state(self, sat: np.ndarray, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Position and velocity, shape (..., 3), of satellite ``sat[j]`` at ``t_s[j]``."""
        h = self.step_s
        x = (np.asarray(t_s, dtype=float) - self.seconds[0]) / h
        k = np.clip(np.floor(x).astype(np.int64), 0, len(self.seconds) - 2)
        tau = (x - k)[..., None]
        r0, r1 = self.r_km[sat, k], self.r_km[sat, k + 1]
        v0, v1 = self.v_km_s[sat, k] * h, self.v_km_s[sat, k + 1] * h
        t2, t3 = tau * tau, tau * tau * tau
        r = (2 * t3 - 3 * t2 + 1) * r0 + (t3 - 2 * t2 + tau) * v0 + (-2 * t3 + 3 * t2) * r1 + (t3 - t2) * v1
        v = ((6 * t2 - 6 * tau) * r0 + (3 * t2 - 4 * tau + 1) * v0 + (-6 * t2 + 6 * tau) * r1
             + (3 * t2 - 2 * tau) * v1) / h
        return r, v


@dataclass(frozen=True)
class CircularJ2Trajectory:
    """Circular orbits with secular J2 rates, in the mean equator and equinox of date."""

    t0: np.datetime64
    altitude_km: np.ndarray  # (n_sat,)
    inclination_deg: np.ndarray
    raan0_rad: np.ndarray  # node at t0
    arglat0_rad: np.ndarray  # argument of latitude at t0

    @classmethod
    def from_elements(cls, t0, altitude_km, inclination_deg, raan0_deg, arglat0_deg):
        arrays = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in
                                       (altitude_km, inclination_deg, raan0_deg, arglat0_deg)))
        return cls(np.datetime64(t0, "ns"), arrays[0], arrays[1], np.radians(arrays[2]), np.radians(arrays[3]))

    @property
    def n(self) -> int:
        return len(self.altitude_km)

    def rates(self) -> tuple[np.ndarray, np.ndarray]:
        """dRAAN/dt and d(argument of latitude)/dt (rad/s): n + J2 terms of dM/dt and dw/dt."""
        a = semi_major_axis_km(self.altitude_km)
        n = mean_motion_rad_s(self.altitude_km)
        cos_i = np.cos(np.radians(self.inclination_deg))
        k = 0.75 * n * J2_EARTH * (R_EARTH_KM / a) ** 2
        arglat_rate = n + k * (3 * cos_i**2 - 1) + k * (5 * cos_i**2 - 1)
        return nodal_precession_rad_s(self.altitude_km, self.inclination_deg), arglat_rate

    def state(self, sat: np.ndarray, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raan_rate, u_rate = self.rates()
        sat = np.asarray(sat)
        t = np.asarray(t_s, dtype=float)
        a = semi_major_axis_km(self.altitude_km)[sat]
        inc = np.radians(self.inclination_deg)[sat]
        raan = self.raan0_rad[sat] + raan_rate[sat] * t
        u = self.arglat0_rad[sat] + u_rate[sat] * t
        cos_o, sin_o, cos_i, sin_i = np.cos(raan), np.sin(raan), np.cos(inc), np.sin(inc)
        p = np.stack([cos_o, sin_o, np.zeros_like(cos_o)], axis=-1)  # node direction
        q = np.stack([-sin_o * cos_i, cos_o * cos_i, sin_i], axis=-1)  # 90 deg ahead in the plane
        cu, su = np.cos(u)[..., None], np.sin(u)[..., None]
        r = a[..., None] * (cu * p + su * q)
        # Velocity of the in-plane motion plus the node's slow turn about z.
        v = a[..., None] * u_rate[sat][..., None] * (-su * p + cu * q)
        omega = raan_rate[sat][..., None] * np.array([0.0, 0.0, 1.0])
        v = v + np.cross(omega, r)
        return r, v


@dataclass(frozen=True)
class Chunk:
    """A time window of a fleet: grid (s from the run start), trajectory, satellites usable."""

    grid_s: np.ndarray
    trajectory: object  # has .state(sat, t_s) -> (r_km, v_km_s)
    ok: np.ndarray  # (n_sat,) bool: no propagation error anywhere in this chunk
    first_error: np.ndarray  # (n_sat,) int sgp4 error code, 0 where none
    sun: object  # SunTrack in the trajectory's frame


def time_grid(duration_s: float, step_s: float) -> np.ndarray:
    """Uniform grid over [0, duration_s] whose last point is exactly the end."""
    n = max(int(np.ceil(duration_s / step_s)), 1)
    return np.linspace(0.0, duration_s, n + 1)


def chunk_grids(duration_s: float, step_s: float, chunk_s: float):
    """The uniform grid over [0, duration_s] cut into chunks that share their edge points."""
    grid = time_grid(duration_s, step_s)
    per_chunk = max(int(round(chunk_s / (grid[1] - grid[0]))), 1)
    for a in range(0, len(grid) - 1, per_chunk):
        yield grid[a: a + per_chunk + 1]


def chunk_sun(t0: np.datetime64, grid: np.ndarray, sun_rows) -> SunTrack:
    """The Sun over a chunk from ``sun_rows(t0, seconds)``, sampled every ``SUN_STEP_S``."""
    points = np.linspace(grid[0], grid[-1], max(int(np.ceil((grid[-1] - grid[0]) / SUN_STEP_S)), 1) + 1)
    return SunTrack(points, sun_rows(t0, points))


class Sgp4Fleet:
    """Satellites from element sets, propagated with sgp4 chunk by chunk."""

    model = "sgp4 (SatrecArray), TEME frame, cubic Hermite between grid states; Sun from JPL DE421"

    def __init__(self, element_sets):
        self.element_sets = list(element_sets)
        self.names = [e.name for e in self.element_sets]

    def element_age(self, start, end) -> ElementAge:
        """Distance of the window from each set's epoch; refuses sets too old for it (``elsets``)."""
        return element_age(self.element_sets, start, end)

    def chunks(self, t0: np.datetime64, duration_s: float, step_s: float, chunk_s: float = 21600.0):
        # Every caller propagates through here, so no window escapes the age limit, whoever asked.
        t0 = np.datetime64(t0, "ns")
        self.element_age(t0, t0 + np.timedelta64(int(round(duration_s * 1e9)), "ns"))
        satrecs = [e.satrec for e in self.element_sets]
        for g in chunk_grids(duration_s, step_s, chunk_s):
            r, v, err = sgp4_grid(satrecs, t0, g)
            bad = err != 0
            first = np.where(bad.any(axis=1), err[np.arange(len(err)), bad.argmax(axis=1)], 0)
            # Failed states (NaN) become a harmless placeholder orbit; ``ok`` drops those satellites.
            r = np.where(bad[..., None], [7000.0, 0.0, 0.0], r)
            v = np.where(bad[..., None], [0.0, 7.5, 0.0], v)
            yield Chunk(g, HermiteTrajectory(g, r, v), ~bad.any(axis=1), first, chunk_sun(t0, g, sun_teme_km))


class DesignedFleet:
    """A designed constellation propagated in closed form (``CircularJ2Trajectory``)."""

    model = "closed-form circular orbits with secular J2 rates (not SGP4); Astronomical Almanac Sun"

    def __init__(self, trajectory: CircularJ2Trajectory, names=None):
        self.trajectory = trajectory
        self.names = list(names) if names is not None else [f"sat-{k}" for k in range(trajectory.n)]

    def chunks(self, t0: np.datetime64, duration_s: float, step_s: float, chunk_s: float = 86400.0):
        offset = (np.datetime64(t0, "ns") - self.trajectory.t0) / np.timedelta64(1, "s")
        shifted = CircularJ2Trajectory(np.datetime64(t0, "ns"), self.trajectory.altitude_km,
                                       self.trajectory.inclination_deg, *self._at(offset))
        n = shifted.n
        for g in chunk_grids(duration_s, step_s, chunk_s):
            yield Chunk(g, shifted, np.ones(n, bool), np.zeros(n, int), chunk_sun(t0, g, sun_rows_km))

    def _at(self, offset_s: float):
        raan_rate, u_rate = self.trajectory.rates()
        return self.trajectory.raan0_rad + raan_rate * offset_s, self.trajectory.arglat0_rad + u_rate * offset_s
