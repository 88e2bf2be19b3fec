"""Timeline stage: what the sky does to the constellation over the scenario horizon.

Eclipses and ground contacts of the fleet (``orbit.fleet`` kernels for designed
constellations, ``orbit.elset_timeline`` for element sets: sgp4 at fleet scale, then a designed
continuation beyond ``element_set_days``), the analytic beta-angle season of
the reference orbit (what sizing uses), radiation dose behind the design's shielding
(``orbit.radiation``) and drag: lifetime and station-keeping delta-v (``orbit.drag``).
Designed constellations are evaluated on an even sample of their satellites (all satellites
in a plane share the plane's eclipses; contacts are averaged), stated in the output.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from orbitaldc.orbit.constellation import ConstellationGeometry, build_constellation, scenario_stations
from orbitaldc.orbit.elsets import ELEMENT_SET_WINDOW_DAYS
from orbitaldc.orbit.formation import cluster_fit_problems
from orbitaldc.orbit.geometry import OrbitGeometry

MAX_EVALUATED_SATELLITES = 64
CONTACT_HORIZON_DAYS = 365.25
ELEMENT_SET_HORIZON_DAYS = ELEMENT_SET_WINDOW_DAYS  # TLE/OMM predictions degrade beyond weeks (elsets.py)


@dataclass(frozen=True)
class Timeline:
    """Fleet statistics over the horizon (per evaluated satellite arrays, units in names)."""

    geometry: OrbitGeometry
    constellation: ConstellationGeometry
    model: str
    evaluated: np.ndarray  # indices of the satellites evaluated
    eclipse_horizon_s: float
    sunlit_fraction: np.ndarray
    max_eclipse_s: np.ndarray
    eclipse_days_per_year: np.ndarray
    contact_horizon_s: float
    contact_min_per_day: np.ndarray
    longest_contact_gap_s: np.ndarray
    station_names: tuple[str, ...]
    station_contact_min_per_day: np.ndarray  # (evaluated, stations)
    problems: tuple[str, ...]
    cluster: dict | None = None
    epoch: object = None  # the scenario's epoch and horizon: the drag figures' solar activity
    horizon_years: float = 0.0
    element_age_days: dict | None = None  # element sets: how far the window reaches from their epochs
    shells: list | None = None  # element sets: per inclination/altitude shell (orbit.elset_designed.shells)


def build_timeline(scenario, geometry: OrbitGeometry, satellites: int, progress=None) -> Timeline:
    """Run the timeline for the scenario's fleet of ``satellites``."""
    const = build_constellation(scenario, satellites)
    stations = scenario_stations(scenario)
    horizon_s = scenario.horizon_years * 365.25 * 86400.0
    if const.circular is None:
        result = _element_sets(scenario, geometry, const, stations, progress)
    else:
        result = _designed(scenario, geometry, const, stations, horizon_s, progress)
        if const.kind == "cluster" and not cluster_fit_problems(scenario.constellation.orbit, satellites):
            # (a cluster that does not fit is an infeasible design, with the reason: design/__init__.py)
            result = dataclasses.replace(result, cluster=cluster_geometry(scenario, satellites))
    return dataclasses.replace(result, epoch=scenario.epoch, horizon_years=scenario.horizon_years)


def _designed(scenario, geometry, const, stations, horizon_s, progress) -> Timeline:
    from orbitaldc.orbit.fleet import fleet_contacts, fleet_eclipses
    from orbitaldc.orbit.propagate import CircularJ2Trajectory

    traj = const.circular
    pick = np.unique(np.linspace(0, traj.n - 1, min(traj.n, MAX_EVALUATED_SATELLITES)).round().astype(int))
    sample = CircularJ2Trajectory(traj.t0, traj.altitude_km[pick], traj.inclination_deg[pick],
                                  traj.raan0_rad[pick], traj.arglat0_rad[pick])
    _tick(progress, 0, 2)
    ecl = fleet_eclipses(sample, horizon_s)
    _tick(progress, 1, 2)
    contact_s = min(horizon_s, CONTACT_HORIZON_DAYS * 86400.0)
    con = fleet_contacts(sample, stations, contact_s)
    _tick(progress, 2, 2)
    return Timeline(
        geometry=geometry, constellation=const,
        model=("closed-form circular orbits with secular J2 rates; eclipses and contacts predicted per "
               "revolution and refined (orbit.fleet); Astronomical Almanac Sun"),
        evaluated=pick, eclipse_horizon_s=horizon_s, sunlit_fraction=ecl.sunlit_fraction,
        max_eclipse_s=ecl.max_eclipse_s, eclipse_days_per_year=_per_year(ecl.eclipse_days, horizon_s),
        contact_horizon_s=contact_s, contact_min_per_day=con.contact_min_per_day,
        longest_contact_gap_s=con.longest_gap_s, station_names=tuple(s.name for s in stations),
        station_contact_min_per_day=con.station_contact_s / 60.0 / (contact_s / 86400.0), problems=(),
    )


