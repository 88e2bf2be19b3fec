"""Launch stage against published figures.

- McCalip's 1 GW case (orbital-vs-terrestrial calculator, 2025; shared/REFERENCE.md):
  39,731 satellites of 739.7 kg, 29.4 kt, 294 Starship launches at 100 t each. Our manifest packs
  whole satellites (135 per 100 t launch), so it needs 295 launches: within 1 %.
- Falcon 9 price per kg: $67 M list for 17.4-17.5 t reused to LEO => $3.8-4.0 k/kg (REFERENCE.md).
- Payload to orbit: a user's-guide performance table in the catalog is reproduced exactly. The
  rocket-equation estimate used where no table exists (upper-stage payload exchange,
  P = (P_ref + m_d) exp(-dv/(Isp g0)) - m_d; launch/vehicles.py) is measured from each vehicle's LEO
  figure, never from the table it is compared with:
  * Electron, vendor 200 kg to 500 km SSO (Rocket Lab press release 4 Aug 2020; Electron PUG 7.0)
    from the vendor 300 kg "to lower orbits" (same release): +2.3 %.
  * Electron, the digitized PUG performance chart (24 points, catalog `performance`): worst 3.4 %,
    median 0.9 % (the payload-only estimate this replaced: worst 42 %, within 35 % only with the SSO
    anchor).
  * Falcon 9 v1.0, SSO table 400-1200 km (SpaceX Falcon 9 Launch Vehicle Payload User's Guide Rev 1,
    2009, Table 4-3) from the same guide's LEO 10,454 kg at 200 km / 28.5 deg (Sec 4.1.1). The v1.0
    upper-stage dry mass is not published, so it is calibrated on ONE point, the 200 km SSO figure
    (8,351 kg; pure inclination change), and tested on the other six: 400-1000 km within 4.3 %,
    1200 km -5.3 %.
  Caveat: Rocket Lab states no orbit for its 300 kg; the catalog default 200 km / 28.5 deg is used.
  From a due-east Mahia orbit (39.3 deg) the Electron errors would be +5.7 % / 6.5 %.
"""

from types import SimpleNamespace

import numpy as np
import pytest

from orbitaldc import catalog
from orbitaldc.launch.manifest import plan_launches
from orbitaldc.launch.vehicles import (
    LEO_REFERENCE_ALTITUDE_KM,
    estimate_payload_kg,
    extra_dv_m_s,
    fixed_propellant_payload_kg,
    payload_to_orbit_kg,
    upper_stage_payload_kg,
)
from orbitaldc.orbit.elements import sso_inclination_deg


def fake_design(mass_kg, satellites):
    sizing = SimpleNamespace(array_power_bol_w=np.array(1.0), radiator_area_m2=np.array(0.0),
                             bus_radiator_area_m2=np.array(0.0))
    inputs = SimpleNamespace(accelerator_system_volume_m3=0.0)
    return SimpleNamespace(mass_kg=mass_kg, satellites=satellites, sizing=sizing, inputs=inputs, accelerators=0,
                           fleet_mass_kg=mass_kg * satellites, scalar=lambda name: 1.0)


def fake_scenario(vehicle, **launch):
    settings = dict(vehicle=vehicle, price_usd_per_launch=None, usd_per_kg=None, cadence_per_year=None,
                    learning_rate=None, own_rocket=None, reuse=None, mix=[])
    settings.update(launch)
    return SimpleNamespace(launch=SimpleNamespace(**settings), horizon_years=50.0)


def starship_100t():
    for key in catalog.entries("vehicles"):
        if key.startswith("starship") and catalog.values("vehicles", key)["payload_leo_kg"] == pytest.approx(1e5):
            return key
    pytest.skip("no 100 t Starship entry in the catalog")


def test_mccalip_gigawatt_launch_count():
    vehicle = starship_100t()
    plan = plan_launches(fake_scenario(vehicle, usd_per_kg=500.0), fake_design(739.7, 39_731),
                         LEO_REFERENCE_ALTITUDE_KM, 28.5)
    assert plan.satellites_per_launch == 135
    # McCalip counts no failures: compare the launches before replacements.
    assert plan.launches - plan.replacement_launches == pytest.approx(294, rel=0.01)
    launched = 39_731 + plan.replacement_launches * plan.satellites_per_launch
    assert plan.cost_usd == pytest.approx(500.0 * launched * 739.7)
    assert 39_731 * 739.7 / 1e6 == pytest.approx(29.4, rel=0.01)


def test_falcon9_price_per_kg_in_published_range():
    values = catalog.values("vehicles", "falcon-9")
    usd_per_kg = values["price_usd"] / values["payload_leo_kg"]
    assert 3_000 <= usd_per_kg <= 4_200


@pytest.mark.parametrize("vehicle", [k for k in catalog.entries("vehicles")
                                     if isinstance(catalog.load("vehicles")[k].get("performance"), dict)])
def test_payload_table_reproduced_and_estimate_close(vehicle):
    table = np.asarray(catalog.load("vehicles")[vehicle]["performance"]["points"], dtype=float)
    for altitude, inclination, payload in table:
        value, how = payload_to_orbit_kg(vehicle, altitude, inclination)
        assert "interpolated" in how
        assert value == pytest.approx(payload, rel=1e-9)


