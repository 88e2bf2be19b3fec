"""Clusters of satellites flying in formation around a reference circular orbit.

Relative motion: Hill-Clohessy-Wiltshire (Clohessy & Wiltshire, J. Aerospace Sci. 27(9)
653, 1960; Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., sec. 6.8;
Alfriend et al., Spacecraft Formation Flying, 2010), in the chief's local frame:
x radial (outward), y along-track, z cross-track (orbit normal), mean motion n. The
bounded (periodic) solutions need ydot0 = -2 n x0 (no along-track drift); centring every
relative ellipse on the chief also sets xdot0 = n y0 / 2. A centred relative orbit is then

    x = a cos(nt) + b sin(nt),   y = 2 (b cos(nt) - a sin(nt)),   z = k x,

with k = 0 in the orbital plane. Two layouts, both a hexagonal lattice of spacing d in the
coordinates (a, b):

* ``"orbital"`` (Suncatcher, arXiv:2511.19468, Fig. 2: an 81-satellite cluster "all placed
  in the orbital plane", 1 km radius, neighbours 100-200 m apart): (x, y/2) rotates rigidly
  once per orbit, so a pair d apart in (a, b) is between d and 2 d apart in space and the
  cluster breathes between a disc and a 2:1 ellipse; ``radius_m`` bounds 2 max|(a, b)|.
* ``"rigid"`` (the general circular orbit, k = sqrt(3)): every relative orbit is a circle and
  the whole plane - tilted 60 deg from the orbital plane about the along-track axis - turns
  rigidly, so all distances stay exactly d (in HCW) and the radius is max|(a, b)|.

Neglected (stated, not propagated):

* J2. The chief follows ``CircularJ2Trajectory`` (secular J2), but the relative motion is
  Keplerian HCW. Schweighart & Sedwick (JGCD 25(6) 1073, 2002) keep the linear form with
  c = sqrt(1 + s), s = 3 J2 R^2 / (8 a^2) (1 + 3 cos 2i); their bounded condition is
  ydot0 = -2 n c x0, so HCW initial conditions drift along-track by about 6 pi |s| A per
  orbit for a radial amplitude A (``j2_along_track_drift_m_per_orbit``). At 650 km SSO
  (i = 98.0 deg) s = -6.3e-4: 1.2 m per orbit for A = 100 m, 5.9 m for the 500 m radial
  amplitude at the edge of the Suncatcher cluster. Integrating chief and deputy with J2
  from osculating circular states (tests/validation) measures about twice that, 12.3 m per
  orbit for A = 500 m (~180 m/day): same sign and order, the factor being the osculating-
  versus-mean initial state. Out-of-plane offsets are inclination differences, whose
  differential nodal drift moves the cross-track amplitude Z by (3/2) n J2 (R/a)^2 sin^2 i Z
  per unit time: 0.82 m per orbit for Z = 100 m (``j2_cross_track_drift_m_per_orbit``,
  Alfriend et al. 2010); the orbital layout has none.
* Differential drag. A ballistic-coefficient difference gives a constant along-track
  acceleration difference f = -rho v^2 / 2 * delta(1/B), B = m / (Cd A); the HCW response is
  y = -(3/2) f t^2 with a radial drift x = 2 f t / n (HCW integrated with a constant
  along-track forcing). At 650 km (NRLMSISE-00 moderate activity, 8.9e-14 kg/m^3), A/m = 0.02 m^2/kg,
  Cd = 2.2 and a 10 % spread in 1/B: f = 1.1e-8 m/s^2, 0.6 m after one orbit, ~120 m after
  a day (``differential_drag_along_track_m``). Both effects are what station keeping trims.
* Nonlinearity: HCW's error grows as (delta r)^2 / a; against a two-body integration it is
  1.3 cm after one orbit for 100 m and 1.3-1.7 m for 1 km separations (about 10 rho^2 / a,
  measured in tests/validation/test_links_formation.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.constants import J2_EARTH, R_EARTH_KM
from orbitaldc.orbit.elements import mean_motion_rad_s, semi_major_axis_km, sso_inclination_deg
from orbitaldc.orbit.propagate import Chunk, CircularJ2Trajectory, time_grid

LAYOUTS = {"orbital": 0.0, "rigid": np.sqrt(3.0)}


# --- HCW ----------------------------------------------------------------------------------

def hcw_state(offsets, n_rad_s, t_s) -> np.ndarray:
    """Closed-form HCW state (..., 6) = (x, y, z, xdot, ydot, zdot) at ``t_s`` (m, m/s).

    ``offsets`` (..., 6) is the state at t = 0; ``t_s`` broadcasts against ``offsets[..., 0]``
    (Vallado 4th ed., sec. 6.8).
    """
    o = np.asarray(offsets, dtype=float)
    if o.shape[-1] != 6:
        raise ValueError(f"offsets: last axis must hold (x, y, z, xdot, ydot, zdot), got shape {o.shape}")
    n = float(n_rad_s)
    if not n > 0:
        raise ValueError("n_rad_s: must be positive")
    x0, y0, z0, u0, v0, w0 = np.moveaxis(o, -1, 0)
    nt = n * np.asarray(t_s, dtype=float)
    c, s = np.cos(nt), np.sin(nt)
    x = (4 - 3 * c) * x0 + s / n * u0 + 2 / n * (1 - c) * v0
    y = 6 * (s - nt) * x0 + y0 - 2 / n * (1 - c) * u0 + (4 * s - 3 * nt) / n * v0
    z = c * z0 + s / n * w0
    u = 3 * n * s * x0 + c * u0 + 2 * s * v0
    v = -6 * n * (1 - c) * x0 - 2 * s * u0 + (4 * c - 3) * v0
    w = -n * s * z0 + c * w0
    return np.stack(np.broadcast_arrays(x, y, z, u, v, w), axis=-1)


def hcw_periodic_velocity(position_m, n_rad_s, tilt: float = 0.0) -> np.ndarray:
    """Velocities (..., 3) that make HCW motion from ``position_m`` bounded and centred.

    xdot = n y / 2, ydot = -2 n x, zdot = tilt * xdot (z0 should equal tilt * x0).
    """
    p = np.asarray(position_m, dtype=float)
    n = float(n_rad_s)
    xdot = 0.5 * n * p[..., 1]
    return np.stack([xdot, -2.0 * n * p[..., 0], tilt * xdot], axis=-1)


def hex_lattice(n_points: int, spacing: float) -> np.ndarray:
    """The ``n_points`` points of a hexagonal lattice (spacing ``spacing``) nearest the origin."""
    k = int(np.ceil(np.sqrt(n_points))) + 2
    i, j = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1), indexing="ij")
    pts = np.stack([i + 0.5 * j, np.sqrt(3.0) / 2.0 * j], axis=-1).reshape(-1, 2) * spacing
    radius = np.round(np.hypot(pts[:, 0], pts[:, 1]) / spacing, 9)
    order = np.lexsort((np.arctan2(pts[:, 1], pts[:, 0]), radius))
    return pts[order[:n_points]]


def cluster_offsets(n_satellites: int, radius_m: float, spacing_m: float, altitude_km: float = 650.0,
                    layout: str = "orbital") -> np.ndarray:
    """HCW initial states (n_satellites, 6) in m and m/s of a compact cluster.

    A hexagonal lattice of spacing ``spacing_m`` in the relative-orbit coordinates (see the
    module docstring) whose every member stays within ``radius_m`` of the reference point
    at all times and whose nearest neighbours never come closer than ``spacing_m``.
    Satellite 0 sits on the reference orbit. Raises ValueError if they do not fit.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout: unknown {layout!r}; use one of {', '.join(LAYOUTS)}")
    if isinstance(n_satellites, bool) or not isinstance(n_satellites, int | np.integer) or n_satellites < 1:
        raise ValueError("n_satellites: must be a positive integer")
    if not (np.isfinite(radius_m) and radius_m > 0):
        raise ValueError("radius_m: must be positive")
    if not (np.isfinite(spacing_m) and spacing_m > 0):
        raise ValueError("spacing_m: must be positive")
    if n_satellites > 1 and spacing_m > radius_m:
        raise ValueError(f"spacing_m: {spacing_m} m is larger than radius_m {radius_m} m")
    stretch = 2.0 if layout == "orbital" else 1.0  # max distance / lattice radius
    ab = hex_lattice(int(n_satellites), spacing_m)
    needed = stretch * float(np.max(np.hypot(ab[:, 0], ab[:, 1])))
    if needed > radius_m * (1 + 1e-9):
        raise ValueError(f"radius_m: {n_satellites} satellites {spacing_m} m apart need {needed:.0f} m "
                         f"in the {layout!r} layout")
    tilt = LAYOUTS[layout]
    if layout == "orbital":
        position = np.stack([ab[:, 0], 2.0 * ab[:, 1], np.zeros(len(ab))], axis=-1)
    else:  # plane spanned by (1, 0, sqrt 3)/2 and the along-track axis
        position = np.stack([0.5 * ab[:, 0], ab[:, 1], 0.5 * tilt * ab[:, 0]], axis=-1)
    n = float(mean_motion_rad_s(altitude_km))
    return np.concatenate([position, hcw_periodic_velocity(position, n, tilt)], axis=-1)


