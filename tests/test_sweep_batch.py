"""The batch evaluator (sweep.group / sweep.batch) gives the per-scenario path's numbers: every
column of every sampled row equal to ``orbitaldc.run`` one scenario at a time (relative 1e-9), across
kernel axes of every kind, infeasible rows, rows with problems, and a structural axis."""

from pathlib import Path

import numpy as np
import pytest

from orbitaldc.design.station_keeping import propellant_ratio
from orbitaldc.sweep import parse_sweep
from orbitaldc.sweep.batch import _agrees, _axis_row, evaluate_batch
from orbitaldc.sweep.row import evaluate_one
from orbitaldc.sweep.sampling import scenario_points

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"


def _sweep(base: str, axes: list, samples: int = 32, seed: int = 3):
    doc = {"name": "t", "base": str(EXAMPLES / base), "method": "lhs", "samples": samples, "seed": seed,
           "axes": axes}
    return parse_sweep(doc, EXAMPLES / "sweep.yaml")


CASES = {
    "tpu-launch-econ": ("tpu-cluster-81.yaml", [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [350, 500, 650, 1000]},
        {"path": "satellite.thermal.temperature_c", "kind": "design", "range": [-20, 95]},
        {"path": "satellite.compute.accelerators", "kind": "design", "range": [8, 2000]},
        {"path": "launch.usd_per_kg", "kind": "assumption", "range": [10, 5000], "scale": "log"},
        {"path": "economics.inputs.wacc", "kind": "assumption", "range": [0.0, 0.15]},
        {"path": "constellation.satellites", "kind": "design", "range": [1, 400]},
    ]),
    "h100-chain-price": ("h100-1mw.yaml", [
        {"path": "satellite.thermal.temperature_c", "kind": "design", "range": [20, 110]},
        {"path": "satellite.thermal.emissivity", "kind": "design", "range": [0.6, 0.95]},
        {"path": "satellite.power.cell_efficiency", "kind": "design", "range": [0.15, 0.35]},
        {"path": "satellite.shielding.aluminium_mm", "kind": "design", "range": [0, 10]},
        {"path": "launch.price_usd_per_launch", "kind": "assumption", "range": [1e7, 1e8]},
        {"path": "economics.site", "kind": "assumption", "values": ["abilene-tx", "northern-england-uk"]},
    ]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_batch_equals_per_scenario(case):
    base, axes = CASES[case]
    sweep = _sweep(base, axes)
    _, columns = scenario_points(sweep)
    out = evaluate_batch(sweep, columns)
    n = len(out["error"])
    assert n == len(next(iter(columns.values())))
    for i in range(n):
        row = evaluate_one(sweep, _axis_row(sweep, columns, i))
        assert _agrees({k: v[i:i + 1] for k, v in out.items()}, row), (case, i, row.get("problems"), row.get("error"))
    feasible = out["feasible"].astype(bool)
    assert feasible.any() and (feasible.sum() < n or case == "h100-chain-price")  # both kinds of row occur


def test_batch_covers_problem_rows():
    """A long deployment is a problem the batch states itself, in the per-scenario wording."""
    base, axes = CASES["tpu-launch-econ"]
    sweep = _sweep(base, axes, samples=64, seed=5)
    _, columns = scenario_points(sweep)
    out = evaluate_batch(sweep, columns)
    problems = [p for p in out["problems"] if p]
    assert any(p.startswith("deployment takes") for p in problems)


def test_propellant_ratio_on_arrays_matches_numbers_and_solves_the_equation():
    """The batch's root of x = expm1(k / (1 + x)) on an array, element by element as the design stage
    takes it, and the equation itself."""
    k = np.concatenate([[0.0, 1e-12, 1e-6], np.geomspace(1e-4, 30.0, 200)])
    got = propellant_ratio(k)
    want = np.array([propellant_ratio(float(x)) for x in k])
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)
    assert np.allclose(got, np.expm1(k / (1.0 + got)), rtol=1e-12)


def test_vectorized_path_takes_the_feasible_rows():
    """The example sweep's feasible rows are evaluated by the batch, not one by one (a change to a
    stage that the batch does not repeat shows up here, not only as a slower sweep)."""
    from orbitaldc.sweep import load_sweep

    sweep = load_sweep(Path(__file__).resolve().parents[1] / "examples" / "sweeps" / "altitude-launch.yaml")
    _, columns = scenario_points(sweep)
    out = evaluate_batch(sweep, {k: v[:400] for k, v in columns.items()})
    feasible = out["feasible"].astype(bool)
    assert feasible.sum() > 300
    assert np.all(out["batched"][feasible])
