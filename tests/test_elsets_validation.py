"""Element sets checked before use: every fixed TLE column, the physical ranges of TLE and OMM
elements, and the age of the sets relative to the window they are propagated over.

Each rule has a hand-written case through the CLI entry point (exit 2, exactly one stderr line
naming the file, line and column); a hypothesis property corrupts one character of a valid TLE
and requires either the same elements or such a refusal. Sets: the ISS (ZARYA) TLE of
2024-05-06 from tests/data (CelesTrak; tests/data/README.md). Limits: elsets.py
(ACCURACY_HORIZON_DAYS 14, from Vallado et al. 2006 and Skyfield's documentation;
AGE_LIMIT_DAYS 730.5).
"""

import json

import pytest
from conftest import EXAMPLES, ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_cli_errors import assert_one_line_error, orbitaldc

from orbitaldc.errors import ScenarioError
from orbitaldc.orbit.elsets import ACCURACY_HORIZON_DAYS, AGE_LIMIT_DAYS, parse_tle, tle_checksum

ISS1 = "1 25544U 98067A   24127.82853009  .00015698  00000+0  27310-3 0  9995"
ISS2 = "2 25544  51.6393 160.4574 0003580 140.6673 205.7250 15.50957674452123"
FRESH = ("--start", "2024-05-06T20:00:00Z", "--end", "2024-05-06T20:30:00Z")  # epoch 2024-05-06 19:53 UTC

# The eclipses/passes commands print age warnings once cli/geometry.py asks the fleet for its element age.


def fixed(line: str) -> str:
    """The line with a correct checksum, so that only the rule under test is broken."""
    return line[:68] + str(tle_checksum(line))


def put(line: str, col: int, text: str) -> str:
    """``text`` written over the line from 1-based column ``col`` (checksum recomputed)."""
    return fixed(line[:col - 1] + text + line[col - 1 + len(text):])


