"""Element sets at fleet scale in the timeline: the shipped catalogue example (on a subset), the
switch to a designed constellation stated in the output, and bad input as one-line errors."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from conftest import ROOT
from test_cli_errors import assert_one_line_error, orbitaldc

from orbitaldc import load_scenario, run

CATALOGUE_DIR = ROOT / "examples" / "catalogue"
ENVIRONMENT_KEYS = {"orbit_period_min", "inclination_deg", "sunlit_fraction", "max_eclipse_min",
                    "eclipse_days_per_year", "beta_angle_deg", "contact_min_per_day", "dose_rad_si_per_year",
                    "orbital_lifetime_years"}


def subset_scenario(tmp_path, sets: int, element_set_days: float, horizon_years: float):
    """The shipped catalogue example on its first ``sets`` element sets."""
    lines = (CATALOGUE_DIR / "starlink-2023-07-18.tle").read_text().splitlines()
    (tmp_path / "subset.tle").write_text("\n".join(lines[: 3 * sets]) + "\n")
    doc = yaml.safe_load((CATALOGUE_DIR / "starlink-catalogue.yaml").read_text())
    doc["constellation"]["orbit"].update(tle="subset.tle", element_set_days=element_set_days)
    doc["horizon_years"] = horizon_years
    path = tmp_path / "subset.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_catalogue_example_validates():
    proc = orbitaldc("validate", str(CATALOGUE_DIR / "starlink-catalogue.yaml"))
    assert proc.returncode == 0, proc.stderr


def test_catalogue_beyond_element_set_days_continues_designed_and_says_so(tmp_path):
    doc = run(load_scenario(subset_scenario(tmp_path, 24, 2.0, 0.02))).document()
    env = doc["environment"]
    assert ENVIRONMENT_KEYS <= env.keys()
    assert "sgp4 over the first 2 days" in env["model"] and "designed constellation" in env["model"]
    assert "errs by up to" in env["model"]
    assert any("element_set_days" in p for p in doc["problems"])
    shells = env["shells"]
    assert sum(s["satellites"] for s in shells) == env["satellites_evaluated"] > 20
    assert all(0.0 < s["sunlit_fraction"]["min"] <= s["sunlit_fraction"]["max"] <= 1.0 for s in shells)
    # The catalogue's first sets are the 53 deg shell of 2019-2020 (STARLINK-1007 on).
    assert any(abs(s["inclination_deg"] - 53.0) < 0.6 for s in shells)


def test_within_element_set_days_there_is_no_switch(tmp_path):
    doc = run(load_scenario(subset_scenario(tmp_path, 6, 30.0, 0.005))).document()
    assert "designed constellation" not in doc["environment"]["model"]
    assert not any("element_set_days" in p for p in doc["problems"])


@pytest.mark.parametrize("value", ["0", "-3", "1000", "thirty"])
def test_bad_element_set_days_is_a_one_line_error(tmp_path, value):
    text = (CATALOGUE_DIR / "starlink-catalogue.yaml").read_text().replace("element_set_days: 30",
                                                                           f"element_set_days: {value}")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    (tmp_path / "starlink-2023-07-18.tle").write_text("")
    assert_one_line_error(orbitaldc("validate", str(path)), "constellation.orbit")


def test_element_set_work_beyond_the_limit_is_refused():
    from orbitaldc import limits
    from orbitaldc.errors import ScenarioError

    limits.check_element_set_work(10_000, 10, 365.0)  # the benchmark's case
    with pytest.raises(ScenarioError, match="above the limit"):
        limits.check_element_set_work(10_000, 12, 365.25)


def test_union_and_gap_match_the_timeline_helper():
    from orbitaldc.orbit.elset_events import union_and_gap
    from orbitaldc.timeline import union_and_longest_gap

    rng = np.random.default_rng(5)
    sat = np.sort(rng.integers(0, 4, 60))
    start = rng.uniform(0.0, 1000.0, 60)
    end = start + rng.uniform(1.0, 80.0, 60)
    end = np.minimum(end, 1000.0)
    order = np.lexsort((start, sat))
    union, gap = union_and_gap(sat[order], start[order], end[order], 5, 1000.0)
    for k in range(5):
        expected = union_and_longest_gap(start[sat == k], end[sat == k], 1000.0)
        assert union[k] == pytest.approx(expected[0]) and gap[k] == pytest.approx(expected[1])


def test_slow_orbits_go_through_the_root_finder_and_merge_in_place():
    """A GPS-like set (period 12 h: stations never lap it) is handed to the root finder; its
    statistics land in its own row, the LEO set's come from the fast path."""
    from sgp4.api import WGS72, Satrec

    from orbitaldc.orbit.contacts import Station
    from orbitaldc.orbit.elset_events import reference_statistics
    from orbitaldc.orbit.elset_fleet import EPOCH_1949, elset_fleet
    from orbitaldc.orbit.elsets import ElementSet, read_elements

    leo = read_elements(CATALOGUE_DIR / "starlink-2023-07-18.tle")[0]
    gps = Satrec()
    gps.sgp4init(WGS72, "i", 99001, leo.satrec.jdsatepoch - EPOCH_1949 + leo.satrec.jdsatepochF, 0.0, 0.0, 0.0,
                 0.001, 0.5, np.radians(55.0), 1.0, 2 * np.pi / 717.97, 2.0)
    sets = [ElementSet("GPS-LIKE", 99001, gps), leo]
    stations = [Station("Wallops", 37.94, -75.46, 10.0, 10.0)]
    t0 = np.datetime64("2023-07-18T00:00:00", "ns")
    fast = elset_fleet(sets, t0, 86400.0, stations, workers=1)
    assert fast.reference_satellites == 1
    ref = reference_statistics(sets[:1], stations, t0, 86400.0)
    assert fast.contacts.station_contact_s[0, 0] == pytest.approx(ref["station_contact_s"][0, 0])
    assert fast.contacts.station_contact_s[0, 0] > 3600.0  # a MEO satellite stays in view for hours
    leo_ref = reference_statistics(sets[1:], stations, t0, 86400.0)  # the LEO row: the fast path's own
    assert fast.contacts.passes[1] == leo_ref["passes"][0] > 0
    assert fast.eclipses.count[1] == leo_ref["count"][0]
