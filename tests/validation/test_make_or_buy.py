"""Make or buy launch (issue 21): the owner's cash flows against a hand-written table, break-even
prices plugged back in, and an owned vehicle that never flies within the horizon.

References: the cash-flow table below is written by hand from the model's stated rules
(launch/ownership.py docstring) with its own discounting, (1 + r)^-t; the expected successes come
from an independent implementation of the reliability-growth curve q(n) = q_m + (1/3 - q_m) n^-b,
q(2) = 1/4 (Guikema & Pate-Cornell, RESS 87(3), 2005), not from launch/reliability.py.
"""

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from orbitaldc import catalog, load_scenario, run
from orbitaldc.launch import ownership as own
from orbitaldc.launch.reliability import campaign_success_rate
from orbitaldc.launch.vehicles import payload_to_orbit_kg

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "studies" / "stoke-question.yaml"

PROVIDER = own.Provider(
    name="stoke-space", vehicle="stoke-nova", stake=0.6, acquisition_usd=1.0e9, first_flight_years=1.0,
    remaining_development_usd=4.0e8, vehicles=1, pads=2, existing_pads=1, first_year_flights=4.0,
    flights_per_vehicle_per_year=4.0, flights_per_pad_per_year=4.0, ramp_years=0.0, marginal_usd_per_flight=5.0e6,
    vehicle_build_usd=5.0e7, vehicle_life_flights=20.0, pad_build_usd=1.0e8, fixed_usd_per_year=1.0e8,
    third_party_flights_per_year=2.0, sale_usd_per_flight=2.0e7, test_flights=0, residual_value_fraction=0.5)


def hand_successes(n: float) -> float:
    """Expected successes of flights 1..n of a new family (linear between whole flights)."""
    q_m = 1.0 - catalog.values("launch", "default")["mature_success_rate"]
    b = math.log2((1 / 3 - q_m) / (1 / 4 - q_m))
    cumulative = np.concatenate([[0.0], np.cumsum([1.0 - (q_m + (1 / 3 - q_m) * k**-b) for k in range(1, 50)])])
    return float(np.interp(n, np.arange(len(cumulative)), cumulative))


def mob(scenario, **settings):
    m = scenario.launch.make_or_buy.model_copy(update=settings)
    variant = scenario.model_copy(update={"launch": scenario.launch.model_copy(update={"make_or_buy": m})})
    return run(variant, timeline=False, economics=False, operations=False).launch.make_or_buy


def test_owner_npv_matches_a_hand_cash_flow_table():
    p, years, rate, satellites, per_flight = PROVIDER, 4, 0.1, 8, 2
    # Flights: none in year 1 (first flight at its end), then 4 a year. The owner needs M flights whose
    # expected successes carry 8 satellites two at a time: hand_successes(M) = 4.
    m = brentq(lambda x: hand_successes(x) - 4.0, 0.0, 20.0, xtol=1e-12)
    assert 4.0 < m < 6.0  # year 2's four flights are all the owner's, and year 3 begins with the rest
    own_flights = np.array([0.0, 4.0, m - 4.0, 0.0])
    third = np.array([0.0, 0.0, 2.0, 2.0])  # spare flights sold, capped at 2 a year; the rest not flown
    flown = own_flights + third
    cumulative = np.cumsum(flown)
    failures = flown - np.diff(np.concatenate([[0.0], [hand_successes(c) for c in cumulative]]))
    s = p.stake
    table = {  # year 1..4, USD, costs positive
        "development": [s * 4.0e8, 0, 0, 0],
        "vehicles_and_pads": [s * (1 * 5.0e7 + 1 * 1.0e8), 0, 0, 0],
        "fixed": [0, s * 1.0e8, s * 1.0e8, s * 1.0e8],
        "flights": own_flights * 5.0e6 + s * 5.0e6 * third,
        "vehicle_replacements": s * 5.0e7 * (failures + flown / 20.0),
        "sales": -s * 2.0e7 * third,
        "residual": [0, 0, 0, -0.5 * 1.0e9],
    }
    hand_npv = 1.0e9 + sum(np.sum(np.asarray(v, dtype=float) / 1.1 ** np.arange(1, 5)) for v in table.values())

    needed = own.owner_flights_needed(p, satellites, per_flight)
    assert needed == pytest.approx(m, abs=1e-4)
    schedule = own.owned_schedule(p, years, satellites, per_flight, needed)
    assert schedule["flights"] == pytest.approx(flown, abs=1e-4)
    cash = own.owner_cash_flows(p, schedule, years)
    for name, expected in table.items():
        assert cash["flows"][name] == pytest.approx(np.asarray(expected, dtype=float), rel=1e-6, abs=1.0), name
    npv = own.npv_usd(cash["acquisition_usd"], cash["total"], own.discount_factors(rate, years))
    assert npv == pytest.approx(hand_npv, rel=1e-9)
    # the satellites it delivers: all eight, in expectation, by the end of year 3
    assert np.sum(schedule["satellites_delivered"][:3]) == pytest.approx(8.0, rel=1e-9)


