"""Bad input: one line ``error: <field>: <why>`` on stderr, exit code 2, never a traceback.

Most cases call the CLI's ``main()`` in-process (same code path, no interpreter start-up);
a few run the installed command in a subprocess end to end.
"""

import contextlib
import io
import json
import subprocess
import sys
from typing import NamedTuple

import pytest

from orbitaldc.cli import main


class Proc(NamedTuple):
    """An in-process CLI run: attributes like subprocess's, and unpackable as (code, stdout, stderr)."""

    returncode: int
    stdout: str
    stderr: str


def orbitaldc(*args) -> Proc:
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["orbitaldc", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return Proc(code, out.getvalue(), err.getvalue())


def orbitaldc_process(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "orbitaldc", *args], capture_output=True, text=True,
                          timeout=120)


def assert_one_line_error(proc, field: str, *words: str):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {field}"), lines[0]
    for w in words:
        assert w in lines[0], lines[0]
    assert "Traceback" not in proc.stderr


CASES = [
    # (description, edit to the suncatcher example: (old, new) or full text, field, words)
    ("unknown key", ("horizon_years", "horizon_yeras"), "horizon_yeras", ["unknown key", "horizon_years"]),
    ("unknown nested key", ("ltan_h:", "ltan_hh:"), "constellation.orbit.ltan_hh", ["did you mean 'ltan_h'"]),
    ("wrong type", ("accelerators: 128", "accelerators: many"), "satellite.compute.accelerators", ["integer"]),
    ("zero accelerators", ("accelerators: 128", "accelerators: 0"), "satellite.compute.accelerators",
     ["greater than 0"]),
    ("negative power", ("accelerators: 128", "it_power_w: -5"), "satellite.compute.it_power_w",
     ["greater than 0"]),
    ("altitude too low", ("altitude_km: 650", "altitude_km: 120"), "constellation.orbit.altitude_km", ["160"]),
    ("altitude too high", ("altitude_km: 650", "altitude_km: 36500"), "constellation.orbit.altitude_km",
     ["36000"]),
    ("no SSO that high", ("altitude_km: 650", "altitude_km: 7000"), "constellation.orbit.altitude_km",
     ["sun-synchronous"]),
    ("LTAN 24", ("ltan_h: 18.0", "ltan_h: 24.0"), "constellation.orbit.ltan_h", ["less than 24"]),
    ("LTAN negative", ("ltan_h: 18.0", "ltan_h: -1"), "constellation.orbit.ltan_h", ["greater than"]),
    ("unknown accelerator", ("tpu-v6e", "tpu-v7x"), "satellite.compute.accelerator", ["unknown accelerator",
                                                                                      "tpu-v6e"]),
    ("unknown solar", ("solar: triple-junction-rigid", "solar: gallium"), "satellite.power.solar",
     ["unknown solar technology"]),
    ("negative shielding", ("arrays sun-pointing", "arrays sun-pointing\n  shielding:\n    aluminium_mm: -1"),
     "satellite.shielding.aluminium_mm",
     ["greater than or equal to 0"]),
    ("emissivity above one", ("sides: 2", "sides: 2\n    emissivity: 1.5"), "satellite.thermal.emissivity",
     ["less than or equal to 1"]),
    ("epoch out of range", ("epoch: 2027-03-01T00:00:00Z", "epoch: 2075-01-01T00:00:00Z"), "epoch", ["1950"]),
    ("epoch not a date", ("epoch: 2027-03-01T00:00:00Z", "epoch: soon"), "epoch", ["ISO-8601"]),
    ("bus shares above one", ("arrays sun-pointing", "arrays sun-pointing\n  structure:\n    structure_fraction: 0.9"),
     "satellite.structure", ["below 1"]),
    ("both sizing modes", ("accelerators: 128", "accelerators: 128\n    it_power_w: 1000"),
     "satellite.compute", ["exactly one"]),
]