def neighbour_pairs(offsets, n_rad_s, spacing_m, tolerance: float = 0.01) -> np.ndarray:
    """Pairs (k, 2) whose closest approach over one orbit is within ``tolerance`` of ``spacing_m``."""
    from scipy.spatial import cKDTree

    o = np.asarray(offsets, dtype=float)
    candidates = np.array(sorted(cKDTree(o[:, :3]).query_pairs(2.0 * spacing_m * (1 + tolerance))), dtype=np.int64)
    if candidates.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    t = np.linspace(0.0, 2 * np.pi / n_rad_s, 73)
    rel = hcw_state((o[candidates[:, 1]] - o[candidates[:, 0]])[:, None, :], n_rad_s, t[None, :])
    closest = np.min(np.linalg.norm(rel[..., :3], axis=-1), axis=1)
    return candidates[closest <= spacing_m * (1 + tolerance)]


# --- absolute states ----------------------------------------------------------------------

@dataclass(frozen=True)
class FormationTrajectory:
    """Satellites at HCW offsets from a chief on a closed-form J2 circular orbit.

    ``state(sat, t_s)`` has the ``CircularJ2Trajectory`` interface (km, km/s, mean equator
    and equinox of date). Deputy = chief + R(LVLH -> inertial) rho, velocity = chief velocity
    + R (rho_dot + omega x rho), with omega the frame rate (argument-of-latitude rate about
    the orbit normal plus the nodal rate about z).
    """

    chief: CircularJ2Trajectory  # one satellite: the reference orbit
    offsets: np.ndarray  # (n_sat, 6) HCW states at the chief's epoch, m and m/s
    n_rad_s: float  # HCW mean motion

    @classmethod
    def cluster(cls, t0, n_satellites: int, radius_m: float, spacing_m: float, altitude_km: float = 650.0,
                inclination_deg: float | None = None, raan0_deg: float = 0.0, arglat0_deg: float = 0.0,
                layout: str = "orbital"):
        """A ``cluster_offsets`` cluster about a circular orbit (SSO inclination by default)."""
        inc = float(sso_inclination_deg(altitude_km)) if inclination_deg is None else inclination_deg
        chief = CircularJ2Trajectory.from_elements(t0, altitude_km, inc, raan0_deg, arglat0_deg)
        offsets = cluster_offsets(n_satellites, radius_m, spacing_m, altitude_km, layout)
        return cls(chief, offsets, float(mean_motion_rad_s(altitude_km)))

    def __post_init__(self):
        if self.chief.n != 1:
            raise ValueError("chief: the reference orbit must hold exactly one satellite")
        if np.asarray(self.offsets).ndim != 2 or np.asarray(self.offsets).shape[1] != 6:
            raise ValueError("offsets: expected shape (n_satellites, 6)")

    @property
    def n(self) -> int:
        return len(self.offsets)

    @property
    def t0(self) -> np.datetime64:
        return self.chief.t0

    def lvlh_axes(self, t_s) -> tuple[np.ndarray, ...]:
        """Radial, along-track and orbit-normal unit vectors (..., 3) and the frame rate (..., 3) rad/s."""
        t = np.asarray(t_s, dtype=float)
        raan_rate, u_rate = self.chief.rates()
        raan = self.chief.raan0_rad[0] + raan_rate[0] * t
        u = self.chief.arglat0_rad[0] + u_rate[0] * t
        inc = np.radians(self.chief.inclination_deg[0])
        co, so, ci, si = np.cos(raan), np.sin(raan), np.cos(inc), np.sin(inc)
        p = np.stack([co, so, np.zeros_like(co)], axis=-1)
        q = np.stack([-so * ci, co * ci, np.full_like(co, si)], axis=-1)
        h = np.stack([so * si, -co * si, np.full_like(co, ci)], axis=-1)
        cu, su = np.cos(u)[..., None], np.sin(u)[..., None]
        radial, along = cu * p + su * q, -su * p + cu * q
        omega = u_rate[0] * h + raan_rate[0] * np.array([0.0, 0.0, 1.0])
        return radial, along, h, omega

    def state(self, sat, t_s) -> tuple[np.ndarray, np.ndarray]:
        sat = np.asarray(sat)
        t = np.asarray(t_s, dtype=float)
        sat, t = np.broadcast_arrays(sat, t)
        r_c, v_c = self.chief.state(np.zeros(sat.shape, dtype=np.int64), t)
        radial, along, normal, omega = self.lvlh_axes(t)
        rel = hcw_state(np.asarray(self.offsets)[sat], self.n_rad_s, t) / 1e3  # km, km/s
        rho = rel[..., :1] * radial + rel[..., 1:2] * along + rel[..., 2:3] * normal
        rho_dot = rel[..., 3:4] * radial + rel[..., 4:5] * along + rel[..., 5:6] * normal
        return r_c + rho, v_c + rho_dot + np.cross(omega, rho)


