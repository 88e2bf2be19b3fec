"""What the report and the CZML sample from the orbit stage (no new physics here).

* ``sample_fleet``: an even subset of the constellation propagated by the fleet's own model
  (``DesignedFleet`` closed-form J2 circular orbits or ``Sgp4Fleet``) over a few revolutions,
  rotated to Earth-fixed by GMST (``orbit.frames``), with its shadow intervals found by
  ``orbit.eclipse.find_eclipses``.
* ``eclipse_season``: one year of shadow intervals of the reference orbit from the fleet
  kernel (``orbit.fleet.fleet_eclipses``), folded onto the time since the ascending node.
* ``beta_season``: the analytic beta angle and eclipse minutes per orbit of the reference
  orbit (``orbit.geometry``) over the first year of the horizon.
* ``contact_windows``: passes of the first satellite over the scenario's stations during
  the first day (``orbit.contacts.find_passes``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.orbit.frames import gmst_rad, rotate_z
from orbitaldc.orbit.sun import days_since_j2000

DAY_S = 86400.0
YEAR_DAYS = 365


@dataclass(frozen=True)
class FleetSample:
    """Positions of a subset of the fleet on a time grid, and its shadow intervals."""

    names: list[str]
    index: np.ndarray  # indices of the sampled satellites in the fleet
    total: int  # satellites in the design's fleet
    t0: np.datetime64
    t_s: np.ndarray  # (n_t,) seconds from t0
    r_inertial_km: np.ndarray  # (n, n_t, 3), the propagator's inertial frame (TEME or mean of date)
    r_fixed_km: np.ndarray  # (n, n_t, 3), Earth-fixed (GMST rotation, UT1 = UTC, no polar motion)
    sun_km: np.ndarray  # (n_t, 3), same inertial frame
    shadow: np.ndarray  # (n, n_t) bool: in shadow at the grid points
    eclipses: object  # pandas DataFrame of find_eclipses: satellite, start, end, duration_s
    period_s: float
    model: str
    note: str  # how the constellation is represented (cluster, element sets)


def constellation_of(result):
    """The timeline's constellation, or the scenario's built afresh when the timeline was skipped."""
    if result.timeline is not None:
        return result.timeline.constellation
    from orbitaldc.orbit.constellation import build_constellation

    return build_constellation(result.scenario, result.design.satellites)


def even_sample(n: int, limit: int) -> np.ndarray:
    """Indices of at most ``limit`` satellites spread evenly over ``0 .. n-1`` (all planes)."""
    return np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int))


def fleet_subset(fleet, pick):
    """The same fleet model restricted to satellites ``pick``."""
    from orbitaldc.orbit.propagate import CircularJ2Trajectory, DesignedFleet, Sgp4Fleet

    pick = np.asarray(pick, dtype=int)
    if isinstance(fleet, DesignedFleet):
        tr = fleet.trajectory
        sub = CircularJ2Trajectory(tr.t0, tr.altitude_km[pick], tr.inclination_deg[pick], tr.raan0_rad[pick],
                                   tr.arglat0_rad[pick])
        return DesignedFleet(sub, [fleet.names[k] for k in pick])
    if isinstance(fleet, Sgp4Fleet):
        return Sgp4Fleet([fleet.element_sets[k] for k in pick])
    raise TypeError(f"unknown fleet type {type(fleet).__name__}")


def to_fixed(r_km: np.ndarray, t0: np.datetime64, t_s: np.ndarray) -> np.ndarray:
    """Inertial (..., n_t, 3) -> Earth-fixed by the GMST angle at each time."""
    return rotate_z(r_km, gmst_rad(float(days_since_j2000(t0)) + np.asarray(t_s) / DAY_S))


def sample_fleet(result, limit: int, revolutions: float = 1.5, step_s: float = 60.0) -> FleetSample:
    """At most ``limit`` satellites over ``revolutions`` reference periods from the epoch."""
    from orbitaldc.orbit.eclipse import find_eclipses, shadow_margin_rad

    const = constellation_of(result)
    period_s = float(result.geometry.period_s)
    pick = even_sample(len(const.fleet.names), limit)
    fleet = fleet_subset(const.fleet, pick)
    t0 = np.datetime64(result.scenario.epoch.replace(tzinfo=None), "ns")
    duration_s = revolutions * period_s
    chunk = next(iter(fleet.chunks(t0, duration_s, step_s, chunk_s=duration_s + step_s)))
    grid = np.asarray(chunk.grid_s, dtype=float)
    n = len(fleet.names)
    sat = np.repeat(np.arange(n), grid.size)
    r = np.asarray(chunk.trajectory.state(sat, np.tile(grid, n))[0]).reshape(n, grid.size, 3)
    sun = chunk.sun.at(grid)
    shadow = shadow_margin_rad(r, sun[None, :, :]) < 0
    intervals, _ = find_eclipses(fleet, t0, t0 + np.timedelta64(int(round(duration_s * 1e9)), "ns"))
    note = ""
    if const.kind == "cluster":
        note = (f"the {result.design.satellites} cluster satellites fly within kilometres of each other: "
                "shown as their reference orbit")
    return FleetSample(names=list(fleet.names), index=pick, total=int(result.design.satellites), t0=t0, t_s=grid,
                       r_inertial_km=r, r_fixed_km=to_fixed(r, t0, grid), sun_km=sun, shadow=shadow,
                       eclipses=intervals, period_s=period_s, model=fleet.model, note=note)


def lat_lon_deg(r_fixed_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Geocentric latitude and longitude (deg) of Earth-fixed positions (a display projection)."""
    x, y, z = r_fixed_km[..., 0], r_fixed_km[..., 1], r_fixed_km[..., 2]
    return np.degrees(np.arctan2(z, np.hypot(x, y))), np.degrees(np.arctan2(y, x))