def _element_sets(scenario, geometry, const, stations, progress) -> Timeline:
    """sgp4 at fleet scale over min(horizon, element_set_days), then the catalogue as a designed
    constellation (``orbit.elset_timeline``); the exact root finders serve ``eclipses``/``passes``."""
    from orbitaldc.orbit.elset_timeline import element_set_timeline

    t0 = np.datetime64(scenario.epoch, "ns")
    horizon_days = scenario.horizon_years * 365.25
    sgp4_days = min(horizon_days, scenario.constellation.orbit.element_set_days)
    age = const.fleet.element_age(t0, t0 + np.timedelta64(int(sgp4_days * 86400), "s"))  # refuses stale sets
    r = element_set_timeline(const.fleet.element_sets, list(stations), t0, horizon_days, sgp4_days,
                             getattr(geometry, "shadow_kind", "shadow"), progress)
    per_day = r.contact_horizon_s / 86400.0
    return Timeline(
        geometry=geometry, constellation=const, model=r.model, evaluated=r.evaluated,
        eclipse_horizon_s=r.eclipse_horizon_s, sunlit_fraction=1.0 - r.eclipse_s / r.eclipse_horizon_s,
        max_eclipse_s=r.max_eclipse_s, eclipse_days_per_year=_per_year(r.eclipse_days, r.eclipse_horizon_s),
        contact_horizon_s=r.contact_horizon_s, contact_min_per_day=r.contact_s / 60.0 / per_day,
        longest_contact_gap_s=r.longest_gap_s, station_names=tuple(s.name for s in stations),
        station_contact_min_per_day=r.station_contact_s / 60.0 / per_day, problems=age.problems + r.problems,
        element_age_days=age.document(), shells=r.shells,
    )


def union_and_longest_gap(rise: np.ndarray, fall: np.ndarray, horizon_s: float) -> tuple[float, float]:
    """Time covered by the union of [rise, fall] spans, and the longest uncovered stretch."""
    order = np.argsort(rise)
    covered, total, gap = 0.0, 0.0, 0.0
    for r, f in zip(rise[order], fall[order], strict=True):
        if r > covered:
            gap = max(gap, r - covered)
            total += f - r
        elif f > covered:
            total += f - covered
        covered = max(covered, f)
    return total, max(gap, horizon_s - covered)


def _per_year(days_touched, horizon_s: float):
    """Days (of 86,400 s from the epoch) holding an eclipse, scaled to a year of 365.25 days."""
    return np.asarray(days_touched) / math.ceil(horizon_s / 86400.0 - 1e-9) * 365.25


def _tick(progress, done, total):
    if progress is not None:
        progress(done, total)


def environment_document(timeline: Timeline, design=None) -> dict:
    """The ``environment`` keys of DESIGN.md plus their provenance."""
    g = timeline.geometry
    doc = {
        "model": timeline.model,
        "sizing_model": g.model,
        "shadow_kind": g.shadow_kind,
        "altitude_km": g.altitude_km,
        "orbit_period_min": g.period_s / 60.0,
        "inclination_deg": g.inclination_deg,
        "satellites_evaluated": int(timeline.evaluated.size),
        "sunlit_fraction": float(np.mean(timeline.sunlit_fraction)),
        "max_eclipse_min": float(np.max(timeline.max_eclipse_s)) / 60.0,
        "eclipse_days_per_year": float(np.mean(timeline.eclipse_days_per_year)),
        "beta_angle_deg": {"min": g.beta_min_deg, "max": g.beta_max_deg},
        "sizing_max_eclipse_min": g.max_eclipse_s / 60.0,
        "contact_min_per_day": float(np.mean(timeline.contact_min_per_day)),
        "longest_contact_gap_h": float(np.max(timeline.longest_contact_gap_s)) / 3600.0,
        "contact_min_per_day_by_station": {
            name: float(v) for name, v in zip(timeline.station_names,
                                               timeline.station_contact_min_per_day.mean(axis=0), strict=True)},
        "contact_horizon_days": timeline.contact_horizon_s / 86400.0,
    }
    if timeline.cluster is not None:
        doc["cluster"] = timeline.cluster
    if timeline.element_age_days is not None:
        doc["element_age_days"] = timeline.element_age_days
    if timeline.shells is not None:
        doc["shells"] = timeline.shells
    if design is not None:
        doc.update(_radiation(timeline, design))
        doc.update(_drag(timeline, design))
    return doc


