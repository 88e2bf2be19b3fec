"""Eclipses and ground contacts of element sets (TLE/OMM) at catalogue scale.

Sampling every satellite with sgp4 does not scale (DESIGN.md, "Fleet scale"). Here sgp4 is
evaluated on a coarse anchor grid (every ``ANCHOR_STEP_S``) to fix each satellite's plane and
phase, events are predicted per revolution and per station conjunction from that model
(``elset_kernels``, compiled), and each predicted edge is refined by Newton steps on sgp4
itself evaluated only at the current estimate (``elset_refine``). Event times are those of
sgp4 with the JPL DE421 Sun in TEME -- the model of the root-finder reference
(``eclipse.find_eclipses``, ``contacts.find_passes``) -- to well under a second
(tests/validation/test_elset_fleet.py measures it).

Work is split over satellites into tasks run by worker processes (sgp4's C++ core holds the
GIL, so threads would not help) and over time into batches of ``BATCH_DAYS``; memory per task
is a few tens of MB. Satellites the per-revolution model does not describe go through the
root finder instead (``reference_set``): a period of ``fleet.SAMPLED_PERIOD_S`` or more (their
stations never lap them), an orbit within ``EQUATORIAL_INCLINATION_DEG`` of the equator (the
anchor model's node, from the angular momentum's x-y part, is undefined at i = 0 and its
predicted eclipses were wrong), or an eccentricity of ``ECCENTRIC_E`` or more (the circular
plane-and-phase model mispredicts passes and edges; Newton then fails or misses passes --
QA against skyfield, e 0.1-0.3). A satellite whose Newton refinement still fails to converge
is recomputed the same way rather than dropped. A satellite whose sgp4 propagation fails
anywhere in the window (e.g. decayed) is skipped and named in ``problems``, as the root
finder does.
"""

from __future__ import annotations

import dataclasses
import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from sgp4.api import WGS72, Satrec, SatrecArray

from orbitaldc.constants import MU_EARTH_KM3_S2
from orbitaldc.orbit.fleet import SAMPLED_PERIOD_S, FleetContacts, FleetEclipses
from orbitaldc.orbit.propagate import julian_dates

ANCHOR_STEP_S = 43200.0
BATCH_DAYS = 10.0
SUN_STEP_S = 1800.0  # as propagate.SUN_STEP_S: linear interpolation errs < 2e-8 rad
# Worker processes pay ~2 s to start; below this many satellite-days one process is quicker.
PARALLEL_SATELLITE_DAYS = 3000.0
TASK_SATELLITES = 250
EPOCH_1949 = 2433281.5  # sgp4init counts epochs in days from 1949 December 31 00:00 UT
# Limits of the per-revolution model (see the module docstring); beyond them the root finder.
EQUATORIAL_INCLINATION_DEG = 1.0
ECCENTRIC_E = 0.1
NO_CONVERGENCE = -1  # first_error code of a refinement that did not converge


@dataclass(frozen=True)
class ElsetFleet:
    """Fleet statistics of element sets over a window, and how they were obtained."""

    eclipses: FleetEclipses
    contacts: FleetContacts
    usable: np.ndarray  # (n_sat,) bool: propagated without sgp4 error over the window
    problems: tuple[str, ...]
    sgp4_evaluations: int
    reference_satellites: int  # slow orbits sent to the root finder


def sgp4_parameters(satrec) -> tuple:
    """The arguments of ``Satrec.sgp4init`` that rebuild ``satrec`` exactly (Satrec does not pickle)."""
    return (satrec.operationmode, satrec.satnum, satrec.jdsatepoch - EPOCH_1949 + satrec.jdsatepochF,
            satrec.bstar, satrec.ndot, satrec.nddot, satrec.ecco, satrec.argpo, satrec.inclo, satrec.mo,
            satrec.no_kozai, satrec.nodeo)


def satrec_from(parameters) -> Satrec:
    sat = Satrec()
    sat.sgp4init(WGS72, *parameters)
    return sat


def period_s(satrec) -> float:
    return 2.0 * math.pi / satrec.no_kozai * 60.0


def reference_set(satrec) -> bool:
    """Whether ``satrec`` goes through the root finder instead of the per-revolution model."""
    return (period_s(satrec) >= SAMPLED_PERIOD_S or satrec.ecco >= ECCENTRIC_E
            or math.degrees(satrec.inclo) < EQUATORIAL_INCLINATION_DEG
            or math.degrees(satrec.inclo) > 180.0 - EQUATORIAL_INCLINATION_DEG)


