"""What a side's capacity delivered over the trace window, and why requests were lost.

- ``slot_seconds``: over the window [t0, t1] (the trace, first request to last: the window the
  waterfall's power, thermal and network factors average over), the usable slot-seconds (the
  integral of the queue's usable-slot step function) and the busy ones: the integral of
  min(slots busy with served requests, usable slots). Work that runs past t1 is clipped to the
  window and work on slots that capacity has just left (the queue does not preempt) is not counted
  twice, so utilization = busy / usable lies in [0, 1]. Exact on the step functions: every start,
  finish and capacity change is an edge (sorted, ``np.searchsorted``; no loop over time).
- ``eclipse_work_fraction``: the share of the served slot-seconds done in shadow. The fleet is one
  pool (``ops.sim``), so a slot is not tied to a satellite; at time t the busy slots are taken to be
  spread over the usable compute, of which the part in shadow is (1 - sunlit) x e / (sunlit +
  (1 - sunlit) x e), e = ``power.eclipse_compute_fraction``: 0 when nothing computes in shadow, the
  fleet's shadow share when eclipses cost nothing. Integrated exactly over each request's service.
- ``drop_causes``: each dropped request counted once, by the first thing that lost it.
Units: seconds and slot-seconds.
"""

from __future__ import annotations

import numpy as np

# why a request was not served, in the order its path meets them
CAUSES = ("too_long_for_the_model", "at_the_uplink", "waiting_for_a_slot", "preempted_by_upsets", "no_path_back")


def slot_seconds(t0: float, t1: float, servers: int, start_s, finish_s, cap_t=None, cap_n=None) -> tuple[float, float]:
    """(usable, busy) slot-seconds over [t0, t1] (module docstring). ``start_s``/``finish_s``: the
    served requests' service; ``cap_t``/``cap_n``: usable slots from each time on (``servers`` before
    the first, and throughout when None), as ``sim.simulate_queue`` takes them."""
    cap_t = np.empty(0) if cap_t is None else np.asarray(cap_t, dtype=float)
    cap_n = np.empty(0) if cap_n is None else np.asarray(cap_n, dtype=float)
    s = np.sort(np.clip(np.asarray(start_s, dtype=float), t0, t1))
    f = np.sort(np.clip(np.asarray(finish_s, dtype=float), t0, t1))
    edges = np.unique(np.concatenate([[t0, t1], s, f, np.clip(cap_t, t0, t1)]))
    left, width = edges[:-1], np.diff(edges)
    k = np.searchsorted(cap_t, left, side="right") - 1
    usable = np.where(k >= 0, cap_n[np.maximum(k, 0)], float(servers)) if cap_t.size else np.full(left.size,
                                                                                                  float(servers))
    busy = np.searchsorted(s, left, side="right") - np.searchsorted(f, left, side="right")
    return float(np.sum(usable * width)), float(np.sum(np.minimum(busy, usable) * width))


def eclipse_work_fraction(grid_s, sunlit, eclipse_compute_fraction: float, start_s, finish_s) -> float:
    """Share of the served slot-seconds done in shadow (module docstring); 0 without served work.
    ``sunlit`` is the fleet's sunlit share on ``grid_s`` (held until the next grid time)."""
    grid = np.asarray(grid_s, dtype=float)
    lit = np.asarray(sunlit, dtype=float)
    dark = (1.0 - lit) * float(eclipse_compute_fraction)
    total = lit + dark
    share = np.divide(dark, total, out=np.zeros_like(dark), where=total > 0)
    start, finish = np.asarray(start_s, dtype=float), np.asarray(finish_s, dtype=float)
    work = float(np.sum(finish - start))
    if work <= 0:
        return 0.0
    # the integral of the step function ``share`` is piecewise linear: interpolation is exact; beyond
    # the grid the last cell's share holds
    end = max(float(grid[-1]), float(np.max(finish)))
    knots = np.append(grid, end) if end > grid[-1] else grid
    cumulative = np.concatenate([[0.0], np.cumsum(share[:knots.size - 1] * np.diff(knots))])
    return float(np.sum(np.interp(finish, knots, cumulative) - np.interp(start, knots, cumulative))) / work


def drop_causes(served, too_long, at_the_uplink=None, waiting=None, preempted=None) -> dict:
    """{cause: requests} for the requests not ``served`` (``CAUSES``); the rest are responses that found
    no path back to the ground. The counts add up to the dropped requests."""
    lost = ~np.asarray(served, dtype=bool)
    counted = np.zeros_like(lost)
    out = {}
    for cause, mask in zip(CAUSES, (too_long, at_the_uplink, waiting, preempted, lost), strict=True):
        hit = lost & ~counted & (np.asarray(mask, dtype=bool) if mask is not None else False)
        out[cause] = int(np.count_nonzero(hit))
        counted |= hit
    return out
