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
- faults in time (``faults.py``): radiation single-event restarts take a replica's slots out for its
  restart and kill its in-flight requests (``preemptions``, counted as dropped); optical stations'
  clouds come and go in spells of hours;
- with ``isl`` routing a request crosses the inter-satellite mesh from the satellite in view to the
  one that computes, and the response comes back the same way (``isl.py``: propagation only);
- the battery's state of charge follows each sampled satellite's eclipses (``battery.py``);
- each station's uplink and downlink is a FIFO transmitter at the link's rate, open while the station
  sees the fleet through a clear sky (``links.py``); a request that cannot be sent within
  ``max_wait_s`` is dropped at the station. The links' capacity also caps the slots they can feed;
- the compute radiator caps the compute it can cool at each time (``radiator.py``);
- on the ground: the same accelerators, always usable (failures repaired), users reach the site
  over fibre.

Not modelled yet (stated in the document's notes): several transmitters per station, clouds correlated
between stations, router delays.
The trace is held in memory (~350 B per request through the stage, at most
``limits.MAX_TRACE_REQUESTS``, and a span of at most ``limits.MAX_TRACE_HOURS``); the sky is computed
in day-long chunks, so the largest trace stays within ~3.5 GiB (docs/limits.md).
The waterfall's factors all average over the trace window, first request to last (``waterfall.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import JULIAN_YEAR_S
from orbitaldc.economics.parameters import orbital_failure_rate_per_year
from orbitaldc.errors import ScenarioError
from orbitaldc.ops.document import NOT_SIMULATED, operations_document, series, stats_ms  # noqa: F401 (public API)
from orbitaldc.ops.faults import replica_restart_s
from orbitaldc.ops.network import (
    C_KM_S,
    CLEAR_SKY_PROBABILITY,
    OPTICAL_DOWNLINK_BITS_PER_S,
    clear_sky,
    fibre_one_way_s,
    great_circle_km,
    sky_windows,
)
from orbitaldc.ops.sim import simulate_queue
from orbitaldc.ops.waterfall import drop_causes, eclipse_work_fraction, slot_seconds
from orbitaldc.ops.workload import load_trace, user_regions

DEFAULT_BATCH = 256  # vLLM's default max_num_seqs (vllm EngineArgs, 2024-2025)
NOT_MODELLED = ("training jobs (no training job given)",
                "several transmitters per station, and clouds correlated between stations (each station's sky "
                "is its own)",
                "routers' switching and queueing delays (propagation only)")


@dataclass(frozen=True)
class SideResult:
    """What one side (orbit or ground) delivered for the trace."""

    served: int
    dropped: int
    ttft_s: np.ndarray
    tpot_s: np.ndarray
    e2e_s: np.ndarray  # per request, s from leaving the user to the response's return (NaN unless served)
    tokens_served: int
    energy_wh: float
    waterfall: dict
    availability: float
    extra: dict
    start_s: np.ndarray | None = None  # per request, service start (s from the trace start; NaN unless served)
    finish_s: np.ndarray | None = None  # per request, service end


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
    arrival_s: np.ndarray | None = None  # per request, s from the trace start (the trace's arrivals)
    slots: int = 0  # continuous-batching slots of the fleet (and of the ground)
    skipped: str | None = None  # why the stage did not run (an infeasible design), else None


def not_simulated(reason: str = NOT_SIMULATED) -> OpsResult:
    """The stage's result when it did not run (its document says why: ``{feasible: false, problems}``)."""
    return OpsResult("", 0, 0.0, 0, {}, None, None, (), skipped=reason)


def _serving(scenario, design, trace, inference):
    from orbitaldc.ops.serving import PRECISION_PEAK_FIELD, serving_model

    acc = scenario.satellite.compute.accelerator
    peaks = catalog.values("accelerators", acc)
    formats = [p for p, key in PRECISION_PEAK_FIELD.items() if key in peaks]
    if inference.precision not in formats:
        raise ScenarioError("workload.inference.precision", f"{acc} has no {inference.precision} peak in the catalog "
                            f"(no {PRECISION_PEAK_FIELD.get(inference.precision, inference.precision)}); it serves "
                            f"{', '.join(formats) or 'none of ' + ', '.join(PRECISION_PEAK_FIELD)}")
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
            "model_context_tokens": int(sm.context_tokens),
            "replica_restart_s": replica_restart_s(sm.weight_bytes, sm.accelerators_per_replica)}
    return info, prefill, service, too_long, power_w / batch