def anchor_model(satrecs, t0: np.datetime64, anchors_s: np.ndarray):
    """Plane and phase of each satellite at the anchor times from sgp4 (TEME osculating state):
    unwrapped argument of latitude U and node W (rad), inclination (rad), semi-major axis A (km,
    vis-viva), and the first sgp4 error code per satellite (0 if none)."""
    jd, fr = julian_dates(t0, anchors_s)
    err, r, v = SatrecArray(list(satrecs)).sgp4(jd, fr)
    bad = err != 0
    first = np.where(bad.any(axis=1), err[np.arange(len(err)), bad.argmax(axis=1)], 0)
    r = np.where(bad[..., None], [7000.0, 0.0, 0.0], r)
    v = np.where(bad[..., None], [0.0, 7.5, 0.0], v)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1)
    inc = np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0))
    node = np.arctan2(h[..., 0], -h[..., 1])
    p = np.stack([np.cos(node), np.sin(node), np.zeros_like(node)], axis=-1)
    q = np.cross(h / hn[..., None], p)
    u = np.arctan2(np.sum(r * q, axis=-1), np.sum(r * p, axis=-1))
    radius = np.linalg.norm(r, axis=-1)
    a = 1.0 / (2.0 / radius - np.sum(v * v, axis=-1) / MU_EARTH_KM3_S2)
    a = np.where(a > 0, a, radius)
    # Whole revolutions between anchors from the osculating mean motion (drag included; J2 moves
    # it by ~1e-3, far from the half revolution that would make the count ambiguous).
    n_rad_s = np.sqrt(MU_EARTH_KM3_S2 / a**3)
    step = np.diff(anchors_s)
    expected = 0.5 * (n_rad_s[:, 1:] + n_rad_s[:, :-1]) * step
    seen = np.diff(u, axis=1)
    du = seen + 2 * np.pi * np.round((expected - seen) / (2 * np.pi))
    big_u = np.concatenate([u[:, :1], u[:, :1] + np.cumsum(du, axis=1)], axis=1)
    return big_u, np.unwrap(node, axis=1), inc, a, first


def sun_table(t0: np.datetime64, start_s: float, end_s: float):
    """DE421 Sun in TEME (km) every ``SUN_STEP_S`` over [start_s, end_s] (the reference's Sun)."""
    from orbitaldc.orbit.sun import sun_teme_km

    grid = np.arange(start_s, end_s + SUN_STEP_S, SUN_STEP_S)
    return float(grid[0]), np.ascontiguousarray(sun_teme_km(t0, grid))


@dataclass(frozen=True)
class _Job:
    """What a task needs besides its satellites (all picklable)."""

    t0: np.datetime64
    duration_s: float
    kind: str
    sun_t0: float
    sun_xyz: np.ndarray
    stations: tuple  # contacts.Station
    keep_intervals: bool
    serial: bool = False  # compiled kernels on one thread (worker processes)


def _stations_arrays(stations):
    from orbitaldc.orbit.frames import geodetic_to_ecef_km, local_up

    lat = np.array([s.lat_deg for s in stations], dtype=float)
    lon = np.array([s.lon_deg for s in stations], dtype=float)
    site = geodetic_to_ecef_km(lat, lon, np.array([s.elevation_m for s in stations], dtype=float))
    up = local_up(lat, lon)
    mask = np.radians([s.min_elevation_deg for s in stations])
    return lat, lon, site.reshape(-1, 3), up.reshape(-1, 3), np.asarray(mask, dtype=float)


def run_task(parameters, job: _Job) -> dict:
    """Every statistic of the satellites rebuilt from ``parameters`` (one task of the pool)."""
    from orbitaldc.orbit.elset_events import aggregate, refine_batch

    satrecs = [satrec_from(p) for p in parameters]
    n = len(satrecs)
    pad = SAMPLED_PERIOD_S + ANCHOR_STEP_S
    anchors = np.arange(-pad, job.duration_s + pad + ANCHOR_STEP_S, ANCHOR_STEP_S)
    big_u, big_w, inc, a, first = anchor_model(satrecs, job.t0, anchors)
    ecc = np.array([s.ecco for s in satrecs])
    model = (float(anchors[0]), ANCHOR_STEP_S, big_u, big_w, inc, a)
    bad = first != 0
    periods = np.array([period_s(s) for s in satrecs])
    edges = np.arange(-periods.max(), job.duration_s + periods.max(), BATCH_DAYS * 86400.0)
    found = []
    from orbitaldc.orbit.elset_refine import Sgp4Pairs

    pairs = Sgp4Pairs(satrecs, job.t0)
    stations = _stations_arrays(job.stations) if job.stations else None
    for lo in edges:
        hi = min(lo + BATCH_DAYS * 86400.0, job.duration_s + periods.max())
        found.append(refine_batch(pairs, model, ecc, job, stations, lo, hi, bad))
    out = aggregate(found, n, job, len(job.stations))
    bad |= out.pop("bad")
    out.update(first_error=np.where(first != 0, first, np.where(bad, -1, 0)), bad=bad,
               evaluations=pairs.evaluations + n * anchors.size)
    return out


