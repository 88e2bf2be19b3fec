"""Operations event core (orbitaldc.ops.sim) against a straightforward SimPy model of the same queue.

``simpy_queue`` is the reference: one ``simpy.Resource`` per pool, one process per request (FCFS,
``max_wait_s`` by racing the request against a timeout), and one process per pool that walks the
capacity step function. Capacity changes are done the simplest correct way for a non-preemptive
server count: ``Resource`` grants a request only while ``len(users) < capacity``, so lowering the
capacity stops new starts until enough running requests finish, and raising it grants the waiting
requests at once (SimPy's capacity is read-only; the subclass below sets it and wakes the queue).

``bench_queue()`` runs a synthetic 1,000-satellite fleet-year (10 million requests, 100 servers per
satellite, eclipse shedding and ground-contact gaps as per-satellite capacity steps) through the
kernel, and a 20-satellite subset of it (~200,000 requests, the same year) through both the kernel
and SimPy, and checks that the two agree request by request. Timings are wall time on this
machine; tests never assert on them. Needs ``simpy`` (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import resource
import time

import numpy as np

from orbitaldc.ops.sim import simulate_queue

YEAR_S = 365.0 * 86400.0
PERIOD_S = 5730.0  # ~95.5 min orbit at ~550 km
ECLIPSE_S = 2100.0  # longest-eclipse-like shadow per orbit: usable servers shed to SHED of SERVERS
GAP_S = 480.0  # one 8-min window per orbit without a link: no new request can start
GAP_AT_S = 3000.0  # after orbit start (the eclipse is at the start)
SERVERS = 100
SHED = 60


def synthetic_fleet(satellites: int = 1000, requests: int = 10_000_000, rho: float = 0.9, seed: int = 7):
    """Requests (Poisson over a year, uniform over satellites, lognormal service, sigma 1) and
    per-satellite capacity steps (grouped by satellite, sorted in time). The mean service is set so
    the offered load is ``rho`` of the time-average usable capacity."""
    rng = np.random.default_rng(seed)
    arrival = np.sort(rng.uniform(0.0, YEAR_S, requests))
    pool = rng.integers(0, satellites, requests)
    usable_mean = (SHED * ECLIPSE_S + 0.0 * GAP_S + SERVERS * (PERIOD_S - ECLIPSE_S - GAP_S)) / PERIOD_S
    mean_service_s = rho * usable_mean * satellites * YEAR_S / requests
    service = mean_service_s * rng.lognormal(-0.5, 1.0, requests)  # E[lognormal(-1/2, 1)] = 1
    orbits = int(YEAR_S / PERIOD_S)
    phase = rng.uniform(0.0, PERIOD_S, satellites)
    offsets = np.array([0.0, ECLIPSE_S, GAP_AT_S, GAP_AT_S + GAP_S])
    times = phase[:, None, None] + PERIOD_S * np.arange(orbits)[None, :, None] + offsets[None, None, :]
    counts = np.broadcast_to(np.array([SHED, SERVERS, 0, SERVERS]), times.shape)
    cap_pool = np.broadcast_to(np.arange(satellites)[:, None, None], times.shape)
    return {"arrival_s": arrival, "service_s": service, "pool": pool, "servers": np.full(satellites, SERVERS),
            "capacity_times_s": times.ravel(), "capacity_servers": counts.ravel(),
            "capacity_pool": cap_pool.ravel(), "mean_service_s": mean_service_s}


def subset(fleet: dict, satellites: int) -> dict:
    """The first ``satellites`` satellites of a fleet, renumbered; the same year."""
    keep = fleet["pool"] < satellites
    keep_cap = fleet["capacity_pool"] < satellites
    return {"arrival_s": fleet["arrival_s"][keep], "service_s": fleet["service_s"][keep],
            "pool": fleet["pool"][keep], "servers": fleet["servers"][:satellites],
            "capacity_times_s": fleet["capacity_times_s"][keep_cap],
            "capacity_servers": fleet["capacity_servers"][keep_cap],
            "capacity_pool": fleet["capacity_pool"][keep_cap]}


def run_kernel(problem: dict, max_wait_s: float = np.inf):
    return simulate_queue(problem["arrival_s"], problem["service_s"], problem["servers"], pool=problem["pool"],
                          capacity_times_s=problem["capacity_times_s"], capacity_servers=problem["capacity_servers"],
                          capacity_pool=problem["capacity_pool"], max_wait_s=max_wait_s)


def simpy_queue(arrival_s, service_s, servers, pool, capacity_times_s, capacity_servers, capacity_pool,
                max_wait_s: float = np.inf):
    """The same model in SimPy: returns (start_s, finish_s), NaN for dropped requests."""
    import simpy

    class VariableResource(simpy.Resource):
        def set_capacity(self, usable: int) -> None:
            self._capacity = usable
            while self.put_queue and len(self.users) < usable:  # each call grants the queue's head
                self._trigger_put(None)

    env = simpy.Environment()
    resources = [VariableResource(env, capacity=int(c)) for c in servers]
    n = len(arrival_s)
    start, finish = np.full(n, np.nan), np.full(n, np.nan)
    arrival_s, service_s, pool = arrival_s.tolist(), service_s.tolist(), pool.tolist()

    def request(i):
        with resources[pool[i]].request() as req:
            if max_wait_s == np.inf:
                yield req
            else:
                got = yield req | env.timeout(max_wait_s)
                if req not in got:
                    return
            start[i] = env.now
            yield env.timeout(service_s[i])
            finish[i] = env.now

    def source():
        for i in range(n):
            if arrival_s[i] > env.now:
                yield env.timeout(arrival_s[i] - env.now)
            env.process(request(i))

    def capacity(res, times, counts):
        for t, m in zip(times, counts, strict=True):
            if t > env.now:
                yield env.timeout(t - env.now)
            res.set_capacity(int(m))

    env.process(source())
    for p, res in enumerate(resources):
        mine = capacity_pool == p
        env.process(capacity(res, capacity_times_s[mine].tolist(), capacity_servers[mine].tolist()))
    env.run()
    return start, finish


def _stats(wait_s: np.ndarray) -> dict:
    w = wait_s[~np.isnan(wait_s)]
    return {"mean_wait_s": float(np.mean(w)), "p95_wait_s": float(np.percentile(w, 95))}


def bench_queue(satellites: int = 1000, requests: int = 10_000_000, subset_satellites: int = 20,
                repeats: int = 2) -> dict:
    """Kernel on the full fleet-year and on a satellite subset; SimPy on the subset; agreement."""
    fleet = synthetic_fleet(satellites, requests)
    small = subset(fleet, subset_satellites)
    run_kernel(subset(small, 2))  # compile (cached on disk after the first run)

    kernel_s = np.inf
    for _ in range(repeats):
        t = time.perf_counter()
        full = run_kernel(fleet)
        kernel_s = min(kernel_s, time.perf_counter() - t)
    t = time.perf_counter()
    mine = run_kernel(small)
    kernel_subset_s = time.perf_counter() - t

    t = time.perf_counter()
    ref_start, _ = simpy_queue(**small)
    simpy_s = time.perf_counter() - t

    # the whole fleet as one pool of 100,000 servers (aggregate usable count): one core, sequential
    cap_t = fleet["capacity_times_s"]
    prev = np.where(np.arange(cap_t.size) % 4 == 0, SERVERS, np.roll(fleet["capacity_servers"], 1))
    order = np.argsort(cap_t, kind="stable")
    agg_n = SERVERS * satellites + np.cumsum((fleet["capacity_servers"] - prev)[order])
    t = time.perf_counter()
    one = simulate_queue(fleet["arrival_s"], fleet["service_s"], SERVERS * satellites,
                         capacity_times_s=cap_t[order], capacity_servers=agg_n)
    one_pool_s = time.perf_counter() - t
    del order, agg_n, prev

    # drops: a 10-minute wait limit on 5 satellites, request by request against SimPy
    tiny = subset(fleet, 5)
    limited = run_kernel(tiny, max_wait_s=600.0)
    ref_limited, _ = simpy_queue(**tiny, max_wait_s=600.0)

    n_small = small["arrival_s"].size
    both = ~np.isnan(ref_start) & ~mine.dropped
    same_outcome = bool(np.array_equal(np.isnan(ref_start), mine.dropped))
    max_start_diff_s = float(np.max(np.abs(ref_start[both] - mine.start_s[both])))
    ours, theirs = _stats(mine.wait_s), _stats(ref_start - small["arrival_s"])
    # the subset against the whole fleet: same statistics within the satellite-to-satellite spread
    per_sat = np.bincount(full.pool, weights=np.nan_to_num(full.wait_s), minlength=satellites) / np.bincount(
        full.pool, minlength=satellites)
    z_subset_vs_fleet = (np.mean(per_sat[:subset_satellites]) - np.mean(per_sat)) / (
        np.std(per_sat) / np.sqrt(subset_satellites))
    full_stats = _stats(full.wait_s)
    return {
        "satellites": satellites, "servers": int(full.servers.sum()), "requests": requests,
        "capacity_breakpoints": int(fleet["capacity_times_s"].size),
        "mean_service_s": fleet["mean_service_s"],
        "kernel_seconds": kernel_s, "kernel_requests_per_s": requests / kernel_s,
        "kernel_utilization_year": full.utilization(0.0, YEAR_S), "kernel_dropped": int(full.dropped.sum()),
        "kernel_mean_wait_s": full_stats["mean_wait_s"], "kernel_p95_wait_s": full_stats["p95_wait_s"],
        "subset_satellites": subset_satellites, "subset_requests": int(n_small),
        "subset_kernel_seconds": kernel_subset_s, "subset_simpy_seconds": simpy_s,
        "simpy_requests_per_s": n_small / simpy_s,
        "ratio_requests_per_s": (requests / kernel_s) / (n_small / simpy_s),
        "ratio_same_input": simpy_s / kernel_subset_s,
        "subset_mean_wait_s": {"kernel": ours["mean_wait_s"], "simpy": theirs["mean_wait_s"]},
        "subset_p95_wait_s": {"kernel": ours["p95_wait_s"], "simpy": theirs["p95_wait_s"]},
        "subset_same_dropped": same_outcome, "subset_max_start_difference_s": max_start_diff_s,
        "subset_vs_fleet_mean_wait_z": float(z_subset_vs_fleet),
        "one_pool_kernel_seconds": one_pool_s, "one_pool_requests_per_s": requests / one_pool_s,
        "one_pool_mean_wait_s": float(np.nanmean(one.wait_s)),
        "max_wait_600s_dropped": {"kernel": int(limited.dropped.sum()), "simpy": int(np.isnan(ref_limited).sum())},
        "max_wait_600s_same_starts": bool(np.array_equal(limited.start_s, ref_limited, equal_nan=True)),
        "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(bench_queue(), indent=2))
