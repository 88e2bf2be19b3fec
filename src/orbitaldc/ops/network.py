"""The paths a request takes: users to ground over fibre, ground to the fleet by radio or laser,
and what the fleet's geometry allows over time (contact, shadow), on a time grid.

Propagation only (no router, serialisation or queueing delay in the network itself):
- fibre: great-circle distance x a route factor, at the speed of light in fibre. The route
  factor is the measured Internet rule of thumb, "multiply line-of-sight distance by 2.1, then
  divide by the speed of light in fiber" (Bozkurt et al., "Dissecting Latency in the Internet's
  Fiber Infrastructure", arXiv:1811.10737, 2018); their shortest conduit paths give 1.3 (the low
  end of its range). Light in fibre: c / 1.4682, the group index of Corning SMF-28 at 1550 nm
  (Corning SMF-28 Ultra product information, 2021). The same rule prices both sides: users to a
  ground station (orbit) and users to the data-center site (ground).
- space: slant range / c from the station to the nearest satellite in view above the station's
  elevation mask, on a grid of ``step_s`` (contact edges to within one step; the timeline root-finds
  them to 1 ms). A request may be computed by any satellite that the one in view reaches over
  inter-satellite links (``routing: isl``, default for a cluster, whose members fly 100-1,000 m
  apart: Suncatcher, arXiv:2511.19468) or only by a satellite in view (``routing: direct``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.constants import R_EARTH_KM

C_KM_S = 299_792.458
FIBRE_GROUP_INDEX = 1.4682  # Corning SMF-28 at 1550 nm
FIBRE_KM_S = C_KM_S / FIBRE_GROUP_INDEX
ROUTE_FACTOR = 2.1  # Bozkurt et al. 2018: measured Internet latency rule of thumb (range 1.3-2.1)
MAX_SAMPLED_SATELLITES = 64  # satellites whose sky is evaluated; the rest follow their pattern
# Optical ground links: TBIRD's 200 Gbit/s LEO-to-ground downlink (NASA/MIT Lincoln Laboratory,
# TeraByte InfraRed Delivery, demonstrated 2023: kind measured). Clouds: a single optical site has
# a cloud-free line of sight 30 % (central Europe) to 80 % (favoured sites) of the time, and an
# eight-site Australia-New Zealand network averaged 69 % per site (Optica/DSTG network study, 2023,
# from satellite cloud data); 0.69 is the default, the 0.3-0.8 span its range. In time the sky of
# each station is a two-state Markov chain with that stationary share (ops/faults.py), so outages last
# hours (mean cloudy spell faults.CLOUDY_SPELL_MEAN_H, an estimate), not one independent coin an hour.
OPTICAL_DOWNLINK_BITS_PER_S = 2.0e11
CLEAR_SKY_PROBABILITY = 0.69
WEATHER_HOURS = 1.0  # the sky state's time step per station
ISL_SAMPLE_S = 600.0  # inter-satellite routes sampled every 10 min (the fleet's relative geometry drifts slowly)
BYTES_PER_TOKEN = 4.0  # ~4 characters of English text per token (OpenAI tokenizer guide), UTF-8 1 byte each


def clear_sky(stations: int, duration_s: float, probability: float, seed: int = 0) -> np.ndarray:
    """(hour, station) cloud-free flags: each station clear ``probability`` of the time, in spells of
    hours (``faults.clear_sky_markov``), independently of the others (no spatial correlation: site
    diversity at its most effective)."""
    from orbitaldc.ops.faults import clear_sky_markov

    hours = int(np.ceil(duration_s / (WEATHER_HOURS * 3600.0))) + 1
    return clear_sky_markov(stations, hours, probability, seed=seed)


def great_circle_km(lat1_deg, lon1_deg, lat2_deg, lon2_deg) -> np.ndarray:
    """Great-circle distance on a sphere of the equatorial radius (haversine), km. Vectorized."""
    p1, p2 = np.radians(lat1_deg), np.radians(lat2_deg)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lon2_deg) - np.asarray(lon1_deg))
    h = np.sin(dlat / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2.0) ** 2
    return 2.0 * R_EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def fibre_one_way_s(distance_km, route_factor: float = ROUTE_FACTOR) -> np.ndarray:
    """One-way propagation over fibre between two points ``distance_km`` apart on the ground, s."""
    return np.asarray(distance_km, dtype=float) * route_factor / FIBRE_KM_S


@dataclass(frozen=True)
class SkyWindows:
    """What the fleet's geometry allows on a grid of times (s from the window start).

    ``path`` is the share of the fleet that can reach the ground at each time (direct: the sampled
    satellites in view of a station; isl: 1 whenever any of them is), ``sunlit`` the share of the
    sampled satellites in sunlight, ``slant_km`` the shortest station-satellite range in view (NaN
    when none) and ``station`` its station index (-1 when none).
    """

    grid_s: np.ndarray
    path: np.ndarray
    sunlit: np.ndarray
    slant_km: np.ndarray
    station: np.ndarray
    station_range_km: np.ndarray  # (time, station): range to the nearest sampled satellite in view, inf if none
    routing: str
    sampled_satellites: int
    longest_shadow_s: float  # longest continuous shadow of any sampled satellite (to within a step)
    lit: np.ndarray | None = None  # (sampled satellite, time) sunlit flags
    isl_sample_s: np.ndarray | None = None  # times of the inter-satellite route samples (isl routing)
    isl_hop_km: np.ndarray | None = None  # nearest-neighbour hop lengths over the samples, km
    isl_route_km: np.ndarray | None = None  # (sample, station, target) route lengths from the entry satellite

    def at(self, t_s) -> np.ndarray:
        """Grid index holding each time (times before the grid use its first cell)."""
        return np.clip(np.searchsorted(self.grid_s, np.asarray(t_s, dtype=float), side="right") - 1,
                       0, self.grid_s.size - 1)

    def next_path_s(self, t_s) -> np.ndarray:
        """Earliest time >= t_s at which a path to the ground exists (inf if none is left)."""
        cells = self.at(t_s)
        open_cells = np.flatnonzero(self.path > 0)
        k = np.searchsorted(open_cells, cells)
        found = k < open_cells.size
        nxt = np.where(found, open_cells[np.minimum(k, max(open_cells.size - 1, 0))], 0) if open_cells.size \
            else np.zeros_like(cells)
        when = np.where(nxt == cells, np.asarray(t_s, dtype=float), self.grid_s[nxt])
        return np.where(found, when, np.inf)


def fleet_geometry(scenario, satellites: int):
    """The scenario's fleet as the sky evaluates it: ``orbit.constellation.build_constellation``,
    except that a ``cluster``, which the timeline reduces to its reference orbit (one trajectory for
    a formation within a kilometre), gets its members back at their Hill-Clohessy-Wiltshire offsets
    about that orbit (``orbit.formation.FormationFleet``, the model ``timeline.cluster_geometry``
    uses), so every member has a position for contacts, shadow and inter-satellite routes."""
    from dataclasses import replace

    from orbitaldc.orbit.constellation import build_constellation
    from orbitaldc.orbit.formation import FormationFleet, FormationTrajectory

    geometry = build_constellation(scenario, satellites)
    if geometry.kind != "cluster":
        return geometry
    orbit, chief = scenario.constellation.orbit, geometry.circular
    formation = FormationTrajectory.cluster(chief.t0, int(satellites), orbit.radius_m, orbit.spacing_m,
                                            float(chief.altitude_km[0]), float(chief.inclination_deg[0]),
                                            float(np.degrees(chief.raan0_rad[0])),
                                            float(np.degrees(chief.arglat0_rad[0])), layout=orbit.layout)
    return replace(geometry, fleet=FormationFleet(formation))


def sky_windows(constellation, stations, t0: np.datetime64, duration_s: float, routing: str,
                step_s: float = 10.0, clear: np.ndarray | None = None) -> SkyWindows:
    """Contact and sunlight of the fleet over [t0, t0 + duration_s] on a ``step_s`` grid.

    ``constellation`` is an ``orbit.constellation.ConstellationGeometry``; ``stations`` a list of
    ``orbit.contacts.Station``. Up to ``MAX_SAMPLED_SATELLITES`` satellites, evenly spread through
    the fleet, are evaluated. ``clear`` ((hour, station) booleans, ``clear_sky``) hides the stations
    under cloud: an optical link needs a cloud-free line of sight.
    """
    from orbitaldc.orbit.eclipse import shadow_margin_rad
    from orbitaldc.orbit.frames import geodetic_to_ecef_km, gmst_rad, local_up, rotate_z
    from orbitaldc.orbit.sun import days_since_j2000

    n = len(constellation.fleet.names)  # satellites the fleet propagates (a cluster: see fleet_geometry)
    pick = np.unique(np.linspace(0, n - 1, min(n, MAX_SAMPLED_SATELLITES)).round().astype(int))
    lat = np.array([s.lat_deg for s in stations])
    lon = np.array([s.lon_deg for s in stations])
    site = geodetic_to_ecef_km(lat, lon, np.array([s.elevation_m for s in stations]))
    up = local_up(lat, lon)
    mask = np.radians([s.min_elevation_deg for s in stations])
    day0 = float(days_since_j2000(np.datetime64(t0, "ns")))
    grids, in_view, sunlit, slant, station, lit_rows, per_station = [], [], [], [], [], [], []
    isl_t, hops, routes = [], [], []
    rng = np.random.default_rng(0)
    for chunk in constellation.fleet.chunks(np.datetime64(t0, "ns"), duration_s, step_s):
        t = chunk.grid_s
        sat = np.repeat(pick, t.size)
        times = np.tile(t, pick.size)
        r = chunk.trajectory.state(sat, times)[0].reshape(pick.size, t.size, 3)
        ok = chunk.ok[pick][:, None]
        sun = chunk.sun.at(t)
        lit = (shadow_margin_rad(r, sun[None, :, :]) >= 0.0) & ok
        fixed = rotate_z(r.reshape(-1, 3), np.tile(gmst_rad(day0 + t / 86400.0), pick.size)).reshape(r.shape)
        d = fixed[:, :, None, :] - site[None, None, :, :]  # (sat, time, station, 3)
        dist = np.linalg.norm(d, axis=-1)
        sine = np.sum(d * up[None, None, :, :], axis=-1) / dist
        visible = (np.arcsin(np.clip(sine, -1.0, 1.0)) >= mask[None, None, :]) & ok[:, :, None]
        if clear is not None:
            hour = np.minimum((t // (WEATHER_HOURS * 3600.0)).astype(int), clear.shape[0] - 1)
            visible &= clear[hour][None, :, :]
        through = np.where(visible, dist, np.inf)
        ranged = through.min(axis=0)  # (time, station)
        best = ranged.min(axis=1)
        if routing == "isl" and n > 1:
            _isl_samples(chunk, n, pick, through, ranged, isl_t, hops, routes, rng)
        per_station.append(ranged)
        grids.append(t)
        in_view.append(visible.any(axis=2).mean(axis=0))
        sunlit.append(lit.mean(axis=0))
        lit_rows.append(lit)
        slant.append(np.where(np.isfinite(best), best, np.nan))
        station.append(np.where(np.isfinite(best), ranged.argmin(axis=1), -1))
    view = np.concatenate(in_view)
    path = (view > 0).astype(float) if routing == "isl" else view
    grid = np.concatenate(grids)
    lit = np.concatenate(lit_rows, axis=1)
    return SkyWindows(grid, path, np.concatenate(sunlit), np.concatenate(slant), np.concatenate(station),
                      np.concatenate(per_station), routing, int(pick.size), _longest_run_s(~lit, grid), lit,
                      np.asarray(isl_t, dtype=float) if isl_t else None,
                      np.concatenate(hops) if hops else None, np.stack(routes) if routes else None)


def _isl_samples(chunk, n, pick, through, ranged, isl_t, hops, routes, rng) -> None:
    """Route and hop samples every ``ISL_SAMPLE_S`` of the chunk (its shared last point excluded):
    the entry satellite of each station is the nearest sampled one in view (``ops.isl``)."""
    from orbitaldc.ops.isl import sample_routes

    t = chunk.grid_s
    window = np.floor(t / ISL_SAMPLE_S)
    first = np.flatnonzero(np.r_[True, window[1:] != window[:-1]])
    first = first[(first < t.size - 1) | (t.size == 1)]
    if isl_t and first.size and t[first[0]] <= isl_t[-1]:
        first = first[1:]  # the previous chunk's last window already sampled this time
    for k in first:  # one sample per 10 minutes of trace, each vectorized over the fleet
        entry = np.where(np.isfinite(ranged[k]), pick[through[:, k, :].argmin(axis=0)], -1)
        hop, route = sample_routes(chunk.trajectory, n, t[k], entry, rng)
        isl_t.append(float(t[k]))
        hops.append(hop)
        routes.append(route)


def _longest_run_s(dark: np.ndarray, grid_s: np.ndarray) -> float:
    """Longest run of True along the time axis of ``dark`` (satellites, times), in seconds."""
    if not dark.any() or grid_s.size < 2:
        return 0.0
    padded = np.pad(dark.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    starts, ends = np.nonzero(edges == 1), np.nonzero(edges == -1)
    lengths = ends[1] - starts[1]  # row-major order pairs each run's start with its end
    return float(lengths.max()) * float(np.median(np.diff(grid_s)))
