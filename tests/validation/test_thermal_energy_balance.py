"""Energy balance of the design (property tests through the public path: load_scenario + run).

Reference: conservation of energy. On an orbit the battery ends where it started, so every joule the solar
array delivers leaves the satellite as heat: IT and bus loads, power-conversion (path) losses and battery
charge/discharge losses (SMAD 3rd ed., sec. 11.4: the array supplies P_e T_e / X_e + P_d T_d / X_d per orbit).
1. Exact closure: the heat rejected in sunlight (the radiators' rating, design.satellite.heat_rejected_w)
   times the daylight time, plus the eclipse loads the battery carries times the eclipse time, equals the
   array's end-of-life output times the daylight time (the whole battery round trip is charged to sunlight).
2. Bounds: the radiators are rated for at least the orbit-average dissipation, i.e. the array's
   orbit-average output, and in sunlight for at least the loads plus their conversion losses.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitaldc import load_scenario, run

SCENARIOS = st.fixed_dictionaries({
    "accelerator": st.sampled_from(["h100-sxm", "b200", "mi300x"]),
    "accelerators": st.integers(1, 64),
    "altitude_km": st.floats(450.0, 1100.0),
    "ltan_h": st.sampled_from([6.0, 9.0, 10.5, 13.5, 18.0]),
    "bus_power_fraction": st.floats(0.05, 0.4),
    "eclipse_compute_fraction": st.floats(0.0, 1.0),
    "temperature_c": st.floats(10.0, 60.0),
})


def _run(x):
    doc = {"name": "energy-balance", "epoch": "2027-01-01T00:00:00Z", "horizon_years": 1,
           "satellite": {"compute": {"accelerator": x["accelerator"], "accelerators": x["accelerators"]},
                         "power": {"bus_power_fraction": x["bus_power_fraction"],
                                   "eclipse_compute_fraction": x["eclipse_compute_fraction"]},
                         "thermal": {"temperature_c": x["temperature_c"], "sun_incidence": "edge_on"}},
           "constellation": {"orbit": {"kind": "sso", "altitude_km": x["altitude_km"], "ltan_h": x["ltan_h"]},
                             "satellites": 1}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(yaml.safe_dump(doc))
        result = run(load_scenario(path), timeline=False, economics=False, operations=False)
    return result


PROPERTY = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(SCENARIOS)
def test_every_joule_the_array_delivers_is_rejected_over_the_orbit(x):
    result = _run(x)
    sat = result.document()["design"]["satellite"]
    if not result.design.feasible:
        return
    p, s = result.design.inputs, result.design.sizing
    daylight_s, eclipse_s = float(p.period_s) - float(p.eclipse_s), float(p.eclipse_s)
    rejected_j = sat["heat_rejected_w"] * daylight_s + float(s.eclipse_load_w) * eclipse_s
    assert rejected_j == pytest.approx(sat["array_power_eol_w"] * daylight_s, rel=1e-9)
    by = sat["heat_rejected_by_radiator_w"]
    assert by["compute"] + by["bus"] == pytest.approx(sat["heat_rejected_w"], rel=1e-12)


@PROPERTY
@given(SCENARIOS)
def test_all_electrical_power_dissipated_is_rejected(x):
    result = _run(x)
    if not result.design.feasible:
        return
    sat = result.document()["design"]["satellite"]
    p = result.design.inputs
    period_s, eclipse_s = float(p.period_s), float(p.eclipse_s)
    # sunlit: the loads and the conversion losses of the path that feeds them
    loads = sat["it_power_w"] + sat["bus_power_w"]
    assert sat["heat_rejected_w"] >= loads / float(p.path_efficiency_daylight) * (1 - 1e-9)
    # orbit: everything the array delivers (the longest-eclipse orbit it is sized for) becomes heat, and the
    # radiators, sized for the sunlit peak, must reject at least its orbit average
    orbit_average_w = sat["array_power_eol_w"] * (period_s - eclipse_s) / period_s
    assert sat["heat_rejected_w"] >= orbit_average_w * (1 - 1e-9)
