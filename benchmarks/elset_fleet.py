"""`make bench` part: a year of eclipses and contacts for 10,000 element sets (TLE), against
sampling the same satellites with sgp4's ``SatrecArray`` every 60 s.

Fleet: the shipped Starlink catalogue (examples/catalogue/starlink-2023-07-18.tle, 4,428 CelesTrak
sets of 2023-07-16/18) made up to 10,000 sets: set k is catalogue row k mod 4,428 with its node
turned by 120 deg x (k // 4,428) and its mean anomaly by 37 deg x (k // 4,428), rebuilt with
``sgp4init``; B* is set to zero so that every satellite is propagated the whole year (with the
catalogue's drag sgp4 decays a few hundred of them within the year, and a skipped satellite is
work not done). Ten stations: the first ten of ``data/stations.yaml``.

Ours: ``orbit.elset_fleet.elset_fleet`` (prediction per revolution / conjunction, Newton
refinement on sgp4 at the predicted times only), all cores. Sampler: ``SatrecArray.sgp4`` on a
60 s grid -- positions only, no Sun, no stations, no event search, so a lower bound for any
sampling method -- timed on ``SAMPLER_SATELLITES`` x ``SAMPLER_DAYS`` and extrapolated linearly
(its cost is per satellite-epoch), labelled as such. Wall times on this machine; tests never assert
on them.
"""

from __future__ import annotations

import resource
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE.parent / "examples" / "catalogue" / "starlink-2023-07-18.tle"
T0 = np.datetime64("2023-07-18T00:00:00", "ns")
SAMPLER_SATELLITES = 500
SAMPLER_DAYS = 2.0


def catalogue_fleet(n: int = 10_000):
    """n element sets from the shipped catalogue (see the module docstring)."""
    from sgp4.api import WGS72, Satrec

    from orbitaldc.orbit.elset_fleet import EPOCH_1949
    from orbitaldc.orbit.elsets import ElementSet, read_elements

    base = read_elements(CATALOGUE)
    out = []
    for k in range(n):
        e = base[k % len(base)].satrec
        copy = k // len(base)
        sat = Satrec()
        sat.sgp4init(WGS72, "i", 100000 + k if k >= 99999 else k + 1, e.jdsatepoch - EPOCH_1949 + e.jdsatepochF, 0.0,
                     e.ndot, e.nddot, e.ecco, e.argpo, e.inclo, (e.mo + np.radians(37.0 * copy)) % (2 * np.pi),
                     e.no_kozai, (e.nodeo + np.radians(120.0 * copy)) % (2 * np.pi))
        out.append(ElementSet(f"{base[k % len(base)].name}/{copy}", k, sat))
    return out


def ten_stations():
    from orbitaldc.orbit.constellation import default_stations

    return list(default_stations()[:10])


def bench_elset_year(n: int = 10_000, days: float = 365.0) -> dict:
    from orbitaldc.orbit.elset_fleet import elset_fleet

    sets = catalogue_fleet(n)
    stations = ten_stations()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        elset_fleet(sets[:8], T0, 86400.0, stations, workers=1)  # compile / load the kernels' cache
        elset_fleet(sets[:64], T0, 86400.0, stations, workers=2)  # and the workers' serial kernels
        t = time.perf_counter()
        result = elset_fleet(sets, T0, days * 86400.0, stations)
        seconds = time.perf_counter() - t
    return {"satellites": n, "days": days, "stations": len(stations), "seconds": seconds,
            "sgp4_evaluations": result.sgp4_evaluations,
            "sgp4_evaluations_per_satellite_day": result.sgp4_evaluations / n / days,
            "eclipses": int(result.eclipses.count.sum()), "passes": int(result.contacts.passes.sum()),
            "skipped": len(result.problems), "mean_sunlit_fraction": float(result.eclipses.sunlit_fraction.mean()),
            "mean_contact_min_per_day": float(result.contacts.contact_min_per_day.mean()),
            "peak_memory_mib_parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_memory_mib_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def bench_sampler(n: int = 10_000, days: float = 365.0, sample_n: int = SAMPLER_SATELLITES,
                  sample_days: float = SAMPLER_DAYS, step_s: float = 60.0) -> dict:
    """SatrecArray every 60 s on a subset, in chunks of a day (memory), extrapolated to n x days."""
    from sgp4.api import SatrecArray

    from orbitaldc.orbit.propagate import julian_dates

    sets = catalogue_fleet(sample_n)
    array = SatrecArray([e.satrec for e in sets])
    t = time.perf_counter()
    for day in range(int(np.ceil(sample_days))):
        grid = day * 86400.0 + np.arange(0.0, min(86400.0, (sample_days - day) * 86400.0), step_s)
        jd, fr = julian_dates(T0, grid)
        array.sgp4(jd, fr)
    seconds = time.perf_counter() - t
    scale = (n / sample_n) * (days / sample_days)
    return {"measured_satellites": sample_n, "measured_days": sample_days, "step_s": step_s,
            "measured_seconds": seconds, "extrapolated_seconds_one_core": seconds * scale,
            "extrapolated_to": {"satellites": n, "days": days}}


def report(ours: dict, sampler: dict) -> None:
    one_core = sampler["extrapolated_seconds_one_core"]
    print(f"element sets at fleet scale: {ours['satellites']:,} TLEs x {ours['days']:g} days x {ours['stations']} "
          f"stations, eclipses + contacts: {ours['seconds']:.0f} s ({ours['seconds'] / 60:.1f} min, all cores; "
          f"{ours['sgp4_evaluations_per_satellite_day']:.0f} sgp4 evaluations per satellite-day; "
          f"{ours['eclipses']:,} eclipses, {ours['passes']:,} passes, {ours['skipped']} skipped)")
    print(f"  sgp4 SatrecArray every {sampler['step_s']:g} s (positions only), measured on "
          f"{sampler['measured_satellites']} satellites x {sampler['measured_days']:g} days in "
          f"{sampler['measured_seconds']:.2f} s, extrapolated: {one_core:.0f} s on one core "
          f"({one_core / 2:.0f} s if two cores split it perfectly) -> {one_core / 2 / ours['seconds']:.1f}x slower "
          "than ours on two cores")


if __name__ == "__main__":
    import json
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    days = float(sys.argv[2]) if len(sys.argv) > 2 else 365.0
    ours = bench_elset_year(n, days)
    print(json.dumps(ours), flush=True)
    sampler = bench_sampler(n, days)
    report(ours, sampler)
    if n == 10_000 and days == 365.0:  # the full case goes into results.json beside the other benches
        out = HERE / "results.json"
        results = json.loads(out.read_text()) if out.exists() else {}
        results["elset_fleet_year"] = {"ours": ours, "sgp4_sampler_60s": sampler}
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {out}")
