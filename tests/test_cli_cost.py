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
    ("inputs: {utilization: 0}", "economics.inputs", ["utilization must be positive"]),
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


def test_launch_mix_reuse_and_schedule(tmp_path, suncatcher_text):
    """A mix flies in parallel: launches and cost add up over the legs, deployment is the slowest
    leg, and the schedule ends with the whole fleet installed."""
    base = suncatcher_text.replace("vehicle: starship", "vehicle: starship\n  cadence_per_year: 2").replace(
        "usd_per_kg: 200",
        "reuse: {vehicle_cost_usd: 9.0e+8, flights_per_vehicle: 30, refurbishment_usd_per_flight: 1.0e+7}")
    doc = json.loads(orbitaldc("launch", write(tmp_path, base), "--json").stdout)["launch"]
    assert doc["cost_usd"] == pytest.approx(doc["launches"] * (9e8 / 30 + 1e7))
    assert "reuse" in doc["cost_model"]
    rows = doc["schedule"]
    assert [r["year"] for r in rows] == list(range(1, len(rows) + 1))
    assert sum(r["launches"] for r in rows) == doc["launches"]
    assert rows[-1]["satellites"] == pytest.approx(81)
    assert rows[-1]["installed_it_power_w"] == pytest.approx(81 * json.loads(orbitaldc(
        "design", write(tmp_path, base), "--json").stdout)["design"]["satellite"]["it_power_w"])
    mixed = base + "  mix: [{vehicle: new-glenn, share: 0.25, price_usd_per_launch: 7.0e+7, cadence_per_year: 1}]\n"
    mix = json.loads(orbitaldc("launch", write(tmp_path, mixed), "--json").stdout)["launch"]
    legs = mix["legs"]
    assert [leg["vehicle"] for leg in legs] == ["starship", "new-glenn"]
    assert legs[1]["satellites_per_launch"] >= 1
    assert mix["launches"] == sum(leg["launches"] for leg in legs)
    assert mix["cost_usd"] == pytest.approx(sum(leg["cost_usd"] for leg in legs))
    assert mix["deployment_years"] == max(leg["deployment_years"] for leg in legs)
    assert mix["schedule"][-1]["satellites"] == pytest.approx(81)


@pytest.mark.parametrize("launch, field, words", [
    ("  mix: [{vehicle: falcon-9, share: 1.2}]", "launch.mix", ["less than 1"]),
    ("  mix: [{vehicle: falcon-9, share: 0.6}, {vehicle: new-glenn, share: 0.5}]", "launch", ["sum below 1"]),
    ("  mix: [{vehicle: falcon-99, share: 0.2}]", "launch.mix", ["unknown vehicle"]),
    ("  price_usd_per_launch: 1.0e+8", "launch", ["one way to price"]),
    ("  reuse: {vehicle_cost_usd: 1.0e+9, flights_per_vehicle: 0}", "launch.reuse", ["greater than 0"]),
])
def test_bad_launch_options(tmp_path, suncatcher_text, launch, field, words):
    path = write(tmp_path, suncatcher_text.replace("usd_per_kg: 200", "usd_per_kg: 200\n" + launch))
    assert_one_line_error(orbitaldc("launch", path, "--json"), field, *words)


def test_emissions_compare_launches_with_the_grid(tmp_path, suncatcher_text):
    from orbitaldc import catalog

    doc = json.loads(orbitaldc("cost", write(tmp_path, suncatcher_text), "--json").stdout)
    econ, launch = doc["economics"], doc["launch"]
    site = catalog.values("sites", econ["site"])
    pue = next(a["value"] for a in econ["assumptions"] if a["input"] == "pue")
    expected = site["grid_carbon_kg_per_kwh"] * econ["terrestrial"]["it_energy_kwh"] * pue
    assert econ["emissions"]["terrestrial_grid_co2_kg"] == pytest.approx(expected)
    assert econ["emissions"]["orbital_launch_co2_kg"] >= launch["co2_kg"] > 0


def test_rideshare_is_priced_per_satellite(tmp_path, suncatcher_text):
    """Transporter rideshare (catalog): $350 k for the first 50 kg, then $7,000/kg, per satellite;
    no replacement mission is expected for a Falcon 9 carrier flying once."""
    from orbitaldc import catalog

    text = suncatcher_text.replace("vehicle: starship", "vehicle: rideshare-transporter").replace(
        "  usd_per_kg: 200\n", "").replace("satellites: 81", "satellites: 3").replace("accelerators: 128",
                                                                                     "accelerators: 8")
    doc = json.loads(orbitaldc("launch", write(tmp_path, text), "--json").stdout)
    assert "rideshare on falcon-9" in doc["launch"]["payload_method"]
    launch = doc["launch"]
    v = catalog.values("vehicles", "rideshare-transporter")
    mass = doc["launch"]["launched_mass_kg"] / 3
    assert launch["replacement_launches"] == 0 and launch["launches"] == 1
    assert launch["cost_usd"] == pytest.approx(3 * (v["price_usd"] + (mass - v["base_mass_kg"])
                                                    * v["price_per_kg_above_base_usd"]))


def test_rideshare_mission_is_capped_by_its_carrier(tmp_path, suncatcher_text):
    text = suncatcher_text.replace("vehicle: starship", "vehicle: rideshare-transporter").replace(
        "  usd_per_kg: 200\n", "").replace("accelerators: 128", "accelerators: 2048")
    doc = json.loads(orbitaldc("launch", write(tmp_path, text), "--json").stdout)
    assert doc["feasible"] is False and any("exceeds the rideshare-transporter payload" in p for p in doc["problems"])
