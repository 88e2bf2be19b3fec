"""Refinement of predicted events with sgp4 itself: vectorised Newton steps over all events.

sgp4 is evaluated only at the events' current estimates (``Sgp4Pairs``: one ``sgp4_array``
call per satellite per iteration, all that satellite's events at once). Each evaluation gives
position and velocity, so every iteration is a Newton step on the event function with its
analytic time derivative:

* shadow: ``eclipse.shadow_margin_rad`` (the Sun's centre hidden by a spherical Earth of
  R = 6378.137 km, skyfield's ``is_sunlit``; umbra / penumbra by the Sun's apparent radius),
  the Sun fixed over a step (it turns 2e-7 rad/s against the satellite's 1e-3);
* passes: sine of the geodetic elevation above the station's WGS-84 horizon minus the sine of
  its mask, TEME -> Earth-fixed by IAU-82 GMST as ``contacts.elevation_function``.

A step is accepted without a further evaluation when the error it leaves, k * step^2 for
Newton's quadratic convergence with k = |g''| / (2 |g'|), is below the tolerance; k is bounded
from the predicted geometry (``curvature_bound``). Events that may not exist (grazing) start
with a search for the extremum of g near the predicted centre (secant on g'), and then both
edges are found by Newton from the parabola through the extremum.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from orbitaldc.constants import R_EARTH_KM, R_SUN_KM
from orbitaldc.orbit.eclipse import SHADOW_KINDS
from orbitaldc.orbit.fleet_kernels import _sun
from orbitaldc.orbit.propagate import julian_dates

MAX_NEWTON = 10
MAX_SEARCH = 12
GMST_RATE_RAD_S = 2 * np.pi * 1.00273790935 / 86400.0  # d(GMST)/dt, IAU-82 linear term


class Sgp4Pairs:
    """sgp4 at (satellite, time) pairs: positions, velocities (TEME km, km/s) and error codes."""

    def __init__(self, satrecs, t0: np.datetime64):
        self.satrecs = satrecs
        self.t0 = np.datetime64(t0, "ns")
        self.evaluations = 0

    def __call__(self, sat: np.ndarray, t_s: np.ndarray):
        n = sat.size
        r, v = np.empty((n, 3)), np.empty((n, 3))
        err = np.zeros(n, dtype=np.int16)
        if n == 0:
            return r, v, err
        step = np.diff(sat)
        if (step >= 0).all():  # events come grouped by satellite (``newton`` sorts them)
            jd, fr = julian_dates(self.t0, t_s)
            cuts = np.r_[0, np.flatnonzero(step) + 1, n]
            for a, b in zip(cuts[:-1], cuts[1:], strict=True):
                err[a:b], r[a:b], v[a:b] = self.satrecs[sat[a]].sgp4_array(jd[a:b], fr[a:b])
            self.evaluations += n
            return r, v, err
        order = np.argsort(sat, kind="stable")
        r[order], v[order], err[order] = self(sat[order], t_s[order])
        return r, v, err


@njit(cache=True)
def _shadow_kernel(r, v, t, sun_t0, sun_h, sun_xyz, k):
    """Shadow margin (``eclipse.shadow_margin_rad``, rad) and its time derivative, per row."""
    n = r.shape[0]
    value, slope = np.empty(n), np.empty(n)
    for e in range(n):
        sx, sy, sz = _sun(t[e], sun_t0, sun_h, sun_xyz)
        rx, ry, rz = r[e, 0], r[e, 1], r[e, 2]
        vx, vy, vz = v[e, 0], v[e, 1], v[e, 2]
        wx, wy, wz = sx - rx, sy - ry, sz - rz
        d_sat = math.sqrt(rx * rx + ry * ry + rz * rz)
        d_w = math.sqrt(wx * wx + wy * wy + wz * wz)
        rv = rx * vx + ry * vy + rz * vz
        wv = wx * vx + wy * vy + wz * vz
        cos_psi = -(rx * wx + ry * wy + rz * wz) / (d_sat * d_w)
        cos_psi = max(-1.0, min(1.0, cos_psi))
        x = min(R_EARTH_KM / d_sat, 1.0)
        value[e] = math.acos(cos_psi) - math.asin(x) - k * math.asin(R_SUN_KM / d_w)
        # d/dt cos(psi) with u = -r, w = sun - r, u' = w' = -v (the Sun fixed over a step)
        dcos = (-wv + rv) / (d_sat * d_w) - cos_psi * (rv / (d_sat * d_sat) - wv / (d_w * d_w))
        dpsi = -dcos / math.sqrt(max(1.0 - cos_psi * cos_psi, 1e-30))
        drho = -x / math.sqrt(max(1.0 - x * x, 1e-30)) * rv / (d_sat * d_sat)
        slope[e] = dpsi - drho
    return value, slope


def shadow_function(sun_t0: float, sun_h: float, sun_xyz: np.ndarray, kind: str = "shadow"):
    """g(r, v, t) = shadow margin (rad, < 0 in shadow) and dg/dt (rad/s); the Sun linear on a
    uniform table (the reference's ``SunTrack`` interpolation)."""
    k = SHADOW_KINDS[kind]

    def g(r, v, t, index):
        return _shadow_kernel(r, v, t, sun_t0, sun_h, sun_xyz, k)

    return g


@njit(cache=True)
def _elevation_kernel(r, v, t, station, day0, site, up, sin_mask):
    """sin(elevation) - sin(mask) and its time derivative, per row (GMST as ``frames.gmst_rad``)."""
    n = r.shape[0]
    value, slope = np.empty(n), np.empty(n)
    for e in range(n):
        d = day0 + t[e] / 86400.0
        c = d / 36525.0
        sec = 67310.54841 + (876600.0 * 3600.0 + 8640184.812866) * c + 0.093104 * c * c - 6.2e-6 * c * c * c
        angle = math.radians((sec / 240.0) % 360.0)
        ca, sa = math.cos(angle), math.sin(angle)
        fx, fy, fz = ca * r[e, 0] + sa * r[e, 1], -sa * r[e, 0] + ca * r[e, 1], r[e, 2]
        gx = ca * v[e, 0] + sa * v[e, 1] + GMST_RATE_RAD_S * fy
        gy = -sa * v[e, 0] + ca * v[e, 1] - GMST_RATE_RAD_S * fx
        gz = v[e, 2]
        j = station[e]
        dx, dy, dz = fx - site[j, 0], fy - site[j, 1], fz - site[j, 2]
        dist = math.sqrt(dx * dx + dy * dy + dz * dz)
        du = dx * up[j, 0] + dy * up[j, 1] + dz * up[j, 2]
        value[e] = du / dist - sin_mask[j]
        slope[e] = (gx * up[j, 0] + gy * up[j, 1] + gz * up[j, 2]) / dist - du * (dx * gx + dy * gy + dz * gz) / dist**3
    return value, slope


def elevation_function(site_km, up, sin_mask, day0: float):
    """g(r, v, t, station) = sin(elevation) - sin(mask) and dg/dt (1/s), stations Earth-fixed."""
    site_km, up, sin_mask = (np.ascontiguousarray(x, dtype=float) for x in (site_km, up, sin_mask))

    def g(r, v, t, station):
        return _elevation_kernel(r, v, t, station, day0, site_km, up, sin_mask)

    return g


def curvature_bound(rate, ratio, half_angle):
    """Bound on |g''| / (2 |g'|) (1/s) at an edge: on a cone of half-angle theta crossed at a
    minimum angle beta (ratio = beta / theta), theta(t) ~ sqrt(beta^2 + (rate t)^2) gives
    rate ratio^2 / (2 phi) with phi the half-angle of the crossing; plus rate / 2 for the rest."""
    return rate * (0.5 + ratio**2 / (2.0 * np.maximum(half_angle, 0.02)))


def newton(pairs, g, sat, index, t, lo, hi, k_bound, tol_s, bad):
    """Zeros of g near t within (lo, hi), every event at once: (t, converged). ``bad`` (per
    satellite) collects sgp4 failures; their events come back unconverged."""
    order = np.argsort(sat, kind="stable")  # grouped by satellite: one sgp4 call each
    sat, index, lo, hi, k_bound = sat[order], index[order], lo[order], hi[order], k_bound[order]
    t = np.array(t, dtype=float)[order]
    converged = np.zeros(t.size, dtype=bool)
    active = np.arange(t.size)
    for _ in range(MAX_NEWTON):
        if active.size == 0:
            break
        r, v, err = pairs(sat[active], t[active])
        failed = err != 0
        bad[sat[active][failed]] = True
        value, slope = g(r, v, t[active], index[active])
        with np.errstate(divide="ignore", invalid="ignore"):
            step = -value / slope
        new = t[active] + step
        a_lo, a_hi = lo[active], hi[active]
        outside = ~np.isfinite(new) | (new <= a_lo) | (new >= a_hi)
        # A step out of the bracket falls back to halving toward the bracket end it aimed at.
        toward_lo = outside & ~(step > 0)
        new = np.where(outside, np.where(toward_lo, 0.5 * (t[active] + a_lo), 0.5 * (t[active] + a_hi)), new)
        t[active] = new
        done = ~outside & (k_bound[active] * step**2 < tol_s) & ~failed
        converged[active[done]] = True
        active = active[~done & ~failed]
    out_t, out_ok = np.empty_like(t), np.empty_like(converged)
    out_t[order], out_ok[order] = t, converged
    return out_t, out_ok


def extremum(pairs, g, sat, index, t, span_s, bad, tol_s: float = 0.2):
    """Minimum of g near t (within +-span_s) by the secant method on dg/dt: (t, g, g'')."""
    order = np.argsort(sat, kind="stable")
    sat, index, span_s = sat[order], index[order], span_s[order]
    t = np.array(t, dtype=float)[order]
    n = t.size
    value, curve = np.full(n, np.nan), np.full(n, np.nan)
    if n == 0:
        return t, value, curve
    r, v, err = pairs(sat, t)
    bad[sat[err != 0]] = True
    value, slope = g(r, v, t, index)
    previous_t, previous_slope = t.copy(), slope.copy()
    t = t - np.sign(slope) * np.minimum(np.abs(slope) * 1e3, 5.0) - (slope == 0) * 1.0
    lo, hi = previous_t - span_s, previous_t + span_s
    active = np.arange(n)
    for _ in range(MAX_SEARCH):
        if active.size == 0:
            break
        r, v, err = pairs(sat[active], t[active])
        bad[sat[active][err != 0]] = True
        val, slp = g(r, v, t[active], index[active])
        value[active] = val
        with np.errstate(divide="ignore", invalid="ignore"):
            second = (slp - previous_slope[active]) / (t[active] - previous_t[active])
            step = np.where(second > 0, -slp / second, -np.sign(slp) * 0.25 * span_s[active])
        curve[active] = second
        previous_t[active], previous_slope[active] = t[active], slp
        new = np.clip(t[active] + step, lo[active], hi[active])
        done = (np.abs(step) < tol_s) | ~np.isfinite(step) | (err != 0)
        t[active] = np.where(np.isfinite(new), new, t[active])
        active = active[~done]
    out = [np.empty(n) for _ in range(3)]
    for o, x in zip(out, (previous_t, value, curve), strict=True):
        o[order] = x
    return tuple(out)
