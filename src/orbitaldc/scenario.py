"""Scenario files: YAML (safe_load only) -> validated pydantic models.

Unknown keys are errors with a "did you mean" hint; every failure becomes a
``ScenarioError`` that names the field path, which the CLI prints on one line.
Optional fields left out take their value from the catalogs (``orbitaldc.catalog``);
a value given here overrides the catalog.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from orbitaldc import catalog
from orbitaldc.errors import ScenarioError

MIN_ALTITUDE_KM = 160.0
MAX_ALTITUDE_KM = 36_000.0

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
OpenFraction = Annotated[float, Field(gt=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0)]
Altitude = Annotated[float, Field(ge=MIN_ALTITUDE_KM, le=MAX_ALTITUDE_KM)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _catalog_key(catalog_name: str, what: str):
    def check(value):
        if value is None:
            return value
        known = catalog.entries(catalog_name)
        if value not in known:
            close = difflib.get_close_matches(str(value), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown {what} {value!r}{hint} (known: {', '.join(known)})")
        return value

    return check


class Compute(Strict):
    accelerator: str = Field(description="accelerator catalog id, e.g. h100-sxm, tpu-v6e")
    accelerators: Annotated[int, Field(gt=0)] | None = Field(None, description="per satellite")
    it_power_w: Positive | None = Field(None, description="target IT power per satellite, W")
    host_overhead_fraction: Annotated[float, Field(ge=0.0)] | None = Field(
        None, description="host CPU/network power over accelerator power; default from catalog"
    )
    _accelerator = field_validator("accelerator")(_catalog_key("accelerators", "accelerator"))

    @model_validator(mode="after")
    def _one_sizing(self):
        if self.accelerators is not None and self.it_power_w is not None:
            raise ValueError("give exactly one of accelerators or it_power_w")
        return self


class Power(Strict):
    solar: str = "triple-junction-rigid"
    regulation: Literal["ppt", "det"] = "ppt"
    cell_efficiency: OpenFraction | None = None
    degradation_per_year: Annotated[float, Field(ge=0.0, lt=1.0)] | None = None
    inherent_degradation: OpenFraction | None = None
    bus_power_fraction: Fraction | None = None
    pmad_kg_per_kw: Annotated[float, Field(ge=0.0)] | None = None
    eclipse_compute_fraction: Fraction = Field(
        1.0, description="share of IT load kept running through eclipse on battery"
    )
    path_efficiency_daylight: OpenFraction | None = Field(
        None, description="array-to-load efficiency in sunlight; default SMAD's for the regulation (bus catalog)")
    path_efficiency_eclipse: OpenFraction | None = Field(
        None, description="array-to-battery-to-load efficiency for eclipse loads; default SMAD's (bus catalog)")
    # Study options: the physical model stays the default (docs/studies.md).
    array_nameplate_w: Positive | None = Field(
        None, description="study option: size the satellite by its array's BOL nameplate rating (W); the IT "
        "power is what the array supports (instead of compute.accelerators or compute.it_power_w)")
    eclipse_policy: Literal["battery", "oversize_array"] = Field(
        "battery", description="battery: the battery carries the eclipse load (physical); oversize_array: study "
        "accounting, no battery and the array oversized by 1/sun_fraction so its orbit-average output meets the load")
    sun_fraction: OpenFraction | None = Field(
        None, description="with eclipse_policy oversize_array: share of time in sunlight (default: the orbit's)")
    degradation_basis: Literal["end_of_life", "life_average"] = Field(
        "end_of_life", description="size the array for its output at end of life (physical) or averaged over "
        "the life in yearly steps (study option, McCalip)")
    design_irradiance: Literal["aphelion", "mean"] = Field(
        "aphelion", description="sunlight the array is sized for: aphelion (worst case) or 1 AU (study option)")
    _solar = field_validator("solar")(_catalog_key("solar", "solar technology"))


class Battery(Strict):
    technology: str = "li-ion-leo"
    depth_of_discharge: OpenFraction | None = None
    _tech = field_validator("technology")(_catalog_key("batteries", "battery technology"))


class Thermal(Strict):
    radiator: str = "deployable-modern"
    temperature_c: Annotated[float, Field(gt=-273.15, le=500.0)] = 60.0
    emissivity: OpenFraction | None = None
    absorptivity: Fraction | None = None
    sides: Literal[1, 2] = 2
    sun_incidence: Literal["sun_facing", "edge_on"] = Field(
        "sun_facing", description="one face normal to the Sun (worst case) or edge-on"
    )
    earth_view_factor: Fraction | None = Field(
        None, description="total over radiating sides; default from altitude, normal horizontal"
    )
    earth_ir_absorptivity: Fraction | None = Field(None, description="default: emissivity")
    _rad = field_validator("radiator")(_catalog_key("radiators", "radiator"))


class Shielding(Strict):
    aluminium_mm: Annotated[float, Field(ge=0.0, le=100.0)] = 2.0
    kg_per_kw: Annotated[float, Field(ge=0.0, le=1000.0)] | None = Field(
        None, description="study option: shielding mass per kW of IT power instead of the aluminium box "
        "(Starcloud's white paper: 1 kg/kW)")


class Structure(Strict):
    """Bus mass shares of dry mass (default: the ``bus`` catalog entry)."""

    bus: str = "modern-high-power"
    structure_fraction: Fraction | None = None
    harness_fraction: Fraction | None = None
    thermal_hardware_fraction: Fraction | None = None
    adcs_fraction: Fraction | None = None
    avionics_comms_fraction: Fraction | None = None
    propulsion_fraction: Fraction | None = None

    @model_validator(mode="after")
    def _shares_below_one(self):
        bus = catalog.values("bus", self.bus) if self.bus in catalog.entries("bus") else {}
        keys = {"structure_fraction": "structure_fraction", "harness_fraction": "harness_fraction",
                "thermal_hardware_fraction": "thermal_hardware_fraction", "adcs_fraction": "adcs_fraction",
                "avionics_comms_fraction": "avionics_comms_fraction",
                "propulsion_fraction": "propulsion_dry_fraction"}
        total = sum(getattr(self, k) if getattr(self, k) is not None else bus.get(c, 0.0)
                    for k, c in keys.items())
        if total >= 1.0:
            raise ValueError(f"bus mass shares add up to {total:.2f}; they must stay below 1")
        return self
    _bus = field_validator("bus")(_catalog_key("bus", "bus"))


class Mass(Strict):
    """How the satellite's mass is found: bottom-up parts plus bus shares (physical, default), or a
    system-level specific power (study option: array nameplate W per kg of launch mass)."""

    model: Literal["bottom_up", "specific_power"] = "bottom_up"
    specific_power_w_per_kg: Positive | None = Field(
        None, description="with model specific_power: array BOL nameplate W per kg of the whole satellite at launch")

    @model_validator(mode="after")
    def _needs_value(self):
        if (self.model == "specific_power") != (self.specific_power_w_per_kg is not None):
            raise ValueError("specific_power_w_per_kg goes with model: specific_power, and only with it")
        return self


class Satellite(Strict):
    compute: Compute
    power: Power = Power()
    battery: Battery = Battery()
    thermal: Thermal = Thermal()
    shielding: Shielding = Shielding()
    structure: Structure = Structure()
    mass: Mass = Mass()

    @model_validator(mode="after")
    def _one_sizing(self):
        given = [name for name, value in (("compute.accelerators", self.compute.accelerators),
                                          ("compute.it_power_w", self.compute.it_power_w),
                                          ("power.array_nameplate_w", self.power.array_nameplate_w))
                 if value is not None]
        if len(given) != 1:
            raise ValueError("size the satellite by exactly one of compute.accelerators, compute.it_power_w or "
                             f"power.array_nameplate_w (given: {', '.join(given) or 'none'})")
        if self.power.sun_fraction is not None and self.power.eclipse_policy != "oversize_array":
            raise ValueError("power.sun_fraction goes with power.eclipse_policy: oversize_array")
        return self


class SSOOrbit(Strict):
    kind: Literal["sso"]
    altitude_km: Altitude
    ltan_h: Annotated[float, Field(ge=0.0, lt=24.0)]

    @field_validator("altitude_km")
    @classmethod
    def _sso_exists(cls, altitude_km):
        from orbitaldc.orbit.elements import max_sso_altitude_km

        top = max_sso_altitude_km()
        if altitude_km > top:
            raise ValueError(f"no circular sun-synchronous orbit above {top:.0f} km")
        return altitude_km


class CircularOrbit(Strict):
    kind: Literal["circular"]
    altitude_km: Altitude
    inclination_deg: Annotated[float, Field(ge=0.0, le=180.0)]
    raan_deg: Annotated[float, Field(ge=0.0, lt=360.0)] = 0.0


class WalkerOrbit(Strict):
    """Walker delta pattern i: t/p/f; t is ``constellation.satellites``."""

    kind: Literal["walker"]
    altitude_km: Altitude
    inclination_deg: Annotated[float, Field(ge=0.0, le=180.0)]
    planes: Annotated[int, Field(gt=0)]
    phasing: Annotated[int, Field(ge=0)] = 0
    raan0_deg: Annotated[float, Field(ge=0.0, lt=360.0)] = 0.0


class ClusterOrbit(Strict):
    """A Suncatcher-style formation around a dawn-dusk (or any LTAN) sun-synchronous orbit."""

    kind: Literal["cluster"]
    altitude_km: Altitude
    ltan_h: Annotated[float, Field(ge=0.0, lt=24.0)]
    radius_m: Positive
    spacing_m: Positive
    layout: Literal["orbital", "rigid"] = "orbital"
    _sso = field_validator("altitude_km")(SSOOrbit._sso_exists.__func__)

    @model_validator(mode="after")
    def _fits(self):
        if self.spacing_m > self.radius_m:
            raise ValueError("spacing_m is larger than radius_m")
        return self


class ElementsOrbit(Strict):
    """Real satellites from a TLE file (name lines optional) or an OMM file (.json/.xml/.csv)."""

    kind: Literal["elements"]
    tle: str | None = None
    omm: str | None = None

    @model_validator(mode="after")
    def _one_file(self):
        if (self.tle is None) == (self.omm is None):
            raise ValueError("give exactly one of tle or omm")
        return self


class Station(Strict):
    name: Annotated[str, Field(min_length=1)]
    lat_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    lon_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    elevation_m: Annotated[float, Field(ge=-500.0, le=9000.0)] = 0.0
    min_elevation_deg: Annotated[float, Field(ge=-90.0, lt=90.0)] = 10.0


class Ground(Strict):
    """Ground stations for contacts; default: the shipped set (``data/stations.yaml``)."""

    stations: list[Station] | Literal["default"] = "default"


class Constellation(Strict):
    orbit: Annotated[SSOOrbit | CircularOrbit | WalkerOrbit | ClusterOrbit | ElementsOrbit,
                     Field(discriminator="kind")]
    satellites: Annotated[int, Field(gt=0)] | None = None
    it_power_w: Positive | None = Field(None, description="fleet IT power target, W")

    @model_validator(mode="after")
    def _one_count(self):
        if self.orbit.kind == "elements":
            if self.it_power_w is not None:
                raise ValueError("element sets fix the satellites; it_power_w does not apply")
            return self
        if (self.satellites is None) == (self.it_power_w is None):
            raise ValueError("give exactly one of satellites or it_power_w")
        if self.orbit.kind == "walker" and self.satellites is not None and self.satellites % self.orbit.planes:
            raise ValueError(f"walker: {self.satellites} satellites do not divide into {self.orbit.planes} planes")
        return self


class OwnRocket(Strict):
    """Buy (a share of) a launch provider and fly at marginal cost: the Stoke question."""

    purchase_usd: Annotated[float, Field(ge=0.0)]
    marginal_usd_per_launch: Annotated[float, Field(ge=0.0)]


class Reuse(Strict):
    """Price a reusable vehicle's launch from its build cost spread over its flights."""

    vehicle_cost_usd: Annotated[float, Field(ge=0.0)]
    flights_per_vehicle: Annotated[int, Field(gt=0)]
    refurbishment_usd_per_flight: Annotated[float, Field(ge=0.0)] = 0.0


