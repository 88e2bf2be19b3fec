"""Compiled (numba) kernels for fleet-scale eclipses and ground contacts of circular orbits.

Each satellite is one iteration of a parallel loop (both cores). Within it, events are
predicted per revolution in closed form and refined on the exact geometry:

* eclipses: orbit midnight (the satellite opposite the Sun's projection on its plane), the
  shadow half-arc from the beta angle (``eclipse`` module), then a safeguarded secant on the
  cosine form of ``eclipse.shadow_margin_rad`` (Sun's and Earth's apparent discs);
* contacts: each conjunction of the satellite with a station's projection on the orbit plane;
  when the station lies within the visibility cone of the plane, rise and set are refined on
  the geodetic elevation (WGS-84 station, GMST Earth rotation). Conjunctions far from the
  plane are skipped several revolutions at a time: the station's angle to the plane changes
  no faster than Earth's spin times cos(latitude) plus the node drift.

Orbits: circular, secular J2 node and argument-of-latitude rates (``propagate.CircularJ2Trajectory``),
mean equator and equinox of date. The Sun: a table (x, y, z) on a uniform grid, linear in between.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from orbitaldc.constants import R_EARTH_KM, R_SUN_KM

TWO_PI = 2.0 * math.pi


@njit(cache=True, inline="always")
def _sun(t, sun_t0, sun_h, sun_xyz):
    x = (t - sun_t0) / sun_h
    j = min(max(int(math.floor(x)), 0), sun_xyz.shape[0] - 2)
    f = x - j
    return ((1 - f) * sun_xyz[j, 0] + f * sun_xyz[j + 1, 0],
            (1 - f) * sun_xyz[j, 1] + f * sun_xyz[j + 1, 1],
            (1 - f) * sun_xyz[j, 2] + f * sun_xyz[j + 1, 2])


@njit(cache=True, inline="always")
def _plane(raan, ci, si):
    """Node direction p and the in-plane direction q 90 deg ahead."""
    co, so = math.cos(raan), math.sin(raan)
    return co, so, 0.0, -so * ci, co * ci, si


@njit(cache=True, inline="always")
def _wrap(angle):
    return (angle + math.pi) % TWO_PI - math.pi


@njit(cache=True)
def _sun_arglat(t, orbit, sun_t0, sun_h, sun_xyz):
    px, py, pz, qx, qy, qz = _plane(orbit[3] + orbit[4] * t, orbit[1], orbit[2])
    sx, sy, sz = _sun(t, sun_t0, sun_h, sun_xyz)
    return math.atan2(qx * sx + qy * sy + qz * sz, px * sx + py * sy + pz * sz)


@njit(cache=True)
def _relative_to_midnight(t, orbit, sun_t0, sun_h, sun_xyz):
    return _wrap(orbit[5] + orbit[6] * t - _sun_arglat(t, orbit, sun_t0, sun_h, sun_xyz) - math.pi)


@njit(cache=True)
def _shadow_edge(t_mid, sign, orbit, k, sun_t0, sun_h, sun_xyz, tol):
    """Shadow entry (sign -1) or exit (+1) around the orbit midnight t_mid, or NaN if none.

    Fixed-point iteration on the exact cone condition at the event time itself: the satellite
    is on the edge when its argument of latitude is u_sun + pi + sign acos(cos(edge) / cos(beta)),
    with the Sun, its projection u_sun, beta and the edge angle asin(R/a) + asin((R + k R_sun)/d)
    all taken at that time (``eclipse`` module geometry). The map is a contraction (the Sun and
    node move ~1e-3 as fast as the satellite), so three or four steps reach 1 ms. Within the
    eclipse the node turns by < 1e-3 rad, so the plane is expanded to first order about t_mid.
    """
    a, ci, si, raan0, raan_rate, u0, u_rate = orbit
    sin_e = R_EARTH_KM / a
    cos_e = math.sqrt(1.0 - sin_e * sin_e)
    px, py, pz, qx, qy, qz = _plane(raan0 + raan_rate * t_mid, ci, si)
    t = t_mid
    for _ in range(8):
        w = raan_rate * (t - t_mid)  # node turn since midnight: p -> p + w z x p, q -> q + w z x q
        sx, sy, sz = _sun(t, sun_t0, sun_h, sun_xyz)
        d_sun = math.sqrt(sx * sx + sy * sy + sz * sz)
        sp = (px - w * py) * sx + (py + w * px) * sy + pz * sz
        sq = (qx - w * qy) * sx + (qy + w * qx) * sy + qz * sz
        sin_s = (R_EARTH_KM + k * R_SUN_KM) / d_sun
        cos_edge = cos_e * math.sqrt(1.0 - sin_s * sin_s) - sin_e * sin_s
        ratio = cos_edge * d_sun / max(math.sqrt(sp * sp + sq * sq), 1e-9)
        if ratio >= 1.0:
            return math.nan
        step = _wrap(math.atan2(sq, sp) + math.pi + sign * math.acos(ratio) - u0 - u_rate * t) / u_rate
        t += step
        if abs(step) < tol:
            break
    return t


@njit(cache=True)
def _shadow_one(i, a, inc, raan0, raan_rate, u0, u_rate, k, duration, sun_t0, sun_h, sun_xyz, tol,
                offsets, out_start, out_end, store, total, longest, days, count):
    """One satellite of ``shadow_kernel``."""
    orbit = (a[i], math.cos(inc[i]), math.sin(inc[i]), raan0[i], raan_rate[i], u0[i], u_rate[i])
    period = TWO_PI / u_rate[i]
    t = -0.5 * period
    for _ in range(4):
        t -= _relative_to_midnight(t, orbit, sun_t0, sun_h, sun_xyz) / u_rate[i]
    step = period
    last_day = -1
    written = 0
    while t < duration + period:
        entry = _shadow_edge(t, -1.0, orbit, k, sun_t0, sun_h, sun_xyz, tol)
        leave = _shadow_edge(t, 1.0, orbit, k, sun_t0, sun_h, sun_xyz, tol)
        if entry == entry and leave == leave and leave > entry:
            start, end = max(entry, 0.0), min(leave, duration)
            if end > start:
                length = end - start
                total[i] += length
                longest[i] = max(longest[i], length)
                for day in (int(start // 86400.0), int(min(end, duration - 1e-9) // 86400.0)):
                    if day != last_day:
                        days[i] += 1
                        last_day = day
                if store:
                    out_start[offsets[i] + written] = start
                    out_end[offsets[i] + written] = end
                written += 1
        # Next midnight: one revolution of the relative angle, corrected once.
        t_next = t + step
        t_next -= _relative_to_midnight(t_next, orbit, sun_t0, sun_h, sun_xyz) / u_rate[i]
        step = t_next - t
        t = t_next
    count[i] = written


@njit(cache=True, parallel=True)
def shadow_kernel(a, inc, raan0, raan_rate, u0, u_rate, k, duration, sun_t0, sun_h, sun_xyz, tol,
                  offsets, out_start, out_end, store):
    """Per satellite: total shadow (s), longest (s), days touched, count; fills intervals if store."""
    n = a.shape[0]
    total = np.zeros(n)
    longest = np.zeros(n)
    days = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    for i in prange(n):
        _shadow_one(i, a, inc, raan0, raan_rate, u0, u_rate, k, duration, sun_t0, sun_h, sun_xyz, tol,
                    offsets, out_start, out_end, store, total, longest, days, count)
    return total, longest, days, count


@njit(cache=True, inline="always")
def _pass_edge(tau, sign, delta, delta_rate, du0, rel, cos_lam):
    """Solve cos(delta + delta_rate tau) cos(du0 + rel tau) = cos(lambda) on the ``sign`` side
    by fixed-point iteration on tau = (sign acos(cos(lambda) / cos(delta(tau))) - du0) / rel
    (a contraction: delta drifts slowly against the along-track motion; two steps leave
    < 0.1 s)."""
    for _ in range(2):
        c = cos_lam / math.cos(delta + delta_rate * tau)
        if c >= 1.0:
            return tau
        tau = (sign * math.acos(c) - du0) / rel
    return tau


@njit(cache=True)
def _contacts_one(i, a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                  station_radius, mask, geodetic_lat, union, gap, passes, per_station):
    """One satellite of ``contact_kernel`` (kept out of the parallel loop's body: numba's
    parfor lowering mishandles the loop-carried time inside nested loops with break)."""
    m = station_lat.shape[0]
    ci, si = math.cos(inc[i]), math.sin(inc[i])
    period = TWO_PI / u_rate[i]
    capacity = m * (int(duration / period) + 4)
    rises = np.empty(capacity)
    sets = np.empty(capacity)
    filled = 0
    for j in range(m):
        lam = math.acos(station_radius[j] * math.cos(mask[j]) / a[i]) - mask[j]
        # The geodetic horizon tilts by xi = geodetic - geocentric latitude; to first order that
        # moves the visibility cap north by -dlambda/deps * xi without changing its size.
        x = station_radius[j] * math.cos(mask[j]) / a[i]
        kappa = 1.0 - (station_radius[j] * math.sin(mask[j]) / a[i]) / math.sqrt(1.0 - x * x)
        lat = station_lat[j] + kappa * (geodetic_lat[j] - station_lat[j])
        cl, sl = math.cos(lat), math.sin(lat)
        cos_lam = math.cos(lam)
        spin_rel = spin - raan_rate[i]
        drift = spin * cl + abs(raan_rate[i]) + 1e-9
        t = -period
        while t < duration + period:
            for _ in range(4):  # settle on the conjunction (|tau_c| small) before judging it
                g = gmst0 + spin * t
                ex, ey, ez = cl * math.cos(station_lon[j] + g), cl * math.sin(station_lon[j] + g), sl
                px, py, pz, qx, qy, qz = _plane(raan0[i] + raan_rate[i] * t, ci, si)
                nx, ny, nz = py * qz - pz * qy, pz * qx - px * qz, px * qy - py * qx
                sp, sq = px * ex + py * ey + pz * ez, qx * ex + qy * ey + qz * ez
                sn = nx * ex + ny * ey + nz * ez
                cos_d = math.sqrt(sp * sp + sq * sq)
                delta = math.atan2(sn, cos_d)
                u_st = math.atan2(sq, sp)
                du0 = _wrap(u0[i] + u_rate[i] * t - u_st)
                # The station's motion relative to the plane: d(e)/dt = spin_rel z x e.
                rx, ry = -spin_rel * ey, spin_rel * ex
                wx = -math.sin(u_st) * px + math.cos(u_st) * qx
                wy = -math.sin(u_st) * py + math.cos(u_st) * qy
                rel = u_rate[i] - (wx * rx + wy * ry) / cos_d
                delta_rate = (nx * rx + ny * ry) / cos_d
                tau_c = -du0 / rel
                if abs(tau_c) < 20.0:
                    break
                t += tau_c
            if abs(delta) - lam > drift * period:
                # Far from the plane: no conjunction can hold a pass for a while.
                revs = math.floor((abs(delta) - lam) / (drift * period))
                t += tau_c + revs * TWO_PI / rel
                continue
            c = cos_lam / math.cos(delta + delta_rate * tau_c)
            if c < 1.0:
                half = math.acos(c) / rel
                rise = max(t + _pass_edge(tau_c - half, -1.0, delta, delta_rate, du0, rel, cos_lam), 0.0)
                fall = min(t + _pass_edge(tau_c + half, 1.0, delta, delta_rate, du0, rel, cos_lam), duration)
                if fall > rise:
                    rises[filled] = rise
                    sets[filled] = fall
                    filled += 1
                    per_station[i, j] += fall - rise
            t += tau_c + TWO_PI / rel
    passes[i] = filled
    order = np.argsort(rises[:filled])
    covered = 0.0
    longest = 0.0
    for q in range(filled):
        r0, s0 = rises[order[q]], sets[order[q]]
        if r0 > covered:
            longest = max(longest, r0 - covered)
            union[i] += s0 - r0
            covered = s0
        elif s0 > covered:
            union[i] += s0 - covered
            covered = s0
    gap[i] = max(longest, duration - covered)


@njit(cache=True, parallel=True)
def contact_kernel(a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                   station_radius, mask, geodetic_lat):
    """Per satellite: union contact time (s), longest gap (s), passes; per station contact time.

    Passes in closed form on a sphere through each station: seen from the orbit plane (a frame
    turning with the node), the station sits at angle delta off the plane and its projection
    moves along and across the plane with Earth's spin; the satellite is in view while
    cos(delta(tau)) cos(du(tau)) > cos(lambda), lambda = acos(rho cos(eps) / a) - eps the
    Earth-central visibility half-angle of a station at radius rho with mask eps (geocentric
    horizon; Wertz, SMAD 3rd ed., sec. 5.2). delta and du move linearly over a pass; each
    edge takes two Newton steps from the circular-geometry guess. Conjunctions follow one
    another at the relative period; stations far from the plane are skipped several
    revolutions at a time (their angle to the plane changes at most at spin cos(lat) + |dRAAN/dt|).
    """
    n, m = a.shape[0], station_lat.shape[0]
    union = np.zeros(n)
    gap = np.zeros(n)
    passes = np.zeros(n, dtype=np.int64)
    per_station = np.zeros((n, m))
    for i in prange(n):
        _contacts_one(i, a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                      station_radius, mask, geodetic_lat, union, gap, passes, per_station)
    return union, gap, passes, per_station
