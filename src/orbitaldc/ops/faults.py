"""Faults in time: radiation single-event restarts of accelerators and correlated cloud outages of
optical ground stations.

Upsets (single-event functional interrupts that need a restart):
- rate per accelerator: ``data/training.yaml`` ``upset_restarts_per_accelerator_day``, an ESTIMATE
  from NASA's board-level proton-testing bounds (Guertin et al., JPL 2017: 0.001-0.01 SEE per
  board-day for a board tested with >= 200 MeV protons, 0.1 untested) for an ISS-like reference orbit
  (400 km, 51.6 deg; our assumption), carried to the scenario's orbit by the ratio of orbit-averaged
  AP-8 MIN trapped-proton flux above 50 MeV (``orbit.radiation.flux_grid``, the grid the dose model
  uses) at the two orbits. Galactic cosmic rays and solar particle events are not scaled (they
  matter most at low altitude and high inclination and in storms); outside the flux grid's coverage
  the nearest covered orbit is used and the result says so.
- in time: a Poisson process per replica (``tp`` accelerators each at the rate). An event takes the
  replica's ``batch`` slots out of service for ``restart_s`` (device reset and a reload of its share
  of the weights) and kills the requests it was serving: each request in service anywhere in the
  fleet at the event is on the hit replica with probability 1 / replicas (the slots are pooled), and
  a killed request is dropped (counted in ``preemptions`` and in ``requests_dropped``). The killed
  requests' slots stay busy until their planned finish in the queue (the pooled queue cannot free
  them early), which over-counts the lost capacity by at most that tail, stated in the notes.

Clouds: each optical station's sky is a two-state (clear / cloudy) Markov chain in hourly steps whose
stationary clear probability is the climatology's cloud-free line-of-sight probability
(``network.CLEAR_SKY_PROBABILITY``) and whose mean cloudy spell is ``CLOUDY_SPELL_MEAN_H``, so an
outage lasts hours, not an independent coin per hour; stations are independent of one another
(site diversity at its most effective). Two-state Markov cloud models: H. Morf, "The stochastic
two-state cloud cover model STSCCM", Solar Energy 85 (2011) 985-999.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from orbitaldc.constants import JULIAN_YEAR_S

PROTON_THRESHOLD_MEV = 50.0  # proton SEE cross-sections saturate above a few tens of MeV (BoK tests at 200 MeV)
# ESTIMATE (ours): cloud decks and fronts persist for hours; ERA-Interim, the climatology optical
# station studies use, resolves cloud cover in 6 h steps (Willstatter et al., Proc. SPIE 10408, 2017).
CLOUDY_SPELL_MEAN_H = 6.0


@dataclass(frozen=True)
class UpsetRate:
    """Restarts per accelerator-year at the scenario's orbit, and how it was found."""

    per_accelerator_year: float
    reference_per_accelerator_year: float
    flux_ratio: float
    note: str


def _log_proton_flux(grid, altitude_km: float, inclination_deg: float) -> float:
    """log of the orbit-averaged proton flux above ``PROTON_THRESHOLD_MEV`` (bilinear in altitude and
    inclination on the grid; the threshold is a grid energy)."""
    k = int(np.flatnonzero(grid.proton_energy_mev == PROTON_THRESHOLD_MEV)[0])

    def cell(axis, x):
        i = int(np.clip(np.searchsorted(axis, x, side="right") - 1, 0, axis.size - 2))
        return i, (x - axis[i]) / (axis[i + 1] - axis[i])

    ia, ta = cell(grid.altitude_km, altitude_km)
    ii, ti = cell(grid.inclination_deg, inclination_deg)
    f = grid.log_proton_flux[..., k]
    return float((1 - ta) * (1 - ti) * f[ia, ii] + ta * (1 - ti) * f[ia + 1, ii]
                 + (1 - ta) * ti * f[ia, ii + 1] + ta * ti * f[ia + 1, ii + 1])


def upset_rate(altitude_km: float, inclination_deg: float, given_per_accelerator_year: float | None = None
               ) -> UpsetRate:
    """Single-event restarts per accelerator-year at a circular orbit (module docstring)."""
    from orbitaldc.orbit.radiation import flux_grid

    if given_per_accelerator_year is not None:
        value = float(given_per_accelerator_year)
        return UpsetRate(value, value, 1.0, "upsets_per_accelerator_year given by the scenario")
    record = _training_data()["upset_restarts_per_accelerator_day"]
    reference = float(record["value"]) * JULIAN_YEAR_S / 86400.0
    grid = flux_grid()
    low, high = grid.inclination_coverage_deg
    inc = min(float(inclination_deg), 180.0 - float(inclination_deg))  # retrograde mirrors prograde
    alt_used = float(np.clip(altitude_km, grid.altitude_km[0], grid.altitude_km[-1]))
    inc_used = float(np.clip(inc, low, min(high, 180.0 - low)))
    ratio = float(np.exp(_log_proton_flux(grid, alt_used, inc_used)
                         - _log_proton_flux(grid, record["reference_altitude_km"],
                                            record["reference_inclination_deg"])))
    clamped = "" if (alt_used, inc_used) == (float(altitude_km), inc) else (
        f" (evaluated at {alt_used:g} km, {inc_used:g} deg: the nearest orbit the flux grid covers)")
    note = (f"ESTIMATE: {reference:.3g} restarts per accelerator-year at {record['reference_altitude_km']:g} km "
            f"{record['reference_inclination_deg']:g} deg (NASA board-level proton-test bounds, Guertin et al. "
            f"2017) x {ratio:.3g}, the AP-8 proton flux above {PROTON_THRESHOLD_MEV:g} MeV here over there"
            f"{clamped}; galactic cosmic rays not scaled")
    return UpsetRate(reference * ratio, reference, ratio, note)


