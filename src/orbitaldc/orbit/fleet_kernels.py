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


@njit(cache=True, inline="always")
def _edge_step(t, t_mid, sign, px, py, pz, qx, qy, qz, sin_e, cos_e, k, raan_rate, u0, u_rate, sun_t0, sun_h,
               sun_xyz):
    """One fixed-point step toward the shadow edge (s), or NaN if there is no eclipse at t."""
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
    return _wrap(math.atan2(sq, sp) + math.pi + sign * math.acos(ratio) - u0 - u_rate * t) / u_rate


@njit(cache=True)
def _shadow_edge(t_mid, sign, orbit, k, sun_t0, sun_h, sun_xyz, tol):
    """Shadow entry (sign -1) or exit (+1) around the orbit midnight t_mid, or NaN if none.

    Fixed-point iteration on the exact cone condition at the event time itself: the satellite
    is on the edge when its argument of latitude is u_sun + pi + sign acos(cos(edge) / cos(beta)),
    with the Sun, its projection u_sun, beta and the edge angle asin(R/a) + asin((R + k R_sun)/d)
    all taken at that time (``eclipse`` module geometry). The map is a contraction with a ratio
    of ~1e-3 (the Sun and node move that much slower than the satellite); after the first jump
    from midnight, Aitken's extrapolation of the second step removes the geometric tail. Within
    the eclipse the node turns by < 1e-3 rad, so the plane is expanded to first order about t_mid.
    """
    a, ci, si, raan0, raan_rate, u0, u_rate = orbit
    sin_e = R_EARTH_KM / a
    cos_e = math.sqrt(1.0 - sin_e * sin_e)
    px, py, pz, qx, qy, qz = _plane(raan0 + raan_rate * t_mid, ci, si)
    t = t_mid
    previous = math.nan
    for _ in range(8):
        step = _edge_step(t, t_mid, sign, px, py, pz, qx, qy, qz, sin_e, cos_e, k, raan_rate, u0, u_rate,
                          sun_t0, sun_h, sun_xyz)
        if step != step:
            return math.nan
        if previous == previous and step != previous:
            ratio = step / previous  # contraction ratio of the map: extrapolate its geometric tail
            if abs(ratio) < 0.01:
                # The tail left after Aitken is ~ratio^2 of the first correction: below tol.
                return t + step / (1.0 - ratio)
        t += step
        if abs(step) < tol:
            break
        previous = step
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
    revolution = 0
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
        # Next midnight: one revolution of the relative angle (corrected every fourth revolution;
        # the edges do not need the midnight itself, only a time inside the eclipse).
        revolution += 1
        t_next = t + step
        if revolution % 4 == 0:
            t_next -= _relative_to_midnight(t_next, orbit, sun_t0, sun_h, sun_xyz) / u_rate[i]
            step = 0.25 * (t_next - t) + 0.75 * step
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
def _band_windows(phi0, phi_rate, amp, offset, band, t_lo, t_hi):
    """Time windows in [t_lo, t_hi] where |amp sin(phi) + offset| < band, phi = phi0 + phi_rate t.

    The station's angle delta to the orbit plane obeys sin(delta) = amp sin(phi) + offset with
    phi = RAAN - (station longitude + GMST) (``contact_kernel``); passes happen only inside.
    Returns (starts, ends) sorted by start.
    """
    if amp < 1e-12:
        if abs(offset) < band:
            return np.array([t_lo]), np.array([t_hi])
        return np.empty(0), np.empty(0)
    lo, hi = (-band - offset) / amp, (band - offset) / amp
    if lo >= 1.0 or hi <= -1.0:
        return np.empty(0), np.empty(0)
    if lo <= -1.0 and hi >= 1.0:
        return np.array([t_lo]), np.array([t_hi])
    a_lo, a_hi = math.asin(max(lo, -1.0)), math.asin(min(hi, 1.0))
    arcs = ((a_lo, a_hi), (math.pi - a_hi, math.pi - a_lo))
    cycle = TWO_PI / abs(phi_rate)
    k_first = int(math.floor((phi0 + phi_rate * t_hi) / TWO_PI)) - 1  # phi_rate < 0: phi falls with time
    k_last = int(math.ceil((phi0 + phi_rate * t_lo) / TWO_PI)) + 1
    count = 2 * (k_last - k_first + 1)
    starts, ends = np.empty(count), np.empty(count)
    used = 0
    for k in range(k_first, k_last + 1):
        for arc in arcs:
            t_a = (arc[1] + TWO_PI * k - phi0) / phi_rate
            t_b = (arc[0] + TWO_PI * k - phi0) / phi_rate
            first, last = min(t_a, t_b), max(t_a, t_b)
            if last > t_lo and first < t_hi and last - first < cycle:
                starts[used], ends[used] = max(first, t_lo), min(last, t_hi)
                used += 1
    order = np.argsort(starts[:used])
    return starts[:used][order], ends[:used][order]