@pytest.mark.parametrize(("what", "edit", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_scenario_values(tmp_path, suncatcher_text, what, edit, field, words):
    old, new = edit
    assert old in suncatcher_text
    path = tmp_path / "bad.yaml"
    path.write_text(suncatcher_text.replace(old, new, 1))
    assert_one_line_error(orbitaldc("validate", str(path)), field, *words)
    assert_one_line_error(orbitaldc("design", str(path), "--json"), field, *words)


@pytest.mark.parametrize(
    ("what", "text", "words"),
    [
        ("empty file", "", ["empty"]),
        ("not a mapping", "- 1\n- 2\n", ["mapping"]),
        ("python tag", "name: !!python/object:os.system {}\n", ["python/object"]),
        ("malformed", "name: [unclosed\n", ["not valid YAML"]),
    ],
)
def test_bad_files(tmp_path, what, text, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    assert_one_line_error(orbitaldc("validate", str(path)), str(path), *words)


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    assert_one_line_error(orbitaldc("run", str(missing)), str(missing), "no such file")
    assert_one_line_error(orbitaldc_process("run", str(missing)), str(missing), "no such file")


def test_end_to_end_bad_value_in_a_subprocess(tmp_path, suncatcher_text):
    path = tmp_path / "bad.yaml"
    path.write_text(suncatcher_text.replace("tpu-v6e", "tpu-v7x"))
    assert_one_line_error(orbitaldc_process("run", str(path), "--json"), "satellite.compute.accelerator",
                          "unknown accelerator")


def test_unwritable_output_dir(tmp_path, suncatcher_text):
    path = tmp_path / "s.yaml"
    path.write_text(suncatcher_text)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_line_error(orbitaldc("run", str(path), "--out", str(blocker / "sub")), "--out", "cannot write")


def test_usage_errors_are_one_line():
    assert_one_line_error(orbitaldc("design"), "scenario", "Missing argument")
    assert_one_line_error(orbitaldc_process("frobnicate"), "usage", "No such command")


def test_validate_accepts_the_examples():
    from conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.yaml")):
        proc = orbitaldc("validate", str(path))
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""


def test_infeasible_design_is_reported_not_sized(tmp_path, suncatcher_text):
    path = tmp_path / "cold.yaml"
    path.write_text(suncatcher_text.replace("temperature_c: 60", "temperature_c: -120")
                    .replace("sun_incidence: edge_on", "sun_incidence: sun_facing"))
    proc = orbitaldc("design", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["feasible"] is False
    assert any("radiator" in p for p in doc["problems"])
    sat = doc["design"]["satellite"]
    assert sat["radiator_area_m2"] is None and sat["mass_kg"] is None and sat["solar_array_area_m2"] is None
    table = orbitaldc("design", str(path))
    assert "infeasible" in table.stdout and table.returncode == 0


TLE = "tests/data/iss_sentinel1a.tle"


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["eclipses", "--tle", TLE, "--start", "2025-05-10", "--end", "2025-05-09"], "--end", ["not after"]),
        (["eclipses", "--tle", TLE, "--start", "2025-05-09", "--end", "2025-05-09"], "--end", ["empty"]),
        (["eclipses", "--tle", TLE, "--start", "yesterday", "--end", "2025-05-09"], "--start", ["ISO-8601"]),
        (["eclipses", "--tle", TLE, "--start", "2025-05-09", "--end", "2025-05-10", "--kind", "dark"], "--kind",
         ["unknown kind"]),
        (["eclipses", "--start", "2025-05-09", "--end", "2025-05-10"], "--tle", ["exactly one"]),
        (["eclipses", "--tle", "missing.tle", "--start", "2025-05-09", "--end", "2025-05-10"], "missing.tle",
         ["no such file"]),
        (["passes", "--tle", TLE, "--lat", "91", "--lon", "0", "--start", "2025-05-09", "--end", "2025-05-10"],
         "--station.lat", ["outside [-90, 90]"]),
        (["passes", "--tle", TLE, "--lat", "-90.5", "--lon", "0", "--start", "2025-05-09", "--end", "2025-05-10"],
         "--station.lat", ["outside"]),
        (["passes", "--tle", TLE, "--lat", "10", "--lon", "0", "--min-elevation", "95", "--start", "2025-05-09",
          "--end", "2025-05-10"], "--station.min_elevation", ["outside"]),
    ],
)
def test_geometry_bad_input(args, field, words):
    from conftest import ROOT

    args = [str(ROOT / a) if a == TLE else a for a in args]
    assert_one_line_error(orbitaldc(*args), field, *words)


def test_bad_tle_file_is_one_line(tmp_path):
    from conftest import ROOT

    lines = (ROOT / TLE).read_text().splitlines()
    lines[1] = lines[1][:-1] + ("0" if lines[1][-1] != "0" else "1")
    bad = tmp_path / "bad.tle"
    bad.write_text("\n".join(lines) + "\n")
    assert_one_line_error(orbitaldc("eclipses", "--tle", str(bad), "--start", "2025-05-09", "--end", "2025-05-10"),
                          f"{bad} line 2", "checksum")


def test_eclipses_and_passes_json_contract():
    from conftest import ROOT

    tle = str(ROOT / TLE)
    proc = orbitaldc("eclipses", "--tle", tle, "--start", "2025-05-09T00:00:00Z", "--end", "2025-05-09T06:00:00Z",
                     "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert {"satellite", "start", "end", "duration_s", "kind"} == set(doc["intervals"][0])
    assert all(row["kind"] == "shadow" and row["start"].endswith("Z") for row in doc["intervals"])
    proc = orbitaldc("passes", "--tle", tle, "--lat", "78.23", "--lon", "15.39", "--min-elevation", "5",
                     "--start", "2025-05-09", "--end", "2025-05-09T12:00", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["passes"]
    assert rows and {"satellite", "station", "rise", "culmination", "set", "max_elevation_deg"} == set(rows[0])
    assert all(r["rise"] < r["culmination"] < r["set"] and r["max_elevation_deg"] >= 5 for r in rows)
