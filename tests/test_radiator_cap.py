"""The radiator's cap on compute in time (ops/radiator.py), checked by hand with Stefan-Boltzmann."""

import dataclasses

import numpy as np
import pytest

from orbitaldc.design import design
from orbitaldc.ops.radiator import radiator_cap
from orbitaldc.orbit import orbit_geometry
from orbitaldc.scenario import load_scenario
from tests.test_operations import EXAMPLE

SIGMA = 5.670374419e-8  # CODATA 2018, W m-2 K-4


def _design():
    scenario = load_scenario(EXAMPLE)
    return design(scenario, orbit_geometry(scenario))


def test_a_design_of_ours_is_never_capped_by_its_radiator():
    d = _design()
    lit = np.array([[True, False, True, False]])
    assert radiator_cap(d, lit, 4) == pytest.approx(np.ones(4), abs=1e-12)


def test_half_the_radiator_carries_half_the_sunlit_load_and_its_eclipse_share_by_hand():
    d = _design()
    half = dataclasses.replace(d, sizing=dataclasses.replace(d.sizing, radiator_area_m2=d.sizing.radiator_area_m2 / 2))
    p = d.inputs
    t_k = float(np.asarray(p.radiator_temperature_c)) + 273.15
    emitted = p.sides * p.emissivity * SIGMA * t_k**4
    earth_ir = p.earth_ir_absorptivity * p.earth_view_factor * p.earth_ir_w_m2
    area, it_w = float(np.asarray(half.sizing.radiator_area_m2)), float(np.asarray(d.sizing.it_power_w))
    eclipse = min(1.0, area * (emitted - earth_ir) / (it_w * float(np.asarray(p.eclipse_compute_fraction))))
    cap = radiator_cap(half, np.array([[True, False]]), 2)
    assert cap[0] == pytest.approx(0.5, rel=1e-9)  # sized exactly for full load in sunlight
    assert cap[1] == pytest.approx(eclipse, rel=1e-9)
