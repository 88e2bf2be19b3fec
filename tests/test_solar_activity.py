"""Drag at the solar activity a scenario's epoch and horizon imply (orbit.solar_activity)."""

import datetime as dt

import pytest

from orbitaldc.orbit import drag
from orbitaldc.orbit.solar_activity import mean_station_keeping_dv_m_s_per_year, yearly_f107


def test_named_levels_and_their_fluxes_agree():
    for level, flux in drag.LEVEL_F107_SFU.items():
        assert drag.density_kg_m3(550.0, flux) == pytest.approx(float(drag.density_kg_m3(550.0, level)), rel=1e-12)
    fluxes = [65.0, 80.0, 100.0, 140.0, 180.0, 250.0]
    densities = [float(drag.density_kg_m3(600.0, f)) for f in fluxes]
    assert densities == sorted(densities)


def test_bad_flux_is_an_error():
    with pytest.raises(ValueError, match="F10.7"):
        drag.density_kg_m3(550.0, -5.0)


def test_horizon_weights_cover_the_horizon():
    weights, note = yearly_f107(dt.datetime(2027, 3, 1), 5.0)
    assert sum(w for w, _ in weights) == pytest.approx(1.0)
    assert all(f is not None for _, f in weights) and "prediction" in note
    weights, note = yearly_f107(dt.datetime(2044, 1, 1), 3.0)
    assert all(f is None for _, f in weights) and "140 sfu" in note


def test_solar_minimum_needs_less_station_keeping_than_the_maximum():
    """The prediction puts the Cycle 25/26 minimum around 2030 and the Cycle 26 maximum near 2035."""
    quiet, quiet_flux, _ = mean_station_keeping_dv_m_s_per_year(550.0, 50.0, dt.datetime(2029, 1, 1), 3.0)
    busy, busy_flux, _ = mean_station_keeping_dv_m_s_per_year(550.0, 50.0, dt.datetime(2033, 1, 1), 3.0)
    assert quiet_flux < 90 < 140 < busy_flux
    assert busy > 3 * quiet
    low, _, _ = mean_station_keeping_dv_m_s_per_year(550.0, 50.0, dt.datetime(2033, 1, 1), 3.0, "low")
    high, _, _ = mean_station_keeping_dv_m_s_per_year(550.0, 50.0, dt.datetime(2033, 1, 1), 3.0, "high")
    assert low < busy < high
