"""The ``operations`` section of the result document, and the time series for the report
(DESIGN.md keys; every time in the unit its name says)."""

from __future__ import annotations

import numpy as np

PERCENTILES = (50, 95, 99)
MAX_SERIES_BINS = 480
NOT_SIMULATED = "not simulated: the scenario is infeasible (see problems)"


def stats_ms(values_s) -> dict:
    """{p50, p95, p99} in ms of the finite values (None each when there are none)."""
    v = np.asarray(values_s, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return {f"p{p}": None for p in PERCENTILES}
    return {f"p{p}": float(x) for p, x in zip(PERCENTILES, 1e3 * np.percentile(v, PERCENTILES), strict=True)}


def binding(waterfall: dict, dropped_by: dict | None = None) -> str:
    """What limits what users get. When requests were lost, the cause that lost the most of them
    (``ops.waterfall.drop_causes``): the network when they could not reach the fleet or get back
    (coverage, clouds, link capacity), availability when upsets killed them, the smallest capacity
    factor when they waited too long for a slot ("compute" when none is below 1), the model's
    context when they were too long for it. Without losses, the smallest factor of the waterfall;
    "demand" when that is utilization (the trace, not the fleet, sets what is used)."""
    factors = {k: waterfall[k] for k in ("power", "thermal", "network", "availability", "utilization")}
    lost = {k: v for k, v in (dropped_by or {}).items() if v > 0}
    if lost:
        cause = max(lost, key=lost.get)
        if cause in ("at_the_uplink", "no_path_back"):
            return "network"
        if cause == "preempted_by_upsets":
            return "availability"
        if cause == "too_long_for_the_model":
            return "model context (requests longer than the model's context window)"
        capacity = {k: factors[k] for k in ("power", "thermal", "network", "availability")}
        worst = min(capacity, key=capacity.get)
        return worst if capacity[worst] < 1.0 else "compute (more requests than the slots can serve in max_wait_s)"
    worst = min(factors, key=factors.get)
    if worst == "utilization":
        return f"demand (the trace keeps {100 * factors['utilization']:.2g} % of the usable slots busy)"
    return worst


def series(arrival, served_orbit, served_ground, preempted, duration: float, sky, usable_share, soc) -> dict:
    """Per bin (at most ``MAX_SERIES_BINS`` bins of whole minutes): requests by arrival (load), served,
    dropped and preempted, and the fleet's state averaged over the bin: usable share of its slots,
    share with a path to the ground (contact coverage), sunlit share, and the battery state of
    charge (lowest over the sampled satellites, and their mean; None without a battery)."""
    minutes = max(1, int(np.ceil(duration / 60.0 / MAX_SERIES_BINS)))
    edges = np.arange(0.0, duration + 60.0 * minutes, 60.0 * minutes)
    cells = np.clip(np.searchsorted(edges, sky.grid_s, side="right") - 1, 0, edges.size - 2)
    inside = sky.grid_s < edges[-1]
    per_bin = np.maximum(np.bincount(cells[inside], minlength=edges.size - 1), 1)

    def count(mask):
        return np.histogram(arrival[mask], edges)[0].tolist()

    def mean(values):
        return (np.bincount(cells[inside], weights=values[inside], minlength=edges.size - 1) / per_bin).tolist()

    def lowest(values):
        out = np.full(edges.size - 1, np.inf)
        np.minimum.at(out, cells[inside], values[inside])
        return np.where(np.isfinite(out), out, 1.0).tolist()

    everything = np.ones(arrival.size, dtype=bool)
    low, average = soc if soc is not None else (None, None)
    return {"bin_minutes": minutes, "start_min": (edges[:-1] / 60.0).tolist(), "requests": count(everything),
            "orbital_served": count(served_orbit), "orbital_dropped": count(~served_orbit),
            "orbital_preempted": count(preempted),
            "terrestrial_served": count(served_ground), "terrestrial_dropped": count(~served_ground),
            "orbital_usable_share": mean(np.asarray(usable_share, dtype=float)), "path_share": mean(sky.path),
            "sunlit_share": mean(sky.sunlit),
            "battery_soc_min": None if low is None else lowest(low),
            "battery_soc_mean": None if average is None else mean(average)}


def side_document(side, training: dict | None) -> dict:
    """One side's part of the document from a ``SideResult`` (None: no inference workload)."""
    job = {"training_goodput": training["goodput"], "training": training} if training else {"training_goodput": None}
    if side is None:
        empty = {f"p{p}": None for p in PERCENTILES}
        return {"requests_served": 0, "requests_dropped": 0, "ttft_ms": empty, "tpot_ms": empty, "e2e_ms": empty,
                "availability": None, "tokens_served": 0, "energy_wh": 0.0, "waterfall": None,
                "binding_constraint": None, "preemptions": 0, **job}
    return {"requests_served": side.served, "requests_dropped": side.dropped,
            "ttft_ms": stats_ms(side.ttft_s), "tpot_ms": stats_ms(side.tpot_s), "e2e_ms": stats_ms(side.e2e_s),
            "availability": side.availability, "tokens_served": side.tokens_served,
            "energy_wh": side.energy_wh, "waterfall": side.waterfall,
            "binding_constraint": binding(side.waterfall, side.extra.get("dropped_by")), **side.extra, **job}


def operations_document(ops) -> dict:
    """The ``operations`` section of the result document from an ``OpsResult``. A run that did not
    simulate (an infeasible design) gives ``{feasible: false, problems}``, as economics does."""
    if ops.skipped is not None:
        return {"feasible": False, "problems": [ops.skipped]}
    return {"feasible": True, "problems": [],
            "model": "discrete-event FCFS queue over continuous-batching slots (ops.sim), roofline serving "
            "(ops.serving, MLPerf-validated on Hopper within 15 %), sky on a 10 s grid (ops.network), upsets and "
            "clouds in time (ops.faults), inter-satellite routes (ops.isl), battery in time (ops.battery); "
            "not yet validated end to end against a measured deployment",
            "trace": ops.trace_source, "requests": ops.requests, "duration_s": ops.duration_s,
            "accelerators": ops.accelerators,
            "serving": ops.serving,
            "orbital": side_document(ops.orbital, ops.training and ops.training["orbital"]),
            "terrestrial": side_document(ops.terrestrial, ops.training and ops.training["terrestrial"]),
            "series": ops.series, "notes": list(ops.notes)}