def test_expected_successes_are_the_reliability_curves():
    for n in (1, 2, 7, 150, 4321):
        assert float(own.expected_successes(PROVIDER, n)) == pytest.approx(n * campaign_success_rate(0, n), rel=1e-12)
        assert float(own.expected_successes(PROVIDER, n)) == pytest.approx(hand_successes(n) if n < 50 else
                                                                           n * campaign_success_rate(0, n), rel=1e-9)


def test_cadence_ramp_integrates_the_rate_and_inverts():
    p = replace(PROVIDER, first_flight_years=0.7, first_year_flights=2.0, ramp_years=4.0, flights_per_pad_per_year=10,
                flights_per_vehicle_per_year=10)
    t = np.linspace(0.0, 9.0, 90_001)
    rate = np.where(t < 0.7, 0.0, 2.0 + 8.0 * np.minimum((t - 0.7) / 4.0, 1.0))
    numeric = np.concatenate([[0.0], np.cumsum((rate[1:] + rate[:-1]) / 2 * np.diff(t))])
    np.testing.assert_allclose(own.flown_by(p, t), numeric, atol=2e-4)  # the trapezoid's error at the step
    for flights in (1.0, 15.0, 60.0):
        assert float(own.flown_by(p, own.years_to_fly(p, flights))) == pytest.approx(flights, rel=1e-12)


def test_discount_factors_are_end_of_year():
    assert own.discount_factors(0.076, 5) == pytest.approx(1.076 ** -np.arange(1, 6), rel=1e-12)


def test_breakeven_acquisition_plugged_back_gives_zero_advantage():
    scenario = load_scenario(EXAMPLE)
    settings = {"market_price_factor": 5.0, "flights_per_pad_per_year": 52.0, "flights_per_vehicle_per_year": 52.0}
    doc = mob(scenario, **settings)
    price = doc["breakeven_acquisition_usd"]
    assert doc["verdict"] == "own" and price > doc["own"]["acquisition_usd"]
    again = mob(scenario, **settings, acquisition_usd=price)
    assert abs(again["advantage_usd"]) < 1e-6 * again["own"]["cost_npv_usd"]
    assert again["own"]["usd_per_gpu_hour"] == pytest.approx(again["buy"]["usd_per_gpu_hour"], rel=1e-8)
    # and the break-even cadence: owning's advantage changes sign there
    rate = doc["breakeven_flights_per_year"]
    at = mob(scenario, **{**settings, "flights_per_pad_per_year": rate, "flights_per_vehicle_per_year": rate})
    assert abs(at["advantage_usd"]) < 1e-3 * at["own"]["cost_npv_usd"]


def test_a_vehicle_that_never_flies_makes_owning_strictly_worse():
    scenario = load_scenario(EXAMPLE)
    doc = mob(scenario, first_flight_year=2038.0, years=10)
    assert doc["verdict"] == "buy"
    assert "after the 10-year horizon" in doc["why"] and "delivers no satellite" in doc["why"]
    assert doc["own"]["satellites_delivered_in_horizon"] == 0.0 and doc["own"]["gpu_hours_pv"] == 0.0
    assert doc["advantage_usd"] < 0.0
    assert doc["advantage_usd"] == pytest.approx(-doc["own"]["cost_npv_usd"], rel=1e-12)
    assert doc["breakeven_acquisition_usd"] is None and doc["breakeven_flights_per_year"] is None


def test_satellites_resized_to_the_largest_that_fits_and_pay_for_it():
    scenario = load_scenario(EXAMPLE)
    doc = mob(scenario)
    resizing, owned = doc["resizing"], doc["own"]
    payload, _ = payload_to_orbit_kg("stoke-nova", 550.0, 97.6)
    assert resizing["resized"] and owned["satellite_mass_kg"] <= owned["payload_to_orbit_kg"]
    assert owned["payload_to_orbit_kg"] == pytest.approx(payload, rel=2e-3)
    # one accelerator more would not fit: the satellite's mass grows by about a kg-per-accelerator step
    step = (doc["buy"]["satellite_mass_kg"] - owned["satellite_mass_kg"]) / (42 - owned["accelerators_per_satellite"])
    assert owned["satellite_mass_kg"] + step > owned["payload_to_orbit_kg"]
    # the fleet keeps its IT power with more, smaller satellites, each carrying more bus per accelerator
    assert owned["satellites"] * owned["accelerators_per_satellite"] >= 0.99 * doc["buy"]["satellites"] * 42
    assert resizing["kg_per_accelerator"]["own"] > resizing["kg_per_accelerator"]["buy"]
    assert resizing["hardware_usd_per_accelerator"]["own"] > resizing["hardware_usd_per_accelerator"]["buy"]
    assert resizing["extra_hardware_usd"] > 0.0


def test_without_the_section_nothing_changes():
    scenario = load_scenario(EXAMPLE)
    plain = scenario.model_copy(update={"launch": scenario.launch.model_copy(update={"make_or_buy": None})})
    with_it = run(scenario, timeline=False, economics=False, operations=False).document()["launch"]
    without = run(plain, timeline=False, economics=False, operations=False).document()["launch"]
    assert "make_or_buy" not in without
    assert {k: v for k, v in with_it.items() if k != "make_or_buy"} == without
