"""Flat plate to spherical Earth view factor (Howell catalog B-43; Thornton, Thermal
Structures for Aerospace Applications) against two independent references:

1. the closed form for a plate whose normal is horizontal, F = (phi - sin phi cos phi)/pi
   with sin phi = R/(R+h) (Gilmore, Spacecraft Thermal Control Handbook Vol. I, ch. 2);
2. direct numerical integration of cos(theta_plate) cos(theta_earth) / (pi d^2) over the
   visible Earth cap (our own quadrature, independent of the closed form), to 1e-4.
Plus the nadir-facing limit (R/(R+h))^2.
"""

import numpy as np
import pytest

from orbitaldc.constants import R_EARTH_KM
from orbitaldc.design.thermal import earth_view_factor


def numeric_view_factor(altitude_km: float, tilt_deg: float, n: int = 1200) -> float:
    """Integrate over the sphere surface in (colatitude from sub-satellite point, azimuth)."""
    r, d0 = R_EARTH_KM, R_EARTH_KM + altitude_km
    horizon = np.arccos(r / d0)
    c = (np.arange(n) + 0.5) / n * horizon  # colatitude of surface points seen by the plate
    az = (np.arange(2 * n) + 0.5) / (2 * n) * 2 * np.pi
    C, A = np.meshgrid(c, az, indexing="ij")
    # Surface point and plate position with the plate on the +z axis.
    p = np.stack([r * np.sin(C) * np.cos(A), r * np.sin(C) * np.sin(A), r * np.cos(C)])
    sat = np.array([0.0, 0.0, d0])[:, None, None]
    v = p - sat
    dist = np.linalg.norm(v, axis=0)
    lam = np.radians(tilt_deg)
    normal = np.array([np.sin(lam), 0.0, -np.cos(lam)])[:, None, None]  # tilted from nadir (-z)
    cos_plate = np.sum(normal * v, axis=0) / dist
    cos_surface = np.sum((p / r) * (-v), axis=0) / dist
    integrand = np.where(cos_plate > 0, cos_plate * cos_surface / (np.pi * dist**2), 0.0)
    d_area = r**2 * np.sin(C) * (horizon / n) * (np.pi / n)
    return float(np.sum(integrand * d_area))


@pytest.mark.parametrize("altitude_km", [400.0, 650.0, 1400.0])
def test_horizontal_normal_matches_closed_form(altitude_km):
    phi = np.arcsin(R_EARTH_KM / (R_EARTH_KM + altitude_km))
    expected = (phi - np.sin(phi) * np.cos(phi)) / np.pi
    assert float(earth_view_factor(altitude_km, 90.0)) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("altitude_km", [550.0, 650.0, 2000.0])
@pytest.mark.parametrize("tilt_deg", [0.0, 30.0, 60.0, 75.0, 90.0, 120.0, 145.0])
def test_matches_numerical_integration(altitude_km, tilt_deg):
    assert float(earth_view_factor(altitude_km, tilt_deg)) == pytest.approx(
        numeric_view_factor(altitude_km, tilt_deg), abs=1e-4)


def test_nadir_limit_and_no_view_upward():
    h = 650.0
    assert float(earth_view_factor(h, 0.0)) == pytest.approx((R_EARTH_KM / (R_EARTH_KM + h)) ** 2)
    assert float(earth_view_factor(h, 180.0)) == 0.0
