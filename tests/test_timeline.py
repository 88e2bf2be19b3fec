"""Timeline stage on every constellation kind, its contract, and its bad input."""

import json

import numpy as np
import pytest
from conftest import EXAMPLES
from test_cli_errors import assert_one_line_error, orbitaldc

from orbitaldc import load_scenario, run
from orbitaldc.timeline import union_and_longest_gap

ENVIRONMENT = {"orbit_period_min", "inclination_deg", "sunlit_fraction", "max_eclipse_min", "eclipse_days_per_year",
               "beta_angle_deg", "contact_min_per_day", "dose_rad_si_per_year", "orbital_lifetime_years"}


@pytest.mark.parametrize("name", ["tpu-formation-81", "walker-shell", "real-satellites"])
def test_each_constellation_kind_runs(name):
    result = run(load_scenario(EXAMPLES / f"{name}.yaml"))
    env = result.document()["environment"]
    assert ENVIRONMENT <= env.keys()
    assert 0.5 < env["sunlit_fraction"] <= 1.0
    assert 0 < env["eclipse_days_per_year"] <= 365.25 + 1e-9
    assert 0 < env["contact_min_per_day"] < 1440
    json.dumps(result.document(), allow_nan=False)


def test_cluster_matches_its_reference_sso():
    """A cluster within a kilometre sees the sky of its reference orbit (tpu-cluster-81.yaml)."""
    cluster = run(load_scenario(EXAMPLES / "tpu-formation-81.yaml")).document()["environment"]
    plane = run(load_scenario(EXAMPLES / "tpu-cluster-81.yaml")).document()["environment"]
    assert cluster["sunlit_fraction"] == pytest.approx(plane["sunlit_fraction"], abs=1e-4)
    assert cluster["max_eclipse_min"] == pytest.approx(plane["max_eclipse_min"], abs=0.05)
    # Suncatcher (arXiv:2511.19468): neighbours 100-200 m apart in an 81-satellite, ~1 km cluster.
    distances = cluster["cluster"]["neighbour_distance_m"]
    assert distances["min"] == pytest.approx(100.0, abs=1.0) and distances["max"] == pytest.approx(200.0, abs=2.0)
    assert cluster["cluster"]["initial_max_offset_m"] <= 1000.0


def test_walker_sizing_takes_the_worst_plane():
    result = run(load_scenario(EXAMPLES / "walker-shell.yaml"), timeline=False)
    # 53 deg planes all pass beta = 0 within a year: the longest eclipse of a 550 km orbit.
    assert result.geometry.max_eclipse_s / 60 == pytest.approx(35.6, abs=0.2)
    assert result.design.satellites == 1584


def test_element_sets_count_the_satellites():
    result = run(load_scenario(EXAMPLES / "real-satellites.yaml"))
    assert result.design.satellites == 2
    assert result.timeline.evaluated.size == 2


def test_union_and_gap():
    total, gap = union_and_longest_gap(np.array([10.0, 15.0, 50.0]), np.array([20.0, 30.0, 60.0]), 100.0)
    assert total == 30.0 and gap == 40.0
    assert union_and_longest_gap(np.array([]), np.array([]), 100.0) == (0.0, 100.0)


def test_timeline_cli_json():
    proc = orbitaldc("timeline", str(EXAMPLES / "tpu-formation-81.yaml"), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) == {"scenario", "orbitaldc_version", "problems", "environment"}
    assert ENVIRONMENT <= doc["environment"].keys()


@pytest.mark.parametrize(
    ("orbit", "extra", "field", "words"),
    [
        ("{kind: walker, altitude_km: 550, inclination_deg: 53, planes: 7}", "  satellites: 80", "constellation",
         ["do not divide"]),
        ("{kind: cluster, altitude_km: 650, ltan_h: 18, radius_m: 50, spacing_m: 100}", "  satellites: 81",
         "constellation.orbit", ["spacing_m"]),
        ("{kind: elements}", "", "constellation.orbit", ["exactly one of tle or omm"]),
        ("{kind: elements, tle: nowhere.tle}", "", "", ["no such file"]),
        ("{kind: walker, altitude_km: 550, inclination_deg: 53, planes: 0}", "  satellites: 10",
         "constellation.orbit.planes", ["greater than 0"]),
        ("{kind: torus, altitude_km: 550}", "  satellites: 10", "constellation.orbit", ["kind"]),
    ],
)
def test_constellation_bad_input(tmp_path, orbit, extra, field, words):
    text = (EXAMPLES / "tpu-cluster-81.yaml").read_text()
    head = text.split("constellation:")[0]
    path = tmp_path / "bad.yaml"
    path.write_text(head + f"constellation:\n  orbit: {orbit}\n{extra}\n")
    proc = orbitaldc("timeline", str(path), "--json")
    assert_one_line_error(proc, field, *words)