class FormationFleet:
    """A ``FormationTrajectory`` behind the fleet interface (``names``, ``chunks``)."""

    model = ("Hill-Clohessy-Wiltshire relative motion about a closed-form secular-J2 circular chief "
             "(differential J2 and drag neglected); Astronomical Almanac Sun")

    def __init__(self, trajectory: FormationTrajectory, names=None):
        self.trajectory = trajectory
        self.names = list(names) if names is not None else [f"sat-{k}" for k in range(trajectory.n)]

    def chunks(self, t0: np.datetime64, duration_s: float, step_s: float, chunk_s: float = 86400.0):
        from orbitaldc.orbit.sun import SunTrack, days_since_j2000, sun_vector_km

        offset = (np.datetime64(t0, "ns") - self.trajectory.t0) / np.timedelta64(1, "s")
        shifted = _Shifted(self.trajectory, float(offset))
        grid = time_grid(duration_s, step_s)
        per_chunk = max(int(round(chunk_s / (grid[1] - grid[0]))), 1)
        n = self.trajectory.n
        day0 = float(days_since_j2000(t0))
        for a in range(0, len(grid) - 1, per_chunk):
            g = grid[a: a + per_chunk + 1]
            sun = SunTrack(g, np.moveaxis(sun_vector_km(day0 + g / 86400.0), 0, -1))
            yield Chunk(g, shifted, np.ones(n, bool), np.zeros(n, int), sun)


