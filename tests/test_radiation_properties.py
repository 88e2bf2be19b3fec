"""Properties of orbitaldc.orbit.radiation: monotone in shielding, linear in years, strict
coverage, vectorized, SEU parameters sourced."""

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
    dose_over_mission_rad_si,
    dose_table,
    radiation_summary,
    seu_rate_per_bit_day,
)

inclinations = st.floats(0.0, 180.0)
thicknesses = st.floats(0.05, 20.0)


@settings(max_examples=200, deadline=None)
@given(inclinations, thicknesses, thicknesses)
def test_more_shielding_less_dose(inc, a, b):
    lo, hi = sorted((a, b))
    d = annual_dose_rad_si(550.0, inc, [lo, hi])
    assert d[1] <= d[0] * (1 + 1e-12)
    assert np.all(d > 0)


@settings(max_examples=100, deadline=None)
@given(inclinations, thicknesses, st.floats(0.0, 30.0))
def test_mission_dose_scales_with_years(inc, al, years):
    annual = float(annual_dose_rad_si(550.0, inc, al))
    mission = float(dose_over_mission_rad_si(550.0, inc, al, years))
    assert math.isclose(mission, annual * years, rel_tol=1e-12, abs_tol=1e-300)


def test_table_monotone_in_thickness_everywhere():
    d = dose_table().annual_total_rad_si
    assert np.all(np.diff(d, axis=1) < 0)


def test_vectorized_broadcast():
    inc = np.array([[30.0], [53.0], [98.0]])
    al = np.array([1.0, 5.0, 10.0, 20.0])
    d = annual_dose_rad_si(550.0, inc, al)
    assert d.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert d[i, j] == pytest.approx(float(annual_dose_rad_si(550.0, inc[i, 0], al[j])), rel=1e-14)


def test_symmetric_prograde_retrograde():
    # The magnetic field does not know the direction of travel: i and 180 - i agree to ~2 %.
    d1 = annual_dose_rad_si(550.0, np.arange(0, 91, 5.0), 5.0)
    d2 = annual_dose_rad_si(550.0, 180.0 - np.arange(0, 91, 5.0), 5.0)
    np.testing.assert_allclose(d1, d2, rtol=0.03)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((650.0, 98.0, 5.0), "altitude_km"),
        ((400.0, 51.6, 5.0), "altitude_km"),
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
    with pytest.raises(ValueError, match=name):
        annual_dose_rad_si(*args)


def test_bad_years_raise():
    with pytest.raises(ValueError, match="years"):
        dose_over_mission_rad_si(550.0, 98.0, 5.0, -1.0)


def test_summary_flags_clamped_altitude():
    s = radiation_summary(550.0, 53.0, 5.0, 5.0)
    assert isinstance(s, RadiationSummary) and s.within_table
    assert s.mission_dose_rad_si == pytest.approx(5.0 * s.annual_dose_rad_si)
    with pytest.raises(ValueError, match="altitude_km"):
        radiation_summary(800.0, 98.0, 5.0, 5.0)
    c = radiation_summary(800.0, 98.0, 5.0, 5.0, clamp_altitude=True)
    assert not c.within_table and "outside the table" in c.note
    assert c.annual_dose_rad_si == pytest.approx(radiation_summary(550.0, 98.0, 5.0, 5.0).annual_dose_rad_si)


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
