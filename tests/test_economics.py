"""Economics kernels: discounting, Monte Carlo, break-even and bad input."""

import math

import numpy as np
import pytest
from scipy import integrate

from orbitaldc.economics.tco import annuity, annuity_with_decay, orbital_costs, ramp_factor
from orbitaldc.economics.terrestrial import terrestrial_costs
from orbitaldc.economics.uncertainty import breakeven, monte_carlo, tornado
from orbitaldc.scenario import Distribution, ScenarioError, parse_scenario
from tests.validation.test_economics_published import ZERO, quantities


def test_annuity_against_numerical_integration():
    for rate, years in [(0.08, 5.0), (0.3, 12.0), (1e-9, 3.0)]:
        rho = math.log1p(rate)
        expected, _ = integrate.quad(lambda t, rho=rho: math.exp(-rho * t), 0.0, years)
        assert float(annuity(rate, years)) == pytest.approx(expected, rel=1e-9)
    assert float(annuity(0.0, 7.0)) == 7.0
    assert float(ramp_factor(0.0, 3.0)) == pytest.approx(1.0)
    assert float(ramp_factor(0.1, 0.0)) == 1.0
    # decaying capacity: integral of e^{-(rho + h) t}
    expected, _ = integrate.quad(lambda t: math.exp(-(math.log1p(0.08) + 0.2) * t), 0.0, 5.0)
    assert float(annuity_with_decay(0.08, 0.2, 5.0)) == pytest.approx(expected, rel=1e-9)


def test_end_of_year_annuity_is_the_spreadsheet_sum():
    for rate, years in [(0.08, 5.0), (0.12, 7.0), (0.05, 2.6), (0.0, 4.0)]:
        n = max(1, round(years))
        assert float(annuity(rate, years, "end_of_year")) == pytest.approx(
            sum((1.0 + rate) ** -t for t in range(1, n + 1)), rel=1e-12)


def test_capital_waits_on_the_pad_for_commissioning_years():
    """Satellites and launch paid C years before service: their PV grows by (1 + r)^C, nothing else moves."""
    q = quantities(accelerators=100, it_power_w=1e5, array_power_bol_w=2e5, dry_mass_kg=5e3, launch_mass_kg=5e3,
                   compute_mass_kg=1e3, horizon_years=5.0, deployment_years=2.0, stations=1)
    p = {**ZERO, "wacc": 0.1, "launch_usd_per_kg": 1000.0, "bus_usd_per_kg": 800.0,
         "accelerator_system_price_usd": 30_000.0, "ground_station_usd": 1e6, "ops_fraction_per_year": 0.01}
    now = orbital_costs(q, {**p, "commissioning_years": 0.0})
    later = orbital_costs(q, {**p, "commissioning_years": 0.5})
    deployed = float(now["capex_usd"]) - 1e6  # all but the up-front ground station
    pv_deployed = deployed * float(ramp_factor(0.1, 2.0))
    assert float(later["tco_usd"] - now["tco_usd"]) == pytest.approx(pv_deployed * (1.1**0.5 - 1.0), rel=1e-12)
    assert float(later["gpu_hours"]) == float(now["gpu_hours"])


def test_replace_accelerators_counts_the_installed_population_failures():
    """spacedc-mdao's replacements: N (1 - e^{-lambda H}) / H per year at (price + unit mass x launch)."""
    q = quantities(accelerators=1000, compute_mass_kg=3000.0, horizon_years=5.0)
    rate = 1.0 - math.exp(-0.106)  # a yearly probability whose hazard is 0.106
    p = {**ZERO, "accelerator_failure_rate_per_year": rate, "accelerator_system_price_usd": 25_000.0,
         "launch_usd_per_kg": 3000.0, "replacement_launch_share": 1.0}
    cost = orbital_costs(q, p, attrition="replace_accelerators")["opex_breakdown_usd_per_year"]["replacements"]
    assert float(cost) == pytest.approx(1000 * (1 - math.exp(-0.53)) / 5 * (25_000 + 3 * 3000), rel=1e-12)


def priced(**over):
    p = {**ZERO, "launch_usd_per_kg": 300.0, "bus_usd_per_kg": 1000.0, "accelerator_system_price_usd": 40_000.0,
         "ops_fraction_per_year": 0.02, "accelerator_failure_rate_per_year": 0.09, "wacc": 0.08,
         "electricity_usd_per_kwh": 0.07, "pue": 1.2, "facility_capex_usd_per_w": 11.0,
         "facility_life_years": 14.0, "it_life_years": 5.0, "insurance_rate": 0.05, "replacement_launch_share": 1.0}
    p.update(over)
    return p


Q = quantities(satellites=10, accelerators=1000, it_power_w=1.2e6, array_power_bol_w=2e6, dry_mass_kg=40e3,
               launch_mass_kg=41e3, compute_mass_kg=16e3, horizon_years=5.0, deployment_years=1.0)


def orbital_hour(p):
    return orbital_costs(Q, p)["usd_per_gpu_hour"]


