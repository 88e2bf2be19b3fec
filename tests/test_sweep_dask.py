"""One code path on every executor: a Dask LocalCluster of 2 workers stores the same rows as the
local process pool (every column, every scenario)."""

from pathlib import Path

import pytest

from orbitaldc.sweep import parse_sweep, run_sweep
from orbitaldc.sweep.store import query

pytest.importorskip("distributed")

BASE = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "tpu-cluster-81.yaml"
DOC = {"name": "dask", "base": str(BASE), "method": "sobol", "samples": 32, "seed": 2, "axes": [
    {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [550, 700]},
    {"path": "satellite.compute.accelerators", "kind": "design", "range": [16, 256]},
    {"path": "launch.usd_per_kg", "kind": "assumption", "range": [20, 2000], "scale": "log"},
]}


def rows(store):
    names, data = query(store, "SELECT * EXCLUDE (batched) FROM results ORDER BY scenario_hash")
    return names, data


def test_dask_local_cluster_equals_local_pool(tmp_path):
    sweep = parse_sweep(DOC, tmp_path / "s.yaml")
    pool = run_sweep(sweep, tmp_path / "pool.duckdb", workers=2, batch_size=8)
    dask = run_sweep(sweep, tmp_path / "dask.duckdb", dask="local:2", batch_size=8)
    assert pool["evaluated"] == dask["evaluated"] == 32
    names_a, a = rows(tmp_path / "pool.duckdb")
    names_b, b = rows(tmp_path / "dask.duckdb")
    assert sorted(names_a) == sorted(names_b) and len(a) == 32
    by_name_b = [dict(zip(names_b, r, strict=True)) for r in b]
    for ra, rb in zip(a, by_name_b, strict=True):
        assert dict(zip(names_a, ra, strict=True)) == rb
