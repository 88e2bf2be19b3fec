"""Scenario models of launch and economics (inputs, distributions, the build-out plan)."""

from __future__ import annotations

import difflib
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orbitaldc import catalog
from orbitaldc.fields import Count, NonNegativeCount
from orbitaldc.scenario.base import (
    MAX_USD_PER_LAUNCH,
    Cadence,
    Fraction,
    LaunchPrice,
    LaunchUsdPerKg,
    OpenFraction,
    Positive,
    Strict,
    _catalog_key,
)


class OwnRocket(Strict):
    """Buy (a share of) a launch provider and fly at marginal cost: the Stoke question."""

    purchase_usd: Annotated[float, Field(ge=0.0, le=1e13)]
    marginal_usd_per_launch: Annotated[float, Field(ge=0.0, le=MAX_USD_PER_LAUNCH)]


class MakeOrBuy(Strict):
    """Own (a stake in) a launch provider or buy launches: the same fleet priced both ways
    (launch/make_or_buy.py). Every input left out comes from catalog/providers.yaml; money in USD,
    rates per year, years as decimal calendar years (2027.5 = mid-2027)."""

    provider: str = Field("stoke-space", description="provider id in catalog/providers.yaml")
    vehicle: str | None = Field(None, validate_default=True,
                                description="owned vehicle id in catalog/vehicles.yaml; default the provider's")
    stake: float = Field(1.0, description="fraction of the company bought, 0-1 (1 = all of it)")
    acquisition_usd: Annotated[float, Field(ge=0.0, le=1e13)] | None = Field(
        None, description="price of the stake; default stake x valuation x (1 + control premium)")
    valuation_usd: Annotated[float, Field(gt=0.0, le=1e13)] | None = None
    control_premium: Annotated[float, Field(ge=0.0, le=10.0)] | None = None
    first_flight_year: Annotated[float, Field(ge=1950.0, le=2150.0)] | None = Field(
        None, description="first orbital flight, decimal year; not before the scenario epoch")
    remaining_development_usd: Annotated[float, Field(ge=0.0, le=1e13)] | None = None
    vehicles: Count | None = None
    pads: Count | None = None
    first_year_flights: Annotated[float, Field(ge=0.0, le=100_000.0)] | None = None
    flights_per_vehicle_per_year: Cadence | None = None
    flights_per_pad_per_year: Cadence | None = None
    ramp_years: Annotated[float, Field(ge=0.0, le=50.0)] | None = None
    marginal_usd_per_flight: Annotated[float, Field(ge=0.0, le=MAX_USD_PER_LAUNCH)] | None = None
    vehicle_build_usd: Annotated[float, Field(ge=0.0, le=MAX_USD_PER_LAUNCH)] | None = None
    vehicle_life_flights: Annotated[float, Field(ge=1.0, le=1e6)] | None = None
    pad_build_usd: Annotated[float, Field(ge=0.0, le=1e12)] | None = None
    fixed_usd_per_year: Annotated[float, Field(ge=0.0, le=1e12)] | None = None
    third_party_flights_per_year: Annotated[float, Field(ge=0.0, le=100_000.0)] | None = None
    sale_usd_per_flight: Annotated[float, Field(ge=0.0, le=MAX_USD_PER_LAUNCH)] | None = Field(
        None, description="price of a flight sold to others; default the market price per kg x the payload")
    test_flights: NonNegativeCount | None = None
    residual_value_fraction: Fraction | None = None
    market_price_factor: Annotated[float, Field(gt=0.0, le=100.0)] | None = Field(
        None, description="scales the bought launches' price (and the price of flights sold); default 1")
    years: Annotated[Count, Field(le=50)] = Field(10, description="analysis horizon from the epoch, years")
    discount_rate: Annotated[float, Field(ge=0.0, lt=1.0)] | None = Field(
        None, description="per year; default economics wacc")

    @field_validator("provider")
    @classmethod
    def _ownable(cls, provider):
        # Only an entry that names the vehicle it flies can be owned; catalog providers.market is the
        # bought side's price factor, not a company.
        entries = catalog.load("providers")
        ownable = [k for k, e in entries.items() if isinstance(e.get("vehicle"), str)]
        if provider in ownable:
            return provider
        if provider in entries:
            raise ValueError(f"{provider!r} is not a provider one can own (catalog providers.{provider} names no "
                             f"vehicle it flies: it prices the bought launches); give one of: {', '.join(ownable)}")
        close = difflib.get_close_matches(str(provider), ownable, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown provider {provider!r}{hint} (known: {', '.join(ownable)})")

    @field_validator("stake")
    @classmethod
    def _fraction_of_a_company(cls, stake):
        if not 0.0 < stake <= 1.0:
            raise ValueError(f"a stake of {stake:g} is not a share of one company: give a fraction above 0 and at "
                             "most 1 (1 = 100 %)")
        return stake

    @field_validator("vehicle")
    @classmethod
    def _carries_something(cls, vehicle, info):
        provider = info.data.get("provider")
        if vehicle is None and provider is not None:
            vehicle = catalog.load("providers")[provider].get("vehicle")
        if vehicle is None:
            return vehicle
        _catalog_key("vehicles", "vehicle")(vehicle)
        entry = catalog.load("vehicles")[vehicle]
        if isinstance(entry.get("carrier"), str):
            raise ValueError(f"{vehicle} is a rideshare sold per satellite, not a vehicle one can own")
        if "payload_leo_kg" not in catalog.values("vehicles", vehicle) and not isinstance(entry.get("performance"),
                                                                                          dict):
            raise ValueError(f"{vehicle} has no payload figure (payload_leo_kg or a performance table) in "
                             "catalog/vehicles.yaml: an owned vehicle must say what it carries")
        return vehicle


class Reuse(Strict):
    """Price a reusable vehicle's launch from its build cost spread over its flights."""

    vehicle_cost_usd: Annotated[float, Field(ge=0.0, le=1e12)]
    flights_per_vehicle: Count
    refurbishment_usd_per_flight: Annotated[float, Field(ge=0.0, le=MAX_USD_PER_LAUNCH)] = 0.0


class LaunchShare(Strict):
    """Another vehicle carrying a share of the fleet, in parallel with the main one."""

    vehicle: str
    share: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(description="fraction of the satellites it carries")
    price_usd_per_launch: LaunchPrice | None = None
    usd_per_kg: LaunchUsdPerKg | None = None
    cadence_per_year: Cadence | None = None
    _vehicle = field_validator("vehicle")(_catalog_key("vehicles", "vehicle"))


class Launch(Strict):
    """Launch stage inputs; without a vehicle the stage is skipped."""

    vehicle: str | None = Field(None, description="vehicle id in catalog/vehicles.yaml")
    price_usd_per_launch: LaunchPrice | None = None
    usd_per_kg: LaunchUsdPerKg | None = Field(None, description="overrides the per-launch price")
    cadence_per_year: Cadence | None = None
    success_rate: OpenFraction | None = Field(
        None, description="launch success probability for the campaign; default the vehicle's record (catalog)")
    learning_rate: OpenFraction | None = Field(
        None, description="Wright's law: price of each launch after a doubling of cumulative launches")
    own_rocket: OwnRocket | None = None
    reuse: Reuse | None = None
    mix: list[LaunchShare] = Field(default_factory=list, description="other vehicles and their shares")
    make_or_buy: MakeOrBuy | None = Field(
        None, description="price owning a launch provider beside buying launches (the Stoke question)")
    _vehicle = field_validator("vehicle")(_catalog_key("vehicles", "vehicle"))

    @field_validator("success_rate")
    @classmethod
    def _has_precedent(cls, rate):
        floor = catalog.values("launch", "default")["min_campaign_success_rate"]
        if rate is not None and rate < floor:
            raise ValueError(f"{rate:g} is below {floor:g}, the floor of any campaign on record (maiden flights "
                             "fail about half the time; catalog launch.default.min_campaign_success_rate)")
        return rate

    @model_validator(mode="after")
    def _consistent(self):
        if self.mix and self.vehicle is None:
            raise ValueError("mix needs a main vehicle: name launch.vehicle")
        if self.make_or_buy is not None and (self.vehicle is None or self.own_rocket is not None):
            raise ValueError("make_or_buy compares owning with buying: name the bought vehicle in launch.vehicle "
                             "and price it as a purchase (not own_rocket)")
        if sum(m.share for m in self.mix) >= 1.0:
            raise ValueError("the mix shares must leave some of the fleet to the main vehicle (sum below 1)")
        priced = [k for k in ("own_rocket", "reuse", "usd_per_kg", "price_usd_per_launch") if getattr(self, k)
                  is not None]
        if len(priced) > 1:
            raise ValueError(f"give one way to price the launches, not {' and '.join(priced)}")
        return self


class Distribution(Strict):
    """An uncertain input: triangular (low, mode, high), split (low, mode, high: half the mass on
    each side of the mode, which is the median), uniform (low, high) or lognormal (median, sigma)."""

    distribution: Literal["triangular", "split", "uniform", "lognormal"]
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    median: Positive | None = None
    sigma: Annotated[float, Field(ge=0.0)] | None = None

    @model_validator(mode="after")
    def _shape(self):
        needs = {"triangular": ("low", "mode", "high"), "split": ("low", "mode", "high"), "uniform": ("low", "high"),
                 "lognormal": ("median", "sigma")}[self.distribution]
        missing = [k for k in needs if getattr(self, k) is None]
        if missing:
            raise ValueError(f"{self.distribution} needs {', '.join(needs)} (missing {', '.join(missing)})")
        extra = [k for k in ("low", "mode", "high", "median", "sigma")
                 if k not in needs and getattr(self, k) is not None]
        if extra:
            raise ValueError(f"{self.distribution} takes {', '.join(needs)}, not {', '.join(extra)}")
        if self.distribution != "lognormal":
            mode = self.low if self.mode is None else self.mode
            if not self.low <= mode <= self.high:
                raise ValueError(f"low <= mode <= high is required (got {self.low:g}, {mode:g}, {self.high:g})"
                                 if self.mode is not None else
                                 f"low must not exceed high (got {self.low:g} > {self.high:g})")
        return self


class Uncertainty(Strict):
    samples: Annotated[Count, Field(ge=100, le=10_000_000)] = 10_000
    seed: NonNegativeCount = 0
    inputs: dict[str, Distribution] | None = Field(
        None, description="economic input name -> distribution; default: every catalog input with a range, "
        "split triangular over (low, value, high) with the catalog value as its median")


class PlanInputs(Strict):
    """An illustrative build-out: demand grows by GW per year, met on the ground (limited by grid
    connections) or in orbit."""

    years: Annotated[Count, Field(le=50)] = 10
    demand_gw_per_year: Annotated[float, Field(gt=0.0, le=1e4)] = Field(description="new IT demand each year, GW")
    grid_gw_per_year: Annotated[float, Field(ge=0.0, le=1e4)] = Field(
        description="new terrestrial IT capacity the grid can connect each year, GW")
    launch_usd_per_kg: list[LaunchUsdPerKg] = Field(
        [100.0, 200.0, 500.0, 1000.0, 3000.0], min_length=1)
    value_usd_per_gpu_hour: Annotated[float, Field(ge=0.0, le=1e4)] = Field(
        0.0, description="what an accelerator-hour is worth to the builder (e.g. its rental price); each year "
        "spent waiting for the grid forgoes it. 0: only the capital carried while waiting counts")


class Economics(Strict):
    """Economics stage inputs; every price and rate defaults to a sourced catalog value."""

    site: str = Field("abilene-tx", description="terrestrial site id in catalog/sites.yaml")
    include_compute: bool = Field(True, description="count the compute hardware on both sides")
    attrition: Literal["spares", "replace", "degrade", "replace_accelerators"] = Field(
        "spares", description="accelerators failing in orbit: covered by cold spares carried at launch (priced and "
        "launched), by replacement satellites (hardware and launch paid each year), or left to decay (fewer "
        "GPU-hours); replace_accelerators (study option, spacedc-mdao): the installed accelerators' expected "
        "failures replaced evenly by new accelerators launched as payload, no new bus")
    first_of_a_kind: bool = Field(
        False, description="the fleet carries a whole program's one-off development cost (nre_usd); false: a fleet "
        "of a design already developed, no NRE unless economics.inputs.nre_usd gives one")
    inputs: dict[str, float] = Field(default_factory=dict, description="economic input name -> value (override)")
    uncertainty: Uncertainty | None = None
    plan: PlanInputs | None = None
    # Accounting choices some studies make (docs/studies.md); the defaults are ours.
    hours_per_year: Literal[8766, 8760] = Field(
        8766, description="hours in a year: 8766 (Julian year, as the orbit stages count) or 8760 (studies)")
    discounting: Literal["continuous", "end_of_year"] = Field(
        "continuous", description="cash-flow timing: continuous, capex as the fleet is launched (ours), or "
        "end_of_year (a study's spreadsheet convention: capex at t = 0, running costs and delivered hours at the "
        "end of each of round(horizon) years)")
    facility_charge: Literal["life_share", "full"] = Field(
        "life_share", description="terrestrial facility and power plant: charged for the horizon's share of their "
        "life (equivalent annual cost) or in full (a study summing cash over its horizon)")
    facility_capex_items_usd_per_w: dict[str, Annotated[float, Field(ge=0.0, lt=1e4)]] | None = Field(
        None, description="terrestrial facility capex as named items per W of IT (their sum replaces "
        "facility_capex_usd_per_w), e.g. a study's electrical, mechanical, civil and network buckets")
    _site = field_validator("site")(_catalog_key("sites", "site"))

    @field_validator("facility_capex_items_usd_per_w")
    @classmethod
    def _items_and_input(cls, value, info):
        if value is not None and "facility_capex_usd_per_w" in (info.data.get("inputs") or {}):
            raise ValueError("give facility_capex_usd_per_w in inputs or facility_capex_items_usd_per_w, not both")
        if value is not None and not value:
            raise ValueError("give at least one item")
        return value

    @field_validator("inputs", "uncertainty")
    @classmethod
    def _known_inputs(cls, value, info):
        from orbitaldc.economics.parameters import check_distribution_range, check_input_name, check_input_value

        names = value if info.field_name == "inputs" else (value.inputs or {}) if value else {}
        for name in names:
            check_input_name(name)
        if info.field_name == "inputs":
            for name, number in value.items():
                check_input_value(name, number)
        else:  # a distribution's bounds obey the range of the same deterministic input
            for name, dist in names.items():
                check_distribution_range(name, dist)
        return value
