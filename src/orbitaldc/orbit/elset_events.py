"""Events of element sets from prediction to statistics: one time batch refined with sgp4
(``refine_batch``), per-satellite statistics (``aggregate``), tasks merged (``merge``), and the
same statistics from the root-finder reference (``reference_statistics``) for slow orbits and
for tests.

Statistics follow ``fleet.FleetEclipses`` / ``fleet.FleetContacts``: total and longest
eclipse, days of 86,400 s from the start holding one, count; contact time as the union over
stations, longest gap without any, passes, time per station. Intervals are clipped to the
window; an interval found by two neighbouring batches (their predictions overlap at the
seam) is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.orbit import elset_kernels
from orbitaldc.orbit.elset_kernels import CLEAR
from orbitaldc.orbit.elset_refine import (
    GMST_RATE_RAD_S,
    curvature_bound,
    elevation_function,
    extremum,
    newton,
    shadow_function,
)
from orbitaldc.orbit.sun import days_since_j2000

# Newton stops when the error left, bounded by k step^2, is below these (s): 50 ms against the
# validation's 1 s for eclipse edges, and for pass edges against 0.5 % + 10 s of contact time.
ECLIPSE_TOL_S = 0.05
PASS_TOL_S = 0.5
# Margin (rad) within which a predicted event may or may not happen: the anchor model's error
# in beta or in the station's angle to the plane (~1e-3 rad), sgp4's short-period radius
# (+-10 km: 3.5e-3 rad of shadow edge angle at 550 km), and, for eccentric orbits, the radius
# swing of +-a e (3 e rad bounds its effect on both edge angles in LEO).
GRAZING_MARGIN_RAD = 0.01
GRAZING_PER_ECCENTRICITY = 3.0
SEARCH_CURVATURE = 1e3  # k for edges found from a grazing search: Newton runs to |step| < 7 ms


def _kernels(job):
    if job.serial:
        return elset_kernels.eclipse_candidates_serial, elset_kernels.pass_candidates_serial
    return elset_kernels.eclipse_candidates, elset_kernels.pass_candidates


def _gather(offsets, count):
    sat = np.repeat(np.arange(count.size), count)
    first = np.cumsum(count) - count
    return sat, offsets[sat] + np.arange(sat.size) - first[sat]


def _edges(pairs, g, sat, index, mid, half, flag, rate, tol_s, bad):
    """Start and end of every candidate that happens: (sat, index, start, end)."""
    period = 2 * np.pi / rate[sat]
    clear = np.flatnonzero(flag == CLEAR)
    k_bound = curvature_bound(rate[sat[clear]], 1.0, half[clear] * rate[sat[clear]])
    c_sat, c_idx, c_mid, c_half, c_per = sat[clear], index[clear], mid[clear], half[clear], period[clear]
    t, ok = newton(pairs, g, np.r_[c_sat, c_sat], np.r_[c_idx, c_idx], np.r_[c_mid - c_half, c_mid + c_half],
                   np.r_[c_mid - 0.5 * c_per, c_mid], np.r_[c_mid, c_mid + 0.5 * c_per], np.r_[k_bound, k_bound],
                   tol_s, bad)
    m = clear.size
    start, end = t[:m], t[m:]
    good = ok[:m] & ok[m:] & (end > start)
    out = [(c_sat[good], c_idx[good], start[good], end[good])]
    retry = np.r_[np.flatnonzero(flag != CLEAR), clear[~good]]
    s_sat, s_idx, s_per = sat[retry], index[retry], period[retry]
    t_ext, low, curve = extremum(pairs, g, s_sat, s_idx, mid[retry], 0.25 * s_per, bad)
    inside = np.flatnonzero(low < 0)
    if inside.size:
        s_sat, s_idx, s_per, t_ext = s_sat[inside], s_idx[inside], s_per[inside], t_ext[inside]
        with np.errstate(invalid="ignore", divide="ignore"):
            h = np.sqrt(-2.0 * low[inside] / curve[inside])
        h = np.where(np.isfinite(h) & (h > 0), np.minimum(h, 0.25 * s_per), s_per / 16)
        k_bound = np.full(2 * inside.size, SEARCH_CURVATURE)
        t, ok = newton(pairs, g, np.r_[s_sat, s_sat], np.r_[s_idx, s_idx], np.r_[t_ext - h, t_ext + h],
                       np.r_[t_ext - 0.5 * s_per, t_ext], np.r_[t_ext, t_ext + 0.5 * s_per], k_bound, tol_s, bad)
        m = inside.size
        good = ok[:m] & ok[m:] & (t[m:] > t[:m])
        bad[s_sat[~good]] = True  # no convergence: never silently drop an event
        out.append((s_sat[good], s_idx[good], t[:m][good], t[m:][good]))
    return tuple(np.concatenate(x) for x in zip(*out, strict=True))


def refine_batch(pairs, model, ecc, job, stations, lo: float, hi: float, bad) -> dict:
    """Eclipses and passes whose predicted centre lies in [lo, hi), refined with sgp4."""
    t_first, step, big_u, big_w, inc, a = model
    rate = (big_u[:, -1] - big_u[:, 0]) / (step * (big_u.shape[1] - 1))
    period = 2 * np.pi / rate
    delta = GRAZING_MARGIN_RAD + GRAZING_PER_ECCENTRICITY * ecc
    cap = (np.ceil((hi - lo) / period) + 3).astype(np.int64)
    offsets = np.r_[0, np.cumsum(cap)].astype(np.int64)
    from orbitaldc.orbit.elset_fleet import SUN_STEP_S

    kernels = _kernels(job)
    mid, half, flag, count = kernels[0](t_first, step, big_u, big_w, inc, a, job.sun_t0, SUN_STEP_S,
                                                job.sun_xyz, lo, hi, delta, offsets)
    sat, pos = _gather(offsets, count)
    keep = ~bad[sat]
    sat, pos = sat[keep], pos[keep]
    g = shadow_function(job.sun_t0, SUN_STEP_S, job.sun_xyz, job.kind)
    e_sat, _, e_start, e_end = _edges(pairs, g, sat, np.zeros(sat.size, dtype=np.int64), mid[pos], half[pos],
                                      flag[pos], rate, ECLIPSE_TOL_S, bad)
    out = {"eclipse": (e_sat, e_start, e_end)}
    if stations is None:
        out["passes"] = (np.empty(0, dtype=np.int64),) * 2 + (np.empty(0),) * 2
        return out
    lat, lon, site, up, mask = stations
    m = lat.size
    radius = np.linalg.norm(site, axis=-1)
    geocentric = np.arcsin(site[:, 2] / radius)
    # The geodetic horizon tilts the visibility cap toward the geodetic latitude (fleet_kernels).
    x = radius * np.cos(mask) / a.mean(axis=1).max()
    kappa = 1.0 - (radius * np.sin(mask) / a.mean(axis=1).max()) / np.sqrt(1.0 - np.minimum(x * x, 0.999))
    tilted = geocentric + kappa * (np.radians(lat) - geocentric)
    day0 = float(days_since_j2000(job.t0))
    from orbitaldc.orbit.frames import gmst_rad

    cap = (m * (np.ceil((hi - lo) * (rate + GMST_RATE_RAD_S) / (2 * np.pi)) + 3)).astype(np.int64)
    offsets = np.r_[0, np.cumsum(cap)].astype(np.int64)
    station, mid, half, flag, count = kernels[1](t_first, step, big_u, big_w, inc, a, float(gmst_rad(day0)),
                                                      GMST_RATE_RAD_S, tilted, np.radians(lon), radius, mask, lo,
                                                      hi, delta, offsets)
    sat, pos = _gather(offsets, count)
    keep = ~bad[sat]
    sat, pos = sat[keep], pos[keep]
    elevation = elevation_function(site, up, np.sin(mask), day0)

    def below(r, v, t, index):  # negative while in view, as the shadow margin is in shadow
        value, slope = elevation(r, v, t, index)
        return -value, -slope

    p_sat, p_sta, rise, fall = _edges(pairs, below, sat, station[pos].astype(np.int64), mid[pos], half[pos],
                                      flag[pos], rate, PASS_TOL_S, bad)
    out["passes"] = (p_sat, p_sta, rise, fall)
    return out


def _dedupe_clip(key, start, end, duration_s):
    """Intervals clipped to [0, duration], sorted by (key, start), each found once."""
    start, end = np.maximum(start, 0.0), np.minimum(end, duration_s)
    keep = end > start
    key, start, end = key[keep], start[keep], end[keep]
    order = np.lexsort((start, key))
    key, start, end = key[order], start[order], end[order]
    same = np.zeros(key.size, dtype=bool)
    same[1:] = (key[1:] == key[:-1]) & (np.abs(start[1:] - start[:-1]) < 1.0)
    return key[~same], start[~same], end[~same]


def union_and_gap(sat, start, end, n: int, duration_s: float):
    """Per satellite: time covered by the union of its intervals and the longest time uncovered
    (intervals sorted by (sat, start), within [0, duration])."""
    union, gap = np.zeros(n), np.full(n, float(duration_s))
    if sat.size == 0:
        return union, gap
    big = 2.0 * duration_s + 10.0
    reach = np.maximum.accumulate(end + sat * big) - sat * big  # farthest end so far, per satellite
    first = np.r_[True, sat[1:] != sat[:-1]]
    before = np.where(first, 0.0, np.r_[0.0, reach[:-1]])
    np.add.at(union, sat, np.maximum(end - np.maximum(start, before), 0.0))
    longest = np.zeros(n)
    np.maximum.at(longest, sat, np.maximum(start - before, 0.0))
    last = np.r_[sat[1:] != sat[:-1], True]
    np.maximum.at(longest, sat[last], duration_s - reach[last])
    has = np.zeros(n, dtype=bool)
    has[sat] = True
    gap[has] = longest[has]
    return union, gap


def statistics(n, m, duration_s, eclipse, passes, keep_intervals=False) -> dict:
    """Per-satellite statistics from eclipse (sat, start, end) and pass (sat, station, rise, set) intervals."""
    e_sat, e_start, e_end = _dedupe_clip(*eclipse, duration_s)
    length = e_end - e_start
    total = np.bincount(e_sat, weights=length, minlength=n)
    longest = np.zeros(n)
    np.maximum.at(longest, e_sat, length)
    days_total = int(np.ceil(duration_s / 86400.0)) + 1
    touched = np.unique(np.r_[e_sat * days_total + (e_start // 86400.0).astype(np.int64),
                              e_sat * days_total + (np.minimum(e_end, duration_s - 1e-9) // 86400.0).astype(np.int64)])
    days = np.bincount(touched // days_total, minlength=n)
    p_sat, p_sta, rise, fall = passes
    key, rise, fall = _dedupe_clip(p_sat * max(m, 1) + p_sta, rise, fall, duration_s)
    p_sat, p_sta = np.divmod(key, max(m, 1))
    per_station = np.zeros((n, m))
    np.add.at(per_station, (p_sat, p_sta), fall - rise)
    order = np.lexsort((rise, p_sat))
    union, gap = union_and_gap(p_sat[order], rise[order], fall[order], n, duration_s)
    return {"eclipse_s": total, "max_eclipse_s": longest, "eclipse_days": days,
            "count": np.bincount(e_sat, minlength=n), "contact_s": union, "longest_gap_s": gap,
            "passes": np.bincount(p_sat, minlength=n), "station_contact_s": per_station,
            "intervals": (e_sat, e_start, e_end) if keep_intervals else None}


def aggregate(found, n, job, m) -> dict:
    eclipse = tuple(np.concatenate([f["eclipse"][k] for f in found]) for k in range(3))
    passes = tuple(np.concatenate([f["passes"][k] for f in found]) for k in range(4))
    out = statistics(n, m, job.duration_s, eclipse, passes, job.keep_intervals)
    out["bad"] = np.zeros(n, dtype=bool)
    return out


@dataclass
class Statistics:
    """Statistics of the whole fleet, filled task by task."""

    eclipse_s: np.ndarray
    max_eclipse_s: np.ndarray
    eclipse_days: np.ndarray
    count: np.ndarray
    contact_s: np.ndarray
    longest_gap_s: np.ndarray
    passes: np.ndarray
    station_contact_s: np.ndarray
    first_error: np.ndarray
    bad: np.ndarray
    intervals: tuple | None
    evaluations: int = 0

    @classmethod
    def empty(cls, n, m, keep):
        z = np.zeros(n)
        return cls(z.copy(), z.copy(), np.zeros(n, np.int64), np.zeros(n, np.int64), z.copy(), z.copy(),
                   np.zeros(n, np.int64), np.zeros((n, m)), np.zeros(n, np.int64), np.zeros(n, bool),
                   ((np.empty(0, np.int64), np.empty(0), np.empty(0)) if keep else None))

    def insert(self, where: np.ndarray, part: dict) -> None:
        for name in ("eclipse_s", "max_eclipse_s", "eclipse_days", "count", "contact_s", "longest_gap_s", "passes",
                     "station_contact_s", "first_error", "bad"):
            getattr(self, name)[where] = part[name]
        # A skipped satellite contributes nothing (the root finder drops it the same way).
        for name in ("eclipse_s", "max_eclipse_s", "eclipse_days", "count", "contact_s", "passes",
                     "station_contact_s"):
            getattr(self, name)[where[part["bad"]]] = 0
        self.evaluations += int(part.get("evaluations", 0))
        if self.intervals is not None and part.get("intervals") is not None:
            s, a, b = part["intervals"]
            ok = ~part["bad"][s]
            self.intervals = tuple(np.r_[old, new] for old, new in zip(self.intervals, (where[s[ok]], a[ok], b[ok]),
                                                                         strict=True))


def merge(results, chunks, fast, n, m, keep) -> Statistics:
    out = Statistics.empty(n, m, keep)
    for part, chunk in zip(results, chunks, strict=True):
        out.insert(fast[chunk], part)
    return out


def reference_statistics(sets, stations, t0, duration_s: float, kind: str = "shadow") -> dict:
    """The statistics from the root finders (``eclipse.find_eclipses``, ``contacts.find_passes``)."""
    from orbitaldc.orbit.contacts import find_passes
    from orbitaldc.orbit.eclipse import find_eclipses
    from orbitaldc.orbit.propagate import Sgp4Fleet

    fleet = Sgp4Fleet(sets)
    t0 = np.datetime64(t0, "ns")
    t1 = t0 + np.timedelta64(int(round(duration_s * 1e9)), "ns")
    n, m = len(sets), len(stations)
    index = {name: k for k, name in enumerate(fleet.names)}
    shadows, problems = find_eclipses(fleet, t0, t1, kind=kind)
    e_sat = np.array([index[s] for s in shadows.satellite], dtype=np.int64)
    seconds = np.timedelta64(1, "s")
    eclipse = (e_sat, ((shadows.start - t0) / seconds).to_numpy(), ((shadows.end - t0) / seconds).to_numpy())
    if m:
        passes, more = find_passes(fleet, list(stations), t0, t1)
        problems += more
        names = {s.name: j for j, s in enumerate(stations)}
        p = (np.array([index[s] for s in passes.satellite], dtype=np.int64),
             np.array([names[s] for s in passes.station], dtype=np.int64),
             ((passes.rise - t0) / seconds).to_numpy(), ((passes.set - t0) / seconds).to_numpy())
    else:
        p = (np.empty(0, np.int64),) * 2 + (np.empty(0),) * 2
    out = statistics(n, m, duration_s, eclipse, p, keep_intervals=True)
    codes = {}  # the finders' problem lines read "<name>: sgp4 error <code> (<text>); skipped"
    for text in problems:
        name, _, rest = text.partition(": sgp4 error ")
        codes[name] = int(rest.split()[0]) if rest.split() and rest.split()[0].lstrip("-").isdigit() else -1
    out["first_error"] = np.array([codes.get(name, 0) for name in fleet.names], dtype=np.int64)
    out["bad"] = out["first_error"] != 0
    return out
