"""Regressions from the QA pass of the orbit/event paths against skyfield (JPL DE421 from skyfield-data).

Oracle: skyfield alone -- ``EarthSatellite.find_events`` / ``altaz`` for passes and
``is_sunlit`` (sampled every 10 s, changes bisected to 1e-4 s) for eclipses, as in
tests/validation/test_events_skyfield.py. Element sets are the QA's synthetic ones (zero drag).
"""


import numpy as np
import pytest

from orbitaldc.errors import ScenarioError
from orbitaldc.orbit.contacts import Station, find_passes
from orbitaldc.orbit.elset_fleet import elset_fleet
from orbitaldc.orbit.elsets import read_elements
from orbitaldc.orbit.propagate import Sgp4Fleet
from orbitaldc.orbit.sun import jpl_ephemeris
from tests.test_cli_errors import orbitaldc
from tests.validation.test_events_skyfield import skyfield_sunlit_changes
from tests.validation.test_events_skyfield import skyfield_time as _sky_time

MOLNIYA = """MOLNIYA
1 91001U 24001A   22172.00000000  .00000000  00000-0  00000+0 0  9991
2 91001  63.4000 100.0000 7407230 270.0000   0.0000  2.00929118    12
"""
EQUATORIAL = """EQ-0.0
1 95000U 24001A   23355.12500000  .00000000  00000-0  00000+0 0  9996
2 95000   0.0000   0.0000 0002000   0.0000   0.0000 14.57889791    18
"""
ECC_02 = """ECC0.2
1 97003U 24001A   22172.00000000  .00000000  00000-0  00000+0 0  9999
2 97003  20.0000  77.0000 2000000 150.0000   0.0000 10.65685083    18
"""
ECC_03 = """E0.3
1 91005U 24001A   22172.00000000  .00000000  00000-0  00000+0 0  9995
2 91005  10.0000 300.0000 3000000 200.0000   0.0000  8.33165888    17
"""


def _sets(tmp_path, text):
    path = tmp_path / "sets.tle"
    path.write_text(text)
    return read_elements(path, "tle")


def _skyfield_sunlit_changes(element_set, start, seconds):
    """The shadow edges (s from ``start``, tests/validation/test_events_skyfield.py) and whether the
    satellite is sunlit at ``start``."""
    from skyfield.api import EarthSatellite

    eph, ts = jpl_ephemeris()
    t0 = _sky_time(ts, start)
    lit_at_start = bool(EarthSatellite.from_satrec(element_set.satrec, ts).at(t0).is_sunlit(eph))
    return skyfield_sunlit_changes(element_set, start, seconds), lit_at_start


def _skyfield_contact_s(element_set, station, start, seconds):
    """Seconds above the mask from skyfield's rise/set events (spans open at an edge clipped)."""
    from skyfield.api import EarthSatellite, wgs84

    eph, ts = jpl_ephemeris()
    sat = EarthSatellite.from_satrec(element_set.satrec, ts)
    site = wgs84.latlon(station.lat_deg, station.lon_deg, station.elevation_m)
    t0 = _sky_time(ts, start)
    t1 = ts.tt_jd(t0.tt + seconds / 86400.0)
    times, kinds = sat.find_events(site, t0, t1, altitude_degrees=station.min_elevation_deg)
    up = (sat - site).at(t0).altaz()[0].degrees > station.min_elevation_deg
    total, since, n = 0.0, (0.0 if up else None), 0
    for t, k in zip(times, kinds, strict=True):
        s = (t.tt - t0.tt) * 86400.0
        if k == 0:
            since = s
        elif k == 2 and since is not None:
            total, since, n = total + s - since, None, n + 1
    if since is not None:
        total, n = total + seconds - since, n + 1
    return total, n


def test_molniya_culmination_is_the_highest_of_several_peaks(tmp_path):
    """A 11.5 h Molniya pass over (0, 0) has two elevation peaks; the later end is 57.9 deg but
    the true maximum, early in the pass, is 81.27 deg (skyfield)."""
    from skyfield.api import EarthSatellite, wgs84

    (element_set,) = _sets(tmp_path, MOLNIYA)
    station = Station("Gulf", 0.0, 0.0, 0.0, 0.0)
    start, end = np.datetime64("2022-06-21T12:00:00"), np.datetime64("2022-06-22T00:00:00")
    frame, _ = find_passes(Sgp4Fleet([element_set]), [station], start, end)
    assert len(frame) == 1
    eph, ts = jpl_ephemeris()
    sat = EarthSatellite.from_satrec(element_set.satrec, ts)
    site = wgs84.latlon(0.0, 0.0, 0.0)
    times, kinds = sat.find_events(site, _sky_time(ts, start), _sky_time(ts, end), altitude_degrees=0.0)
    culminations = times[kinds == 1]
    altitudes = (sat - site).at(culminations).altaz()[0].degrees
    assert len(culminations) >= 2  # the case: more than one peak in the pass
    best = int(np.argmax(altitudes))
    truth = np.datetime64(culminations[best].utc_datetime().replace(tzinfo=None), "ns")
    assert abs(frame.max_elevation_deg.iloc[0] - altitudes[best]) < 0.01
    assert abs((frame.culmination.iloc[0] - truth).total_seconds()) < 2.0


