"""optimize and sensitivity on a sweep: wired to the sweep's axes and result columns.

References: the launch bill is launch $/kg x launched mass (launch.manifest), so over a decade of
launch prices it must dominate the variance of the orbital price, and spectrum licensing (a one-off
sum, 0 to 1 million USD on a billion-dollar fleet) must explain almost none of it; a Pareto front is
mutually non-dominated and made only of the design axes."""

from pathlib import Path

import numpy as np

from orbitaldc.sweep import parse_sweep
from orbitaldc.sweep.optimize import sweep_optimize
from orbitaldc.sweep.sensitivity import sweep_sensitivity

BASE = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "tpu-cluster-81.yaml"


def doc(**extra):
    out = {"name": "s", "base": str(BASE), "method": "lhs", "samples": 16, "axes": [
        {"path": "satellite.compute.accelerators", "kind": "design", "range": [32, 256], "name": "acc"},
        {"path": "satellite.thermal.temperature_c", "kind": "design", "range": [30, 65], "name": "rad_c"},
        {"path": "launch.usd_per_kg", "kind": "assumption", "range": [20, 2000], "scale": "log", "name": "launch"},
        {"path": "economics.inputs.spectrum_licensing_usd", "kind": "assumption", "range": [0, 1e6], "name": "spec"},
    ]}
    out.update(extra)
    return out


def test_sensitivity_ranks_the_launch_price_first():
    sweep = parse_sweep(doc(sensitivity={"n": 256, "max_n": 1024, "ci_width": 0.1}), BASE)
    result = sweep_sensitivity(sweep)
    by = {r["input"]: r for r in result["indices"]}
    assert by["axis_launch"]["kind"] == "assumption" and by["axis_acc"]["kind"] == "design"
    assert by["axis_launch"]["ST"] > 0.5 and by["axis_spec"]["ST"] < 0.01
    assert result["output"] == "economics_orbital_usd_per_gpu_hour" and "converged" in result["statement"]


def test_robust_front_is_non_dominated_over_design_axes():
    # price against satellite mass conflict (more accelerators per satellite: cheaper hours, heavier satellites)
    objectives = [{"column": "economics_orbital_usd_per_gpu_hour", "sense": "min"},
                  {"column": "design_satellite_mass_kg", "sense": "min"}]
    sweep = parse_sweep(doc(optimize={"objectives": objectives, "population": 12, "generations": 4,
                                      "robust": "p90", "robust_samples": 4}), BASE)
    result = sweep_optimize(sweep)
    assert result["design_axes"] == ["axis_acc", "axis_rad_c"] and "90th percentile" in result["judged_by"]
    f = np.array([[p["economics_orbital_usd_per_gpu_hour"], p["design_satellite_mass_kg"]] for p in result["front"]])
    assert len(f) >= 2 and set(result["front"][0]) == {"axis_acc", "axis_rad_c", *(o["column"] for o in objectives)}
    for i in range(len(f)):
        dominated = np.all(f <= f[i], axis=1) & np.any(f < f[i], axis=1)
        assert not dominated.any()
    assert all(32 <= p["axis_acc"] <= 256 and isinstance(p["axis_acc"], int) for p in result["front"])


def test_commands_print_the_front_and_refuse_a_bad_column(tmp_path):
    import json

    import yaml
    from test_cli_errors import orbitaldc

    objectives = [{"column": "economics_orbital_usd_per_gpu_hour", "sense": "min"},
                  {"column": "design_fleet_mass_kg", "sense": "min"}]
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc(optimize={"objectives": objectives, "population": 8, "generations": 2},
                                       sensitivity={"output": "design_satellite_mass_kgg", "n": 16, "max_n": 16})))
    code, out, err = orbitaldc("optimize", str(path), "--json")
    assert code == 0, err
    front = json.loads(out)["front"]
    assert front and all(set(p) == {"axis_acc", "axis_rad_c", *(o["column"] for o in objectives)} for p in front)
    code, out, err = orbitaldc("sensitivity", str(path))
    assert code == 2 and out == "" and err.startswith("error: sensitivity.output: no result column") and \
        err.count("\n") == 1
