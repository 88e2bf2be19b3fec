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
    return _elements_geometry(scenario, shadow_kind)


def _elements_geometry(scenario, shadow_kind: str):
    """The circular orbit nearest the first element set, its node carried to the scenario epoch."""
    import dataclasses

    import numpy as np

    from orbitaldc.errors import ScenarioError
    from orbitaldc.orbit.constellation import mean_circular_orbit
    from orbitaldc.orbit.elsets import element_age, scenario_elements, scenario_window
    from orbitaldc.orbit.geometry import circular_orbit_geometry

    sets = scenario_elements(scenario.constellation.orbit)
    age = element_age(sets, *scenario_window(scenario))  # the window the timeline propagates; refuses stale sets
    first = sets[0]
    altitude, inclination, raan, _ = mean_circular_orbit(first)
    if not 160.0 <= altitude <= 36_000.0:
        raise ScenarioError("constellation.orbit", f"first element set is at {altitude:.0f} km, outside 160-36,000 km")
    # The set's node is at its own epoch; sgp4's secular node rate (rad/min, J2 and J4) carries it to the
    # scenario's: the ISS's turns 5 deg a day, so a set a week old would otherwise misplace the beta season.
    minutes = (np.datetime64(scenario.epoch, "ns") - first.epoch) / np.timedelta64(60, "s")
    raan = (raan + float(np.degrees(first.satrec.nodedot * minutes))) % 360.0
    geometry = circular_orbit_geometry(altitude, inclination, scenario.epoch, scenario.horizon_years,
                                       raan_deg=raan, shadow_kind=shadow_kind)
    return dataclasses.replace(geometry, model=geometry.model + (
        f"; circular orbit nearest {first.name}'s mean elements (set epoch {first.epoch.astype('datetime64[m]')}Z, "
        f"node carried to the scenario epoch at sgp4's secular rate; the sets' epochs lie up to "
        f"{age.days.max():.1f} days from the window they are propagated over)"))


def orbit_problems(scenario) -> list[str]:
    """Warnings about the orbit input when no timeline runs: element sets used far from their epochs."""
    if scenario.constellation.orbit.kind != "elements":
        return []
    from orbitaldc.orbit.elsets import element_age, scenario_elements, scenario_window

    return list(element_age(scenario_elements(scenario.constellation.orbit), *scenario_window(scenario)).problems)