def electron_table():
    return np.asarray(catalog.load("vehicles")["electron"]["performance"]["points"], dtype=float)


def test_estimate_error_against_the_electron_table():
    """From the 300 kg LEO figure (Rocket Lab, 4 Aug 2020) to every point of the digitized Electron
    PUG chart (catalog `performance`, third-party digitization, +/- ~5 kg): measured worst 3.4 %,
    median 0.9 %. The payload-only estimate it replaced erred up to 42 % from the same figure."""
    errors = np.array([estimate_payload_kg("electron", a, i, reference="leo")[0] / p - 1.0
                       for a, i, p in electron_table()])
    assert np.all(np.abs(errors) < 0.04)
    assert np.median(np.abs(errors)) < 0.015


def test_estimate_reproduces_electron_vendor_sso():
    """Rocket Lab, 'Rocket Lab Increases Electron Payload Capacity' (4 Aug 2020) and Electron PUG 7.0:
    200 kg to a 500 km circular SSO; estimated from the same release's 300 kg 'to lower orbits'."""
    value, how = estimate_payload_kg("electron", 500.0, float(sso_inclination_deg(500.0)), reference="leo")
    assert "LEO" in how and "250 kg" in how
    assert value == pytest.approx(200.0, rel=0.05)


def test_estimate_reproduces_falcon9_v1_sso_table():
    """SpaceX Falcon 9 Launch Vehicle Payload User's Guide Rev 1 (2009): LEO 10,454 kg at 200 km /
    28.5 deg (Sec 4.1.1) and the SSO Table 4-3 (catalog falcon-9 `performance_v1_0_2009`). The v1.0 upper-stage
    dry mass is unpublished: it is calibrated on the 200 km SSO point alone (closed form), then the
    estimate is tested on the six other SSO altitudes, which did not enter the calibration."""
    table = np.asarray(catalog.load("vehicles")["falcon-9"]["performance_v1_0_2009"]["points"], dtype=float)
    (a0, i0, leo), sso = table[0], table[1:]
    assert (a0, i0, leo) == (200.0, 28.5, 10454.0)
    isp = catalog.values("vehicles", "falcon-9")["upper_stage_isp_s"]
    calib_alt, calib_inc, calib_kg = sso[0]
    k = np.exp(-extra_dv_m_s(a0, i0, calib_alt, calib_inc) / (isp * 9.80665))
    dry = (leo * k - calib_kg) / (1.0 - k)
    assert 3000.0 < dry < 8000.0  # a plausible second stage, not a free number running away
    for altitude, inclination, published in sso[1:]:
        value = upper_stage_payload_kg(leo, extra_dv_m_s(a0, i0, altitude, inclination), isp, dry)
        assert value == pytest.approx(published, rel=0.05 if altitude <= 1000 else 0.06), altitude
        # the payload-only estimate (dry mass 0) misses the high SSO points by more than 5 %
    payload_only = upper_stage_payload_kg(leo, extra_dv_m_s(a0, i0, *sso[-1][:2]), isp, 0.0)
    assert payload_only / sso[-1][2] - 1.0 > 0.1


def test_payload_exchange_beats_the_fixed_propellant_form():
    """Why the model trades payload for propellant rather than holding the loaded propellant fixed:
    on the Electron chart (from the 300 kg LEO figure, PUG 7.0 ~2,000 kg second-stage propellant) the
    fixed-propellant form errs low, worst 17 %, because it ignores the first stage's gain."""
    values = catalog.values("vehicles", "electron")
    isp, dry, prop = values["upper_stage_isp_s"], values["upper_stage_dry_mass_kg"], values["upper_stage_propellant_kg"]
    exchange, fixed = [], []
    for a, i, p in electron_table():
        dv = extra_dv_m_s(200.0, 28.5, a, i)
        exchange.append(upper_stage_payload_kg(values["payload_leo_kg"], dv, isp, dry) / p - 1.0)
        fixed.append(fixed_propellant_payload_kg(values["payload_leo_kg"], dv, isp, dry, prop) / p - 1.0)
    assert np.max(np.abs(exchange)) < np.max(np.abs(fixed))
    assert np.mean(fixed) < -0.05


def test_wright_learning_and_own_rocket_pricing():
    """Wright's law: at an 80 % learning rate the 2nd launch costs 0.8 and the 4th 0.64 of the
    first (Wright 1936); owning the rocket costs the purchase plus the marginal cost per launch."""
    from orbitaldc.launch.manifest import wright_total

    assert wright_total(100.0, 1, 0.8) == pytest.approx(100.0)
    assert wright_total(100.0, 2, 0.8) == pytest.approx(180.0)
    assert wright_total(100.0, 4, 0.8) - wright_total(100.0, 3, 0.8) == pytest.approx(64.0)
    own = SimpleNamespace(purchase_usd=1e9, marginal_usd_per_launch=5e6)
    plan = plan_launches(fake_scenario("falcon-9", own_rocket=own), fake_design(1000.0, 100),
                         LEO_REFERENCE_ALTITUDE_KM, 28.5)
    assert plan.cost_usd == pytest.approx(1e9 + 5e6 * plan.launches)
    assert "own the rocket" in plan.cost_model