def test_discounting_raises_the_levelized_cost_of_up_front_spending():
    cheap_money = float(orbital_hour(priced(wacc=0.0)))
    dear_money = float(orbital_hour(priced(wacc=0.15)))
    assert dear_money > cheap_money
    # continuity at r = 0
    assert float(orbital_hour(priced(wacc=1e-10))) == pytest.approx(cheap_money, rel=1e-6)


def test_degrading_fleet_delivers_fewer_hours_and_pays_no_replacements():
    replace = orbital_costs(Q, priced(), attrition="replace")
    degrade = orbital_costs(Q, priced(), attrition="degrade")
    assert float(degrade["opex_breakdown_usd_per_year"]["replacements"]) == 0.0
    assert float(degrade["tco_usd"]) < float(replace["tco_usd"])
    # no failures: the two models agree
    calm = priced(accelerator_failure_rate_per_year=0.0)
    assert float(orbital_hour(calm)) == pytest.approx(float(orbital_costs(Q, calm, attrition="degrade")
                                                            ["usd_per_gpu_hour"]))


def test_grid_delay_costs_only_when_money_has_a_time_value():
    now = terrestrial_costs(Q, priced())
    later = terrestrial_costs(Q, priced(grid_interconnection_delay_years=3.0))
    assert float(later["usd_per_gpu_hour"]) > float(now["usd_per_gpu_hour"])
    assert float(later["cost_of_waiting_usd"]) > 0
    free = terrestrial_costs(Q, priced(wacc=0.0, grid_interconnection_delay_years=3.0))
    assert float(free["cost_of_waiting_usd"]) == 0.0


def test_breakeven_launch_price_recovers_a_known_price_and_equalizes_the_sides():
    base = priced(bus_usd_per_kg=100.0)
    target = float(orbital_hour({**base, "launch_usd_per_kg": 777.0}))
    assert breakeven(orbital_hour, base, "launch_usd_per_kg", target) == pytest.approx(777.0, rel=1e-9)
    cheap_ground = priced(bus_usd_per_kg=100.0, electricity_usd_per_kwh=0.5, pue=1.5)
    ground = float(terrestrial_costs(Q, cheap_ground)["usd_per_gpu_hour"])
    price = breakeven(orbital_hour, cheap_ground, "launch_usd_per_kg", ground)
    assert price is not None and price > 0
    assert float(orbital_hour({**cheap_ground, "launch_usd_per_kg": price})) == pytest.approx(ground, rel=1e-9)
    # a target below the free-launch cost has no break-even
    free = float(orbital_hour({**base, "launch_usd_per_kg": 0.0}))
    assert breakeven(orbital_hour, base, "launch_usd_per_kg", 0.5 * free) is None
    # the bus price per W: same construction
    target = float(orbital_hour({**base, "bus_usd_per_w": 12.0}))
    assert breakeven(orbital_hour, base, "bus_usd_per_w", target) == pytest.approx(12.0, rel=1e-9)


def both(p):
    return orbital_hour(p), terrestrial_costs(Q, p)["usd_per_gpu_hour"]


def test_monte_carlo_with_zero_width_distributions_is_the_deterministic_result():
    base = priced()
    fixed = {"launch_usd_per_kg": Distribution(distribution="triangular", low=300.0, mode=300.0, high=300.0),
             "pue": Distribution(distribution="uniform", low=1.2, high=1.2)}
    mc = monte_carlo(both, base, fixed, 1000, 0)
    assert mc["p10"] == mc["p50"] == mc["p90"] == pytest.approx(float(orbital_hour(base)), rel=1e-12)


def test_monte_carlo_median_converges_to_the_analytic_median():
    """The orbital $/GPU-hour is affine and increasing in the launch price, so its median is the
    price at the triangular distribution's median, a + sqrt((b - a)(c - a)/2) for c >= (a + b)/2."""
    a, c, b = 100.0, 900.0, 1000.0
    exact = float(orbital_hour(priced(launch_usd_per_kg=a + math.sqrt((b - a) * (c - a) / 2))))
    dist = {"launch_usd_per_kg": Distribution(distribution="triangular", low=a, mode=c, high=b)}
    errors = [abs(monte_carlo(both, priced(), dist, n, 1)["p50"] - exact) / exact for n in (300, 300_000)]
    assert errors[1] < 2e-3
    assert errors[1] < errors[0] or errors[0] < 2e-3


def test_monte_carlo_is_fast_enough_for_ten_thousand_samples():
    dist = {"launch_usd_per_kg": Distribution(distribution="lognormal", median=300.0, sigma=0.5),
            "electricity_usd_per_kwh": Distribution(distribution="uniform", low=0.04, high=0.12)}
    mc = monte_carlo(both, priced(), dist, 10_000, 3)
    assert mc["samples"] == 10_000 and sum(mc["histogram"]["counts"]) == 10_000
    assert 0.0 <= mc["probability_orbit_wins"] <= 1.0
    assert mc["p10"] <= mc["p50"] <= mc["p90"]


def test_tornado_orders_by_swing():
    dist = {"launch_usd_per_kg": Distribution(distribution="uniform", low=100.0, high=3000.0),
            "ops_fraction_per_year": Distribution(distribution="uniform", low=0.01, high=0.02)}
    rows = tornado(orbital_hour, priced(), dist)
    assert rows[0]["input"] == "launch_usd_per_kg"
    assert rows[0]["usd_per_gpu_hour_high"] > rows[0]["usd_per_gpu_hour_low"]


