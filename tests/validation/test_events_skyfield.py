"""Eclipse intervals and passes of real TLEs against skyfield (JPL DE421 from skyfield-data).

Oracle, computed here with skyfield alone: ``EarthSatellite.at(t).is_sunlit(eph)`` sampled
every 10 s and each change refined by bisection to 1e-5 s; passes from
``EarthSatellite.find_events``. Satellites: ISS (51.6 deg, 420 km) and Sentinel-1A (693 km
dawn-dusk SSO in its eclipse season, with short grazing eclipses), over one day from each
TLE's epoch (tests/data/README.md). Tolerances are the issue's: 1 s for eclipse edges, 2 s
for rise, culmination and set (skyfield uses the real UT1 and polar motion; we take
UT1 = UTC and no polar motion).
"""

import datetime as dt

import numpy as np
import pytest
from conftest import ROOT

from orbitaldc.orbit.contacts import Station, find_passes
from orbitaldc.orbit.eclipse import find_eclipses
from orbitaldc.orbit.elsets import read_elements
from orbitaldc.orbit.propagate import Sgp4Fleet
from orbitaldc.orbit.sun import jpl_ephemeris

ELEMENTS = read_elements(ROOT / "tests" / "data" / "iss_sentinel1a.tle")
STATIONS = {"ISS (ZARYA)": Station("Wallops", 37.94, -75.46, 10.0, 10.0),
            "SENTINEL-1A": Station("Svalbard", 78.23, 15.39, 500.0, 5.0)}


def skyfield_time(ts, when: np.datetime64):
    return ts.from_datetime(when.astype("datetime64[us]").astype(object).replace(tzinfo=dt.UTC))


def skyfield_sunlit_changes(element_set, start, seconds):
    from skyfield.api import EarthSatellite

    eph, ts = jpl_ephemeris()
    sat = EarthSatellite.from_satrec(element_set.satrec, ts)
    t0 = skyfield_time(ts, start)

    def lit(s):
        return sat.at(ts.tt_jd(t0.tt + np.asarray(s, dtype=float) / 86400.0)).is_sunlit(eph)

    grid = np.arange(0.0, seconds + 1e-9, 10.0)
    values = lit(grid)
    k = np.flatnonzero(values[1:] != values[:-1])
    lo, hi, at_lo = grid[k], grid[k + 1], values[k]
    for _ in range(20):
        mid = 0.5 * (lo + hi)
        same = lit(mid) == at_lo
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    return 0.5 * (lo + hi)


@pytest.mark.parametrize("element_set", ELEMENTS, ids=lambda e: e.name)
def test_shadow_edges_within_one_second_of_skyfield(element_set):
    start = element_set.epoch.astype("datetime64[s]")
    frame, problems = find_eclipses(Sgp4Fleet([element_set]), start, start + np.timedelta64(1, "D"), "shadow")
    assert problems == []
    edges = np.sort(np.r_[(frame.start - start).dt.total_seconds(), (frame.end - start).dt.total_seconds()])
    edges = edges[(edges > 1e-3) & (edges < 86400 - 1e-3)]  # window edges are clips, not events
    oracle = skyfield_sunlit_changes(element_set, start, 86400.0)
    assert len(edges) == len(oracle) > 10
    assert np.max(np.abs(edges - oracle)) < 1.0


@pytest.mark.parametrize("element_set", ELEMENTS, ids=lambda e: e.name)
def test_passes_within_two_seconds_of_skyfield(element_set):
    from skyfield.api import EarthSatellite, wgs84

    station = STATIONS[element_set.name]
    start = element_set.epoch.astype("datetime64[s]")
    end = start + np.timedelta64(1, "D")
    frame, _ = find_passes(Sgp4Fleet([element_set]), [station], start, end)
    eph, ts = jpl_ephemeris()
    sat = EarthSatellite.from_satrec(element_set.satrec, ts)
    site = wgs84.latlon(station.lat_deg, station.lon_deg, station.elevation_m)
    times, kinds = sat.find_events(site, skyfield_time(ts, start), skyfield_time(ts, end),
                                   altitude_degrees=station.min_elevation_deg)
    oracle = np.array([np.datetime64(t.utc_datetime().replace(tzinfo=None), "ns") for t in times])
    for kind, column in enumerate(("rise", "culmination", "set")):
        expected = oracle[kinds == kind]
        assert len(expected) == len(frame) > 2
        error_s = np.abs((frame[column].to_numpy() - expected) / np.timedelta64(1, "s"))
        assert error_s.max() < 2.0, column
    alt = (sat - site).at(ts.from_datetimes([t.replace(tzinfo=dt.UTC) for t in
                                              frame.culmination.dt.to_pydatetime()])).altaz()[0].degrees
    np.testing.assert_allclose(frame.max_elevation_deg, alt, atol=0.02)


def test_penumbra_phases_bracket_the_umbra():
    """Partial phases sit at both ends of each total one, each lasting ~8-26 s in LEO
    (Vallado, 4th ed., sec. 5.3: the penumbral transit takes seconds in low orbit)."""
    iss = ELEMENTS[0]
    start = iss.epoch.astype("datetime64[s]")
    end = start + np.timedelta64(6, "h")
    fleet = Sgp4Fleet([iss])
    umbra, _ = find_eclipses(fleet, start, end, "umbra")
    partial, _ = find_eclipses(fleet, start, end, "penumbra")
    shadow, _ = find_eclipses(fleet, start, end, "shadow")
    inner = umbra[(umbra.start > start) & (umbra.end < end)]
    assert len(inner) >= 3
    for _, u in inner.iterrows():
        before = partial[partial.end == u.start]
        after = partial[partial.start == u.end]
        assert len(before) == len(after) == 1
        assert 5.0 < before.duration_s.iloc[0] < 30.0 and 5.0 < after.duration_s.iloc[0] < 30.0
        s = shadow[(shadow.start > u.start - np.timedelta64(60, "s")) & (shadow.end < u.end + np.timedelta64(60, "s"))]
        assert len(s) == 1 and before.start.iloc[0] < s.start.iloc[0] < u.start
