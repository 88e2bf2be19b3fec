"""Little's law, L = lambda W, on every run of the Operations stage through the public path
(``parse_scenario`` + ``run``), for small random scenarios and traces (hypothesis).

Reference: J. D. C. Little, "A proof for the queuing formula L = lambda W", Operations Research 9
(1961) 383-387: over a window that starts and ends empty, the time average of the number in the
system equals the arrival rate times the mean time in system, on every sample path.

Here the test measures L itself by sampling, at M evenly spaced instants, how many requests are in
the system, from the trace it wrote (arrivals) and the run's per-request outcomes:
- the users' view: a served request is in the system from leaving the user until its response
  returns (arrival + e2e); L there against (served / T) x mean e2e;
- the servers' view: a request is in service from its start to its finish; L there against
  (served / T) x the mean service time that THIS test computes from the roofline serving model
  (prefill + generated x decode step at the run's batch), so a simulator that served a request for
  the wrong time, or lost or double-counted one, fails here. No more requests are in service than
  the fleet has slots.
Sampling tolerance: each interval [s, f) covers (f - s) / dt sample points to within one, so
|L_sampled T - sum(f - s)| <= n dt exactly (dt = T / M); the test allows that bound.
Also: every request of the trace is served or dropped on each side (ints that add up).
"""

import copy

import numpy as np
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitaldc import parse_scenario, run, yaml_safe
from orbitaldc.ops.serving import serving_model
from orbitaldc.ops.workload import read_trace, synthetic_trace, write_trace

BASE = yaml_safe.load((EXAMPLES / "h100-1mw-inference.yaml").read_text())
SAMPLES = 20_000


def occupancy(start, end, t_end):
    """Time average over [0, t_end] of #{start <= t < end}, sampled at SAMPLES instants, and dt."""
    t = (np.arange(SAMPLES) + 0.5) * (t_end / SAMPLES)
    inside = np.searchsorted(np.sort(start), t, side="right") - np.searchsorted(np.sort(end), t, side="right")
    return inside, t_end / SAMPLES


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(satellites=st.sampled_from([1, 3, 8]), rate=st.floats(0.5, 20.0), minutes=st.integers(3, 15),
       wait_s=st.sampled_from([2.0, 30.0, 900.0]), routing=st.sampled_from(["direct", "isl"]),
       upsets=st.sampled_from([0.0, 1.0e4]), seed=st.integers(0, 1000))
def test_littles_law_and_conservation_on_every_run(tmp_path_factory, satellites, rate, minutes, wait_s, routing,
                                                   upsets, seed):
    path = tmp_path_factory.mktemp("trace") / "t.csv"
    write_trace(synthetic_trace(rate, 60.0 * minutes, seed=seed), path)
    trace = read_trace(path)
    doc = copy.deepcopy(BASE)
    doc["constellation"]["satellites"] = satellites
    doc["workload"]["inference"] = {"trace": str(path), "routing": routing, "max_wait_s": wait_s,
                                    "upsets_per_accelerator_year": upsets}
    result = run(parse_scenario(doc), timeline=False)
    ops, document = result.operations, result.document()["operations"]
    batch = document["serving"]["batch"]
    sm = serving_model("h100-sxm", "llama-3.1-70b", "fp8")
    mean_kv = float(np.mean(trace.context_tokens + 0.5 * trace.generated_tokens))
    service = sm.prefill_s(trace.context_tokens) + trace.generated_tokens * sm.decode_step_s(batch, mean_kv)
    for name in ("orbital", "terrestrial"):
        side, part = getattr(ops, name), document[name]
        assert isinstance(part["requests_served"], int) and isinstance(part["requests_dropped"], int)
        assert part["requests_served"] + part["requests_dropped"] == trace.requests
        served = np.isfinite(side.e2e_s)
        assert served.sum() == part["requests_served"]
        n = int(served.sum())
        if n == 0:
            continue
        arrival = trace.arrival_s[served]
        leave = arrival + side.e2e_s[served]
        assert np.all(leave > arrival)
        t_end = float(leave.max())
        inside, dt = occupancy(arrival, leave, t_end)
        assert abs(inside.mean() * t_end - np.sum(leave - arrival)) <= n * dt + 1e-6  # L T = lambda W T
        start, finish = side.start_s[served], side.finish_s[served]
        assert np.allclose(finish - start, service[served], rtol=1e-9, atol=1e-9)
        t_end = float(finish.max())
        busy, dt = occupancy(start, finish, t_end)
        assert abs(busy.mean() * t_end - np.sum(service[served])) <= n * dt + 1e-6
        assert busy.max() <= ops.slots
    assert document["orbital"]["preemptions"] <= document["orbital"]["requests_dropped"]
    if upsets == 0.0:
        assert document["orbital"]["preemptions"] == 0
