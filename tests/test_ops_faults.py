"""Faults in time (ops/faults.py), the battery in time (ops/battery.py) and inter-satellite routes
(ops/isl.py), against closed forms, the shipped flux table, and through the public path."""

import copy
import functools
from importlib import resources

import numpy as np
import pytest
import yaml
from conftest import EXAMPLES

from orbitaldc import parse_scenario, run, yaml_safe
from orbitaldc.constants import JULIAN_YEAR_S
from orbitaldc.ops.battery import state_of_charge
from orbitaldc.ops.faults import (
    clear_sky_markov,
    killed_by_upsets,
    upset_events,
    upset_rate,
    with_outages,
)
from orbitaldc.ops.isl import C_KM_S, MESH_FACTOR, nearest_neighbour_km, route_km

BASE = yaml_safe.load((EXAMPLES / "h100-1mw-inference.yaml").read_text())


def scenario(satellites=8, **inference):
    doc = copy.deepcopy(BASE)
    doc["constellation"]["satellites"] = satellites
    doc["workload"]["inference"].update({"synthetic": {"requests_per_s": 20, "hours": 0.2, "seed": 4}, **inference})
    return doc


def test_cloud_outages_are_markov_spells_with_the_climatology_share():
    """Two-state chain: stationary clear share p, lag-1 autocorrelation 1 - a - b, mean cloudy spell 1/b."""
    p, spell = 0.69, 6.0
    sky = clear_sky_markov(4, 200_000, p, spell, seed=3)
    b = 1.0 / spell
    a = b * (1 - p) / p
    assert sky.mean() == pytest.approx(p, abs=0.01)
    x = sky[:, 0].astype(float)
    assert np.corrcoef(x[:-1], x[1:])[0, 1] == pytest.approx(1 - a - b, abs=0.01)
    edges = np.diff(np.r_[1, x, 1])
    cloudy_lengths = np.flatnonzero(edges == 1) - np.flatnonzero(edges == -1)
    assert cloudy_lengths.mean() == pytest.approx(spell, rel=0.05)
    # stations independent of one another
    assert abs(np.corrcoef(sky[:, 0], sky[:, 1])[0, 1]) < 0.02


@functools.cache
def _flux_data():
    text = resources.files("orbitaldc").joinpath("data/radiation_dose.yaml").read_text()
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["flux_grid"]


def _flux_row(altitude_km, inclination_deg):
    data = _flux_data()
    k = data["proton_energies_mev"].index(50)
    row = next(r for r in data["rows"] if r[0] == altitude_km and r[1] == inclination_deg)
    return row[2 + k]


def test_upset_rate_follows_the_trapped_proton_flux_of_the_orbit():
    """Ratios between two grid orbits are the shipped AP-8 >50 MeV flux ratios (read from the file
    here); at the reference orbit the rate is the data file's per-day value x days per year."""
    ratio = upset_rate(650.0, 100.0).per_accelerator_year / upset_rate(650.0, 50.0).per_accelerator_year
    assert ratio == pytest.approx(_flux_row(650, 100) / _flux_row(650, 50), rel=1e-9)
    data = yaml.safe_load(resources.files("orbitaldc").joinpath("data/training.yaml").read_text())
    record = data["upset_restarts_per_accelerator_day"]
    at_reference = upset_rate(record["reference_altitude_km"], record["reference_inclination_deg"])
    assert at_reference.per_accelerator_year == pytest.approx(record["value"] * JULIAN_YEAR_S / 86400, rel=1e-9)
    assert "ESTIMATE" in at_reference.note
    assert upset_rate(650.0, 98.0, 2.5).per_accelerator_year == 2.5  # a given rate is used as given
    assert "nearest orbit" in upset_rate(650.0, 5.0).note  # outside the grid's coverage: said


def test_upset_events_are_poisson_and_outages_remove_a_replica():
    times, replica = upset_events(100, 2, 1.0e3, 86400.0, seed=1)
    expected = 100 * 2 * 1.0e3 / JULIAN_YEAR_S * 86400.0
    assert abs(times.size - expected) < 4 * np.sqrt(expected)
    assert np.all(np.diff(times) >= 0) and replica.min() >= 0 and replica.max() < 100
    t, n = with_outages(np.array([0.0, 100.0]), np.array([10, 6]), np.array([50.0, 60.0]), 4, 30.0)
    # 10 until 50, 6 during one outage, 2 during both, 6 from 80 (usable 6 after 100 minus one outage until 90)
    got = dict(zip(t.tolist(), n.tolist(), strict=True))
    assert got == {0.0: 10, 50.0: 6, 60.0: 2, 80.0: 6, 90.0: 10, 100.0: 6}


