"""The economic inputs: one flat namespace of named numbers, each with its unit, bounds and the
catalog record it defaults to.

A scenario overrides any of them by name (``economics.inputs``) and may give any of them a
distribution (``economics.uncertainty.inputs``); the cost kernels read them as numpy arrays, so
one call prices one case or a million Monte Carlo samples.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

import numpy as np

from orbitaldc import catalog


@dataclass(frozen=True)
class Input:
    name: str
    unit: str
    side: str  # orbital | terrestrial | both
    catalog: tuple[str, str, str] | None  # (catalog, entry, field); entry "{site}" / "{accelerator}"
    default: float | None = None  # when there is no catalog record
    # Exclusive upper bound: a rate's physical limit, or for prices, counts and times a sanity bound
    # one to several orders of magnitude above anything on record (e.g. launch 1e6 USD/kg against
    # the Space Shuttle's ~54,500 USD/kg), so no input can overflow the arithmetic; not an estimate.
    maximum: float | None = None
    note: str = ""
    # Inclusive lower bound above 0 where the input has one (PUE; the LEO failure multiplier), and why.
    minimum: float | None = None
    minimum_why: str = ""


INPUTS = {i.name: i for i in (
    Input("wacc", "fraction/yr", "both", ("economics", "finance", "wacc"), maximum=1.0,
          note="discount rate for costs and delivered compute"),
    Input("utilization", "fraction", "both", ("sites", "default-site-economics", "it_utilization"),
          maximum=1.0 + 1e-12, note="share of available accelerator-hours doing paid work, same on both sides"),
    Input("accelerator_system_price_usd", "USD", "both", ("accelerators", "{accelerator}", "system_price_usd"),
          maximum=1e7, note="server/rack price per accelerator (host, network, chassis)"),
    Input("accelerator_failure_rate_per_year", "fraction/yr", "both",
          ("economics", "orbital", "accelerator_failure_rate_per_year"), maximum=1.0),
    # orbital
    Input("launch_usd_per_kg", "USD/kg", "orbital", None,
          maximum=1e6, note="per kg launched (what launch.usd_per_kg sets); the launched mass includes the satellites "
               "lost in expected launch failures, so it is paid on more than the fleet's mass"),
    Input("bus_usd_per_kg", "USD/kg", "orbital", ("economics", "orbital", "bus_usd_per_kg"),
          maximum=1e7,
          note="satellite manufacturing per kg of dry mass other than the compute and separately priced parts"),
    Input("bus_usd_per_w", "USD/W", "orbital", None, default=0.0,
          maximum=1e6, note="if > 0, prices the satellite (without compute) per W of array power instead of per kg"),
    Input("solar_array_usd_per_w", "USD/W", "orbital", None, default=0.0,
          maximum=1e4, note="if > 0, the array is priced per W and left out of the per-kg bus price"),
    Input("bus_usd_per_satellite", "USD", "orbital", None, default=0.0, maximum=1e12,
          note="a fixed price per satellite added to the bus (a study's per-satellite bus and terminal prices; 0: the "
               "bus is priced per kg only)"),
    Input("radiator_usd_per_m2", "USD/m2", "orbital", None, default=0.0, maximum=1e7,
          note="if > 0, the radiator panels are priced per m2 (on top of the per-kg bus price, which then should "
               "exclude them)"),
    Input("battery_usd_per_wh", "USD/Wh", "orbital", None, default=0.0, maximum=1e4,
          note="if > 0, the battery is priced per Wh of capacity (on top of the per-kg bus price)"),
    Input("orbital_delivered_share", "fraction", "orbital", None, default=1.0, maximum=1.0 + 1e-12,
          note="study option: a scalar share of the accelerator-hours delivered (a study's network, software and "
               "availability factors); 1: none beyond the model's own availability. The Operations stage measures "
               "delivered compute instead (economics.delivered)"),
    Input("shielding_usd_per_kg", "USD/kg", "orbital", None, default=0.0,
          maximum=1e7, note="if > 0, the shielding is priced per kg and left out of the per-kg bus price"),
    Input("nre_usd", "USD", "orbital", ("economics", "orbital", "nre_usd"), maximum=1e13),
    Input("ground_station_usd", "USD", "orbital", None, default=0.0,
          maximum=1e12,
          note="capex per station; 0 by default because the per-year figure is an annualised capex + operations cost"),
    Input("ground_station_usd_per_year", "USD/yr", "orbital", ("economics", "orbital", "ground_station_usd_per_year"),
          maximum=1e12),
    Input("spectrum_licensing_usd", "USD", "orbital", None, default=0.0,
          maximum=1e12, note="filings and licences; no published figure was found, so 0 unless the scenario gives one"),
    Input("ops_fraction_per_year", "fraction/yr", "orbital", ("economics", "orbital", "ops_fraction_per_year"),
          maximum=1.0),
    Input("insurance_rate", "fraction", "orbital", None, default=0.0, maximum=1.0,
          note="0: self-insured, expected launch losses are rebuilt and relaunched (constellation operators mostly "
               "self-insure); the market launch-plus-one rate is catalog launch.default.insurance_rate"),
    Input("radiation_failure_rate_per_year", "fraction/yr", "orbital",
          ("economics", "orbital", "radiation_failure_rate_per_year"), maximum=1.0),
    Input("leo_failure_rate_multiplier", "ratio", "orbital", ("economics", "orbital", "leo_failure_rate_multiplier"),
          maximum=100.0, minimum=1.0,
          minimum_why="the catalog's sourced low (Suncatcher's proton-beam test showed no hard failure; nothing "
                      "shows accelerators failing less in LEO than on the ground)",
          note="hard failures of an accelerator in LEO per failure of the same accelerator on the ground"),
    Input("deorbit_delta_v_m_s", "m/s", "orbital", ("economics", "orbital", "deorbit_delta_v_m_s"), maximum=1e4),
    Input("commissioning_years", "yr", "orbital", ("economics", "orbital", "commissioning_years"), maximum=50.0,
          note="capital waits on the pad: a satellite and its launch are paid this long before it enters service "
               "(launch campaign, in-orbit checkout); on the ground the facility waits "
               "grid_interconnection_delay_years"),
    Input("replacement_launch_share", "fraction", "orbital", None, default=1.0, maximum=1.0 + 1e-12,
          note="share of the launch cost paid again for replaced satellites (1: replacements fly like the fleet)"),
    # terrestrial
    Input("network_fraction", "fraction", "terrestrial", ("economics", "terrestrial-hardware", "networking_fraction"),
          maximum=10.0,
          note="scale-out network fabric as a share of the server price (in orbit the optical links are in the bus)"),
    Input("electricity_usd_per_kwh", "USD/kWh", "terrestrial", ("sites", "{site}", "electricity_usd_per_kwh"),
          maximum=100.0),
    Input("pue", "ratio", "terrestrial", ("sites", "{site}", "pue"), maximum=10.0, minimum=1.0,
          minimum_why="a facility draws at least its IT load"),
    Input("wue_l_per_kwh", "L/kWh", "terrestrial", ("sites", "{site}", "wue_l_per_kwh"), maximum=1e3),
    Input("water_usd_per_m3", "USD/m3", "terrestrial", ("sites", "{site}", "water_usd_per_m3"), maximum=1e4),
    Input("facility_capex_usd_per_w", "USD/W", "terrestrial", ("sites", "{site}", "facility_capex_usd_per_w"),
          maximum=1e4),
    Input("ground_repair_share", "fraction", "terrestrial", None, default=1.0, maximum=1.0 + 1e-12,
          note="share of failed accelerators' price the operator pays on the ground: 1, the same rule as in orbit "
               "(replacement hardware at the failure rate); a warranty moves this cost into the purchase price, it "
               "does not remove it (no public hyperscaler terms found; support runs 8-20 %/yr of hardware price)"),
    Input("terrestrial_delivered_share", "fraction", "terrestrial", None, default=1.0, maximum=1.0 + 1e-12,
          note="study option: a scalar share of the accelerator-hours delivered on the ground; 1: all utilized hours"),
    Input("it_maintenance_fraction_per_year", "fraction/yr", "terrestrial", None, default=0.0, maximum=1.0,
          note="study option: maintenance of the compute hardware as a share of its price per year (0: failed "
               "accelerators are replaced at the failure rate instead, ground_repair_share)"),
    Input("power_plant_usd_per_kw", "USD/kW", "terrestrial", None, default=0.0,
          maximum=1e6, note="on-site generation capex per kW of site load (0: grid supply)"),
    Input("idle_power_fraction", "fraction", "terrestrial", ("sites", "default-site-economics", "idle_power_fraction"),
          maximum=1.0 + 1e-12,
          note="IT power drawn while the accelerators are not utilized, as a share of their full power: the "
               "site pays electricity for utilized hours at full power and for the rest at this share"),
    Input("fuel_usd_per_mmbtu", "USD/MMBtu", "terrestrial", None, default=0.0,
          maximum=1e4,
          note="on-site generation: fuel price (0: grid supply); the fuel cost per kWh is this x heat rate"),
    Input("heat_rate_btu_per_kwh", "BTU/kWh", "terrestrial", None, default=0.0,
          maximum=1e6, note="on-site generation: fuel energy per kWh generated (0: grid supply)"),
    Input("grid_interconnection_delay_years", "yr", "terrestrial",
          ("sites", "{site}", "grid_interconnection_delay_years"), maximum=100.0),
    Input("facility_life_years", "yr", "terrestrial", ("sites", "default-site-economics", "facility_life_years"),
          maximum=200.0),
    Input("it_life_years", "yr", "terrestrial", ("sites", "default-site-economics", "it_life_years"), maximum=100.0),
    Input("facility_maintenance_fraction_per_year", "fraction/yr", "terrestrial",
          ("sites", "default-site-economics", "facility_maintenance_fraction_per_year"), maximum=1.0),
)}

POSITIVE = {"pue", "facility_life_years", "it_life_years", "utilization", "orbital_delivered_share",
            "terrestrial_delivered_share"}  # zero would divide by zero


def orbital_failure_rate_per_year(p):
    """Hard failures per accelerator-year in orbit: the ground rate x the LEO multiplier plus the
    radiation-induced rate (economics inputs by name; numbers or arrays, broadcast)."""
    return (np.asarray(p["accelerator_failure_rate_per_year"]) * np.asarray(p["leo_failure_rate_multiplier"])
            + np.asarray(p["radiation_failure_rate_per_year"]))


def check_input_name(name: str) -> None:
    if name not in INPUTS:
        close = difflib.get_close_matches(name, list(INPUTS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown economic input {name!r}{hint} (known: {', '.join(sorted(INPUTS))})")


def check_input_value(name: str, value: float) -> None:
    spec = INPUTS[name]
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{name} must be a finite number")
    if value < 0.0 or (name in POSITIVE and value <= 0.0):
        raise ValueError(f"{name} must be {'positive' if name in POSITIVE else 'non-negative'} (got {value:g})")
    if spec.maximum is not None and value >= spec.maximum:
        raise ValueError(f"{name} must be below {spec.maximum:g} {spec.unit} (got {value:g})")
    if spec.minimum is not None and value < spec.minimum:
        raise ValueError(f"{name} is at least {spec.minimum:g}: {spec.minimum_why} (got {value:g})")


# A lognormal may put at most this share of its samples outside the input's domain (they are clipped
# to its bound when sampled, uncertainty.clip_to_domain): a larger share would pile samples on the
# bound and make the Monte Carlo describe a distribution the scenario did not give.
MAX_OUTSIDE_SHARE = 0.01
Z_MAX_OUTSIDE = 2.3263478740408408  # standard normal quantile of 1 - MAX_OUTSIDE_SHARE (scipy.stats.norm.ppf(0.99))


def lognormal_outside_share(name: str, median: float, sigma: float) -> tuple[float, float]:
    """Shares of a lognormal(median, sigma of ln x) of input ``name`` at or above its maximum and below
    its minimum (the lognormal's support is x > 0, so only these bounds can be passed):
    P(X >= m) = 1 - Phi(ln(m / median) / sigma) = erfc(z / sqrt 2) / 2."""
    spec = INPUTS[name]

    def above(bound: float) -> float:
        if sigma == 0.0:
            return float(median >= bound)
        return 0.5 * math.erfc(math.log(bound / median) / sigma / math.sqrt(2.0))

    high = above(spec.maximum) if spec.maximum is not None else 0.0
    low = 1.0 - above(spec.minimum) if spec.minimum is not None and sigma > 0 else 0.0
    return high, low


def check_distribution_range(name: str, dist) -> None:
    """Every bound a distribution of ``name`` gives (low, mode, high, median) obeys the range of the
    deterministic input; a lognormal, whose tail is unbounded, may put at most MAX_OUTSIDE_SHARE of its
    samples past the input's bounds (those few are clipped to the bound when sampled, uncertainty.py)."""
    for bound in ("low", "mode", "high", "median"):
        value = getattr(dist, bound, None)
        if value is not None:
            try:
                check_input_value(name, value)
            except ValueError as exc:
                raise ValueError(f"{name}.{bound}: {exc}") from None
    if getattr(dist, "distribution", None) != "lognormal":
        return
    spec = INPUTS[name]
    high, low = lognormal_outside_share(name, dist.median, dist.sigma)
    if high > MAX_OUTSIDE_SHARE or low > MAX_OUTSIDE_SHARE:
        bound = spec.maximum if high >= low else spec.minimum
        side = "at or above its bound of" if high >= low else "below its floor of"
        widest = abs(math.log(bound / dist.median)) / Z_MAX_OUTSIDE
        raise ValueError(
            f"{name}: a lognormal with median {dist.median:g} and sigma {dist.sigma:g} puts {max(high, low):.1%} of "
            f"its samples {side} {bound:g} {spec.unit}, more than the {MAX_OUTSIDE_SHARE:.0%} that may be clipped "
            f"there: give sigma at most {widest:.3g} or a bounded distribution (triangular, split, uniform)")


def catalog_record(spec: Input, site: str, accelerator: str) -> catalog.Record | None:
    if spec.catalog is None:
        return None
    name, entry, field = spec.catalog
    entry = entry.format(site=site, accelerator=accelerator)
    record = catalog.load(name).get(entry, {}).get(field)
    return record if isinstance(record, catalog.Record) else None


REFERENCE_ACCELERATOR = "h100-sxm"


def price_by_flops(accelerator: str) -> tuple[float | None, str]:
    """For an accelerator that is not sold (TPUs): the reference server's price per peak BF16
    FLOP/s times its peak, an estimate."""
    acc = catalog.values("accelerators", accelerator)
    ref = catalog.values("accelerators", REFERENCE_ACCELERATOR)
    if "peak_bf16_flops" not in acc:
        return None, "no price"
    value = ref["system_price_usd"] * acc["peak_bf16_flops"] / ref["peak_bf16_flops"]
    return value, (f"estimate: not sold; priced at the {REFERENCE_ACCELERATOR} server's USD per peak BF16 FLOP/s "
                   f"({catalog.record('accelerators', REFERENCE_ACCELERATOR, 'system_price_usd').source})")


def base_inputs(economics, accelerator: str, launch_usd_per_kg: float | None) -> tuple[dict, dict]:
    """Deterministic input values and where each came from (``scenario``, a catalog citation, or a
    built-in default)."""
    values, origin = {}, {}
    items = economics.facility_capex_items_usd_per_w
    for name, spec in INPUTS.items():
        record = catalog_record(spec, economics.site, accelerator)
        if name in economics.inputs:
            values[name], origin[name] = economics.inputs[name], "scenario"
        elif name == "nre_usd" and not economics.first_of_a_kind:
            values[name], origin[name] = 0.0, ("not charged: not a first-of-a-kind program (economics.first_of_a_kind "
                                               "false); the catalog's program NRE applies when it is true")
        elif name == "facility_capex_usd_per_w" and items:
            values[name] = float(sum(items.values()))
            origin[name] = "scenario items: " + " + ".join(f"{k} {v:g}" for k, v in items.items())
        elif name == "launch_usd_per_kg":
            values[name], origin[name] = launch_usd_per_kg, "launch stage"
        elif record is not None:
            values[name], origin[name] = record.value, f"{record.source} ({record.year}, {record.kind})"
        elif name == "accelerator_system_price_usd":
            values[name], origin[name] = price_by_flops(accelerator)
        else:
            values[name], origin[name] = spec.default, "built-in default: " + spec.note
    return values, origin