@njit(cache=True)
def _grow(x):
    y = np.empty(2 * x.shape[0])
    y[:x.shape[0]] = x
    return y


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
    block = np.zeros(m + 1, dtype=np.int64)  # passes of station j are rises[block[j]:block[j + 1]]
    spin_rel = spin - raan_rate[i]
    # Every turn of the loop moves on by at least half the shortest relative period (a station in
    # view of an orbit of under SAMPLED_PERIOD_S moves along the plane at < 2 spin), so it ends.
    advance = math.pi / (u_rate[i] + 2.0 * spin)
    for j in range(m):
        block[j] = filled
        lam = math.acos(station_radius[j] * math.cos(mask[j]) / a[i]) - mask[j]
        # The geodetic horizon tilts by xi = geodetic - geocentric latitude; to first order that
        # moves the visibility cap north by -dlambda/deps * xi without changing its size.
        x = station_radius[j] * math.cos(mask[j]) / a[i]
        kappa = 1.0 - (station_radius[j] * math.sin(mask[j]) / a[i]) / math.sqrt(1.0 - x * x)
        lat = station_lat[j] + kappa * (geodetic_lat[j] - station_lat[j])
        cl, sl = math.cos(lat), math.sin(lat)
        cos_lam = math.cos(lam)
        starts, ends = _band_windows(raan0[i] - station_lon[j] - gmst0, raan_rate[i] - spin, si * cl, ci * sl,
                                     math.sin(min(lam + 0.02, 0.5 * math.pi)), -period, duration + period)
        last = -1e300  # the last conjunction judged: windows (with their margins) may overlap
        for w in range(starts.shape[0]):
            t = max(starts[w] - 0.5 * period, last + period)
            while t < ends[w] + 0.5 * period:
                t_start = t
                for _ in range(4):  # settle on the conjunction (|tau_c| small) before judging it
                    g = gmst0 + spin * t
                    ex, ey, ez = cl * math.cos(station_lon[j] + g), cl * math.sin(station_lon[j] + g), sl
                    px, py, pz, qx, qy, qz = _plane(raan0[i] + raan_rate[i] * t, ci, si)
                    nx, ny, nz = py * qz - pz * qy, pz * qx - px * qz, px * qy - py * qx
                    sp, sq = px * ex + py * ey + pz * ez, qx * ex + qy * ey + qz * ez
                    cos_d = math.sqrt(sp * sp + sq * sq)
                    delta = math.asin(max(-1.0, min(1.0, nx * ex + ny * ey + nz * ez)))
                    du0 = _wrap(u0[i] + u_rate[i] * t - math.atan2(sq, sp))
                    # The station's motion relative to the plane: d(e)/dt = spin_rel z x e.
                    rx, ry = -spin_rel * ey, spin_rel * ex
                    cu, su = sp / cos_d, sq / cos_d
                    rel = u_rate[i] - ((-su * px + cu * qx) * rx + (-su * py + cu * qy) * ry) / cos_d
                    delta_rate = (nx * rx + ny * ry) / cos_d
                    tau_c = -du0 / rel
                    if abs(tau_c) < 120.0:
                        break
                    t += tau_c
                if t + tau_c < last + 0.5 * period:  # already judged in the previous window
                    t = max(t + tau_c + TWO_PI / rel, t_start + advance)
                    continue
                last = t + tau_c
                c = cos_lam / math.cos(delta + delta_rate * tau_c)
                if c < 1.0:
                    half = math.acos(c) / rel
                    rise = max(t + _pass_edge(tau_c - half, -1.0, delta, delta_rate, du0, rel, cos_lam), 0.0)
                    fall = min(t + _pass_edge(tau_c + half, 1.0, delta, delta_rate, du0, rel, cos_lam), duration)
                    if fall > rise:
                        if filled == rises.shape[0]:
                            rises, sets = _grow(rises), _grow(sets)
                        rises[filled] = rise
                        sets[filled] = fall
                        filled += 1
                        per_station[i, j] += fall - rise
                t = max(t + tau_c + TWO_PI / rel, t_start + advance)
    block[m] = filled
    passes[i] = filled
    # Each station's passes are already in time order (one block per station): merge the blocks.
    head = block.copy()
    covered = 0.0
    longest = 0.0
    for _ in range(filled):
        best = -1
        for j in range(m):
            if head[j] < block[j + 1] and (best < 0 or rises[head[j]] < rises[head[best]]):
                best = j
        q = head[best]
        head[best] += 1
        r0, s0 = rises[q], sets[q]
        if r0 > covered:
            longest = max(longest, r0 - covered)
            union[i] += s0 - r0
            covered = s0
        elif s0 > covered:
            union[i] += s0 - covered
            covered = s0
    gap[i] = max(longest, duration - covered)


