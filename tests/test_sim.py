"""Unit tests of orbitaldc.ops.sim: the heap kernel against a brute-force reference, the capacity
forms, and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitaldc.ops.sim import simulate_queue


def brute_force(arrival, service, servers, breaks, max_wait):
    """Independent O(n^2) reference for one pool: for each request in arrival order, try every
    candidate time (its arrival or the previous start, every later finish and breakpoint) in
    increasing order and take the first where fewer than usable(t) started requests are running."""
    times = np.array([t for t, _ in breaks]) if breaks else np.empty(0)

    def usable(t):
        k = np.searchsorted(times, t, side="right") - 1
        return servers if k < 0 else breaks[k][1]

    start, finish, prev = [], [], -np.inf
    for a, s in zip(arrival, service, strict=True):
        lower = max(a, prev)
        running = [f for f in finish if not np.isnan(f)]
        candidates = sorted({lower, *[f for f in running if f > lower], *[t for t in times if t > lower]})
        got = np.nan
        for t in candidates:
            if t - a > max_wait:
                break
            if sum(f > t for f in running) < usable(t):
                got = t
                break
        start.append(got)
        finish.append(got + s)
        if not np.isnan(got):
            prev = got
    return np.array(start), np.array(finish)


MS = st.integers(0, 6000).map(lambda ms: ms / 1000.0)


@st.composite
def pools(draw):
    """A small multi-pool problem: per pool a server count and a ragged capacity step function."""
    n_pools = draw(st.integers(1, 3))
    servers = [draw(st.integers(1, 4)) for _ in range(n_pools)]
    breaks = []
    for c in servers:
        steps = draw(st.lists(st.tuples(MS, st.integers(0, c)), max_size=5))
        t = np.cumsum([g for g, _ in steps])
        breaks.append([(float(ti), m) for ti, (_, m) in zip(t, steps, strict=True)])
    n = draw(st.integers(1, 40))
    gaps = draw(st.lists(MS.map(lambda x: x / 3.0), min_size=n, max_size=n))
    service = draw(st.lists(MS, min_size=n, max_size=n))
    pool = draw(st.lists(st.integers(0, n_pools - 1), min_size=n, max_size=n))
    max_wait = draw(st.sampled_from([np.inf, 0.0, 0.5, 2.0]))
    return servers, breaks, np.cumsum(gaps), np.array(service), np.array(pool), max_wait


@settings(max_examples=150, deadline=None)
@given(pools())
def test_kernel_matches_brute_force(problem):
    """Exact equality of start times (ties, zero services, zero capacity, drops included)."""
    servers, breaks, arrival, service, pool, max_wait = problem
    cap_t = [t for b in breaks for t, _ in b]
    cap_n = [m for b in breaks for _, m in b]
    cap_p = [p for p, b in enumerate(breaks) for _ in b]
    result = simulate_queue(arrival, service, np.array(servers), pool=pool, max_wait_s=max_wait,
                            capacity_times_s=cap_t if cap_t else None, capacity_servers=cap_n if cap_t else None,
                            capacity_pool=cap_p if cap_t else None)
    for p, (c, b) in enumerate(zip(servers, breaks, strict=True)):
        mine = pool == p
        start, finish = brute_force(arrival[mine], service[mine], c, b, max_wait)
        np.testing.assert_array_equal(result.start_s[mine], start)
        np.testing.assert_array_equal(result.finish_s[mine], finish)
        np.testing.assert_array_equal(result.dropped[mine], np.isnan(start))


def test_shared_breakpoints_equal_ragged_form():
    """capacity_servers of shape (K, P) is the same step function as the ragged form."""
    rng = np.random.default_rng(3)
    n, servers = 20_000, np.array([3, 5])
    arrival = np.cumsum(rng.exponential(0.2, n))
    service = rng.exponential(1.0, n)
    pool = rng.integers(0, 2, n)
    times = np.arange(1.0, arrival[-1], 50.0)
    counts = np.stack([rng.integers(0, 4, times.size), rng.integers(1, 6, times.size)], axis=1)
    shared = simulate_queue(arrival, service, servers, pool=pool, capacity_times_s=times, capacity_servers=counts)
    ragged = simulate_queue(arrival, service, servers, pool=pool, capacity_times_s=np.concatenate([times, times]),
                            capacity_servers=counts.T.ravel(), capacity_pool=np.repeat([0, 1], times.size))
    np.testing.assert_array_equal(shared.start_s, ragged.start_s)
    assert shared.utilization() == pytest.approx(ragged.utilization(), rel=1e-12)


def test_scalar_servers_with_pools_and_no_requests():
    result = simulate_queue([0.0, 0.0, 0.0], [1.0, 1.0, 1.0], 1, pool=[0, 1, 1])
    np.testing.assert_array_equal(result.start_s, [0.0, 0.0, 1.0])
    assert result.servers.tolist() == [1, 1]
    empty = simulate_queue([], [], 4)
    assert empty.start_s.shape == (0,) and empty.littles_law() == (0.0, 0.0)


@pytest.mark.parametrize("kwargs, field", [
    ({"arrival_s": [1.0, 0.0]}, "arrival_s"),
    ({"service_s": [1.0, -1.0]}, "service_s"),
    ({"servers": 2.5}, "servers"),
    ({"capacity_times_s": [1.0]}, "capacity_times_s"),
    ({"capacity_times_s": [1.0], "capacity_servers": [3]}, "capacity_servers"),
    ({"capacity_times_s": [2.0, 1.0], "capacity_servers": [1, 1]}, "capacity_times_s"),
    ({"pool": [0, -1]}, "pool"),
    ({"servers": [1, 1]}, "pool"),
    ({"max_wait_s": -1.0}, "max_wait_s"),
])
def test_bad_input_names_the_field(kwargs, field):
    args = {"arrival_s": [0.0, 1.0], "service_s": [1.0, 1.0], "servers": 2} | kwargs
    with pytest.raises(ValueError, match=field):
        simulate_queue(args.pop("arrival_s"), args.pop("service_s"), args.pop("servers"), **args)
