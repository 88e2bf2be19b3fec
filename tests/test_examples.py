"""The shipped examples run end to end, and the JSON document keeps the DESIGN.md keys."""

import json
import math

import pytest
from conftest import EXAMPLES, ROOT

from orbitaldc import load_scenario, run

SATELLITE_KEYS = {"it_power_w", "accelerators", "array_power_bol_w", "solar_array_area_m2",
                  "radiator_area_m2", "battery_energy_wh", "mass_kg", "mass_breakdown_kg"}
ENVIRONMENT_KEYS = {"orbit_period_min", "inclination_deg", "sunlit_fraction", "max_eclipse_min",
                    "eclipse_days_per_year", "beta_angle_deg"}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_example_runs_and_keeps_contract(path):
    doc = run(load_scenario(path)).document()
    text = json.dumps(doc, allow_nan=False)  # strict JSON: no NaN or Infinity
    assert json.loads(text) == doc
    assert doc["feasible"] is True
    # The only problems a shipped example may carry are stated, not refused: a deployment that
    # outlasts its horizon (such a plan can be flown), and a radiator hotter than the unvalidated chip
    # chain allows; each must then be true.
    for problem in doc["problems"]:
        if "deploy" in problem:
            assert doc["launch"]["deployment_years"] > load_scenario(path).horizon_years
        else:
            assert "hotter than the chip chain allows" in problem, problem
            thermal = doc["design"]["thermal"]
            assert thermal["radiator_temperature_c"] > thermal["chain_max_radiator_temperature_c"]
    assert SATELLITE_KEYS <= doc["design"]["satellite"].keys()
    assert {"satellites", "it_power_w", "mass_kg"} <= doc["design"]["fleet"].keys()
    assert ENVIRONMENT_KEYS <= doc["environment"].keys()
    assert set(doc["environment"]["beta_angle_deg"]) == {"min", "max"}
    sat = doc["design"]["satellite"]
    assert all(v is not None and math.isfinite(v) and v >= 0 for v in sat["mass_breakdown_kg"].values())
    # the Operations stage runs exactly when the scenario has a workload
    assert ("operations" in doc) == (load_scenario(path).workload is not None)
    if "operations" in doc:
        for side in ("orbital", "terrestrial"):
            part = doc["operations"][side]
            assert part["requests_served"] + part["requests_dropped"] == doc["operations"]["requests"]
    scenario = load_scenario(path)
    if scenario.launch.vehicle is None:
        assert "launch" not in doc and "economics" not in doc
    else:
        assert {"vehicle", "launches", "cost_usd", "usd_per_kg", "deployment_years"} <= doc["launch"].keys()
        econ = doc["economics"]
        for side in ("orbital", "terrestrial"):
            keys = {"capex_usd", "opex_usd_per_year", "tco_usd", "usd_per_gpu_hour", "usd_per_kwh_it"}
            assert keys <= econ[side].keys()
        assert {"breakeven_launch_usd_per_kg", "uncertainty"} <= econ.keys()
        assert {"p10", "p50", "p90"} <= econ["uncertainty"].keys()


def test_run_writes_result_json(tmp_path):
    from test_cli_errors import orbitaldc

    out = tmp_path / "out"
    proc = orbitaldc("run", str(EXAMPLES / "tpu-cluster-81.yaml"), "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads((out / "result.json").read_text()) == json.loads(proc.stdout)


def test_schema_is_json_schema():
    from test_cli_errors import orbitaldc

    schema = json.loads(orbitaldc("schema").stdout)
    assert schema["title"] == "Scenario"
    assert {"satellite", "constellation", "epoch"} <= set(schema["properties"])


def test_readme_python_example_runs():
    """The README's Python block is executed as written (from the repository root)."""
    import os

    text = (ROOT / "README.md").read_text()
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
