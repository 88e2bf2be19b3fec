"""The Operations stage through the public path: `load_scenario` + `run`, and `orbitaldc simulate`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from orbitaldc import load_scenario, parse_scenario, run, yaml_safe
from orbitaldc.constants import R_EARTH_KM
from orbitaldc.ops.network import sky_windows
from orbitaldc.orbit.constellation import build_constellation, scenario_stations
from tests.test_cli_errors import assert_one_line_error, orbitaldc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "scenarios" / "h100-1mw-inference.yaml"


def scenario(**inference):
    doc = yaml_safe.load(EXAMPLE.read_text())
    doc["workload"]["inference"].update({"synthetic": {"requests_per_s": 40, "hours": 0.25, "seed": 3}, **inference})
    return doc


def test_every_request_is_served_or_dropped_on_both_sides():
    doc = run(parse_scenario(scenario()), timeline=False).document()
    ops = doc["operations"]
    for side in ("orbital", "terrestrial"):
        part = ops[side]
        assert isinstance(part["requests_served"], int) and isinstance(part["requests_dropped"], int)
        assert part["requests_served"] + part["requests_dropped"] == ops["requests"]
        assert part["ttft_ms"]["p50"] <= part["ttft_ms"]["p95"] <= part["ttft_ms"]["p99"]
        assert part["ttft_ms"]["p50"] < part["e2e_ms"]["p50"]
        w = part["waterfall"]
        assert w["delivered"] == pytest.approx(np.prod([w[k] for k in w if k != "delivered"]))
    assert doc["economics"]["delivered"]["orbital"]["usd_per_delivered_gpu_hour"] > 0


def test_capacity_prices_do_not_change_when_operations_run():
    with_ops = run(parse_scenario(scenario()), timeline=False).document()
    base = yaml_safe.load(EXAMPLE.read_text())
    del base["workload"]
    without = run(parse_scenario(base), timeline=False).document()
    assert "operations" not in without
    assert with_ops["economics"]["orbital"]["usd_per_gpu_hour"] == without["economics"]["orbital"]["usd_per_gpu_hour"]


def test_a_single_satellite_with_gaps_drops_what_cannot_wait():
    doc = scenario(max_wait_s=5.0, routing="direct")
    doc["constellation"]["satellites"] = 1
    doc["ground"] = {"stations": [{"name": "one", "lat_deg": 40.0, "lon_deg": -100.0}]}
    doc["workload"]["inference"]["synthetic"] = {"requests_per_s": 2, "hours": 6, "seed": 1}
    ops = run(parse_scenario(doc), timeline=False).document()["operations"]
    orbit, ground = ops["orbital"], ops["terrestrial"]
    # one satellite over one mid-latitude station: a few 10-minute passes a day, so most requests
    # find no path within 5 s
    assert orbit["waterfall"]["network"] < 0.2
    assert orbit["requests_dropped"] > ground["requests_dropped"] == 0
    assert orbit["binding_constraint"] == "network"


def test_slant_range_lies_between_altitude_and_the_mask_range():
    """Propagation over one pass: every in-view range is at least the altitude and at most the range
    at the station's elevation mask, r = sqrt((R+h)^2 - (R cos e)^2) - R sin e (spherical Earth)."""
    s = load_scenario(EXAMPLE)
    geo = build_constellation(s, 4)
    stations = scenario_stations(s)
    sky = sky_windows(geo, stations, np.datetime64(s.epoch, "ns"), 86400.0, "direct")
    h = s.constellation.orbit.altitude_km
    mask = np.radians(min(st.min_elevation_deg for st in stations))
    top = np.sqrt((R_EARTH_KM + h + 25) ** 2 - (R_EARTH_KM * np.cos(mask)) ** 2) - R_EARTH_KM * np.sin(mask)
    seen = np.isfinite(sky.slant_km)
    assert seen.any() and (~seen).any()
    assert np.all(sky.slant_km[seen] >= h - 25.0) and np.all(sky.slant_km[seen] <= top)


