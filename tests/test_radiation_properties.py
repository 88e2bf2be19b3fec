"""Properties of orbitaldc.orbit.radiation: monotone in shielding and (in LEO) in altitude,
continuous across the table band and grid boundaries, linear in years, strict coverage,
vectorized, SEU parameters sourced."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitaldc.orbit.radiation import (
    SEU_RATES,
    RadiationSummary,
    annual_dose_rad_si,
    dose_coverage,
    dose_over_mission_rad_si,
    dose_table,
    radiation_summary,
    seu_rate_per_bit_day,
)

inclinations = st.floats(0.0, 180.0)
thicknesses = st.floats(0.05, 20.0)
altitudes = st.floats(300.0, 2000.0)
covered_inclinations = st.floats(25.0, 155.0)


@settings(max_examples=200, deadline=None)
@given(inclinations, thicknesses, thicknesses)
def test_more_shielding_less_dose(inc, a, b):
    lo, hi = sorted((a, b))
    d = annual_dose_rad_si(550.0, inc, [lo, hi])
    assert d[1] <= d[0] * (1 + 1e-12)
    assert np.all(d > 0)


@settings(max_examples=200, deadline=None)
@given(altitudes, covered_inclinations, thicknesses, thicknesses)
def test_more_shielding_less_dose_at_any_altitude(alt, inc, a, b):
    lo, hi = sorted((a, b))
    d = annual_dose_rad_si(alt, inc, [lo, hi])
    assert d[1] <= d[0] * (1 + 1e-12)
    assert np.all(np.isfinite(d)) and np.all(d > 0)


@settings(max_examples=200, deadline=None)
@given(st.floats(30.0, 150.0), thicknesses, st.floats(300.0, 1500.0), st.floats(300.0, 1500.0))
def test_more_altitude_more_dose_in_leo(inc, al, a, b):
    # Trapped-particle dose grows with altitude from 300 km to the inner belt (~1,500 km).
    lo, hi = sorted((a, b))
    d = annual_dose_rad_si([lo, hi], inc, al)
    assert d[1] >= d[0] * (1 - 1e-12)


def test_altitude_profile_strictly_increasing_for_example_orbits():
    alts = np.arange(300.0, 1501.0, 25.0)
    for inc in (53.0, 97.4, 98.0):
        for al in (1.0, 5.0, 10.0):
            d = annual_dose_rad_si(alts, inc, al)
            assert np.all(np.diff(d) > 0), (inc, al)


@pytest.mark.parametrize("edge", [540.0, 560.0, 600.0, 1000.0, 1400.0])
@pytest.mark.parametrize("inc", [25.0, 53.0, 98.0, 155.0])
def test_continuous_in_altitude_at_band_and_grid_edges(edge, inc):
    eps = 1e-6
    d = annual_dose_rad_si([edge - eps, edge, edge + eps], inc, 3.0)
    np.testing.assert_allclose(d, d[1], rtol=1e-6)


def test_continuous_in_inclination_at_coverage_edge_near_table():
    # Inside 550 +- 10 km, inclinations below 25 deg use the 25 deg flux ratio: no step.
    for alt in (541.0, 559.0):
        d = annual_dose_rad_si(alt, [25.0 - 1e-7, 25.0, 25.0 + 1e-7], 2.0)
        np.testing.assert_allclose(d, d[1], rtol=1e-5)


def test_exactly_the_table_at_550_km():
    t = dose_table()
    inc = t.inclination_deg[:, None]
    np.testing.assert_allclose(annual_dose_rad_si(550.0, inc, t.aluminium_mm), t.annual_total_rad_si, rtol=1e-12)


def test_coverage_reported():
    c = dose_coverage()
    assert c["altitude_km"][0] <= 300.0 and c["altitude_km"][1] >= 2000.0
    assert c["inclination_deg"][0] <= 50.0 and c["inclination_deg"][1] >= 100.0
    assert c["inclination_deg_at_table_altitude"] == (0.0, 180.0)


@settings(max_examples=100, deadline=None)
@given(inclinations, thicknesses, st.floats(0.0, 30.0))
def test_mission_dose_scales_with_years(inc, al, years):
    annual = float(annual_dose_rad_si(550.0, inc, al))
    mission = float(dose_over_mission_rad_si(550.0, inc, al, years))
    assert math.isclose(mission, annual * years, rel_tol=1e-12, abs_tol=1e-300)


def test_table_monotone_in_thickness_everywhere():
    d = dose_table().annual_total_rad_si
    assert np.all(np.diff(d, axis=1) < 0)


@pytest.mark.parametrize("alt", [550.0, 650.0, np.array([[[400.0]], [[1200.0]]])])
def test_vectorized_broadcast(alt):
    inc = np.array([[30.0], [53.0], [98.0]])
    al = np.array([1.0, 5.0, 10.0, 20.0])
    d = annual_dose_rad_si(alt, inc, al)
    shape = np.broadcast_shapes(np.shape(alt), inc.shape, al.shape)
    assert d.shape == shape
    for idx in np.ndindex(shape):
        a = np.broadcast_to(alt, shape)[idx]
        i = np.broadcast_to(inc, shape)[idx]
        t = np.broadcast_to(al, shape)[idx]
        assert d[idx] == pytest.approx(float(annual_dose_rad_si(a, i, t)), rel=1e-12)


def test_symmetric_prograde_retrograde():
    # The magnetic field does not know the direction of travel: i and 180 - i agree to ~2 %.
    d1 = annual_dose_rad_si(550.0, np.arange(0, 91, 5.0), 5.0)
    d2 = annual_dose_rad_si(550.0, 180.0 - np.arange(0, 91, 5.0), 5.0)
    np.testing.assert_allclose(d1, d2, rtol=0.03)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((299.0, 98.0, 5.0), "altitude_km"),
        ((2001.0, 51.6, 5.0), "altitude_km"),
        ((800.0, 5.0, 5.0), "inclination_deg"),
        ((800.0, 175.0, 5.0), "inclination_deg"),
        (([650.0, 400.0], 98.0, 5.0), "__ok__"),
        ((float("nan"), 98.0, 5.0), "altitude_km"),
        ((550.0, -1.0, 5.0), "inclination_deg"),
        ((550.0, 181.0, 5.0), "inclination_deg"),
        ((550.0, 98.0, 0.0), "aluminium_mm"),
        ((550.0, 98.0, 25.0), "aluminium_mm"),
        ((550.0, 98.0, float("inf")), "aluminium_mm"),
        ((550.0, [98.0, 200.0], 5.0), "inclination_deg"),
    ],
)
def test_bad_inputs_raise_naming_the_argument(args, name):
    if name == "__ok__":
        assert np.all(annual_dose_rad_si(*args) > 0)
        return
    with pytest.raises(ValueError, match=name):
        annual_dose_rad_si(*args)


def test_error_message_states_the_coverage():
    with pytest.raises(ValueError, match=r"altitude_km: 2500 outside the coverage \[300, 2000\] km"):
        annual_dose_rad_si(2500.0, 98.0, 5.0)
    with pytest.raises(ValueError, match=r"inclination_deg: 2 outside the coverage \[25, 155\]"):
        annual_dose_rad_si(700.0, 2.0, 5.0)
    assert annual_dose_rad_si(552.0, 2.0, 5.0) > 0  # near the table: 0-180 deg


def test_bad_years_raise():
    with pytest.raises(ValueError, match="years"):
        dose_over_mission_rad_si(550.0, 98.0, 5.0, -1.0)


def test_summary_flags_clamped_altitude():
    s = radiation_summary(550.0, 53.0, 5.0, 5.0)
    assert isinstance(s, RadiationSummary) and s.within_table and s.table_altitude_km == 550.0
    assert s.mission_dose_rad_si == pytest.approx(5.0 * s.annual_dose_rad_si)
    m = radiation_summary(650.0, 98.0, 5.0, 5.0)
    assert m.within_table and m.table_altitude_km == 650.0 and "aep8" in m.source
    assert m.annual_dose_rad_si == pytest.approx(float(annual_dose_rad_si(650.0, 98.0, 5.0)), rel=1e-12)
    assert m.annual_dose_rad_si > radiation_summary(550.0, 98.0, 5.0, 5.0).annual_dose_rad_si
    with pytest.raises(ValueError, match="altitude_km"):
        radiation_summary(2500.0, 98.0, 5.0, 5.0)
    c = radiation_summary(2500.0, 98.0, 5.0, 5.0, clamp_altitude=True)
    assert not c.within_table and "outside the coverage" in c.note and c.table_altitude_km == 2000.0
    assert c.annual_dose_rad_si == pytest.approx(radiation_summary(2000.0, 98.0, 5.0, 5.0).annual_dose_rad_si)
    low = radiation_summary(200.0, 53.0, 5.0, 1.0, clamp_altitude=True)
    assert low.table_altitude_km == 300.0 and not low.within_table


def test_seu_rates_sourced_and_in_range():
    assert SEU_RATES
    for entry in SEU_RATES.values():
        r = entry.rate
        assert r.source and r.year > 1990 and r.kind in {"measured", "vendor", "estimate"}
        assert r.unit == "upsets/bit/day" and 0 < r.value < 1e-3
        if r.low is not None and r.high is not None:
            assert r.low <= r.value <= r.high
    rate = seu_rate_per_bit_day([686.0, 1200.0], 98.0)
    assert rate.shape == (2,) and np.all(rate == SEU_RATES["commercial_sram"].rate.value)


def test_seu_bad_inputs_raise():
    with pytest.raises(ValueError, match="device"):
        seu_rate_per_bit_day(686.0, 98.0, device="h100")
    with pytest.raises(ValueError, match="altitude_km"):
        seu_rate_per_bit_day(400.0, 98.0)
    with pytest.raises(ValueError, match="inclination_deg"):
        seu_rate_per_bit_day(700.0, 51.6)
