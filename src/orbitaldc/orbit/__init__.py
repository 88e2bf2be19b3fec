"""Orbit geometry: elements, the Sun, eclipses and their seasons."""

from __future__ import annotations

from orbitaldc.orbit.elements import orbital_period_s, sso_inclination_deg
from orbitaldc.orbit.geometry import OrbitGeometry, circular_orbit_geometry

__all__ = ["OrbitGeometry", "circular_orbit_geometry", "orbit_geometry", "orbital_period_s",
           "sso_inclination_deg"]


def orbit_geometry(scenario, shadow_kind: str = "shadow") -> OrbitGeometry:
    """Analytic geometry of the scenario's reference orbit over its horizon."""
    orbit = scenario.constellation.orbit
    if orbit.kind == "sso":
        return circular_orbit_geometry(
            orbit.altitude_km, float(sso_inclination_deg(orbit.altitude_km)), scenario.epoch,
            scenario.horizon_years, ltan_h=orbit.ltan_h, shadow_kind=shadow_kind,
        )
    return circular_orbit_geometry(
        orbit.altitude_km, orbit.inclination_deg, scenario.epoch, scenario.horizon_years,
        raan_deg=orbit.raan_deg, shadow_kind=shadow_kind,
    )