def _finish(served_mask, start, prefill, service, deliver_s, out_s, arrival, generated, slot_w, waterfall,
            availability, extra, finish=None) -> SideResult:
    first = start + prefill
    ttft = np.where(served_mask, first - arrival + out_s, np.nan)
    e2e = np.where(served_mask, deliver_s - arrival + out_s, np.nan)
    tpot = np.where(served_mask & (generated > 1), (deliver_s - first) / np.maximum(generated - 1, 1), np.nan)
    waterfall = {**waterfall, "delivered": float(np.prod([waterfall[k] for k in waterfall]))}
    return SideResult(int(served_mask.sum()), int((~served_mask).sum()), ttft, tpot, e2e,
                      int(generated[served_mask].sum()), float(np.sum(service[served_mask]) * slot_w / 3600.0),
                      waterfall, availability, extra, np.where(served_mask, start, np.nan),
                      np.where(served_mask, finish if finish is not None else deliver_s, np.nan))


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

    inputs = economics_inputs or base_inputs(scenario.economics, scenario.satellite.compute.accelerator, None)[0]
    training = training_sides(scenario, design, inputs) if scenario.workload.training is not None else None
    inference = scenario.workload.inference
    if inference is None:
        fleet = int(design.satellites) * int(design.accelerators)
        return OpsResult("no inference workload", 0, 0.0, fleet, {}, None, None,
                         ("not modelled: inference (no inference workload given)",), training)
    trace, info, prefill, service, too_long, slot_w, slots = prepare(scenario, design)
    duration = max(trace.duration_s, 1.0)
    region, points, users = user_regions(trace)
    service_in = np.where(too_long, 0.0, service)
    orbital, sky, usable, preempted, upset_note = _orbit(scenario, design, inputs, trace, info, prefill, service,
                                                         service_in, too_long, slot_w, slots, region, points)
    terrestrial = _ground(scenario, trace, prefill, service, service_in, too_long, slot_w, slots, region, points)
    at_years = _at_years(scenario)
    notes = (f"user regions: {users}", f"orbit sampled {at_years:g} years after the epoch", upset_note, *[
        "not modelled yet: " + n for n in NOT_MODELLED[training is not None:]])  # (the first is training)
    accelerators = int(design.satellites) * info["replicas_per_satellite"] * info["accelerators_per_replica"]
    soc = _battery(design, sky)
    served_orbit = ~np.isnan(orbital.e2e_s)
    served_ground = ~np.isnan(terrestrial.e2e_s)
    window = slice(0, int(np.searchsorted(sky.grid_s, duration, side="right")))
    orbital.extra["min_battery_soc"] = None if soc is None else float(np.min(soc[0][window]))
    return OpsResult(trace.source, trace.requests, duration, accelerators, info, orbital, terrestrial, notes,
                     training, series(trace.arrival_s, served_orbit, served_ground, preempted, duration, sky,
                                      usable / max(slots, 1), soc), trace.arrival_s, slots)