SCENARIO = {
    "name": "econ", "epoch": "2027-01-01T00:00:00Z", "horizon_years": 5,
    "satellite": {"compute": {"accelerator": "h100-sxm", "accelerators": 8}},
    "constellation": {"orbit": {"kind": "sso", "altitude_km": 650, "ltan_h": 18}, "satellites": 4},
}


@pytest.mark.parametrize("economics, field", [
    ({"inputs": {"electricity_usd_per_kwh": -0.1}}, "economics.inputs"),
    ({"inputs": {"wacc": 1.0}}, "economics.inputs"),
    ({"inputs": {"wacc": 1.5}}, "economics.inputs"),
    ({"inputs": {"launch_price": 100}}, "economics.inputs"),
    ({"site": "atlantis"}, "economics.site"),
    ({"uncertainty": {"inputs": {"pue": {"distribution": "triangular", "low": 1.5, "mode": 1.3, "high": 1.4}}}},
     "economics.uncertainty"),
    ({"uncertainty": {"inputs": {"pue": {"distribution": "uniform", "low": 1.5, "high": 1.2}}}},
     "economics.uncertainty"),
    ({"uncertainty": {"inputs": {"pue": {"distribution": "lognormal", "median": 1.3}}}}, "economics.uncertainty"),
])
def test_bad_economic_input_names_the_field(economics, field):
    with pytest.raises(ScenarioError) as err:
        parse_scenario({**SCENARIO, "economics": economics})
    assert err.value.field.startswith(field)
    assert "\n" not in str(err.value)


def test_known_input_gets_a_did_you_mean():
    with pytest.raises(ScenarioError, match="did you mean 'wacc'"):
        parse_scenario({**SCENARIO, "economics": {"inputs": {"wac": 0.1}}})


def test_lognormal_tail_is_clipped_to_the_domain():
    dist = {"insurance_rate": Distribution(distribution="lognormal", median=0.5, sigma=3.0)}
    mc = monte_carlo(both, priced(), dist, 5000, 0)
    assert np.isfinite(mc["p90"])


def test_every_catalog_input_resolves_for_every_site_and_accelerator():
    from orbitaldc import catalog
    from orbitaldc.economics import site_ids
    from orbitaldc.economics.parameters import INPUTS, catalog_record

    assert len(site_ids()) >= 4
    for site in site_ids():
        for accelerator in catalog.entries("accelerators"):
            for name, spec in INPUTS.items():
                if spec.catalog is not None and name != "accelerator_system_price_usd":
                    assert catalog_record(spec, site, accelerator) is not None, (name, site, accelerator)


def plan_for(orbital_hour_value, delay_cost=True):
    from orbitaldc.economics.plan import build_out
    from orbitaldc.scenario import PlanInputs

    plan = PlanInputs(years=6, demand_gw_per_year=3.0, grid_gw_per_year=1.0, launch_usd_per_kg=[100.0])
    base = priced(wacc=0.08 if delay_cost else 0.0)
    ground = terrestrial_costs(Q, base)
    return build_out(plan, Q, base, lambda _: orbital_hour_value, ground, {"attrition": "replace"}, {}), float(
        ground["usd_per_gpu_hour"])


def test_plan_builds_in_orbit_only_what_beats_the_ground():
    _, ground = plan_for(1.0)
    cheap, _ = plan_for(0.5 * ground)  # orbit cheaper than the ground: everything goes up
    assert cheap["cases"][0]["orbital_share"] == 1.0
    dear, _ = plan_for(100.0 * ground)  # far dearer than waiting: the ground queue grows instead
    case = dear["cases"][0]
    assert case["orbital_share"] == 0.0 and case["ground_gw"][-1] == pytest.approx(6.0)
    assert case["unserved_gw"] == pytest.approx(18.0 - 6.0)
    between, _ = plan_for(1.02 * ground)  # dearer than the ground now, cheaper than waiting years for it
    case = between["cases"][0]
    assert case["ground_gw"][-1] == pytest.approx(6.0) and case["orbital_gw"][-1] == pytest.approx(12.0)
    assert case["orbital_share"] == pytest.approx(2.0 / 3.0)
    assert case["cumulative_capex_usd"][-1] == pytest.approx(sum(case["capex_usd_per_year"]))
    assert "illustrative" in between["label"]


def test_program_costs_are_separable():
    """The one-off program costs (NRE, ground stations, spectrum) are the only difference between
    the full and the excluding-program figures, and they scale with nothing else."""
    with_nre = orbital_costs(Q, priced(nre_usd=2e9, ground_station_usd=1e7, spectrum_licensing_usd=5e6))
    without = orbital_costs(Q, priced())
    assert float(with_nre["usd_per_gpu_hour_excluding_program"]) == pytest.approx(float(without["usd_per_gpu_hour"]))
    assert float(with_nre["usd_per_gpu_hour"]) > float(without["usd_per_gpu_hour"])
