"""Time windows from ISO-8601 text, as UTC datetime64[ns], with one-line errors."""

from __future__ import annotations

import datetime as dt

import numpy as np

from orbitaldc.errors import ScenarioError

MAX_WINDOW_DAYS = 366.0 * 50


def parse_time(text: str, field: str) -> np.datetime64:
    """ISO-8601 date or date-time (a trailing Z or an offset allowed) -> UTC datetime64[ns]."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScenarioError(field, f"{text!r} is not an ISO-8601 date-time (e.g. 2027-06-21T00:00:00Z)") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if not 1957 <= value.year <= 2056:
        raise ScenarioError(field, f"{value.year} is outside 1957-2056 (TLE epochs and the shipped ephemeris)")
    return np.datetime64(value, "ns")


def parse_window(start: str, end: str) -> tuple[np.datetime64, np.datetime64]:
    """Start and end of a non-empty window."""
    t0, t1 = parse_time(start, "--start"), parse_time(end, "--end")
    if t1 <= t0:
        raise ScenarioError("--end", f"end {end} is not after start {start}: the window is empty")
    if (t1 - t0) / np.timedelta64(1, "D") > MAX_WINDOW_DAYS:
        raise ScenarioError("--end", f"window longer than {MAX_WINDOW_DAYS:.0f} days")
    return t0, t1
