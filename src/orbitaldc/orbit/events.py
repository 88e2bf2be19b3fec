"""One root-finding helper for every event: eclipse edges, rise and set, link windows.

Like skyfield's ``searchlib``: evaluate a smooth function g(track, t) on a grid, bracket its
sign changes, and refine every bracket at once by vectorized bisection. Two events closer
together than the grid step (a grazing eclipse, a low pass) leave no sign change on the grid;
they are caught because g then has an extremum between two grid points: the extremum is found
by bisection on dg/dt, and if g changes sign there the interval splits into two brackets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DERIVATIVE_STEP_S = 0.01


@dataclass(frozen=True)
class Crossings:
    """Zeros of g: per crossing its track, its time (s) and whether g rises through zero."""

    track: np.ndarray
    t_s: np.ndarray
    rising: np.ndarray


def derivative(g, track, t_s):
    """Central difference of g in time (per second)."""
    return (g(track, t_s + DERIVATIVE_STEP_S) - g(track, t_s - DERIVATIVE_STEP_S)) / (2 * DERIVATIVE_STEP_S)


def bisect(f, track, lo, hi, tol_s: float = 1e-3):
    """Zero of f(track, t) in [lo, hi] for every bracket at once (f changes sign across it)."""
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    f_lo = f(track, lo)
    width = float(np.max(hi - lo)) if lo.size else 0.0
    for _ in range(max(int(np.ceil(np.log2(max(width, tol_s) / tol_s))), 1)):
        mid = 0.5 * (lo + hi)
        f_mid = f(track, mid)
        same = np.sign(f_mid) == np.sign(f_lo)
        lo = np.where(same, mid, lo)
        f_lo = np.where(same, f_mid, f_lo)
        hi = np.where(same, hi, mid)
    return 0.5 * (lo + hi)


def find_crossings(g, n_tracks: int, grid_s: np.ndarray, tol_s: float = 1e-3) -> Crossings:
    """All zeros of g(track, t) for tracks 0..n_tracks-1 on [grid_s[0], grid_s[-1]].

    ``g`` is vectorized: it takes equal-shaped integer and float arrays and returns values.
    A value of exactly zero counts as positive. Extrema are spotted from the grid values (a
    change in the sign of successive differences) and, at the two ends of the grid, from the
    slope, so g is evaluated once per grid point.
    """
    tracks = np.arange(n_tracks)[:, None]
    t = np.broadcast_to(grid_s, (n_tracks, len(grid_s)))
    values = g(np.broadcast_to(tracks, t.shape), t)
    positive = values >= 0

    change_track, change_k = np.nonzero(positive[:, 1:] != positive[:, :-1])
    lo = [grid_s[change_k]]
    hi = [grid_s[change_k + 1]]
    bracket_track = [change_track]

    # Hidden pairs: no sign change across two grid steps, but an extremum inside them.
    rise = np.diff(values, axis=1)
    ends = np.arange(n_tracks)
    slope_first = derivative(g, ends, np.full(n_tracks, grid_s[0]))
    slope_last = derivative(g, ends, np.full(n_tracks, grid_s[-1]))
    slopes = np.concatenate([slope_first[:, None], rise, slope_last[:, None]], axis=1)  # left/right of each point
    # A minimum above zero (or a maximum below) near grid point k may dip across zero between
    # grid points; one far from zero, judged by the spread of the three values around it, cannot.
    minimum = (slopes[:, :-1] < 0) & (slopes[:, 1:] >= 0) & positive
    maximum = (slopes[:, :-1] > 0) & (slopes[:, 1:] <= 0) & ~positive
    turn_track, turn_k = np.nonzero(minimum | maximum)
    if turn_track.size:
        k_lo = np.maximum(turn_k - 1, 0)
        k_hi = np.minimum(turn_k + 1, len(grid_s) - 1)
        near = values[turn_track[:, None], np.stack([k_lo, turn_k, k_hi], axis=1)]
        spread = near.max(axis=1) - near.min(axis=1)
        closest = np.where(positive[turn_track, turn_k], near.min(axis=1), -near.max(axis=1))
        same = (positive[turn_track, k_lo] == positive[turn_track, k_hi]) & (closest - 2.0 * spread < 0)
        same &= positive[turn_track, turn_k] == positive[turn_track, k_lo]
        tr, a, b = turn_track[same], grid_s[k_lo[same]], grid_s[k_hi[same]]
        slope_a = derivative(g, tr, a)
        slope_b = derivative(g, tr, b)
        real = np.sign(slope_a) != np.sign(slope_b)
        tr, a, b = tr[real], a[real], b[real]
        if tr.size:
            t_ext = bisect(lambda trk, tt: derivative(g, trk, tt), tr, a, b, tol_s)
            flipped = (g(tr, t_ext) >= 0) != (g(tr, a) >= 0)
            tr, a, b, te = tr[flipped], a[flipped], b[flipped], t_ext[flipped]
            lo += [a, te]
            hi += [te, b]
            bracket_track += [tr, tr]

    track = np.concatenate(bracket_track)
    lo, hi = np.concatenate(lo), np.concatenate(hi)
    roots = bisect(g, track, lo, hi, tol_s) if track.size else np.empty(0)
    rising = g(track, hi) >= 0
    order = np.lexsort((roots, track))
    roots, track, rising = roots[order], track[order], rising[order]
    if roots.size > 1:  # an extremum flagged from both neighbouring points yields the same pair twice
        keep = np.r_[True, (track[1:] != track[:-1]) | (np.abs(np.diff(roots)) > 10 * tol_s)]
        roots, track, rising = roots[keep], track[keep], rising[keep]
    return Crossings(track, roots, rising)


def intervals_below_zero(crossings: Crossings, n_tracks: int, start_s: float, end_s: float,
                         negative_at_start: np.ndarray):
    """(track, start, end) arrays of every span where g < 0, clipped to [start_s, end_s].

    Crossings of one track alternate between falling and rising, so each falling crossing
    opens a span that the next crossing of the same track closes (or the window end does).
    """
    track, t, rising = crossings.track, crossings.t_s, crossings.rising
    n = track.size
    falling = np.flatnonzero(~rising)
    nxt = falling + 1
    has_next = nxt < n
    closes = np.zeros(falling.size, dtype=bool)
    closes[has_next] = track[nxt[has_next]] == track[falling[has_next]]
    span_track = [track[falling]]
    span_start = [t[falling]]
    span_end = [np.where(closes, t[np.minimum(nxt, n - 1)] if n else 0.0, end_s)]

    # Tracks already below zero at the window start: their first crossing (rising) closes it.
    first = np.full(n_tracks, -1)
    if n:
        is_first = np.r_[True, track[1:] != track[:-1]]
        first[track[is_first]] = np.flatnonzero(is_first)
    lead = np.flatnonzero(np.asarray(negative_at_start, dtype=bool))
    span_track.append(lead)
    span_start.append(np.full(lead.size, float(start_s)))
    span_end.append(np.where(first[lead] >= 0, t[np.maximum(first[lead], 0)] if n else end_s, end_s))
    order_track = np.concatenate(span_track).astype(int)
    starts, ends = np.concatenate(span_start), np.concatenate(span_end)
    order = np.lexsort((starts, order_track))
    return order_track[order], starts[order], ends[order]
