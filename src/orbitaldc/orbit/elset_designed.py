"""A catalogue of element sets turned into a designed constellation, and shell summaries.

A TLE is not a year-long prediction (``elsets.ACCURACY_HORIZON_DAYS``). Beyond a scenario's
``element_set_days`` the timeline continues each satellite as a circular orbit with secular J2
rates (``propagate.CircularJ2Trajectory``, the designed-constellation model) started from where
sgp4 puts it at the switch: node, inclination and argument of latitude of its osculating state,
altitude the mean radius over one revolution of sgp4. Its altitude then follows the drag decay of
``drag.decay_rate_km_per_day`` at moderate solar activity, with the ballistic coefficient of its
B* (``ballistic_coefficient_from_bstar``): no station keeping, and the continuation holds the mean
altitude over its span. Satellites are near circular here (the catalogue's e < 0.005 for 99 %
of Starlink); an eccentric one keeps its mean radius, not its apsides.

Its error against sgp4 is measured over 30 days on the shipped Starlink catalogue by
tests/validation/test_elset_fleet.py and stated in ``SWITCH_ERROR`` (the timeline quotes it).

Shells: satellites grouped by inclination (``SHELL_INCLINATION_DEG`` bins) and altitude
(``SHELL_ALTITUDE_KM`` bins), and within a shell into planes: nodes sorted and cut where
neighbours are more than ``PLANE_GAP_DEG`` apart.
"""

from __future__ import annotations

import numpy as np
from sgp4.api import SatrecArray

from orbitaldc.constants import R_EARTH_KM
from orbitaldc.orbit.propagate import CircularJ2Trajectory, julian_dates

# B* = Cd (A / m) rho0 / 2 with SGP4's reference density rho0 = 0.15696615 kg/m^2 per Earth
# radius (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., sec. 9.6; Hoots &
# Roehrich, Spacetrack Report #3, 1980), so B = m / (Cd A) = rho0 / (2 B*).
SGP4_RHO0_KG_M2_PER_ER = 0.15696615
SHELL_INCLINATION_DEG = 0.5
SHELL_ALTITUDE_KM = 10.0
PLANE_GAP_DEG = 2.0
MEAN_RADIUS_SAMPLES = 16
# Bounds on the worst satellite, measured by tests/validation/test_elset_fleet.py::
# test_designed_switch_error_over_30_days (118 satellites of the shipped catalogue, 30 days, the 12
# default stations): worst 0.008 in sunlit fraction, 15 s in longest eclipse, 8.9 % in contact time;
# medians 0.0003, 1.1 s and 0.4 %.
SWITCH_ERROR = {"sunlit_fraction": 0.01, "max_eclipse_s": 20.0, "contact_fraction": 0.10}


def ballistic_coefficient_from_bstar(bstar: np.ndarray) -> np.ndarray:
    """m / (Cd A) in kg/m^2 from SGP4's B* (1/ER); infinite (no drag) for B* <= 0."""
    bstar = np.asarray(bstar, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(bstar > 0, SGP4_RHO0_KG_M2_PER_ER / (2.0 * np.where(bstar > 0, bstar, 1.0)), np.inf)


def designed_continuation(satrecs, t0: np.datetime64, switch_s: float, span_s: float):
    """Circular J2 orbits of every satellite from t0 + switch_s, for a continuation of span_s:
    (trajectory whose t0 is the switch time, altitude drop over the span in km, error codes)."""
    from orbitaldc.orbit import drag

    periods = np.array([2 * np.pi / s.no_kozai * 60.0 for s in satrecs])
    offsets = np.linspace(0.0, 1.0, MEAN_RADIUS_SAMPLES, endpoint=False)
    jd, fr = julian_dates(t0, switch_s + offsets * np.median(periods))
    err, r, v = SatrecArray(list(satrecs)).sgp4(jd, fr)
    bad = (err != 0).any(axis=1)
    r0, v0 = r[:, 0], v[:, 0]
    h = np.cross(r0, v0)
    hn = np.linalg.norm(h, axis=-1)
    inc = np.degrees(np.arccos(np.clip(h[:, 2] / hn, -1.0, 1.0)))
    node = np.arctan2(h[:, 0], -h[:, 1])
    p = np.stack([np.cos(node), np.sin(node), np.zeros_like(node)], axis=-1)
    q = np.cross(h / hn[:, None], p)
    arglat = np.arctan2(np.sum(r0 * q, axis=-1), np.sum(r0 * p, axis=-1))
    altitude = np.linalg.norm(r, axis=-1).mean(axis=1) - R_EARTH_KM
    altitude = np.where(bad, 550.0, altitude)
    low, high = drag.altitude_range_km()
    b = ballistic_coefficient_from_bstar([s.bstar for s in satrecs])
    finite = np.isfinite(b) & ~bad
    rate = np.zeros(len(satrecs))
    if finite.any():
        rate[finite] = drag.decay_rate_km_per_day(np.clip(altitude[finite], low, high), b[finite], "moderate")
    drop = np.minimum(np.abs(rate) * span_s / 86400.0, np.maximum(altitude - 120.0, 0.0))
    mean_altitude = altitude - 0.5 * drop
    switch = np.datetime64(t0, "ns") + np.timedelta64(int(round(switch_s * 1e9)), "ns")
    traj = CircularJ2Trajectory(switch, mean_altitude, inc, node, arglat)
    return traj, drop, np.where(bad, err[np.arange(len(err)), (err != 0).argmax(axis=1)], 0)


def shells(inclination_deg, altitude_km, raan_deg, values: dict) -> list[dict]:
    """Shell summaries: per (inclination, altitude) bin its satellites, planes and the mean / min /
    max of each per-satellite value in ``values`` (NaN entries, e.g. skipped satellites, left out)."""
    inc_bin = np.round(np.asarray(inclination_deg) / SHELL_INCLINATION_DEG) * SHELL_INCLINATION_DEG
    alt_bin = np.round(np.asarray(altitude_km) / SHELL_ALTITUDE_KM) * SHELL_ALTITUDE_KM
    raan = np.mod(np.asarray(raan_deg, dtype=float), 360.0)
    out = []
    for i_deg, a_km in sorted(set(zip(inc_bin.tolist(), alt_bin.tolist(), strict=True))):
        members = np.flatnonzero((inc_bin == i_deg) & (alt_bin == a_km))
        nodes = np.sort(raan[members])
        gaps = np.diff(np.r_[nodes, nodes[0] + 360.0])
        planes = max(int(np.sum(gaps > PLANE_GAP_DEG)), 1)
        row = {"inclination_deg": i_deg, "altitude_km": a_km, "satellites": int(members.size), "planes": planes}
        for name, v in values.items():
            x = np.asarray(v, dtype=float)[members]
            x = x[np.isfinite(x)]
            row[name] = ({"mean": float(x.mean()), "min": float(x.min()), "max": float(x.max())} if x.size
                         else None)
        out.append(row)
    return out


def mean_orbits(satrecs, t0: np.datetime64):
    """Inclination (deg), mean altitude over a revolution (km) and node (deg) at t0, per satellite."""
    traj, _, err = designed_continuation(satrecs, t0, 0.0, 0.0)
    return traj.inclination_deg, traj.altitude_km, np.degrees(traj.raan0_rad), err
