"""Ground-link queues: each station's link to the fleet as one first-come-first-served transmitter.

A request's bits (its context tokens x ``bytes_per_token``) wait at the station the user reaches for
that station's uplink, and a response's bits (its generated tokens) wait for the downlink of the
station that is in view when the response is ready. A link transmits at ``rate_bits_per_s`` (the
workload's ``downlink_bits_per_s``; optical default: NASA TBIRD's 200 Gbit/s) and only while its station
sees a satellite of the fleet through a clear sky (``network.SkyWindows.station_range_km`` finite);
otherwise its queue waits. Transmission time is bits / rate (serialisation), so a request's wait is
the classic single-server FIFO queue with service bits / rate (an M/D/1-type queue for equal
requests, Kleinrock, Queueing Systems Vol. 1, 1975, sec. 5.7; the queue kernel is ``sim.simulate_queue``,
validated against those closed forms in tests/validation).

Simplifications (stated in the operations notes): one transmitter per station and direction (the
uplink and the downlink are separate queues of the same rate); a transmission that has started ends
even if the station loses its satellite in the meantime (a text request takes microseconds at optical
rates); the response returns through whichever station first sees the fleet after it is ready, not
necessarily the one the request came in by.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.ops.sim import simulate_queue


@dataclass(frozen=True)
class LinkQueue:
    """Per-transfer outcome (s from the trace start; NaN where dropped or never sent)."""

    done_s: np.ndarray  # the last bit leaves the station (uplink) or reaches it (downlink)
    wait_s: np.ndarray  # waiting in the station's queue (incl. waiting for the station's contact)
    dropped: np.ndarray  # waited longer than ``max_wait_s``, or the station never sees the fleet again
    busy_s: np.ndarray  # (station,) time each link spent transmitting


def link_availability(sky) -> tuple[np.ndarray, np.ndarray]:
    """(change times s, (change, station) 0/1): when each station's link can transmit, as the step
    function ``simulate_queue`` takes (breakpoints shared by all stations)."""
    up = np.isfinite(sky.station_range_km).astype(np.int64)  # (time, station)
    changes = np.r_[0, np.flatnonzero(np.any(np.diff(up, axis=0) != 0, axis=1)) + 1]
    return sky.grid_s[changes], up[changes]


def link_queues(ready_s, bits, station, sky, rate_bits_per_s: float, max_wait_s: float = np.inf) -> LinkQueue:
    """Send each transfer's ``bits`` over the link of its ``station`` (index; -1: no station will ever
    see the fleet, dropped) from ``ready_s`` on, first come first served per station.

    ``sky`` is a ``network.SkyWindows`` (its grid and per-station ranges set when each link is up).
    Vectorised: one queue simulation over all stations (``sim.simulate_queue`` pools, in parallel).
    """
    ready = np.asarray(ready_s, dtype=float)
    n_station = sky.station_range_km.shape[1]
    service = np.asarray(bits, dtype=float) / float(rate_bits_per_s)
    known = (np.asarray(station) >= 0) & np.isfinite(ready)
    done = np.full(ready.size, np.nan)
    wait = np.full(ready.size, np.nan)
    dropped = ~known
    busy = np.zeros(n_station)
    idx = np.flatnonzero(known)
    if idx.size and n_station:
        order = idx[np.argsort(ready[idx], kind="stable")]
        cap_t, cap_n = link_availability(sky)
        pool = np.asarray(station)[order].astype(np.int64)
        q = simulate_queue(ready[order], service[order], np.ones(n_station, dtype=np.int64), capacity_times_s=cap_t,
                           capacity_servers=cap_n, max_wait_s=max_wait_s, pool=pool)
        done[order], wait[order] = q.finish_s, q.start_s - ready[order]
        dropped[order] = q.dropped
        sent = ~q.dropped
        busy = np.bincount(pool[sent], weights=service[order][sent], minlength=n_station)
    return LinkQueue(done, wait, dropped, busy)


def uplink_paths(sky, stations, points, region, arrival_s, route_factor: float):
    """Each request's way up: (one-way propagation s: fibre to the station + slant range, station index
    (-1 when no station will see the fleet again), fibre part s).

    The station is the one in view that is quickest for the request's user region when it leaves; with
    none in view, the quickest when the fleet is next in view (the request waits in that station's queue).
    """
    from orbitaldc.ops.network import C_KM_S, fibre_one_way_s, great_circle_km

    st_lat = np.array([s.lat_deg for s in stations])
    st_lon = np.array([s.lon_deg for s in stations])
    lat = np.array([r.lat_deg for r in points])
    lon = np.array([r.lon_deg for r in points])
    fibre = fibre_one_way_s(great_circle_km(lat[:, None], lon[:, None], st_lat[None, :], st_lon[None, :]),
                            route_factor)  # (region, station)
    arrival = np.asarray(arrival_s, dtype=float)
    cell = sky.at(arrival)
    cell = np.where(np.isfinite(sky.station_range_km[cell]).any(axis=1), cell, sky.at(sky.next_path_s(arrival)))
    total = fibre[region][:, :] + sky.station_range_km[cell] / C_KM_S  # (request, station)
    station = np.argmin(total, axis=1)
    best = total[np.arange(arrival.size), station]
    ok = np.isfinite(best)
    return (np.where(ok, best, 0.0), np.where(ok, station, -1),
            np.where(ok, fibre[region, station], 0.0))


def link_busy_fraction(uplink: LinkQueue, downlink: LinkQueue, sky, duration_s: float) -> float:
    """The busiest station link's transmitting time over its time in contact within the trace (the
    larger of its uplink and downlink): near 1, the link is what binds."""
    window = sky.grid_s <= duration_s
    step = np.diff(np.r_[sky.grid_s, sky.grid_s[-1]])[window]
    contact_s = (np.isfinite(sky.station_range_km[window]) * step[:, None]).sum(axis=0)
    busy = np.maximum(uplink.busy_s, downlink.busy_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(contact_s > 0, busy / contact_s, 0.0)
    return float(np.max(share)) if share.size else 0.0
