"""Element sets: TLE with and without names, OMM in three formats, and bad input."""

import json

import numpy as np
import pytest
from conftest import ROOT
from sgp4 import exporter

from orbitaldc.orbit.eclipse import find_eclipses
from orbitaldc.orbit.elsets import parse_omm, parse_tle, read_elements, tle_checksum
from orbitaldc.orbit.propagate import Sgp4Fleet, sgp4_grid
from orbitaldc.scenario import ScenarioError

TLE_FILE = ROOT / "tests" / "data" / "iss_sentinel1a.tle"
ISS1 = "1 25544U 98067A   24127.82853009  .00015698  00000+0  27310-3 0  9995"
ISS2 = "2 25544  51.6393 160.4574 0003580 140.6673 205.7250 15.50957674452123"


def with_checksum(line: str) -> str:
    return line[:68] + str(tle_checksum(line))


def test_names_optional_and_zero_prefixed():
    plain = parse_tle(f"{ISS1}\n{ISS2}\n")
    named = parse_tle(f"0 ISS (ZARYA)\n{ISS1}\n{ISS2}\n")
    assert plain[0].name == "25544" and named[0].name == "ISS (ZARYA)"
    assert [e.name for e in read_elements(TLE_FILE)] == ["ISS (ZARYA)", "SENTINEL-1A"]


def test_epoch_is_exact():
    epoch = parse_tle(f"{ISS1}\n{ISS2}")[0].epoch
    expected = np.datetime64("2024-01-01", "ns") + np.timedelta64(int(round(126.82853009 * 86400e9)), "ns")
    assert abs((epoch - expected) / np.timedelta64(1, "us")) < 1


@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_omm_formats_match_the_tle(fmt):
    tle = parse_tle(f"ISS\n{ISS1}\n{ISS2}")[0]
    fields = exporter.export_omm(tle.satrec, "ISS (ZARYA)")
    if fmt == "json":
        text = json.dumps([fields])
    elif fmt == "csv":
        text = ",".join(fields) + "\n" + ",".join(str(v) for v in fields.values()) + "\n"
    else:
        meta = ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY")
        mean = ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER",
                "MEAN_ANOMALY")

        def block(tag, keys):
            return f"<{tag}>" + "".join(f"<{k}>{fields[k]}</{k}>" for k in keys if k in fields) + f"</{tag}>"

        rest = [k for k in fields if k not in meta + mean]
        text = ("<ndm><omm><body><segment>" + block("metadata", meta) + "<data>" + block("meanElements", mean)
                + block("tleParameters", rest) + "</data></segment></body></omm></ndm>")
    omm = parse_omm(text, fmt)[0]
    assert omm.name == "ISS (ZARYA)"
    seconds = np.array([0.0, 3600.0, 86400.0])
    r_tle = sgp4_grid([tle.satrec], tle.epoch, seconds)[0]
    r_omm = sgp4_grid([omm.satrec], tle.epoch, seconds)[0]
    np.testing.assert_allclose(r_omm, r_tle, atol=1e-3)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (f"{ISS1[:-1]}7\n{ISS2}", "checksum"),
        (f"{ISS1[:-3]}\n{ISS2}", "69 characters"),
        (f"{ISS1}\n{with_checksum(ISS2[:2] + '25545' + ISS2[7:])}", "catalogue numbers"),
        (f"{ISS1}\nSOMETHING ELSE", "not followed by a line 2"),
        ("ISS\nISS AGAIN\n", "expected TLE line 1"),
        ("", "no TLEs"),
    ],
)
def test_malformed_tle(text, words):
    with pytest.raises(ScenarioError, match=words):
        parse_tle(text, "f.tle")


@pytest.mark.parametrize(("text", "fmt", "words"), [("{not json", "json", "unreadable"),
                                                    ('[{"OBJECT_NAME": "X"}]', "json", "missing"),
                                                    ("<ndm><omm>", "xml", "unreadable"),
                                                    ("[]", "json", "no OMM"),
                                                    ("x", "kvn", "unknown OMM format")])
def test_malformed_omm(text, fmt, words):
    with pytest.raises(ScenarioError, match=words):
        parse_omm(text, fmt, "f.omm")


def test_decayed_satellite_is_reported_and_the_rest_kept():
    doomed1 = with_checksum("1 99999U 98067A   24127.82853009  .00015698  00000+0  50000-1 0  9990")
    doomed2 = with_checksum(ISS2[:2] + "99999" + ISS2[7:])
    sets = parse_tle(f"ISS\n{ISS1}\n{ISS2}\nDOOMED\n{doomed1}\n{doomed2}")
    start = sets[0].epoch
    frame, problems = find_eclipses(Sgp4Fleet(sets), start, start + np.timedelta64(20, "D"))
    assert set(frame.satellite) == {"ISS"} and len(frame) > 250
    assert len(problems) == 1 and problems[0].startswith("DOOMED: sgp4 error 6")
