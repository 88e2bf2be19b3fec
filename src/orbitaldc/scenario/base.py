"""Shared pieces of the scenario models: bounds, field types, the strict base model."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from orbitaldc import catalog

MIN_ALTITUDE_KM = 160.0
MAX_ALTITUDE_KM = 36_000.0
SUN_SERIES_END = dt.datetime(2050, 1, 1)
# Sanity bounds, not estimates: orders of magnitude above anything built or proposed (a 1 GW
# satellite; 1 TW of orbital IT, a third of the world's mean electricity use; launch at 20x the
# Space Shuttle's ~54,500 USD/kg), so that no accepted number can overflow the arithmetic.
MAX_ACCELERATORS_PER_SATELLITE = 10_000_000
MAX_SATELLITE_POWER_W = 1.0e9
MAX_FLEET_POWER_W = 1.0e12
MAX_USD_PER_LAUNCH = 1.0e11

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
OpenFraction = Annotated[float, Field(gt=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0)]
Altitude = Annotated[float, Field(ge=MIN_ALTITUDE_KM, le=MAX_ALTITUDE_KM)]
LaunchPrice = Annotated[float, Field(ge=0.0, le=MAX_USD_PER_LAUNCH)]
LaunchUsdPerKg = Annotated[float, Field(ge=0.0, lt=1.0e6)]  # the economic input's bound (parameters.py)
Cadence = Annotated[float, Field(gt=0.0, le=100_000.0)]  # launches a year: one every ~5 minutes


class Strict(BaseModel):
    # strict: no strings, booleans or non-finite values where numbers go (fields.py has the rule)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


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
