"""No input the schema accepts hangs or exhausts memory (issue 15): the whole altitude range runs,
and every input that sets the size of the work is refused one step beyond its limit
(docs/limits.md) with one stderr line and exit code 2. Full-size timings are in docs/limits.md."""

import json
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

from orbitaldc import limits
from orbitaldc.orbit.elements import max_sso_altitude_km
from orbitaldc.scenario import parse_scenario
from tests.test_cli_errors import assert_one_line_error, orbitaldc

EXAMPLES = Path(__file__).parent.parent / "examples" / "scenarios"


def scenario(**orbit):
    data = yaml.safe_load((EXAMPLES / "starcloud-1.yaml").read_text())
    data["constellation"]["orbit"] = orbit
    data["horizon_years"] = 2.0 / 365.25
    return data


@pytest.mark.parametrize("altitude_km", [160, 400, 2000, 8000, 20200, 35786, 35900, 36000])
def test_circular_orbits_over_the_whole_altitude_range_finish(altitude_km):
    from orbitaldc import run

    for inclination in (0.0, 53.0, 150.0):
        start = time.perf_counter()
        result = run(parse_scenario(scenario(kind="circular", altitude_km=altitude_km,
                                             inclination_deg=inclination)))
        assert time.perf_counter() - start < 30.0  # was > 600 s at 35,900-36,000 km
        t = result.timeline
        for values in (t.sunlit_fraction, t.contact_min_per_day, t.longest_contact_gap_s):
            assert np.all(np.isfinite(values))
        assert np.all((t.contact_min_per_day >= 0) & (t.contact_min_per_day <= 1440.0 + 1e-6))


def test_sso_up_to_its_maximum_finishes():
    from orbitaldc import run

    for altitude_km in (400.0, 0.5 * max_sso_altitude_km(), max_sso_altitude_km() - 1.0):
        t = run(parse_scenario(scenario(kind="sso", altitude_km=altitude_km, ltan_h=10.5))).timeline
        assert np.all(np.isfinite(t.contact_min_per_day)) and np.all(np.isfinite(t.sunlit_fraction))


def test_geostationary_satellite_over_a_station_sees_it_all_day():
    """A stationary satellite never laps a station (the old per-conjunction loop hung here)."""
    from orbitaldc.orbit.contacts import Station
    from orbitaldc.orbit.fleet import fleet_contacts
    from orbitaldc.orbit.propagate import CircularJ2Trajectory

    traj = CircularJ2Trajectory.from_elements(np.datetime64("2027-06-10", "ns"), [35786.0, 36000.0], 0.0, 0.0, 0.0)
    c = fleet_contacts(traj, [Station("equator", 0.0, 0.0), Station("north", 60.0, 30.0)], 3 * 86400.0)
    assert np.all(np.isfinite(c.contact_s))
    assert c.longest_gap_s.max() <= 3 * 86400.0


def write(tmp_path, data) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_satellites_beyond_the_timeline_limit_are_priced_with_a_note(tmp_path):
    data = scenario(kind="circular", altitude_km=550, inclination_deg=53.0)
    data["constellation"]["satellites"] = limits.MAX_SATELLITES + 1
    # never a MemoryError: the timeline is skipped, the environment is the analytic orbit's, and the result says so
    proc = orbitaldc("timeline", write(tmp_path, data), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert any("timeline builds at most 1,000,000 satellites" in p for p in doc["problems"])
    data["constellation"]["satellites"] = limits.MAX_PRICED_SATELLITES + 1
    assert_one_line_error(orbitaldc("validate", write(tmp_path, data)), "constellation.satellites",
                          "limit", "docs/limits.md")


def test_check_work_limits_refuses_one_step_beyond():
    from orbitaldc.errors import ScenarioError

    data = scenario(kind="circular", altitude_km=550, inclination_deg=53.0)
    limits.check_work_limits(parse_scenario(data))
    stations = [{"name": f"s{k}", "lat_deg": 0.0, "lon_deg": k * 0.1} for k in range(limits.MAX_STATIONS + 1)]
    with pytest.raises(ScenarioError, match="above the limit of 500") as err:
        limits.check_work_limits(parse_scenario({**data, "ground": {"stations": stations}}))
    assert err.value.field == "ground.stations"
    limits.check_work_limits(parse_scenario({**data, "ground": {"stations": stations[:-1]}}))
    with pytest.raises(ScenarioError) as err:
        limits.check_satellites(limits.MAX_SATELLITES + 1)
    assert err.value.field == "constellation.satellites"


def test_eclipse_window_beyond_the_limit_is_refused(tmp_path):
    # 16 satellites x 729 days (within two years of the sets' epochs) = 11,664 satellite-days.
    tle = tmp_path / "many.tle"
    tle.write_text((EXAMPLES / "real-satellites.tle").read_text() * 8)
    assert 16 * 729 > limits.MAX_WINDOW_TRACK_DAYS
    proc = orbitaldc("eclipses", "--tle", str(tle), "--start", "2024-05-10", "--end", "2026-05-08", "--json")
    assert_one_line_error(proc, "--end", "limit", "docs/limits.md")


def test_element_set_search_beyond_the_limit_is_refused():
    from orbitaldc.errors import ScenarioError

    with pytest.raises(ScenarioError, match="above the limit"):
        limits.check_window(2, 3, limits.MAX_WINDOW_TRACK_DAYS / 6 + 1, "constellation.orbit")
    limits.check_window(2, 3, limits.MAX_WINDOW_TRACK_DAYS / 6, "constellation.orbit")
    with pytest.raises(ScenarioError, match="element sets"):
        limits.check_element_sets(limits.MAX_ELEMENT_SETS + 1)


def test_monte_carlo_in_chunks_matches_one_call_below_the_chunk():
    from orbitaldc.economics import uncertainty

    class D:
        distribution, low, mode, high = "triangular", 1.0, 2.0, 4.0

    def price(x):
        return x["pue"] * 2.0, np.full_like(x["pue"], 3.0)

    a = uncertainty.monte_carlo(price, {}, {"pue": D()}, 1000, 7)
    old, uncertainty.CHUNK_SAMPLES = uncertainty.CHUNK_SAMPLES, 300
    try:
        b = uncertainty.monte_carlo(price, {}, {"pue": D()}, 1000, 7)
    finally:
        uncertainty.CHUNK_SAMPLES = old
    assert b["samples"] == 1000 and abs(a["p50"] - b["p50"]) < 0.2
