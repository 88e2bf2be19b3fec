"""Orbit geometry: elements, the Sun, eclipses and their seasons.

Submodules load on use (``orbitaldc.orbit.geometry`` pulls in scipy), so validating a
scenario stays quick.
"""

from __future__ import annotations


def orbit_geometry(scenario, shadow_kind: str = "shadow"):
    """Analytic geometry (``OrbitGeometry``) of the scenario's reference orbit over its horizon."""
    from orbitaldc.orbit.elements import sso_inclination_deg
    from orbitaldc.orbit.geometry import circular_orbit_geometry

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
