"""Timeline benchmarks: fleet-scale year for 10,000 satellites, and eclipse search against a
skyfield brute-force scan (is_sunlit every 10 s), both measured in this run."""

from __future__ import annotations

import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import yaml

from orbitaldc.orbit.contacts import Station
from orbitaldc.orbit.eclipse import find_eclipses
from orbitaldc.orbit.elsets import ElementSet
from orbitaldc.orbit.fleet import fleet_contacts, fleet_eclipses
from orbitaldc.orbit.propagate import CircularJ2Trajectory, Sgp4Fleet

T0 = np.datetime64("2027-03-01T00:00:00", "ns")
YEAR_S = 365.0 * 86400.0


def walker_fleet(n: int) -> CircularJ2Trajectory:
    """Half a 53 deg Walker shell and half a 97.6 deg (sun-synchronous) shell at 550 km."""
    planes = 100
    per_plane = n // planes
    raan = np.repeat(np.arange(planes) * 360.0 / planes, per_plane)
    arglat = np.tile(np.arange(per_plane) * 360.0 / per_plane, planes) + raan * 0.1
    inc = np.where(np.arange(raan.size) < raan.size // 2, 53.0, 97.6)
    return CircularJ2Trajectory.from_elements(T0, 550.0, inc, raan, arglat)


def ten_stations() -> list[Station]:
    from importlib import resources

    rows = yaml.safe_load(resources.files("orbitaldc").joinpath("data/stations.yaml").read_text())["stations"]
    return [Station(r["name"], r["lat_deg"]["value"], r["lon_deg"]["value"], r["elevation_m"]["value"], 10.0)
            for r in rows[:10]]


def bench_fleet_year(n: int = 10_000) -> dict:
    traj = walker_fleet(n)
    stations = ten_stations()
    warm = CircularJ2Trajectory(T0, traj.altitude_km[:4], traj.inclination_deg[:4], traj.raan0_rad[:4],
                                traj.arglat0_rad[:4])
    fleet_eclipses(warm, 86400.0)  # compile (cached on disk after the first run)
    fleet_contacts(warm, stations, 86400.0)
    t = time.perf_counter()
    ecl = fleet_eclipses(traj, YEAR_S)
    t_ecl = time.perf_counter() - t
    t = time.perf_counter()
    con = fleet_contacts(traj, stations, YEAR_S)
    t_con = time.perf_counter() - t
    return {"satellites": n, "days": 365, "stations": len(stations), "eclipse_seconds": t_ecl,
            "contact_seconds": t_con, "total_seconds": t_ecl + t_con, "eclipses": int(ecl.count.sum()),
            "passes": int(con.passes.sum()),
            "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def sgp4_satellites(n: int) -> list[ElementSet]:
    """n LEO satellites (400-1200 km, 30-98 deg) built with sgp4init (no TLE text needed)."""
    from sgp4.api import WGS72, Satrec

    rng = np.random.default_rng(7)
    epoch_days = (T0 - np.datetime64("1949-12-31T00:00:00", "ns")) / np.timedelta64(1, "D")
    sets = []
    for k in range(n):
        alt = rng.uniform(400, 1200)
        a = 6378.137 + alt
        n_rad_min = np.sqrt(398600.4418 / a**3) * 60.0
        sat = Satrec()
        sat.sgp4init(WGS72, "i", 90000 + k, epoch_days, 1e-5, 0.0, 0.0, 1e-4, 0.0,
                     np.radians(rng.uniform(30, 98)), np.radians(rng.uniform(0, 360)), n_rad_min,
                     np.radians(rng.uniform(0, 360)))
        sets.append(ElementSet(f"bench-{k}", 90000 + k, sat))
    return sets


def skyfield_brute_force(sets, duration_s: float):
    """Shadow edges from skyfield's is_sunlit every 10 s, each change bisected: the oracle of
    tests/validation/test_events_skyfield.py, so the benchmark and the tests share one oracle."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "validation"))
    from test_events_skyfield import skyfield_sunlit_changes

    return [skyfield_sunlit_changes(e, T0, duration_s) for e in sets]


def bench_against_skyfield(n: int = 8, days: float = 1.0) -> dict:
    sets = sgp4_satellites(n)
    duration = days * 86400.0
    end = T0 + np.timedelta64(int(duration), "s")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        find_eclipses(Sgp4Fleet(sets[:1]), T0, T0 + np.timedelta64(3600, "s"))
        t = time.perf_counter()
        frame, _ = find_eclipses(Sgp4Fleet(sets), T0, end)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        oracle = skyfield_brute_force(sets, duration)
        brute = time.perf_counter() - t
    worst = 0.0
    for k, e in enumerate(sets):
        rows = frame[frame.satellite == e.name]
        mine = np.sort(np.r_[(rows.start - T0).dt.total_seconds(), (rows.end - T0).dt.total_seconds()])
        mine = mine[(mine > 1e-3) & (mine < duration - 1e-3)]
        if len(mine) != len(oracle[k]):
            worst = float("inf")
            break
        if len(mine):
            worst = max(worst, float(np.max(np.abs(mine - oracle[k]))))
    per_sat_year_ours = ours / n / days * 365.0
    per_sat_year_brute = brute / n / days * 365.0
    return {"satellites": n, "days": days, "orbitaldc_sgp4_seconds": ours, "skyfield_brute_force_seconds": brute,
            "ratio": brute / ours, "max_edge_difference_s": worst,
            "scaled_10k_year_skyfield_seconds": per_sat_year_brute * 10_000,
            "scaled_10k_year_orbitaldc_sgp4_seconds": per_sat_year_ours * 10_000}
