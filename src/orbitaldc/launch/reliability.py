"""Launch reliability over a campaign: a maturity (reliability-growth) curve, not a test record.

A new vehicle's early flights fail often and its later flights rarely. The failure probability of
the n-th flight of a vehicle family is modelled as

    q(n) = q_mature + (q_1 - q_mature) n^(-b)

with q_1 = 1/3, the first-flight failure probability, and b set so that q(2) = 1/4, the second
(Guikema & Paté-Cornell, "Probability of infancy problems for space launch vehicles", Reliability
Engineering & System Safety 87(3), 2005: about 1/3 of first flights and 1/4 of second flights
fail); q_mature = 1 - 0.97, the success rate of mature vehicles (NASA KSC, Zapata & McCleskey,
"Bayesian Launch Vehicle Reliability", 2009: US composite 0.954, foreign 0.947; Space Capital, "The
History of Achieving 99% Commercial Launch Success Rates", 2018: commercial 99 %), range 0.95-0.99
in ``catalog/launch.yaml``. A campaign of N launches of a family that has flown k times fails on
average mean(q(k+1) ... q(k+N)) of them: the campaign's success rate. A family with at least
``MATURE_FLIGHTS`` flights is mature, and its own measured record (catalog ``success_rate``) is used.
The scenario's ``launch.success_rate`` overrides both. Not validated against a vehicle's later
record; the curve is an assumption with sourced end points, stated in the output.
"""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import catalog

FIRST_FLIGHT_FAILURE = 1.0 / 3.0
SECOND_FLIGHT_FAILURE = 1.0 / 4.0
MATURE_FLIGHTS = 100
EXACT_SUM_LIMIT = 1_000_000  # longer campaigns sum n^-b by its integral (error < 1e-9 relative)


def mature_success_rate() -> float:
    return catalog.values("launch", "default")["mature_success_rate"]


def growth_exponent(mature_failure: float) -> float:
    """b with q(1) = 1/3 and q(2) = 1/4 on the curve toward ``mature_failure``."""
    return math.log2((FIRST_FLIGHT_FAILURE - mature_failure) / (SECOND_FLIGHT_FAILURE - mature_failure))


def _power_sum(first: int, count: int, b: float) -> float:
    """sum_{n=first}^{first+count-1} n^-b."""
    if count <= EXACT_SUM_LIMIT:
        return float(np.sum(np.arange(first, first + count, dtype=float) ** -b))
    head = float(np.sum(np.arange(first, first + EXACT_SUM_LIMIT, dtype=float) ** -b))
    a, z = first + EXACT_SUM_LIMIT - 0.5, first + count - 0.5  # midpoint rule on the rest
    return head + (z ** (1.0 - b) - a ** (1.0 - b)) / (1.0 - b)


def campaign_success_rate(flights_flown: int, launches: int, mature_success: float | None = None) -> float:
    """Mean success probability of the next ``launches`` flights of a family that has flown
    ``flights_flown`` times, on the maturity curve."""
    q_mature = 1.0 - (mature_success_rate() if mature_success is None else mature_success)
    b = growth_exponent(q_mature)
    n = max(int(launches), 1)
    mean_power = _power_sum(int(flights_flown) + 1, n, b) / n
    return 1.0 - (q_mature + (FIRST_FLIGHT_FAILURE - q_mature) * mean_power)


def vehicle_success_rate(vehicle: str, launches: int) -> tuple[float, str]:
    """Campaign success rate of ``launches`` flights of a catalog vehicle, and how it was found."""
    values = catalog.values("vehicles", vehicle)
    flown = int(values.get("flights_flown", 0))
    record = values.get("success_rate")
    if flown >= MATURE_FLIGHTS and record is not None:
        return record, f"the vehicle family's record over {flown} flights (mature)"
    rate = campaign_success_rate(flown, launches)
    return rate, (f"reliability-growth curve: flights {flown + 1}-{flown + launches} of a family that has flown "
                  f"{flown} times, from 1/3 first-flight failures toward the mature {mature_success_rate():.2f} "
                  "(launch/reliability.py)")
