"""`orbitaldc cost`: the economics keys of DESIGN.md, one-line errors for bad economic input, and
no prices for a design that cannot be built or launched."""

import json

import pytest
from test_cli_errors import assert_one_line_error, orbitaldc

ECONOMIC_KEYS = {"capex_usd", "opex_usd_per_year", "tco_usd", "usd_per_gpu_hour", "usd_per_kwh_it"}


def write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return str(path)


def test_cost_json_has_the_contract_keys(tmp_path, suncatcher_text):
    proc = orbitaldc("cost", write(tmp_path, suncatcher_text), "--json")
    assert proc.returncode == 0, proc.stderr
    econ = json.loads(proc.stdout)["economics"]
    assert econ["feasible"] is True
    for side in ("orbital", "terrestrial"):
        assert ECONOMIC_KEYS <= econ[side].keys()
        assert all(econ[side][k] > 0 for k in ECONOMIC_KEYS)
    assert set(econ["sites"]) >= {"abilene-tx", "abu-dhabi", "patagonia-ar", "northern-england-uk"}
    assert "breakeven_launch_usd_per_kg" in econ
    u = econ["uncertainty"]
    assert u["samples"] >= 10_000 and u["p10"] <= u["p50"] <= u["p90"]
    assert 0.0 <= u["probability_orbit_wins"] <= 1.0
    assert econ["tornado"] and econ["assumptions"]
    assert all(a["source"] for a in econ["assumptions"])
    table = orbitaldc("cost", write(tmp_path, suncatcher_text))
    assert table.returncode == 0 and "per GPU-hour" in table.stdout


def test_breakeven_when_the_ground_is_expensive(tmp_path, suncatcher_text):
    """Make electricity dear enough and a positive break-even launch price appears; pricing at it
    equalizes the two sides."""
    text = suncatcher_text + "economics:\n  site: northern-england-uk\n  inputs: {electricity_usd_per_kwh: 40}\n"
    econ = json.loads(orbitaldc("cost", write(tmp_path, text), "--json").stdout)["economics"]
    price = econ["breakeven_launch_usd_per_kg"]
    assert price is not None and price > 0
    at = text.replace("usd_per_kg: 200", f"usd_per_kg: {price!r}")
    again = json.loads(orbitaldc("cost", write(tmp_path, at), "--json").stdout)["economics"]
    assert again["orbital"]["usd_per_gpu_hour"] == pytest.approx(again["terrestrial"]["usd_per_gpu_hour"], rel=1e-6)


@pytest.mark.parametrize("economics, field, words", [
    ("inputs: {launch_usd_per_kg: -5}", "economics.inputs", ["non-negative"]),
    ("inputs: {wacc: 1.2}", "economics.inputs", ["wacc", "below 1"]),
    ("inputs: {electricity_usd_per_kwh: -0.01}", "economics.inputs", ["electricity_usd_per_kwh"]),
    ("site: atlantis", "economics.site", ["unknown site", "abilene-tx"]),
    ("uncertainty: {inputs: {pue: {distribution: uniform, low: 1.4, high: 1.1}}}", "economics.uncertainty",
     ["low must not exceed high"]),
    ("inputs: {wac: 0.1}", "economics.inputs", ["did you mean 'wacc'"]),
])
def test_bad_economic_input_is_one_line(tmp_path, suncatcher_text, economics, field, words):
    path = write(tmp_path, suncatcher_text + "economics:\n  " + economics + "\n")
    assert_one_line_error(orbitaldc("cost", path, "--json"), field, *words)
    assert_one_line_error(orbitaldc("validate", path), field, *words)


def test_negative_launch_price_is_rejected(tmp_path, suncatcher_text):
    path = write(tmp_path, suncatcher_text.replace("usd_per_kg: 200", "usd_per_kg: -200"))
    assert_one_line_error(orbitaldc("cost", path, "--json"), "launch.usd_per_kg", "greater than or equal to 0")


def test_infeasible_design_is_never_priced(tmp_path, suncatcher_text):
    text = suncatcher_text.replace("temperature_c: 60", "temperature_c: -120").replace(
        "sun_incidence: edge_on", "sun_incidence: sun_facing")
    proc = orbitaldc("cost", write(tmp_path, text), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["feasible"] is False
    assert doc["economics"] == {"feasible": False, "problems": ["not priced: the design is infeasible"]}
    assert "not priced" in orbitaldc("cost", write(tmp_path, text)).stdout


def test_cost_needs_a_launch_price(tmp_path, suncatcher_text):
    text = suncatcher_text.split("launch:")[0]
    assert_one_line_error(orbitaldc("cost", write(tmp_path, text), "--json"), "launch.vehicle", "launch price")
    priced = text + "economics:\n  inputs: {launch_usd_per_kg: 500}\n"
    econ = json.loads(orbitaldc("cost", write(tmp_path, priced), "--json").stdout)["economics"]
    assert econ["feasible"] is True
