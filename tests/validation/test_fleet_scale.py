"""Fleet-scale kernels (``orbit.fleet``) against the generic grid-and-root-finding path.

The reference is ``eclipse.find_eclipses`` / ``contacts.find_passes`` on the same closed-form
J2 orbits (``DesignedFleet``): dense 60 s grid, bracketing, bisection to 1 ms; that path is
itself validated against skyfield on real TLEs (test_events_skyfield.py). Orbits cover low and
high beta, polar and equatorial planes, and grazing dawn-dusk eclipses near the limit.
Tolerances: eclipse edges 0.05 s (fleet tolerance 0.01 s); contact time per satellite and
station 0.5 % + 10 s (the fleet path solves passes in closed form on a sphere through the
station with a first-order geodetic-horizon correction, so a pass that barely clears the mask
can be lost).
"""

import numpy as np
import pytest

from orbitaldc.orbit.contacts import Station, find_passes
from orbitaldc.orbit.eclipse import find_eclipses
from orbitaldc.orbit.elements import sso_inclination_deg
from orbitaldc.orbit.fleet import fleet_contacts, fleet_eclipses
from orbitaldc.orbit.geometry import circular_orbit_geometry
from orbitaldc.orbit.propagate import CircularJ2Trajectory, DesignedFleet
from orbitaldc.orbit.sun import days_since_j2000, mean_sun_right_ascension_rad

T0 = np.datetime64("2027-06-10T00:00:00", "ns")
ALT = np.array([550.0, 550.0, 550.0, 1200.0, 1200.0, 800.0, 1300.0, 1335.0])
INC = np.array([53.0, 97.6, 0.0, 80.0, 30.0, 98.6, 0.0, 0.0])
INC[6:] = sso_inclination_deg(ALT[6:])
RAAN = np.array([0.0, 40.0, 0.0, 200.0, 300.0, 77.0, 0.0, 0.0])
# Dawn-dusk nodes (LTAN 18 h) at 1,300-1,335 km: eclipses of a few minutes or less near the limit.
RAAN[6:] = np.degrees(mean_sun_right_ascension_rad(days_since_j2000(T0))) + 90.0 + np.array([0.0, 0.5])
TRAJ = CircularJ2Trajectory.from_elements(T0, ALT, INC, RAAN % 360.0, np.linspace(0, 300, ALT.size))
DURATION_S = 2 * 86400.0


def reference_eclipses():
    frame, _ = find_eclipses(DesignedFleet(TRAJ), T0, T0 + np.timedelta64(int(DURATION_S), "s"))
    sat = np.array([int(name.split("-")[1]) for name in frame.satellite])
    start = (frame.start - T0).dt.total_seconds().to_numpy()
    end = (frame.end - T0).dt.total_seconds().to_numpy()
    return sat, start, end


def test_eclipse_intervals_match_the_root_finder():
    fast = fleet_eclipses(TRAJ, DURATION_S, keep_intervals=True)
    sat, start, end = fast.intervals
    ref_sat, ref_start, ref_end = reference_eclipses()
    assert len(sat) == len(ref_sat) > 100
    a, b = np.lexsort((start, sat)), np.lexsort((ref_start, ref_sat))
    assert (sat[a] == ref_sat[b]).all()
    assert np.max(np.abs(start[a] - ref_start[b])) < 0.05
    assert np.max(np.abs(end[a] - ref_end[b])) < 0.05
    grazing = (end - start)[sat >= 6]
    assert grazing.size > 0 and grazing.min() < 600  # the limit cases are really exercised
    total = np.bincount(ref_sat, weights=ref_end - ref_start, minlength=TRAJ.n)
    np.testing.assert_allclose(fast.eclipse_s, total, atol=0.05 * 40)
    assert fast.count.sum() == len(ref_sat)


def test_annual_sunlit_fraction_matches_the_analytic_season():
    """A year of a 650 km dawn-dusk SSO: the fleet kernel and the analytic beta-angle season
    (validated against skyfield and flown orbits) agree on the sunlit fraction and the longest
    eclipse (sampling and the Sun's motion within an orbit bound the difference to ~1e-4)."""
    alt = 650.0
    inc = float(sso_inclination_deg(alt))
    raan = float(np.degrees(mean_sun_right_ascension_rad(days_since_j2000(T0)))) + 90.0
    traj = CircularJ2Trajectory.from_elements(T0, alt, inc, raan % 360, 0.0)
    fast = fleet_eclipses(traj, 365.25 * 86400.0)
    season = circular_orbit_geometry(alt, inc, T0, 1.0, ltan_h=18.0)
    assert float(fast.sunlit_fraction[0]) == pytest.approx(season.sunlit_fraction, abs=2e-4)
    assert float(fast.max_eclipse_s[0]) == pytest.approx(season.max_eclipse_s, abs=5.0)
    assert abs(int(fast.eclipse_days[0]) - season.eclipse_days_per_year) <= 3


STATIONS = [Station("Svalbard", 78.23, 15.39, 500.0, 5.0), Station("Wallops", 37.94, -75.46, 10.0, 10.0),
            Station("Equator", 0.5, 30.0, 0.0, 10.0), Station("Troll", -72.01, 2.54, 1275.0, 5.0)]


def test_contact_time_matches_exact_passes():
    fast = fleet_contacts(TRAJ, STATIONS, DURATION_S)
    passes, _ = find_passes(DesignedFleet(TRAJ), STATIONS, T0, T0 + np.timedelta64(int(DURATION_S), "s"))
    sat = np.array([int(name.split("-")[1]) for name in passes.satellite])
    sta = np.array([[s.name for s in STATIONS].index(name) for name in passes.station])
    seconds = (passes.set - passes.rise).dt.total_seconds().to_numpy()
    exact = np.zeros((TRAJ.n, len(STATIONS)))
    np.add.at(exact, (sat, sta), seconds)
    assert exact.sum() > 1e5
    assert np.all(np.abs(fast.station_contact_s - exact) <= 0.005 * exact + 10.0)
    assert abs(int(fast.passes.sum()) - len(passes)) <= 2
    # The union over stations and the longest gap agree with the exact passes too.
    from orbitaldc.timeline import union_and_longest_gap

    rise = (passes.rise - T0).dt.total_seconds().to_numpy()
    fall = (passes.set - T0).dt.total_seconds().to_numpy()
    for k in range(TRAJ.n):
        union, gap = union_and_longest_gap(rise[sat == k], fall[sat == k], DURATION_S)
        assert abs(fast.contact_s[k] - union) <= 0.005 * union + 10.0
        assert abs(fast.longest_gap_s[k] - gap) <= 60.0
    # Union over stations never exceeds the sum, and gaps are bounded by the window.
    assert np.all(fast.contact_s <= fast.station_contact_s.sum(axis=1) + 1e-6)
    assert np.all((fast.longest_gap_s > 0) & (fast.longest_gap_s <= DURATION_S))