@dataclass(frozen=True)
class _Shifted:
    trajectory: FormationTrajectory
    offset_s: float

    def state(self, sat, t_s):
        return self.trajectory.state(sat, np.asarray(t_s, dtype=float) + self.offset_s)


def neighbour_distance_stats(trajectory, neighbours, start_s: float, end_s: float, step_s: float = 10.0):
    """Minimum and maximum distance (m) of every pair over [start_s, end_s]: two (n_pairs,) arrays.

    Distances are sampled every ``step_s`` and each sampled extremum is refined by the vertex
    of the parabola through it and its two neighbours (HCW motion is smooth on the scale of
    minutes, so the residual is far below a millimetre at the default step).
    """
    from orbitaldc.orbit.links import check_pairs

    p = check_pairs(neighbours, getattr(trajectory, "n", None), "neighbours")
    if not end_s > start_s:
        raise ValueError("end_s: must be after start_s")
    if not step_s > 0:
        raise ValueError("step_s: must be positive")
    t = start_s + time_grid(end_s - start_s, step_s)
    a, b, tt = np.broadcast_arrays(p[:, :1], p[:, 1:], t[None, :])
    r_a = trajectory.state(a, tt)[0]
    r_b = trajectory.state(b, tt)[0]
    d = np.linalg.norm(r_b - r_a, axis=-1) * 1e3
    return _refined_extreme(d, np.argmin(d, axis=1)), _refined_extreme(d, np.argmax(d, axis=1))


