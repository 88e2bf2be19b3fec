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
