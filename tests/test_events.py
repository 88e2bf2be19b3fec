"""The root-finding helper: plain crossings, and pairs hidden between two grid points."""

import numpy as np
import pytest

from orbitaldc.orbit.events import Crossings, find_crossings, intervals_below_zero


def parabola(center, depth, width_s):
    """g = ((t - c)/w)^2 - depth: below zero for |t - c| < w sqrt(depth)."""
    center, depth = np.asarray(center, float), np.asarray(depth, float)

    def g(track, t):
        return ((t - center[track]) / width_s) ** 2 - depth[track]

    return g


@pytest.mark.parametrize("half_s", [0.5, 4.0, 13.0, 45.0, 200.0])
@pytest.mark.parametrize("center", [1000.0, 1030.0, 1059.9, 0.2, 3599.7])
def test_dips_shorter_than_the_grid_are_found(half_s, center):
    width = 100.0
    depth = (half_s / width) ** 2
    grid = np.arange(0.0, 3600.0 + 1e-9, 60.0)
    c = find_crossings(parabola([center], [depth], width), 1, grid)
    expected = np.array([center - half_s, center + half_s])
    expected = expected[(expected >= 0) & (expected <= 3600)]
    assert c.t_s == pytest.approx(expected, abs=2e-3)
    assert list(c.rising) == [t > center for t in expected]


def test_bumps_above_zero_inside_a_negative_stretch():
    def g(track, t):  # negative everywhere but a 10 s bump around t = 777
        return -1.0 + 1.1 * np.exp(-(((t - 777.0) / 30.0) ** 2))

    c = find_crossings(g, 1, np.arange(0.0, 1800.0 + 1e-9, 60.0))
    assert len(c.t_s) == 2 and c.rising[0] and not c.rising[1]
    assert c.t_s.mean() == pytest.approx(777.0, abs=1e-3)


def test_far_extrema_cost_nothing_and_many_tracks_stay_separate():
    centers = np.array([500.0, 1500.0, 2500.0])
    depths = np.array([0.01, 4.0, -1.0])  # short dip, long dip, a minimum that stays positive
    c = find_crossings(parabola(centers, depths, 100.0), 3, np.arange(0.0, 3600.0 + 1e-9, 60.0))
    assert list(c.track) == [0, 0, 1, 1]
    assert c.t_s == pytest.approx([490.0, 510.0, 1300.0, 1700.0], abs=2e-3)


def test_intervals_clip_at_the_window():
    c = Crossings(track=np.array([0, 1, 1]), t_s=np.array([50.0, 10.0, 20.0]), rising=np.array([True, False, True]))
    track, start, end = intervals_below_zero(c, 3, 0.0, 100.0, np.array([True, False, True]))
    assert list(track) == [0, 1, 2] and list(start) == [0.0, 10.0, 0.0] and list(end) == [50.0, 20.0, 100.0]
