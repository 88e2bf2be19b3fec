"""`make bench`: throughput of the vectorized design kernel and of the analytic orbit season,
with a peer (spacedc-mdao) measured in the same run when it is installed (`.[bench]`).

Writes benchmarks/results.json. Timings are best-of-N wall time on this machine; tests
never assert on them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from orbitaldc import load_scenario  # noqa: E402
from orbitaldc.design import design_inputs, size_satellites  # noqa: E402
from orbitaldc.orbit import orbit_geometry  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "scenarios" / "tpu-cluster-81.yaml"


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def design_points(n: int, seed: int = 1):
    """n design points around the Suncatcher example: counts, temperatures, eclipses, cells."""
    scenario = load_scenario(EXAMPLE)
    base = design_inputs(scenario, orbit_geometry(scenario))
    rng = np.random.default_rng(seed)
    return dataclasses.replace(
        base,
        accelerators=rng.integers(1, 512, n).astype(float),
        radiator_temperature_c=rng.uniform(0.0, 100.0, n),
        eclipse_s=rng.uniform(0.0, 0.4, n) * base.period_s,
        cell_efficiency=rng.uniform(0.2, 0.35, n),
        emissivity=rng.uniform(0.75, 0.95, n),
    )


def bench_design(n: int = 1_000_000, repeats: int = 5) -> dict:
    points = design_points(n)
    size_satellites(points)  # warm-up
    seconds = best_of(lambda: size_satellites(points), repeats)
    return {"points": n, "seconds": seconds, "points_per_s": n / seconds}


def bench_orbit_season(repeats: int = 5) -> dict:
    from orbitaldc.orbit.geometry import circular_orbit_geometry

    scenario = load_scenario(EXAMPLE)

    def uncached():  # the season analysis is cached per orbit; time the analysis itself
        circular_orbit_geometry.cache_clear()
        return orbit_geometry(scenario)

    seconds = best_of(uncached, repeats)
    return {"horizon_years": scenario.horizon_years, "seconds_per_orbit": seconds}


def bench_monte_carlo(samples: int = 1_000_000, repeats: int = 3) -> dict:
    """Economics Monte Carlo on the example: every catalog input with a range sampled, both sides
    priced per sample (design and launch fixed, as in `orbitaldc cost`)."""
    from orbitaldc.economics import default_distributions, evaluate
    from orbitaldc.economics.tco import orbital_costs
    from orbitaldc.economics.terrestrial import terrestrial_costs
    from orbitaldc.economics.uncertainty import monte_carlo
    from orbitaldc.run import run

    scenario = load_scenario(EXAMPLE)
    result = run(scenario, timeline=False, economics=False)
    econ = evaluate(scenario, result.design, result.launch, result.geometry.sunlit_fraction, 12)
    dists = default_distributions(scenario.economics, result.design.accelerator)
    q = econ.quantities

    def both(x):
        return orbital_costs(q, x)["usd_per_gpu_hour"], terrestrial_costs(q, x)["usd_per_gpu_hour"]

    seconds = best_of(lambda: monte_carlo(both, econ.inputs, dists, samples, 0), repeats)
    return {"samples": samples, "inputs_sampled": len(dists), "seconds": seconds, "samples_per_s": samples / seconds}


def bench_bridge(repeats: int = 3) -> dict:
    """`orbitaldc compare` on two scenarios (a study preset and our answer; analytic orbit), warm."""
    from orbitaldc.studies import bridge

    root = HERE.parent / "examples"
    a, b = load_scenario(root / "studies" / "mccalip-2025.yaml"), load_scenario(root / "scenarios" / "gigawatt.yaml")
    result = bridge(a, b)
    return {"from": "mccalip-2025", "to": "gigawatt", "steps": len(result["steps"]),
            "seconds": best_of(lambda: bridge(a, b), repeats)}


def bench_simulate() -> dict:
    """`orbitaldc simulate` end to end on the shipped inference example (trace generation, serving,
    sky, both queues), one run after a warm-up (numba compiles on the first)."""
    import time

    from orbitaldc.ops.operations import simulate
    from orbitaldc.run import run

    scenario = load_scenario(HERE.parent / "examples" / "scenarios" / "h100-1mw-inference.yaml")
    result = run(scenario, timeline=False, operations=False)
    simulate(scenario, result.design)
    t = time.perf_counter()
    ops = simulate(scenario, result.design)
    seconds = time.perf_counter() - t
    return {"scenario": scenario.name, "requests": ops.requests, "seconds": seconds,
            "requests_per_s": ops.requests / seconds}


def bench_app(repeats: int = 20) -> dict:
    """`orbitaldc app`: one update of the page (POST /api/run: validation, the pipeline on the analytic
    orbit with its Monte Carlo, the document as JSON) on the app's starting scenario, in process and as
    a round trip through the served app; the orbit changes (altitude) miss the geometry cache."""
    import copy
    import statistics
    import urllib.request

    from orbitaldc.app import api
    from orbitaldc.app.presets import starting_path
    from orbitaldc.app.server import running

    start = api.scenario_file_document(starting_path())
    api.run_document(start)  # warm-up (imports, numba)

    def updates(edit, values):
        times = []
        for v in values:
            doc = copy.deepcopy(start)
            edit(doc, v)
            t = time.perf_counter()
            api.to_json(api.run_document(doc))
            times.append((time.perf_counter() - t) * 1e3)
        return {"median_ms": statistics.median(times), "max_ms": max(times), "updates": len(times)}

    out = {"scenario": start["name"],
           "launch_price_ms": updates(lambda d, v: d["launch"].update(usd_per_kg=v),
                                      np.geomspace(10.0, 10_000.0, repeats).round(1).tolist()),
           "altitude_ms": updates(lambda d, v: d["constellation"]["orbit"].update(altitude_km=v),
                                  np.linspace(400.0, 1400.0, repeats).round(0).tolist())}
    body = json.dumps(start).encode()
    with running() as url:
        times = []
        for _ in range(repeats):
            request = urllib.request.Request(url + "api/run", data=body, headers={"Content-Type": "application/json"})
            t = time.perf_counter()
            urllib.request.urlopen(request, timeout=60).read()
            times.append((time.perf_counter() - t) * 1e3)
    out["http_round_trip_ms"] = {"median_ms": statistics.median(times), "max_ms": max(times), "updates": repeats}
    return out


def main() -> None:
    import ops_simpy
    import peer_spacedc
    import timeline

    design = bench_design()
    season = bench_orbit_season()
    mc = bench_monte_carlo()
    bridged = bench_bridge()
    peer = peer_spacedc.measure()
    versus = timeline.bench_against_skyfield()
    fleet = timeline.bench_fleet_year()
    queue = ops_simpy.bench_queue()
    simulated = bench_simulate()
    app_update = bench_app()
    results = {
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(),
                    "platform": platform.platform(), "numpy": np.__version__},
        "design_kernel": design,
        "orbit_season_analytic": season,
        "economics_monte_carlo": mc,
        "bridge": bridged,
        "peer": peer,
        "eclipses_vs_skyfield_brute_force": versus,
        "fleet_year": fleet,
        "operations_queue": queue,
        "operations_simulate": simulated,
        "app_update": app_update,
    }
    print(f"design kernel: {design['points_per_s']:,.0f} design points/s "
          f"({design['points']:,} points in {design['seconds']:.3f} s, one core, numpy)")
    print(f"orbit season (5-year beta/eclipse analysis of one orbit): {season['seconds_per_orbit'] * 1e3:.1f} ms")
    print(f"bridge {bridged['from']} -> {bridged['to']}: {bridged['steps']} steps in {bridged['seconds']:.3f} s "
          "(each step re-runs the pipeline on the analytic orbit)")
    print(f"economics Monte Carlo: {mc['samples_per_s']:,.0f} samples/s ({mc['samples']:,} samples of "
          f"{mc['inputs_sampled']} inputs in {mc['seconds']:.2f} s, both sides priced per sample)")
    if peer:
        results["ratio_monte_carlo_vs_peer"] = mc["samples_per_s"] / peer["points_per_s"]
        print(f"  peer Monte Carlo calls its scalar evaluator once per sample ({peer['points_per_s']:,.0f}/s, "
              f"measured below; it re-evaluates the design too, ours re-prices a fixed design): "
              f"{results['ratio_monte_carlo_vs_peer']:,.0f}x")
    if peer:
        ratio = design["points_per_s"] / peer["points_per_s"]
        results["ratio_design_vs_peer"] = ratio
        print(f"peer {peer['peer']} {peer['version']} ({peer['function']}): "
              f"{peer['points_per_s']:,.0f} points/s -> orbitaldc is {ratio:,.0f}x faster")
        print(f"  note: {peer['note']}")
    else:
        print("peer spacedc-mdao not installed: `pip install -e '.[bench]'` to compare")
    print(f"eclipse search on {versus['satellites']} sgp4 satellites x {versus['days']:g} day: "
          f"{versus['orbitaldc_sgp4_seconds']:.2f} s vs skyfield is_sunlit every 10 s "
          f"{versus['skyfield_brute_force_seconds']:.2f} s -> {versus['ratio']:.0f}x, "
          f"edges agree within {versus['max_edge_difference_s']:.3f} s")
    fleet_ratio = versus["scaled_10k_year_skyfield_seconds"] / fleet["eclipse_seconds"]
    results["fleet_eclipses_vs_skyfield_scaled"] = fleet_ratio
    print(f"fleet year: {fleet['satellites']:,} satellites, 365 days, {fleet['stations']} stations: "
          f"eclipses {fleet['eclipse_seconds']:.1f} s ({fleet['eclipses']:,}), contacts "
          f"{fleet['contact_seconds']:.1f} s ({fleet['passes']:,} passes), total {fleet['total_seconds']:.1f} s, "
          f"peak memory {fleet['peak_memory_mib']:.0f} MiB")
    print(f"  skyfield brute force scaled to the same fleet year: "
          f"{versus['scaled_10k_year_skyfield_seconds'] / 3600:.1f} h -> fleet eclipses {fleet_ratio:,.0f}x faster")
    print(f"operations queue: {queue['requests']:,} requests on {queue['satellites']:,} satellites x "
          f"{queue['servers']:,} slots over a year in {queue['kernel_seconds']:.1f} s "
          f"({queue['kernel_requests_per_s']:,.0f}/s, peak {queue['peak_memory_mib']:,.0f} MiB); SimPy on "
          f"{queue['subset_requests']:,} requests: {queue['simpy_requests_per_s']:,.0f}/s -> "
          f"{queue['ratio_requests_per_s']:,.0f}x (same input: {queue['ratio_same_input']:,.0f}x, mean wait "
          f"{queue['subset_mean_wait_s']['kernel']:.3f} vs {queue['subset_mean_wait_s']['simpy']:.3f} s)")
    print(f"simulate {simulated['scenario']}: {simulated['requests']:,} requests on both sides in "
          f"{simulated['seconds']:.1f} s ({simulated['requests_per_s']:,.0f} requests/s)")
    print(f"app update ({app_update['scenario']}, POST /api/run compute): launch price "
          f"{app_update['launch_price_ms']['median_ms']:.0f} ms median ({app_update['launch_price_ms']['max_ms']:.0f} "
          f"max), altitude {app_update['altitude_ms']['median_ms']:.0f} ms ({app_update['altitude_ms']['max_ms']:.0f} "
          f"max); HTTP round trip {app_update['http_round_trip_ms']['median_ms']:.0f} ms")
    import elset_fleet as elset_bench  # benchmarks/elset_fleet.py: 10,000 TLEs x a year, against a 60 s sampler

    ours, sampler = elset_bench.bench_elset_year(), elset_bench.bench_sampler()
    results["elset_fleet_year"] = {"ours": ours, "sgp4_sampler_60s": sampler}
    elset_bench.report(ours, sampler)
    import sweep as sweep_bench  # benchmarks/sweep.py: sweeps into the store, against the peer's DOE

    results["sweep"] = sweep_bench.bench_sweep()
    sweep_bench.report(results["sweep"])
    out = HERE / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