def _refined_extreme(d: np.ndarray, k: np.ndarray) -> np.ndarray:
    rows = np.arange(len(d))
    inner = (k > 0) & (k < d.shape[1] - 1)
    km, kp = np.clip(k - 1, 0, None), np.clip(k + 1, None, d.shape[1] - 1)
    y0, y1, y2 = d[rows, km], d[rows, k], d[rows, kp]
    curvature = y0 - 2 * y1 + y2
    safe = inner & (np.abs(curvature) > 1e-12)
    vertex = y1 - np.divide((y2 - y0) ** 2, 8 * curvature, out=np.zeros_like(y1), where=safe)
    return np.where(safe, vertex, y1)


# --- neglected perturbations, in numbers --------------------------------------------------

def schweighart_sedwick_s(altitude_km, inclination_deg) -> np.ndarray:
    """s = 3 J2 R^2 / (8 a^2) (1 + 3 cos 2i) of Schweighart & Sedwick (2002)."""
    a = semi_major_axis_km(altitude_km)
    return 3 * J2_EARTH * R_EARTH_KM**2 / (8 * a**2) * (1 + 3 * np.cos(2 * np.radians(inclination_deg)))


def j2_along_track_drift_m_per_orbit(radial_amplitude_m, altitude_km, inclination_deg) -> np.ndarray:
    """|6 pi s A|: along-track drift per orbit of HCW initial conditions under J2 (m)."""
    return np.abs(6 * np.pi * schweighart_sedwick_s(altitude_km, inclination_deg) * np.asarray(radial_amplitude_m))


def j2_cross_track_drift_m_per_orbit(cross_track_amplitude_m, altitude_km, inclination_deg) -> np.ndarray:
    """Cross-track offset gained per orbit by differential nodal precession, (3/2) J2 (R/a)^2 sin^2 i 2 pi Z (m)."""
    a = semi_major_axis_km(altitude_km)
    return (1.5 * J2_EARTH * (R_EARTH_KM / a) ** 2 * np.sin(np.radians(inclination_deg)) ** 2 * 2 * np.pi
            * np.abs(np.asarray(cross_track_amplitude_m)))


def differential_drag_along_track_m(delta_inverse_ballistic_m2_kg, t_s, altitude_km: float = 650.0,
                                    activity: str = "moderate") -> np.ndarray:
    """|y| = (3/2) |f| t^2 with f = rho v^2 / 2 * delta(1/B): along-track separation from drag (m)."""
    from orbitaldc.orbit.drag import drag_acceleration_m_s2

    f = drag_acceleration_m_s2(altitude_km, 1.0, activity) * np.abs(np.asarray(delta_inverse_ballistic_m2_kg))
    return 1.5 * f * np.asarray(t_s, dtype=float) ** 2


MAX_CLUSTER_SATELLITES = 100_000  # the lattice and the pairwise neighbour ranges grow with n (and n^2)


def cluster_fit_problems(orbit, satellites: int) -> tuple[str, ...]:
    """Why ``satellites`` do not fit a scenario's ``cluster`` orbit at its spacing (empty if they do)."""
    if satellites > MAX_CLUSTER_SATELLITES:
        return (f"a cluster of {satellites:,} satellites is more than the {MAX_CLUSTER_SATELLITES:,} orbitaldc "
                "models as one formation: use several clusters or a Walker shell",)
    try:
        cluster_offsets(satellites, orbit.radius_m, orbit.spacing_m, orbit.altitude_km, orbit.layout)
    except ValueError as exc:
        return (f"the cluster does not fit: {exc}",)
    return ()
