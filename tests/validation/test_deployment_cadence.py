"""Every shipped example deploys no faster than its vehicles fly.

Reference: each vehicle's launches per year in catalog/vehicles.yaml (measured 2025 counts, or
labelled projections: the FAA/USAF environmental approvals for Starship, Stoke's draft EA for Nova),
or the scenario's own cadence; and the world's 2025 total (329 orbital attempts, Aviation Week /
J. McDowell) reported beside the rate a plan needs.
"""

from pathlib import Path

import pytest

from orbitaldc import catalog, load_scenario, run

ROOT = Path(__file__).resolve().parents[2]
# every shipped example (scenarios and study presets) that names a launch vehicle
EXAMPLES = [p for kind in ("scenarios", "studies") for p in sorted((ROOT / "examples" / kind).glob("*.yaml"))
            if load_scenario(p).launch.vehicle]  # examples/sweeps/ holds sweep files, not scenarios


def test_the_examples_with_vehicles_are_checked():
    assert len(EXAMPLES) >= 5


def legs(doc):
    return doc["launch"].get("legs") or [doc["launch"]]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_deployment_takes_at_least_launches_over_cadence(path):
    scenario = load_scenario(path)
    doc = run(scenario, timeline=False).document()
    assert doc["launch"]["feasible"], doc["problems"]
    given = {scenario.launch.vehicle: scenario.launch.cadence_per_year}
    given.update({m.vehicle: m.cadence_per_year for m in scenario.launch.mix})
    for leg in legs(doc):
        cadence = given.get(leg["vehicle"]) or catalog.values("vehicles", leg["vehicle"])["cadence_per_year"]
        assert leg["deployment_years"] >= leg["launches"] / cadence - 1e-9
    assert doc["launch"]["deployment_years"] >= max(leg["deployment_years"] for leg in legs(doc)) - 1e-9
    assert doc["economics"]["deployment_years"] == pytest.approx(doc["launch"]["deployment_years"])
    assert doc["launch"]["world_orbital_launches_2025"] == 329
