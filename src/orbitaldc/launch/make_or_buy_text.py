"""The ``launch.make_or_buy`` document: both sides year by year, the verdict in words, the inputs and
their sources (USD, years as decimal calendar years, accelerator-hours as the economics counts them)."""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import catalog
from orbitaldc.launch import ownership as own
from orbitaldc.launch.make_or_buy import buy_values, epoch_year, in_orbit

MODEL = ("Make or buy (orbitaldc.launch.make_or_buy): the same fleet on the bought launches (the scenario's launch "
         "plan, paid launch by launch) and on an owned vehicle (a stake in its provider: acquisition at the epoch; "
         "stake share of development, vehicles, pads, fixed costs and vehicle losses; own flights at marginal cost; "
         "spare flights sold), satellites re-sized by the design stage where the owned vehicle cannot carry them. "
         "Yearly end-of-year cash flows over the horizon at the discount rate; each delivered satellite gives "
         "accelerator-hours over its service life. Expected values of a stated model with catalog estimates "
         "(catalog/providers.yaml), not a forecast.")
PROVIDER_INPUTS = (
    ("valuation_usd", "USD"), ("control_premium", "fraction"), ("first_flight_year", "year"),
    ("remaining_development_usd", "USD"), ("vehicles", "vehicles"), ("first_year_flights", "flights/yr"),
    ("flights_per_vehicle_per_year", "flights/yr"), ("flights_per_pad_per_year", "flights/yr"), ("ramp_years", "yr"),
    ("marginal_usd_per_flight", "USD"), ("vehicle_build_usd", "USD"), ("vehicle_life_flights", "flights"),
    ("pad_build_usd", "USD"), ("fixed_usd_per_year", "USD/yr"), ("third_party_flights_per_year", "flights/yr"),
    ("test_flights", "flights"), ("residual_value_fraction", "fraction"))


def _finite(value):
    return None if value is None or not math.isfinite(value) else float(value)


def _fleet(years, delivered, life, accelerators, it_w) -> list[dict]:
    counts = in_orbit(np.asarray(delivered, dtype=float), life)
    return [{"year": round(y, 3), "satellites": float(n), "accelerators": float(n * accelerators),
             "it_power_w": float(n * it_w)} for y, n in zip(years, counts, strict=True)]


def assumptions(settings, p: own.Provider) -> list[dict]:
    """Every provider input, with the catalog record it came from or 'scenario'."""
    rows = []
    for name, unit in PROVIDER_INPUTS:
        given = getattr(settings, name, None)
        record = catalog.record("providers", p.name, name)
        rows.append({"input": name, "value": given if given is not None else record.value, "unit": unit,
                     "kind": "scenario" if given is not None else record.kind,
                     "low": record.low, "high": record.high,
                     "source": "scenario (launch.make_or_buy)" if given is not None else record.source})
    return rows


