"""Discrete-event core of the operations stage: multi-server FCFS queues with time-varying capacity.

Model (G/G/c, first come first served, per pool). Request ``i`` arrives at ``arrival_s[i]`` (s) and
needs ``service_s[i]`` seconds of one server of its pool. A pool has ``servers`` servers, of which a
step function of time says how many are *usable* (satellites out of contact, accelerators shed in
eclipse, a site derated). Capacity changes are non-preemptive: a running request always finishes,
but a request may start at time t only when fewer than usable(t) servers of its pool are busy, and
only after every earlier request of its pool has started or been dropped (strict FCFS, so start
times are non-decreasing within a pool). A request whose wait would exceed ``max_wait_s`` is dropped
and never starts. Pools are independent queues; they model one queue per satellite, per group of
satellites, per ground region or per terrestrial site (the whole fleet as one pool is one pool).

Algorithm. The earliest start of the next request is the first time t >= max(its arrival, the
previous start) with #{busy finish times > t} < usable(t); the busy finish times live in a binary
min-heap, so t is found by stepping through the next finish and the next capacity breakpoint, each
visited once: O(n log c + K) per pool for n requests, c servers and K breakpoints. This is the
Kiefer-Wolfowitz workload recursion of the G/G/c FCFS queue (J. Kiefer & J. Wolfowitz, "On the
theory of queues with many servers", Trans. AMS 78 (1955) 1-18; L. Kleinrock, Queueing Systems
Vol. 1, Wiley 1975, sec. 8.1) extended to a step-function server count. Pools run in parallel
(numba ``prange``); a single pool is inherently sequential.

Units: seconds for every time; server counts are integers. Memory: the kernel keeps one float per
server (the heap) and writes the output arrays in place; inputs are not copied when they are
already contiguous float64.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit, prange

INF = np.inf


# --------------------------------------------------------------------------------------------
# numba kernels
# --------------------------------------------------------------------------------------------

@njit(cache=True, inline="always")
def _heap_push(heap, size, x):
    """Insert x into the min-heap ``heap[:size]`` (caller increments size)."""
    j = size
    while j > 0:
        parent = (j - 1) >> 1
        if heap[parent] <= x:
            break
        heap[j] = heap[parent]
        j = parent
    heap[j] = x


@njit(cache=True, inline="always")
def _heap_pop(heap, size):
    """Remove the minimum of the min-heap ``heap[:size]`` (caller decrements size)."""
    n = size - 1
    last = heap[n]
    j = 0
    while True:
        child = 2 * j + 1
        if child >= n:
            break
        if child + 1 < n and heap[child + 1] < heap[child]:
            child += 1
        if heap[child] >= last:
            break
        heap[j] = heap[child]
        j = child
    if n > 0:
        heap[j] = last


@njit(cache=True, inline="always")
def _advance(t, heap, size, cap_t, cap_n, k, n_break, usable):
    """Apply the capacity breakpoints and free the servers whose requests finished by ``t``."""
    while k < n_break and cap_t[k] <= t:
        usable = cap_n[k]
        k += 1
    while size > 0 and heap[0] <= t:
        _heap_pop(heap, size)
        size -= 1
    return k, usable, size


@njit(cache=True)
def _serve_pool(arrival, service, servers, cap_t, cap_n, max_wait, heap, start, finish, dropped):
    """One pool: its requests in arrival order, breakpoints ``cap_t``/``cap_n``
    (usable servers from each time on; ``servers`` before the first), ``heap`` scratch of size
    ``servers``. Writes start/finish (NaN when dropped) and dropped in place."""
    n_break = cap_t.shape[0]
    k = 0  # breakpoints with time <= t already applied
    usable = servers
    size = 0  # busy servers = finish times in the heap that are > t
    t = -INF  # earliest time the next request may start (FCFS: >= the previous start)
    for i in range(arrival.shape[0]):
        a = arrival[i]
        if a > t:
            t = a
        k, usable, size = _advance(t, heap, size, cap_t, cap_n, k, n_break, usable)
        ok = True
        while size >= usable:  # no free usable server: step to the next finish or breakpoint
            e = heap[0] if size > 0 else INF
            if k < n_break and cap_t[k] < e:
                e = cap_t[k]
            if e == INF or e - a > max_wait:  # wait start - arrival would exceed the limit
                ok = False
                break
            t = e
            k, usable, size = _advance(t, heap, size, cap_t, cap_n, k, n_break, usable)
        if ok:
            f = t + service[i]
            start[i] = t
            finish[i] = f
            _heap_push(heap, size, f)
            size += 1
        else:
            start[i] = np.nan
            finish[i] = np.nan
            dropped[i] = True


@njit(cache=True)
def _serve_gathered(idx, arrival, service, servers, cap_t, cap_n, max_wait, heap, start, finish, dropped):
    """One pool whose requests are ``idx`` of the full arrays: gathered into contiguous scratch
    first, so the heap loop reads memory in order (~2.5x faster at 1,000 pools than indexing the
    inputs directly), then scattered back."""
    m = idx.shape[0]
    a, s = np.empty(m), np.empty(m)
    for j in range(m):
        a[j] = arrival[idx[j]]
        s[j] = service[idx[j]]
    st, fi = np.empty(m), np.empty(m)
    dr = np.zeros(m, dtype=np.bool_)
    _serve_pool(a, s, servers, cap_t, cap_n, max_wait, heap, st, fi, dr)
    for j in range(m):
        start[idx[j]] = st[j]
        finish[idx[j]] = fi[j]
        dropped[idx[j]] = dr[j]


@njit(cache=True, parallel=True)
def _queue_kernel(order, req_off, arrival, service, servers, heap_off, cap_off, cap_t, cap_n, max_wait,
                  start, finish, dropped):
    """All pools, in parallel over pools (pool p's requests are ``order[req_off[p]:req_off[p+1]]``;
    the loop body is a separate function, as in orbit/fleet_kernels.py, to keep parfor lowering simple)."""
    n_pools = servers.shape[0]
    heap = np.empty(heap_off[n_pools])
    for p in prange(n_pools):
        _serve_gathered(order[req_off[p]:req_off[p + 1]], arrival, service, servers[p],
                        cap_t[cap_off[p]:cap_off[p + 1]], cap_n[cap_off[p]:cap_off[p + 1]], max_wait,
                        heap[heap_off[p]:heap_off[p + 1]], start, finish, dropped)


@njit(cache=True)
def _group(key, n_groups):
    """Stable counting sort: (order, offsets) with group g's items at order[offsets[g]:offsets[g+1]]."""
    offsets = np.zeros(n_groups + 1, dtype=np.int64)
    for i in range(key.shape[0]):
        offsets[key[i] + 1] += 1
    for g in range(n_groups):
        offsets[g + 1] += offsets[g]
    pos = offsets[:-1].copy()
    order = np.empty(key.shape[0], dtype=np.int64)
    for i in range(key.shape[0]):
        g = key[i]
        order[pos[g]] = i
        pos[g] += 1
    return order, offsets


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueueResult:
    """Per-request outcome of :func:`simulate_queue` (times in s) and the capacity it ran on.

    ``start_s``/``finish_s`` are NaN for dropped requests. ``servers`` is per pool; the capacity
    step function is stored grouped by pool: pool p's breakpoints are
    ``capacity_times_s[capacity_offsets[p]:capacity_offsets[p + 1]]`` with counts in
    ``capacity_servers`` (usable from that time on; ``servers[p]`` before the first).
    """

    arrival_s: np.ndarray
    service_s: np.ndarray
    start_s: np.ndarray
    finish_s: np.ndarray
    dropped: np.ndarray
    pool: np.ndarray | None = field(repr=False)
    servers: np.ndarray = field(repr=False)
    capacity_offsets: np.ndarray = field(repr=False)
    capacity_times_s: np.ndarray = field(repr=False)
    capacity_servers: np.ndarray = field(repr=False)

    @property
    def served(self) -> np.ndarray:
        """Bool per request: it started (and so finished). ``served | dropped`` is all True."""
        return ~self.dropped

    @property
    def wait_s(self) -> np.ndarray:
        """Queueing delay start - arrival (s) per request; NaN for dropped requests."""
        return self.start_s - self.arrival_s

    def _window(self, start_s, end_s):
        served = self.served
        t0 = float(self.arrival_s.min()) if start_s is None else float(start_s)
        t1 = float(self.finish_s[served].max()) if end_s is None else float(end_s)
        return t0, t1

    def available_server_s(self, start_s: float, end_s: float) -> float:
        """Integral over [start_s, end_s] of the usable server count, summed over pools (server-s)."""
        n_pools = self.servers.shape[0]
        counts = np.diff(self.capacity_offsets)
        seg_pool = np.concatenate([np.arange(n_pools), np.repeat(np.arange(n_pools), counts)])
        seg_t = np.concatenate([np.full(n_pools, -INF), self.capacity_times_s])
        seg_n = np.concatenate([self.servers, self.capacity_servers]).astype(float)
        order = np.lexsort((seg_t, seg_pool))  # stable per pool, -inf first
        seg_pool, seg_t, seg_n = seg_pool[order], seg_t[order], seg_n[order]
        seg_end = np.append(seg_t[1:], INF)
        seg_end[:-1][seg_pool[1:] != seg_pool[:-1]] = INF
        overlap = np.clip(np.minimum(seg_end, end_s) - np.maximum(seg_t, start_s), 0.0, None)
        return float(np.sum(overlap * seg_n))

    def utilization(self, start_s: float | None = None, end_s: float | None = None) -> float:
        """Busy server-time / available (usable) server-time over [start_s, end_s] (default: first
        arrival to last finish), all pools together. It can exceed 1 only when capacity drops below
        the busy count (running requests are not preempted)."""
        served = self.served
        if not served.any() and (start_s is None or end_s is None):
            return float("nan")
        t0, t1 = self._window(start_s, end_s)
        busy = np.clip(np.minimum(self.finish_s[served], t1) - np.maximum(self.start_s[served], t0), 0.0, None)
        return float(busy.sum()) / self.available_server_s(t0, t1)

    def littles_law(self) -> tuple[float, float]:
        """Little's law L = lambda W on the served requests over [first arrival, last finish]:
        returns (time average of the number in system, found by integrating the step function of
        arrivals minus departures; arrival rate x mean time in system). J. D. C. Little, Operations
        Research 9 (1961) 383-387; Kleinrock (1975) sec. 2.1."""
        served = self.served
        a, f = self.arrival_s[served], self.finish_s[served]
        n = a.shape[0]
        if n == 0:
            return 0.0, 0.0
        t = np.concatenate([a, f])
        step = np.concatenate([np.ones(n), -np.ones(n)])
        order = np.argsort(t, kind="stable")
        t, number = t[order], np.cumsum(step[order])
        t0, t1 = float(t[0]), float(t[-1])
        if t1 <= t0:
            return 0.0, 0.0
        area = float(np.sum(number[:-1] * np.diff(t)))
        return area / (t1 - t0), n / (t1 - t0) * float(np.mean(f - a))


