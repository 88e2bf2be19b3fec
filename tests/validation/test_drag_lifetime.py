"""Drag model (orbitaldc.orbit.drag) against published densities and an observed decay.

The shipped table is NRLMSISE-00 at the ECSS-E-ST-10-04C long-term activity levels
(src/orbitaldc/data/atmosphere.yaml). Comparing it with itself would prove nothing, so each
test here uses numbers from an independent publication: two density tables made with other
models, and the tracked decay of a real spacecraft of known ballistic coefficient.
"""

import numpy as np
import pytest

from orbitaldc.orbit import drag

# Vallado, Fundamentals of Astrodynamics and Applications, 4th ed. (2013), Table 8-4:
# exponential atmosphere (from CIRA-72), base density rho0 at base altitude h0 (kg/m^3).
# Numbers as transcribed in SatelliteToolboxAtmosphericModels.jl, src/exponential/constants.jl.
VALLADO_TABLE_8_4 = {
    200: 2.789e-10, 250: 7.248e-11, 300: 2.418e-11, 350: 9.518e-12, 400: 3.725e-12, 450: 1.585e-12,
    500: 6.967e-13, 600: 1.454e-13, 700: 3.614e-14, 800: 1.170e-14, 900: 5.245e-15, 1000: 3.019e-15,
}

# R. A. Braeunig, "Atmosphere Properties", Rocket & Space Technology (braeunig.us/space/atmos.htm):
# MSISE-90 density tables for low and moderate solar activity (kg/m^3), every 20 km; values as
# transcribed in public code citing that page.
BRAEUNIG_MSISE90 = {
    "low": {200: 1.75e-10, 300: 7.24e-12, 400: 5.68e-13, 500: 6.03e-14, 600: 1.03e-14,
            700: 3.58e-15, 800: 1.91e-15, 900: 1.18e-15},
    "moderate": {200: 2.91e-10, 300: 2.58e-11, 400: 3.89e-12, 500: 7.30e-13, 600: 1.56e-13,
                 700: 3.91e-14, 800: 1.25e-14, 900: 5.46e-15},
}


def _log_error(ours, published):
    """Largest |ln(ours / published)|, i.e. the worst factor as a logarithm."""
    return float(np.max(np.abs(np.log(np.asarray(ours) / np.asarray(published)))))


def test_moderate_density_against_vallado_exponential_table():
    """Vallado 4th ed. Table 8-4 (CIRA-72 exponential model), 200-1000 km.

    Tolerance: factor 1.5. CIRA-72 and NRLMSISE-00 are different empirical models 30 years
    apart, and the exponential table represents mean conditions, not ECSS's F10.7 = 140;
    published model-to-model differences at fixed activity are 15-30 % (Picone et al. 2002),
    larger above 600 km where helium and hydrogen dominate. Measured: worst 1.35 (800 km),
    within 8 % at 200-500 km. The table must also lie inside our low-high activity band.
    """
    h = np.array(list(VALLADO_TABLE_8_4), dtype=float)
    published = np.array(list(VALLADO_TABLE_8_4.values()))
    assert _log_error(drag.density_kg_m3(h, "moderate"), published) < np.log(1.5)
    assert np.all(drag.density_kg_m3(h, "low") < published)
    assert np.all(published < drag.density_kg_m3(h, "high"))


@pytest.mark.parametrize("activity", ["low", "moderate"])
def test_density_against_braeunig_msise90_tables(activity):
    """Braeunig's MSISE-90 tables for low and moderate solar activity, 200-900 km.

    Tolerance: factor 1.4. MSISE-90 is NRLMSISE-00's predecessor (the 2000 revision added
    drag data and anomalous oxygen, mostly above 500 km), and the page's exact indices and
    averaging are not stated with the numbers. Measured: worst 1.31 (low, 700 km), 1.27
    (moderate, 800 km); within 10 % at 200-500 km. (Braeunig's "high" table is 2-8 times
    denser than ECSS's long-term high level, evidently a more extreme condition, so it is
    not compared.)
    """
    table = BRAEUNIG_MSISE90[activity]
    h = np.array(list(table), dtype=float)
    assert _log_error(drag.density_kg_m3(h, activity), list(table.values())) < np.log(1.4)


# Fobos-Grunt (2011-065A), stranded in low orbit in November 2011, tumbling and uncontrolled:
# - T. Molczan, SeeSat-L, 4 Jan 2012 ("Fobos-Grunt: decay estimate"): 29 USSTRATCOM TLEs from
#   2011 Dec 30 12:25 to 2012 Jan 04 12:04 UTC give a mean semi-major-axis decay of 2.2137 km/day,
#   fitted by A/m = 0.0012906 m^2/kg with Cd = 2.2; mean F10.7 over the span 135.
# - ITAR-TASS, 4 Jan 2012: orbit on 4 Jan 2012 with apogee 224 km and perigee 184 km.
# - Re-entry on 15 January 2012 (Roscosmos; about 17:45 UTC), 11.2 days after 4 Jan 12:00 UTC.
FOBOS_AREA_TO_MASS_M2_KG = 0.0012906
FOBOS_B_KG_M2 = 1.0 / (2.2 * FOBOS_AREA_TO_MASS_M2_KG)  # 352 kg/m^2
FOBOS_DECAY_KM_PER_DAY = 2.2137
FOBOS_MEAN_ALTITUDE_JAN4_KM = (224.0 + 184.0) / 2.0  # 204 km
FOBOS_REMAINING_DAYS = 11.2


def test_fobos_grunt_decay_rate():
    """Observed decay of Fobos-Grunt, 30 Dec 2011 - 4 Jan 2012 (Molczan 2012; ITAR-TASS).

    The span's mean altitude is the 4 January mean altitude (204 km) plus half the 5 days'
    decay (5.5 km): 209.5 km. F10.7 averaged 135, close to ECSS moderate (140). Tolerance:
    factor 1.5 - the orbit is slightly eccentric (e = 0.003; drag peaks at perigee, which
    raises the decay of a by ~10 % for a 35 km scale height), NRLMSISE-00 density errors are
    15-20 % (1 sigma) for given indices (Bowman et al., JB2008, AIAA 2008-6438), and the B was
    fitted with another density model. Measured: 2.66 km/day predicted vs 2.21 observed (x1.20).
    """
    predicted = float(drag.decay_rate_km_per_day(209.5, FOBOS_B_KG_M2, "moderate"))
    assert np.exp(abs(np.log(predicted / FOBOS_DECAY_KM_PER_DAY))) < 1.5


def test_fobos_grunt_remaining_lifetime():
    """Fobos-Grunt's remaining life from its 4 January 2012 orbit to re-entry on 15 January.

    Tolerance: factor 2, the honest range for a drag lifetime under a given activity level
    (density errors compound over the decay, and the last days below 180 km depend on the
    re-entry definition). Measured: 8.4 days predicted (to 120 km) vs 11.2 observed (x0.75).
    """
    predicted_days = float(drag.lifetime_years(FOBOS_MEAN_ALTITUDE_JAN4_KM, FOBOS_B_KG_M2, "moderate")) * 365.25
    assert 0.5 < predicted_days / FOBOS_REMAINING_DAYS < 2.0