def _orbit(scenario, design, inputs, trace, info, prefill, service, service_in, too_long, slot_w, slots, region,
           points):
    """The fleet's side: sky, capacity in time (power, network, attrition, upsets), queue, delivery."""
    from orbitaldc.ops.faults import killed_by_upsets, scenario_upset_rate, upset_events, with_outages
    from orbitaldc.ops.isl import request_route_s
    from orbitaldc.ops.links import link_busy_fraction, link_queues, uplink_paths
    from orbitaldc.ops.network import fleet_geometry
    from orbitaldc.ops.radiator import radiator_cap
    from orbitaldc.orbit.constellation import scenario_stations

    inference = scenario.workload.inference
    arrival = trace.arrival_s
    duration = max(trace.duration_s, 1.0)
    at_years = _at_years(scenario)
    routing = inference.routing or ("isl" if scenario.constellation.orbit.kind == "cluster" else "direct")
    stations = scenario_stations(scenario)
    seed = inference.synthetic.seed if inference.synthetic else 0
    longest = float(np.max(service_in, initial=0.0))  # requests too long for the model are never served
    tail = inference.max_wait_s + longest + 6 * 3600.0  # room for a response to find a path
    clear = None
    if inference.link == "optical":
        chance = inference.clear_sky_probability or CLEAR_SKY_PROBABILITY
        clear = clear_sky(len(stations), duration + tail, chance, seed)
    sky = sky_windows(fleet_geometry(scenario, design.satellites), stations, window_start(scenario),
                      duration + tail, routing, clear=clear)
    power = sky.sunlit + (1.0 - sky.sunlit) * float(np.asarray(design.inputs.eclipse_compute_fraction))
    alive, alive_note = _alive(scenario, inputs, at_years)
    # the ground links' capacity, in slots: each busy slot sends its requests' bits over its service time
    rate = inference.downlink_bits_per_s or OPTICAL_DOWNLINK_BITS_PER_S
    bits_up = 8.0 * inference.bytes_per_token * trace.context_tokens.astype(float)
    bits_down = 8.0 * inference.bytes_per_token * trace.generated_tokens.astype(float)
    bits = float(np.sum((bits_up + bits_down)[~too_long]))
    bits_per_slot_s = bits / max(float(np.sum(service[~too_long])), 1e-9)
    stations_up = np.isfinite(sky.station_range_km).sum(axis=1)
    link_share = np.minimum(stations_up * rate / max(bits_per_slot_s, 1e-300) / slots, 1.0)
    network = np.minimum(sky.path, link_share)
    thermal = radiator_cap(design, sky.lit, sky.grid_s.size)
    usable = np.floor(slots * network * power * thermal * alive + 1e-9).astype(np.int64)
    # users -> station (fibre) -> the station's uplink queue -> slant range (-> inter-satellite route)
    up, station, fibre = uplink_paths(sky, stations, points, region, arrival, inference.route_factor)
    uplink = link_queues(arrival + fibre, bits_up, station, sky, rate, inference.max_wait_s)
    rng = np.random.default_rng(seed)
    isl_s = (request_route_s(sky.isl_route_km, sky.isl_sample_s, arrival, station, rng)
             if sky.isl_route_km is not None else np.zeros(arrival.size))
    out = up + isl_s  # propagation one way; the response returns the way the request came
    service_in = np.where(uplink.dropped, 0.0, service_in)  # dropped at the station: never reaches the fleet
    reach = np.where(uplink.dropped, arrival + out, uplink.done_s + (up - fibre) + isl_s)
    order = np.argsort(reach, kind="stable")
    # upsets: each takes a replica's slots out for its restart and kills what that replica was serving
    upset = scenario_upset_rate(scenario, design.satellites, inference.upsets_per_accelerator_year)
    replicas = int(design.satellites) * info["replicas_per_satellite"]
    horizon = duration + inference.max_wait_s + longest + float(np.max(out))
    events, _ = upset_events(replicas, info["accelerators_per_replica"], upset.per_accelerator_year, horizon, seed)
    changes = np.r_[0, np.flatnonzero(np.diff(usable)) + 1]
    cap_t, cap_n = with_outages(sky.grid_s[changes], usable[changes], events, info["batch"], info["replica_restart_s"])
    q = simulate_queue(reach[order], service_in[order], slots, capacity_times_s=cap_t, capacity_servers=cap_n,
                       max_wait_s=inference.max_wait_s)
    start, finish = np.empty_like(arrival), np.empty_like(arrival)
    start[order], finish[order] = q.start_s, q.finish_s
    dropped = np.empty(arrival.size, dtype=bool)
    dropped[order] = q.dropped
    dropped |= uplink.dropped
    killed = killed_by_upsets(start, finish, events, replicas, seed) & ~too_long & ~dropped
    ready = np.where(dropped | killed | too_long, np.nan, sky.next_path_s(np.nan_to_num(finish)))
    # the response waits for the downlink of the station in view when it is ready
    down_station = np.where(np.isfinite(ready), sky.station[sky.at(np.nan_to_num(ready))], -1)
    downlink = link_queues(ready, bits_down, down_station, sky, rate)
    deliver = np.where(downlink.dropped, np.nan, downlink.done_s)
    served = ~dropped & ~killed & ~too_long & np.isfinite(deliver)
    window = slice(0, int(np.searchsorted(sky.grid_s, duration, side="right")))
    usable_now = cap_n[np.clip(np.searchsorted(cap_t, sky.grid_s, side="right") - 1, 0, cap_n.size - 1)]
    # every factor over the trace window [0, duration] (ops.waterfall): the slots upsets left usable
    # over those the sky, power and heat allowed, and the work done on them inside the window
    open_slot_s = float(np.sum(usable[window] * np.diff(np.r_[sky.grid_s[window], duration])))
    usable_slot_s, busy_slot_s = slot_seconds(0.0, duration, slots, start[served], finish[served], cap_t, cap_n)
    water = {"peak": 1.0, "power": float(np.mean(power[window])), "thermal": float(np.mean(thermal[window])),
             "network": float(np.mean(network[window])),
             "availability": alive * (min(usable_slot_s / open_slot_s, 1.0) if open_slot_s > 0 else 1.0),
             "utilization": busy_slot_s / usable_slot_s if usable_slot_s > 0 else 0.0}
    eclipse_share = float(np.asarray(design.inputs.eclipse_compute_fraction))
    hop = sky.isl_hop_km / C_KM_S if sky.isl_hop_km is not None else np.empty(0)
    extra = {"routing": routing, "link": inference.link, "downlink_bits_per_s_per_station": rate,
             "network_limit": ("downlink capacity" if np.mean((link_share < sky.path)[window]) > 0.5
                               else "coverage (stations in view, clear sky)"),
             "bits_per_request_mean": bits / max(int((~too_long).sum()), 1),
             "uplink_wait_ms": stats_ms(uplink.wait_s[served]), "downlink_wait_ms": stats_ms(downlink.wait_s[served]),
             "dropped_at_the_uplink": int((uplink.dropped & ~too_long).sum()),
             "link_busy_fraction": link_busy_fraction(uplink, downlink, sky, duration),
             "work_in_eclipse_fraction": eclipse_work_fraction(sky.grid_s, sky.sunlit, eclipse_share, start[served],
                                                               finish[served]),
             "dropped_by": drop_causes(served, too_long, uplink.dropped, dropped, killed),
             "preemptions": int(killed.sum()), "upsets": int(events.size),
             "upsets_per_accelerator_year": upset.per_accelerator_year,
             "isl_hop_latency_ms": stats_ms(hop),
             "isl_route_latency_ms": stats_ms(isl_s[served] if routing == "isl" else []),
             "sampled_satellites": sky.sampled_satellites, "attrition": alive_note,
             "requests_too_long_for_the_model": int(too_long.sum())}
    side = _finish(served, start, prefill, service, deliver, out, arrival, trace.generated_tokens, slot_w, water,
                   float(np.mean(usable_now[window]) / slots), extra, finish)
    return side, sky, usable_now, killed, "upsets: " + upset.note


