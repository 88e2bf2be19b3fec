"""Field types of the scenario schema: one rule for numbers, names and times.

Every model of the scenario validates strictly (``Strict`` in scenario.py): a float field takes a
finite number (an int is fine), never a string, a boolean or ``.inf``; a count takes a whole number
(``81`` or ``81.0``, not ``true`` or ``"81"``); an epoch is an ISO-8601 date-time (a YAML timestamp
or a string), never a number, which pydantic would otherwise read as Unix seconds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Annotated

from pydantic import BeforeValidator, Field

from orbitaldc.constants import JULIAN_YEAR_DAYS as DAYS_PER_YEAR  # noqa: F401  (re-exported to the schema)


def _whole(value):
    """A count: an int, or a float with no fractional part (``1e3`` from YAML); never a bool."""
    if isinstance(value, bool):
        raise ValueError("a whole number is required, not a boolean")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a finite whole number is required")
        if value != int(value):
            raise ValueError(f"a whole number is required (got {value:g})")
        return int(value)
    return value


def _iso_epoch(value):
    """ISO-8601 only: a YAML timestamp (datetime or date) or a string such as 2027-01-01T00:00:00Z."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
            raise ValueError(f"an ISO-8601 date-time is required, e.g. 2027-01-01T00:00:00Z (got {value!r})")
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"not a valid ISO-8601 date-time ({exc})") from None
    raise ValueError("an ISO-8601 date-time string is required, e.g. 2027-01-01T00:00:00Z "
                     f"(got a {type(value).__name__})")


def _printable(value):
    """Names are echoed to terminals and HTML: control characters (escape sequences) are refused."""
    if isinstance(value, str):
        bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cf") and c != " "), None)
        if bad is not None:
            raise ValueError(f"control character U+{ord(bad):04X} is not allowed in a name")
    return value


def _not_bool(value):
    if isinstance(value, bool):
        raise ValueError("a number is required, not a boolean")
    return value


Count = Annotated[int, BeforeValidator(_whole), Field(gt=0)]
NonNegativeCount = Annotated[int, BeforeValidator(_whole), Field(ge=0)]
Epoch = Annotated[dt.datetime, BeforeValidator(_iso_epoch)]
Name = Annotated[str, BeforeValidator(_printable), Field(min_length=1, max_length=200)]
NotBool = BeforeValidator(_not_bool)
