"""What decides make or buy: the break-even acquisition price and flights per year (scipy's brentq on
owning's NPV advantage, ``launch/make_or_buy.py``) and a tornado of the inputs over their catalog
ranges (catalog/providers.yaml: each input at its low and at its high, the others held)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from scipy.optimize import brentq

from orbitaldc import catalog
from orbitaldc.launch import ownership as own
from orbitaldc.launch.make_or_buy import MAX_ACQUISITION_USD, Sides, compare

CADENCE_GRID = np.geomspace(0.5, 5_000.0, 15)  # flights per year searched for a sign change


def advantage(sides: Sides, p: own.Provider, factor: float) -> float:
    return compare(sides, p, factor)["advantage_usd"]


def breakeven_acquisition(sides: Sides, p: own.Provider, factor: float) -> tuple[float | None, str]:
    """The acquisition price at which owning and buying cost the same per accelerator-hour."""
    def f(price):
        return advantage(sides, replace(p, acquisition_usd=price), factor)

    if p.first_flight_years >= sides.years or compare(sides, p, factor)["own_gpu_hours_pv"] <= 0.0:
        return None, ("no break-even: the owned vehicle delivers no satellite within the horizon, so no price makes "
                      "owning worth it")
    low, high = f(-MAX_ACQUISITION_USD), f(MAX_ACQUISITION_USD)
    if not (math.isfinite(low) and math.isfinite(high)):
        return None, "no break-even: the bought launches deliver nothing within the horizon"
    if low <= 0.0:
        return None, "owning loses whatever the price: it delivers no accelerator-hour within the horizon"
    if high > 0.0:
        return None, f"owning wins at any price up to {MAX_ACQUISITION_USD:.0e} USD"
    price = float(brentq(f, -MAX_ACQUISITION_USD, MAX_ACQUISITION_USD, xtol=1.0, rtol=1e-12))
    if price < 0.0:
        return price, (f"negative: owning loses even if the stake is free; it breaks even only if the seller paid "
                       f"${-price / 1e9:,.2f} B to hand it over (brentq on owning's NPV advantage)")
    return price, "acquisition price at which owning's NPV advantage is zero (brentq); below it owning wins"


def breakeven_flights_per_year(sides: Sides, p: own.Provider, factor: float) -> tuple[float | None, str]:
    """The mature flights per year (with the vehicles and pads they need) at which owning breaks even."""
    if p.first_flight_years >= sides.years:
        return None, "no break-even: the owned vehicle's first flight is after the horizon, so no cadence helps"

    def f(rate):
        return advantage(sides, p.with_mature_flights(rate), factor)

    values = [f(rate) for rate in CADENCE_GRID]
    if not all(math.isfinite(v) for v in values):
        return None, "no break-even: the bought launches deliver nothing within the horizon"
    pairs = list(zip(CADENCE_GRID, values, strict=True))
    for (r0, v0), (r1, v1) in zip(pairs, pairs[1:], strict=False):
        if v0 <= 0.0 < v1 or v0 > 0.0 >= v1:
            rate = brentq(f, r0, r1, xtol=1e-3, rtol=1e-6)
            direction = "above" if v1 > 0.0 else "below"
            return float(rate), (f"mature flights per year (the same vehicles and pads, turned around faster) "
                                 f"{direction} which owning wins (brentq)")
    if values[0] > 0.0:
        return None, f"owning wins at every cadence from {CADENCE_GRID[0]:g} flights per year"
    return None, (f"owning loses at every cadence up to {CADENCE_GRID[-1]:,.0f} flights per year: the acquisition, "
                  "development and fixed costs or the wait for the first flight outweigh any flight rate")


def _scaled(name: str, p: own.Provider, given) -> tuple[float, float]:
    """(low, high) of a provider input: the catalog's range, moved with the scenario's value when it
    gives one (multiplicatively; the first flight additively)."""
    record = catalog.record("providers", p.name, name)
    low = record.low if record.low is not None else record.value
    high = record.high if record.high is not None else record.value
    if given is None:
        return low, high
    if name == "first_flight_year":
        return given + (low - record.value), given + (high - record.value)
    if name == "residual_value_fraction" or record.value == 0:
        return low, high
    return given * low / record.value, given * high / record.value


def tornado(sides: Sides, p: own.Provider, factor: float, settings, epoch_year: float) -> list[dict]:
    """Owning's NPV advantage with each input at its low and its high, largest swing first."""
    cases = []

    def case(label, unit, low, high, build):
        lo, hi = advantage(sides, *build(low)), advantage(sides, *build(high))
        if math.isfinite(lo) and math.isfinite(hi):
            cases.append({"input": label, "unit": unit, "low": low, "high": high, "advantage_at_low_usd": lo,
                          "advantage_at_high_usd": hi, "swing_usd": abs(hi - lo)})

    valuation = catalog.record("providers", p.name, "valuation_usd")  # the price moves with the valuation's range
    case("acquisition_usd", "USD", p.acquisition_usd * valuation.low / valuation.value,
         p.acquisition_usd * valuation.high / valuation.value, lambda v: (replace(p, acquisition_usd=v), factor))
    low, high = _scaled("first_flight_year", p, settings.first_flight_year)
    case("first_flight_year", "year", max(low, epoch_year), high,
         lambda v: (replace(p, first_flight_years=v - epoch_year), factor))
    pad = catalog.record("providers", p.name, "flights_per_pad_per_year")
    veh = catalog.record("providers", p.name, "flights_per_vehicle_per_year")
    def turnaround(end):  # both rates at their low (or high): the cadence's range
        return replace(p, flights_per_vehicle_per_year=p.flights_per_vehicle_per_year * getattr(veh, end) / veh.value,
                       flights_per_pad_per_year=p.flights_per_pad_per_year * getattr(pad, end) / pad.value)

    rates = {end: turnaround(end) for end in ("low", "high")}
    case("mature_flights_per_year", "flights/yr", rates["low"].mature_flights_per_year,
         rates["high"].mature_flights_per_year,
         lambda v: (rates["low"] if v == rates["low"].mature_flights_per_year else rates["high"], factor))
    market = catalog.record("providers", "market", "price_factor")
    sale_per_factor = p.sale_usd_per_flight / factor if settings.sale_usd_per_flight is None else None
    case("market_price_factor", "ratio", factor * market.low / market.value, factor * market.high / market.value,
         lambda v: (p if sale_per_factor is None else replace(p, sale_usd_per_flight=sale_per_factor * v), v))
    for name in ("marginal_usd_per_flight", "remaining_development_usd", "vehicle_build_usd", "fixed_usd_per_year",
                 "ramp_years", "residual_value_fraction", "third_party_flights_per_year"):
        lo, hi = _scaled(name, p, getattr(settings, name))
        unit = catalog.record("providers", p.name, name).unit
        case(name, unit, lo, hi, lambda v, name=name: (replace(p, **{name: v}), factor))
    return sorted(cases, key=lambda c: -c["swing_usd"])
