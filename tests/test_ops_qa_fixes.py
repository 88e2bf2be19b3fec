"""Regressions from the QA pass over the Operations stage (`orbitaldc simulate`, `run`): each test
failed before its fix. Through the public path (``parse_scenario`` + ``run``, or the CLI in-process
through ``main()`` as tests/test_cli_errors.py runs it); expected numbers come from closed forms
(HCW formation spacing, Daly's expected wall-clock) or from recounting the per-request outcomes."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from orbitaldc import limits, parse_scenario, run
from orbitaldc.errors import ScenarioError
from tests.test_cli_errors import assert_one_line_error, orbitaldc

ROOT = Path(__file__).resolve().parents[1]
C_M_S = 299_792_458.0

# A small fleet serving a few minutes of synthetic chat (the cheapest scenario with an Operations stage)
BASE = {
    "name": "qa-ops", "epoch": "2027-01-01T00:00:00Z", "horizon_years": 5,
    "satellite": {"compute": {"accelerator": "h100-sxm", "accelerators": 18}, "thermal": {"sun_incidence": "edge_on"}},
    "constellation": {"orbit": {"kind": "sso", "altitude_km": 650, "ltan_h": 18.0}, "satellites": 4},
    "launch": {"vehicle": "falcon-9"},
    "economics": {"uncertainty": {"samples": 100}},
    "workload": {"inference": {"synthetic": {"requests_per_s": 2, "hours": 0.05, "seed": 1},
                               "model": "llama-3.1-70b", "precision": "fp8", "routing": "direct"}},
}
TRAINING = {"accelerators": 64, "model_parameters": 7.0e10, "duration_h": 720.0, "restart_s": 600.0}


def scenario(**edits) -> dict:
    """BASE with dotted-path edits (``workload.inference.routing="isl"``); None deletes the key."""
    doc = copy.deepcopy(BASE)
    for path, value in edits.items():
        *parents, last = path.split("__")
        node = doc
        for key in parents:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return doc


def operations(doc) -> dict:
    return run(parse_scenario(doc), timeline=False).document()["operations"]


def write(tmp_path, doc, name="s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(json.loads(json.dumps(doc, default=str))))
    return path


# ---------------------------------------------------------------- H1: clusters simulate

CLUSTER = {"kind": "cluster", "altitude_km": 650, "ltan_h": 18.0, "radius_m": 1000, "spacing_m": 100}


def test_a_cluster_serves_like_its_reference_orbit_with_formation_hops():
    """Before: IndexError (the sky indexed the cluster's one reference trajectory by member number).
    A formation within 1 km sees the stations as one satellite on its reference orbit does (satellite
    0 of the cluster flies on it), and its nearest-neighbour hop is between the spacing d and 2 d
    (the orbital layout breathes between a disc and a 2:1 ellipse, orbit/formation.py), i.e.
    d/c .. 2d/c one way."""
    tpu = {"compute": {"accelerator": "tpu-v6e", "accelerators": 128},
           "thermal": {"temperature_c": 60, "sun_incidence": "edge_on"}}
    inference = {"synthetic": {"requests_per_s": 2, "hours": 0.05, "seed": 1}, "precision": "bf16"}
    starship = {"vehicle": "starship"}  # a 128-chip satellite is too heavy for a Falcon 9
    cluster = operations(scenario(satellite=tpu, constellation={"orbit": CLUSTER, "satellites": 81},
                                  launch=starship, workload={"inference": inference}))
    single = operations(scenario(satellite=tpu, constellation={"orbit": {"kind": "sso", "altitude_km": 650,
                                                                         "ltan_h": 18.0}, "satellites": 1},
                                 launch=starship, workload={"inference": {**inference, "routing": "isl"}}))
    o = cluster["orbital"]
    assert o["routing"] == "isl" and o["sampled_satellites"] == 64
    assert o["requests_served"] + o["requests_dropped"] == cluster["requests"] and o["requests_served"] > 0
    hop = o["isl_hop_latency_ms"]
    assert 1e3 * 100.0 / C_M_S * 0.999 <= hop["p50"] <= hop["p99"] <= 1e3 * 200.0 / C_M_S * 1.001
    assert 0 < o["isl_route_latency_ms"]["p99"] < 1e3 * 2000.0 * 4 / math.pi / C_M_S  # within the 1 km radius
    assert o["waterfall"]["network"] == pytest.approx(single["orbital"]["waterfall"]["network"], abs=0.01)
    assert o["e2e_ms"]["p50"] == pytest.approx(single["orbital"]["e2e_ms"]["p50"], rel=0.05)


# ---------------------------------------------------------------- H2: no ground stations

def test_an_empty_station_list_is_refused_and_a_missing_one_is_the_default(tmp_path):
    """Before: `stations: []` crashed simulate (zero-size array) and `run` priced the fleet without a
    ground segment."""
    with pytest.raises(ScenarioError) as err:
        parse_scenario(scenario(ground={"stations": []}))
    assert err.value.field == "ground.stations"
    assert_one_line_error(orbitaldc("validate", str(write(tmp_path, scenario(ground={"stations": []})))),
                          "ground.stations", "at least one station")
    assert parse_scenario(scenario()).ground.stations == "default"


# ---------------------------------------------------------------- H3: trace files have limits

HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n"


def stamp(t: np.datetime64) -> str:
    return str(t).replace("T", " ")


def test_a_trace_spanning_more_than_the_limit_is_refused_by_validate_and_simulate(tmp_path):
    """Before: a 2-year gap between two requests ran for > 900 s (the sky over the whole span)."""
    hours = limits.MAX_TRACE_HOURS
    start = np.datetime64("2023-11-16T18:15:46")
    late = start + np.timedelta64(int(hours * 3600) + 1, "s")
    trace = tmp_path / "gap.csv"
    trace.write_text(f"{HEADER}{stamp(start)},10,61\n{stamp(late)},10,61\n")
    doc = scenario(horizon_years=0.01)
    doc["workload"]["inference"] = {"trace": "gap.csv", "routing": "direct"}
    base = write(tmp_path, scenario(horizon_years=0.01), "base.yaml")
    for command in (("validate", str(write(tmp_path, doc))), ("simulate", str(base), "--trace", str(trace))):
        assert_one_line_error(orbitaldc(*command), f"{trace} line 3", "above the limit of 744 hours", "docs/limits.md")
    exact = tmp_path / "exact.csv"  # one second less: a span of exactly the limit is read
    exact.write_text(f"{HEADER}{stamp(start)},10,61\n{stamp(late - np.timedelta64(1, 's'))},10,61\n")
    from orbitaldc.ops.workload import read_trace

    assert read_trace(exact).duration_s == hours * 3600


@pytest.mark.parametrize("ending", ["\n", ""], ids=["trailing newline", "none"])
def test_trace_rows_are_counted_against_the_limit_before_parsing(tmp_path, monkeypatch, ending):
    monkeypatch.setattr(limits, "MAX_TRACE_REQUESTS", 3)
    from orbitaldc.ops.workload import read_trace

    rows = [f"2024-05-13 00:00:0{i}.0000000,10,5" for i in range(4)]
    ok, big = tmp_path / "ok.csv", tmp_path / "big.csv"
    ok.write_text(HEADER + "\n".join(rows[:3]) + ending)
    big.write_text(HEADER + "\n".join(rows) + ending)
    assert read_trace(ok).requests == 3
    with pytest.raises(ScenarioError, match="4 requests is above the limit of 3"):
        read_trace(big)


def test_a_synthetic_trace_above_the_request_limit_is_refused_at_parse_time():
    rate = limits.MAX_TRACE_REQUESTS / 3600.0 * 1.01  # over one hour
    with pytest.raises(ScenarioError) as err:
        parse_scenario(scenario(workload__inference__synthetic={"requests_per_s": rate, "hours": 1.0}))
    assert err.value.field == "workload.inference.synthetic" and "above the limit of 10,000,000" in err.value.why
    assert "| inference trace span" in (ROOT / "docs" / "limits.md").read_text()


def test_a_request_too_long_for_the_model_does_not_stretch_the_sky(tmp_path, monkeypatch):
    """A request of a million generated tokens is never served (beyond the model's context), so its
    service time must not set how far the sky is computed: it did (~10 h more of sky for one row, and
    a year for a row of 10^9 tokens). The sky needs the trace, the wait, the longest servable request
    (the model's context at the decode step) and 6 h for a response to find a path."""
    import orbitaldc.ops.operations as operations_module

    asked = []
    real = operations_module.sky_windows
    monkeypatch.setattr(operations_module, "sky_windows",
                        lambda *args, **kwargs: asked.append(args[3]) or real(*args, **kwargs))
    trace = tmp_path / "long.csv"
    trace.write_text(HEADER + "2024-05-13 00:00:00.0000000,100,1000000\n"
                     + "".join(f"2024-05-13 00:00:{i:02d}.0000000,100,10\n" for i in range(1, 40)))
    doc = scenario()
    doc["workload"]["inference"] = {"trace": str(trace), "routing": "direct"}
    ops = operations(doc)
    o = ops["orbital"]
    assert o["requests_too_long_for_the_model"] == o["dropped_by"]["too_long_for_the_model"] == 1
    assert o["binding_constraint"].startswith("model context")
    longest = ops["serving"]["model_context_tokens"] * ops["serving"]["decode_step_ms"] / 1e3
    assert asked and asked[0] <= ops["duration_s"] + 60.0 + longest + 6 * 3600.0


# ---------------------------------------------------------------- H4: training only, as text

def test_simulate_prints_a_training_only_workload(tmp_path):
    """Before: KeyError 'model' (the text output assumed an inference workload)."""
    doc = scenario(workload={"training": TRAINING}, horizon_years=0.01)
    proc = orbitaldc("simulate", str(write(tmp_path, doc)))
    assert proc.returncode == 0, proc.stderr
    assert "no inference workload" in proc.stdout and "goodput" in proc.stdout


# ---------------------------------------------------------------- M1: utilization within the window

def test_utilization_counts_the_work_inside_the_trace_window():
    """Before: 1.84 here (work finishing after the last arrival over the slot-seconds up to it).
    Ground: no capacity changes, so utilization = the integral over [0, last arrival] of the busy
    slots / (slots x that time), recounted here by sampling the busy count every 10 ms."""
    doc = scenario(constellation={"orbit": BASE["constellation"]["orbit"], "satellites": 2},
                   workload__inference__synthetic={"requests_per_s": 750, "hours": 0.02, "seed": 1})
    result = run(parse_scenario(doc), timeline=False)
    ops = result.document()["operations"]
    for side in ("orbital", "terrestrial"):
        w = ops[side]["waterfall"]
        assert all(0.0 <= v <= 1.0 for v in w.values()), w
        assert w["delivered"] == pytest.approx(np.prod([v for k, v in w.items() if k != "delivered"]))
    assert ops["orbital"]["waterfall"]["utilization"] > 0.9  # saturated: the queue kept the usable slots busy
    ground = result.operations.terrestrial
    served = np.isfinite(ground.start_s)
    t = np.arange(0.0, ops["duration_s"], 0.01) + 0.005
    start, finish = np.sort(ground.start_s[served]), np.sort(ground.finish_s[served])
    busy = np.searchsorted(start, t, side="right") - np.searchsorted(finish, t, side="right")
    expected = busy.mean() / result.operations.slots
    assert ops["terrestrial"]["waterfall"]["utilization"] == pytest.approx(expected, rel=2e-3)


# ---------------------------------------------------------------- M2: what binds when requests are lost

def test_requests_lost_at_the_link_make_the_network_bind():
    """Before: "demand (the trace uses little of the capacity)" with every orbital request dropped."""
    o = operations(scenario(workload__inference__downlink_bits_per_s=1.0))["orbital"]
    assert o["requests_served"] == 0 and o["binding_constraint"] == "network"
    assert sum(o["dropped_by"].values()) == o["requests_dropped"]
    assert o["dropped_by"]["at_the_uplink"] == o["dropped_at_the_uplink"] > o["requests_dropped"] / 2


# ---------------------------------------------------------------- M4: work done in eclipse

def test_work_in_eclipse_is_the_served_work_done_in_shadow():
    """Before: the fleet's shadow share (0.36 at noon LTAN) whatever the eclipse compute fraction.
    With the pooled slots spread over the usable compute, the shadow share is (1 - s) e / (s + (1 - s) e)
    for a sunlit share s (the power factor when e = 0): 0 at e = 0, 1 - s at e = 1."""
    def run_with(fraction):
        return operations(scenario(satellite={**BASE["satellite"], "power": {"eclipse_compute_fraction": fraction}},
                                   constellation={"orbit": {"kind": "sso", "altitude_km": 650, "ltan_h": 12.0},
                                                  "satellites": 8},
                                   workload__inference__routing="isl",
                                   workload__inference__synthetic={"requests_per_s": 2, "hours": 0.25, "seed": 1}))

    dark, full = run_with(0.0)["orbital"], run_with(1.0)["orbital"]
    sunlit = dark["waterfall"]["power"]  # e = 0: the usable share is the sunlit share
    assert 0.5 < sunlit < 0.9  # a noon orbit is in shadow for part of each revolution
    assert dark["work_in_eclipse_fraction"] == 0.0
    assert full["work_in_eclipse_fraction"] == pytest.approx(1.0 - sunlit, abs=0.05)


# ---------------------------------------------------------------- low: errors name the scenario's keys

def test_a_synthetic_trace_without_requests_names_its_key():
    with pytest.raises(ScenarioError) as err:
        operations(scenario(workload__inference__synthetic={"requests_per_s": 0.001, "hours": 0.1, "seed": 1}))
    assert err.value.field == "workload.inference.synthetic.requests_per_s"


def test_a_format_the_chip_lacks_names_the_precision_and_what_it_serves(tmp_path):
    doc = scenario(satellite={"compute": {"accelerator": "tpu-v6e", "accelerators": 128},
                              "thermal": {"temperature_c": 60, "sun_incidence": "edge_on"}})
    assert_one_line_error(orbitaldc("validate", str(write(tmp_path, doc))), "workload.inference.precision",
                          "fp8", "bf16, int8")


def test_a_token_count_beyond_int64_is_refused_not_wrapped(tmp_path):
    from orbitaldc.ops.workload import read_trace

    trace = tmp_path / "big.csv"
    trace.write_text(HEADER + "2023-11-16 18:15:46.1204300,99999999999999999999,61\n")
    with pytest.raises(ScenarioError) as err:
        read_trace(trace)
    assert err.value.field == f"{trace} line 2" and "too large" in err.value.why and "-" not in err.value.why


def test_a_trace_mixing_known_and_unknown_regions_says_which(tmp_path):
    trace = tmp_path / "mixed.csv"
    trace.write_text("TIMESTAMP,ContextTokens,GeneratedTokens,Region\n"
                     "2023-11-16 18:15:46.1204300,412,61,mars\n2023-11-16 18:15:47.1204300,412,61,north-america\n"
                     "2023-11-16 18:15:48.1204300,412,61,europe\n")
    doc = scenario()
    doc["workload"]["inference"] = {"trace": str(trace), "routing": "direct"}
    note = operations(doc)["notes"][0]
    assert "mars" in note and "1 request(s)" in note and "none we know" not in note


# ---------------------------------------------------------------- low: a job shorter than its interval

def test_a_job_shorter_than_the_checkpoint_interval_pays_a_whole_checkpoint():
    """Before: 0.001 h had the goodput of 720 h (Daly's per-interval rate applied to any length).
    A job of W < tau is one segment W + delta: Daly's expected wall-clock M e^{R/M} (e^{(W+delta)/M} - 1)."""
    short = operations(scenario(workload={"training": {**TRAINING, "duration_h": 0.001}}))["orbital"]["training"]
    long = operations(scenario(workload={"training": TRAINING}))["orbital"]["training"]
    work, m, delta, r = 3.6, short["mtbf_h"] * 3600, short["checkpoint_s"], TRAINING["restart_s"]
    assert short["checkpoint_interval_s"] == pytest.approx(work)
    assert long["checkpoint_interval_s"] > work
    expected = m * math.exp(r / m) * math.expm1((work + delta) / m)
    assert short["wall_clock_h"] * 3600 == pytest.approx(expected, rel=1e-9)
    assert short["goodput"] < long["goodput"]


def test_a_check_across_sections_names_its_key_as_the_field(tmp_path):
    doc = scenario(workload__inference__at_years=6)  # past the 5-year horizon
    with pytest.raises(ScenarioError) as err:
        parse_scenario(doc)
    assert err.value.field == "workload.inference.at_years" and err.value.why.startswith("6 is past")