@njit(cache=True)
def _contact_outputs(n, m):
    """union, gap, passes and per-station time, one row per satellite (the contact kernels' outputs)."""
    return np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64), np.zeros((n, m))


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
    union, gap, passes, per_station = _contact_outputs(a.shape[0], station_lat.shape[0])
    for i in prange(a.shape[0]):
        _contacts_one(i, a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                      station_radius, mask, geodetic_lat, union, gap, passes, per_station)
    return union, gap, passes, per_station


@njit(cache=True, inline="always")
def _in_view_margin(t, i, a_ci, a_si, raan0, raan_rate, u0, u_rate, gmst0, spin, ex, ey, ez, cos_lam):
    """cos(angle between satellite and station, seen from Earth's centre) - cos(lambda)."""
    px, py, pz, qx, qy, qz = _plane(raan0[i] + raan_rate[i] * t, a_ci, a_si)
    u = u0[i] + u_rate[i] * t
    cu, su = math.cos(u), math.sin(u)
    g = gmst0 + spin * t
    cg, sg = math.cos(g), math.sin(g)
    sx, sy = cu * px + su * qx, cu * py + su * qy
    return (cg * sx + sg * sy) * ex + (cg * sy - sg * sx) * ey + (cu * pz + su * qz) * ez - cos_lam


