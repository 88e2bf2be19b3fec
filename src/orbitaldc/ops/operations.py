"""The Operations stage: one inference trace served by the fleet in time and by the same number of
accelerators on the ground, and what users get (latency, drops) and what the capacity delivers.

Model (each part's reference is in its module):
- requests: an Azure-format trace (``workload.py``); each request's user region sets its fibre leg;
- serving: the roofline replica (``serving.py``) with continuous batching as ``batch`` slots per
  replica; a request occupies one slot for its prefill plus its decode steps at the batch's step
  time (slot model: the step time is that of a full batch at the trace's mean KV occupancy);
- queue: FCFS over all slots of the fleet (``sim.py``), non-preemptive; a request that cannot
  start within ``max_wait_s`` is dropped;
- in orbit the usable slots follow the sky (``network.sky_windows``): with ``direct`` routing only
  satellites in view of a station serve, with ``isl`` the whole fleet serves while any is in view;
  in eclipse each satellite keeps ``power.eclipse_compute_fraction`` of its compute (the battery
  is sized for that, design stage); accelerators lost without repair (``economics.attrition:
  degrade``) at the economics' failure rates by ``at_years``. A response that finishes with no
  path to the ground waits for the next one;
- on the ground: the same accelerators, always usable (failures repaired), users reach the site
  over fibre.

Not modelled yet (stated in the document): training jobs, radiation upsets' restarts, optical
weather, link capacity queues (the trace's bits are far below any link's rate), the thermal limit
in time (the radiator is sized for full load).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import JULIAN_YEAR_S
from orbitaldc.economics.parameters import orbital_failure_rate_per_year
from orbitaldc.errors import ScenarioError
from orbitaldc.ops.network import (
    BYTES_PER_TOKEN,
    C_KM_S,
    CLEAR_SKY_PROBABILITY,
    OPTICAL_DOWNLINK_BITS_PER_S,
    clear_sky,
    fibre_one_way_s,
    great_circle_km,
    sky_windows,
)
from orbitaldc.ops.sim import simulate_queue

DEFAULT_BATCH = 256  # vLLM's default max_num_seqs (vllm EngineArgs, 2024-2025)
PERCENTILES = (50, 95, 99)
NOT_MODELLED = ("training jobs (no training job given)", "restarts from radiation single-event upsets",
                "link queues (a link's capacity caps the slots it can feed; clouds are independent per station "
                "and hour)",
                "the radiator's limit in time (sized for full load)")


@dataclass(frozen=True)
class SideResult:
    """What one side (orbit or ground) delivered for the trace."""

    served: int
    dropped: int
    ttft_s: np.ndarray
    tpot_s: np.ndarray
    e2e_s: np.ndarray
    tokens_served: int
    energy_wh: float
    waterfall: dict
    availability: float
    extra: dict


@dataclass(frozen=True)
class OpsResult:
    trace_source: str
    requests: int
    duration_s: float
    accelerators: int  # serving accelerators of the fleet (and of the ground baseline)
    serving: dict
    orbital: SideResult | None  # None without an inference workload
    terrestrial: SideResult | None
    notes: tuple[str, ...]
    training: dict | None = None  # {orbital, terrestrial} without a training workload: None
    series: dict | None = None  # per time bin over the trace: load, served, dropped, fleet state


def load_trace(inference, start):
    from orbitaldc.ops.workload import read_trace, synthetic_trace

    if inference.trace is not None:
        return read_trace(inference.trace)
    s = inference.synthetic
    return synthetic_trace(s.requests_per_s, s.hours * 3600.0, kind=s.kind, seed=s.seed,
                           start=np.datetime64(start, "ns"))


def _regions(trace):
    """Each request's user region (index) and the regions' points; a trace whose regions we do not
    know gets the default regions, drawn by their shares."""
    from orbitaldc.ops.workload import default_regions

    known = {r.name: r for r in default_regions()}
    if all(name in known for name in trace.regions):
        points = [known[n] for n in trace.regions]
        return trace.region.astype(np.int64), points, "the trace's regions"
    points = list(known.values())
    shares = np.array([r.share for r in points])
    pick = np.random.default_rng(0).choice(len(points), size=trace.requests, p=shares / shares.sum())
    return pick, points, "users spread over the default regions by their shares (the trace names none we know)"


def _uplink_s(sky, stations, points, route_factor: float) -> np.ndarray:
    """(region, grid cell) one-way time from the users to the fleet: fibre to a station in view plus
    its slant range, through whichever station in view is quickest for that region (inf if none)."""
    st_lat = np.array([s.lat_deg for s in stations])
    st_lon = np.array([s.lon_deg for s in stations])
    lat = np.array([r.lat_deg for r in points])
    lon = np.array([r.lon_deg for r in points])
    fibre = fibre_one_way_s(great_circle_km(lat[:, None], lon[:, None], st_lat[None, :], st_lon[None, :]),
                            route_factor)  # (region, station)
    return np.min(fibre[:, None, :] + sky.station_range_km[None, :, :] / C_KM_S, axis=2)


def _serving(scenario, design, trace, inference):
    from orbitaldc.ops.serving import serving_model

    acc = scenario.satellite.compute.accelerator
    try:
        sm = serving_model(acc, inference.model, inference.precision)
    except ValueError as exc:
        raise ScenarioError("workload.inference", str(exc)) from None
    per_sat = design.accelerators // sm.accelerators_per_replica
    if per_sat < 1:
        raise ScenarioError("workload.inference.model", f"one replica of {inference.model} needs "
                            f"{sm.accelerators_per_replica} {acc}; a satellite carries {design.accelerators}")
    mean_kv = float(np.mean(trace.context_tokens + 0.5 * trace.generated_tokens))
    fits = int(sm.max_kv_tokens // max(mean_kv, 1.0))
    if fits < 1:
        raise ScenarioError("workload.inference", f"the trace's mean request ({mean_kv:,.0f} tokens) does not fit "
                            f"one replica's KV cache ({sm.max_kv_tokens:,} tokens)")
    batch = min(inference.batch or DEFAULT_BATCH, fits)
    step = float(sm.decode_step_s(batch, mean_kv))
    too_long = (trace.context_tokens + trace.generated_tokens) > sm.context_tokens
    prefill = np.asarray(sm.prefill_s(trace.context_tokens), dtype=float)
    service = prefill + trace.generated_tokens * step
    power_w = catalog.values("accelerators", acc)["system_power_w"] * sm.accelerators_per_replica
    info = {"model": inference.model, "precision": inference.precision, "accelerator": acc,
            "accelerators_per_replica": sm.accelerators_per_replica, "replicas_per_satellite": per_sat,
            "batch": batch, "decode_step_ms": 1e3 * step, "max_kv_tokens_per_replica": int(sm.max_kv_tokens),
            "model_context_tokens": int(sm.context_tokens)}
    return info, prefill, service, too_long, power_w / batch


def _stats_ms(values_s) -> dict:
    v = np.asarray(values_s, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return {f"p{p}": None for p in PERCENTILES}
    return {f"p{p}": float(x) for p, x in zip(PERCENTILES, 1e3 * np.percentile(v, PERCENTILES), strict=True)}


def _binding(waterfall: dict) -> str:
    factors = {k: waterfall[k] for k in ("power", "thermal", "network", "availability", "utilization")}
    worst = min(factors, key=factors.get)
    return "demand (the trace uses little of the capacity)" if worst == "utilization" else worst


def _finish(served_mask, start, prefill, service, deliver_s, out_s, arrival, generated, slot_w, waterfall,
            availability, extra) -> SideResult:
    first = start + prefill
    ttft = np.where(served_mask, first - arrival + out_s, np.nan)
    e2e = np.where(served_mask, deliver_s - arrival + out_s, np.nan)
    tpot = np.where(served_mask & (generated > 1), (deliver_s - first) / np.maximum(generated - 1, 1), np.nan)
    waterfall = {**waterfall, "delivered": float(np.prod([waterfall[k] for k in waterfall]))}
    return SideResult(int(served_mask.sum()), int((~served_mask).sum()), ttft, tpot, e2e,
                      int(generated[served_mask].sum()), float(np.sum(service[served_mask]) * slot_w / 3600.0),
                      waterfall, availability, extra)


def _at_years(scenario) -> float:
    inference = scenario.workload.inference
    at = inference.at_years if inference is not None else None
    return at if at is not None else scenario.horizon_years / 2.0


def window_start(scenario) -> np.datetime64:
    """When the trace runs in orbit: ``at_years`` after the epoch (default mid-horizon)."""
    return np.datetime64(scenario.epoch, "ns") + np.timedelta64(int(_at_years(scenario) * JULIAN_YEAR_S), "s")


def prepare(scenario, design):
    """Everything short of the simulation: the trace, the serving model, each request's service time
    and the fleet's slots; refuses (``ScenarioError``) a workload the fleet cannot serve at all."""
    from orbitaldc.ops.jobs import check_training

    if scenario.workload.training is not None:
        check_training(scenario, design)
    inference = scenario.workload.inference
    if inference is None:
        return None
    trace = load_trace(inference, window_start(scenario))
    info, prefill, service, too_long, slot_w = _serving(scenario, design, trace, inference)
    slots = int(design.satellites) * info["replicas_per_satellite"] * info["batch"]
    offered = float(np.sum(service[~too_long])) / max(trace.duration_s, 1.0)
    if offered > slots:
        per_sat = info["replicas_per_satellite"]
        raise ScenarioError("workload.inference", f"the trace offers {offered:,.0f} busy slots on average, more than "
                            f"the fleet's {slots:,} ({design.satellites:,} satellites x {per_sat} replicas x batch "
                            f"{info['batch']}): a workload larger than the fleet")
    return trace, info, prefill, service, too_long, slot_w, slots