def _reference_trajectory(result):
    """A one-satellite closed-form circular orbit: the fleet's first, or the element sets' mean orbit."""
    from orbitaldc.orbit.propagate import CircularJ2Trajectory

    const = constellation_of(result)
    if const.circular is not None:
        return fleet_subset(const.fleet, [0]).trajectory, "satellite 1 of the constellation"
    altitude, inclination, raan, _ = const.reference_planes[0]
    t0 = np.datetime64(result.scenario.epoch.replace(tzinfo=None), "ns")
    return (CircularJ2Trajectory.from_elements(t0, altitude, inclination, raan, 0.0),
            "circular orbit nearest the first element set")


@dataclass(frozen=True)
class EclipseSeason:
    """Shadow over a year, folded per day onto the time since the ascending node."""

    days: np.ndarray  # datetime64[D] of each row
    minutes: np.ndarray  # bin centres, minutes after the ascending node
    shadow_fraction: np.ndarray  # (n_days, n_bins): share of that day's revolutions in shadow
    period_min: float
    eclipse_days: int
    longest_min: float
    label: str


def eclipse_season(result, bin_min: float = 0.5) -> EclipseSeason:
    """Year-long shadow map of the reference orbit (first year of the horizon)."""
    from orbitaldc.orbit.fleet import fleet_eclipses

    traj, label = _reference_trajectory(result)
    n_days = int(min(YEAR_DAYS, np.ceil(result.scenario.horizon_years * 365.25)))
    ecl = fleet_eclipses(traj, n_days * DAY_S, kind=result.geometry.shadow_kind, keep_intervals=True)
    _, start, end = ecl.intervals
    _, u_rate = traj.rates()
    u_rate = float(u_rate[0])
    period_s = 2 * np.pi / u_rate
    phase0 = np.mod(float(traj.arglat0_rad[0]) + u_rate * start, 2 * np.pi) / u_rate
    edges = np.arange(0.0, period_s / 60.0 + bin_min, bin_min)
    centres_s = 60.0 * 0.5 * (edges[:-1] + edges[1:])
    # Bin centre c is covered when (c - phase0) mod period < duration (wraps past the node).
    covered = np.mod(centres_s[None, :] - phase0[:, None], period_s) < (end - start)[:, None]
    day = np.clip((start // DAY_S).astype(int), 0, n_days - 1)
    grid = np.zeros((n_days, centres_s.size))
    np.add.at(grid, day, covered.astype(float))
    grid = np.clip(grid / (DAY_S / period_s), 0.0, 1.0)
    day0 = np.datetime64(result.scenario.epoch.replace(tzinfo=None), "D")
    return EclipseSeason(days=day0 + np.arange(n_days), minutes=centres_s / 60.0, shadow_fraction=grid,
                         period_min=period_s / 60.0, eclipse_days=int(np.unique(day).size if start.size else 0),
                         longest_min=float(np.max(end - start) / 60.0) if start.size else 0.0, label=label)


@dataclass(frozen=True)
class BetaSeason:
    times: np.ndarray  # datetime64[ns]
    beta_deg: np.ndarray
    eclipse_min: np.ndarray  # per orbit
    limit_deg: float  # |beta| above which the orbit sees no shadow


def beta_season(result) -> BetaSeason:
    """Beta angle and eclipse minutes per orbit of the sizing orbit over the first year."""
    from orbitaldc.orbit.eclipse import beta_limit_deg

    g = result.geometry
    keep = g.times <= g.times[0] + np.timedelta64(YEAR_DAYS, "D")
    return BetaSeason(times=g.times[keep], beta_deg=g.beta_deg[keep], eclipse_min=g.eclipse_s_per_orbit[keep] / 60.0,
                      limit_deg=float(beta_limit_deg(g.altitude_km, g.shadow_kind)))


def contact_windows(result, hours: float = 24.0):
    """Passes of the first satellite over every station during the first ``hours``: (DataFrame, stations)."""
    from orbitaldc.orbit.constellation import scenario_stations
    from orbitaldc.orbit.contacts import find_passes

    const = constellation_of(result)
    stations = list(scenario_stations(result.scenario))
    fleet = fleet_subset(const.fleet, [0])
    t0 = np.datetime64(result.scenario.epoch.replace(tzinfo=None), "ns")
    passes, _ = find_passes(fleet, stations, t0, t0 + np.timedelta64(int(hours * 3600), "s"))
    return passes, stations
