"""Owning a launch provider: its flights, their reliability and the owner's cash flows, year by year.

Yearly periods t = 1..N from the scenario epoch; a year's flows fall at its end and are discounted by
(1 + r)^-t, the end-of-year convention of ``economics.tco.annuity`` (the factors are its differences);
the acquisition is paid at t = 0.

* Cadence: from the first flight, t_F years after the epoch, the system flies at a rate ramping
  linearly from F1 (the first year's flights) to the mature Fm = min(vehicles x flights per vehicle,
  pads x flights per pad) over R years, rate(tau) = F1 + (Fm - F1) min(tau / R, 1). A year's flights
  are the rate's integral over it (closed form ``flown_by``): expected, fractional flights.
* Reliability: flight n of the family fails with the reliability-growth curve of
  ``launch/reliability.py`` (1/3 first-flight failures toward the mature rate); the expected
  successes of flights 1..n are n x ``campaign_success_rate(flown, n)``, linear between whole flights.
* Who flies: the first ``test_flights`` carry none of the owner's satellites; then the owner's fleet
  takes every flight until it is delivered in expectation; after it, spare flights up to the
  third-party demand are sold, when their price beats the marginal cost.
* The owner pays: the acquisition; its stake s of the company's remaining development (evenly over
  the years up to the first flight), of the vehicles and extra pads (in the first-flight year), of
  the fixed costs (from the first flight), of the marginal cost of test and sold flights, and of the
  vehicles replaced (expected failures, each losing its vehicle, plus wear-out: flights / life); the
  full marginal cost of its own flights (the controlling owner flies at cost; a minority holder
  could not, and the result says so); less s of the sold flights' revenue and, at t = N, the resale
  of the stake (``residual_value_fraction`` of the acquisition).
These are expected values of a stated model, not a forecast: every input is a catalog estimate with a
range (catalog/providers.yaml) that the make-or-buy tornado swings.
"""

from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass, replace

import numpy as np

from orbitaldc.economics.tco import annuity
from orbitaldc.launch.reliability import campaign_success_rate


@dataclass(frozen=True)
class Provider:
    """The owned launch provider, every number resolved (USD, flights, years after the epoch)."""

    name: str
    vehicle: str
    stake: float
    acquisition_usd: float
    first_flight_years: float  # after the scenario epoch
    remaining_development_usd: float
    vehicles: int
    pads: int
    existing_pads: int
    first_year_flights: float
    flights_per_vehicle_per_year: float
    flights_per_pad_per_year: float
    ramp_years: float
    marginal_usd_per_flight: float
    vehicle_build_usd: float
    vehicle_life_flights: float
    pad_build_usd: float
    fixed_usd_per_year: float
    third_party_flights_per_year: float
    sale_usd_per_flight: float
    test_flights: int
    residual_value_fraction: float
    flights_flown: int = 0  # the family's flights before the first counted here
    mature_success: float | None = None  # None: the catalog's (launch.default.mature_success_rate)

    @property
    def mature_flights_per_year(self) -> float:
        return min(self.vehicles * self.flights_per_vehicle_per_year, self.pads * self.flights_per_pad_per_year)

    def with_mature_flights(self, flights_per_year: float) -> Provider:
        """The provider flying ``flights_per_year`` when mature with the same vehicles and pads: the
        flights per vehicle and per pad scaled together (faster turnaround)."""
        scale = flights_per_year / self.mature_flights_per_year
        return replace(self, flights_per_vehicle_per_year=self.flights_per_vehicle_per_year * scale,
                       flights_per_pad_per_year=self.flights_per_pad_per_year * scale)

def discount_factors(rate: float, years: int) -> np.ndarray:
    """(1 + r)^-t for t = 1..years, as differences of the end-of-year annuity (economics.tco)."""
    pv = annuity(rate, np.arange(1, years + 1), "end_of_year")
    return np.diff(np.concatenate([[0.0], np.atleast_1d(pv)]))


def flown_by(p: Provider, t_years) -> np.ndarray:
    """Cumulative flights from the epoch to ``t_years`` (array): the integral of the ramped rate."""
    tau = np.maximum(np.asarray(t_years, dtype=float) - p.first_flight_years, 0.0)
    mature = p.mature_flights_per_year
    first = min(p.first_year_flights, mature)
    if p.ramp_years <= 0.0:
        return mature * tau
    ramp = np.minimum(tau, p.ramp_years)
    return first * ramp + (mature - first) * ramp**2 / (2.0 * p.ramp_years) + mature * (tau - ramp)


def years_to_fly(p: Provider, flights: float) -> float:
    """Years from the epoch until ``flights`` have flown (inverse of ``flown_by``); inf if never."""
    if flights <= 0.0:
        return max(p.first_flight_years, 0.0)
    mature = p.mature_flights_per_year
    first = min(p.first_year_flights, mature)
    in_ramp = float(flown_by(p, p.first_flight_years + p.ramp_years))
    if mature <= 0.0:
        return math.inf
    if flights >= in_ramp or p.ramp_years <= 0.0:
        return p.first_flight_years + p.ramp_years + (flights - in_ramp) / mature
    slope = (mature - first) / p.ramp_years  # first tau + slope tau^2 / 2 = flights
    tau = flights / first if slope <= 0.0 else (-first + math.sqrt(first * first + 2.0 * slope * flights)) / slope
    return p.first_flight_years + tau