def test_an_upset_kills_what_its_replica_serves():
    """With one replica every request in service at the upset is killed (brute force reference)."""
    rng = np.random.default_rng(0)
    start = np.sort(rng.uniform(0, 100, 500))
    finish = start + rng.uniform(1, 20, 500)
    events = np.array([30.0, 70.0])
    killed = killed_by_upsets(start, finish, events, replicas=1)
    brute = ((start[:, None] <= events) & (finish[:, None] > events)).any(axis=1)
    assert np.array_equal(killed, brute)
    many = killed_by_upsets(start, finish, events, replicas=10)
    assert many.sum() < brute.sum() and not np.any(many & ~brute)


def test_battery_falls_by_the_depth_of_discharge_over_the_design_eclipse_and_refills_in_the_sun():
    """One eclipse of the design length: the lowest charge is 1 - DoD exactly, and it is full again
    after period - eclipse of sunlight (SMAD eq. 11-5 sizing)."""
    step, period, eclipse, dod = 10.0, 5400.0, 2100.0, 0.3
    grid = np.arange(0.0, 2 * period, step)
    lit = ((grid < 1000.0) | (grid >= 1000.0 + eclipse))[None, :]
    low, mean = state_of_charge(lit, grid, dod, eclipse, period)
    assert low.min() == pytest.approx(1 - dod, abs=1e-12)
    full_again = 1000.0 + eclipse + (period - eclipse)
    assert np.all(low[grid >= full_again + step] == pytest.approx(1.0))
    assert np.all(low[(grid > 1000.0 + eclipse + step) & (grid < full_again - step)] < 1.0)
    assert np.array_equal(low, mean)  # one satellite


def test_isl_route_and_hop_geometry():
    """Hop: N satellites evenly spaced on one circle are 2 a sin(pi / N) apart. Route: the mesh
    length is the arc x 4/pi, never shorter than the chord."""
    a, n = 6928.137, 20
    u = 2 * np.pi * np.arange(n) / n
    ring = a * np.stack([np.cos(u), np.sin(u), np.zeros(n)], axis=1)
    assert np.allclose(nearest_neighbour_km(ring), 2 * a * np.sin(np.pi / n), rtol=1e-12)
    quarter = route_km(ring[0], ring[5])
    assert quarter == pytest.approx(MESH_FACTOR * a * np.pi / 2, rel=1e-12)
    near = np.array([a, 0.0, 0.0]), np.array([a, 0.5, 0.0])
    assert route_km(*near) >= np.linalg.norm(near[1] - near[0])
    assert route_km(ring[3], ring[3]) == 0.0


def test_isl_latencies_in_the_document():
    """isl routing reports hop and route percentiles (a 64-satellite SSO plane: the in-plane spacing
    bounds the hop from above); direct routing reports none."""
    isl = run(parse_scenario(scenario(64, routing="isl")), timeline=False).document()["operations"]["orbital"]
    hop = isl["isl_hop_latency_ms"]
    a = 6378.137 + 650.0
    assert 0 < hop["p50"] <= hop["p99"] <= 1e3 * 2 * a * np.sin(np.pi / 64) / C_KM_S * 1.001
    assert isl["isl_route_latency_ms"]["p50"] > 0
    direct = run(parse_scenario(scenario(8, routing="direct")), timeline=False).document()["operations"]["orbital"]
    assert direct["isl_hop_latency_ms"]["p50"] is None and direct["isl_route_latency_ms"]["p50"] is None


def test_upsets_preempt_requests_and_lower_training_goodput():
    heavy = run(parse_scenario(scenario(8, upsets_per_accelerator_year=1.0e4)), timeline=False).document()
    o = heavy["operations"]["orbital"]
    assert o["upsets"] > 0 and 0 < o["preemptions"] <= o["requests_dropped"]
    assert o["requests_served"] + o["requests_dropped"] == heavy["operations"]["requests"]
    assert sum(heavy["operations"]["series"]["orbital_preempted"]) == o["preemptions"]
    assert heavy["operations"]["terrestrial"]["preemptions"] == 0
    job = {"accelerators": 128, "model_parameters": 7.0e9, "duration_h": 48.0, "restart_s": 600.0}
    goodput = {}
    for upsets in (None, 0.0):
        doc = scenario(8)
        doc["workload"] = {"training": {**job, "upsets_per_accelerator_year": upsets}}
        part = run(parse_scenario(doc), timeline=False).document()["operations"]["orbital"]
        goodput[upsets] = part["training_goodput"]
        assert part["training"]["preemptions"] >= 0
    assert goodput[None] < goodput[0.0]  # the default (estimated) upset restarts cost goodput