class LaunchShare(Strict):
    """Another vehicle carrying a share of the fleet, in parallel with the main one."""

    vehicle: str
    share: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(description="fraction of the satellites it carries")
    price_usd_per_launch: Annotated[float, Field(ge=0.0)] | None = None
    usd_per_kg: Annotated[float, Field(ge=0.0)] | None = None
    cadence_per_year: Positive | None = None
    _vehicle = field_validator("vehicle")(_catalog_key("vehicles", "vehicle"))


class Launch(Strict):
    """Launch stage inputs; without a vehicle the stage is skipped."""

    vehicle: str | None = Field(None, description="vehicle id in catalog/vehicles.yaml")
    price_usd_per_launch: Annotated[float, Field(ge=0.0)] | None = None
    usd_per_kg: Annotated[float, Field(ge=0.0)] | None = Field(None, description="overrides the per-launch price")
    cadence_per_year: Positive | None = None
    success_rate: OpenFraction | None = Field(
        None, description="launch success probability for the campaign; default the vehicle's record (catalog)")
    learning_rate: OpenFraction | None = Field(
        None, description="Wright's law: price of each launch after a doubling of cumulative launches")
    own_rocket: OwnRocket | None = None
    reuse: Reuse | None = None
    mix: list[LaunchShare] = Field(default_factory=list, description="other vehicles and their shares")
    _vehicle = field_validator("vehicle")(_catalog_key("vehicles", "vehicle"))

    @model_validator(mode="after")
    def _consistent(self):
        if self.mix and self.vehicle is None:
            raise ValueError("mix needs a main vehicle: name launch.vehicle")
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
    samples: Annotated[int, Field(ge=100, le=10_000_000)] = 10_000
    seed: int = 0
    inputs: dict[str, Distribution] | None = Field(
        None, description="economic input name -> distribution; default: every catalog input with a range, "
        "split triangular over (low, value, high) with the catalog value as its median")


