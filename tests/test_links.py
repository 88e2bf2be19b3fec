"""Unit and property tests of inter-satellite links and formation flying."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitaldc.orbit.elements import mean_motion_rad_s, orbital_period_s
from orbitaldc.orbit.formation import (
    FormationFleet,
    FormationTrajectory,
    cluster_offsets,
    differential_drag_along_track_m,
    hcw_state,
    neighbour_distance_stats,
    neighbour_pairs,
)
from orbitaldc.orbit.links import (
    DEFAULT_GRAZING_ALTITUDE_KM,
    line_of_sight_margin_km,
    link_windows,
    optical_data_rate_bps,
    pair_range_km,
)
from orbitaldc.orbit.propagate import CircularJ2Trajectory, DesignedFleet

T0 = np.datetime64("2027-03-01T00:00:00", "ns")
N650 = float(mean_motion_rad_s(650.0))
PERIOD_S = float(orbital_period_s(650.0))


def _ring(arglats_deg, altitudes_km=550.0, inclinations_deg=53.0, raans_deg=0.0):
    return CircularJ2Trajectory.from_elements(T0, altitudes_km, inclinations_deg, raans_deg, arglats_deg)


def test_range_is_symmetric_and_matches_the_chord():
    traj = _ring([0.0, 30.0, 170.0])
    t = np.linspace(0, 6000, 7)
    forward = pair_range_km(traj, [[0, 1], [0, 2]], t)
    backward = pair_range_km(traj, [[1, 0], [2, 0]], t)
    np.testing.assert_allclose(forward, backward, rtol=0, atol=1e-9)
    a = 6378.137 + 550.0
    np.testing.assert_allclose(forward[0], 2 * a * np.sin(np.radians(15.0)), rtol=1e-9)


def test_opposite_sides_of_earth_are_blocked_and_neighbours_are_not():
    r = np.array([7000.0, 0.0, 0.0])
    assert line_of_sight_margin_km(r, -r) == pytest.approx(-6378.137 - DEFAULT_GRAZING_ALTITUDE_KM)
    assert line_of_sight_margin_km(r, r + [0.0, 100.0, 0.0]) == pytest.approx(7000.0 - 6378.137 - 100.0)
    # Nearly opposite but out of plane: still blocked.
    assert line_of_sight_margin_km(r, [-6900.0, 500.0, 900.0]) < 0


def test_link_windows_always_never_and_sometimes():
    # Same plane: 20 deg apart always in sight; 180 deg apart never; a higher, slower
    # satellite in the same plane drifts in and out of sight.
    traj = _ring([0.0, 20.0, 180.0, 90.0], [550.0, 550.0, 550.0, 1500.0])
    fleet = DesignedFleet(traj, names=["a", "b", "c", "d"])
    end = T0 + np.timedelta64(12, "h")
    windows, problems = link_windows(fleet, [[0, 1], [0, 2], [0, 3]], T0, end)
    assert problems == []
    always = windows[windows.pair == 0]
    assert len(always) == 1 and always.duration_s.iloc[0] == pytest.approx(12 * 3600.0)
    assert (windows.pair == 1).sum() == 0
    some = windows[windows.pair == 2]
    assert 2 <= len(some) and some.duration_s.sum() < 12 * 3600.0 - 60.0
    # At every interior edge the margin is zero (refined to 1 ms).
    inner = some[(some.start > T0) & (some.end < end)]
    for column in ("start", "end"):
        t = (inner[column] - T0).dt.total_seconds().to_numpy()
        r0 = traj.state(np.zeros(len(t), int), t)[0]
        r3 = traj.state(np.full(len(t), 3), t)[0]
        assert np.max(np.abs(line_of_sight_margin_km(r0, r3))) < 0.05  # km; ~7 km/s x 1 ms


@settings(max_examples=40, deadline=None)
@given(st.floats(20.0, 40_000.0), st.floats(1.5, 10.0))
def test_data_rate_falls_as_inverse_square_below_the_cap(range_km, factor):
    kwargs = dict(aperture_tx_m=0.08, aperture_rx_m=0.08, power_w=1.0, wavelength_m=1550e-9,
                  photons_per_bit=50.0, efficiency=0.5)
    near = optical_data_rate_bps(range_km, **kwargs)
    far = optical_data_rate_bps(range_km * factor, **kwargs)
    assert far == pytest.approx(near / factor**2, rel=1e-9)
    capped = optical_data_rate_bps(range_km, max_rate_bps=near / 2, **kwargs)
    assert capped == pytest.approx(near / 2)


@pytest.mark.parametrize("layout", ["orbital", "rigid"])
def test_cluster_stays_within_its_radius_and_keeps_its_spacing(layout):
    traj = FormationTrajectory.cluster(T0, 81, 1000.0, 100.0, layout=layout)
    everyone = np.array([[0, k] for k in range(1, traj.n)])
    _, farthest = neighbour_distance_stats(traj, everyone, 0.0, 2 * PERIOD_S, 30.0)
    assert farthest.max() <= 1000.0
    pairs = neighbour_pairs(traj.offsets, N650, 100.0)
    assert len(pairs) >= 2 * traj.n  # a hexagonal interior has 6 neighbours each
    closest, widest = neighbour_distance_stats(traj, pairs, 0.0, 2 * PERIOD_S, 10.0)
    np.testing.assert_allclose(closest, 100.0, atol=1e-3)
    np.testing.assert_allclose(widest, 200.0 if layout == "orbital" else 100.0, atol=1e-3)


def test_hcw_offsets_are_periodic_and_the_chief_sits_at_offset_zero():
    offsets = cluster_offsets(19, 500.0, 100.0)
    after = hcw_state(offsets, N650, 2 * np.pi / N650)
    np.testing.assert_allclose(after, offsets, atol=1e-8)
    assert np.all(offsets[0] == 0)
    traj = FormationTrajectory.cluster(T0, 19, 500.0, 100.0)
    t = np.array([0.0, 1234.5, 5000.0])
    np.testing.assert_allclose(traj.state(np.zeros(3, int), t)[0], traj.chief.state(np.zeros(3, int), t)[0])


def test_formation_velocity_is_the_derivative_of_position():
    traj = FormationTrajectory.cluster(T0, 37, 1000.0, 100.0, layout="rigid")
    sat, t, h = np.arange(37), np.full(37, 2000.0), 0.01
    numeric = (traj.state(sat, t + h)[0] - traj.state(sat, t - h)[0]) / (2 * h)
    np.testing.assert_allclose(traj.state(sat, t)[1], numeric, atol=1e-9)  # km/s


def test_formation_fleet_links_are_always_in_sight():
    traj = FormationTrajectory.cluster(T0, 7, 300.0, 100.0)
    fleet = FormationFleet(traj)
    pairs = neighbour_pairs(traj.offsets, N650, 100.0)
    windows, _ = link_windows(fleet, pairs, T0, T0 + np.timedelta64(3, "h"))
    assert len(windows) == len(pairs) and np.allclose(windows.duration_s, 3 * 3600.0)


def test_differential_drag_grows_quadratically():
    y = differential_drag_along_track_m(0.0044, [PERIOD_S, 2 * PERIOD_S])
    assert y[1] == pytest.approx(4 * y[0])
    assert 0.1 < y[0] < 5.0  # metres after one orbit at 650 km, moderate activity


@pytest.mark.parametrize("call, field", [
    (lambda: cluster_offsets(81, -1.0, 100.0), "radius_m"),
    (lambda: cluster_offsets(81, 1000.0, -5.0), "spacing_m"),
    (lambda: cluster_offsets(81, 100.0, 200.0), "spacing_m"),
    (lambda: cluster_offsets(500, 1000.0, 100.0), "radius_m"),
    (lambda: cluster_offsets(0, 1000.0, 100.0), "n_satellites"),
    (lambda: cluster_offsets(7, 1000.0, 100.0, layout="cube"), "layout"),
    (lambda: optical_data_rate_bps(100.0, 0.1, 0.1, 1.0, 0.0, photons_per_bit=10.0), "wavelength_m"),
    (lambda: optical_data_rate_bps(100.0, 0.1, 0.1, 1.0, -1e-6, photons_per_bit=10.0), "wavelength_m"),
    (lambda: optical_data_rate_bps(-5.0, 0.1, 0.1, 1.0, 1550e-9, photons_per_bit=10.0), "range_km"),
    (lambda: optical_data_rate_bps(100.0, 0.0, 0.1, 1.0, 1550e-9, photons_per_bit=10.0), "aperture_m"),
    (lambda: optical_data_rate_bps(100.0, 0.1, 0.1, 1.0, 1550e-9, photons_per_bit=10.0, efficiency=1.5),
     "efficiency"),
    (lambda: optical_data_rate_bps(100.0, 0.1, 0.1, 1.0, 1550e-9, photons_per_bit=0.0), "photons_per_bit"),
    (lambda: pair_range_km(_ring([0.0, 10.0]), [[0, 0]], [0.0]), "pairs"),
    (lambda: pair_range_km(_ring([0.0, 10.0]), [0, 1], [0.0]), "pairs"),
    (lambda: hcw_state(np.zeros((3, 5)), N650, 0.0), "offsets"),
])
def test_bad_input_names_the_argument(call, field):
    with pytest.raises(ValueError, match=field):
        call()
