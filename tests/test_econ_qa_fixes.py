"""Regressions from the QA pass over launch, economics, compare and make-or-buy: each test goes through
the public path (parse_scenario + run, or the CLI) and checks against an independent reference
(closed forms, scipy, the scenario's own inputs)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, stats
from test_cli_errors import assert_one_line_error, orbitaldc

from orbitaldc.economics.tco import HOURS_PER_YEAR
from orbitaldc.run import run
from orbitaldc.scenario import ScenarioError, parse_scenario

ROOT = Path(__file__).resolve().parents[1]
STOKE = ROOT / "examples" / "studies" / "stoke-question.yaml"
STARCLOUD = ROOT / "examples" / "studies" / "starcloud-2024.yaml"


def small(**over) -> dict:
    """A 64-satellite H100 fleet on Falcon 9 (the QA's h100-1mw variant), with a short Monte Carlo."""
    doc = {"name": "qa", "epoch": "2027-01-01T00:00:00Z", "horizon_years": 5,
           "satellite": {"compute": {"accelerator": "h100-sxm", "accelerators": 18},
                         "thermal": {"sun_incidence": "edge_on"}},
           "constellation": {"orbit": {"kind": "sso", "altitude_km": 650, "ltan_h": 18.0}, "satellites": 64},
           "launch": {"vehicle": "falcon-9"}, "economics": {"uncertainty": {"samples": 100}}}
    for key, value in over.items():
        doc[key] = {**doc.get(key, {}), **value} if isinstance(value, dict) else value
    return doc


def document(scenario: dict) -> dict:
    return run(parse_scenario(scenario), timeline=False, operations=False).document()


def stoke_text(tmp_path, name: str, *edits: tuple[str, str]) -> str:
    text = STOKE.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# 1. provider: market
@pytest.mark.parametrize("command", ["make-or-buy", "validate"])
def test_market_is_refused_at_parse_time_as_a_provider_one_cannot_own(tmp_path, command):
    path = stoke_text(tmp_path, "m.yaml", ("provider: stoke-space", "provider: market"))
    assert_one_line_error(orbitaldc(command, path), "launch.make_or_buy.provider",
                          "'market' is not a provider one can own", "stoke-space")


def test_an_unknown_provider_lists_only_providers_one_can_own(tmp_path):
    path = stoke_text(tmp_path, "u.yaml", ("provider: stoke-space", "provider: spacex"))
    proc = orbitaldc("make-or-buy", path)
    assert_one_line_error(proc, "launch.make_or_buy.provider", "unknown provider", "stoke-space")
    assert "market" not in proc.stderr


# 5. the bridge leaves launch.make_or_buy out
def test_bridge_steps_through_an_epoch_change_of_a_make_or_buy_scenario(tmp_path):
    smaller = ("it_power_w: 1.0e9", "it_power_w: 3.0e6")
    a = stoke_text(tmp_path, "a.yaml", smaller)
    b = stoke_text(tmp_path, "b.yaml", smaller, ("epoch: 2026-07-01T00:00:00Z", "epoch: 2028-01-01T00:00:00Z"),
                   ("first_flight_year: 2027.0", "first_flight_year: 2028.5"),
                   ("years: 10 ", "years: 10\neconomics:\n  inputs: {wacc: 0.1}\n"))
    proc = orbitaldc("compare", a, b, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [s["paths"] for s in doc["steps"]] == [["epoch"], ["economics.inputs.wacc"]]
    assert not any(s["merged"] for s in doc["steps"])
    assert math.fsum(s["delta_usd_per_gpu_hour"] for s in doc["steps"]) == doc["total_delta_usd_per_gpu_hour"]
    assert doc["total_delta_usd_per_gpu_hour"] == pytest.approx(
        doc["to_usd_per_gpu_hour"] - doc["from_usd_per_gpu_hour"], rel=1e-12)
    assert doc["steps"][-1]["usd_per_gpu_hour"] == doc["to_usd_per_gpu_hour"]
    assert "make_or_buy" in doc["method"]


# 6. lognormals on bounded inputs
@pytest.mark.parametrize(("name", "median", "bound"), [("wacc", 0.1, 1.0), ("utilization", 0.6, 1.0),
                                                       ("pue", 1.3, 1.0)])
def test_a_lognormal_is_refused_when_more_than_one_percent_lies_outside_the_domain(name, median, bound):
    def with_sigma(sigma):
        dist = {"distribution": "lognormal", "median": median, "sigma": sigma}
        return small(economics={"uncertainty": {"samples": 100, "inputs": {name: dist}}})

    # sigma putting 0.5 % and 2 % of the mass beyond the bound (scipy's normal quantiles)
    at = abs(math.log(bound / median))
    parse_scenario(with_sigma(at / stats.norm.ppf(0.995)))
    with pytest.raises(ScenarioError) as err:
        parse_scenario(with_sigma(at / stats.norm.ppf(0.98)))
    assert err.value.field.startswith("economics.uncertainty")
    assert name in str(err.value) and "sigma at most" in str(err.value)
    assert "\n" not in str(err.value)


def test_the_qa_lognormal_wacc_is_refused_on_the_command_line(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(json.dumps(small(economics={"uncertainty": {"samples": 2000, "inputs": {
        "wacc": {"distribution": "lognormal", "median": 0.1, "sigma": 5}}}})))
    assert_one_line_error(orbitaldc("cost", str(path)), "economics.uncertainty", "wacc", "32.3%")


def test_the_clipped_share_of_a_lognormal_is_reported_and_the_tornado_stays_in_the_domain():
    median, samples = 0.6, 40_000
    sigma = math.log(1.0 / median) / stats.norm.ppf(0.995)  # 0.5 % above utilization's bound of 1
    dist = {"distribution": "lognormal", "median": median, "sigma": sigma}
    econ = document(small(economics={"uncertainty": {"samples": samples, "inputs": {"utilization": dist}}}))[
        "economics"]
    share = econ["uncertainty"]["clipped_share"]["utilization"]
    assert share == pytest.approx(0.005, abs=4.0 * math.sqrt(0.005 * 0.995 / samples))
    (row,) = econ["tornado"]
    assert row["low"] == pytest.approx(median * math.exp(stats.norm.ppf(0.1) * sigma), rel=1e-12)
    assert row["high"] == pytest.approx(median * math.exp(stats.norm.ppf(0.9) * sigma), rel=1e-12)
    assert 0.0 < row["low"] < row["high"] <= 1.0


def test_tornado_bounds_are_clipped_to_the_domain_like_the_samples():
    from orbitaldc.economics.uncertainty import bounds
    from orbitaldc.scenario import Distribution

    wide = Distribution(distribution="lognormal", median=0.1, sigma=5.0)  # the QA case (refused in a scenario)
    low, high = bounds(wide, "wacc")
    assert low == pytest.approx(0.1 * math.exp(stats.norm.ppf(0.1) * 5.0), rel=1e-12)
    assert high < 1.0


# 7. a feasible fleet that is not priced says why at the top level
def test_top_level_problems_carry_the_reason_a_feasible_fleet_is_not_priced():
    doc = document(small(launch={"vehicle": "falcon-9-expendable"}))
    assert doc["feasible"] is True  # the design's and the launch's verdict (DESIGN.md)
    assert doc["economics"]["feasible"] is False
    (why,) = doc["economics"]["problems"]
    assert why.startswith("not priced") and why in doc["problems"]


# 8. physically impossible inputs
def test_a_cell_efficiency_above_the_record_is_refused(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps(small(satellite={"power": {"cell_efficiency": 1.0}})))
    assert_one_line_error(orbitaldc("validate", str(path)), "satellite.power.cell_efficiency", "0.476",
                          "Fraunhofer")
    parse_scenario(small(satellite={"power": {"cell_efficiency": 0.476}}))


def test_a_leo_failure_multiplier_below_its_sourced_low_is_refused():
    with pytest.raises(ScenarioError) as err:
        parse_scenario(small(economics={"inputs": {"leo_failure_rate_multiplier": 0.0}}))
    assert err.value.field.startswith("economics.inputs") and "at least 1" in str(err.value)
    parse_scenario(small(economics={"inputs": {"leo_failure_rate_multiplier": 3.0}}))


# 10. a study-sized satellite no vehicle carries
def test_a_study_satellite_no_vehicle_carries_is_priced_and_said_so_in_cost_json():
    proc = orbitaldc("cost", str(STARCLOUD), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["economics"]["feasible"] is True
    said = [p for p in doc["problems"] if p.startswith("priced as the study sizes it")]
    assert len(said) == 2 and "heavier than any catalog vehicle" in said[0]
    assert "fits no catalog fairing" in said[1]


# 11. which launch price the economics use
def test_the_launch_section_says_the_economics_use_the_input_launch_price():
    given = 37.3
    doc = document(small(launch={"vehicle": "starship-v3-target"}, economics={
        "uncertainty": {"samples": 100}, "inputs": {"launch_usd_per_kg": given}}))
    used = {a["input"]: a for a in doc["economics"]["assumptions"]}["launch_usd_per_kg"]
    assert used["value"] == given and used["source"] == "scenario"
    note = doc["launch"]["economics_price_note"]
    assert "37.3 USD/kg" in note and "starship-v3-target" in note
    assert note in doc["problems"]
    # without the input the launch section's price is the one used, and no note
    plain = document(small(launch={"vehicle": "starship-v3-target"}))
    assert "economics_price_note" not in plain["launch"]
    used = {a["input"]: a for a in plain["economics"]["assumptions"]}["launch_usd_per_kg"]
    assert used["value"] == pytest.approx(plain["launch"]["cost_usd"] / plain["launch"]["launched_mass_kg"],
                                          rel=1e-12)


# 12. make-or-buy keys when the owned vehicle carries nothing
def test_make_or_buy_keeps_its_keys_null_with_the_reason_when_the_owned_vehicle_carries_nothing(tmp_path):
    path = stoke_text(tmp_path, "e.yaml", ("it_power_w: 1.0e9", "it_power_w: 3.0e6"),
                      ("provider: stoke-space", "provider: stoke-space\n    vehicle: electron"))
    proc = orbitaldc("make-or-buy", path, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["own"]["feasible"] is False and doc["verdict"] == "buy"
    for key in ("advantage_usd", "breakeven_acquisition_usd", "breakeven_flights_per_year", "tornado"):
        assert key in doc and doc[key] is None, key
    for key in ("breakeven_acquisition_note", "breakeven_flights_note", "tornado_note"):
        assert "electron" in doc[key] and "cannot carry" in doc[key]


# 13. attrition: degrade reports the delivered hours
def test_a_degrading_fleet_reports_the_hours_it_delivers():
    rate, horizon = 0.3, 5.0
    doc = document(small(economics={"attrition": "degrade", "uncertainty": {"samples": 100},
                                    "inputs": {"accelerator_failure_rate_per_year": rate}}))
    econ = doc["economics"]
    inputs = {a["input"]: a["value"] for a in econ["assumptions"]}
    hazard = -math.log1p(-(rate * inputs["leo_failure_rate_multiplier"] + inputs["radiation_failure_rate_per_year"]))
    surviving, _ = integrate.quad(lambda t: math.exp(-hazard * t), 0.0, horizon)
    retained = surviving / horizon
    assert econ["capacity_retained_fraction"] == pytest.approx(retained, rel=1e-9)
    assert econ["availability"] == pytest.approx(econ["eclipse_availability"] * retained, rel=1e-12)
    accelerators = doc["design"]["fleet"]["satellites"] * doc["design"]["satellite"]["accelerators"]
    expected = accelerators * HOURS_PER_YEAR * econ["eclipse_availability"] * inputs["utilization"] * surviving
    assert econ["orbital"]["gpu_hours"] == pytest.approx(expected, rel=1e-9)
    spares = document(small(economics={"uncertainty": {"samples": 100},
                                       "inputs": {"accelerator_failure_rate_per_year": rate}}))["economics"]
    assert spares["capacity_retained_fraction"] == 1.0
    assert spares["orbital"]["gpu_hours"] == pytest.approx(expected / retained, rel=1e-9)
    assert np.isfinite(econ["orbital"]["usd_per_gpu_hour"])


# low: an orbit the vehicle cannot reach
def test_an_unreachable_orbit_is_said_so_not_a_zero_payload():
    """The launch stage on its own (DESIGN.md: every stage callable alone), whatever the design's dose says."""
    from orbitaldc.design import design
    from orbitaldc.launch.manifest import plan_launches
    from orbitaldc.orbit import orbit_geometry

    scenario = parse_scenario(small(constellation={"orbit": {"kind": "circular", "altitude_km": 20200,
                                                             "inclination_deg": 53}}, launch={"vehicle": "starship"}))
    geometry = orbit_geometry(scenario)
    plan = plan_launches(scenario, design(scenario, geometry), geometry.altitude_km, geometry.inclination_deg)
    assert not plan.feasible and plan.payload_kg == 0.0
    (problem,) = plan.problems
    assert "starship cannot reach 20200 km" in problem and "payload of 0 kg" not in problem