class PlanInputs(Strict):
    """An illustrative build-out: demand grows by GW per year, met on the ground (limited by grid
    connections) or in orbit."""

    years: Annotated[int, Field(gt=0, le=50)] = 10
    demand_gw_per_year: Annotated[float, Field(gt=0.0)] = Field(description="new IT demand each year, GW")
    grid_gw_per_year: Annotated[float, Field(ge=0.0)] = Field(
        description="new terrestrial IT capacity the grid can connect each year, GW")
    launch_usd_per_kg: list[Annotated[float, Field(ge=0.0)]] = Field(
        [100.0, 200.0, 500.0, 1000.0, 3000.0], min_length=1)
    value_usd_per_gpu_hour: Annotated[float, Field(ge=0.0)] = Field(
        0.0, description="what an accelerator-hour is worth to the builder (e.g. its rental price); each year "
        "spent waiting for the grid forgoes it. 0: only the capital carried while waiting counts")


class Economics(Strict):
    """Economics stage inputs; every price and rate defaults to a sourced catalog value."""

    site: str = Field("abilene-tx", description="terrestrial site id in catalog/sites.yaml")
    include_compute: bool = Field(True, description="count the compute hardware on both sides")
    attrition: Literal["spares", "replace", "degrade"] = Field(
        "spares", description="accelerators failing in orbit: covered by cold spares carried at launch (priced and "
        "launched), by replacement satellites (hardware and launch paid each year), or left to decay (fewer GPU-hours)")
    first_of_a_kind: bool = Field(
        False, description="the fleet carries a whole program's one-off development cost (nre_usd); false: a fleet "
        "of a design already developed, no NRE unless economics.inputs.nre_usd gives one")
    inputs: dict[str, float] = Field(default_factory=dict, description="economic input name -> value (override)")
    uncertainty: Uncertainty | None = None
    plan: PlanInputs | None = None
    # Accounting choices some studies make (docs/studies.md); the defaults are ours.
    hours_per_year: Literal[8766, 8760] = Field(
        8766, description="hours in a year: 8766 (Julian year, as the orbit stages count) or 8760 (studies)")
    facility_charge: Literal["life_share", "full"] = Field(
        "life_share", description="terrestrial facility and power plant: charged for the horizon's share of their "
        "life (equivalent annual cost) or in full (a study summing cash over its horizon)")
    facility_capex_items_usd_per_w: dict[str, Annotated[float, Field(ge=0.0, allow_inf_nan=False)]] | None = Field(
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
        from orbitaldc.economics.parameters import check_input_name, check_input_value

        names = value if info.field_name == "inputs" else (value.inputs or {}) if value else {}
        for name in names:
            check_input_name(name)
        if info.field_name == "inputs":
            for name, number in value.items():
                check_input_value(name, number)
        return value


class Scenario(Strict):
    name: Annotated[str, Field(min_length=1)]
    epoch: dt.datetime
    horizon_years: Annotated[float, Field(gt=0.0, le=50.0)]
    satellite: Satellite
    constellation: Constellation
    ground: Ground = Ground()
    launch: Launch = Launch()
    economics: Economics = Economics()

    @field_validator("epoch")
    @classmethod
    def _utc(cls, epoch: dt.datetime):
        if epoch.tzinfo is not None:
            epoch = epoch.astimezone(dt.UTC).replace(tzinfo=None)
        if not 1950 <= epoch.year < 2050:
            raise ValueError("epoch must lie in 1950-2049, where the analytic Sun series is valid")
        return epoch


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ``ScenarioError``."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(str(path), "no such file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(str(path), "not valid YAML: " + _yaml_reason(exc)) from None
    except UnicodeDecodeError:
        raise ScenarioError(str(path), "not a UTF-8 text file") from None
    if data is None:
        raise ScenarioError(str(path), "empty scenario file")
    scenario = parse_scenario(data, source=str(path))
    orbit = scenario.constellation.orbit
    if orbit.kind == "elements":  # element files are found next to the scenario
        for key in ("tle", "omm"):
            value = getattr(orbit, key)
            if value is not None and not Path(value).is_absolute():
                orbit = orbit.model_copy(update={key: str(path.parent / value)})
        constellation = scenario.constellation.model_copy(update={"orbit": orbit})
        scenario = scenario.model_copy(update={"constellation": constellation})
    return scenario


def parse_scenario(data, source: str = "scenario") -> Scenario:
    """Validate an already-parsed mapping; raises ``ScenarioError``."""
    if not isinstance(data, dict):
        raise ScenarioError(source, f"top level must be a mapping, not {type(data).__name__}")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    return " ".join(str(problem).split()) + where


ORBIT_KINDS = {"sso": SSOOrbit, "circular": CircularOrbit, "walker": WalkerOrbit, "cluster": ClusterOrbit,
               "elements": ElementsOrbit}


def _first_error(exc: ValidationError) -> ScenarioError:
    errors = exc.errors()
    # An unknown key usually explains the "missing" errors beside it (a typo), so it goes first.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    raw = [str(p) for p in err["loc"] if "[" not in str(p)]  # drop pydantic's union-member tags
    field = ".".join(p for p in raw if p not in ORBIT_KINDS) or "scenario"
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(raw[:-1])
        close = difflib.get_close_matches(raw[-1], allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return ScenarioError(field, f"unknown key{hint} (allowed: {', '.join(allowed)})")
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "required field is missing"
    return ScenarioError(field, " ".join(message.split()))


def _allowed_keys(path: list[str]) -> list[str]:
    """Field names of the model at ``path`` (a pydantic loc, orbit kind tags included)."""
    model: type[BaseModel] = Scenario
    for part in path:
        if part in ORBIT_KINDS:
            model = ORBIT_KINDS[part]
            continue
        if part.isdigit():
            continue
        annotation = model.model_fields[part].annotation
        candidates = [a for a in getattr(annotation, "__args__", (annotation,))
                      if isinstance(a, type) and issubclass(a, BaseModel)]
        if not candidates:
            return []
        model = candidates[0]
    return sorted(model.model_fields)


def json_schema() -> dict:
    """JSON Schema of the scenario format."""
    return Scenario.model_json_schema()