# --------------------------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------------------------

def _as_f64(x, name):
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"{name}: must be one-dimensional")
    return x


def _capacity(servers, n_pools, capacity_times_s, capacity_servers, capacity_pool):
    """Breakpoints grouped by pool (CSR): offsets (P+1,), times (K,), usable counts (K,)."""
    if capacity_times_s is None and capacity_servers is None:
        return np.zeros(n_pools + 1, dtype=np.int64), np.empty(0), np.empty(0, dtype=np.int64)
    if capacity_times_s is None or capacity_servers is None:
        raise ValueError("capacity_times_s, capacity_servers: give both or neither")
    times = _as_f64(capacity_times_s, "capacity_times_s")
    counts = np.asarray(capacity_servers)
    if counts.shape[0] != times.shape[0]:
        raise ValueError("capacity_servers: needs one row per entry of capacity_times_s")
    if not np.all(np.isfinite(times)):
        raise ValueError("capacity_times_s: must be finite")
    if counts.ndim == 2:  # shared breakpoints, one column per pool
        if capacity_pool is not None or counts.shape[1] != n_pools:
            raise ValueError(f"capacity_servers: a 2-D array needs one column per pool ({n_pools})")
        key = np.repeat(np.arange(n_pools, dtype=np.int64)[None, :], times.shape[0], axis=0).T.ravel()
        times = np.tile(times, n_pools)
        counts = counts.T.ravel()
    elif capacity_pool is None:
        if n_pools != 1:
            raise ValueError("capacity_pool: needed with several pools (or a 2-D capacity_servers)")
        key = np.zeros(times.shape[0], dtype=np.int64)
    else:
        key = np.ascontiguousarray(capacity_pool, dtype=np.int64)
        if key.shape != times.shape or (key.size and (key.min() < 0 or key.max() >= n_pools)):
            raise ValueError(f"capacity_pool: one pool index in [0, {n_pools}) per breakpoint")
    if counts.dtype.kind != "i" and np.any(counts != np.round(counts)):
        raise ValueError("capacity_servers: must be whole numbers of servers")
    counts = np.asarray(counts, dtype=np.int64)
    if np.all(key[1:] >= key[:-1]):  # already grouped by pool (the usual layout): no copies
        offsets = np.concatenate([[0], np.cumsum(np.bincount(key, minlength=n_pools))]).astype(np.int64)
    else:
        order, offsets = _group(key, n_pools)
        times, counts, key = times[order], counts[order], key[order]
    if np.any((np.diff(times) < 0) & (key[1:] == key[:-1])):
        raise ValueError("capacity_times_s: must be sorted (within each pool)")
    if np.any(counts < 0) or np.any(counts > servers[key]):
        raise ValueError("capacity_servers: must lie in [0, servers] of the pool")
    return offsets, times, counts


