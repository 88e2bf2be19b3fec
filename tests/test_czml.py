"""scenario.czml: valid CZML 1.0 (checked with the czml3 package's models), positions that are the
propagator's, and point colours that switch exactly at the eclipse edges."""

import json

import numpy as np
import pytest
from conftest import EXAMPLES

from orbitaldc import load_scenario, run
from orbitaldc.constants import R_EARTH_KM
from orbitaldc.report.czml import MAX_CZML_SATELLITES, SHADOW_RGBA, SUNLIT_RGBA, colour_intervals, czml_packets, iso


@pytest.fixture(scope="module")
def walker():
    """A Walker shell (1,584 satellites): several planes, eclipses on most of them."""
    result = run(load_scenario(EXAMPLES / "walker-shell.yaml"), timeline=False)
    return result, czml_packets(result, max_satellites=40)


def _satellites(packets):
    return [p for p in packets if p["id"].startswith("satellite/")]


def test_packets_validate_against_czml3(walker):
    czml3 = pytest.importorskip("czml3")
    _, packets = walker
    document = czml3.Document.model_validate(json.loads(json.dumps(packets)))
    assert len(document.packets) == len(packets)
    first = packets[0]
    assert first["id"] == "document" and first["version"] == "1.0"
    clock = first["clock"]
    start, end = clock["interval"].split("/")
    assert clock["currentTime"] == start and clock["multiplier"] > 0 and end > start
    # The models do reject a malformed packet (two kinds of position at once).
    broken = json.loads(json.dumps(packets[:2]))
    broken[1]["position"]["cartographicDegrees"] = [0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        czml3.Document.model_validate(broken)


def test_positions_are_the_fleets_in_metres(walker):
    result, packets = walker
    sats = _satellites(packets)
    assert len(sats) == 40
    altitude_m = result.geometry.altitude_km * 1e3
    for p in sats:
        pos = p["position"]
        assert pos["referenceFrame"] == "FIXED" and pos["epoch"] == packets[0]["clock"]["currentTime"]
        samples = np.asarray(pos["cartesian"], dtype=float).reshape(-1, 4)
        assert np.all(np.diff(samples[:, 0]) > 0)
        radius = np.linalg.norm(samples[:, 1:], axis=1)
        # Circular orbits: every sample at the shell's radius (metres rounded to 1 m).
        assert np.allclose(radius, R_EARTH_KM * 1e3 + altitude_m, atol=2.0)
        assert p["availability"] == packets[0]["clock"]["interval"]


def test_colour_intervals_tile_the_window_and_follow_the_eclipses(walker):
    from orbitaldc.orbit.eclipse import find_eclipses
    from orbitaldc.report.sky import constellation_of, fleet_subset

    result, packets = walker
    window = packets[0]["clock"]["interval"]
    start, end = window.split("/")
    shadowed = 0
    sats = _satellites(packets)
    for p in sats:
        spans = p["point"]["color"]
        assert spans[0]["interval"].split("/")[0] == start and spans[-1]["interval"].split("/")[1] == end
        for a, b in zip(spans, spans[1:], strict=False):
            assert a["interval"].split("/")[1] == b["interval"].split("/")[0]  # contiguous
            assert a["rgba"] != b["rgba"]  # alternating sunlit / shadow
        shadowed += sum(s["rgba"] == SHADOW_RGBA for s in spans)
    assert shadowed > 0
    # Independent check for one satellite: its shadow spans are find_eclipses' intervals.
    const = constellation_of(result)
    index = const.fleet.names.index(sats[5]["name"])
    t0 = np.datetime64(start.rstrip("Z"), "ns")
    t1 = np.datetime64(end.rstrip("Z"), "ns")
    frame, _ = find_eclipses(fleet_subset(const.fleet, [index]), t0, t1)
    expected = np.c_[frame["start"].to_numpy(), frame["end"].to_numpy()].astype("datetime64[ms]")
    got = np.array([[np.datetime64(t.rstrip("Z"), "ms") for t in s["interval"].split("/")]
                    for s in sats[5]["point"]["color"] if s["rgba"] == SHADOW_RGBA])
    assert got.shape == expected.shape and got.size > 0
    assert np.max(np.abs((got - expected) / np.timedelta64(1, "ms"))) <= 2  # both refined to 1 ms


def test_colour_intervals_edges():
    t0, t1 = np.datetime64("2030-01-01T00:00:00", "ns"), np.datetime64("2030-01-01T02:00:00", "ns")
    minute = np.timedelta64(60, "s")
    assert colour_intervals(t0, t1, []) == [{"interval": f"{iso(t0)}/{iso(t1)}", "rgba": SUNLIT_RGBA}]
    spans = colour_intervals(t0, t1, [(t0 - minute, t0 + 10 * minute), (t1 - minute, t1 + minute)])
    assert [s["rgba"] for s in spans] == [SHADOW_RGBA, SUNLIT_RGBA, SHADOW_RGBA]
    assert spans[0]["interval"].startswith(iso(t0)) and spans[-1]["interval"].endswith(iso(t1))


def test_ten_thousand_satellites_stay_bounded(tmp_path):
    from orbitaldc.report.czml import write_czml

    result = run(load_scenario(EXAMPLES / "gigawatt.yaml"), timeline=False)
    assert result.design.satellites > 9000
    path = write_czml(result, tmp_path / "scenario.czml")
    assert path.stat().st_size < 20e6
    packets = json.loads(path.read_text())
    assert len(_satellites(packets)) == MAX_CZML_SATELLITES
    assert f"{MAX_CZML_SATELLITES:,} of {result.design.satellites:,} satellites" in packets[0]["name"]