def _ground(scenario, trace, prefill, service, service_in, too_long, slot_w, slots, region, points) -> SideResult:
    """The same accelerators at the site, always usable (failures repaired); users reach it over fibre.
    Upsets on the ground are in the terrestrial failure rates (Llama 3's interruptions), not restarts here."""
    inference = scenario.workload.inference
    arrival = trace.arrival_s
    site = catalog.values("sites", scenario.economics.site)
    lat = np.array([r.lat_deg for r in points])[region]
    lon = np.array([r.lon_deg for r in points])[region]
    out = fibre_one_way_s(great_circle_km(lat, lon, site["latitude_deg"], site["longitude_deg"]),
                          inference.route_factor)
    reach = arrival + out
    order = np.argsort(reach, kind="stable")
    g = simulate_queue(reach[order], service_in[order], slots, max_wait_s=inference.max_wait_s)
    start, finish = np.empty_like(arrival), np.empty_like(arrival)
    start[order], finish[order] = g.start_s, g.finish_s
    dropped = np.empty(arrival.size, dtype=bool)
    dropped[order] = g.dropped
    served = ~dropped & ~too_long
    duration = max(trace.duration_s, 1.0)
    usable_slot_s, busy_slot_s = slot_seconds(0.0, duration, slots, start[served], finish[served])
    water = {"peak": 1.0, "power": 1.0, "thermal": 1.0, "network": 1.0, "availability": 1.0,
             "utilization": busy_slot_s / usable_slot_s}
    return _finish(served, start, prefill, service, finish, out, arrival, trace.generated_tokens, slot_w, water, 1.0,
                   {"site": scenario.economics.site, "preemptions": 0,
                    "dropped_by": drop_causes(served, too_long, waiting=dropped)}, finish)


def _battery(design, sky):
    """(lowest, mean) battery state of charge over the sampled satellites on the sky's grid; None when
    the design carries no battery (array oversized instead)."""
    from orbitaldc.ops.battery import state_of_charge

    if bool(np.asarray(getattr(design.inputs, "oversize_array", False))) or sky.lit is None:
        return None
    return state_of_charge(sky.lit, sky.grid_s, float(np.asarray(design.inputs.depth_of_discharge)),
                           float(np.asarray(design.inputs.eclipse_s)), float(np.asarray(design.inputs.period_s)))


def _alive(scenario, inputs, at_years: float) -> tuple[float, str]:
    """Share of accelerators working at ``at_years``: 1 unless failures are left to decay."""
    if scenario.economics.attrition != "degrade" or not inputs:
        return 1.0, f"economics.attrition {scenario.economics.attrition}: failed accelerators are replaced"
    rate = float(orbital_failure_rate_per_year(inputs))
    return float(np.exp(-rate * at_years)), f"no repair: exp(-{rate:.3g}/yr x {at_years:g} yr)"