def simulate_queue(arrival_s, service_s, servers, *, capacity_times_s=None, capacity_servers=None,
                   capacity_pool=None, max_wait_s: float = INF, pool=None) -> QueueResult:
    """Simulate multi-server FCFS queues with a step-function usable capacity (see module docstring).

    Parameters (times in s):
      arrival_s: (n,) arrival times, sorted non-decreasing.
      service_s: (n,) service demand of each request on one server, >= 0.
      servers: total servers, an int (every pool) or an (P,) int array, one per pool.
      capacity_times_s, capacity_servers: the usable-server step function; ``capacity_servers[k]``
        servers are usable from ``capacity_times_s[k]`` on (``servers`` before the first
        breakpoint), each in [0, servers]. Three forms: 1-D with a single pool; 1-D with
        ``capacity_pool`` (pool index per breakpoint, times sorted within each pool: ragged, e.g.
        per-satellite contact or eclipse windows); or capacity_servers of shape (K, P): breakpoints
        shared by all pools.
      max_wait_s: a request whose wait would exceed this is dropped (never starts); also dropped
        when no server would ever become usable.
      pool: (n,) pool index per request in [0, P); None means one pool. With a scalar ``servers``
        the number of pools is ``pool.max() + 1``.

    Returns a :class:`QueueResult`. Runs in O(n log c + K) per pool, in parallel over pools.
    """
    arrival = _as_f64(arrival_s, "arrival_s")
    service = _as_f64(service_s, "service_s")
    n = arrival.shape[0]
    if service.shape[0] != n:
        raise ValueError("service_s: needs one entry per arrival")
    if not (np.all(np.isfinite(arrival)) and np.all(np.isfinite(service))):
        raise ValueError("arrival_s, service_s: must be finite")
    if np.any(np.diff(arrival) < 0):
        raise ValueError("arrival_s: must be sorted")
    if np.any(service < 0):
        raise ValueError("service_s: must be >= 0")
    if not max_wait_s >= 0:
        raise ValueError("max_wait_s: must be >= 0")
    if pool is not None:
        key = np.ascontiguousarray(pool, dtype=np.int64)
        if key.shape != (n,):
            raise ValueError("pool: needs one pool index per request")
        if n and key.min() < 0:
            raise ValueError("pool: indices must be >= 0")
    n_servers = np.atleast_1d(np.asarray(servers))
    if n_servers.ndim != 1 or np.any(n_servers != np.round(n_servers)) or np.any(n_servers < 0):
        raise ValueError("servers: a whole number >= 0, or one per pool")
    n_servers = n_servers.astype(np.int64)
    if np.ndim(servers) == 0:
        n_pools = int(key.max()) + 1 if pool is not None and n else 1
        n_servers = np.full(n_pools, n_servers[0], dtype=np.int64)
    n_pools = n_servers.shape[0]
    if pool is not None and n and key.max() >= n_pools:
        raise ValueError(f"pool: indices must be < the number of pools ({n_pools})")

    cap_off, cap_t, cap_n = _capacity(n_servers, n_pools, capacity_times_s, capacity_servers, capacity_pool)
    start, finish = np.empty(n), np.empty(n)
    dropped = np.zeros(n, dtype=np.bool_)
    if pool is None:
        if n_pools != 1:
            raise ValueError("pool: needed when servers gives several pools")
        _serve_pool(arrival, service, n_servers[0], cap_t, cap_n,
                    float(max_wait_s), np.empty(n_servers[0]), start, finish, dropped)
    else:
        order, req_off = _group(key, n_pools)
        heap_off = np.concatenate([[0], np.cumsum(n_servers)]).astype(np.int64)
        _queue_kernel(order, req_off, arrival, service, n_servers, heap_off, cap_off, cap_t, cap_n,
                      float(max_wait_s), start, finish, dropped)
    return QueueResult(arrival, service, start, finish, dropped, None if pool is None else key, n_servers,
                       cap_off, cap_t, cap_n)
