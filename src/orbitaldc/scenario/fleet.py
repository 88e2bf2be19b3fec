"""Scenario models of the fleet: orbits, ground stations, the constellation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orbitaldc.fields import Count, Name, NonNegativeCount
from orbitaldc.scenario.base import MAX_FLEET_POWER_W, Altitude, Positive, Strict


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
    planes: Count
    phasing: NonNegativeCount = 0
    raan0_deg: Annotated[float, Field(ge=0.0, lt=360.0)] = 0.0


class ClusterOrbit(Strict):
    """A Suncatcher-style formation around a dawn-dusk (or any LTAN) sun-synchronous orbit."""

    kind: Literal["cluster"]
    altitude_km: Altitude
    ltan_h: Annotated[float, Field(ge=0.0, lt=24.0)]
    radius_m: Annotated[float, Field(gt=0.0, le=1.0e6)]
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
    # sgp4 propagates the sets over min(horizon, this) from the epoch; a longer horizon continues
    # as a designed constellation (orbit.elset_designed). Default and ceiling: orbit.elsets.
    element_set_days: Annotated[float, Field(gt=0.0, le=730.5)] = 30.0

    @model_validator(mode="after")
    def _one_file(self):
        if (self.tle is None) == (self.omm is None):
            raise ValueError("give exactly one of tle or omm")
        return self


class Station(Strict):
    name: Name
    lat_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    lon_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    elevation_m: Annotated[float, Field(ge=-500.0, le=9000.0)] = 0.0
    min_elevation_deg: Annotated[float, Field(ge=-90.0, lt=90.0)] = 10.0


class Ground(Strict):
    """Ground stations for contacts; default: the shipped set (``data/stations.yaml``)."""

    stations: list[Station] | Literal["default"] = "default"

    @field_validator("stations")
    @classmethod
    def _at_least_one(cls, stations):
        # Without a station the fleet never reaches its users (and would be priced without a ground segment).
        if isinstance(stations, list) and not stations:
            raise ValueError("an empty list leaves the fleet no way to reach its users; list at least one "
                             "station, or leave the key out for the default stations")
        return stations


class Constellation(Strict):
    orbit: Annotated[SSOOrbit | CircularOrbit | WalkerOrbit | ClusterOrbit | ElementsOrbit,
                     Field(discriminator="kind")]
    satellites: Count | None = None
    it_power_w: Annotated[Positive, Field(le=MAX_FLEET_POWER_W)] | None = Field(
        None, description="fleet IT power target, W")

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
