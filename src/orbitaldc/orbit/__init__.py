"""Orbit geometry: elements, the Sun, eclipses and their seasons, contacts, links, environment.

Submodules load on use (``orbitaldc.orbit.geometry`` pulls in scipy), so validating a
scenario stays quick.
"""

from __future__ import annotations


def orbit_geometry(scenario, shadow_kind: str = "shadow"):
    """Analytic geometry (``OrbitGeometry``) of the scenario's reference orbit over its horizon.

    Sizing needs the worst case: for a Walker pattern, the plane with the longest eclipse;
    for element sets, the circular orbit nearest the first satellite's mean elements.
    """
    from orbitaldc.orbit.elements import sso_inclination_deg
    from orbitaldc.orbit.geometry import circular_orbit_geometry

    orbit = scenario.constellation.orbit
    if orbit.kind in ("sso", "cluster"):
        return circular_orbit_geometry(
            orbit.altitude_km, float(sso_inclination_deg(orbit.altitude_km)), scenario.epoch,
            scenario.horizon_years, ltan_h=orbit.ltan_h, shadow_kind=shadow_kind,
        )
    if orbit.kind == "circular":
        return circular_orbit_geometry(orbit.altitude_km, orbit.inclination_deg, scenario.epoch,
                                       scenario.horizon_years, raan_deg=orbit.raan_deg, shadow_kind=shadow_kind)
    if orbit.kind == "walker":
        raans = (orbit.raan0_deg + 360.0 * k / orbit.planes for k in range(orbit.planes))
        planes = [circular_orbit_geometry(orbit.altitude_km, orbit.inclination_deg, scenario.epoch,
                                          scenario.horizon_years, raan_deg=r % 360.0, shadow_kind=shadow_kind)
                  for r in raans]
        return max(planes, key=lambda g: g.max_eclipse_s)
    from orbitaldc.orbit.constellation import mean_circular_orbit
    from orbitaldc.orbit.elsets import scenario_elements

    altitude, inclination, raan, _ = mean_circular_orbit(scenario_elements(orbit)[0])
    from orbitaldc.errors import ScenarioError

    if not 160.0 <= altitude <= 36_000.0:
        raise ScenarioError("constellation.orbit", f"first element set is at {altitude:.0f} km, outside 160-36,000 km")
    return circular_orbit_geometry(altitude, inclination, scenario.epoch, scenario.horizon_years,
                                   raan_deg=raan, shadow_kind=shadow_kind)
