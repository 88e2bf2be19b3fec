"""CZML for CesiumJS: the sampled constellation over a few revolutions, shadow as a colour change.

Packets (CZML 1.0, https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/Packet), written
by hand and checked in the tests against the ``czml3`` package's pydantic models:

* ``document``: name, version and a clock over the sampled window (60× real time, looping);
* one packet per sampled satellite (id ``satellite/<name>``): ``availability`` = the window,
  ``position`` = time-tagged Earth-fixed samples ``[t, x, y, z, ...]`` (seconds after ``epoch``,
  metres, referenceFrame ``FIXED``, Lagrange interpolation), ``path`` (one revolution of
  trail), ``point`` whose ``color`` is a list of intervals: sunlit vs in shadow, from the
  eclipse intervals of ``orbit.eclipse.find_eclipses`` (refined to 1 ms);
* one packet per ground station (``station/<name>``), a fixed cartographic position and label.

Positions come from the fleet's own propagator (``report.sky.sample_fleet``) rotated to
Earth-fixed by GMST. At most ``MAX_CZML_SATELLITES`` satellites, evenly spread over the
planes, keep the file bounded (~5 kB per satellite).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from orbitaldc.report.plots import PALETTE
from orbitaldc.report.sky import sample_fleet

MAX_CZML_SATELLITES = 500
REVOLUTIONS = 3.0
STEP_S = 120.0


def _rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[k:k + 2], 16) for k in (0, 2, 4)] + [alpha]


SUNLIT_RGBA = _rgba(PALETTE["sun"])
SHADOW_RGBA = _rgba(PALETTE["shadow"])
PATH_RGBA = _rgba(PALETTE["orbit"], 140)
STATION_RGBA = _rgba(PALETTE["ground"])


def iso(t: np.datetime64) -> str:
    """ISO 8601 UTC with milliseconds and a Z."""
    return str(np.datetime64(t, "ms")) + "Z"


def colour_intervals(t0: np.datetime64, t1: np.datetime64, shadows) -> list[dict]:
    """Sunlit / shadow colour intervals covering [t0, t1] from sorted (start, end) shadow spans."""
    out, cursor = [], t0
    for start, end in shadows:
        start, end = max(start, t0), min(end, t1)
        if end <= start:
            continue
        if start > cursor:
            out.append({"interval": f"{iso(cursor)}/{iso(start)}", "rgba": SUNLIT_RGBA})
        out.append({"interval": f"{iso(start)}/{iso(end)}", "rgba": SHADOW_RGBA})
        cursor = end
    if cursor < t1:
        out.append({"interval": f"{iso(cursor)}/{iso(t1)}", "rgba": SUNLIT_RGBA})
    return out


def czml_packets(result, *, max_satellites: int = MAX_CZML_SATELLITES, revolutions: float = REVOLUTIONS,
                 step_s: float = STEP_S) -> list[dict]:
    """The CZML document of a run as a list of packets (JSON-ready)."""
    from orbitaldc.orbit.constellation import scenario_stations

    sample = sample_fleet(result, max_satellites, revolutions=revolutions, step_s=step_s)
    t0 = sample.t0
    t1 = t0 + np.timedelta64(int(round(float(sample.t_s[-1]) * 1e3)), "ms")
    window = f"{iso(t0)}/{iso(t1)}"
    shown = f"{len(sample.names):,} of {sample.total:,} satellites"
    packets = [{
        "id": "document", "name": f"{result.scenario.name} ({shown})", "version": "1.0",
        "clock": {"interval": window, "currentTime": iso(t0), "multiplier": 60, "range": "LOOP_STOP",
                  "step": "SYSTEM_CLOCK_MULTIPLIER"},
    }]
    by_satellite = {}
    frame = sample.eclipses
    for name, start, end in zip(frame["satellite"], frame["start"].to_numpy(), frame["end"].to_numpy(), strict=True):
        by_satellite.setdefault(name, []).append((start, end))
    seconds = [int(s) if float(s).is_integer() else float(s) for s in np.round(sample.t_s, 3)]
    metres = np.round(sample.r_fixed_km * 1e3).astype(np.int64)
    for k, name in enumerate(sample.names):
        samples = [v for t, xyz in zip(seconds, metres[k].tolist(), strict=True) for v in (t, *xyz)]
        packets.append({
            "id": f"satellite/{name}", "name": name, "availability": window,
            "description": f"{result.scenario.name}: {name} (one of {shown}); positions: {sample.model}",
            "position": {"epoch": iso(t0), "referenceFrame": "FIXED", "interpolationAlgorithm": "LAGRANGE",
                         "interpolationDegree": 5, "cartesian": samples},
            "path": {"show": True, "width": 1, "leadTime": 0, "trailTime": round(sample.period_s, 1),
                     "resolution": step_s, "material": {"solidColor": {"color": {"rgba": PATH_RGBA}}}},
            "point": {"pixelSize": 6, "outlineWidth": 1, "outlineColor": {"rgba": [255, 255, 255, 200]},
                      "color": colour_intervals(t0, t1, sorted(by_satellite.get(name, [])))},
        })
    for s in scenario_stations(result.scenario):
        packets.append({
            "id": f"station/{s.name}", "name": s.name, "availability": window,
            "position": {"cartographicDegrees": [s.lon_deg if s.lon_deg <= 180 else s.lon_deg - 360, s.lat_deg,
                                                 s.elevation_m]},
            "point": {"pixelSize": 8, "color": {"rgba": STATION_RGBA}},
            "label": {"text": s.name, "font": "11pt sans-serif", "pixelOffset": {"cartesian2": [0, -16]},
                      "fillColor": {"rgba": STATION_RGBA}},
        })
    return packets


def write_czml(result, path: Path, **kwargs) -> Path:
    """Write ``scenario.czml`` (compact JSON)."""
    path = Path(path)
    path.write_text(json.dumps(czml_packets(result, **kwargs), separators=(",", ":"), allow_nan=False))
    return path