class _Successes:
    """Expected successes E(n) of a family's next n whole flights, built exactly from
    ``campaign_success_rate`` over consecutive stretches, E(n) = E(k) + (n - k) x rate(k + 1 .. n), so
    each flight is summed once however many points are asked for."""

    def __init__(self, flown: int, mature: float | None):
        self.flown, self.mature = flown, mature
        self.n, self.e = [0], [0.0]

    def __call__(self, n: int) -> float:
        i = bisect.bisect_right(self.n, n) - 1
        k = self.n[i]
        if k == n:
            return self.e[i]
        e = self.e[i] + (n - k) * campaign_success_rate(self.flown + k, n - k, self.mature)
        self.n.insert(i + 1, n)
        self.e.insert(i + 1, e)
        return e


@functools.lru_cache(maxsize=32)
def _successes(flown: int, mature: float | None) -> _Successes:
    return _Successes(flown, mature)


def expected_successes(p: Provider, flights) -> np.ndarray:
    """Expected successful flights among the family's next ``flights`` (array, fractional: linear
    between whole flights), on the reliability-growth curve."""
    flights = np.maximum(np.asarray(flights, dtype=float), 0.0)
    table = _successes(p.flights_flown, p.mature_success)
    low = np.floor(flights)
    e_low = np.array([table(int(n)) for n in low.ravel()]).reshape(flights.shape)
    e_high = np.array([table(int(n) + 1) for n in low.ravel()]).reshape(flights.shape)
    return e_low + (flights - low) * (e_high - e_low)


def owner_flights_needed(p: Provider, satellites: float, per_flight: int) -> float:
    """Flights after the test flights that deliver ``satellites`` in expectation (fractional)."""
    target = satellites / per_flight
    start = float(expected_successes(p, p.test_flights))

    def delivered(m: float) -> float:
        return float(expected_successes(p, p.test_flights + m)) - start

    low, high = 0, max(1, math.ceil(target))
    while delivered(high) < target:  # every flight succeeds with p >= 2/3, so this doubles a few times
        low, high = high, 2 * high
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if delivered(mid) < target else (low, mid)
    gained = delivered(high) - delivered(low)
    return low + (target - delivered(low)) / gained if gained > 0 else float(high)


def owned_schedule(p: Provider, years: int, satellites: float, per_flight: int, flights_needed: float) -> dict:
    """Flights, deliveries and losses of each year 1..years (arrays), the owner's fleet flown first."""
    t = np.arange(0, years + 1, dtype=float)
    cumulative = flown_by(p, t)
    flights = np.diff(cumulative)
    tests = np.diff(np.minimum(cumulative, p.test_flights))
    own_cumulative = np.clip(cumulative - p.test_flights, 0.0, flights_needed)
    own = np.diff(own_cumulative)
    spare = flights - tests - own
    sells = p.sale_usd_per_flight > p.marginal_usd_per_flight
    third = np.minimum(spare, p.third_party_flights_per_year) if sells else np.zeros_like(spare)
    flights = tests + own + third  # unsold spare capacity is not flown
    all_flown = np.cumsum(np.concatenate([[0.0], flights]))
    successes = np.diff(expected_successes(p, all_flown))
    # The owner's flights are the family's flights test+1 .. test+n: their expected successes.
    own_success = np.diff(expected_successes(p, p.test_flights + own_cumulative) - float(
        expected_successes(p, p.test_flights)))
    delivered = np.minimum(per_flight * np.cumsum(own_success), satellites)
    return {"flights": flights, "test_flights": tests, "own_flights": own, "third_party_flights": third,
            "failures": flights - successes, "satellites_launched": per_flight * own,
            "satellites_delivered": np.diff(np.concatenate([[0.0], delivered]))}


def owner_cash_flows(p: Provider, schedule: dict, years: int) -> dict:
    """The owner's launch cash flows of each year 1..years (USD, costs positive), and the acquisition at t = 0."""
    t = np.arange(1, years + 1, dtype=float)
    s = p.stake
    # Development is spread evenly over the years up to (and including) the first flight's.
    first_year = max(1, math.ceil(p.first_flight_years - 1e-9))
    development = np.where(t <= first_year, s * p.remaining_development_usd / first_year, 0.0)
    fleet = s * (p.vehicles * p.vehicle_build_usd + max(p.pads - p.existing_pads, 0) * p.pad_build_usd)
    flying = p.first_flight_years < years
    vehicles_and_pads = np.where(t == first_year, fleet, 0.0) if flying else np.zeros(years)
    active = np.clip(t - p.first_flight_years, 0.0, 1.0)  # share of each year after the first flight
    fixed = s * p.fixed_usd_per_year * active
    marginal = p.marginal_usd_per_flight
    flights = schedule["own_flights"] * marginal + s * marginal * (schedule["test_flights"]
                                                                    + schedule["third_party_flights"])
    replacements = s * p.vehicle_build_usd * (schedule["failures"] + schedule["flights"] / p.vehicle_life_flights)
    sales = -s * p.sale_usd_per_flight * schedule["third_party_flights"]
    residual = np.where(t == years, -p.residual_value_fraction * p.acquisition_usd, 0.0)
    flows = {"development": development, "vehicles_and_pads": vehicles_and_pads, "fixed": fixed,
             "flights": flights, "vehicle_replacements": replacements, "sales": sales, "residual": residual}
    return {"acquisition_usd": p.acquisition_usd, "flows": flows, "total": sum(flows.values())}


def npv_usd(at_start: float, yearly, factors: np.ndarray) -> float:
    """Present value of a payment at t = 0 plus yearly end-of-year amounts."""
    return float(at_start + np.sum(np.asarray(yearly, dtype=float) * factors))