def simulate(scenario, design, economics_inputs: dict | None = None) -> OpsResult:
    """Serve the scenario's inference trace in orbit and on the ground, and run its training job on
    both (see the module docstring)."""
    from orbitaldc.economics.parameters import base_inputs
    from orbitaldc.ops.jobs import training_sides
    from orbitaldc.orbit.constellation import build_constellation, scenario_stations

    inputs = economics_inputs or base_inputs(scenario.economics, scenario.satellite.compute.accelerator, None)[0]
    training = training_sides(scenario, design, inputs) if scenario.workload.training is not None else None
    inference = scenario.workload.inference
    if inference is None:
        fleet = int(design.satellites) * int(design.accelerators)
        return OpsResult("no inference workload", 0, 0.0, fleet, {}, None, None,
                         ("not modelled: inference (no inference workload given)",), training)
    trace, info, prefill, service, too_long, slot_w, slots = prepare(scenario, design)
    duration = max(trace.duration_s, 1.0)

    region, points, users = _regions(trace)
    arrival = trace.arrival_s
    # --- orbit
    at_years = _at_years(scenario)
    t0 = window_start(scenario)
    routing = inference.routing or ("isl" if scenario.constellation.orbit.kind == "cluster" else "direct")
    stations = scenario_stations(scenario)
    tail = inference.max_wait_s + float(np.max(service)) + 6 * 3600.0  # room for a response to find a path
    clear = None
    if inference.link == "optical":
        chance = inference.clear_sky_probability or CLEAR_SKY_PROBABILITY
        seed = inference.synthetic.seed if inference.synthetic else 0
        clear = clear_sky(len(stations), duration + tail, chance, seed)
    sky = sky_windows(build_constellation(scenario, design.satellites), stations, t0, duration + tail, routing,
                      clear=clear)
    keep = design.inputs.eclipse_compute_fraction
    eclipse_share = float(np.asarray(keep))
    power = sky.sunlit + (1.0 - sky.sunlit) * eclipse_share
    alive, alive_note = _alive(scenario, inputs, at_years)
    # the ground links' capacity, in slots: each busy slot sends its requests' bits over its service time
    rate = inference.downlink_bits_per_s or OPTICAL_DOWNLINK_BITS_PER_S
    bits = 8.0 * BYTES_PER_TOKEN * float(np.sum((trace.context_tokens + trace.generated_tokens)[~too_long]))
    bits_per_slot_s = bits / max(float(np.sum(service[~too_long])), 1e-9)
    stations_up = np.isfinite(sky.station_range_km).sum(axis=1)
    link_share = np.minimum(stations_up * rate / max(bits_per_slot_s, 1e-300) / slots, 1.0)
    network = np.minimum(sky.path, link_share)
    usable = np.floor(slots * network * power * alive + 1e-9).astype(np.int64)
    up_by_cell = _uplink_s(sky, stations, points, inference.route_factor)
    cell = sky.at(arrival)
    up = up_by_cell[region, cell]
    # no station in view when the request leaves: it is sent when one is (the queue waits for a path)
    up = np.where(np.isfinite(up), up, up_by_cell[region, sky.at(sky.next_path_s(arrival))])
    up = np.where(np.isfinite(up), up, 0.0)  # never a path again: the queue drops it
    reach = arrival + up
    order = np.argsort(reach, kind="stable")
    service_in = np.where(too_long, 0.0, service)
    changes = np.r_[0, np.flatnonzero(np.diff(usable)) + 1]
    q = simulate_queue(reach[order], service_in[order], slots, capacity_times_s=sky.grid_s[changes],
                       capacity_servers=usable[changes], max_wait_s=inference.max_wait_s)
    start = np.empty_like(arrival)
    finish = np.empty_like(arrival)
    start[order], finish[order] = q.start_s, q.finish_s
    dropped = np.empty(arrival.size, dtype=bool)
    dropped[order] = q.dropped
    deliver = np.where(dropped, np.nan, sky.next_path_s(np.nan_to_num(finish)))
    served_orbit = ~dropped & ~too_long & np.isfinite(deliver)
    window = slice(0, int(np.searchsorted(sky.grid_s, duration, side="right")))
    busy = float(np.sum(service_in[served_orbit]))
    usable_slot_s = float(np.sum(usable[window] * np.diff(np.r_[sky.grid_s[window], duration])))
    in_shadow = 1.0 - sky.sunlit[sky.at(start[served_orbit])]  # share of the fleet in shadow at each start
    water_orbit = {"peak": 1.0, "power": float(np.mean(power[window])), "thermal": 1.0,
                   "network": float(np.mean(network[window])), "availability": alive,
                   "utilization": busy / usable_slot_s if usable_slot_s > 0 else 0.0}
    orbital = _finish(served_orbit, start, prefill, service, deliver, up, arrival, trace.generated_tokens, slot_w,
                      water_orbit, float(np.mean(usable[window]) / slots),
                      {"routing": routing, "link": inference.link, "downlink_bits_per_s_per_station": rate,
                       "network_limit": ("downlink capacity" if np.mean((link_share < sky.path)[window]) > 0.5
                                         else "coverage (stations in view, clear sky)"),
                       "bits_per_request_mean": bits / max(int((~too_long).sum()), 1),
                       "work_in_eclipse_fraction": float(np.mean(in_shadow)) if in_shadow.size
                       else 0.0, "preemptions": 0, "min_battery_soc": _min_soc(design, sky),
                       "sampled_satellites": sky.sampled_satellites, "attrition": alive_note,
                       "requests_too_long_for_the_model": int(too_long.sum())})
    # --- ground: the same accelerators at the site, always usable
    site = catalog.values("sites", scenario.economics.site)
    lat = np.array([r.lat_deg for r in points])[region]
    lon = np.array([r.lon_deg for r in points])[region]
    out = fibre_one_way_s(great_circle_km(lat, lon, site["latitude_deg"], site["longitude_deg"]),
                          inference.route_factor)
    reach_g = arrival + out
    order_g = np.argsort(reach_g, kind="stable")
    g = simulate_queue(reach_g[order_g], service_in[order_g], slots, max_wait_s=inference.max_wait_s)
    start_g, finish_g = np.empty_like(arrival), np.empty_like(arrival)
    start_g[order_g], finish_g[order_g] = g.start_s, g.finish_s
    dropped_g = np.empty(arrival.size, dtype=bool)
    dropped_g[order_g] = g.dropped
    served_ground = ~dropped_g & ~too_long
    water_ground = {"peak": 1.0, "power": 1.0, "thermal": 1.0, "network": 1.0, "availability": 1.0,
                    "utilization": float(np.sum(service_in[served_ground])) / (slots * duration)}
    terrestrial = _finish(served_ground, start_g, prefill, service, finish_g, out, arrival, trace.generated_tokens,
                          slot_w, water_ground, 1.0, {"site": scenario.economics.site})
    notes = (f"user regions: {users}", f"orbit sampled {at_years:g} years after the epoch", *[
        "not modelled yet: " + n for n in NOT_MODELLED[training is not None:]])  # (the first is training)
    accelerators = int(design.satellites) * info["replicas_per_satellite"] * info["accelerators_per_replica"]
    series = _series(arrival, served_orbit, served_ground, duration, sky, usable / max(slots, 1))
    return OpsResult(trace.source, trace.requests, duration, accelerators, info, orbital, terrestrial, notes,
                     training, series)


