"""Eclipses and ground contacts of designed constellations at fleet scale.

Dense sampling does not scale to 10,000 satellites over a year (DESIGN.md, "Fleet scale").
For circular orbits (``CircularJ2Trajectory``) each revolution's events are predicted in
closed form and refined on the exact geometry by compiled kernels (``fleet_kernels``) that
run satellites in parallel on all cores. Results are per-satellite aggregates (sunlit
fraction, longest eclipse, days with eclipse, contact time, longest gap without contact);
the eclipse intervals themselves are kept on request. The generic grid-and-root-finding
path (``eclipse.find_eclipses``, ``contacts.find_passes``) is the reference these kernels
are tested against.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from orbitaldc.orbit.eclipse import SHADOW_KINDS
from orbitaldc.orbit.elements import semi_major_axis_km
from orbitaldc.orbit.frames import geodetic_to_ecef_km, gmst_rad
from orbitaldc.orbit.propagate import CircularJ2Trajectory
from orbitaldc.orbit.sun import days_since_j2000, sun_rows_km

SUN_STEP_S = 3600.0
TWO_PI_S = 2 * np.pi
# Contacts of orbits with a period of SAMPLED_PERIOD_S or more come from a grid of SAMPLED_STEP_S
# (``fleet_kernels.sampled_contact_kernel``) instead of per-conjunction prediction: see docs/limits.md.
SAMPLED_PERIOD_S = 10800.0
SAMPLED_STEP_PERIODS = 1.0 / 120.0
EARTH_SPIN_RAD_S = 2 * np.pi * 1.00273790935 / 86400.0  # GMST rate (IAU-82 linear term)


@dataclass(frozen=True)
class FleetEclipses:
    """Per-satellite eclipse statistics over a window (and the intervals when kept)."""

    duration_s: float
    eclipse_s: np.ndarray  # (n_sat,) total time in shadow
    max_eclipse_s: np.ndarray  # (n_sat,) longest single eclipse
    eclipse_days: np.ndarray  # (n_sat,) days of 86,400 s from the start that hold an eclipse
    count: np.ndarray  # (n_sat,) eclipses
    intervals: tuple | None  # (sat, start_s, end_s) arrays, when requested

    @property
    def sunlit_fraction(self) -> np.ndarray:
        return 1.0 - self.eclipse_s / self.duration_s


@dataclass(frozen=True)
class FleetContacts:
    """Per-satellite ground-contact statistics (union over stations) and per-station time."""

    duration_s: float
    contact_s: np.ndarray  # (n_sat,) time with at least one station in view
    longest_gap_s: np.ndarray  # (n_sat,) longest time with none
    passes: np.ndarray  # (n_sat,) passes over all stations
    station_contact_s: np.ndarray  # (n_sat, n_station)

    @property
    def contact_min_per_day(self) -> np.ndarray:
        return self.contact_s / 60.0 / (self.duration_s / 86400.0)


def _kernels():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's caching notices when the cache dir is read-only
        from orbitaldc.orbit import fleet_kernels
    return fleet_kernels


def _orbit_arrays(traj: CircularJ2Trajectory, order=None):
    raan_rate, u_rate = traj.rates()
    arrays = (semi_major_axis_km(traj.altitude_km), np.radians(traj.inclination_deg), traj.raan0_rad,
              raan_rate, traj.arglat0_rad, u_rate)
    return arrays if order is None else tuple(np.ascontiguousarray(x[order]) for x in arrays)


def _balanced_order(n: int) -> np.ndarray:
    """A fixed shuffle of the satellites: the parallel loop hands each thread a contiguous block,
    and shells listed one after another (cheap equatorial, costly polar) would load one core."""
    return np.random.default_rng(12345).permutation(n)


def _unshuffle(order: np.ndarray, *arrays):
    out = []
    for x in arrays:
        y = np.empty_like(x)
        y[order] = x
        out.append(y)
    return out


def sun_table(t0, duration_s: float) -> np.ndarray:
    """Astronomical Almanac Sun every hour from t0 - 1 d to the end + 1 d: rows (x, y, z) km."""
    grid = np.arange(-86400.0, duration_s + 86400.0 + SUN_STEP_S, SUN_STEP_S)
    return grid, sun_rows_km(t0, grid)


def fleet_eclipses(traj: CircularJ2Trajectory, duration_s: float, kind: str = "shadow",
                   keep_intervals: bool = False, tol_s: float = 1e-2) -> FleetEclipses:
    """Eclipse statistics of every satellite of ``traj`` over [traj.t0, traj.t0 + duration_s].

    ``kind``: ``shadow`` (Sun's centre hidden), ``umbra``, or ``penumbra`` meaning any part of
    the Sun hidden (umbra included, as in ``eclipse.eclipse_fraction``; ``find_eclipses`` instead
    lists the partial phases alone).
    """
    k = _kernels()
    grid, sun = sun_table(traj.t0, duration_s)
    order = _balanced_order(traj.n)
    orbit = _orbit_arrays(traj, order)
    empty = np.empty(0)
    offsets = np.zeros(traj.n, dtype=np.int64)
    total, longest, days, count = k.shadow_kernel(*orbit, float(SHADOW_KINDS[kind]), float(duration_s), grid[0],
                                                  SUN_STEP_S, sun, tol_s, offsets, empty, empty, False)
    intervals = None
    if keep_intervals:
        offsets = np.r_[0, np.cumsum(count)[:-1]].astype(np.int64)
        start, end = np.empty(int(count.sum())), np.empty(int(count.sum()))
        k.shadow_kernel(*orbit, float(SHADOW_KINDS[kind]), float(duration_s), grid[0], SUN_STEP_S, sun, tol_s,
                        offsets, start, end, True)
        intervals = (np.repeat(order, count), start, end)
    total, longest, days, count = _unshuffle(order, total, longest, days, count)
    return FleetEclipses(float(duration_s), total, longest, days, count, intervals)


def fleet_contacts(traj: CircularJ2Trajectory, stations, duration_s: float) -> FleetContacts:
    """Contact statistics of every satellite of ``traj`` with ``stations`` (``contacts.Station``).

    Passes in closed form on a sphere through each station (``fleet_kernels.contact_kernel``);
    ``contacts.find_passes`` gives exact, geodetic passes for a subset.
    """
    k = _kernels()
    lat = np.radians([s.lat_deg for s in stations])
    lon = np.radians([s.lon_deg for s in stations])
    site = geodetic_to_ecef_km(np.degrees(lat), np.degrees(lon), np.array([s.elevation_m for s in stations]))
    radius = np.linalg.norm(site, axis=-1)
    geocentric_lat = np.arcsin(site[:, 2] / radius)
    mask = np.radians([s.min_elevation_deg for s in stations])
    gmst0 = float(gmst_rad(days_since_j2000(traj.t0)))
    order = _balanced_order(traj.n)
    orbit = _orbit_arrays(traj, order)
    sites = (float(duration_s), gmst0, EARTH_SPIN_RAD_S, geocentric_lat, lon, radius, mask, lat)
    slow = TWO_PI_S / orbit[5] >= SAMPLED_PERIOD_S
    result = k.contact_kernel(*(x[~slow] for x in orbit), *sites)
    if slow.any():
        sampled = k.sampled_contact_kernel(*(x[slow] for x in orbit), *sites, SAMPLED_STEP_PERIODS)
        result = tuple(_merge_rows(slow, fast, grid) for fast, grid in zip(result, sampled, strict=True))
    union, gap, passes, per_station = _unshuffle(order, *result)
    return FleetContacts(float(duration_s), union, gap, passes, per_station)


def _merge_rows(slow, fast, sampled):
    out = np.empty((slow.size, *fast.shape[1:]), dtype=fast.dtype)
    out[~slow], out[slow] = fast, sampled
    return out