def eclipses(tmp_path, text: str, *window, name: str = "x.tle"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, orbitaldc("eclipses", "--tle", str(path), *(window or FRESH), "--json")


@pytest.mark.parametrize(
    ("line1", "line2", "bad_line", "words"),
    [
        (put(ISS1, 21, "400.82853009"), ISS2, 2, ["column 21", "epoch day 400"]),
        (put(ISS1, 19, "23366.50000000"), ISS2, 2, ["epoch day 366.5", "2023"]),  # 2023 is no leap year
        (ISS1, put(ISS2, 9, "200.0000"), 3, ["column 9", "inclination 200 deg outside 0-180"]),
        (ISS1, put(ISS2, 18, "360.5000"), 3, ["column 18", "right ascension"]),
        (ISS1, put(ISS2, 35, "400.0000"), 3, ["column 35", "argument of perigee"]),
        (ISS1, put(ISS2, 44, "361.0000"), 3, ["column 44", "mean anomaly"]),
        (ISS1, put(ISS2, 53, " 0.00000000"), 3, ["column 53", "mean motion 0"]),
        (ISS1, put(ISS2, 53, "18.00000000"), 3, ["column 53", "mean motion 18", "underground"]),
        (ISS1, fixed(ISS2[:8] + " " + ISS2[8:67] + "0"), 3, ["columns 9-16", "inclination"]),  # shifted right
        (fixed(ISS1[:9] + ISS1[10:68] + " 0"), ISS2, 2, ["column"]),  # designator shifted left
        (put(ISS1, 33, "X"), ISS2, 2, ["column 33", "blank"]),
        (ISS1[:9] + "é" + ISS1[10:], ISS2, 2, ["column 10", "U+00E9", "ASCII"]),
        (ISS1, ISS2[:30] + "\t" + ISS2[31:], 3, ["column 31", "ASCII"]),
        (ISS1[:-1] + "0", ISS2, 2, ["column 69", "checksum is 0", "sums to 5"]),
        (ISS1, put(ISS2, 3, "25545"), 3, ["columns 3-7", "catalogue numbers"]),
        (put(ISS1, 1, "3"), ISS2, 2, ["column 1", "line number 1"]),
        (ISS1, put(ISS2, 1, "1"), 3, ["column 1", "line number"]),
        (ISS1 + "7", ISS2, 2, ["69 characters, has 70"]),
    ],
    ids=["day-400", "day-366-not-leap", "inclination-200", "raan-360.5", "argp-400", "anomaly-361",
         "mean-motion-0", "mean-motion-18", "line2-shifted", "line1-shifted", "blank-column", "non-ascii",
         "tab", "checksum", "catalogue-numbers", "line-number-1", "line-number-2", "too-long"],
)
def test_malformed_tle_is_refused_with_line_and_column(tmp_path, line1, line2, bad_line, words):
    path, proc = eclipses(tmp_path, f"ISS (ZARYA)\n{line1}\n{line2}\n")
    assert_one_line_error(proc, f"{path} line {bad_line}", *words)


def test_leap_day_366_is_accepted_in_a_leap_year():
    element_set = parse_tle(f"{put(ISS1, 19, '24366.50000000')}\n{ISS2}")[0]
    assert str(element_set.epoch).startswith("2024-12-31T12:00")


def test_shipped_tle_files_pass():
    from orbitaldc.orbit.elsets import read_elements

    for path in (ROOT / "tests" / "data" / "iss_sentinel1a.tle", EXAMPLES / "real-satellites.tle"):
        assert len(read_elements(path)) == 2


def omm_record(**changes) -> dict:
    from sgp4 import exporter

    record = exporter.export_omm(parse_tle(f"{ISS1}\n{ISS2}")[0].satrec, "ISS (ZARYA)")
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"INCLINATION": 200.0}, ["INCLINATION 200 deg outside 0-180"]),
        ({"RA_OF_ASC_NODE": -5.0}, ["RA_OF_ASC_NODE -5 deg"]),
        ({"ARG_OF_PERICENTER": 361.0}, ["ARG_OF_PERICENTER"]),
        ({"MEAN_ANOMALY": 720.0}, ["MEAN_ANOMALY"]),
        ({"ECCENTRICITY": 1.2}, ["ECCENTRICITY 1.2 outside 0-1"]),
        ({"ECCENTRICITY": 1.0}, ["ECCENTRICITY 1 outside"]),
        ({"MEAN_MOTION": -15.5}, ["MEAN_MOTION -15.5 rev/day"]),
        ({"MEAN_MOTION": 40.0}, ["MEAN_MOTION 40"]),
        ({"MEAN_MOTION": "NaN"}, ["MEAN_MOTION", "not a finite number"]),
        ({"BSTAR": "١٢"}, ["BSTAR", "not a finite number"]),  # Arabic-Indic digits: float() would read them
        ({"EPOCH": "2024-05-06T19:53:05.４"}, ["EPOCH", "non-ASCII"]),
    ],
)
def test_omm_elements_outside_their_ranges_are_refused(tmp_path, changes, words):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([omm_record(), omm_record(**changes)]), encoding="utf-8")
    proc = orbitaldc("eclipses", "--omm", str(path), *FRESH, "--json")
    assert_one_line_error(proc, f"{path} record 2", *words)


# --- age of the element sets -------------------------------------------------------------------


def test_a_set_from_2056_used_in_2025_is_refused(tmp_path):
    future = put(ISS1, 19, "56127.82853009")
    path, proc = eclipses(tmp_path, f"ISS (ZARYA)\n{future}\n{ISS2}\n", "--start", "2025-05-09", "--end", "2025-05-10")
    assert_one_line_error(proc, f"{path} line 2", "ISS (ZARYA)", "2056-05-06", "refused beyond 730.5 days")


@pytest.mark.parametrize("command", ["eclipses", "passes"])
def test_a_1957_window_is_refused(tmp_path, command):
    path = tmp_path / "iss.tle"
    path.write_text(f"ISS (ZARYA)\n{ISS1}\n{ISS2}\n")
    station = ["--lat", "37.94", "--lon", "-75.46"] if command == "passes" else []
    proc = orbitaldc(command, "--tle", str(path), *station, "--start", "1957-10-05", "--end", "1957-10-06")
    assert_one_line_error(proc, f"{path} line 2", "ISS (ZARYA)", "years) from its element set's epoch")