MAX_SERIES_BINS = 480


def _series(arrival, served_orbit, served_ground, duration: float, sky, usable_share) -> dict:
    """Requests per bin (at most ``MAX_SERIES_BINS`` bins of whole minutes) by arrival, and the fleet's
    state averaged over each bin: usable share of its slots, share with a path to ground, sunlit."""
    minutes = max(1, int(np.ceil(duration / 60.0 / MAX_SERIES_BINS)))
    edges = np.arange(0.0, duration + 60.0 * minutes, 60.0 * minutes)
    cells = np.clip(np.searchsorted(edges, sky.grid_s, side="right") - 1, 0, edges.size - 2)
    inside = sky.grid_s < edges[-1]
    per_bin = np.maximum(np.bincount(cells[inside], minlength=edges.size - 1), 1)

    def count(mask):
        return np.histogram(arrival[mask], edges)[0].tolist()

    def mean(values):
        return (np.bincount(cells[inside], weights=values[inside], minlength=edges.size - 1) / per_bin).tolist()

    everything = np.ones(arrival.size, dtype=bool)
    return {"bin_minutes": minutes, "start_min": (edges[:-1] / 60.0).tolist(), "requests": count(everything),
            "orbital_served": count(served_orbit), "orbital_dropped": count(~served_orbit),
            "terrestrial_served": count(served_ground), "terrestrial_dropped": count(~served_ground),
            "orbital_usable_share": mean(np.asarray(usable_share, dtype=float)), "path_share": mean(sky.path),
            "sunlit_share": mean(sky.sunlit)}


