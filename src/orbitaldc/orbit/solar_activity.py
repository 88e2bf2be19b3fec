"""Solar activity over a scenario's horizon: the predicted yearly F10.7 (``data/solar_activity.yaml``).

Drag density depends most on solar activity (a factor ~70 at 550 km between the ECSS low and high
levels). A scenario's epoch and horizon pick the years of the prediction; the drag model then
averages the density over them (``mean_station_keeping_dv_m_s_per_year``), because drag is linear
in density, not in F10.7. Years outside the table take the ECSS moderate level (140 sfu), stated.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import numpy as np
import yaml

from orbitaldc.constants import JULIAN_YEAR_DAYS as DAYS_PER_YEAR

CASES = ("low", "moderate", "high")


@cache
def _table() -> tuple[np.ndarray, dict, str]:
    raw = yaml.safe_load(resources.files("orbitaldc").joinpath("data/solar_activity.yaml").read_text("utf-8"))
    rows = np.asarray(raw["rows"], dtype=float)
    return rows[:, 0], {c: rows[:, i + 1] for i, c in enumerate(CASES)}, str(raw["source"])


def yearly_f107(epoch: dt.datetime, horizon_years: float, case: str = "moderate") -> tuple[list, str]:
    """[(weight, F10.7 sfu)] over the horizon, one entry per calendar year touched (weights = the
    years' shares of the horizon), and a note of where the flux came from."""
    years, flux, source = _table()
    start = epoch.year + (epoch.timetuple().tm_yday - 1) / DAYS_PER_YEAR
    end = start + horizon_years
    out, missing = [], False
    for year in range(int(np.floor(start)), int(np.ceil(end))):
        weight = (min(end, year + 1) - max(start, year)) / horizon_years
        if weight <= 0:
            continue
        if years[0] <= year <= years[-1]:
            out.append((weight, float(flux[case][int(year - years[0])])))
        else:
            out.append((weight, None))
            missing = True
    note = f"{case} solar-activity prediction {int(years[0])}-{int(years[-1])} ({source})"
    if missing:
        note += "; years outside it at the ECSS moderate level (140 sfu)"
    return out, note


def mean_station_keeping_dv_m_s_per_year(altitude_km: float, ballistic_coefficient_kg_m2: float,
                                         epoch: dt.datetime, horizon_years: float,
                                         case: str = "moderate") -> tuple[float, float, str]:
    """Station-keeping delta-v per year averaged over the horizon's solar activity (m/s/yr), the
    horizon-mean F10.7 (sfu) and the note."""
    from orbitaldc.orbit import drag

    weights, note = yearly_f107(epoch, horizon_years, case)
    dv = sum(w * float(drag.station_keeping_dv_m_s_per_year(altitude_km, ballistic_coefficient_kg_m2,
                                                             "moderate" if f is None else f))
             for w, f in weights)
    flux = sum(w * (drag.LEVEL_F107_SFU["moderate"] if f is None else f) for w, f in weights)
    return dv, flux, note
