"""Validation of the dose-depth table (orbitaldc.orbit.radiation) against its source and
against independent published dose figures.

Reference table: Pfandzelter & Bermbach, LEO-NET '23 (arXiv:2302.08952), SPENVIS 4.6.11
output files compute-failure/results/<inc>.txt of github.com/pfandzelter/leo-edge-failure-models
(AP-8 MIN / AE-8 / SHIELDOSE-2, 550 km circular, 1825-day mission, rad(Si), solid Al sphere).
"""

from __future__ import annotations

import numpy as np
import pytest

from orbitaldc.orbit import radiation
from orbitaldc.orbit.radiation import annual_dose_rad_si, dose_over_mission_rad_si

# Independent published figures, with provenance.
# Google Research, "Towards a future space-based, highly scalable AI infrastructure system
# design", arXiv:2511.19468 (2025): "nearly three times the expected shielded five-year
# mission dose of 750 rad(Si)", dawn-dusk SSO, average cluster altitude 650 km. The shielding
# is given as 10 mm Al-equivalent (~150 rad(Si)/yr) only in secondary summaries we could read;
# we use 10 mm and say so.
SUNCATCHER_ALTITUDE_KM = 650.0
SUNCATCHER_INCLINATION_DEG = 98.0  # SSO at 650 km
SUNCATCHER_ALUMINIUM_MM = 10.0  # secondary sources; not confirmed in the primary text here
SUNCATCHER_FIVE_YEAR_RAD_SI = 750.0

# S. Barrett, "Orbital Rads" (Usenet post, 1993/1996, citing Vette et al. AP8/AE8 reports):
# 28.5 deg, 500 km circular, behind 4 mm Al: 170 rad per year. Informal secondary source.
BARRETT_ALTITUDE_KM = 500.0
BARRETT_INCLINATION_DEG = 28.5
BARRETT_ALUMINIUM_MM = 4.0
BARRETT_RAD_SI_PER_YEAR = 170.0


def _raw_tables():
    raw = radiation._raw()["dose_depth"]
    return raw, sorted(raw["tables"])


def test_reproduces_every_tabulated_point():
    """Source: the shipped SPENVIS files themselves (sanity). Every (inclination, thickness)
    grid point must come back as total mission dose / 5 years to 1e-12 relative — the
    interpolation is exact on its nodes."""
    raw, incs = _raw_tables()
    years = raw["mission_days"] / 365.0
    for inc in incs:
        rows = np.asarray(raw["tables"][inc], dtype=float)
        got = annual_dose_rad_si(550.0, float(inc), rows[:, 0])
        np.testing.assert_allclose(got, rows[:, 1] / years, rtol=1e-12)


def test_transcription_components_sum_to_total():
    """Source: same files. SPENVIS prints total = electrons + bremsstrahlung + protons, each to
    5 significant digits; a transcription error in any column would break the sum. Tolerance
    2e-4 relative covers the 5-digit rounding of four numbers."""
    raw, incs = _raw_tables()
    for inc in incs:
        rows = np.asarray(raw["tables"][inc], dtype=float)
        np.testing.assert_allclose(rows[:, 2] + rows[:, 3] + rows[:, 4], rows[:, 1], rtol=2e-4)


def test_suncatcher_five_year_dose_within_factor_two():
    """Source: Google Suncatcher, arXiv:2511.19468 (2025): ~750 rad(Si) over 5 years, shielded,
    650 km dawn-dusk SSO (shielding 10 mm Al per secondary summaries).

    The table covers only 550 km, so 650 km itself raises; we compare the table's 550 km,
    98 deg value and expect it to be BELOW Suncatcher's (trapped-proton dose grows with
    altitude, and the table omits solar protons and cosmic rays) but within a factor of 2,
    the spread between AE8/AP8 and AE9/AP9 and over the solar cycle for LEO TID.
    Measured: table 566 rad(Si) vs 750, ratio 1.33."""
    with pytest.raises(ValueError, match="altitude_km"):
        annual_dose_rad_si(SUNCATCHER_ALTITUDE_KM, SUNCATCHER_INCLINATION_DEG, SUNCATCHER_ALUMINIUM_MM)
    s = radiation.radiation_summary(
        SUNCATCHER_ALTITUDE_KM, SUNCATCHER_INCLINATION_DEG, SUNCATCHER_ALUMINIUM_MM, 5.0, clamp_altitude=True
    )
    assert not s.within_table
    ratio = SUNCATCHER_FIVE_YEAR_RAD_SI / s.mission_dose_rad_si
    assert 1.0 <= ratio <= 2.0, ratio


def test_barrett_low_inclination_dose_within_factor_two():
    """Source: S. Barrett, "Orbital Rads" (Usenet, 1993/1996, from AP8/AE8-era NASA reports):
    170 rad/yr behind 4 mm Al at 500 km, 28.5 deg. Informal but independent of SPENVIS 2023.

    The table is at 550 km (50 km higher, more trapped protons), so its value should be
    above 170 but within a factor of 2 (model-to-model spread for LEO TID).
    Measured: table 279 rad/yr at 550 km, ratio 1.64."""
    ours = float(dose_over_mission_rad_si(550.0, BARRETT_INCLINATION_DEG, BARRETT_ALUMINIUM_MM, 1.0))
    ratio = ours / BARRETT_RAD_SI_PER_YEAR
    assert 1.0 <= ratio <= 2.0, ratio
    assert abs(BARRETT_ALTITUDE_KM - 550.0) > radiation.dose_table().altitude_tolerance_km
