"""Sweep files, the store and the commands: validation before any work, one row per scenario,
errors recorded, resumable after SIGKILL, query output."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

from orbitaldc.errors import ScenarioError
from orbitaldc.sweep import parse_sweep, run_sweep
from orbitaldc.sweep.sampling import scenario_points
from orbitaldc.sweep.store import query, shard_dir
from tests.test_cli_errors import orbitaldc

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "examples" / "scenarios" / "tpu-cluster-81.yaml"


def sweep_doc(**changes):
    doc = {"name": "t", "base": str(BASE), "method": "grid", "axes": [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [550, 650]},
        {"path": "launch.usd_per_kg", "kind": "assumption", "range": [50, 500], "steps": 3},
    ]}
    doc.update(changes)
    return doc


def write(tmp_path, doc, name="s.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.mark.parametrize(("axis", "field", "why"), [
    ({"path": "constellation.orbit.altitude_kmm", "kind": "design", "range": [500, 600]}, "axes[0].path",
     "did you mean 'altitude_km'"),
    ({"path": "satellite.power", "kind": "design", "range": [0, 1]}, "axes[0].path", "is a section"),
    ({"path": "constellation.orbit.altitude_km", "kind": "design", "range": [100, 600]}, "axes[0].range",
     "greater than or equal to 160"),
    ({"path": "economics.inputs.wac", "kind": "assumption", "range": [0, 0.1]}, "axes[0].range", "did you mean 'wacc'"),
    ({"path": "satellite.compute.accelerator", "kind": "design", "values": ["tpu-v6e", "h300"]}, "axes[0].values",
     "unknown accelerator"),
    ({"path": "launch.usd_per_kg", "kind": "guess", "range": [1, 2]}, "axes[0].kind", "Input should be"),
])
def test_bad_axis_is_one_line_exit_2_before_any_work(tmp_path, axis, field, why):
    path = write(tmp_path, sweep_doc(axes=[axis], method="lhs", samples=8))
    store = tmp_path / "s.duckdb"
    code, out, err = orbitaldc("sweep", str(path), "--store", str(store))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {field}: ") and why in err, err
    assert not store.exists() and not shard_dir(store).exists()  # nothing ran, nothing was written


def test_sampling_methods_cover_their_ranges_and_are_seeded():
    axes = [{"path": "satellite.compute.accelerators", "kind": "design", "range": [8, 64]},
            {"path": "launch.usd_per_kg", "kind": "assumption", "range": [10, 1000], "scale": "log"},
            {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [550, 650, 750]}]
    for method in ("random", "lhs", "sobol"):
        sweep = parse_sweep(sweep_doc(method=method, samples=256, axes=axes), ROOT / "s.yaml")
        hashes, cols = scenario_points(sweep)
        again, _ = scenario_points(sweep)
        assert np.array_equal(hashes, again) and len(np.unique(hashes)) == len(hashes)
        acc, price = cols["satellite.compute.accelerators"], cols["launch.usd_per_kg"]
        assert acc.dtype.kind == "i" and acc.min() >= 8 and acc.max() <= 64
        assert 10 <= price.min() and price.max() <= 1000 and np.median(price) < 300  # log-uniform median ~100
        assert set(cols["constellation.orbit.altitude_km"]) == {550, 650, 750}
    # a Latin hypercube puts exactly one sample in each of n equal strata of every axis
    sweep = parse_sweep(sweep_doc(method="lhs", samples=64, axes=axes[1:2]), ROOT / "s.yaml")
    _, cols = scenario_points(sweep)
    u = np.log(cols["launch.usd_per_kg"] / 10) / np.log(100)
    assert np.array_equal(np.sort(np.floor(u * 64)), np.arange(64))


def test_grid_store_query_and_errors(tmp_path):
    doc = sweep_doc(axes=[
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [550, 650]},
        {"path": "satellite.thermal.temperature_c", "kind": "design", "values": [60, "chain"]},
        {"path": "launch.usd_per_kg", "kind": "assumption", "range": [50, 500], "steps": 3},
    ])
    store = tmp_path / "g.duckdb"
    code, out, err = orbitaldc("sweep", str(write(tmp_path, doc)), "--store", str(store))
    assert code == 0, err
    code, out, _ = orbitaldc("query", str(store), "SELECT axis_satellite_thermal_temperature_c AS t, count(*) AS n, "
                             "count(DISTINCT scenario_hash) AS d, count(economics_orbital_usd_per_gpu_hour) AS priced, "
                             "min(error) AS error FROM results GROUP BY 1 ORDER BY 1", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["n"] for r in rows] == [6, 6] and [r["d"] for r in rows] == [6, 6]
    given, chain = rows  # 'chain' solves the radiator temperature from the TPU's (estimated) limits
    assert chain["t"] == "chain" and chain["priced"] == 6 and chain["error"] == ""
    assert given["priced"] == 6 and given["error"] == ""
    code, out, _ = orbitaldc("query", str(store), "SELECT axis_launch_usd_per_kg, launch_cost_usd / "
                             "launch_launched_mass_kg AS paid, orbitaldc_version FROM results WHERE error = '' "
                             "ORDER BY 1", "--csv")
    lines = out.splitlines()
    assert lines[0] == "axis_launch_usd_per_kg,paid,orbitaldc_version" and len(lines) == 13
    for line in lines[1:]:  # the launch stage charged the axis' price per kg launched
        axis_value, paid, version = line.split(",")
        assert float(paid) == pytest.approx(float(axis_value), rel=1e-12) and version
    code, _, err = orbitaldc("query", str(store), "SELECT nope FROM results")
    assert code == 2 and err.startswith("error: SQL: ") and err.count("\n") == 1


KILL_SWEEP = {"name": "kill", "base": str(BASE), "method": "grid", "axes": [
    {"path": "constellation.orbit.altitude_km", "kind": "design", "range": [500, 1100], "steps": 24},
    {"path": "launch.usd_per_kg", "kind": "assumption", "values": [100, 300]},
]}


def test_sigkill_then_resume_every_scenario_exactly_once(tmp_path):
    path, store = write(tmp_path, KILL_SWEEP), tmp_path / "k.duckdb"
    shards = shard_dir(store)
    proc = subprocess.Popen([sys.executable, "-m", "orbitaldc", "sweep", str(path), "--store", str(store),
                             "--batch-size", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(shards.glob("*.parquet"))) < 3 and proc.poll() is None:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(shards.glob("*.parquet")))
    assert 3 <= done_before < 24, "the sweep was not killed in the middle"
    summary = run_sweep(parse_sweep(KILL_SWEEP, path), store)
    assert summary["already_stored"] == 2 * done_before and summary["evaluated"] == 48 - 2 * done_before
    assert not list(shards.glob(".*.tmp"))  # a shard cut off by the kill is removed, never read
    names, rows = query(store, "SELECT count(*), count(DISTINCT scenario_hash) FROM results")
    assert rows == [(48, 48)]
    hashes, _ = scenario_points(parse_sweep(KILL_SWEEP, path))
    _, stored = query(store, "SELECT scenario_hash FROM results")
    assert sorted(int(h) for (h,) in stored) == sorted(int(h) for h in hashes)
    again = run_sweep(parse_sweep(KILL_SWEEP, path), store)  # a finished sweep has nothing left to do
    assert again["evaluated"] == 0 and again["already_stored"] == 48


def test_store_must_be_duckdb_and_one_writer(tmp_path):
    sweep = parse_sweep(sweep_doc(), tmp_path / "s.yaml")
    with pytest.raises(ScenarioError, match="name it"):
        run_sweep(sweep, tmp_path / "x.db")
    from orbitaldc.sweep.store import StoreLock

    with StoreLock(tmp_path / "y.duckdb"), pytest.raises(ScenarioError, match="another sweep"):
        run_sweep(sweep, tmp_path / "y.duckdb")