def test_limits_on_both_sides_of_the_epoch():
    import numpy as np

    from orbitaldc.orbit.elsets import element_age

    iss = parse_tle(f"ISS\n{ISS1}\n{ISS2}")[0]
    day = np.timedelta64(86400, "s")
    for sign in (-1, 1):  # before and after the epoch alike; the farther end of the window counts
        inside = iss.epoch + sign * (AGE_LIMIT_DAYS - 1) * day
        age = element_age([iss], iss.epoch, inside)
        assert age.days[0] == pytest.approx(AGE_LIMIT_DAYS - 1) and len(age.problems) == 1
        with pytest.raises(ScenarioError, match="refused"):
            element_age([iss], inside, inside + sign * 2 * day)
    fresh = element_age([iss], iss.epoch - ACCURACY_HORIZON_DAYS * day, iss.epoch)
    assert fresh.problems == () and fresh.document()["max"] == pytest.approx(ACCURACY_HORIZON_DAYS)


@pytest.mark.parametrize("command", ["eclipses", "passes"])
def test_a_window_a_month_from_the_epoch_warns(tmp_path, command):
    path = tmp_path / "iss.tle"
    path.write_text(f"ISS (ZARYA)\n{ISS1}\n{ISS2}\n")
    station = ["--lat", "37.94", "--lon", "-75.46"] if command == "passes" else []
    proc = orbitaldc(command, "--tle", str(path), *station, "--start", "2024-06-10", "--end", "2024-06-10T03:00",
                     "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    # From the epoch 2024-05-06T19:53:05 to the window's end 2024-06-10T03:00: 34.296 days.
    assert len(lines) == 1 and lines[0].startswith("warning: ISS (ZARYA): the window reaches 34.3 days"), lines
    doc = json.loads(proc.stdout)
    assert doc["problems"] == [lines[0].removeprefix("warning: ")]
    assert doc["element_age_days"]["max"] == pytest.approx(34.296, abs=0.001)


def test_a_fresh_window_is_silent(tmp_path):
    _, proc = eclipses(tmp_path, f"ISS (ZARYA)\n{ISS1}\n{ISS2}\n")
    assert proc.returncode == 0 and proc.stderr == ""
    doc = json.loads(proc.stdout)
    assert doc["problems"] == [] and doc["element_age_days"]["max"] < 1


def scenario(tmp_path, epoch: str, horizon_years: float = 0.05) -> str:
    (tmp_path / "iss.tle").write_text(f"ISS (ZARYA)\n{ISS1}\n{ISS2}\n")
    path = tmp_path / "iss.yaml"
    path.write_text(f"name: iss\nepoch: {epoch}\nhorizon_years: {horizon_years}\n"
                    "satellite:\n  compute: {accelerator: h100-sxm, accelerators: 1}\n"
                    "constellation:\n  orbit: {kind: elements, tle: iss.tle}\n")
    return str(path)


def test_scenario_far_from_its_sets_warns_in_problems_and_environment(tmp_path):
    path = scenario(tmp_path, "2024-06-10T00:00:00Z")  # window 35-53 days after the set's epoch
    doc = json.loads(orbitaldc("run", path, "--json").stdout)
    assert any(p.startswith("ISS (ZARYA): the window reaches 52.4 days") for p in doc["problems"]), doc["problems"]
    assert doc["environment"]["element_age_days"]["max"] == pytest.approx(52.43, abs=0.01)
    cost = orbitaldc("design", path, "--json")  # the analytic path, without the timeline
    assert cost.returncode == 0, cost.stderr
    assert any("52.4 days" in p for p in json.loads(cost.stdout)["problems"])


def test_scenario_at_its_sets_epoch_has_no_age_problem(tmp_path):
    doc = json.loads(orbitaldc("run", scenario(tmp_path, "2024-05-06T12:00:00Z", 0.02), "--json").stdout)
    assert not any("days" in p for p in doc["problems"])  # no age problem (the radiator may have its own)
    assert doc["environment"]["element_age_days"]["max"] < ACCURACY_HORIZON_DAYS


@pytest.mark.parametrize("command", ["run", "timeline", "design", "cost"])
def test_scenario_decades_from_its_sets_is_refused(tmp_path, command):
    path = scenario(tmp_path, "2048-01-01T00:00:00Z")
    assert_one_line_error(orbitaldc(command, path, "--json"), f"{tmp_path / 'iss.tle'} line 2", "ISS (ZARYA)",
                          "refused beyond")


def test_analytic_beta_follows_the_set_to_the_scenario_epoch(tmp_path):
    """The ISS node regresses ~5 deg/day: ten days after its set's epoch, the analytic reference
    orbit's beta angle must match the one of the sgp4 orbit (orbit normal over one revolution,
    DE421 Sun) — the set's own node, left at its epoch, would be ~50 deg off."""
    import numpy as np

    from orbitaldc import load_scenario, run
    from orbitaldc.orbit.propagate import sgp4_grid
    from orbitaldc.orbit.sun import sun_teme_km

    t0 = np.datetime64("2024-05-16T19:53:05", "ns")
    geometry = run(load_scenario(scenario(tmp_path, f"{t0.astype('datetime64[s]')}Z", 0.01)), timeline=False,
                   economics=False).geometry
    r, v, _ = sgp4_grid([parse_tle(f"{ISS1}\n{ISS2}")[0].satrec], t0, np.arange(0.0, 5580.0, 30.0))
    normal = np.cross(r[0], v[0]).mean(axis=0)
    sun = sun_teme_km(t0, np.array([0.0]))[0]
    beta = np.degrees(np.arcsin(normal @ sun / np.linalg.norm(normal) / np.linalg.norm(sun)))
    assert geometry.beta_deg[0] == pytest.approx(beta, abs=0.5)


# --- one-character corruptions ---------------------------------------------------------------

ORIGINAL = f"ISS (ZARYA)\n{ISS1}\n{ISS2}\n"
ELEMENTS = ("satnum", "jdsatepoch", "jdsatepochF", "ndot", "nddot", "bstar", "inclo", "nodeo", "ecco", "argpo",
            "mo", "no_kozai")


def elements_of(text: str) -> list[tuple]:
    return [tuple(getattr(e.satrec, k) for k in ELEMENTS) for e in parse_tle(text, "x.tle")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(len("ISS (ZARYA)"), len(ORIGINAL) - 1),
       char=st.characters(exclude_categories=("Cs",)))
def test_one_corrupted_character_is_refused_or_harmless(tmp_path, position, char):
    corrupted = ORIGINAL[:position] + char + ORIGINAL[position + 1:]
    assume(corrupted != ORIGINAL)
    path, proc = eclipses(tmp_path, corrupted)
    assert proc.returncode in (0, 2), proc.stderr  # never a crash
    if proc.returncode == 2:
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), proc.stderr
    else:  # accepted: a blank for a zero, a classification letter... never different elements
        assert proc.stderr == ""
        assert elements_of(corrupted) == elements_of(ORIGINAL)


def test_every_single_character_substitution_is_refused_or_harmless():
    """Exhaustively, at the library level: each position after the name line, each ASCII character and
    a few others (line separators splitlines() honours, other scripts' digits): never other elements."""
    reference = elements_of(ORIGINAL)
    accepted = 0
    for position in range(len("ISS (ZARYA)"), len(ORIGINAL)):
        for char in [chr(c) for c in range(128)] + ["é", "\u2028", "\x85", "٣", "０"]:
            corrupted = ORIGINAL[:position] + char + ORIGINAL[position + 1:]
            if corrupted == ORIGINAL:
                continue
            try:
                elements = elements_of(corrupted)
            except ScenarioError as exc:
                assert "\n" not in str(exc)
                continue
            assert elements == reference, (position, char)
            accepted += 1
    assert 0 < accepted < 500  # a blank for a leading zero, another classification letter, '\r' for '\n'...
