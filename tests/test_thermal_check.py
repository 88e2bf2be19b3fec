"""The chips' view of the radiator through the public path (`parse_scenario` + `run`)."""

from __future__ import annotations

import pytest

from orbitaldc import ScenarioError, parse_scenario, run, yaml_safe
from orbitaldc.design.thermal_chain import max_radiator_temperature_c, thermal_chain
from tests.test_operations import EXAMPLE


def scenario(**thermal):
    doc = yaml_safe.load(EXAMPLE.read_text())
    doc.pop("workload")
    doc["satellite"]["thermal"] = {"sun_incidence": "edge_on", **thermal}
    return parse_scenario(doc)


def test_chain_policy_runs_the_radiator_at_the_chips_limit():
    doc = run(scenario(temperature_c="chain", margin_k=3.0), timeline=False).document()
    thermal = doc["design"]["thermal"]
    limit, binding = max_radiator_temperature_c("h100-sxm", thermal_chain("h100-sxm"), margins=3.0)
    assert thermal["radiator_temperature_c"] == pytest.approx(float(limit))
    assert thermal["binding_constraint"] == binding and thermal["temperature_policy"] == "chain"
    nodes = thermal["node_temperatures_c"]
    assert nodes["radiator"] < nodes["coolant_return"] < nodes["junction"]
    assert nodes["junction"] <= 87.0 - 3.0 + 1e-9  # the catalog's H100 junction limit less the margin
    assert not any("hotter than the chip chain" in p for p in doc["problems"])


def test_a_radiator_hotter_than_the_chain_allows_is_infeasible_unless_a_study_reports_it():
    warm = run(scenario(temperature_c=60.0), timeline=False).document()
    assert warm["feasible"] is False
    reason = next(p for p in warm["problems"] if "hotter than the chip chain allows" in p)
    assert "5.92 K hotter" in reason and "54.08 C" in reason and "0 K margin" in reason  # the limit and the margin
    assert warm["design"]["thermal"]["binding_constraint"] == "chip junction"
    assert "economics" not in warm or not warm["economics"].get("orbital")  # infeasible: never priced
    study = run(scenario(temperature_c=60.0, chip_limits="report"), timeline=False).document()
    assert study["feasible"] and any("hotter than the chip chain allows" in p for p in study["problems"])
    assert any("radiator temperature is the study's" in o for o in study["design"]["study_options"])
    cool = run(scenario(temperature_c=30.0), timeline=False).document()
    assert cool["design"]["thermal"]["binding_constraint"] == "radiator area"
    hot = run(scenario(temperature_c=95.0), timeline=False).document()
    assert hot["feasible"] is False


def test_chain_policy_needs_published_limits(tpu_v6e_unpublished):
    doc = yaml_safe.load(EXAMPLE.read_text())
    doc.pop("workload")
    doc["satellite"]["compute"] = {"accelerator": "tpu-v6e", "accelerators": 16}
    doc["satellite"]["thermal"] = {"temperature_c": "chain"}
    with pytest.raises(ScenarioError) as err:
        run(parse_scenario(doc), timeline=False)
    assert err.value.field == "satellite.thermal.temperature_c" and "tpu-v6e" in err.value.why
