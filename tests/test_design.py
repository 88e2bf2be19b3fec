"""Design stage: behaviour and invariants (hypothesis) of the vectorized sizing kernel."""

import dataclasses
import math

import numpy as np
import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitaldc import load_scenario, run
from orbitaldc.constants import STEFAN_BOLTZMANN_W_M2_K4
from orbitaldc.design import design_inputs
from orbitaldc.design.sizing import RADIATOR_CANNOT_REJECT, size_satellites
from orbitaldc.orbit import orbit_geometry


@pytest.fixture(scope="module")
def base_inputs():
    scenario = load_scenario(EXAMPLES / "tpu-cluster-81.yaml")
    return design_inputs(scenario, orbit_geometry(scenario))


def test_energy_balance_closes(base_inputs):
    s = size_satellites(base_inputs)
    p = base_inputs
    # Over one orbit the array (at EOL, after path losses) delivers what the loads use.
    daylight_s = p.period_s - p.eclipse_s
    delivered = s.array_power_eol_w * daylight_s
    used = (s.daylight_load_w * daylight_s / p.path_efficiency_daylight
            + s.eclipse_load_w * p.eclipse_s / p.path_efficiency_eclipse)
    assert float(delivered) == pytest.approx(float(used), rel=1e-12)
    # The compute radiator rejects the IT heat at its temperature, the bus radiator the rest at its own.
    t_k = p.radiator_temperature_c + 273.15
    emitted = p.sides * p.emissivity * STEFAN_BOLTZMANN_W_M2_K4 * t_k**4 * s.radiator_area_m2
    absorbed = (s.radiator_solar_w_m2 + s.radiator_earth_ir_w_m2 + s.radiator_albedo_w_m2) * s.radiator_area_m2
    assert float(emitted - absorbed) == pytest.approx(float(s.compute_heat_w), rel=1e-12)
    assert float(s.compute_heat_w) == pytest.approx(float(s.it_power_w), rel=1e-12)
    assert float(s.bus_radiator_net_w_m2 * s.bus_radiator_area_m2) == pytest.approx(float(s.bus_heat_w), rel=1e-12)
    # ... and together every watt the array delivers in sunlight except what the battery stores for eclipse.
    stored_w = s.eclipse_load_w * p.eclipse_s / daylight_s
    assert float(s.heat_rejected_w) == pytest.approx(float(s.array_power_eol_w - stored_w), rel=1e-12)
    # Battery covers the longest eclipse at the allowed depth of discharge.
    usable_wh = s.battery_energy_wh * p.depth_of_discharge * p.battery_efficiency
    assert float(usable_wh) == pytest.approx(float(s.eclipse_load_w * p.eclipse_s / 3600.0), rel=1e-12)
    # The mass breakdown sums to the total.
    assert float(sum(s.mass_breakdown_kg.values())) == pytest.approx(float(s.mass_kg), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    accelerators=st.integers(1, 5000),
    factor=st.floats(1.5, 8.0),
    temperature_c=st.floats(0.0, 86.0),  # below the TPU's (estimated) 87 C junction limit: above it, infeasible
    eclipse_fraction=st.floats(0.0, 0.4),
)
def test_doubling_it_power_doubles_areas(base_inputs, accelerators, factor, temperature_c, eclipse_fraction):
    p = dataclasses.replace(base_inputs, accelerators=accelerators, radiator_temperature_c=temperature_c,
                            eclipse_s=eclipse_fraction * base_inputs.period_s)
    one = size_satellites(p)
    two = size_satellites(dataclasses.replace(p, accelerators=factor * accelerators))
    for name in ("solar_array_area_m2", "radiator_area_m2", "battery_energy_wh", "it_power_w"):
        a, b = float(getattr(one, name)), float(getattr(two, name))
        assert b == pytest.approx(factor * a, rel=1e-9), name


@settings(max_examples=60, deadline=None)
@given(t1=st.floats(-50.0, 200.0), dt=st.floats(0.0, 150.0), sun_cos=st.floats(0.0, 1.0),
       view=st.floats(0.0, 1.0), absorptivity=st.floats(0.0, 1.0))
def test_hotter_radiator_never_needs_more_area(base_inputs, t1, dt, sun_cos, view, absorptivity):
    # the radiator's physics alone: no chip limit (above it a hotter radiator is infeasible for the chips)
    p = dataclasses.replace(base_inputs, sun_cos=sun_cos, earth_view_factor=view, absorptivity=absorptivity,
                            accelerator_max_temperature_c=math.nan)
    cold = size_satellites(dataclasses.replace(p, radiator_temperature_c=t1))
    hot = size_satellites(dataclasses.replace(p, radiator_temperature_c=t1 + dt))
    if bool(cold.feasible):
        assert bool(hot.feasible)
        assert float(hot.radiator_area_m2) <= float(cold.radiator_area_m2) * (1 + 1e-12)


