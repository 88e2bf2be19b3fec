"""Time windows from ISO-8601 text, as UTC datetime64[ns], with one-line errors."""

from __future__ import annotations

import datetime as dt

import numpy as np

from orbitaldc.errors import ScenarioError

MAX_WINDOW_DAYS = 366.0 * 50
# The shipped JPL DE421 (skyfield-data) ends at JD 2471184.5 TT = 2053-10-09 00:00 TT, i.e.
# 2053-10-08 23:58:50.8 UTC with today's TT - UTC of 69.184 s (read from the file's segment).
# Every sgp4 chunk looks the Sun up there, so a window may not run past it.
DE421_END_UTC = np.datetime64("2053-10-08T23:58:50", "ns")
DE421_END_TEXT = "2053-10-09, the end of the shipped JPL DE421 ephemeris"


def check_ephemeris_end(end: np.datetime64, field: str) -> None:
    """One-line error when a window needing the Sun (DE421) runs past the ephemeris."""
    end = np.datetime64(end, "ns")
    if end > DE421_END_UTC:
        text = np.datetime_as_string(end, unit="s")
        raise ScenarioError(field, f"{text}Z is after {DE421_END_TEXT}")


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
    check_ephemeris_end(t0, "--start")
    check_ephemeris_end(t1, "--end")
    return t0, t1
