"""Orbit transient (design/thermal_transient.py): closed-form limits of the lumped network, and the
public path (parse_scenario + run -> design.thermal.transient, the report's Thermal section)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from orbitaldc import parse_scenario, run, yaml_safe
from orbitaldc.constants import STEFAN_BOLTZMANN_W_M2_K4
from orbitaldc.design.thermal_transient import bus_zone_battery_c, lumped_orbit
from tests.test_operations import ROOT

H100_1MW = ROOT / "examples" / "scenarios" / "h100-1mw.yaml"
ZERO = (0.0, 0.0)


def test_rc_node_follows_the_exponential():
    # chips node alone on a loop of (nearly) infinite capacity: T(t) = T_l + Q/G + (T0 - T_l - Q/G) exp(-G t / C)
    c_chip, g, q, t_loop = 2.0e5, 300.0, 12_000.0, 320.0
    t, temps, _ = lumped_orbit(6000.0, 2000.0, (q, q), ZERO, ZERO, ZERO, (c_chip, 1e15, 1e15, 1e15), g, 0.0, 0.0,
                               0.0, (t_loop, t_loop, 300.0, t_loop), orbits=1)
    expected = t_loop + q / g + (0.0 - q / g) * np.exp(-g * t / c_chip)
    assert np.max(np.abs(temps[0] - expected)) < 5e-3  # of a 40 K rise


def test_radiator_node_cools_by_the_t4_closed_form():
    # an isolated radiator, nothing absorbed: t = C / (3 k) (T^-3 - T0^-3), k = A sides eps sigma
    c_rad, k, t0 = 5.0e5, 30.0 * 2 * 0.85 * STEFAN_BOLTZMANN_W_M2_K4, 330.0
    t, temps, _ = lumped_orbit(5400.0, 2100.0, ZERO, ZERO, ZERO, ZERO, (1.0, 1.0, c_rad, 1.0), 0.0, 0.0, 0.0, k,
                               (300.0, 300.0, t0, 300.0), orbits=1)
    expected = (t0**-3 + 3.0 * k * t / c_rad) ** (-1.0 / 3.0)
    assert np.max(np.abs(temps[2] - expected)) < 1e-3


def test_no_eclipse_stays_at_the_sunlit_steady_state():
    # every node starts at the steady state of constant forcing: it must stay there
    q_chip, q_direct, g_cc, g_lr, k, absorbed = 10_000.0, 3_000.0, 250.0, 2_600.0, 2.0e-8, 4_000.0
    t_rad = ((q_chip + q_direct + absorbed) / k) ** 0.25
    t_loop = t_rad + (q_chip + q_direct) / g_lr
    start = (t_loop + q_chip / g_cc, t_loop, t_rad, t_loop)
    _, temps, sunlit = lumped_orbit(5800.0, 0.0, (q_chip, q_chip), (q_direct, q_direct), ZERO, (absorbed, absorbed),
                                    (1e5, 1e5, 1e5, 1e5), g_cc, g_lr, 10.0, k, start, orbits=2)
    assert sunlit.all()
    assert np.max(np.abs(temps - np.asarray(start)[:, None])) < 1e-4


def _scenario(**changes):
    doc = yaml_safe.load(H100_1MW.read_text())
    doc["satellite"]["thermal"] = {"sun_incidence": "edge_on", **changes.pop("thermal", {})}
    doc["satellite"]["power"] = changes.pop("power", {})
    return parse_scenario(doc)


def test_document_has_the_transient_and_its_sunlit_end_matches_the_chain():
    result = run(_scenario(thermal={"temperature_c": 30}), timeline=False, economics=False, operations=False)
    th = result.document()["design"]["thermal"]
    tr = th["transient"]
    assert th["pump_power_w"] > 0 and th["loop_mass_kg"] > 0
    s = tr["series"]
    assert len(s["time_min"]) == len(s["junction_c"]) == len(s["sunlit"])
    assert s["time_min"][-1] == pytest.approx(tr["orbit_period_min"], abs=1e-3)  # series rounded to 3 decimals
    assert not s["sunlit"][0] and s["sunlit"][-1]
    # periodic: the last orbit ends where it started (within 0.1 K), i.e. ORBITS is enough to settle
    for key in ("junction_c", "radiator_c", "coolant_supply_c", "battery_c"):
        assert abs(s[key][-1] - s[key][0]) < 0.1
    # every node between min and max; no coolant problem at 30 C
    for node in ("junction", "radiator", "battery"):
        assert tr["min_temperature_c"][node] <= tr["max_temperature_c"][node]
    assert tr["feasible"] and not any("coolant" in p for p in tr["problems"])
    # the loop carries in sunlight what the radiator was sized for (the battery's losses go to the bus
    # radiator), so the junction's day value settles on the chain's steady node from below
    assert tr["max_temperature_c"]["junction"] == pytest.approx(th["node_temperatures_c"]["junction"], abs=0.3)
    assert tr["max_temperature_c"]["junction"] <= th["node_temperatures_c"]["junction"] + 1e-6


def test_coolant_below_its_freezing_range_in_eclipse_is_infeasible_with_the_reason():
    cold = run(_scenario(thermal={"temperature_c": -15}, power={"eclipse_compute_fraction": 0.0}),
               timeline=False, economics=False, operations=False).document()
    tr = cold["design"]["thermal"]["transient"]
    assert tr["limit"] == "eclipse cooling" and tr["feasible"] is False
    assert tr["min_temperature_c"]["coolant_supply"] < -33.0  # 50 % propylene glycol freezes at about -33 C
    assert any(p.startswith("eclipse cooling") and "-33" in p for p in tr["problems"])
    warm = run(_scenario(thermal={"temperature_c": -15}, power={"eclipse_compute_fraction": 1.0}),
               timeline=False, economics=False, operations=False).document()
    assert warm["design"]["thermal"]["transient"]["margins_k"]["coolant_cold"] > \
        tr["margins_k"]["coolant_cold"]  # compute on in eclipse keeps the loop warmer


def test_no_chain_no_transient(tpu_v6e_unpublished):
    doc = yaml_safe.load(H100_1MW.read_text())
    doc["satellite"]["compute"] = {"accelerator": "tpu-v6e", "accelerators": 16}
    doc["satellite"]["thermal"]["temperature_c"] = 60.0  # no limits: the chain cannot solve one
    th = run(parse_scenario(doc), timeline=False, economics=False, operations=False).document()["design"]["thermal"]
    assert th["transient"] is None and th["pump_power_w"] is None


def test_report_has_the_thermal_section_with_the_orbit_plot():
    from orbitaldc.report.html import _figure
    from orbitaldc.report.thermal_section import thermal_section

    doc = run(_scenario(thermal={"temperature_c": "chain"}), timeline=False, economics=False,
              operations=False).document()
    page = thermal_section(doc, _figure)
    assert "id='thermal'" in page and 'data-plot="thermal-orbit"' in page
    assert "eclipse" in page and math.isfinite(doc["design"]["thermal"]["transient"]["eclipse_min"])


@pytest.mark.parametrize("accelerator, temperature_c, eclipse_share, altitude_km", [
    ("h100-sxm", 35.0, 1.0, 650.0), ("h100-sxm", 54.0, 0.3, 550.0), ("mi300x", 20.0, 0.6, 800.0),
    ("tpu-v6e", 65.0, 1.0, 450.0), ("tpu-v5e", 5.0, 0.1, 1000.0), ("b200", 45.0, 0.0, 650.0)])
def test_coolant_bounds_hold_the_integrated_orbit(accelerator, temperature_c, eclipse_share, altitude_km):
    """The sweep's screen (coolant_bounds_c, comparison principle) brackets the integrated transient."""
    from orbitaldc.design import design
    from orbitaldc.design.thermal_chain import thermal_chain
    from orbitaldc.design.thermal_transient import coolant_bounds_c
    from orbitaldc.orbit import orbit_geometry

    doc = yaml_safe.load(H100_1MW.read_text())
    doc["satellite"]["compute"] = {"accelerator": accelerator, "accelerators": 16}
    doc["satellite"]["thermal"]["temperature_c"] = temperature_c
    doc["satellite"]["power"] = {"eclipse_compute_fraction": eclipse_share}
    doc["constellation"]["orbit"]["altitude_km"] = altitude_km
    scenario = parse_scenario(doc)
    d = design(scenario, orbit_geometry(scenario))
    exact = d.thermal["transient"]
    lowest, highest = coolant_bounds_c(thermal_chain(accelerator), d.sizing, d.inputs)
    assert float(lowest) <= exact["min_temperature_c"]["coolant_supply"] + 0.1
    assert float(highest) >= exact["max_temperature_c"]["coolant_return"] - 0.1
    assert float(highest) - float(lowest) < 200.0  # bounds, not infinities