def _alive(scenario, inputs, at_years: float) -> tuple[float, str]:
    """Share of accelerators working at ``at_years``: 1 unless failures are left to decay."""
    if scenario.economics.attrition != "degrade" or not inputs:
        return 1.0, f"economics.attrition {scenario.economics.attrition}: failed accelerators are replaced"
    rate = float(orbital_failure_rate_per_year(inputs))
    return float(np.exp(-rate * at_years)), f"no repair: exp(-{rate:.3g}/yr x {at_years:g} yr)"


def _min_soc(design, sky) -> float:
    """Lowest battery state of charge in the window: the battery is sized to reach its depth of
    discharge in the design's longest eclipse at the eclipse load (design stage), so the window's
    longest shadow scales it."""
    dod = float(np.asarray(design.inputs.depth_of_discharge))
    design_eclipse_s = float(np.asarray(design.inputs.eclipse_s))
    if design_eclipse_s <= 0.0:
        return 1.0
    return max(0.0, 1.0 - dod * min(sky.longest_shadow_s / design_eclipse_s, 1.0))


def side_document(side: SideResult | None, training: dict | None) -> dict:
    job = {"training_goodput": training["goodput"], "training": training} if training else {"training_goodput": None}
    if side is None:
        empty = {f"p{p}": None for p in PERCENTILES}
        return {"requests_served": 0, "requests_dropped": 0, "ttft_ms": empty, "tpot_ms": empty, "e2e_ms": empty,
                "availability": None, "tokens_served": 0, "energy_wh": 0.0, "waterfall": None,
                "binding_constraint": None, **job}
    return {"requests_served": side.served, "requests_dropped": side.dropped,
            "ttft_ms": _stats_ms(side.ttft_s), "tpot_ms": _stats_ms(side.tpot_s), "e2e_ms": _stats_ms(side.e2e_s),
            "availability": side.availability, "tokens_served": side.tokens_served,
            "energy_wh": side.energy_wh, "waterfall": side.waterfall, "binding_constraint": _binding(side.waterfall),
            **side.extra, **job}


def operations_document(ops: OpsResult) -> dict:
    """The ``operations`` section of the result document (DESIGN.md keys)."""
    return {"model": "discrete-event FCFS queue over continuous-batching slots (ops.sim), roofline serving "
            "(ops.serving, MLPerf-validated on Hopper within 15 %), sky on a 10 s grid (ops.network); "
            "not yet validated end to end against a measured deployment",
            "trace": ops.trace_source, "requests": ops.requests, "duration_s": ops.duration_s,
            "accelerators": ops.accelerators,
            "serving": ops.serving,
            "orbital": side_document(ops.orbital, ops.training and ops.training["orbital"]),
            "terrestrial": side_document(ops.terrestrial, ops.training and ops.training["terrestrial"]),
            "series": ops.series, "notes": list(ops.notes)}
