"""Scenario models of one satellite: compute, power, battery, thermal, shielding, structure, mass."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orbitaldc import catalog
from orbitaldc.fields import Count, NotBool
from orbitaldc.scenario.base import (
    MAX_ACCELERATORS_PER_SATELLITE,
    MAX_SATELLITE_POWER_W,
    Fraction,
    OpenFraction,
    Positive,
    Strict,
    _catalog_key,
)


class Compute(Strict):
    accelerator: str = Field(description="accelerator catalog id, e.g. h100-sxm, tpu-v6e")
    accelerators: Annotated[Count, Field(le=MAX_ACCELERATORS_PER_SATELLITE)] | None = Field(
        None, description="per satellite")
    it_power_w: Annotated[Positive, Field(le=MAX_SATELLITE_POWER_W)] | None = Field(
        None, description="target IT power per satellite, W")
    host_overhead_fraction: Annotated[float, Field(ge=0.0, le=10.0)] | None = Field(
        None, description="host CPU/network power over accelerator power; default from catalog"
    )
    system_mass_kg: Annotated[float, Field(gt=0.0, le=1e4)] | None = Field(
        None, description="mass per accelerator with its share of host, boards and cold plates, kg (default: the "
        "catalog's server mass per accelerator)")
    _accelerator = field_validator("accelerator")(_catalog_key("accelerators", "accelerator"))

    @model_validator(mode="after")
    def _one_sizing(self):
        if self.accelerators is not None and self.it_power_w is not None:
            raise ValueError("give exactly one of accelerators or it_power_w")
        return self


# Record solar cell efficiency: 47.6 % for a four-junction III-V cell at 665 suns (Fraunhofer ISE press
# release, 6 Jul 2022, via pv-tech.org); no cell in one sun, let alone AM0, has done better.
MAX_CELL_EFFICIENCY = 0.476


class Power(Strict):
    solar: str = "triple-junction-rigid"
    regulation: Literal["ppt", "det"] = "ppt"
    cell_efficiency: OpenFraction | None = Field(
        None, description="BOL cell efficiency, default the solar catalog's; at most 0.476, the best any solar cell "
        "has shown (Fraunhofer ISE four-junction concentrator cell at 665 suns, press release 6 Jul 2022; one-sun "
        "and AM0 space cells are lower, ~30-33 %)")
    degradation_per_year: Annotated[float, Field(ge=0.0, lt=1.0)] | None = None
    inherent_degradation: OpenFraction | None = None
    bus_power_fraction: Fraction | None = None
    pmad_kg_per_kw: Annotated[float, Field(ge=0.0, le=1000.0)] | None = None
    eclipse_compute_fraction: Fraction = Field(
        1.0, description="share of IT load kept running through eclipse on battery"
    )
    path_efficiency_daylight: OpenFraction | None = Field(
        None, description="array-to-load efficiency in sunlight; default SMAD's for the regulation (bus catalog)")
    path_efficiency_eclipse: OpenFraction | None = Field(
        None, description="array-to-battery-to-load efficiency for eclipse loads; default SMAD's (bus catalog)")
    # Study options: the physical model stays the default (docs/studies.md).
    array_nameplate_w: Annotated[Positive, Field(le=MAX_SATELLITE_POWER_W)] | None = Field(
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
    design_beta_deg: Annotated[float, Field(ge=0.0, lt=90.0)] | None = Field(
        None, description="study option: size the array, battery and radiator for a circular orbit at this beta "
        "angle all year (cylindrical shadow; spacedc-mdao uses 0) instead of the orbit's own worst case")
    array_specific_power_w_per_kg: Annotated[float, Field(ge=1.0, le=10_000.0)] | None = Field(
        None, description="array BOL nameplate W per kg of array (default: the solar catalog entry's, applied per m2 "
        "at its cell efficiency); given, the array mass is its rating over this")
    _solar = field_validator("solar")(_catalog_key("solar", "solar technology"))

    @field_validator("cell_efficiency")
    @classmethod
    def _demonstrated(cls, value):
        if value is not None and value > MAX_CELL_EFFICIENCY:
            raise ValueError(f"{value:g} is above {MAX_CELL_EFFICIENCY:g}, the best efficiency any solar cell has "
                             "shown (Fraunhofer ISE four-junction concentrator cell at 665 suns, 2022; space cells "
                             "in one sun reach ~0.30-0.33)")
        return value


class Battery(Strict):
    technology: str = "li-ion-leo"
    depth_of_discharge: OpenFraction | None = None
    specific_energy_wh_per_kg: Annotated[float, Field(ge=1.0, le=10_000.0)] | None = Field(
        None, description="nameplate Wh per kg of battery (default: the battery catalog entry)")
    efficiency: OpenFraction | None = Field(
        None, description="battery-to-load efficiency in the capacity equation (SMAD eq. 11-6 n; default: the bus "
        "catalog's battery_transmission_efficiency)")
    _tech = field_validator("technology")(_catalog_key("batteries", "battery technology"))


class Thermal(Strict):
    radiator: str = "deployable-modern"
    temperature_c: Annotated[float, Field(gt=-273.15, le=500.0)] | Literal["chain"] = Field(
        "chain", description="radiator temperature, C; 'chain' (default): the highest the chips' junction -> loop -> "
        "radiator chain allows (design.thermal_chain), less margin_k; a number is kept and checked against the chain")
    loop: Literal["pumped_single_phase", "loop_heat_pipe"] = Field(
        "pumped_single_phase", description="coolant loop between the cold plates and the radiator")
    margin_k: Annotated[float, Field(ge=0.0, le=50.0)] = Field(
        0.0, description="kept below the chips' junction and HBM limits, K")
    chip_limits: Literal["enforce", "report"] = Field(
        "enforce", description="enforce: a given radiator temperature hotter than the chips' chain allows makes the "
        "design infeasible; report (study option): it is stated as a problem and the design is priced, as a "
        "published study that sets its own radiator temperature")
    emissivity: OpenFraction | None = None
    absorptivity: Fraction | None = None
    sides: Annotated[Literal[1, 2], NotBool] = 2
    sun_incidence: Literal["sun_facing", "edge_on"] | Annotated[float, Field(ge=0.0, le=90.0)] = Field(
        "sun_facing", description="one face normal to the Sun (worst case), edge-on, or the Sun's angle from the "
        "lit face's normal in degrees (0 = sun_facing, 90 = edge_on)"
    )
    earth_view_factor: Fraction | None = Field(
        None, description="total over radiating sides; default from altitude, normal horizontal"
    )
    earth_ir_absorptivity: Fraction | None = Field(None, description="default: emissivity")
    areal_density_kg_per_m2: Annotated[float, Field(gt=0.0, le=1000.0)] | None = Field(
        None, description="radiator panel mass per m2 (default: the radiator catalog entry)")
    bus_radiator_temperature_c: Annotated[float, Field(gt=-273.15, le=500.0)] | None = Field(
        None, description="the bus radiator (bus load, power-conversion and battery losses), C (default: the bus "
        "catalog entry's)")
    bus_radiator: Literal["separate", "shared"] = Field(
        "separate", description="separate: the bus heat has its own radiator at bus_radiator_temperature_c; shared "
        "(study option): one radiator at temperature_c rejects everything")
    reject_conversion_losses: bool = Field(
        True, description="reject the power-conversion and battery losses too (physical); false (study option): "
        "only the loads' heat is rejected, as spacedc-mdao and McCalip count it")
    loop_kg_per_kw: Annotated[float, Field(ge=0.0, le=1000.0)] | None = Field(
        None, description="coolant loop (fluid and hardware) mass per kW of heat rejected, kg/kW, added to the "
        "radiator mass (default: none beyond the bus's thermal-hardware share)")
    _rad = field_validator("radiator")(_catalog_key("radiators", "radiator"))

    @field_validator("sun_incidence", mode="before")
    @classmethod
    def _incidence(cls, value):
        ok = value in ("sun_facing", "edge_on") if isinstance(value, str) else (
            isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= 90.0)
        if not ok:
            raise ValueError(f"{value!r}: give sun_facing, edge_on, or the Sun's angle from the lit face's normal in "
                             "degrees, 0-90")
        return value


class Shielding(Strict):
    aluminium_mm: Annotated[float, Field(ge=0.0, le=100.0)] | Literal["auto"] = Field(
        "auto", description="aluminium wall around the compute, mm; 'auto' (default): the thinnest that keeps the "
        "dose over the horizon within the accelerators' tested total dose / the radiation design margin")
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
    propulsion_isp_s: Annotated[float, Field(ge=50.0, le=20_000.0)] | None = Field(
        None, description="station-keeping thruster specific impulse, s (default: the bus catalog entry's)")
    fixed_mass_kg: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        0.0, description="equipment of fixed mass per satellite (e.g. a comms terminal and avionics), kg, added to "
        "the bottom-up parts before the shares")

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
    specific_power_w_per_kg: Annotated[float, Field(ge=1.0, le=10_000.0)] | None = Field(
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
