"""Properties of the drag model (orbitaldc.orbit.drag): physics, consistency, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitaldc.orbit import drag

ALTITUDE = st.floats(min_value=100.0, max_value=1000.0, allow_nan=False)
ORBIT_ALTITUDE = st.floats(min_value=150.0, max_value=900.0, allow_nan=False)
BALLISTIC = st.floats(min_value=5.0, max_value=500.0, allow_nan=False)
ACTIVITY = st.sampled_from(drag.SOLAR_ACTIVITY)


def test_table_is_read_with_its_provenance():
    low, high = drag.altitude_range_km()
    assert (low, high) == (100.0, 1000.0)
    assert "NRLMSISE-00" in drag.atmosphere_source()
    assert "ECSS-E-ST-10-04C" in drag.atmosphere_source()


@settings(max_examples=60, deadline=None)
@given(ALTITUDE, ALTITUDE, ACTIVITY)
def test_density_falls_with_altitude(h1, h2, activity):
    lo, hi = sorted((h1, h2))
    if hi - lo < 1e-6:
        return
    assert drag.density_kg_m3(hi, activity) < drag.density_kg_m3(lo, activity)


def test_interpolation_is_log_linear_between_rows():
    # Midway between rows 400 and 420 km the density is the geometric mean of the two.
    rho = drag.density_kg_m3([400.0, 410.0, 420.0], "moderate")
    assert rho[1] == pytest.approx(np.sqrt(rho[0] * rho[2]), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=130.0, max_value=1000.0))
def test_more_solar_activity_means_denser_air_above_130_km(h):
    low, moderate, high = (drag.density_kg_m3(h, a) for a in drag.SOLAR_ACTIVITY)
    assert low < moderate < high


@settings(max_examples=40, deadline=None)
@given(ORBIT_ALTITUDE, BALLISTIC)
def test_lifetime_shorter_at_higher_activity(h, b):
    low, moderate, high = (drag.lifetime_years(h, b, a) for a in drag.SOLAR_ACTIVITY)
    if low >= drag.LIFETIME_CAP_YEARS:
        assert moderate >= high
        return
    assert low > moderate > high > 0.0


@settings(max_examples=40, deadline=None)
@given(ORBIT_ALTITUDE, ORBIT_ALTITUDE, BALLISTIC, ACTIVITY)
def test_lifetime_grows_with_altitude(h1, h2, b, activity):
    lo, hi = sorted((h1, h2))
    if hi - lo < 1e-3:
        return
    t_lo, t_hi = drag.lifetime_years([lo, hi], b, activity)
    assert t_hi > t_lo or t_lo == drag.LIFETIME_CAP_YEARS


def test_lifetime_is_proportional_to_ballistic_coefficient_below_the_cap():
    t = drag.lifetime_years(450.0, np.array([10.0, 20.0, 40.0]), "moderate")
    assert t[1] / t[0] == pytest.approx(2.0, rel=1e-12)
    assert t[2] / t[0] == pytest.approx(4.0, rel=1e-12)


@pytest.mark.parametrize("activity", drag.SOLAR_ACTIVITY)
@pytest.mark.parametrize("h", [160.0, 305.0, 411.0, 777.0])
def test_lifetime_integral_matches_decay_rate_in_a_thin_band(h, activity):
    # Time to fall through a 0.1 km band = band / decay rate at its middle.
    b, band_km = 5.0, 0.1  # small enough to stay below the lifetime cap at 777 km
    t_days = np.diff(drag.lifetime_years([h, h + band_km], b, activity))[0] * drag.SECONDS_PER_YEAR / 86_400.0
    expected_days = band_km / drag.decay_rate_km_per_day(h + band_km / 2.0, b, activity)
    assert t_days == pytest.approx(expected_days, rel=1e-4)


def test_lifetime_integral_matches_an_independent_quadrature():
    # scipy's adaptive quadrature of 1/rate over the same interpolated density.
    from scipy.integrate import quad

    b = 60.0
    days, _ = quad(lambda h: 1.0 / float(drag.decay_rate_km_per_day(h, b, "low")), 120.0, 500.0,
                   points=list(range(130, 500, 10)), limit=200)
    assert float(drag.lifetime_years(500.0, b, "low")) * drag.SECONDS_PER_YEAR / 86_400.0 == pytest.approx(
        days, rel=1e-4)


def test_lifetime_zero_at_reentry_and_capped_high_up():
    assert drag.lifetime_years(120.0, 50.0) == 0.0
    assert drag.lifetime_years(110.0, 50.0) == 0.0
    assert drag.lifetime_years(1000.0, 500.0, "low") == drag.LIFETIME_CAP_YEARS
    # A higher reentry altitude shortens the count.
    assert drag.lifetime_years(400.0, 50.0, reentry_altitude_km=200.0) < drag.lifetime_years(400.0, 50.0)


@settings(max_examples=40, deadline=None)
@given(ORBIT_ALTITUDE, BALLISTIC, ACTIVITY)
def test_dv_and_propellant_scale_with_inverse_ballistic_coefficient(h, b, activity):
    dv1 = drag.station_keeping_dv_m_s_per_year(h, b, activity)
    dv2 = drag.station_keeping_dv_m_s_per_year(h, 2.0 * b, activity)
    assert dv1 == pytest.approx(2.0 * dv2, rel=1e-12)
    # Propellant is linear in dv while dv << Isp g0 (here < 1e-3 of it: linear to 1e-3).
    isp = 3000.0
    dv_small = min(dv1, 20.0)
    m1 = drag.propellant_kg_per_year(dv_small, 1000.0, isp)
    m2 = drag.propellant_kg_per_year(dv_small / 2.0, 1000.0, isp)
    assert m1 == pytest.approx(2.0 * m2, rel=1e-3)


def test_dv_is_drag_acceleration_times_a_year():
    h, b = 500.0, 100.0
    rho = drag.density_kg_m3(h)
    v = np.sqrt(398600.4418e9 / ((6378.137 + h) * 1e3))
    assert drag.station_keeping_dv_m_s_per_year(h, b) == pytest.approx(
        rho * v**2 / (2 * b) * 365.25 * 86400, rel=1e-12)


def test_decay_rate_is_kinghele_circular_formula():
    h, b = 400.0, 50.0
    a = (6378.137 + h) * 1e3
    expected = drag.density_kg_m3(h) * np.sqrt(398600.4418e9 * a) / b * 86400 / 1e3
    assert drag.decay_rate_km_per_day(h, b) == pytest.approx(expected, rel=1e-12)


def test_rocket_equation():
    # 100 m/s at Isp 300 s from 1000 kg: 1000 (1 - exp(-100 / 2941.995)) = 33.419 kg.
    assert drag.propellant_kg_per_year(100.0, 1000.0, 300.0) == pytest.approx(33.4194, rel=1e-5)
    assert drag.propellant_kg_per_year(0.0, 1000.0, 300.0) == 0.0


def test_ballistic_coefficient():
    # A 3U CubeSat, 4 kg, 0.03 m^2 long side forward: 4 / (2.2 * 0.03) = 60.6 kg/m^2.
    assert drag.ballistic_coefficient_kg_m2(4.0, 0.03) == pytest.approx(60.606, rel=1e-4)
    assert drag.ballistic_coefficient_kg_m2(4.0, 0.03, drag_coefficient=2.0) == pytest.approx(66.667, rel=1e-4)


def test_functions_broadcast():
    h = np.array([[300.0], [400.0], [500.0]])
    b = np.array([20.0, 50.0, 100.0, 200.0])
    for f in (drag.decay_rate_km_per_day, drag.lifetime_years, drag.station_keeping_dv_m_s_per_year):
        out = f(h, b, "high")
        assert out.shape == (3, 4)
        assert np.all(np.isfinite(out)) and np.all(out > 0)
    assert drag.density_kg_m3(h).shape == (3, 1)


def test_drag_summary_agrees_with_the_functions():
    s = drag.drag_summary(550.0, 1200.0, 12.0, isp_s=1500.0, activity="high")
    b = 1200.0 / (2.2 * 12.0)
    assert s.ballistic_coefficient_kg_m2 == pytest.approx(b)
    assert s.lifetime_years == pytest.approx(float(drag.lifetime_years(550.0, b, "high")))
    assert s.propellant_kg_per_year == pytest.approx(
        float(drag.propellant_kg_per_year(s.station_keeping_dv_m_s_per_year, 1200.0, 1500.0)))
    assert isinstance(s.density_kg_m3, float) and s.activity == "high"


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: drag.density_kg_m3(50.0), "altitude_km"),
        (lambda: drag.density_kg_m3([400.0, 1200.0]), "altitude_km"),
        (lambda: drag.density_kg_m3(np.nan), "altitude_km"),
        (lambda: drag.density_kg_m3(400.0, "medium"), "activity"),
        (lambda: drag.ballistic_coefficient_kg_m2(-1.0, 1.0), "mass_kg"),
        (lambda: drag.ballistic_coefficient_kg_m2(1.0, 0.0), "area_m2"),
        (lambda: drag.ballistic_coefficient_kg_m2(1.0, 1.0, -2.2), "drag_coefficient"),
        (lambda: drag.decay_rate_km_per_day(400.0, 0.0), "ballistic_coefficient_kg_m2"),
        (lambda: drag.lifetime_years(1500.0, 50.0), "altitude_km"),
        (lambda: drag.lifetime_years(400.0, 50.0, reentry_altitude_km=80.0), "reentry_altitude_km"),
        (lambda: drag.lifetime_years(400.0, 50.0, "extreme"), "activity"),
        (lambda: drag.station_keeping_dv_m_s_per_year(400.0, -5.0), "ballistic_coefficient_kg_m2"),
        (lambda: drag.propellant_kg_per_year(-1.0, 100.0, 300.0), "dv_m_s_per_year"),
        (lambda: drag.propellant_kg_per_year(1.0, -100.0, 300.0), "mass_kg"),
        (lambda: drag.propellant_kg_per_year(1.0, 100.0, 0.0), "isp_s"),
        (lambda: drag.drag_summary(400.0, 0.0, 1.0, isp_s=300.0), "mass_kg"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{name}:"):
        call()
