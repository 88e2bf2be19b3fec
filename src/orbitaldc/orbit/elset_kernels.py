"""Compiled (numba) prediction of eclipse and pass candidates for element sets.

The orbit of each satellite is a piecewise-linear model of its plane and phase anchored on
sgp4 itself (``elset_fleet.anchor_model``): node right ascension W, inclination, radius and
unwrapped argument of latitude U on a uniform grid of anchor times (every ``ANCHOR_STEP_S``),
linear in between. Between two anchors the satellite's phase follows sgp4's mean motion with
drag to a few seconds (the drag drift of the phase is quadratic in time, so a linear segment
of half a day errs by ndot * (0.5 d)^2 / 4 revolutions: 3 s for ndot = 0.01 rev/day^2, the
fastest decaying Starlink sets a few weeks before re-entry).

Per revolution (eclipses) or per station conjunction (passes) the kernels give a candidate
with a predicted centre and half-width, in closed form on the circular orbit of the moment
(``fleet_kernels`` geometry: the beta angle against the shadow edge angle, and the station's
angle to the orbit plane against the Earth-central visibility half-angle), and flag it:
``CLEAR`` when the event certainly happens (margin beyond the model's error ``delta``),
``GRAZING`` when it may or may not. Refinement with sgp4 is ``elset_refine``'s.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from orbitaldc.constants import R_EARTH_KM
from orbitaldc.orbit.fleet_kernels import TWO_PI, _plane, _sun, _wrap

CLEAR = 1
GRAZING = 2


@njit(cache=True, inline="always")
def _model(t, i, t0, h, U, W, INC, A):
    """(radius km, inclination, node, node rate, argument of latitude, its rate) at t (s)."""
    x = (t - t0) / h
    k = min(max(int(math.floor(x)), 0), U.shape[1] - 2)
    f = x - k
    u_rate = (U[i, k + 1] - U[i, k]) / h
    w_rate = (W[i, k + 1] - W[i, k]) / h
    return (A[i, k] + f * (A[i, k + 1] - A[i, k]), INC[i, k] + f * (INC[i, k + 1] - INC[i, k]),
            W[i, k] + f * h * w_rate, w_rate, U[i, k] + f * h * u_rate, u_rate)


@njit(cache=True)
def _to_midnight(t, i, t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz):
    """Seconds from t to the nearest orbit midnight (satellite opposite the Sun's projection)."""
    a, inc, w, w_rate, u, u_rate = _model(t, i, t0, h, U, W, INC, A)
    px, py, pz, qx, qy, qz = _plane(w, math.cos(inc), math.sin(inc))
    sx, sy, sz = _sun(t, sun_t0, sun_h, sun_xyz)
    u_sun = math.atan2(qx * sx + qy * sy + qz * sz, px * sx + py * sy + pz * sz)
    return -_wrap(u - u_sun - math.pi) / u_rate


@njit(cache=True)
def _eclipse_one(i, t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz, t_lo, t_hi, delta, offsets, out_mid, out_half,
                 out_flag, count):
    t = t_lo
    for _ in range(4):
        t += _to_midnight(t, i, t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz)
    written = 0
    cap = offsets[i + 1] - offsets[i]
    while t < t_hi and written < cap:
        a, inc, w, w_rate, u, u_rate = _model(t, i, t0, h, U, W, INC, A)
        px, py, pz, qx, qy, qz = _plane(w, math.cos(inc), math.sin(inc))
        nx, ny, nz = py * qz - pz * qy, pz * qx - px * qz, px * qy - py * qx
        sx, sy, sz = _sun(t, sun_t0, sun_h, sun_xyz)
        d = math.sqrt(sx * sx + sy * sy + sz * sz)
        beta = math.asin(max(-1.0, min(1.0, (nx * sx + ny * sy + nz * sz) / d)))
        edge = math.asin(min(R_EARTH_KM / a, 1.0)) + math.asin(R_EARTH_KM / d)
        margin = abs(beta) - edge  # rad; > 0: the shadow cone misses the orbit
        if margin < delta[i] and t >= t_lo:
            ratio = math.cos(edge) / math.cos(beta)
            out_mid[offsets[i] + written] = t
            out_half[offsets[i] + written] = math.acos(ratio) / u_rate if ratio < 1.0 else 0.0
            out_flag[offsets[i] + written] = CLEAR if margin < -delta[i] else GRAZING
            written += 1
        t += TWO_PI / u_rate
        for _ in range(2):
            t += _to_midnight(t, i, t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz)
    count[i] = written


@njit(cache=True, parallel=True)
def eclipse_candidates(t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz, t_lo, t_hi, delta, offsets):
    """Orbit midnights in [t_lo, t_hi) near or in the shadow: per candidate its time (s), the
    predicted half-duration (s, 0 when none predicted) and its flag; ``count`` per satellite.

    Satellite i writes at most offsets[i + 1] - offsets[i] candidates from offsets[i] on."""
    n = U.shape[0]
    size = offsets[n]
    out_mid, out_half = np.empty(size), np.empty(size)
    out_flag = np.zeros(size, dtype=np.int8)
    count = np.zeros(n, dtype=np.int64)
    for i in prange(n):
        _eclipse_one(i, t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz, t_lo, t_hi, delta, offsets, out_mid, out_half,
                     out_flag, count)
    return out_mid, out_half, out_flag, count


@njit(cache=True)
def eclipse_candidates_serial(t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz, t_lo, t_hi, delta, offsets):
    """``eclipse_candidates`` on one thread, for worker processes (which must not start numba's
    thread pool: they are forked from a parent that may have one)."""
    n = U.shape[0]
    size = offsets[n]
    out_mid, out_half = np.empty(size), np.empty(size)
    out_flag = np.zeros(size, dtype=np.int8)
    count = np.zeros(n, dtype=np.int64)
    for i in range(n):
        _eclipse_one(i, t0, h, U, W, INC, A, sun_t0, sun_h, sun_xyz, t_lo, t_hi, delta, offsets, out_mid, out_half,
                     out_flag, count)
    return out_mid, out_half, out_flag, count


@njit(cache=True)
def _station_geometry(t, i, j, t0, h, U, W, INC, A, gmst0, spin, lat, lon):
    """Conjunction offset (s), the station's angle to the plane (rad), relative rate (rad/s)."""
    a, inc, w, w_rate, u, u_rate = _model(t, i, t0, h, U, W, INC, A)
    px, py, pz, qx, qy, qz = _plane(w, math.cos(inc), math.sin(inc))
    nx, ny, nz = py * qz - pz * qy, pz * qx - px * qz, px * qy - py * qx
    g = gmst0 + spin * t
    cl = math.cos(lat[j])
    ex, ey, ez = cl * math.cos(lon[j] + g), cl * math.sin(lon[j] + g), math.sin(lat[j])
    sp, sq = px * ex + py * ey + pz * ez, qx * ex + qy * ey + qz * ez
    u_station = math.atan2(sq, sp)
    # The station's in-plane angle moves with Earth's spin relative to the turning node.
    rel_spin = spin - w_rate
    dsp = px * (-rel_spin * ey) + py * (rel_spin * ex)
    dsq = qx * (-rel_spin * ey) + qy * (rel_spin * ex)
    rate = u_rate - (sp * dsq - sq * dsp) / max(sp * sp + sq * sq, 1e-12)
    delta = math.asin(max(-1.0, min(1.0, nx * ex + ny * ey + nz * ez)))
    return -_wrap(u - u_station) / rate, delta, rate, a


@njit(cache=True)
def _passes_one(i, t0, h, U, W, INC, A, gmst0, spin, lat, lon, radius, mask, t_lo, t_hi, delta, offsets,
                out_station, out_mid, out_half, out_flag, count):
    m = lat.shape[0]
    written = 0
    cap = offsets[i + 1] - offsets[i]
    for j in range(m):
        # The station moves at spin cos(lat) (unit sphere) and the plane turns at the node's drift:
        # its angle to the plane changes no faster than their sum (fleet_kernels.contact_kernel).
        rate_max = 1.05 * (spin * math.cos(lat[j]) + abs((W[i, -1] - W[i, 0]) / (h * (U.shape[1] - 1)))) + 1e-7
        t = t_lo
        while t < t_hi:
            # Every turn moves on by at least half the shortest relative period (fleet_kernels), and the
            # conjunction search moves by at most a quarter period: near the pole of the plane the
            # station's projection, and with it the relative rate, is ill-defined.
            u_rate = (U[i, -1] - U[i, 0]) / (h * (U.shape[1] - 1))
            advance = math.pi / (u_rate + 2.0 * spin)
            t_start = t
            step, dlt, rate, a = _station_geometry(t, i, j, t0, h, U, W, INC, A, gmst0, spin, lat, lon)
            x = radius[j] * math.cos(mask[j]) / a
            lam = math.acos(min(x, 1.0)) - mask[j]  # Earth-central visibility half-angle (Wertz, SMAD 5.2)
            margin = abs(dlt) - lam
            if margin - rate_max * advance > delta[i]:
                # Out of reach until well past the coming conjunction: skip without locating it.
                t = max(t + (margin - delta[i]) / rate_max, t_start + advance)
                continue
            for _ in range(4):
                t += max(-0.5 * advance, min(0.5 * advance, step))
                step, dlt, rate, a = _station_geometry(t, i, j, t0, h, U, W, INC, A, gmst0, spin, lat, lon)
                if abs(step) < 2.0:
                    break
            x = radius[j] * math.cos(mask[j]) / a
            lam = math.acos(min(x, 1.0)) - mask[j]
            margin = abs(dlt) - lam
            if margin < delta[i] and t_lo <= t < t_hi and written < cap:
                ratio = math.cos(lam) / math.cos(dlt)
                k = offsets[i] + written
                out_station[k] = j
                out_mid[k] = t
                out_half[k] = math.acos(ratio) / abs(rate) if ratio < 1.0 else 0.0
                out_flag[k] = CLEAR if margin < -delta[i] else GRAZING
                written += 1
            skip = (margin - delta[i]) / rate_max  # no conjunction before this can come within reach
            t = max(t + max(TWO_PI / max(abs(rate), 1e-9), skip) if margin < delta[i] else t + skip, t_start + advance)
    count[i] = written


@njit(cache=True, parallel=True)
def pass_candidates(t0, h, U, W, INC, A, gmst0, spin, lat, lon, radius, mask, t_lo, t_hi, delta, offsets):
    """Station conjunctions in [t_lo, t_hi) near or within view: per candidate the station, the
    conjunction time (s), predicted half-duration (s) and flag; ``count`` per satellite.

    Stations are geocentric unit vectors (lat already tilted toward the geodetic horizon) at
    radius ``radius`` km with elevation mask ``mask`` rad; Earth turns at ``spin`` rad/s from
    GMST ``gmst0`` at t = 0."""
    n = U.shape[0]
    size = offsets[n]
    out_station = np.zeros(size, dtype=np.int32)
    out_mid, out_half = np.empty(size), np.empty(size)
    out_flag = np.zeros(size, dtype=np.int8)
    count = np.zeros(n, dtype=np.int64)
    for i in prange(n):
        _passes_one(i, t0, h, U, W, INC, A, gmst0, spin, lat, lon, radius, mask, t_lo, t_hi, delta, offsets,
                    out_station, out_mid, out_half, out_flag, count)
    return out_station, out_mid, out_half, out_flag, count


@njit(cache=True)
def pass_candidates_serial(t0, h, U, W, INC, A, gmst0, spin, lat, lon, radius, mask, t_lo, t_hi, delta, offsets):
    """``pass_candidates`` on one thread (see ``eclipse_candidates_serial``)."""
    n = U.shape[0]
    size = offsets[n]
    out_station = np.zeros(size, dtype=np.int32)
    out_mid, out_half = np.empty(size), np.empty(size)
    out_flag = np.zeros(size, dtype=np.int8)
    count = np.zeros(n, dtype=np.int64)
    for i in range(n):
        _passes_one(i, t0, h, U, W, INC, A, gmst0, spin, lat, lon, radius, mask, t_lo, t_hi, delta, offsets,
                    out_station, out_mid, out_half, out_flag, count)
    return out_station, out_mid, out_half, out_flag, count
