"""`make bench` part: sweeps into the store -- scenarios per second for 1 and 2 workers, and the
peer spacedc-mdao's design of experiments on the same points.

Ours: examples/sweeps/altitude-launch.yaml at 1,000,000 Latin-hypercube scenarios (altitude x
radiator temperature x accelerators x launch $/kg x failure rate on the 81-satellite TPU cluster):
design + launch + economics on the analytic orbit, written as Parquet shards and the DuckDB view
``results``, from a fresh store each time (the wall time includes sampling, hashing and writing).

Peer: ``orbitdc.optimize.doe.latin_hypercube_doe`` (spacedc-mdao's DOE: a scipy Latin hypercube,
then ``evaluate_space`` once per point in a Python loop, results in memory, nothing stored) over its
own design variables on the 81-satellite scenario of benchmarks/peer_spacedc.py. It runs at about
1,500 points per second, so a million points would take the bench over ten minutes: it is run
on ``PEER_POINTS`` points, ours on the same points count too (same-N ratio), and the peer's time
for the full count is extrapolated linearly (its loop has no per-run set-up beyond the warm-up),
labelled as such. Timings are wall time on this machine; tests never assert on them.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "sweeps" / "altitude-launch.yaml"
SCENARIOS = 1_000_000
PEER_POINTS = 20_000


def _sweep(samples: int):
    from orbitaldc.sweep import parse_sweep

    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["samples"] = samples
    return parse_sweep(doc, EXAMPLE)


def time_sweep(samples: int, workers: int) -> dict:
    """One sweep of ``samples`` scenarios into a fresh store on ``workers`` processes."""
    from orbitaldc.sweep import run_sweep

    sweep = _sweep(samples)
    work = Path(tempfile.mkdtemp(prefix="orbitaldc-bench-"))
    try:
        t0 = time.perf_counter()
        summary = run_sweep(sweep, work / "bench.duckdb", workers=workers)
        seconds = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"scenarios": summary["evaluated"], "batched": summary["batched"], "workers": workers,
            "seconds": seconds, "scenarios_per_s": summary["evaluated"] / seconds}


def time_peer_doe(points: int) -> dict | None:
    try:
        from orbitdc.core.scenario import load_scenario_dict
        from orbitdc.optimize.doe import latin_hypercube_doe
    except ImportError:
        return None
    from peer_spacedc import SCENARIO, quiet_peer

    with quiet_peer():
        scenario = load_scenario_dict(SCENARIO)
        latin_hypercube_doe(scenario, ["lcoc"], n=4, seed=1)  # warm-up: the peer caches its catalogs
        t0 = time.perf_counter()
        latin_hypercube_doe(scenario, ["lcoc", "kg_per_kw"], n=points, seed=0)
        seconds = time.perf_counter() - t0
    return {"function": "orbitdc.optimize.doe.latin_hypercube_doe", "points": points, "seconds": seconds,
            "points_per_s": points / seconds}


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(n: int = 4_000_000) -> float:
    """Control: the speed-up of two processes over one on a pure-Python loop, i.e. how many cores this
    machine gives right now (other jobs share them); the sweep's scaling is read against it."""
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    _spin(n), _spin(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # start the workers before timing
        t0 = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        parallel = time.perf_counter() - t0
    return serial / parallel


def bench_sweep(scenarios: int = SCENARIOS, peer_points: int = PEER_POINTS) -> dict:
    control = machine_parallelism()
    one = time_sweep(scenarios, 1)
    two = time_sweep(scenarios, 2)
    same_n = time_sweep(peer_points, 1)
    out = {"example": str(EXAMPLE.relative_to(HERE.parent)), "one_worker": one, "two_workers": two,
           "scaling_2_over_1": two["scenarios_per_s"] / one["scenarios_per_s"], "ours_same_n": same_n,
           "machine_parallelism_control": control}
    peer = time_peer_doe(peer_points)
    if peer is not None:
        out["peer_doe"] = peer
        out["ratio_same_n"] = same_n["scenarios_per_s"] / peer["points_per_s"]
        out["peer_seconds_for_full_count_extrapolated"] = scenarios / peer["points_per_s"]
        out["ratio_full_count_two_workers"] = two["scenarios_per_s"] / peer["points_per_s"]
    return out


def report(result: dict) -> None:
    one, two = result["one_worker"], result["two_workers"]
    print(f"sweep {result['example']}: {two['scenarios']:,} scenarios (design + launch + economics, analytic orbit) "
          f"into Parquet + DuckDB: 1 worker {one['seconds']:.1f} s ({one['scenarios_per_s']:,.0f}/s), "
          f"2 workers {two['seconds']:.1f} s ({two['scenarios_per_s']:,.0f}/s), scaling "
          f"{result['scaling_2_over_1']:.2f}x (control: two processes of a pure-Python loop ran "
          f"{result['machine_parallelism_control']:.2f}x one on this machine now); {two['batched']:,} rows by the "
          "vectorized path")
    peer = result.get("peer_doe")
    if peer:
        same = result["ours_same_n"]
        print(f"  peer DOE ({peer['function']}) on {peer['points']:,} points: {peer['points_per_s']:,.0f}/s, in "
              f"memory; ours on the same {same['scenarios']:,} points, stored: {same['scenarios_per_s']:,.0f}/s -> "
              f"{result['ratio_same_n']:,.1f}x; at {two['scenarios']:,} points the peer would take "
              f"~{result['peer_seconds_for_full_count_extrapolated'] / 60:,.0f} min (extrapolated) -> "
              f"{result['ratio_full_count_two_workers']:,.0f}x")
    else:
        print("  peer spacedc-mdao not installed: `pip install -e '.[bench]'` to compare")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    report(bench_sweep(int(sys.argv[1]) if len(sys.argv) > 1 else SCENARIOS))
