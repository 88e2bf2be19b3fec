"""Satellites of a scenario's constellation: a fleet the event finders can propagate, and the
reference circular orbits the analytic sizing uses.

Designed kinds become closed-form J2 circular orbits (``CircularJ2Trajectory``):
``sso`` and ``circular`` one plane with the satellites evenly phased; ``walker`` a Walker delta
i: t/p/f pattern (Walker, J. Br. Interplanet. Soc. 37, 1984); ``cluster`` a formation whose
environment (Sun, shadow, stations) is that of its reference orbit, since its satellites stay
within a kilometre. ``elements`` are real TLE/OMM sets propagated by sgp4.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml

from orbitaldc.constants import MU_EARTH_KM3_S2, R_EARTH_KM
from orbitaldc.limits import check_element_sets, check_satellites
from orbitaldc.orbit.contacts import Station
from orbitaldc.orbit.elements import sso_inclination_deg
from orbitaldc.orbit.propagate import CircularJ2Trajectory, DesignedFleet, Sgp4Fleet
from orbitaldc.orbit.sun import days_since_j2000, mean_sun_right_ascension_rad


@dataclass(frozen=True)
class ConstellationGeometry:
    """What the timeline propagates and what sizing assumes."""

    kind: str
    satellites: int
    fleet: object  # DesignedFleet or Sgp4Fleet
    circular: CircularJ2Trajectory | None  # closed-form orbits for the fleet-scale kernels
    reference_planes: list  # (altitude_km, inclination_deg, raan_deg at epoch, ltan_h or None)


def sso_raan_deg(epoch, ltan_h: float) -> float:
    """Node right ascension (deg) that puts the ascending node at local time ``ltan_h``."""
    return float(np.degrees(mean_sun_right_ascension_rad(days_since_j2000(np.datetime64(epoch, "ns"))))
                 + 15.0 * (ltan_h - 12.0)) % 360.0


def build_constellation(scenario, satellites: int) -> ConstellationGeometry:
    """The scenario's fleet of ``satellites`` (elements: the file decides the count)."""
    orbit = scenario.constellation.orbit
    t0 = np.datetime64(scenario.epoch, "ns")
    if orbit.kind == "elements":
        from orbitaldc.orbit.elsets import scenario_elements

        sets = scenario_elements(orbit)
        _check_element_work(scenario, len(sets))
        planes = [mean_circular_orbit(e) for e in sets[:1]]
        return ConstellationGeometry("elements", len(sets), Sgp4Fleet(sets), None, planes)
    # A fleet derived from it_power_w is checked here, where it is first built whole.
    check_satellites(satellites, "constellation.satellites" if scenario.constellation.satellites else "constellation")
    if orbit.kind in ("sso", "cluster"):
        inc = float(sso_inclination_deg(orbit.altitude_km))
        raan = sso_raan_deg(t0, orbit.ltan_h)
        count = 1 if orbit.kind == "cluster" else satellites
        traj = CircularJ2Trajectory.from_elements(t0, orbit.altitude_km, inc, raan, _phases(count))
        return ConstellationGeometry(orbit.kind, satellites, DesignedFleet(traj), traj,
                                     [(orbit.altitude_km, inc, raan, orbit.ltan_h)])
    if orbit.kind == "circular":
        traj = CircularJ2Trajectory.from_elements(t0, orbit.altitude_km, orbit.inclination_deg, orbit.raan_deg,
                                                  _phases(satellites))
        return ConstellationGeometry("circular", satellites, DesignedFleet(traj), traj,
                                     [(orbit.altitude_km, orbit.inclination_deg, orbit.raan_deg, None)])
    per_plane = satellites // orbit.planes
    plane = np.repeat(np.arange(orbit.planes), per_plane)
    slot = np.tile(np.arange(per_plane), orbit.planes)
    raan = (orbit.raan0_deg + plane * 360.0 / orbit.planes) % 360.0
    arglat = (slot * 360.0 / per_plane + plane * orbit.phasing * 360.0 / satellites) % 360.0
    traj = CircularJ2Trajectory.from_elements(t0, orbit.altitude_km, orbit.inclination_deg, raan, arglat)
    planes = [(orbit.altitude_km, orbit.inclination_deg, float(r), None) for r in np.unique(raan)]
    return ConstellationGeometry("walker", satellites, DesignedFleet(traj), traj, planes)


def _check_element_work(scenario, count: int) -> None:
    """Element sets go through sgp4 (``orbit.elset_fleet``) over min(horizon, element_set_days)."""
    from orbitaldc.limits import check_element_set_work

    check_element_sets(count)
    stations = scenario_stations(scenario)
    days = min(scenario.horizon_years * 365.25, scenario.constellation.orbit.element_set_days)
    check_element_set_work(count, len(stations), days, "constellation.orbit")


def _phases(count: int) -> np.ndarray:
    return np.arange(count) * 360.0 / count


def mean_circular_orbit(element_set):
    """Circular orbit closest to an element set: altitude from the mean motion (Kozai), i, RAAN."""
    sat = element_set.satrec
    n_rad_s = sat.no_kozai / 60.0
    a = (MU_EARTH_KM3_S2 / n_rad_s**2) ** (1.0 / 3.0)
    return (a - R_EARTH_KM, float(np.degrees(sat.inclo)), float(np.degrees(sat.nodeo)), None)


@cache
def default_stations() -> tuple[Station, ...]:
    """The shipped ground stations (``data/stations.yaml``, each coordinate with its source)."""
    text = resources.files("orbitaldc").joinpath("data/stations.yaml").read_text(encoding="utf-8")
    rows = yaml.safe_load(text)["stations"]
    return tuple(Station(r["name"], r["lat_deg"]["value"], r["lon_deg"]["value"], r["elevation_m"]["value"],
                         r["min_elevation_deg"]["value"]) for r in rows)


def scenario_stations(scenario) -> tuple[Station, ...]:
    stations = scenario.ground.stations
    if stations == "default":
        return default_stations()
    return tuple(Station(s.name, s.lat_deg, s.lon_deg, s.elevation_m, s.min_elevation_deg) for s in stations)