def elset_fleet(element_sets, t0, duration_s: float, stations=(), kind: str = "shadow", workers: int | None = None,
                progress=None, keep_intervals: bool = False) -> ElsetFleet:
    """Eclipse and contact statistics of every element set over [t0, t0 + duration_s].

    ``workers``: processes (default: all cores when the work is large enough). ``progress(done,
    total)`` is called as satellite tasks finish. With ``keep_intervals`` the eclipse intervals
    (satellite, start_s, end_s) come back in ``eclipses.intervals``.
    """
    from orbitaldc.orbit.contacts import check_station

    for k, s in enumerate(stations):
        check_station(s, f"stations[{k}]")
    t0 = np.datetime64(t0, "ns")
    sets = list(element_sets)
    n = len(sets)
    satrecs = [e.satrec for e in sets]
    slow = np.array([reference_set(s) for s in satrecs], dtype=bool)
    fast = np.flatnonzero(~slow)
    sun_t0, sun_xyz = sun_table(t0, -2 * SAMPLED_PERIOD_S - 86400.0, duration_s + 2 * SAMPLED_PERIOD_S + 86400.0)
    job = _Job(t0, float(duration_s), kind, sun_t0, sun_xyz, tuple(stations), keep_intervals)
    params = [sgp4_parameters(satrecs[i]) for i in fast]
    days = duration_s / 86400.0
    cpus = os.cpu_count() or 1
    workers = workers if workers is not None else (cpus if fast.size * days >= PARALLEL_SATELLITE_DAYS else 1)
    # Tasks of at most TASK_SATELLITES: a task holds its year of events in memory (~0.4 GB per 250).
    tasks = max(1, min(fast.size, max(workers * 8 if workers > 1 else 1, -(-fast.size // TASK_SATELLITES))))
    chunks = [c for c in np.array_split(np.arange(fast.size), tasks) if c.size]
    total = len(chunks) + int(slow.any())
    results = [None] * len(chunks)
    if progress is not None:
        progress(0, total)
    if workers > 1 and len(chunks) > 1:
        import multiprocessing

        # Forked workers (no re-import of the caller's script, as spawn would need) run the serial
        # kernels: a fork does not carry numba's thread pool over, so they must not touch it.
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        serial = dataclasses.replace(job, serial=True)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(run_task, [params[i] for i in c], serial): k for k, c in enumerate(chunks)}
            from concurrent.futures import as_completed

            for done, f in enumerate(as_completed(futures), 1):
                results[futures[f]] = f.result()
                if progress is not None:
                    progress(done, total)
    else:
        for k, c in enumerate(chunks):
            results[k] = run_task([params[i] for i in c], job)
            if progress is not None:
                progress(k + 1, total)
    from orbitaldc.orbit.elset_events import merge, reference_statistics

    merged = merge(results, chunks, fast, n, len(stations), keep_intervals)
    # Refinement that did not converge (sgp4 itself worked): recompute with the root finder.
    retry = fast[merged.first_error[fast] == NO_CONVERGENCE]
    if retry.size:
        merged.bad[retry] = False
        merged.first_error[retry] = 0
        if merged.intervals is not None:
            s_, a_, b_ = merged.intervals
            drop = np.isin(s_, retry)
            merged.intervals = (s_[~drop], a_[~drop], b_[~drop])
    slow = slow.copy()
    slow[retry] = True
    if slow.any():
        ref = reference_statistics([sets[i] for i in np.flatnonzero(slow)], stations, t0, duration_s, kind)
        merged.insert(np.flatnonzero(slow), ref)
        if progress is not None:
            progress(total, total)
    problems = tuple(f"{sets[i].name}: sgp4 error {merged.first_error[i]} ({_error_text(merged.first_error[i])}); "
                     "skipped" for i in np.flatnonzero(merged.bad))
    ecl = FleetEclipses(float(duration_s), merged.eclipse_s, merged.max_eclipse_s, merged.eclipse_days,
                        merged.count, merged.intervals)
    con = FleetContacts(float(duration_s), merged.contact_s, merged.longest_gap_s, merged.passes,
                        merged.station_contact_s)
    return ElsetFleet(ecl, con, ~merged.bad, problems, int(merged.evaluations), int(slow.sum()))


def _error_text(code) -> str:
    from orbitaldc.orbit.elsets import sgp4_error_text

    return "no convergence of the refinement" if code == -1 else sgp4_error_text(code)