def test_battery_in_the_bus_zone_matches_an_integrated_rc_node():
    """bus_zone_battery_c's periodic closed form against scipy's integration of C dT/dt = Q(t) - G (T - T_z)
    from the zone temperature over enough orbits to forget the start."""
    from scipy.integrate import solve_ivp

    period, eclipse, loss, g, cap, zone = 5800.0, 2100.0, 900.0, 180.0, 3.6e5, 20.0
    t = np.linspace(0.0, period, 241)
    sunlit = t > eclipse
    closed = bus_zone_battery_c(t, sunlit, eclipse, loss, g, cap, zone)
    orbits = 40
    rhs = lambda s, y: [((loss if (s % period) < eclipse else 0.0) - g * (y[0] - zone)) / cap]  # noqa: E731
    sol = solve_ivp(rhs, (0.0, orbits * period), [zone], rtol=1e-10, atol=1e-10, max_step=20.0, dense_output=True)
    integrated = sol.sol((orbits - 1) * period + t)[0]
    assert np.max(np.abs(closed - integrated)) < 1e-3
    assert closed.max() < zone + loss / g  # never above the eclipse's steady state
    assert np.all(bus_zone_battery_c(t, sunlit, eclipse, 0.0, g, cap, zone) == zone)


@pytest.mark.parametrize("accelerator", ["h100-sxm", "tpu-v5e"])
def test_the_chains_temperature_survives_its_own_orbit(accelerator):
    """The default ('chain') radiator temperature is the steady sunlit maximum; over the orbit neither the
    junction (H100: junction-bound) nor the coolant (TPU v5e: coolant-bound) exceeds its limit, and the
    battery stays near its bus zone (20 C), not on the hot loop."""
    doc = yaml_safe.load(H100_1MW.read_text())
    doc["satellite"]["compute"] = {"accelerator": accelerator, "accelerators": 16}
    d = run(parse_scenario(doc), timeline=False, economics=False, operations=False).document()
    tr = d["design"]["thermal"]["transient"]
    assert d["feasible"] and tr["feasible"] and not tr["problems"]
    assert min(tr["margins_k"].values()) >= -1e-6
    assert 20.0 <= tr["min_temperature_c"]["battery"] <= tr["max_temperature_c"]["battery"] < 35.0


def test_a_single_shared_radiator_keeps_the_battery_on_the_loop():
    shared = run(_scenario(thermal={"temperature_c": 30, "bus_radiator": "shared"}), timeline=False,
                 economics=False, operations=False).document()["design"]["thermal"]["transient"]
    assert shared["min_temperature_c"]["battery"] > 30.0  # on the loop, which runs above the 30 C radiator
