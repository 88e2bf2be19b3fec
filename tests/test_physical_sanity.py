"""Physically absurd designs are infeasible with the reason, never priced (issue 15, item 5).

Each case goes through ``parse_scenario`` + ``run`` as a user's scenario would. References: the
vehicle catalog (largest payload and fairing), catalog bus.max_propellant_fraction (60 % of launch
mass, the propellant share of chemical GEO communication satellites), catalog
launch.min_campaign_success_rate (0.5, the maiden-flight rate of new vehicles, Seradata 2017).
"""

import copy
import math

import pytest
from conftest import EXAMPLES, ROOT

from orbitaldc import load_scenario, run, yaml_safe
from orbitaldc.scenario import parse_scenario

BASE = yaml_safe.load((EXAMPLES / "h100-1mw.yaml").read_text())  # 64 H100 satellites, 650 km SSO, Falcon 9


def scenario(**changes):
    """The base scenario with nested changes: scenario(orbit={...}, power={...}, launch={...}, ...)."""
    d = copy.deepcopy(BASE)
    d["constellation"]["orbit"].update(changes.pop("orbit", {}))
    d["satellite"].setdefault("power", {}).update(changes.pop("power", {}))
    if "launch" in changes:
        launch = changes.pop("launch")
        d["launch"] = None if launch is None else {**d["launch"], **launch}
        if d["launch"] is None:
            del d["launch"]
    d["constellation"].update(changes.pop("constellation", {}))
    d.update(changes)
    return parse_scenario(d)


def test_a_satellite_no_vehicle_carries_is_infeasible_without_a_named_vehicle():
    s = scenario(launch=None, constellation={"satellites": 1})
    d = copy.deepcopy(BASE)
    d.pop("launch")
    d["satellite"]["compute"] = {"accelerator": "h100-sxm", "it_power_w": 1.0e9}
    d["constellation"]["satellites"] = 1
    doc = run(parse_scenario(d), timeline=False).document()
    assert doc["feasible"] is False
    heavy = next(p for p in doc["problems"] if "heavier than any catalog vehicle" in p)
    assert "the largest, starship" in heavy and "64,5" in heavy  # Starship to 650 km SSO, ~64.6 t
    assert any("fits no catalog fairing" in p for p in doc["problems"])
    assert "launch" not in doc and "economics" not in doc
    # the same fleet of satellites small enough to launch stays feasible
    assert run(s, timeline=False).feasible


def test_a_named_vehicle_is_still_checked_by_the_manifest():
    d = copy.deepcopy(BASE)
    d["satellite"]["compute"] = {"accelerator": "h100-sxm", "it_power_w": 1.0e9}
    d["constellation"]["satellites"] = 1
    doc = run(parse_scenario(d), timeline=False).document()
    assert doc["feasible"] is False and any("exceeds the falcon-9 payload" in p for p in doc["problems"])


def test_a_study_system_mass_heavier_than_any_vehicle_is_stated_not_refused():
    """Starcloud's 40 MW / 100 t single satellite (its own arithmetic) stays priced, labelled."""
    result = run(load_scenario(ROOT / "examples" / "studies" / "starcloud-2024.yaml"), timeline=False)
    assert result.feasible
    assert any("not launchable as the study sizes it" in o and "starship" in o for o in result.design.study_options)


def test_160_km_cannot_be_held_and_design_and_environment_agree():
    s = scenario(orbit={"altitude_km": 160}, constellation={"satellites": 1}, launch=None)
    doc = run(s).document()
    assert doc["feasible"] is False
    reason = next(p for p in doc["problems"] if "station keeping" in p)
    assert "station keeping at 160 km needs" in reason and "max_propellant_fraction" in reason
    assert "hours" in reason  # decays in hours, not the 1,000 years once reported
    design_dv = doc["design"]["satellite"]["station_keeping_dv_m_s_per_year"]
    assert design_dv == pytest.approx(doc["environment"]["station_keeping_dv_m_s_per_year"], rel=1e-9)
    assert doc["environment"]["orbital_lifetime_years"] * 365.25 < 1.0