@cache
def _training_data() -> dict:
    """data/training.yaml's records (read here without importing ops.training, which loads scipy)."""
    from importlib import resources

    import yaml

    return yaml.safe_load(resources.files("orbitaldc").joinpath("data/training.yaml").read_text("utf-8"))


def scenario_upset_rate(scenario, satellites: int, given: float | None) -> UpsetRate:
    """``upset_rate`` at the scenario's reference orbit (its first orbit plane)."""
    from orbitaldc.orbit.constellation import build_constellation

    altitude_km, inclination_deg = build_constellation(scenario, satellites).reference_planes[0][:2]
    return upset_rate(altitude_km, inclination_deg, given)


def upset_events(replicas: int, accelerators_per_replica: int, rate_per_accelerator_year: float,
                 duration_s: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(times_s, replica) of the upsets over [0, duration_s]: a Poisson process of rate
    replicas x tp x rate over the fleet, each event on a uniformly drawn replica (sorted by time)."""
    rng = np.random.default_rng(seed)
    total_per_s = replicas * accelerators_per_replica * rate_per_accelerator_year / JULIAN_YEAR_S
    n = rng.poisson(total_per_s * duration_s) if total_per_s > 0 and duration_s > 0 else 0
    return np.sort(rng.uniform(0.0, duration_s, n)), rng.integers(0, max(replicas, 1), n)


def with_outages(times_s: np.ndarray, usable: np.ndarray, event_s: np.ndarray, slots_per_replica: int,
                 restart_s: float) -> tuple[np.ndarray, np.ndarray]:
    """The usable-slot step function (``usable[k]`` from ``times_s[k]`` on) with ``slots_per_replica``
    fewer slots during [event, event + restart_s) of each event (overlaps add), never below 0."""
    if event_s.size == 0:
        return times_s, usable
    edges = np.unique(np.concatenate([times_s, event_s, event_s + restart_s]))
    base = usable[np.clip(np.searchsorted(times_s, edges, side="right") - 1, 0, usable.size - 1)]
    down = (np.searchsorted(event_s, edges, side="right")
            - np.searchsorted(event_s + restart_s, edges, side="right"))
    return edges, np.maximum(base - slots_per_replica * down, 0).astype(np.int64)


def killed_by_upsets(start_s: np.ndarray, finish_s: np.ndarray, event_s: np.ndarray, replicas: int,
                     seed: int = 0) -> np.ndarray:
    """Bool per request: in service (start <= t < finish) at an upset and on the hit replica, each
    with probability 1 / replicas per event (pooled slots: which replica served it is not tracked)."""
    killed = np.zeros(start_s.size, dtype=bool)
    if event_s.size == 0 or replicas < 1:
        return killed
    rng = np.random.default_rng(seed + 1)
    ok = np.isfinite(start_s)
    order = np.argsort(np.where(ok, start_s, np.inf), kind="stable")
    starts = np.where(ok, start_s, np.inf)[order]
    longest = float(np.max(finish_s[ok] - start_s[ok])) if ok.any() else 0.0
    lo = np.searchsorted(starts, event_s - longest, side="left")
    hi = np.searchsorted(starts, event_s, side="right")
    # only requests started within the longest service before an event can still be running at it
    for t, i, j in zip(event_s, lo, hi, strict=True):  # events are few; requests are vectorized
        began = order[i:j]
        running = began[finish_s[began] > t]
        killed[running[rng.random(running.size) < 1.0 / replicas]] = True
    return killed


def replica_restart_s(weight_bytes: float, accelerators_per_replica: int) -> float:
    """Seconds to bring a replica back after an upset: reload its share of the weights at the
    per-accelerator storage rate of data/training.yaml (Llama 3's 2 TB/s over 16,384 GPUs, an
    ESTIMATE for local flash); the device reset itself is not counted."""
    rate = float(_training_data()["checkpoint_write_bytes_per_s_per_accelerator"]["value"])
    return weight_bytes / accelerators_per_replica / rate


def clear_sky_markov(stations: int, hours: int, probability: float, cloudy_spell_h: float = CLOUDY_SPELL_MEAN_H,
                     seed: int = 0) -> np.ndarray:
    """(hour, station) cloud-free flags from a two-state Markov chain per station, started in its
    stationary state: P(cloudy -> clear) = 1 / cloudy_spell_h, P(clear -> cloudy) chosen so the
    stationary clear share is ``probability``. Lag-1 autocorrelation 1 - a - b (a, b the two
    switching probabilities). Spells are drawn as geometric lengths, so no loop over hours."""
    rng = np.random.default_rng(seed)
    if probability >= 1.0:
        return np.ones((hours, stations), dtype=bool)
    b = min(1.0, 1.0 / max(cloudy_spell_h, 1.0))  # cloudy -> clear
    a = min(1.0, b * (1.0 - probability) / probability)  # clear -> cloudy
    out = np.empty((hours, stations), dtype=bool)
    mean_spell = 0.5 * (1.0 / a + 1.0 / b)
    n_spells = int(hours / mean_spell + 6.0 * np.sqrt(hours / mean_spell) + 8)
    for j in range(stations):  # a handful of stations; each column is built from whole spells
        state = rng.random() < probability
        while True:
            first = np.arange(n_spells) % 2 == 0
            clear = np.where(first, state, not state)
            lengths = np.where(clear, rng.geometric(a, n_spells), rng.geometric(b, n_spells))
            if lengths.sum() >= hours:
                break
            n_spells *= 2
        out[:, j] = np.repeat(clear, lengths)[:hours]
    return out
