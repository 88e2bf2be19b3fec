"""Validation of the dose-depth table (orbitaldc.orbit.radiation) against its source and
against independent published dose figures.

Reference table: Pfandzelter & Bermbach, LEO-NET '23 (arXiv:2302.08952), SPENVIS 4.6.11
output files compute-failure/results/<inc>.txt of github.com/pfandzelter/leo-edge-failure-models
(AP-8 MIN / AE-8 / SHIELDOSE-2, 550 km circular, 1825-day mission, rad(Si), solid Al sphere).
Other altitudes: that table carried by orbit-averaged AP-8 MIN / AE-8 MAX flux ratios (aep8),
compared here with independent published dose figures at 400, 500 and 650 km.
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

# S. Barrett, "Orbital Rads" (Usenet post, 1993/1996, citing Vette et al. AP8/AE8 reports;
# text at repo.celti.name/GURPSNet-Archive/Archive/Space/orbitrads): "Space Station Fred (28.5 deg
# inclination, 500 km circular orbit) ... one inside a 4mm Al hull would take 170 rads" in one
# year, and "Space Station Mir (52 degree inclination, 400 km circular orbit) ... a person
# shielded by 4mm of aluminum (a thin hull) would only take 150 rads". Informal secondary source;
# the dose material (rad, tissue vs Si) is not stated.
BARRETT_ALTITUDE_KM = 500.0
BARRETT_INCLINATION_DEG = 28.5
BARRETT_ALUMINIUM_MM = 4.0
BARRETT_RAD_SI_PER_YEAR = 170.0
BARRETT_MIR_ALTITUDE_KM = 400.0
BARRETT_MIR_INCLINATION_DEG = 52.0
BARRETT_MIR_RAD_PER_YEAR = 150.0


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


def test_pstar_transcription_monotone_and_threshold_energies():
    """Source: NIST PSTAR aluminium CSDA ranges (data file). Ranges grow with energy; 20 mm of
    Al (5.40 g/cm2) stops protons below ~71 MeV (PSTAR: 70 MeV -> 5.325 g/cm2, 75 -> 6.018);
    Katz-Penfold: 1 MeV electrons have a range of 0.412 g/cm2 (1.53 mm)."""
    rr = radiation.range_energy()
    assert np.all(np.diff(rr.proton_csda_range_g_cm2) > 0) and np.all(np.diff(rr.proton_energy_mev) > 0)
    ep, ee = radiation.threshold_energies_mev(np.array([20.0, 0.412 / 0.270]))
    assert 70.0 < ep[0] < 75.0
    assert ee[1] == pytest.approx(1.0, rel=1e-3)
    assert float(radiation.electron_range_g_cm2(1.0)) == pytest.approx(0.412, rel=1e-12)


def test_suncatcher_650km_five_year_dose_within_factor_two():
    """Source: Google Suncatcher, arXiv:2511.19468 (2025): ~750 rad(Si) over 5 years, shielded,
    650 km dawn-dusk SSO (shielding 10 mm Al per secondary summaries).

    Ours: the 550 km SPENVIS table carried to 650 km by AP-8/AE-8 flux ratios. Tolerance: a
    factor of 2 either way, the spread between AE8/AP8 and AE9/AP9 and over the solar cycle for
    LEO TID (and the shielding is not confirmed in the primary text).
    Measured: ours 1116 rad(Si) vs 750 (+49 %; the 550 km table alone gave 566)."""
    ours = float(dose_over_mission_rad_si(SUNCATCHER_ALTITUDE_KM, SUNCATCHER_INCLINATION_DEG,
                                          SUNCATCHER_ALUMINIUM_MM, 5.0))
    ratio = ours / SUNCATCHER_FIVE_YEAR_RAD_SI
    assert 0.5 <= ratio <= 2.0, ratio
    s = radiation.radiation_summary(SUNCATCHER_ALTITUDE_KM, SUNCATCHER_INCLINATION_DEG,
                                    SUNCATCHER_ALUMINIUM_MM, 5.0)
    assert s.within_table and s.mission_dose_rad_si == pytest.approx(ours, rel=1e-12)


def test_barrett_500km_low_inclination_dose_within_factor_two():
    """Source: S. Barrett, "Orbital Rads" (1993/1996, from AP8/AE8-era NASA reports): 170 rad/yr
    behind 4 mm Al at 500 km, 28.5 deg. Independent of SPENVIS 2023 and of aep8.
    Tolerance: within 1/1.5 to 1.5x (AP-8-era reference, so tighter than the factor 2 used
    across model generations). Measured: ours 168 rad/yr (-1 %; the 550 km table alone gave
    279, +64 %)."""
    ours = float(dose_over_mission_rad_si(BARRETT_ALTITUDE_KM, BARRETT_INCLINATION_DEG, BARRETT_ALUMINIUM_MM, 1.0))
    ratio = ours / BARRETT_RAD_SI_PER_YEAR
    assert 1 / 1.5 <= ratio <= 1.5, ratio
    # closer than the 550 km table itself, which is 50 km too high
    at_550 = float(annual_dose_rad_si(550.0, BARRETT_INCLINATION_DEG, BARRETT_ALUMINIUM_MM))
    assert abs(np.log(ratio)) < abs(np.log(at_550 / BARRETT_RAD_SI_PER_YEAR))


def test_barrett_mir_400km_dose_within_factor_two():
    """Source: S. Barrett, "Orbital Rads" (1993/1996): Mir, 52 deg, 400 km circular, 150 rad in
    one year behind 4 mm Al. Tolerance: 1/1.5 to 1.5x, as above.
    Measured: ours 188 rad/yr (+25 %)."""
    ours = float(annual_dose_rad_si(BARRETT_MIR_ALTITUDE_KM, BARRETT_MIR_INCLINATION_DEG, BARRETT_ALUMINIUM_MM))
    ratio = ours / BARRETT_MIR_RAD_PER_YEAR
    assert 1 / 1.5 <= ratio <= 1.5, ratio