def test_250_km_is_held_with_one_delta_v_figure():
    doc = run(scenario(orbit={"altitude_km": 250}, constellation={"satellites": 1}, launch=None)).document()
    assert doc["feasible"] is True, doc["problems"]
    sat = doc["design"]["satellite"]
    assert sat["station_keeping_dv_m_s_per_year"] == pytest.approx(
        doc["environment"]["station_keeping_dv_m_s_per_year"], rel=1e-9)
    # propellant within the bus's 60 % and the rocket equation closes on the horizon's delta-v
    propellant, dry = sat["mass_breakdown_kg"]["propellant"], sat["dry_mass_kg"]
    assert 0 < propellant / (propellant + dry) <= 0.6
    total_dv = sat["station_keeping_dv_m_s_per_year"] * 5.0
    assert total_dv == pytest.approx(1600 * 9.80665 * math.log((dry + propellant) / dry), rel=1e-6)


def test_propellant_ratio_solves_the_wet_mass_equation():
    from orbitaldc.design.station_keeping import propellant_ratio

    for k in (0.0, 1e-6, 0.5, 3.0, 50.0):
        x = propellant_ratio(k)
        assert x == pytest.approx(math.expm1(k / (1.0 + x)), rel=1e-9, abs=1e-15)


def test_a_lower_cell_efficiency_costs_array_mass():
    default = run(scenario(), timeline=False, economics=False).design
    worse = run(scenario(power={"cell_efficiency": 0.10}), timeline=False, economics=False).design
    area_ratio = worse.scalar("solar_array_area_m2") / default.scalar("solar_array_area_m2")
    mass_ratio = (float(worse.sizing.mass_breakdown_kg["solar_array"])
                  / float(default.sizing.mass_breakdown_kg["solar_array"]))
    assert area_ratio > 2.5 and mass_ratio == pytest.approx(area_ratio, rel=1e-9)
    assert worse.mass_kg > default.mass_kg


def test_a_near_zero_cell_efficiency_is_infeasible_not_a_crash():
    doc = run(scenario(power={"cell_efficiency": 1e-9}), timeline=False).document()
    assert doc["feasible"] is False and doc["problems"]


def test_deployment_longer_than_the_horizon_is_stated():
    doc = run(load_scenario(EXAMPLES / "tpu-cluster-81.yaml"), timeline=False).document()
    assert doc["launch"]["deployment_years"] > 5.0
    assert any("longer than the 5-year horizon" in p for p in doc["problems"])


def test_a_launch_success_rate_below_the_floor_is_refused():
    from orbitaldc.errors import ScenarioError

    with pytest.raises(ScenarioError) as err:  # refused where it is given (the schema) ...
        scenario(launch={"success_rate": 1e-6})
    assert err.value.field == "launch.success_rate" and "below 0.5" in err.value.why


def test_mix_shares_that_carry_nothing_are_said_not_dropped():
    doc = run(scenario(launch={"mix": [{"vehicle": "falcon-9", "share": 0.001}] * 100}), timeline=False).document()
    assert doc["feasible"] is False and any("100 launch.mix share(s)" in p for p in doc["problems"])


def test_a_mix_share_that_leaves_the_main_vehicle_nothing_is_infeasible():
    doc = run(scenario(launch={"mix": [{"vehicle": "falcon-9-expendable", "share": 0.999}]}),
              timeline=False).document()
    assert doc["feasible"] is False and any("leaving none to the main vehicle" in p for p in doc["problems"])


def test_an_overflowing_launch_cost_is_infeasible():
    from types import SimpleNamespace

    from orbitaldc.launch.manifest import _plan_vehicle

    s = scenario()
    sized = run(s, timeline=False, economics=False).design
    settings = SimpleNamespace(**{**s.launch.__dict__, "usd_per_kg": 1e308, "cadence_per_year": None})
    plan = _plan_vehicle(settings, "falcon-9", sized.satellites, sized, 650.0, 98.0)
    assert not plan.feasible and "overflows" in plan.problems[0] and plan.cost_usd is None