def test_simulate_cli_json_and_trace_file(tmp_path):
    from orbitaldc.ops.workload import synthetic_trace, write_trace

    path = tmp_path / "s.yaml"
    path.write_text(EXAMPLE.read_text())
    trace = tmp_path / "trace.csv"
    write_trace(synthetic_trace(5.0, 600.0, seed=2), trace)
    proc = orbitaldc("simulate", str(path), "--trace", str(trace), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["operations"]["trace"] == str(trace)
    assert doc["operations"]["orbital"]["requests_served"] + doc["operations"]["orbital"]["requests_dropped"] \
        == doc["operations"]["requests"]


@pytest.mark.parametrize("content, words", [
    ("TIMESTAMP,ContextTokens\n2024-05-13 00:00:00.0000000,10\n", "GeneratedTokens"),
    ("TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-13 00:00:01.0000000,10,5\n"
     "2024-05-13 00:00:00.0000000,10,5\n", "line 3"),
    ("TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-13 00:00:00.0000000,-3,5\n", "line 2"),
    ("TIMESTAMP,ContextTokens,GeneratedTokens\n", "no requests"),
], ids=["missing column", "time goes back", "negative tokens", "empty trace"])
def test_bad_traces_are_one_line_errors(tmp_path, content, words):
    trace = tmp_path / "bad.csv"
    trace.write_text(content)
    proc = orbitaldc("simulate", str(EXAMPLE), "--trace", str(trace))
    assert_one_line_error(proc, str(trace), words)


def test_a_workload_larger_than_the_fleet_is_refused(tmp_path):
    doc = scenario()
    doc["constellation"]["satellites"] = 1
    doc["workload"]["inference"]["synthetic"] = {"requests_per_s": 5000, "hours": 0.1}
    path = tmp_path / "big.yaml"
    path.write_text(json.dumps(doc, default=str))
    assert_one_line_error(orbitaldc("validate", str(path)), "workload.inference", "larger than the fleet")


def test_simulate_without_a_workload_says_so():
    assert_one_line_error(orbitaldc("simulate", str(ROOT / "examples" / "scenarios" / "h100-1mw.yaml")),
                          "workload", "no workload")


TRAINING = {"accelerators": 1024, "model_parameters": 7.0e10, "duration_h": 720.0, "restart_s": 600.0}


def test_a_training_job_runs_on_both_sides_and_its_parts_add_up():
    doc = yaml_safe.load(EXAMPLE.read_text())
    doc["workload"] = {"training": TRAINING}
    ops = run(parse_scenario(doc), timeline=False).document()["operations"]
    orbit, ground = ops["orbital"]["training"], ops["terrestrial"]["training"]
    for side in (orbit, ground):
        assert sum(side["parts"].values()) == pytest.approx(1.0)
        assert 0.0 < side["goodput"] < 1.0
    assert ops["orbital"]["requests_served"] == 0 and ops["orbital"]["training_goodput"] == orbit["goodput"]
    # 18 H100 per satellite over one 0.8 Tbit/s link pair against 8 per server at 3.2 Tbit/s: orbit waits longer
    assert orbit["communication_s"] > ground["communication_s"] and orbit["goodput"] < ground["goodput"]


def test_a_training_job_larger_than_the_fleet_is_refused(tmp_path):
    doc = yaml_safe.load(EXAMPLE.read_text())
    doc["workload"] = {"training": {**TRAINING, "accelerators": 100_000}}
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(doc, default=str))
    assert_one_line_error(orbitaldc("validate", str(path)), "workload.training.accelerators", "the fleet has")


def test_a_thin_downlink_binds_and_clouds_cost_coverage():
    clear = run(parse_scenario(scenario(clear_sky_probability=1.0)), timeline=False).document()["operations"]
    cloudy = run(parse_scenario(scenario(clear_sky_probability=0.3)), timeline=False).document()["operations"]
    assert cloudy["orbital"]["waterfall"]["network"] < clear["orbital"]["waterfall"]["network"]
    # 100 kbit/s per station feeds ~8 busy slots (a request sends ~44 kbit over its ~3.5 s): a few
    # stations in view carry far less than the ~140 slots the trace's 40 requests/s keep busy
    thin = run(parse_scenario(scenario(link="rf", downlink_bits_per_s=1.0e5, max_wait_s=5.0)),
               timeline=False).document()["operations"]["orbital"]
    assert thin["network_limit"] == "downlink capacity" and thin["binding_constraint"] == "network"
    assert thin["requests_dropped"] > 0


def test_an_rf_link_needs_its_rate():
    with pytest.raises(Exception, match="needs downlink_bits_per_s"):
        parse_scenario(scenario(link="rf"))
