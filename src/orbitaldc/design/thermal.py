"""Radiator energy balance and Earth view factors.

Per square metre of radiator panel (planform), in steady state (Gilmore, Spacecraft
Thermal Control Handbook Vol. I, 2nd ed., 2002, ch. 2 and 4):

    emitted  = sides * eps * sigma * T^4
    solar    = alpha * S * cos(incidence)                 (one face lit, at most)
    earth_ir = eps_ir * F_earth * E_ir                    (Kirchhoff: eps_ir = eps by default)
    albedo   = alpha * F_earth * a * S * cos(zeta)        (zeta: solar zenith under the satellite)
    net      = emitted - solar - earth_ir - albedo

``F_earth`` is the total view factor from the radiating faces to Earth. The default
orientation puts the panel normal horizontal (the panel plane holds the nadir vector), so
each face sees Earth with the tilted-plate factor at 90 deg.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import R_EARTH_KM, STEFAN_BOLTZMANN_W_M2_K4


def earth_view_factor(altitude_km, tilt_deg):
    """View factor from a flat plate to a spherical Earth.

    ``tilt_deg`` is the angle between the plate normal and nadir. Closed form for a planar
    element and a sphere (Howell, A Catalog of Radiation Heat Transfer Configuration
    Factors, factor B-43 "arbitrarily oriented differential planar element to sphere";
    also Thornton, Thermal Structures for Aerospace Applications): with H = (R + h) / R
    and lambda the tilt,
      full view (lambda <= acos(1/H)):  F = cos(lambda) / H^2
      partial view:  F = 1/2 - asin(sqrt(H^2-1) / (H sin lambda)) / pi
                       + [cos(lambda) acos(-sqrt(H^2-1) cot lambda)
                          - sqrt(H^2-1) sqrt(1 - H^2 cos^2 lambda)] / (pi H^2)
      no view (lambda >= pi - acos(1/H)): F = 0.
    """
    h_ratio = (R_EARTH_KM + np.asarray(altitude_km, dtype=float)) / R_EARTH_KM
    lam = np.radians(np.asarray(tilt_deg, dtype=float))
    h_ratio, lam = np.broadcast_arrays(h_ratio, lam)
    root = np.sqrt(h_ratio**2 - 1.0)
    full = lam <= np.arccos(1.0 / h_ratio)
    none = lam >= np.pi - np.arccos(1.0 / h_ratio)
    with np.errstate(divide="ignore", invalid="ignore"):
        sin_l, cos_l = np.sin(lam), np.cos(lam)
        partial = (
            0.5
            - np.arcsin(np.clip(root / (h_ratio * sin_l), -1, 1)) / np.pi
            + (
                cos_l * np.arccos(np.clip(-root * cos_l / sin_l, -1, 1))
                - root * np.sqrt(np.clip(1.0 - h_ratio**2 * cos_l**2, 0, None))
            )
            / (np.pi * h_ratio**2)
        )
    return np.where(full, cos_l / h_ratio**2, np.where(none, 0.0, partial))


def radiator_fluxes_w_m2(
    temperature_k,
    emissivity,
    absorptivity,
    sides,
    solar_w_m2,
    sun_cos,
    earth_view_factor,
    earth_ir_w_m2,
    earth_ir_absorptivity,
    albedo,
    albedo_cos,
):
    """Emitted, absorbed solar, absorbed Earth IR, absorbed albedo and net flux (W/m2)."""
    emitted = sides * emissivity * STEFAN_BOLTZMANN_W_M2_K4 * np.asarray(temperature_k) ** 4
    solar = absorptivity * solar_w_m2 * sun_cos
    earth_ir = earth_ir_absorptivity * earth_view_factor * earth_ir_w_m2
    reflected = absorptivity * earth_view_factor * albedo * solar_w_m2 * albedo_cos
    return emitted, solar, earth_ir, reflected, emitted - solar - earth_ir - reflected


def equilibrium_temperature_k(absorbed_w_m2, emissivity, sides):
    """Temperature (K) at which a panel radiates what it absorbs per m2 of planform."""
    return (np.asarray(absorbed_w_m2) / (sides * emissivity * STEFAN_BOLTZMANN_W_M2_K4)) ** 0.25
