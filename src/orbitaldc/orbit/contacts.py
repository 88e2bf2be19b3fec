"""Ground-station passes: rise, culmination and set found by root finding.

Elevation of a satellite above a station's geodetic horizon (WGS-84), with the satellite
rotated from TEME to Earth-fixed by GMST (``frames``). Rise and set are zeros of
elevation - min_elevation (``events.find_crossings``, 1 ms); culmination is the highest
of the elevation maxima between them (a pass can have several), refined to a zero of
d(elevation)/dt. No refraction (skyfield's ``find_events`` default is
geometric as well).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.orbit.events import bisect, derivative, find_crossings, intervals_below_zero
from orbitaldc.orbit.frames import geodetic_to_ecef_km, gmst_rad, local_up, rotate_z
from orbitaldc.orbit.sun import days_since_j2000


@dataclass(frozen=True)
class Station:
    name: str
    lat_deg: float
    lon_deg: float
    elevation_m: float = 0.0
    min_elevation_deg: float = 10.0


def check_station(s: Station, field: str = "station") -> None:
    """One-line errors for impossible stations."""
    from orbitaldc.errors import ScenarioError

    if not -90.0 <= s.lat_deg <= 90.0:
        raise ScenarioError(f"{field}.lat", f"latitude {s.lat_deg} is outside [-90, 90]")
    if not -180.0 <= s.lon_deg <= 360.0:
        raise ScenarioError(f"{field}.lon", f"longitude {s.lon_deg} is outside [-180, 360]")
    if not -90.0 <= s.min_elevation_deg < 90.0:
        raise ScenarioError(f"{field}.min_elevation", f"{s.min_elevation_deg} is outside [-90, 90)")
    if not -500.0 <= s.elevation_m <= 9000.0:
        raise ScenarioError(f"{field}.elevation_m", f"{s.elevation_m} m is not on Earth's surface")


def elevation_function(trajectory, stations, day0: float):
    """g(track, t) = elevation - min_elevation (deg), track = satellite * n_stations + station."""
    lat = np.array([s.lat_deg for s in stations])
    lon = np.array([s.lon_deg for s in stations])
    site = geodetic_to_ecef_km(lat, lon, np.array([s.elevation_m for s in stations]))
    up = local_up(lat, lon)
    floor = np.array([s.min_elevation_deg for s in stations])
    n_sta = len(stations)

    def g(track, t_s):
        sat, sta = np.divmod(track, n_sta)
        r = trajectory.state(sat, t_s)[0]
        r_fixed = rotate_z(r, gmst_rad(day0 + np.asarray(t_s) / 86400.0))
        d = r_fixed - site[sta]
        sine = np.sum(d * up[sta], axis=-1) / np.linalg.norm(d, axis=-1)
        return np.degrees(np.arcsin(np.clip(sine, -1.0, 1.0))) - floor[sta]

    return g


def find_passes(fleet, stations, start, end, step_s: float = 60.0):
    """Passes of every satellite over every station: ``(passes, problems)``.

    ``passes`` is a pandas DataFrame with satellite, station, rise, culmination, set
    (datetime64[ns] UTC; clipped to the window when a pass is under way at an edge) and
    max_elevation_deg.
    """
    import pandas as pd

    for k, s in enumerate(stations):
        check_station(s, f"stations[{k}]")
    t0 = np.datetime64(start, "ns")
    duration_s = (np.datetime64(end, "ns") - t0) / np.timedelta64(1, "s")
    day0 = float(days_since_j2000(t0))
    n_sat, n_sta = len(fleet.names), len(stations)
    n = n_sat * n_sta
    from orbitaldc.limits import check_window

    check_window(n_sat, n_sta, duration_s / 86400.0)
    floor = np.array([s.min_elevation_deg for s in stations])
    rows = {"track": [], "rise": [], "set": [], "culm": [], "max": []}
    usable = np.ones(n_sat, dtype=bool)
    errors = np.zeros(n_sat, dtype=int)
    for chunk in fleet.chunks(t0, duration_s, step_s):
        usable &= chunk.ok
        errors = np.where((errors == 0) & (chunk.first_error != 0), chunk.first_error, errors)
        g = elevation_function(chunk.trajectory, stations, day0)

        def below(track, t, g=g):  # negative while the satellite is up
            return -g(track, t)

        a, b = chunk.grid_s[0], chunk.grid_s[-1]
        up_at_start = g(np.arange(n), np.full(n, a)) >= 0
        track, rise, set_ = intervals_below_zero(find_crossings(below, n, chunk.grid_s), n, a, b, up_at_start)
        culm = _culmination(g, track, rise, set_)
        for key, value in zip(rows, (track, rise, set_, culm, g(track, culm) + floor[track % n_sta]), strict=True):
            rows[key].append(value)

    track, rise, set_, culm, top = (np.concatenate(rows[k]) for k in rows)
    track, rise, set_, culm, top = _join_across_chunks(track.astype(int), rise, set_, culm, top)
    keep = usable[track // n_sta]
    track, rise, set_, culm, top = track[keep], rise[keep], set_[keep], culm[keep], top[keep]
    sat, sta = np.divmod(track, n_sta)

    def when(seconds):
        return t0 + (seconds * 1e9).astype("timedelta64[ns]")

    passes = pd.DataFrame({
        "satellite": np.array(fleet.names, dtype=object)[sat] if sat.size else np.array([], dtype=object),
        "station": np.array([s.name for s in stations], dtype=object)[sta] if sta.size else np.array([], dtype=object),
        "rise": when(rise), "culmination": when(culm), "set": when(set_), "max_elevation_deg": top,
    })
    from orbitaldc.orbit.elsets import sgp4_error_text

    problems = [f"{fleet.names[i]}: sgp4 error {errors[i]} ({sgp4_error_text(errors[i])}); skipped"
                for i in np.flatnonzero(~usable)]
    return passes, problems


CULMINATION_SAMPLE_S = 30.0  # sampling of each pass when looking for its highest point


def _culmination(g, track, rise, set_, sample_s: float = CULMINATION_SAMPLE_S):
    """Time of the highest elevation in each [rise, set] (s): the global maximum over the pass.

    A pass may have several elevation peaks (Molniya, GTO and other high or eccentric orbits
    stay up for hours while the station turns under them), so the slope at the ends says
    nothing about which peak is highest. Every pass is sampled every ``sample_s`` (all passes
    at once, as one ragged array), the best sample picked, and the maximum refined by
    bisection on dg/dt between its two neighbours; the ends count too (a pass clipped by the
    window edge may be highest there). Elevation varies on the scale of minutes even for the
    fastest LEO pass over the zenith, so two peaks closer than 30 s with the wrong one sampled
    higher would differ by far less than the 1 ms-level refinement matters.
    """
    if track.size == 0:
        return np.empty(0)
    track = np.asarray(track)
    rise, set_ = np.asarray(rise, dtype=float), np.asarray(set_, dtype=float)
    n_pts = np.maximum(np.ceil((set_ - rise) / sample_s).astype(np.int64), 2) + 1  # incl. both ends
    start = np.r_[0, np.cumsum(n_pts)[:-1]]
    owner = np.repeat(np.arange(track.size), n_pts)
    frac = (np.arange(owner.size) - start[owner]) / (n_pts[owner] - 1)
    t = rise[owner] + frac * (set_ - rise)[owner]
    values = g(track[owner], t)
    best = np.maximum.reduceat(values, start)
    # First sample of each pass that reaches its best value.
    hit = np.flatnonzero(values == best[owner])
    first_hit = np.full(track.size, -1)
    first_hit[owner[hit][::-1]] = hit[::-1]
    k = first_hit - start
    step = (set_ - rise) / (n_pts - 1)
    lo = np.maximum(rise + (k - 1) * step, rise)
    hi = np.minimum(rise + (k + 1) * step, set_)
    peak = t[first_hit]
    slope_lo = derivative(g, track, lo + 1e-3)
    slope_hi = derivative(g, track, hi - 1e-3)
    turns = (slope_lo > 0) & (slope_hi < 0) & (hi - lo > 2e-3)
    if turns.any():
        refined = bisect(lambda tr, tt: derivative(g, tr, tt), track[turns], lo[turns] + 1e-3, hi[turns] - 1e-3)
        better = g(track[turns], refined) >= best[turns]
        peak[np.flatnonzero(turns)[better]] = refined[better]
    return peak


def _join_across_chunks(track, rise, set_, culm, top):
    """Merge a pass cut by a chunk edge (one ends where the next begins) into one."""
    order = np.lexsort((rise, track))
    track, rise, set_, culm, top = track[order], rise[order], set_[order], culm[order], top[order]
    joined = np.r_[False, (track[1:] == track[:-1]) & (rise[1:] == set_[:-1])]
    if not joined.any():
        return track, rise, set_, culm, top
    group = np.cumsum(~joined) - 1
    n = group[-1] + 1
    first = np.flatnonzero(~joined)
    out_set = np.zeros(n)
    np.maximum.at(out_set, group, set_)
    best = np.full(n, -np.inf)
    np.maximum.at(best, group, top)
    is_best = top == best[group]
    best_idx = np.zeros(n, dtype=int)
    best_idx[group[is_best][::-1]] = np.flatnonzero(is_best)[::-1]
    return track[first], rise[first], out_set, culm[best_idx], top[best_idx]