@njit(cache=True)
def _sampled_one(i, a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                 station_radius, mask, geodetic_lat, step_periods, union, gap, passes, per_station):
    """One satellite of ``sampled_contact_kernel``: same visibility cone and horizon tilt as
    ``_contacts_one``, evaluated on a grid of ``step_periods`` revolutions with every sign change
    bisected."""
    m = station_lat.shape[0]
    ci, si = math.cos(inc[i]), math.sin(inc[i])
    step = step_periods * TWO_PI / u_rate[i]
    ex, ey, ez, cos_lam = np.empty(m), np.empty(m), np.empty(m), np.empty(m)
    for j in range(m):
        lam = math.acos(station_radius[j] * math.cos(mask[j]) / a[i]) - mask[j]
        x = station_radius[j] * math.cos(mask[j]) / a[i]
        kappa = 1.0 - (station_radius[j] * math.sin(mask[j]) / a[i]) / math.sqrt(1.0 - x * x)
        lat = station_lat[j] + kappa * (geodetic_lat[j] - station_lat[j])
        ex[j], ey[j], ez[j] = math.cos(lat) * math.cos(station_lon[j]), math.cos(lat) * math.sin(station_lon[j]), \
            math.sin(lat)
        cos_lam[j] = math.cos(lam)
    rises, sets = np.empty(64), np.empty(64)
    filled = 0
    opened = np.full(m, -1.0)  # rise time of the pass under way, or -1
    before = np.empty(m)
    for j in range(m):
        before[j] = _in_view_margin(0.0, i, ci, si, raan0, raan_rate, u0, u_rate, gmst0, spin, ex[j], ey[j], ez[j],
                                    cos_lam[j])
        if before[j] >= 0.0:
            opened[j] = 0.0
    step = min(step, duration)
    steps = int(math.ceil(duration / step))
    iterations = int(math.ceil(math.log2(step / 1e-3)))  # edges to 1 ms, as ``events.find_crossings``
    for k in range(1, steps + 1):
        t_lo, t_hi = (k - 1) * step, min(k * step, duration)
        px, py, pz, qx, qy, qz = _plane(raan0[i] + raan_rate[i] * t_hi, ci, si)
        u = u0[i] + u_rate[i] * t_hi
        cu, su = math.cos(u), math.sin(u)
        g = gmst0 + spin * t_hi
        cg, sg = math.cos(g), math.sin(g)
        sx, sy, sz = cu * px + su * qx, cu * py + su * qy, cu * pz + su * qz
        fx, fy = cg * sx + sg * sy, cg * sy - sg * sx  # satellite direction, Earth-fixed
        for j in range(m):
            now = fx * ex[j] + fy * ey[j] + sz * ez[j] - cos_lam[j]
            if (now >= 0.0) != (before[j] >= 0.0):
                # Illinois (modified regula falsi): the margin is smooth over a step, so a few
                # evaluations reach 1 ms where bisection would take log2(step / 1 ms).
                lo, hi, f_lo, f_hi, side = t_lo, t_hi, before[j], now, 0
                edge = t_hi
                for _ in range(iterations):
                    edge = (lo * f_hi - hi * f_lo) / (f_hi - f_lo) if f_hi != f_lo else 0.5 * (lo + hi)
                    if hi - lo < 1e-3:
                        break
                    v = _in_view_margin(edge, i, ci, si, raan0, raan_rate, u0, u_rate, gmst0, spin, ex[j], ey[j],
                                        ez[j], cos_lam[j])
                    if (v >= 0.0) == (f_lo >= 0.0):
                        lo, f_lo = edge, v
                        if side == -1:
                            f_hi *= 0.5
                        side = -1
                    else:
                        hi, f_hi = edge, v
                        if side == 1:
                            f_lo *= 0.5
                        side = 1
                    if abs(v) < 1e-12:
                        break
                if now >= 0.0:
                    opened[j] = edge
                else:
                    if filled == rises.shape[0]:
                        rises, sets = _grow(rises), _grow(sets)
                    rises[filled], sets[filled] = opened[j], edge
                    filled += 1
                    per_station[i, j] += edge - opened[j]
                    opened[j] = -1.0
            before[j] = now
    for j in range(m):  # passes under way at the end are cut there
        if opened[j] >= 0.0:
            if filled == rises.shape[0]:
                rises, sets = _grow(rises), _grow(sets)
            rises[filled], sets[filled] = opened[j], duration
            filled += 1
            per_station[i, j] += duration - opened[j]
    passes[i] = filled
    order = np.argsort(rises[:filled])
    covered, longest = 0.0, 0.0
    for q in order:
        r0, s0 = rises[q], sets[q]
        if r0 > covered:
            longest = max(longest, r0 - covered)
            union[i] += s0 - r0
        elif s0 > covered:
            union[i] += s0 - covered
        covered = max(covered, s0)
    gap[i] = max(longest, duration - covered)


@njit(cache=True, parallel=True)
def sampled_contact_kernel(a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                           station_radius, mask, geodetic_lat, step_periods):
    """``contact_kernel``'s outputs from a grid of ``step_periods`` revolutions instead of per-conjunction
    prediction: for orbits slow against Earth's spin (near-synchronous ones never lap a
    station, and long passes bend away from the kernel's straight-line relative motion).
    Cost grows with duration / step x stations, not with the orbit."""
    union, gap, passes, per_station = _contact_outputs(a.shape[0], station_lat.shape[0])
    for i in prange(a.shape[0]):
        _sampled_one(i, a, inc, raan0, raan_rate, u0, u_rate, duration, gmst0, spin, station_lat, station_lon,
                     station_radius, mask, geodetic_lat, step_periods, union, gap, passes, per_station)
    return union, gap, passes, per_station
