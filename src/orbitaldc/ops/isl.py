"""Inter-satellite routes: how far a request travels from the satellite in contact to the one that
computes it, and the length of one link hop, from the fleet's positions (the trajectory the
Timeline propagates).

- hop: each satellite's link to its nearest neighbour (a k-d tree over the fleet's positions at a
  sample time, scipy.spatial.cKDTree); one-way propagation = distance / c. For a +Grid mesh (four
  links: two in-plane, two to neighbouring planes; Bhattacherjee & Singla, "Network topology design
  at 27,000 km/hour", CoNEXT 2019) the in-plane neighbour is the nearest in a Walker or SSO shell;
  in a cluster (Suncatcher, arXiv:2511.19468) it is the formation neighbour 100-1,000 m away.
- route: from the satellite in view of the request's station (the nearest one in view) to a
  computing satellite drawn uniformly from the fleet (the pooled queue does not say which slot
  serves a request). A mesh path follows the shell: its length is the great-circle arc between
  the two at their mean radius times 4/pi, the mean ratio of the L1 to the L2 length of a
  uniformly oriented displacement (the mesh moves along plane and across planes, not
  diagonally), and never less than the straight chord. Propagation only: no switching,
  serialisation or queueing in the satellites' routers (stated in the document).
"""

from __future__ import annotations

import numpy as np

C_KM_S = 299_792.458
MESH_FACTOR = 4.0 / np.pi  # E|cos| + E|sin| over a uniform direction: L1/L2 of a mesh path
ROUTE_TARGETS = 32  # computing satellites drawn per sample time and station
HOP_SATELLITES = 256  # satellites whose nearest-neighbour hop is kept per sample time


def nearest_neighbour_km(r_km: np.ndarray) -> np.ndarray:
    """Distance from each satellite (rows of ``r_km``, km) to its nearest other satellite, km."""
    from scipy.spatial import cKDTree

    if r_km.shape[0] < 2:
        return np.full(r_km.shape[0], np.nan)
    distance, _ = cKDTree(r_km).query(r_km, k=2)
    return distance[:, 1]


def route_km(r_from: np.ndarray, r_to: np.ndarray) -> np.ndarray:
    """Mesh path length between positions ``r_from`` and ``r_to`` (..., 3) km (module docstring):
    max(chord, arc at the mean radius x 4/pi); 0 where they coincide."""
    a, b = np.linalg.norm(r_from, axis=-1), np.linalg.norm(r_to, axis=-1)
    cos = np.clip(np.sum(r_from * r_to, axis=-1) / (a * b), -1.0, 1.0)
    arc = np.arccos(cos) * 0.5 * (a + b)
    chord = np.linalg.norm(r_to - r_from, axis=-1)
    return np.maximum(chord, MESH_FACTOR * arc)


def sample_routes(trajectory, satellites: int, t_s: float, entry: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """At one time ``t_s``: nearest-neighbour hop lengths of up to ``HOP_SATELLITES`` satellites
    (km) and, per station, the route lengths (km) from its entry satellite (``entry``: global index
    per station, -1 for none) to ``ROUTE_TARGETS`` random computing satellites (NaN without entry)."""
    sats = np.arange(satellites)
    r = trajectory.state(sats, np.full(satellites, float(t_s)))[0]
    hop = nearest_neighbour_km(r)
    if satellites > HOP_SATELLITES:
        hop = hop[rng.choice(satellites, HOP_SATELLITES, replace=False)]
    targets = rng.integers(0, satellites, (entry.size, ROUTE_TARGETS))
    safe = np.where(entry >= 0, entry, 0)
    routes = route_km(r[safe][:, None, :], r[targets])
    return hop, np.where((entry >= 0)[:, None], routes, np.nan)


def request_route_s(routes_km: np.ndarray, sample_s: np.ndarray, arrival_s: np.ndarray, station: np.ndarray,
                    rng) -> np.ndarray:
    """One-way ISL propagation per request, s: the route sample (time, station, target) nearest each
    request's arrival at its station, a random target; a station with no entry at that time falls
    back to the median route of the sample (0 when none has one)."""
    if routes_km.size == 0:
        return np.zeros(arrival_s.size)
    k = np.clip(np.searchsorted(sample_s, arrival_s, side="right") - 1, 0, sample_s.size - 1)
    j = rng.integers(0, routes_km.shape[2], arrival_s.size)
    st = np.clip(station, 0, routes_km.shape[1] - 1)
    picked = routes_km[k, st, j]
    flat = routes_km.reshape(routes_km.shape[0], -1)
    some = np.isfinite(flat).any(axis=1)
    typical = np.zeros(routes_km.shape[0])
    typical[some] = np.nanmedian(flat[some], axis=1)  # rows without any entry would warn
    return np.where(np.isfinite(picked) & (station >= 0), picked, typical[k]) / C_KM_S
