"""Eclipses of a circular orbit in closed form from the beta angle.

Seen from Earth's centre, a satellite at radius a is in shadow when its angle theta from
the anti-Sun direction is below the edge angle

    theta_edge = asin(R / a) + asin((R + k R_sun) / d_sun)

with k = 0 for ``shadow`` (the Sun's centre hidden by a spherical Earth, skyfield's
``is_sunlit`` definition), k = -1 for ``umbra`` and k = +1 for ``penumbra`` (conical
shadow; Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., sec. 5.3,
Algorithm 34 geometry). k = 0 with d_sun -> infinity is the cylindrical shadow.
On a circular orbit cos theta = cos beta cos phi, with phi the in-plane angle from
orbit midnight, so the shadowed fraction of each revolution is

    f = acos(cos theta_edge / cos beta) / pi       for |beta| < theta_edge, else 0,

which for the cylindrical shadow is the familiar f = acos(sqrt(h^2 + 2Rh) / (a cos beta)) / pi
(e.g. Rickman, NASA/TP-2014-217544). Earth is a sphere of R = 6378.137 km; the atmosphere,
oblateness and the Sun's motion during one revolution are ignored.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import AU_KM, R_EARTH_KM, R_SUN_KM
from orbitaldc.orbit.elements import semi_major_axis_km

SHADOW_KINDS = {"shadow": 0.0, "umbra": -1.0, "penumbra": 1.0, "cylindrical": None}


def shadow_edge_angle_rad(altitude_km, kind: str = "shadow", sun_distance_km=AU_KM):
    """Half-angle of the shadow cap around the anti-Sun direction (rad)."""
    if kind not in SHADOW_KINDS:
        raise ValueError(f"unknown shadow kind {kind!r}; use one of {sorted(SHADOW_KINDS)}")
    a = semi_major_axis_km(altitude_km)
    base = np.arcsin(R_EARTH_KM / a)
    k = SHADOW_KINDS[kind]
    if k is None:
        return base
    return base + np.arcsin((R_EARTH_KM + k * R_SUN_KM) / np.asarray(sun_distance_km, dtype=float))


def eclipse_fraction(altitude_km, beta_deg, kind: str = "shadow", sun_distance_km=AU_KM):
    """Fraction of a revolution spent in ``kind`` (penumbra includes the umbra)."""
    edge = shadow_edge_angle_rad(altitude_km, kind, sun_distance_km)
    cos_beta = np.cos(np.radians(beta_deg))
    ratio = np.divide(np.cos(edge), cos_beta, out=np.full(np.broadcast(edge, cos_beta).shape, 2.0),
                      where=cos_beta > 0)
    return np.where(ratio < 1.0, np.arccos(np.clip(ratio, -1.0, 1.0)) / np.pi, 0.0)


def beta_limit_deg(altitude_km, kind: str = "shadow", sun_distance_km=AU_KM):
    """|beta| above which a circular orbit sees no ``kind`` eclipse (deg)."""
    return np.degrees(shadow_edge_angle_rad(altitude_km, kind, sun_distance_km))


# --- Numerical eclipses of propagated satellites --------------------------------------------

EVENT_KINDS = ("shadow", "umbra", "penumbra")


def shadow_margin_rad(r_km: np.ndarray, sun_km: np.ndarray, kind: str = "shadow") -> np.ndarray:
    """Angular margin (rad) of a satellite at ``r_km`` (..., 3) outside the ``kind`` shadow.

    Seen from the satellite, psi is the angle between Earth's centre and the Sun's centre,
    rho_E and rho_S their apparent radii. Negative margin means: ``shadow`` psi < rho_E (the
    Sun's centre is behind the Earth, skyfield's ``is_sunlit`` test), ``umbra``
    psi < rho_E - rho_S (the whole disc hidden), ``penumbra`` psi < rho_E + rho_S (any part).
    """
    k = SHADOW_KINDS[kind]
    to_sun = sun_km - r_km
    d_sat = np.linalg.norm(r_km, axis=-1)
    d_sun = np.linalg.norm(to_sun, axis=-1)
    cos_psi = -np.sum(r_km * to_sun, axis=-1) / (d_sat * d_sun)
    psi = np.arccos(np.clip(cos_psi, -1.0, 1.0))
    rho_earth = np.arcsin(np.clip(R_EARTH_KM / d_sat, -1.0, 1.0))
    return psi - rho_earth - k * np.arcsin(R_SUN_KM / d_sun)


def find_eclipses(fleet, start, end, kind: str = "shadow", step_s: float = 60.0):
    """Eclipse intervals of every satellite of ``fleet`` between ``start`` and ``end``.

    Returns ``(intervals, problems)``: a pandas DataFrame with columns satellite, start,
    end (datetime64[ns] UTC), duration_s and kind, and one line per satellite skipped
    because its propagation failed. ``penumbra`` intervals are the partial phases only
    (entry and exit), ``umbra`` the total ones, ``shadow`` the Sun-centre definition.
    Event times are refined to 1 ms.
    """
    import pandas as pd

    from orbitaldc.orbit.events import find_crossings

    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown eclipse kind {kind!r}; use one of {', '.join(EVENT_KINDS)}")
    t0 = np.datetime64(start, "ns")
    duration_s = (np.datetime64(end, "ns") - t0) / np.timedelta64(1, "s")
    searched = ("penumbra", "umbra") if kind == "penumbra" else (kind,)
    n = len(fleet.names)
    from orbitaldc.limits import check_window

    check_window(n, len(searched), duration_s / 86400.0)
    found = {k: ([], [], []) for k in searched}
    at_start = {}
    usable = np.ones(n, dtype=bool)
    errors = np.zeros(n, dtype=int)
    for chunk in fleet.chunks(t0, duration_s, step_s):
        usable &= chunk.ok
        errors = np.where((errors == 0) & (chunk.first_error != 0), chunk.first_error, errors)
        for k in searched:
            def g(track, t_s, k=k, traj=chunk.trajectory, sun=chunk.sun):
                return shadow_margin_rad(traj.state(track, t_s)[0], sun.at(t_s), k)

            if k not in at_start:
                at_start[k] = g(np.arange(n), np.zeros(n)) < 0
            c = find_crossings(g, n, chunk.grid_s)
            for store, values in zip(found[k], (c.track, c.t_s, c.rising), strict=True):
                store.append(values)

    spans = {k: _spans(found[k], n, duration_s, at_start[k]) for k in searched}
    track, begin, finish = spans[kind] if kind != "penumbra" else _partial(spans["penumbra"], spans["umbra"])
    keep = usable[track]
    track, begin, finish = track[keep], begin[keep], finish[keep]
    names = np.array(fleet.names, dtype=object)
    frame = pd.DataFrame({
        "satellite": names[track] if track.size else np.array([], dtype=object),
        "start": t0 + (begin * 1e9).astype("timedelta64[ns]"),
        "end": t0 + (finish * 1e9).astype("timedelta64[ns]"),
        "duration_s": finish - begin,
        "kind": kind,
    })
    from orbitaldc.orbit.elsets import sgp4_error_text

    problems = [f"{fleet.names[i]}: sgp4 error {errors[i]} ({sgp4_error_text(errors[i])}); skipped"
                for i in np.flatnonzero(~usable)]
    return frame, problems


def _spans(found, n, duration_s, negative_at_start):
    from orbitaldc.orbit.events import Crossings, intervals_below_zero

    track, t, rising = (np.concatenate(x) if x else np.empty(0) for x in found)
    order = np.lexsort((t, track))
    crossings = Crossings(track[order].astype(int), t[order], rising[order].astype(bool))
    return intervals_below_zero(crossings, n, 0.0, duration_s, negative_at_start)


def _partial(penumbra, umbra):
    """Penumbra spans minus the umbra spans inside them (entry and exit phases)."""
    out = ([], [], [])
    umbra_by_track: dict[int, list] = {}
    for tr, a, b in zip(*umbra, strict=True):
        umbra_by_track.setdefault(int(tr), []).append((a, b))
    for tr, a, b in zip(*penumbra, strict=True):
        cursor = a
        for ua, ub in umbra_by_track.get(int(tr), []):
            if ua >= a and ub <= b:
                if ua > cursor:
                    for store, value in zip(out, (tr, cursor, ua), strict=True):
                        store.append(value)
                cursor = ub
        if b > cursor:
            for store, value in zip(out, (tr, cursor, b), strict=True):
                store.append(value)
    return tuple(np.array(x) for x in out[:1]) + tuple(np.array(x, dtype=float) for x in out[1:])