def test_cold_radiator_in_sunlight_is_infeasible_not_priced(base_inputs):
    p = dataclasses.replace(base_inputs, radiator_temperature_c=-60.0, sun_cos=1.0, absorptivity=0.9)
    s = size_satellites(p)
    assert not bool(s.feasible)
    assert int(s.reason_flags) & RADIATOR_CANNOT_REJECT
    assert math.isnan(float(s.radiator_area_m2)) and math.isnan(float(s.mass_kg))


def test_vectorized_equals_scalar(base_inputs):
    temps = np.array([10.0, 40.0, 80.0])
    counts = np.array([[16.0], [256.0]])
    grid = size_satellites(dataclasses.replace(base_inputs, radiator_temperature_c=temps, accelerators=counts))
    assert grid.radiator_area_m2.shape == (2, 3)
    for i, n in enumerate(counts[:, 0]):
        for j, t in enumerate(temps):
            one = size_satellites(dataclasses.replace(base_inputs, radiator_temperature_c=t, accelerators=n))
            assert float(one.radiator_area_m2) == pytest.approx(grid.radiator_area_m2[i, j], rel=1e-13)
            assert float(one.mass_kg) == pytest.approx(grid.mass_kg[i, j], rel=1e-13)


def test_no_eclipse_needs_no_battery(base_inputs):
    s = size_satellites(dataclasses.replace(base_inputs, eclipse_s=0.0))
    assert float(s.battery_energy_wh) == 0.0
    assert float(s.mass_breakdown_kg["battery"]) == 0.0


def test_scenario_overrides_catalog(tmp_path, suncatcher_text):
    path = tmp_path / "s.yaml"
    path.write_text(suncatcher_text.replace("regulation: ppt", "regulation: ppt\n    cell_efficiency: 0.40"))
    hi = run(load_scenario(path)).design.sizing
    lo = run(load_scenario(EXAMPLES / "tpu-cluster-81.yaml")).design.sizing
    assert float(hi.solar_array_area_m2) == pytest.approx(float(lo.solar_array_area_m2) * 0.298 / 0.40)


def test_target_power_sets_accelerator_and_satellite_counts():
    result = run(load_scenario(EXAMPLES / "gigawatt.yaml"))
    d = result.design
    per_accelerator = float(d.sizing.it_power_w) / d.accelerators
    assert float(d.sizing.it_power_w) >= 100e3 > float(d.sizing.it_power_w) - per_accelerator
    assert d.fleet_it_power_w >= 1e9 > d.fleet_it_power_w - float(d.sizing.it_power_w)


def _with_orbit(text, altitude_km, years):
    return (text.replace("altitude_km: 650", f"altitude_km: {altitude_km}")
            .replace("horizon_years: 5", f"horizon_years: {years}"))


def test_station_keeping_propellant_follows_drag(tmp_path, suncatcher_text):
    """Lower orbits and longer missions need more propellant; above the density table, none."""
    masses = {}
    for altitude, years in [(450, 5), (650, 5), (650, 10), (1200, 5)]:
        path = tmp_path / f"s{altitude}-{years}.yaml"
        path.write_text(_with_orbit(suncatcher_text, altitude, years))
        d = run(load_scenario(path), timeline=False).design
        masses[(altitude, years)] = d.propellant_kg
        assert d.mass_kg == pytest.approx(float(d.sizing.mass_kg) + d.propellant_kg)
    assert masses[(450, 5)] > masses[(650, 5)] > 0
    assert masses[(650, 10)] > masses[(650, 5)]
    assert masses[(1200, 5)] == 0.0
    # Same satellite, twice the horizon: 2027-2032 spans the solar minimum, 2027-2037 reaches into the
    # predicted Cycle 26 maximum, so more delta-v per year and more than twice the propellant.
    from orbitaldc.design.station_keeping import station_keeping
    from orbitaldc.orbit.solar_activity import mean_station_keeping_dv_m_s_per_year

    five = load_scenario(tmp_path / "s650-5.yaml")
    ten = load_scenario(tmp_path / "s650-10.yaml")
    sizing = run(five, timeline=False).design.sizing
    held5, held10 = station_keeping(five, sizing, 650.0), station_keeping(ten, sizing, 650.0)
    p5, dv5 = held5.propellant_kg, held5.dv_m_s_per_year
    p10, dv10 = held10.propellant_kg, held10.dv_m_s_per_year
    assert dv10 > 1.2 * dv5 and p10 / p5 > 2.0
    # the yearly delta-v is the horizon's mean over the predicted solar activity, at the wet mass
    from orbitaldc.orbit import drag

    b = drag.ballistic_coefficient_kg_m2(float(sizing.mass_kg) + p5,
                                         0.5 * (float(sizing.solar_array_area_m2) + float(sizing.radiator_area_m2)
                                                + float(sizing.bus_radiator_area_m2)))
    expected = mean_station_keeping_dv_m_s_per_year(650.0, float(b), five.epoch, five.horizon_years)[0]
    assert dv5 == pytest.approx(expected, rel=1e-3)