def document(*, scenario, sized, plan, provider, factor, rate, resize_why, payload_kg, buy_hardware, sides, owned,
             result=None, breakeven_acquisition=None, breakeven_flights=None, tornado=None) -> dict:
    p, m, start = provider, scenario.launch.make_or_buy, epoch_year(scenario.epoch)
    years = [start + t for t in range(1, sides.years + 1)]
    life = scenario.horizon_years
    buy_launch, buy_sats, buy_hours = buy_values(sides, factor)
    buy = {
        "vehicle": plan.vehicle, "satellites": sized.satellites, "accelerators_per_satellite": sized.accelerators,
        "satellite_mass_kg": sized.mass_kg, "satellites_per_launch": plan.satellites_per_launch,
        "launches": plan.launches, "deployment_years": plan.deployment_years,
        "usd_per_kg_launched": factor * plan.cost_usd / plan.launched_mass_kg, "price_model": plan.cost_model,
        "hardware_usd_per_satellite": buy_hardware, "launch_npv_usd": buy_launch, "satellites_npv_usd": buy_sats,
        "cost_npv_usd": buy_launch + buy_sats, "gpu_hours_pv": buy_hours,
        "usd_per_gpu_hour": _finite((buy_launch + buy_sats) / buy_hours if buy_hours > 0 else math.inf),
        "satellites_delivered_in_horizon": float(np.sum(sides.buy_delivered)),
        "fleet": _fleet(years, sides.buy_delivered, life, sized.accelerators, sized.scalar("it_power_w")),
        "cash_flows": [{"year": round(y, 3), "launches_usd": float(factor * c), "satellites_usd": float(h),
                        "discount_factor": float(d)} for y, c, h, d in
                       zip(years, sides.buy_launch_usd, sides.buy_hardware_usd, sides.factors, strict=True)],
    }
    doc = {"feasible": True, "problems": [], "model": MODEL, "provider": p.name, "vehicle": p.vehicle,
           "years": sides.years, "epoch_year": start, "discount_rate": rate, "service_life_years": life,
           "market_price_factor": factor, "buy": buy, "assumptions": assumptions(m, p)}
    first = start + p.first_flight_years
    if owned is None:
        # Nothing to compare: the keys stay, null, with the reason (docs/scenario.md)
        why = f"owning {p.vehicle} cannot carry the fleet: {resize_why}"
        doc["own"] = {"feasible": False, "why": resize_why}
        doc["resizing"] = {"resized": False, "why": resize_why}
        doc.update(advantage_usd=None, breakeven_acquisition_usd=None, breakeven_acquisition_note=why,
                   breakeven_flights_per_year=None, breakeven_flights_note=why, tornado=None, tornado_note=why,
                   verdict="buy", why=why)
        return doc
    schedule, cash = result["schedule"], result["cash"]
    delivered = schedule["satellites_delivered"]
    deploy = own.years_to_fly(p, p.test_flights + sides.own_flights_needed)
    own_doc = {
        "feasible": True, "vehicle": p.vehicle, "stake": p.stake, "acquisition_usd": p.acquisition_usd,
        "first_flight_year": first, "mature_flights_per_year": p.mature_flights_per_year,
        "vehicles": p.vehicles, "pads": p.pads, "payload_to_orbit_kg": payload_kg,
        "satellites": owned.satellites, "accelerators_per_satellite": owned.accelerators,
        "satellite_mass_kg": owned.mass_kg, "satellites_per_launch": sides.own_per_flight,
        "flights_needed": p.test_flights + sides.own_flights_needed, "deployment_years": _finite(deploy),
        "sale_usd_per_flight": p.sale_usd_per_flight,
        "hardware_usd_per_satellite": sides.own_hardware_usd_per_satellite,
        "launch_npv_usd": result["own_launch_npv_usd"], "satellites_npv_usd": result["own_satellites_npv_usd"],
        "cost_npv_usd": result["own_launch_npv_usd"] + result["own_satellites_npv_usd"],
        "gpu_hours_pv": result["own_gpu_hours_pv"], "usd_per_gpu_hour": _finite(result["own_usd_per_gpu_hour"]),
        "satellites_delivered_in_horizon": float(np.sum(delivered)),
        "fleet": _fleet(years, delivered, life, owned.accelerators, owned.scalar("it_power_w")),
        "flights": [{"year": round(y, 3), **{k: float(schedule[k][i]) for k in
                     ("flights", "test_flights", "own_flights", "third_party_flights", "failures")}}
                    for i, y in enumerate(years)],
        "cash_flows": [{"year": round(start, 3), "acquisition_usd": p.acquisition_usd, "discount_factor": 1.0}] + [
            {"year": round(y, 3), **{f"{k}_usd": float(v[i]) for k, v in cash["flows"].items()},
             "launch_total_usd": float(cash["total"][i]),
             "satellites_usd": float(schedule["satellites_launched"][i] * sides.own_hardware_usd_per_satellite),
             "discount_factor": float(sides.factors[i])} for i, y in enumerate(years)],
    }
    if p.stake < 0.5:
        own_doc["note"] = (f"a {p.stake:.0%} stake does not control the provider: flying at marginal cost assumes "
                           "the other shareholders agree")
    per_acc = {"buy": buy_hardware / sized.accelerators, "own": sides.own_hardware_usd_per_satellite
               / owned.accelerators}
    kg_per_acc = {"buy": sized.mass_kg / sized.accelerators, "own": owned.mass_kg / owned.accelerators}
    doc["own"] = own_doc
    doc["resizing"] = {
        "resized": owned is not sized and owned.accelerators != sized.accelerators, "why": resize_why,
        "accelerators_per_satellite": {"buy": sized.accelerators, "own": owned.accelerators},
        "satellites": {"buy": sized.satellites, "own": owned.satellites},
        "kg_per_accelerator": kg_per_acc, "hardware_usd_per_accelerator": per_acc,
        "extra_mass_kg": owned.fleet_mass_kg - sized.fleet_mass_kg,
        "extra_hardware_usd": owned.satellites * sides.own_hardware_usd_per_satellite - sized.satellites * buy_hardware,
    }
    advantage = result["advantage_usd"]
    doc["advantage_usd"] = _finite(advantage)
    doc["breakeven_acquisition_usd"], doc["breakeven_acquisition_note"] = breakeven_acquisition
    doc["breakeven_flights_per_year"], doc["breakeven_flights_note"] = breakeven_flights
    doc["tornado"] = tornado
    own_rate, buy_rate = result["own_usd_per_gpu_hour"], result["buy_usd_per_gpu_hour"]
    if p.first_flight_years >= sides.years:
        doc["verdict"] = "buy"
        doc["why"] = (f"{p.vehicle} first flies in {first:.1f}, after the {sides.years}-year horizon (to "
                      f"{start + sides.years:.1f}): owning delivers no satellite while it costs "
                      f"${result['own_launch_npv_usd'] / 1e9:,.2f} B (NPV); buying delivers "
                      f"{buy['satellites_delivered_in_horizon']:,.0f} satellites")
    elif not math.isfinite(advantage):
        doc["verdict"] = "own" if result["own_gpu_hours_pv"] > 0 else "buy"
        doc["why"] = "the bought launches deliver nothing within the horizon"
    else:
        doc["verdict"] = "own" if advantage > 0 else "buy"
        doc["why"] = (f"launch and satellites cost ${own_rate:,.3g} per accelerator-hour owning {p.vehicle} against "
                      f"${buy_rate:,.3g} buying {plan.vehicle}; owning's NPV against buying the same "
                      "accelerator-hours: "
                      f"{'+' if advantage > 0 else '-'}${abs(advantage) / 1e9:,.2f} B. In {sides.years} years owning "
                      f"delivers {own_doc['satellites_delivered_in_horizon']:,.0f} of {owned.satellites:,} satellites, "
                      f"buying {buy['satellites_delivered_in_horizon']:,.0f} of {sized.satellites:,}")
    return doc