def test_windows_past_de421_are_refused_with_one_line():
    from orbitaldc.orbit.sun import sun_teme_km
    from orbitaldc.orbit.timewindow import DE421_END_UTC, parse_window

    with pytest.raises(ScenarioError) as err:
        parse_window("2055-03-01", "2055-03-02")
    assert err.value.field == "--start" and "2053-10-09" in str(err.value) and "DE421" in str(err.value)
    with pytest.raises(ScenarioError) as err:
        parse_window("2053-10-08", "2053-10-10")
    assert err.value.field == "--end"
    t0, t1 = parse_window("2053-10-08T00:00:00Z", "2053-10-08T23:58:00Z")
    # The last accepted instant is inside the ephemeris file itself (no EphemerisRangeError).
    assert np.all(np.isfinite(sun_teme_km(t0, np.array([0.0, (DE421_END_UTC - t0) / np.timedelta64(1, "s")]))))


def test_passes_after_de421_exit_2_not_internal(tmp_path):
    path = tmp_path / "y2055.tle"
    path.write_text("""Y2055
1 94001U 24001A   55060.00000000  .00000000  00000-0  00000+0 0  9996
2 94001  51.6000  10.0000 0005000  90.0000   0.0000 15.21937835    18
""")
    for command in (["passes", "--lat", "0", "--lon", "0"], ["eclipses"]):
        proc = orbitaldc(*command, "--tle", str(path), "--start", "2055-03-01", "--end", "2055-03-02")
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            "error: --start: 2055-03-01T00:00:00Z is after 2053-10-09, the end of the shipped JPL DE421 ephemeris"]


def _check_eclipses_against_skyfield(out, element_set, start, seconds):
    changes, lit_at_start = _skyfield_sunlit_changes(element_set, start, seconds)
    _, a, b = out.eclipses.intervals
    edges = np.sort(np.r_[a, b])
    edges = edges[(edges > 1e-3) & (edges < seconds - 1e-3)]
    assert len(edges) == len(changes) > 10
    assert np.max(np.abs(edges - changes)) < 1.0
    bounds = np.r_[0.0, changes, seconds]
    dark = np.diff(bounds)[(np.arange(bounds.size - 1) % 2 == 0) != bool(lit_at_start)]
    assert abs(out.eclipses.max_eclipse_s[0] - dark.max()) < 2.0


def test_elset_fleet_equatorial_set_matches_skyfield(tmp_path):
    """i = 0 gave 64.8 min eclipses (truth 33.9) silently, or was dropped ('no convergence')."""
    (element_set,) = _sets(tmp_path, EQUATORIAL)
    start = element_set.epoch.astype("datetime64[s]")
    out = elset_fleet([element_set], start, 86400.0, keep_intervals=True)
    assert out.problems == () and out.usable.all()
    _check_eclipses_against_skyfield(out, element_set, start, 86400.0)


QA_STATIONS = [Station("North78", 78.0, 15.0, 450.0, 5.0), Station("South78", -78.0, 166.7, 0.0, 10.0),
               Station("Equator", 0.0, 0.0, 0.0, 0.0), Station("Dateline", -0.5, 180.0, 100.0, 20.0)]


@pytest.mark.parametrize("routed", [True, False], ids=["routed-by-eccentricity", "retried-after-no-convergence"])
def test_elset_fleet_keeps_an_eccentric_set_newton_cannot_refine(tmp_path, monkeypatch, routed):
    """e = 0.2: on 2022-06-22 the Newton refinement does not converge; the set was dropped and a
    one-set scenario refused. Whether it is routed to the root finder up front or retried there
    after the failure, it must be kept and agree with skyfield."""
    import orbitaldc.orbit.elset_fleet as module

    if not routed:
        monkeypatch.setattr(module, "ECCENTRIC_E", 9.0)
    (element_set,) = _sets(tmp_path, ECC_02)
    start, seconds = np.datetime64("2022-06-22T00:00:00"), 86400.0
    out = elset_fleet([element_set], start, seconds, stations=QA_STATIONS, keep_intervals=True)
    assert out.problems == () and out.usable.all()
    _check_eclipses_against_skyfield(out, element_set, start, seconds)
    for j, station in enumerate(QA_STATIONS):
        truth_s, _ = _skyfield_contact_s(element_set, station, start, seconds)
        assert abs(out.contacts.station_contact_s[0, j] - truth_s) < 10.0


def test_elset_fleet_counts_every_pass_of_an_eccentric_leo(tmp_path):
    """e = 0.3 over a date-line station: the per-revolution path missed the 00:40 pass."""
    (element_set,) = _sets(tmp_path, ECC_03)
    station = Station("Dateline", -0.5, 180.0, 100.0, 20.0)
    start, seconds = np.datetime64("2022-06-20T00:00:00"), 86400.0
    out = elset_fleet([element_set], start, seconds, stations=[station])
    truth_s, truth_n = _skyfield_contact_s(element_set, station, start, seconds)
    assert out.contacts.passes[0] == truth_n
    assert abs(out.contacts.contact_s[0] - truth_s) < 10.0


def test_element_files_bom_directory_and_omm_suffix(tmp_path):
    bom = tmp_path / "bom.tle"
    bom.write_bytes(b"\xef\xbb\xbf" + ECC_03.encode())
    assert [e.name for e in read_elements(bom, "tle")] == ["E0.3"]
    with pytest.raises(ScenarioError, match="is a directory"):
        read_elements(tmp_path, "tle")
    txt = tmp_path / "x.txt"
    txt.write_text("x")
    with pytest.raises(ScenarioError) as err:
        read_elements(txt, "omm")
    assert err.value.field == str(txt) and str(txt) not in err.value.why and "use json, xml or csv" in err.value.why