def cluster_geometry(scenario, satellites: int) -> dict:
    """Neighbour distances of a ``cluster`` over one orbit of its periodic HCW motion (m).

    Differential J2 and drag, which the HCW model leaves out, slowly deform the formation
    (``orbit.formation`` docstring gives their sizes); station keeping is assumed to hold it.
    """
    from orbitaldc.orbit.elements import orbital_period_s, sso_inclination_deg
    from orbitaldc.orbit.formation import FormationTrajectory, neighbour_distance_stats, neighbour_pairs

    orbit = scenario.constellation.orbit
    formation = FormationTrajectory.cluster(np.datetime64(scenario.epoch, "ns"), satellites, orbit.radius_m,
                                            orbit.spacing_m, orbit.altitude_km,
                                            float(sso_inclination_deg(orbit.altitude_km)), layout=orbit.layout)
    pairs = neighbour_pairs(formation.offsets, formation.n_rad_s, orbit.spacing_m)
    closest, farthest = neighbour_distance_stats(formation, pairs, 0.0, float(orbital_period_s(orbit.altitude_km)))
    reach = np.linalg.norm(formation.offsets[:, :3], axis=1)
    return {"model": "Hill-Clohessy-Wiltshire, drift-free initial velocities, one orbit",
            "neighbour_pairs": int(len(pairs)), "neighbour_distance_m": {"min": float(closest.min()),
                                                                           "max": float(farthest.max())},
            "initial_max_offset_m": float(reach.max())}


def _radiation(timeline: Timeline, design) -> dict:
    from orbitaldc.orbit.radiation import radiation_summary

    g = timeline.geometry
    years = timeline.eclipse_horizon_s / (365.25 * 86400.0)
    try:
        r = radiation_summary(g.altitude_km, g.inclination_deg, float(design.inputs.aluminium_mm), years,
                              clamp_altitude=True)
    except ValueError as exc:
        return {"radiation_note": f"no dose: {exc}"}
    note = r.note + ("" if r.within_table else " Not validated for this altitude.")
    return {"dose_rad_si_per_year": r.annual_dose_rad_si, "mission_dose_rad_si": r.mission_dose_rad_si,
            "radiation_note": note, "radiation_source": r.source}


def _drag(timeline: Timeline, design) -> dict:
    from orbitaldc.orbit import drag

    g = timeline.geometry
    s = design.sizing
    mass = float(design.mass_kg)
    if not math.isfinite(mass):
        return {}
    # Flat panels in random orientation present half their area on average (one side).
    area = 0.5 * (float(s.solar_array_area_m2) + float(s.radiator_area_m2) + float(s.bus_radiator_area_m2))
    try:
        from orbitaldc.orbit.solar_activity import mean_station_keeping_dv_m_s_per_year

        b = drag.ballistic_coefficient_kg_m2(mass, area)
        epoch, years = timeline.epoch, timeline.horizon_years
        cases = {c: mean_station_keeping_dv_m_s_per_year(g.altitude_km, float(b), epoch, years, c)
                 for c in ("low", "moderate", "high")}
        dv, flux, note = cases["moderate"]
        return {
            "orbital_lifetime_years": float(drag.lifetime_years(g.altitude_km, b, flux)),
            "station_keeping_dv_m_s_per_year": dv,
            "station_keeping_dv_m_s_per_year_range": {"low": cases["low"][0], "high": cases["high"][0]},
            "solar_flux_f107_sfu": flux,
            "ballistic_coefficient_kg_m2": float(b),
            "drag_note": f"solar activity over the horizon: {note}, mean F10.7 {flux:.0f} sfu (lifetime at that "
            "constant flux); drag area = half the array and radiator area (flat panels, orientation averaged); "
            + drag.atmosphere_source(),
        }
    except ValueError as exc:
        return {"drag_note": f"no drag figures: {exc}"}
