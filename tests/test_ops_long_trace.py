"""A trace longer than a week through the Operations stage: every request accounted for, the time
series bounded in size and carrying the battery and contact coverage."""

import copy

import numpy as np
import pytest
from conftest import EXAMPLES

from orbitaldc import parse_scenario, run, yaml_safe
from orbitaldc.ops.document import MAX_SERIES_BINS


def test_a_nine_day_trace_runs_and_its_series_covers_it():
    doc = yaml_safe.load((EXAMPLES / "h100-1mw-inference.yaml").read_text())
    doc = copy.deepcopy(doc)
    doc["constellation"]["satellites"] = 2
    doc["workload"]["inference"]["synthetic"] = {"requests_per_s": 0.05, "hours": 216, "seed": 2}
    doc["workload"]["inference"]["max_wait_s"] = 3600.0
    ops = run(parse_scenario(doc), timeline=False).document()["operations"]
    assert ops["duration_s"] > 8 * 86400
    s = ops["series"]
    n_bins = len(s["start_min"])
    assert n_bins <= MAX_SERIES_BINS and s["start_min"][-1] * 60 < ops["duration_s"] <= (n_bins * s["bin_minutes"]) * 60
    for key in ("requests", "orbital_served", "orbital_dropped", "battery_soc_min", "path_share"):
        assert len(s[key]) == n_bins
    assert sum(s["requests"]) == ops["requests"]
    o = ops["orbital"]
    assert sum(s["orbital_served"]) == o["requests_served"] and o["requests_served"] + o["requests_dropped"] == \
        ops["requests"]
    soc = np.array(s["battery_soc_min"])
    assert np.all((soc >= 0) & (soc <= 1))
    assert soc.min() == pytest.approx(o["min_battery_soc"], abs=0.02)  # the bins hold the window's lowest
    assert 0 < np.mean(s["path_share"]) < 1  # two satellites over the default stations: coverage comes and goes
