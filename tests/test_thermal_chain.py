"""Thermal chain (design/thermal_chain.py): monotonicity, binding limits, bad inputs."""

import dataclasses

import numpy as np
import pytest

from orbitaldc.design.thermal_chain import (
    NODES,
    chain_temperatures_c,
    coolant_mass_flow_kg_s,
    loop_mass_kg,
    max_radiator_temperature_c,
    pump_power_w,
    thermal_chain,
)


@pytest.fixture
def h100():
    return thermal_chain("h100-sxm")


def test_nodes_are_ordered_from_junction_to_radiator(h100):
    t = chain_temperatures_c(40.0, 700.0, h100)
    assert set(t) == set(NODES)
    assert t["junction"] > t["case"] > t["cold_plate"] > t["coolant_supply"] >= t["radiator"]
    assert t["coolant_return"] - t["coolant_supply"] == pytest.approx(h100.design_rise_k)


def test_more_power_and_hotter_radiator_make_a_hotter_junction(h100):
    power = np.linspace(0.0, 1400.0, 50)
    tj = chain_temperatures_c(40.0, power, h100)["junction"]
    assert np.all(np.diff(tj) > 0)
    rad = np.linspace(-20.0, 80.0, 50)
    t = chain_temperatures_c(rad, 700.0, h100)
    assert np.all(np.diff(t["junction"]) > 0) and np.all(np.diff(t["hbm"]) > 0)


def test_vectorized_over_design_points(h100):
    rad = np.array([[10.0], [40.0]])
    power = np.array([300.0, 500.0, 700.0])
    assert chain_temperatures_c(rad, power, h100)["junction"].shape == (2, 3)
    t_max, binding = max_radiator_temperature_c("h100-sxm", h100, power_w=power)
    assert t_max.shape == (3,) and binding.shape == (3,)
    assert np.all(np.diff(t_max) < 0)  # more power, cooler radiator needed


def test_max_radiator_temperature_puts_the_binding_node_on_its_limit(h100):
    t_max, binding = max_radiator_temperature_c("h100-sxm", h100, margins=5.0)
    t = chain_temperatures_c(t_max, h100.tdp_w, h100)
    assert binding == "chip junction"
    assert t["junction"] == pytest.approx(h100.max_junction_c - 5.0)
    assert t["hbm"] <= h100.max_hbm_c - 5.0


def test_binding_limit_switches(h100):
    # a liquid-metal interface lowers the die's rise below the HBM's: HBM binds
    lm = thermal_chain("h100-sxm", tim="liquid_metal")
    assert max_radiator_temperature_c("h100-sxm", lm)[1] == "HBM"
    # a tight HBM margin makes HBM bind even with grease
    assert max_radiator_temperature_c("h100-sxm", h100, margins={"hbm": 10.0})[1] == "HBM"
    # a low coolant limit (ammonia line pressure) caps the radiator when the chain resistances are small
    cool = dataclasses.replace(h100, coolant_max_c=40.0)
    t_max, binding = max_radiator_temperature_c("h100-sxm", cool)
    assert binding == "coolant"
    assert chain_temperatures_c(t_max, h100.tdp_w, cool)["coolant_return"] == pytest.approx(40.0)
    # arrays of limits: one binding per design point
    _, bindings = max_radiator_temperature_c({"max_junction_c": np.array([87.0, 120.0]), "max_hbm_c": 95.0}, h100)
    assert list(bindings) == ["chip junction", "HBM"]


def test_loop_heat_pipe_has_no_pump_and_no_rise():
    lhp = thermal_chain("h100-sxm", loop="loop_heat_pipe")
    assert lhp.fluid == "ammonia" and lhp.design_rise_k == 0
    assert pump_power_w(10_000.0, lhp) == 0.0
    assert np.isnan(coolant_mass_flow_kg_s(700.0, lhp))