def test_bad_station_in_scenario(tmp_path):
    text = (EXAMPLES / "tpu-cluster-81.yaml").read_text()
    path = tmp_path / "bad.yaml"
    path.write_text(text + "ground:\n  stations:\n    - {name: x, lat_deg: 95, lon_deg: 0}\n")
    assert_one_line_error(orbitaldc("validate", str(path)), "ground.stations.0.lat_deg", "less than or equal to 90")


def test_launch_stage_and_its_bad_input(tmp_path):
    text = (EXAMPLES / "tpu-cluster-81.yaml").read_text().split("launch:")[0]
    path = tmp_path / "s.yaml"
    path.write_text(text + "launch: {vehicle: starship-v3-target, usd_per_kg: 200}\n")
    proc = orbitaldc("launch", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)["launch"]
    assert plan["feasible"] and plan["launches"] >= 1 and plan["satellites_per_launch"] >= 1
    # $200/kg on every kilogram launched, replacements for failed launches included.
    assert plan["usd_per_kg"] >= 200.0
    assert plan["launches"] >= plan["replacement_launches"] >= 0
    path.write_text(text + "launch: {vehicle: falcon-9}\n")  # a 34 t satellite on a 17.5 t launcher
    doc = json.loads(orbitaldc("launch", str(path), "--json").stdout)
    assert doc["feasible"] is False and any("exceeds" in p for p in doc["problems"])
    assert "cost_usd" not in doc["launch"]
    for bad, field, words in [("{vehicle: saturn-v}", "launch.vehicle", ["unknown vehicle", "falcon-9"]),
                              ("{vehicle: falcon-9, usd_per_kg: -5}", "launch.usd_per_kg", ["greater than"]),
                              ("{vehicle: falcon-9, cadence_per_year: 0}", "launch.cadence_per_year", ["greater"]),
                              ("{vehicle: falcon-9, learning_rate: 1.5}", "launch.learning_rate", ["less than"]),
                              ("{vehicle: stoke-nova, own_rocket: {purchase_usd: -1, marginal_usd_per_launch: 0}}",
                               "launch.own_rocket.purchase_usd", ["greater than"])]:
        path.write_text(text + f"launch: {bad}\n")
        assert_one_line_error(orbitaldc("launch", str(path), "--json"), field, *words)
    path.write_text(text)
    assert_one_line_error(orbitaldc("launch", str(path)), "launch.vehicle", "names no launch vehicle")


def test_omm_scenario_matches_the_tle_scenario(tmp_path):
    """The same satellites given as OMM (CelesTrak JSON) or TLE give the same environment."""
    from sgp4 import exporter

    from orbitaldc.orbit.elsets import read_elements

    tle = EXAMPLES / "real-satellites.tle"
    records = [exporter.export_omm(e.satrec, e.name) for e in read_elements(tle)]
    (tmp_path / "sats.json").write_text(json.dumps(records))
    text = (EXAMPLES / "real-satellites.yaml").read_text()
    (tmp_path / "omm.yaml").write_text(text.replace("tle: real-satellites.tle", "omm: sats.json"))
    (tmp_path / "tle.yaml").write_text(text.replace("tle: real-satellites.tle", f"tle: {tle}"))
    a = run(load_scenario(tmp_path / "omm.yaml")).document()["environment"]
    b = run(load_scenario(tmp_path / "tle.yaml")).document()["environment"]
    for key in ("sunlit_fraction", "max_eclipse_min", "contact_min_per_day"):
        assert a[key] == pytest.approx(b[key], rel=1e-6), key
