"""Geometry on real element sets: eclipses and passes (sgp4)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from orbitaldc.cli.common import JsonOpt, app, console, fail, print_json

TleOpt = Annotated[Path | None, typer.Option("--tle", help="TLE file (name lines optional)")]
OmmOpt = Annotated[Path | None, typer.Option("--omm", help="OMM file: .json, .xml or .csv")]
StartOpt = Annotated[str, typer.Option("--start", help="ISO-8601 start (UTC unless a zone is given)")]
EndOpt = Annotated[str, typer.Option("--end", help="ISO-8601 end")]


def _window(start: str, end: str):
    from orbitaldc.orbit.timewindow import parse_window

    return parse_window(start, end)


def _fleet(tle: Path | None, omm: Path | None):
    from orbitaldc.orbit.elsets import read_elements
    from orbitaldc.orbit.propagate import Sgp4Fleet

    if (tle is None) == (omm is None):
        fail("--tle", "give exactly one of --tle FILE or --omm FILE")
    return Sgp4Fleet(read_elements(tle, "tle") if tle is not None else read_elements(omm, "omm"))


def _iso(values) -> list[str]:
    import numpy as np

    return [s + "Z" for s in np.datetime_as_string(np.asarray(values, dtype="datetime64[ns]"), unit="ms")]


def _clock(values) -> list[tuple[str, str]]:
    """(date, time) of each instant to the nearest second, for the tables: a whole timestamp at 80
    columns (JSON keeps milliseconds)."""
    import numpy as np

    t = np.asarray(values, dtype="datetime64[ns]") + np.timedelta64(500, "ms")
    text = np.datetime_as_string(t.astype("datetime64[s]"), unit="s")
    return [(s[:10], s[11:] + "Z") for s in text]


def _after(first: tuple[str, str], then: tuple[str, str]) -> str:
    """A later instant of the same row as its time alone, with "+1d" when the day changed."""
    if then[0] == first[0]:
        return then[1]
    import datetime as dt

    days = (dt.date.fromisoformat(then[0]) - dt.date.fromisoformat(first[0])).days
    return f"{then[1]} +{days}d"


def _warn(problems: list[str]) -> None:
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)


@app.command()
def eclipses(
    tle: TleOpt = None,
    omm: OmmOpt = None,
    start: StartOpt = ...,
    end: EndOpt = ...,
    kind: Annotated[str, typer.Option("--kind", help="shadow (Sun centre hidden), umbra or penumbra")] = "shadow",
    json_out: JsonOpt = False,
):
    """Eclipse intervals of real satellites (sgp4), events refined to 1 ms."""
    from orbitaldc.orbit.eclipse import EVENT_KINDS, find_eclipses

    if kind not in EVENT_KINDS:
        fail("--kind", f"unknown kind {kind!r}; use one of {', '.join(EVENT_KINDS)}")
    t0, t1 = _window(start, end)
    fleet = _fleet(tle, omm)
    age = fleet.element_age(t0, t1)  # refuses sets too far from the window, warns beyond weeks
    frame, problems = find_eclipses(fleet, t0, t1, kind)
    problems = list(age.problems) + problems
    _warn(problems)
    intervals = [
        {"satellite": sat, "start": a, "end": b, "duration_s": round(float(d), 3), "kind": kind}
        for sat, a, b, d in zip(frame.satellite, _iso(frame.start), _iso(frame.end), frame.duration_s, strict=True)
    ]
    if json_out:
        print_json({"intervals": intervals, "problems": problems, "element_age_days": age.document(),
                    "model": fleet.model})
        return
    table = Table(title=f"{kind} intervals, {start} … {end}", caption="times UTC to the second; --json for ms")
    table.add_column("satellite", overflow="fold")
    table.add_column("start", no_wrap=True, min_width=20)
    table.add_column("end", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    for row, a, b in zip(intervals, _clock(frame.start), _clock(frame.end), strict=True):
        table.add_row(row["satellite"], f"{a[0]} {a[1]}", _after(a, b), f"{row['duration_s']:.1f} s")
    console.print(table)


@app.command()
def passes(
    tle: TleOpt = None,
    omm: OmmOpt = None,
    lat: Annotated[float, typer.Option("--lat", help="station geodetic latitude, deg")] = ...,
    lon: Annotated[float, typer.Option("--lon", help="station longitude, deg east")] = ...,
    elevation_m: Annotated[float, typer.Option("--elevation-m", help="station height, m")] = 0.0,
    min_elevation: Annotated[float, typer.Option("--min-elevation", help="mask, deg")] = 10.0,
    start: StartOpt = ...,
    end: EndOpt = ...,
    station: Annotated[str, typer.Option("--station", help="station name in the output")] = "station",
    json_out: JsonOpt = False,
):
    """Passes of real satellites over one station: rise, culmination, set, max elevation."""
    from orbitaldc.orbit.contacts import Station, check_station, find_passes

    site = Station(station, lat, lon, elevation_m, min_elevation)
    check_station(site, "--station")
    t0, t1 = _window(start, end)
    fleet = _fleet(tle, omm)
    age = fleet.element_age(t0, t1)
    frame, problems = find_passes(fleet, [site], t0, t1)
    problems = list(age.problems) + problems
    _warn(problems)
    rows = [
        {"satellite": sat, "station": sta, "rise": r, "culmination": c, "set": s_,
         "max_elevation_deg": round(float(e), 4)}
        for sat, sta, r, c, s_, e in zip(frame.satellite, frame.station, _iso(frame.rise),
                                         _iso(frame.culmination), _iso(frame.set), frame.max_elevation_deg,
                                         strict=True)
    ]
    if json_out:
        print_json({"passes": rows, "problems": problems, "element_age_days": age.document()})
        return
    table = Table(title=f"passes over {station} ({lat:.3f}, {lon:.3f}), mask {min_elevation} deg",
                  caption="times UTC to the second; --json for ms")
    table.add_column("satellite", overflow="fold")
    table.add_column("rise", no_wrap=True, min_width=20)
    for col in ("culmination", "set", "max el."):
        table.add_column(col, no_wrap=True, justify="right" if col == "max el." else "left")
    for row, r, c, s_ in zip(rows, _clock(frame.rise), _clock(frame.culmination), _clock(frame.set), strict=True):
        table.add_row(row["satellite"], f"{r[0]} {r[1]}", _after(r, c), _after(r, s_),
                      f"{row['max_elevation_deg']:.1f}°")
    console.print(table)