def test_pump_power_flow_and_mass_scale_with_heat(h100):
    heat = np.array([0.0, 1000.0, 2000.0])
    # hydraulic power / efficiency: 1 kW at 10 K rise in 50 % PG (3600 J/(kg K), 1040 kg/m^3) is
    # 2.671e-5 m^3/s; x 1.5 bar / 0.3 = 13.35 W per kW moved
    assert np.allclose(pump_power_w(heat, h100), heat / 1000.0 * (1000.0 / 36000.0 / 1040.0) * 1.5e5 / 0.3)
    # within the peer's 1-5 % of the heat moved (spacedc-mdao coolants.yaml; pump_power_fraction range)
    assert 0.01 <= float(pump_power_w(1000.0, h100)) / 1000.0 <= 0.05
    assert np.allclose(loop_mass_kg(heat, h100), h100.mass_kg_per_kw * heat / 1000)
    # m_dot = Q / (c_p dT): 700 W, 3600 J/(kg K), 10 K
    assert coolant_mass_flow_kg_s(700.0, h100) == pytest.approx(700.0 / (3600.0 * 10.0))


def test_unknown_names_raise_naming_the_known_ones():
    with pytest.raises(ValueError, match="known: pumped_single_phase, loop_heat_pipe"):
        thermal_chain("h100-sxm", loop="thermosiphon")
    with pytest.raises(ValueError, match="known: .*h100-sxm"):
        thermal_chain("h1000")
    with pytest.raises(ValueError, match="known: grease"):
        thermal_chain("h100-sxm", tim="butter")
    with pytest.raises(ValueError, match="known: pgw50, water, ammonia"):
        thermal_chain("h100-sxm", fluid="galden")
    with pytest.raises(ValueError, match="margins: unknown"):
        max_radiator_temperature_c("h100-sxm", thermal_chain("h100-sxm"), margins={"die": 5})


def test_accelerator_without_published_limits_raises(tpu_v6e_unpublished):
    with pytest.raises(ValueError, match="max_junction_c: not in the catalog for tpu-v6e"):
        thermal_chain("tpu-v6e")
    with pytest.raises(ValueError, match="max_junction_c: not in the catalog for tpu-v6e"):
        max_radiator_temperature_c("tpu-v6e", thermal_chain("h100-sxm"))


def test_negative_power_is_rejected(h100):
    with pytest.raises(ValueError, match="power_w"):
        chain_temperatures_c(40.0, -1.0, h100)
    with pytest.raises(ValueError, match="heat_w"):
        pump_power_w(-5.0, h100)


def test_hbm_rise_follows_the_bandwidth_each_stack_carries_not_core_power():
    """B200 (1,000 W) and GB200 (1,200 W) carry the same eight HBM3e stacks at 8 TB/s: the same HBM rise above
    the plate at TDP. H100 (3.35 TB/s over five stacks) carries 0.67 TB/s a stack: 0.67x that rise."""
    rise = {a: thermal_chain(a).r_hbm_k_per_w * thermal_chain(a).tdp_w for a in ("b200", "gb200", "h100-sxm")}
    assert rise["b200"] == pytest.approx(rise["gb200"], rel=1e-12)
    assert rise["h100-sxm"] / rise["b200"] == pytest.approx(3.35 / 5 / (8.0 / 8), rel=1e-12)
    b200 = thermal_chain("b200")
    t_full, t_half = (chain_temperatures_c(40.0, p, b200) for p in (1000.0, 500.0))
    assert t_full["hbm"] - t_full["cold_plate"] == pytest.approx(2 * (t_half["hbm"] - t_half["cold_plate"]))


def test_accelerator_without_hbm_stacks_raises(monkeypatch):
    from orbitaldc import catalog

    real = catalog.values
    monkeypatch.setattr(catalog, "values", lambda name, entry: {
        k: v for k, v in real(name, entry).items() if not (entry == "b200" and k == "hbm_stacks")})
    with pytest.raises(ValueError, match="hbm_stacks: not in the catalog for b200"):
        thermal_chain("b200")
