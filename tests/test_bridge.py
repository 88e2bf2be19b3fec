"""The bridge between two scenarios (`orbitaldc compare`): steps add up, bad input is one line."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from orbitaldc import yaml_safe
from orbitaldc.cli import main
from orbitaldc.errors import ScenarioError
from orbitaldc.scenario import load_scenario, parse_scenario
from orbitaldc.studies import bridge
from orbitaldc.studies.bridge import price

ROOT = Path(__file__).resolve().parents[1]
BASE = yaml_safe.load((ROOT / "examples" / "scenarios" / "gigawatt.yaml").read_text())


def cli(capsys, monkeypatch, *args):
    monkeypatch.setattr("sys.argv", ["orbitaldc", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


def variant(draw) -> dict:
    doc = copy.deepcopy(BASE)
    doc["constellation"]["orbit"] = draw(st.sampled_from([
        {"kind": "sso", "altitude_km": draw(st.floats(450, 1200)), "ltan_h": draw(st.sampled_from([6.0, 10.5, 18.0]))},
        {"kind": "circular", "altitude_km": draw(st.floats(450, 1200)), "inclination_deg": draw(st.floats(30, 98))}]))
    if draw(st.booleans()):
        doc["constellation"] = {"orbit": doc["constellation"]["orbit"], "satellites": draw(st.integers(1, 500))}
    doc["satellite"]["compute"] = {"accelerator": draw(st.sampled_from(["b200", "h100-sxm", "tpu-v6e"])),
                                   "accelerators": draw(st.integers(4, 200))}
    doc["satellite"]["thermal"]["temperature_c"] = draw(st.floats(20, 46))  # below every chip chain (B200: 47 C)
    doc["launch"]["usd_per_kg"] = draw(st.floats(20, 3000))
    if draw(st.booleans()):
        doc["satellite"]["mass"] = {"model": "specific_power", "specific_power_w_per_kg": draw(st.floats(5, 200))}
    inputs = {}
    if draw(st.booleans()):
        inputs["wacc"] = draw(st.floats(0.0, 0.15))
    if draw(st.booleans()):
        inputs["nre_usd"] = draw(st.floats(0.0, 5e9))
    if draw(st.booleans()):
        inputs["electricity_usd_per_kwh"] = draw(st.floats(0.02, 0.3))
    doc["economics"] = {"site": draw(st.sampled_from(["abilene-tx", "abu-dhabi", "northern-england-uk"])),
                        "inputs": inputs, "include_compute": draw(st.booleans())}
    return doc


@st.composite
def pairs(draw):
    return variant(draw), variant(draw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_steps_add_up_to_the_total_for_random_pairs(pair):
    a, b = (parse_scenario(doc) for doc in pair)
    try:
        result = bridge(a, b)
    except ScenarioError:  # a random side that cannot be priced (too heavy to launch, ...) is not a pair
        assume(False)
    total = result["to_usd_per_gpu_hour"] - result["from_usd_per_gpu_hour"]
    assert math.fsum(s["delta_usd_per_gpu_hour"] for s in result["steps"]) == result["total_delta_usd_per_gpu_hour"]
    assert result["total_delta_usd_per_gpu_hour"] == pytest.approx(total, rel=1e-9, abs=1e-9)
    ratio = result["to_orbit_ground_ratio"] - result["from_orbit_ground_ratio"]
    assert result["total_delta_orbit_ground_ratio"] == pytest.approx(ratio, rel=1e-9, abs=1e-9)
    # the last step lands on B's own price
    if result["steps"]:
        assert result["steps"][-1]["usd_per_gpu_hour"] == result["to_usd_per_gpu_hour"]


def test_identical_scenarios_have_no_steps():
    s = load_scenario(ROOT / "examples" / "scenarios" / "gigawatt.yaml")
    result = bridge(s, s)
    assert result["steps"] == [] and result["total_delta_usd_per_gpu_hour"] == 0.0


def test_one_change_is_one_step_equal_to_the_difference():
    a = parse_scenario(BASE)
    b = parse_scenario({**BASE, "economics": {"inputs": {"wacc": 0.12}}})
    result = bridge(a, b)
    assert [s["paths"] for s in result["steps"]] == [["economics.inputs.wacc"]]
    assert result["steps"][0]["delta_usd_per_gpu_hour"] == pytest.approx(
        price(b, "b").orbital_usd_per_gpu_hour - price(a, "a").orbital_usd_per_gpu_hour)


def test_reversed_bridge_has_the_opposite_total():
    a = load_scenario(ROOT / "examples" / "studies" / "mccalip-2025.yaml")
    b = load_scenario(ROOT / "examples" / "scenarios" / "gigawatt.yaml")
    forward, back = bridge(a, b), bridge(b, a)
    assert back["total_delta_usd_per_gpu_hour"] == pytest.approx(-forward["total_delta_usd_per_gpu_hour"])


def test_different_fleet_definitions_still_compare(tmp_path, capsys, monkeypatch):
    """A Walker shell of H100 satellites against a 1 GW SSO fleet sized by IT power."""
    code, out, err = cli(capsys, monkeypatch, "compare", str(ROOT / "examples/scenarios/gigawatt.yaml"),
                         str(ROOT / "examples/studies/mccalip-2025.yaml"), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert {"from", "to", "steps", "total_delta_usd_per_gpu_hour"} <= doc.keys()
    assert all({"change", "delta_usd_per_gpu_hour"} <= s.keys() for s in doc["steps"])
    walker = dict(BASE, constellation={"orbit": {"kind": "walker", "altitude_km": 550, "inclination_deg": 53,
                                                 "planes": 4, "phasing": 1}, "satellites": 40})
    path = tmp_path / "walker.yaml"
    path.write_text(yaml.safe_dump(walker))
    code, out, err = cli(capsys, monkeypatch, "compare", str(path), str(ROOT / "examples/scenarios/gigawatt.yaml"))
    assert code == 0, err
    assert "orbit" in out


def test_bad_input_names_the_file_and_the_field(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**BASE, "satellite": {"compute": {"accelerator": "h100"}}}))
    code, out, err = cli(capsys, monkeypatch, "compare", str(bad), str(ROOT / "examples/scenarios/gigawatt.yaml"))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {bad}: satellite.compute.accelerator: unknown accelerator")
    assert "did you mean" in err and len(err.strip().splitlines()) == 1
    unknown = tmp_path / "option.yaml"
    doc = copy.deepcopy(BASE)
    doc["satellite"]["power"]["eclipse_polcy"] = "oversize_array"
    unknown.write_text(yaml.safe_dump(doc))
    code, _, err = cli(capsys, monkeypatch, "compare", str(ROOT / "examples/scenarios/gigawatt.yaml"), str(unknown))
    assert code == 2 and "satellite.power.eclipse_polcy: unknown key; did you mean 'eclipse_policy'?" in err
    code, _, err = cli(capsys, monkeypatch, "compare", str(tmp_path / "missing.yaml"), str(bad))
    assert code == 2 and "no such file" in err and "Traceback" not in err


def test_unpriced_side_is_named(tmp_path, capsys, monkeypatch):
    doc = {k: v for k, v in BASE.items() if k != "launch"}
    path = tmp_path / "nolaunch.yaml"
    path.write_text(yaml.safe_dump(doc))
    code, _, err = cli(capsys, monkeypatch, "compare", str(ROOT / "examples/scenarios/gigawatt.yaml"), str(path))
    assert code == 2 and err.startswith(f"error: {path}: not priced")


def test_report_draws_the_bridge(tmp_path, capsys, monkeypatch):
    code, _, err = cli(capsys, monkeypatch, "run", str(ROOT / "examples/scenarios/gigawatt.yaml"), "--out",
                       str(tmp_path), "--compare", str(ROOT / "examples/studies/mccalip-2025.yaml"))
    assert code == 0, err
    html = (tmp_path / "report.html").read_text()
    assert "id='bridge'" in html and "bridge-table" in html
    saved = json.loads((tmp_path / "bridge.json").read_text())
    assert saved["from"] == "mccalip-2025" and saved["to"] == "gigawatt"
